"""The exported offensive-language model scores exactly as alt-profanity-check does."""

import pytest

from companion.language.offensive import offensive_model

SAMPLES = [
    "", "hello there", "You are a complete idiot", "what the fuck is this", "Great game tonight Titans!",
    "I respectfully disagree with the board's decision", "shut up loser", "😀😀😀", "F*** this",
    "The district's new schedule is a joke", "@user @user go away", "Ms. Okoro's class read 40 books",
]


def test_probabilities_match_the_package():
    profanity_check = pytest.importorskip("profanity_check")
    ours = offensive_model()
    theirs = profanity_check.predict_prob(SAMPLES)
    for text, expected in zip(SAMPLES, theirs):
        assert ours.probability(text) == pytest.approx(float(expected), abs=1e-9), text


def test_model_file_says_where_it_came_from():
    assert offensive_model().source.startswith("alt-profanity-check ")
