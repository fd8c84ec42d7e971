"""The stacked offensive-language model (`companion.language.offensive_stack`) scores with NumPy
exactly as scikit-learn did when `scripts/train_offensive.py` trained it: the model file keeps
sentences with scikit-learn's probabilities, and these must come back unchanged."""

from __future__ import annotations

import pytest

from companion.language.offensive_stack import CHECK_TEXTS, _char_wb_ngrams, _word_ngrams, stacked_offensive_model


def test_probabilities_match_training():
    model = stacked_offensive_model()
    assert model.check_texts == list(CHECK_TEXTS)
    # 1e-6, not tighter: the toxicity networks compute in float32 and OpenBLAS picks its kernel by
    # CPU, so the same file scores up to 1e-7 apart on another machine (measured with
    # OPENBLAS_CORETYPE=SkylakeX, Sandybridge, Prescott); any real mistake moves it far more.
    for text, expected in zip(model.check_texts, model.check_probs):
        assert model.probability(text) == pytest.approx(float(expected), abs=1e-6), text


def test_threshold_was_cross_validated_and_file_says_where_it_came_from():
    model = stacked_offensive_model()
    assert 0.2 <= model.threshold <= 0.7
    assert "train split" in model.source


def test_analyzers_match_scikit_learn():
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    samples = ["You  are a #BuildTheWall clown!!", "Ms. Okoro's class", "a", "", "f*** this 😀 now"]
    word = text_mod.TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b").build_analyzer()
    char = text_mod.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for s in samples:
        assert _word_ngrams(s) == word(s)
        assert _char_wb_ngrams(s) == char(s)


def staff_threshold(bundled_engine) -> float:
    """The threshold the bundled rules file sets for staff drafts."""
    from companion.detectors.offensive import OffensiveDetector

    (threshold,) = {d.threshold for r in bundled_engine.rules for d in r.detectors if isinstance(d, OffensiveDetector)}
    return threshold


@pytest.mark.parametrize("text, offensive", [
    ("Nobody asked for your garbage opinion, go crawl back under your rock", True),
    ("What a bunch of liars and losers", True),
    ("You people are pathetic and the whole board should be ashamed", True),
    ("Our robotics team absolutely destroyed the competition today!", False),
    ("Thank you to every family who came to conferences", False),
    ("Traffic on 509 this morning was the absolute worst", False),
])
def test_insults_without_swear_words(text, offensive, bundled_engine):
    assert (stacked_offensive_model().probability(text) >= staff_threshold(bundled_engine)) is offensive


def test_toxicity_networks_are_part_of_the_stack():
    model = stacked_offensive_model()
    assert len(model.scores("shut up loser")) == len(model.meta_coef) == 3 + 12
    assert "Jigsaw" in model.source
