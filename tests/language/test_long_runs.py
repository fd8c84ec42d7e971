"""The tokenizer wrapper for long runs without spaces (companion/language/long_runs.py)."""

from __future__ import annotations

import re

import pytest

from companion.language.long_runs import LONG_RUN, LongRunTokenizer

RUN = "🎉" * (LONG_RUN + 37)

# Texts whose document must read back exactly, and whose tokens outside the long runs are spaCy's own.
TEXTS = [
    "Go Tyee! 🎉🎉🎉 see you friday",
    RUN,
    f"Go team {RUN} see you friday",
    f"{RUN} ",
    f"{RUN}  two spaces after",
    f"line one\n{RUN}\nline three",
    "!" * (3 * LONG_RUN) + " Imani Wells",
    f"{'a' * (LONG_RUN + 1)} {RUN}",
    "👍🏽" * LONG_RUN + "\n",
    f"Call 206-631-3002 {'.' * LONG_RUN}",
]


@pytest.fixture(scope="module")
def nlp(model):
    return model.nlp


def test_the_companions_model_uses_the_wrapper(nlp):
    assert isinstance(nlp.tokenizer, LongRunTokenizer)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_the_document_is_the_draft(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert sum(len(t.text_with_ws) for t in doc) == len(text)


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_words_outside_long_runs_are_tokenized_as_before(nlp, text):
    ours = [(t.idx, t.text_with_ws) for t in nlp.tokenizer(text) if not _in_run(t, text)]
    theirs = [(t.idx, t.text_with_ws) for t in nlp.tokenizer.inner(text) if not _in_run(t, text)]
    assert ours == theirs


def test_the_tokenizer_never_sees_a_long_run(nlp):
    seen = []
    inner = nlp.tokenizer.inner

    def recording(text):
        seen.append(text)
        return inner(text)

    wrapped = LongRunTokenizer(recording, nlp.vocab)
    for text in TEXTS:
        wrapped(text)
    longest = max(len(run) for text in seen for run in re.findall(r"\S+", text) or [""])
    assert longest < LONG_RUN


def test_short_texts_are_not_touched(nlp):
    text = "Congratulations to my student Imani Wells!"
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in nlp.tokenizer.inner(text)]


def _in_run(token, text) -> bool:
    return any(m.start() <= token.idx < m.end() for m in re.finditer(r"\S{%d,}" % LONG_RUN, text))
