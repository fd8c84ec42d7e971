"""The Jigsaw toxicity networks (`companion.language.toxicity`) compute with NumPy what Keras
computed: `scripts/export_toxicity_model.py` stored Keras's outputs for a few sentences, read
through each package's own tokenizer and weights file, and these must come back."""

from __future__ import annotations

import numpy as np
import pytest

from companion.language.toxicity import LABELS, _recur, toxicity_models


@pytest.fixture(scope="module")
def models():
    return toxicity_models()


def test_padded_reading_reproduces_keras(models):
    assert models.names == ["toxblock", "tcc"]
    for name, network in zip(models.names, models.models):
        ours = np.array([network.padded_logits(t) for t in models.check_texts])
        assert ours.shape == models.check_logits[name].shape == (len(models.check_texts), len(LABELS))
        np.testing.assert_allclose(ours, models.check_logits[name], atol=1e-4, err_msg=name)


@pytest.mark.parametrize("text, words", [
    ("Shut-UP, loser!!", ["shut", "up", "loser"]),
    ("don't", ["don't"]),  # the apostrophe is not one of Keras's filter characters
    ("@USER #idiot", ["user", "idiot"]),
    ("qqqzzz xxyyzz", []),  # words the model never saw are dropped
    ("", []),
])
def test_tokenizer_reads_as_keras_does(models, text, words):
    network = models.models[0]
    assert network.ids(text) == [network.index[w] for w in words]


@pytest.mark.parametrize("text", ["you are a complete idiot", "shut up loser", "Great game tonight",
                                  "I respectfully disagree with the board", "qqqzzz", "",
                                  # each network knows a word the other does not: one reading is shorter
                                  "Omfg, the refs tonight", "WTH was that call", "smh at the parking lot"])
def test_side_by_side_run_equals_each_network_alone(models, text):
    """One recurrence carries both networks; a network whose reading is shorter waits, masked."""
    joint = models.features(text)
    alone = []
    for network in models.models:
        ids = network.ids(text)
        if ids:
            out = _recur(network.inputs(ids, len(ids)), network.recurrent, np.ones((2, len(ids)), dtype=bool),
                         network.hard)
            pooled = out.max(axis=1).reshape(-1)
        else:
            pooled = np.zeros(2 * network.units, dtype=np.float32)
        alone.append(network.head(pooled))
    np.testing.assert_allclose(joint, np.concatenate(alone), atol=1e-5)


def test_some_readings_differ_in_length(models):
    """Else the test above never has a network wait, and the masking it checks goes unchecked."""
    for text in ("Omfg, the refs tonight", "WTH was that call", "smh at the parking lot"):
        assert len({len(network.ids(text)) for network in models.models}) == 2, text


def _textbook_lstm(x, kernel, recurrent, bias, gate):
    """One direction of a Keras LSTM, step by step as its documentation writes it."""
    units = recurrent.shape[0]
    h, c, out = np.zeros(units), np.zeros(units), []
    for x_t in x:
        z = x_t @ kernel + h @ recurrent + bias
        i, f, g, o = gate(z[:units]), gate(z[units:2 * units]), np.tanh(z[2 * units:3 * units]), gate(z[3 * units:])
        c = f * c + i * g
        h = o * np.tanh(c)
        out.append(h)
    return np.array(out)


def test_recurrence_is_a_keras_lstm_for_either_gate_function():
    """Rows of different lengths and gate functions, side by side, each as if run alone."""
    rng = np.random.default_rng(0)
    units, dim = 4, 3
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    keras2_hard = lambda z: np.clip(0.2 * z + 0.5, 0, 1)  # noqa: E731
    rows = [(5, sigmoid), (2, keras2_hard), (5, keras2_hard), (3, sigmoid)]
    steps = max(n for n, _ in rows)
    kernel = rng.normal(size=(len(rows), dim, 4 * units)).astype(np.float32)
    recurrent = rng.normal(size=(len(rows), units, 4 * units)).astype(np.float32)
    bias = rng.normal(size=(len(rows), 4 * units)).astype(np.float32)
    words = [rng.normal(size=(n, dim)).astype(np.float32) for n, _ in rows]
    inputs = np.zeros((len(rows), steps, 4 * units), dtype=np.float32)
    mask = np.zeros((len(rows), steps), dtype=bool)
    for r, x in enumerate(words):
        inputs[r, steps - len(x):] = x @ kernel[r] + bias[r]
        mask[r, steps - len(x):] = True
    out = _recur(inputs, recurrent, mask, np.array([gate is keras2_hard for _, gate in rows]))
    for r, (x, (_, gate)) in enumerate(zip(words, rows)):
        expected = _textbook_lstm(x, kernel[r], recurrent[r], bias[r], gate)
        np.testing.assert_allclose(out[r, steps - len(x):], expected, atol=1e-5, err_msg=f"row {r}")
        assert not out[r, :steps - len(x)].any()


def test_a_network_recorded_with_keras2_hard_sigmoid_reads_as_keras_computed(tmp_path):
    """tox-block's model file says its gates are Keras 2's hard sigmoid; a file that records so is
    read so. The logits are what Keras 3.15 (TensorFlow 2.21) computed for tox-block with Keras
    2's hard sigmoid as its gate function (the exporter's reference for a re-exported file)."""
    from companion.language.toxicity import MODEL_PATH, ToxicityModels

    with np.load(MODEL_PATH, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["toxblock_recurrent_activation"] = np.array("hard_sigmoid")
    np.savez(tmp_path / "toxicity.npz", **arrays)
    network = ToxicityModels(tmp_path / "toxicity.npz").models[0]
    assert network.activation == "hard_sigmoid"
    for text, keras in [("you are a complete idiot", [4.7690, -3.2837, 0.7691, -4.9642, 2.4732, -4.7481]),
                        ("shut up loser", [2.8255, -3.0362, -0.3529, -3.1586, 0.7316, -3.9753])]:
        np.testing.assert_allclose(network.padded_logits(text), keras, atol=1e-3, err_msg=text)


@pytest.mark.parametrize("text, toxic", [
    ("you are a complete idiot", True),
    ("what a pathetic bunch of losers", True),
    ("Thank you to every family who came to conferences", False),
    ("Proud of our robotics team this weekend", False),
])
def test_both_networks_tell_insults_from_praise(models, text, toxic):
    logits = models.features(text).reshape(len(models.models), len(LABELS))
    assert ((logits[:, LABELS.index("toxic")] > 0) == toxic).all(), logits[:, 0]


def test_file_says_where_the_weights_came_from(models):
    assert "tox-block==0.1.2" in models.source and "toxic-comment-classifier==0.3.0" in models.source
    assert "MIT" in models.source and "Jigsaw" in models.source


def test_texts_scored_together_score_as_alone(models):
    """A check scores all its new sentences in one batch: sorted by length, in groups, padded and
    masked. Each must come out as it does alone, whatever it is batched with."""
    texts = ["you are a complete idiot", "", "Omfg, the refs tonight", "qqqzzz", "ok",
             " ".join(["the board never listens to teachers"] * 40)] + [f"shut up number {k}" for k in range(40)]
    together = models.features_many(texts)
    assert together.shape == (len(texts), 6 * len(models.models))
    for text, row in zip(texts, together):
        np.testing.assert_allclose(row, models.features(text), atol=1e-5, err_msg=text[:40])
