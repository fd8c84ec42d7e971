"""The person-name finder the rules use (`PeopleFinder`), on sentences anyone can read. Its
accuracy on real tweets is measured by `scripts/evaluate.py names` (WNUT-17), not here."""

from __future__ import annotations

import pytest

from companion.language.people import PeopleFinder, is_common_word


@pytest.fixture(scope="module")
def finder(model):
    return PeopleFinder(model.nlp, ["ms", "mr", "coach", "principal"], None, model.degraded_reason is None)


@pytest.mark.parametrize("text, names", [
    ("So proud of my student Imani Wells today", ["Imani Wells"]),
    ("Welcome Principal Haddad to our school", ["Haddad"]),
    ("Huge thanks to Ms. Okoro", ["Okoro"]),
    ("Great Job Team, see you Monday", []),
    ("RT @user check this out https://t.co/abc", []),
    ("lol kai said the same thing", ["kai"]),                 # "lol kai": chat glued to a name is trimmed
    ("Noticed Jayden Brooks was late again", ["Jayden Brooks"]),
    ("Kindness Week at McMicken Heights was lovely", []),     # an event, not a person
    ("Rockin Out To Guster Live At The Chapel Hill Theatre", []),  # Title Cased Text: capitals are style
    ("ms. rivera's class made cards", ["rivera"]),            # a lower-case title needs its dot
    ("The coach said practice is at 6", []),
])
def test_person_spans(model, finder, text, names):
    if model.degraded_reason:
        pytest.skip("no language model")
    assert [sp.text for sp in finder.person_spans(model.nlp(text))] == names


@pytest.mark.parametrize("word, common", [
    ("hunter", True), ("grace", True), ("the", True), ("Monday", True),
    ("Imani", False), ("Okafor", False),
])
def test_common_words(word, common):
    assert is_common_word(word) is common
