"""Toxicity scores from two small recurrent networks trained on Jigsaw's Toxic Comment data.

`tox-block` 0.1.2 (Pascal Bliem) and `toxic-comment-classifier` 0.3.0 (Md Irfan Ali), both MIT
and on PyPI, ship the same kind of model: the 20,000 commonest words of 160,000 Wikipedia
comments labelled by Jigsaw (CC0), 50-dimensional word vectors, a bidirectional LSTM of 50 units,
max-pooling over the words, and six outputs (toxic, severe toxic, obscene, threat, insult,
identity hate). They learnt hostility from far more text than TweetEval's 12,000 tweets, so
their scores are strong extra inputs to the stacked offensive-language model
(`companion.language.offensive_stack`).

Both packages need TensorFlow (over 500 MB). `scripts/export_toxicity_model.py` writes their
vocabularies and weights into `companion/data/toxicity_lstm.npz`; this module runs the network
with NumPy. It reads only the words of a sentence, with no padding: the Keras packages pad every
text to 100 positions, which costs ten times as much. The logits differ a good deal (by 1.7 on
average on TweetEval's validation sentences), but the stack is trained on the scores exactly as
computed here, and a stack trained on padded scores measured within 0.005 macro-F1 of it.
`padded_logits` reproduces the packages' padded reading, and `tests/language/test_toxicity.py`
checks it against outputs Keras computed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "toxicity_lstm.npz"
LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
# Keras's `Tokenizer` defaults, which both packages used: these characters become spaces.
FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
_SPACE_OUT = str.maketrans({c: " " for c in FILTERS})


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _hard_sigmoid(x: np.ndarray) -> np.ndarray:
    """Keras 2's `hard_sigmoid` (Keras 3 changed the slope to 1/6): what tox-block's LSTM gates use."""
    return np.clip(0.2 * x + 0.5, 0.0, 1.0)


def _recur(inputs: np.ndarray, recurrent: np.ndarray, mask: np.ndarray, hard: np.ndarray | None = None) -> np.ndarray:
    """Run LSTM rows side by side: `inputs` (rows, steps, 4u) are the input projections plus
    bias, `recurrent` (rows, u, 4u) each row's recurrent kernel, `mask` (rows, steps) which steps
    hold a word, `hard` (rows,) which rows' gates are Keras 2's hard sigmoid (the others' are the
    logistic sigmoid). Rows are padded at the start, so their state stays zero until their first
    word. Returns each step's output (rows, steps, u)."""
    rows, steps, _ = inputs.shape
    units = recurrent.shape[1]
    if hard is None or not hard.any():
        gate = _sigmoid
    else:
        gate = lambda x: np.where(hard[:, None], _hard_sigmoid(x), _sigmoid(x))  # noqa: E731
    h = np.zeros((rows, 1, units), dtype=np.float32)
    c = np.zeros((rows, units), dtype=np.float32)
    out = np.empty((rows, steps, units), dtype=np.float32)
    for t in range(steps):
        z = inputs[:, t] + (h @ recurrent)[:, 0]
        i, f = gate(z[:, :units]), gate(z[:, units:2 * units])
        g, o = np.tanh(z[:, 2 * units:3 * units]), gate(z[:, 3 * units:])
        keep = mask[:, t:t + 1]
        c = np.where(keep, f * c + i * g, c)
        h_now = np.where(keep, o * np.tanh(c), 0.0)
        out[:, t] = h_now
        h = h_now[:, None, :]
    return out


