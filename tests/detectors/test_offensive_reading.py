"""How the `offensive` detector reads a draft: a short paragraph whole (the highest-scoring
sentence marked, with the paragraph's probability), a long one sentence by sentence, each line
its own paragraph. The options are written here, not the district's rules file."""

from __future__ import annotations

import pytest

from companion.detectors.offensive import PARAGRAPH_CHARS, paragraphs, reading
from companion.language.offensive_stack import stacked_offensive_model
from tests.detectors.marking import marks, roster_env

INSULT = "You are a complete idiot and a liar."
OPTIONS = {"model": "stacked", "threshold": 0.5}


@pytest.fixture(scope="module")
def env(model):
    return roster_env(model, [], needs_model=False)


def spans(text, parts):
    return [(text[a:b], [text[c:d] for c, d in sentences]) for (a, b), sentences in parts]


def test_paragraphs_are_lines_and_sentences_are_segments():
    text = "  Great game tonight! Proud of them.\nBus 14 is late.\n\n  Sorry.  "
    assert spans(text, paragraphs(text)) == [
        ("Great game tonight! Proud of them.", ["Great game tonight!", "Proud of them."]),
        ("Bus 14 is late.", ["Bus 14 is late."]),
        ("Sorry.", ["Sorry."]),
    ]
    assert paragraphs("") == paragraphs("   \n ") == []


def test_a_short_paragraph_is_read_whole_and_a_long_one_by_sentence():
    short = "Thanks for coming. " + INSULT
    ((whole, sentences),) = paragraphs(short)
    assert reading(whole, sentences) == [(whole, sentences)]
    long = " ".join(["The spring concert starts at 7 in the gym and parking is behind the school."] * 9)
    ((whole, sentences),) = paragraphs(long)
    assert whole[1] - whole[0] > PARAGRAPH_CHARS
    assert reading(whole, sentences) == [(s, [s]) for s in sentences]
    assert reading((0, 2), [(0, 2)]) == []  # too short to score


def test_the_highest_scoring_sentence_is_marked_with_the_paragraphs_probability(env):
    text = "Thanks for coming to the board meeting. " + INSULT
    model = stacked_offensive_model()
    assert model.probability(text) >= 0.5
    assert marks(env, "offensive", OPTIONS, text) == [INSULT]
    assert not marks(env, "offensive", OPTIONS, "Thanks for coming to the board meeting. See you in May.")


def test_each_line_and_each_sentence_of_a_long_paragraph_stands_alone(env):
    assert marks(env, "offensive", OPTIONS, "Great game tonight!\n" + INSULT) == [INSULT]
    long = " ".join(["The spring concert starts at 7 in the gym and parking is behind the school."] * 9)
    assert marks(env, "offensive", OPTIONS, long + " " + INSULT) == [INSULT]
    assert not marks(env, "offensive", OPTIONS, long)


def test_scores_are_reused_while_typing(env, monkeypatch):
    from companion.detectors import KINDS

    detector = KINDS["offensive"](OPTIONS, env)
    texts: list[str] = []
    real = detector.model.paragraph_probabilities
    monkeypatch.setattr(detector.model, "paragraph_probabilities",
                        lambda batch: texts.extend(t for t, _ in batch) or real(batch))
    assert marks_with(detector, "Great game tonight!\nSee you") == []
    assert marks_with(detector, "Great game tonight!\nSee you Friday") == []
    assert texts == ["Great game tonight!", "See you", "See you Friday"]


def test_a_paragraph_pools_its_sentences_networks():
    """The networks read a paragraph sentence by sentence and pool over all its words: a
    one-sentence paragraph reads exactly as the text whole, and what a sentence pooled to is
    kept for the next keystroke."""
    model = stacked_offensive_model()
    assert model.paragraph_probabilities([(INSULT, [INSULT])]) == pytest.approx(model.probabilities([INSULT]))
    text = "Thanks for coming to the board meeting. " + INSULT
    both = model.paragraph_probabilities([(text, ["Thanks for coming to the board meeting.", INSULT])])[0]
    assert 0 < both < 1 and both != pytest.approx(model.probability(text), abs=1e-9)
    seen: list[str] = []
    real = model.toxicity.pooled_many
    model.toxicity.pooled_many = lambda texts: seen.extend(texts) or real(texts)
    try:
        model.paragraph_probabilities([(text + " Bye", ["Thanks for coming to the board meeting.", INSULT + " Bye"])])
    finally:
        del model.toxicity.pooled_many
    assert seen == [INSULT + " Bye"]


def marks_with(detector, text):
    from companion.context import Context
    from companion.detectors.base import Draft

    return [text[h.start:h.end] for h in detector.run([], Draft(text, Context(), []))]
