"""Who a sentence speaks to (`companion.language.address`): a name spoken to versus spoken of."""

from __future__ import annotations

import pytest

from companion.language.address import is_addressed, is_spoken_of


def span_of(doc, words: str):
    n = len(words.split())
    for i in range(len(doc) - n + 1):
        if doc[i:i + n].text == words:
            return doc[i:i + n]
    raise AssertionError(f"{words!r} not in {doc.text!r}")


@pytest.mark.parametrize("text, name, addressed", [
    ("Hey Sam, bring your lab notebook tomorrow", "Sam", True),
    ("Congrats, Imani! See you at graduation", "Imani", True),
    ("marco!! you did so good", "marco", True),
    ("congrats @hunter_bishop24!! proud of you", "@hunter_bishop24", True),
    ("@dhernandez we've marked the absence as excused", "@dhernandez", True),
    ("Thank you, Ms. Tran!", "Ms. Tran", True),
    ("you were amazing in the play tonight, Lily!!!", "Lily", True),
    ("Way to go Marco!", "Marco", True),
    ("Congrats to Lily!", "Lily", False),
    ("So proud of Marco", "Marco", False),
    ("I love Marco!", "Marco", False),
    ("Hi, just letting you know Sam Okafor was absent", "Sam Okafor", False),
])
def test_is_addressed(model, text, name, addressed):
    doc = model.nlp(text)
    assert is_addressed(span_of(doc, name)) is addressed


@pytest.mark.parametrize("text, name, spoken_of", [
    ("Sam Okafor was absent again today", "Sam Okafor", True),
    ("Carlos Mendoza's mom called", "Carlos Mendoza", True),
    ("Hey Sam, bring your notebook", "Sam", False),
])
def test_is_spoken_of(model, text, name, spoken_of):
    if model.degraded_reason:
        pytest.skip("no language model: no parts of speech")
    assert is_spoken_of(span_of(model.nlp(text), name)) is spoken_of


def test_long_drafts_ask_each_name_in_constant_time(model):
    """Where the first "you", praise word and non-greeting are is read once a doc (`_marks`), not
    rescanned for each name: the answers are the same as reading the words before the name."""
    from companion.language.address import _MARKS, is_addressed, is_praised
    doc = model.nlp("you were there tonight Maya, and congrats Lily!")
    maya, lily = doc[4:5], doc[8:9]
    assert (is_addressed(maya), is_praised(maya), is_praised(lily)) == (True, False, True)
    assert _MARKS in doc.user_data
