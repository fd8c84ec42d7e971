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
                                  "I respectfully disagree with the board", "qqqzzz", ""])
def test_side_by_side_run_equals_each_network_alone(models, text):
    """One recurrence carries both networks; a network whose reading is shorter waits, masked."""
    joint = models.features(text)
    alone = []
    for network in models.models:
        ids = network.ids(text)
        if ids:
            out = _recur(network.inputs(ids, len(ids)), network.recurrent, np.ones((2, len(ids)), dtype=bool))
            pooled = out.max(axis=1).reshape(-1)
        else:
            pooled = np.zeros(2 * network.units, dtype=np.float32)
        alone.append(network.head(pooled))
    np.testing.assert_allclose(joint, np.concatenate(alone), atol=1e-5)


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