class JigsawLSTM:
    """One exported network. Weights keep Keras's layout: gates in the order input, forget,
    cell, output; index 0 of the stacked LSTM arrays is the forward direction, 1 the backward.
    The input, forget and output gates use the sigmoid or Keras 2's hard sigmoid, as recorded."""

    def __init__(self, data, prefix: str) -> None:
        words = data[f"{prefix}_vocab"].tolist()
        self.index = {w: i for i, w in enumerate(words, start=1)}  # 0 is Keras's padding id
        self.embedding = data[f"{prefix}_embedding"]
        self.kernel = data[f"{prefix}_kernel"]  # (2, 50, 200)
        self.recurrent = data[f"{prefix}_recurrent"]  # (2, 50, 200)
        self.bias = data[f"{prefix}_bias"]  # (2, 200)
        self.dense1 = (data[f"{prefix}_dense1_w"], data[f"{prefix}_dense1_b"])
        self.dense2 = (data[f"{prefix}_dense2_w"], data[f"{prefix}_dense2_b"])
        self.units = self.recurrent.shape[1]
        # The gate function the network was trained with, as the exporter read it from the package's
        # model file (tox-block's says Keras 2's hard sigmoid). A file exported before the exporter
        # recorded it was checked, and the stack trained, with the sigmoid everywhere: read it so.
        key = f"{prefix}_recurrent_activation"
        self.activation = str(data[key]) if key in data.files else "sigmoid"
        if self.activation not in ("sigmoid", "hard_sigmoid"):
            raise ValueError(f"{prefix}: unsupported recurrent activation {self.activation!r}")
        self.hard = np.full(2, self.activation == "hard_sigmoid")  # one flag per direction

    def ids(self, text: str) -> list[int]:
        """Keras's `texts_to_sequences`: lower case, punctuation to spaces, unknown words dropped."""
        index = self.index
        return [index[w] for w in text.lower().translate(_SPACE_OUT).split() if w in index]

    def inputs(self, ids: list[int], steps: int) -> np.ndarray:
        """Input projections of the forward and the backward row, padded at the start to `steps`."""
        x = self.embedding[np.asarray(ids, dtype=np.int64)]
        rows = np.zeros((2, steps, 4 * self.units), dtype=np.float32)
        if ids:
            rows[0, steps - len(ids):] = x @ self.kernel[0] + self.bias[0]
            rows[1, steps - len(ids):] = x[::-1] @ self.kernel[1] + self.bias[1]
        return rows

    def head(self, pooled: np.ndarray) -> np.ndarray:
        """The six outputs before their sigmoid, from the max-pooled LSTM outputs (2 * units)."""
        hidden = np.maximum(pooled @ self.dense1[0] + self.dense1[1], 0.0)
        return hidden @ self.dense2[0] + self.dense2[1]

    def padded_logits(self, text: str, maxlen: int = 100) -> np.ndarray:
        """As the Keras packages read a text: the last `maxlen` words after `maxlen - n` padding
        ids, every position pooled. For checking this module against Keras, not for scoring."""
        ids = self.ids(text)[-maxlen:]
        ids = [0] * (maxlen - len(ids)) + ids
        out = _recur(self.inputs(ids, maxlen), self.recurrent, np.ones((2, maxlen), dtype=bool), self.hard)
        return self.head(out.max(axis=1).reshape(-1))


class ToxicityModels:
    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.names = data["models"].tolist()
            self.models = [JigsawLSTM(data, name) for name in self.names]
            self.check_texts = data["check_texts"].tolist()
            self.check_logits = {name: data[f"{name}_check_padded"] for name in self.names}
            self.source = str(data["source"])
        # Every direction of every network is one row of a single recurrence: one loop, not four.
        self.recurrent = np.concatenate([m.recurrent for m in self.models])
        self.hard = np.concatenate([m.hard for m in self.models])

    def features(self, text: str) -> np.ndarray:
        """Every model's six logits, one after the other. Only the words a model knows are read
        (no padding); an empty reading pools to zeros, as a fully masked Keras input does."""
        ids = [m.ids(text) for m in self.models]
        steps = max(1, max(len(i) for i in ids))
        inputs = np.concatenate([m.inputs(i, steps) for m, i in zip(self.models, ids)])
        mask = np.concatenate([np.repeat(np.arange(steps)[None] >= steps - len(i), 2, axis=0) for i in ids])
        out = np.where(mask[:, :, None], _recur(inputs, self.recurrent, mask, self.hard), -np.inf).max(axis=1)
        out[~mask.any(axis=1)] = 0.0
        return np.concatenate([m.head(out[2 * k:2 * k + 2].reshape(-1))
                               for k, m in enumerate(self.models)]).astype(np.float64)


@lru_cache(maxsize=1)
def toxicity_models() -> ToxicityModels:
    return ToxicityModels()
