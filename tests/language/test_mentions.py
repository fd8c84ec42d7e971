"""Whose a mention is (`companion.language.mentions`): another name's start, another place's,
what a refusal covers, a mention of no one in particular, and the words of a handle."""

from __future__ import annotations

import pytest

from companion.language.mentions import HANDLE_WORDS, declined, generic, other_name, owned_elsewhere


def span_of(doc, words: str):
    start = doc.text.index(words)
    sp = doc.char_span(start, start + len(words))
    assert sp is not None, f"{words!r} is not whole tokens"
    return sp


class Words:
    """A stand-in for a PhraseSet: the spans of these words in a doc."""

    def __init__(self, *words: str) -> None:
        self.words = words

    def matches(self, doc):
        return [doc[t.i:t.i + 1] for t in doc if t.text in self.words]


@pytest.mark.parametrize("text, school, another", [
    ("Grabbed cookies at Madrona Bakery after school", "Madrona", True),
    ("Huge thanks to Evergreen Yard Co for the mulch", "Evergreen", True),
    ("Go Evergreen Football!", "Evergreen", False),
    ("Evergreen High won tonight", "Evergreen", False),
    ("See you at Madrona tomorrow", "Madrona", False),
])
def test_other_name(model, text, school, another):
    doc = model.nlp(text)
    assert other_name(doc, span_of(doc, school), (Words("High", "Football"),)) is another


@pytest.mark.parametrize("text, place, mention, owned", [
    ("the Seattle school board voted again", "Seattle", "school board", True),
    ("Bellevue's new superintendent started", "Bellevue", "superintendent", True),
    ("the Seattle Aquarium field trip was fun", "Seattle", "field trip", False),
    ("our school board voted again", None, "school board", False),
])
def test_owned_elsewhere(model, text, place, mention, owned):
    doc = model.nlp(text)
    places = [span_of(doc, place)] if place else []
    sp = span_of(doc, mention)
    assert ((sp.start, sp.end) in owned_elsewhere(doc, [sp], places)) is owned


@pytest.mark.parametrize("text, refusal, word, is_declined", [
    ("I can't discuss grades here", "can't discuss", "grades", True),
    ("I can't discuss it here, but his grades are slipping", "can't discuss", "grades", False),
    ("Sorry, I won't talk about attendance on Facebook", "won't talk about", "attendance", True),
    ("His grades are slipping and I can't discuss more", "can't discuss", "grades", False),
])
def test_declined(model, text, refusal, word, is_declined):
    doc = model.nlp(text)
    assert declined(doc, span_of(doc, refusal), span_of(doc, word)) is is_declined


@pytest.mark.parametrize("text, mention, is_generic", [
    ("28 years in the kitchen and never once forgot a kid's allergy", "kid", True),
    ("if a kiddo has a 504 for extended time, give them the time", "kiddo", True),
    ("please keep sick kids home until they are fever-free", "kids", True),
    ("I read any student's IEP before the first day", "student", True),
    ("every student gets a lunch account", "student", True),
    ("We have a few students with severe allergies, so check labels", "students", True),
    ("some kids in my class have lice this week", "kids", False),           # among the author's
    ("when a kid in my class had a seizure today I froze", "kid", False),
    ("students in my 3rd period have IEPs and I just found out", "students", False),
    ("my 2nd period students have IEPs and no para support", "students", False),
    ("a bunch of kids have the flu going around", "kids", True),
    ("if your student has an EpiPen, please bring the form", "student", True),
    ("your student has an IEP meeting thursday", "student", False),
    ("a student in my class was suspended today", "student", False),        # someone in particular
    ("a kid in my 3rd period, I need to call home, has a fever", "kid", False),
    ("two of my kids have the flu this week", "kids", False),               # owned
    ("3 kids were sent home with fevers", "kids", False),                   # counted
    ("her son has an IEP meeting thursday", "son", False),
])
def test_generic(model, text, mention, is_generic):
    if model.degraded_reason:
        pytest.skip("no language model")
    doc = model.nlp(text)
    assert generic(doc, span_of(doc, mention)) is is_generic


@pytest.mark.parametrize("handle, words", [
    ("CoachMendozaTyee", ["Coach", "Mendoza", "Tyee"]),
    ("tyee_athletics", ["tyee", "athletics"]),
    ("HighlineIT", ["Highline", "IT"]),
    ("mrs.nakamura.reads", ["mrs", "nakamura", "reads"]),
])
def test_handle_words(handle, words):
    assert HANDLE_WORDS.findall(handle) == words
