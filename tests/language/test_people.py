"""The person-name finder the rules use (`PeopleFinder`), on sentences anyone can read. Its
accuracy on real tweets is measured by `scripts/evaluate.py names` (WNUT-17), not here."""

from __future__ import annotations

import pytest

from companion.language.people import PeopleFinder, after_role, is_common_word


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
    # In lower case "coach" is a word, however rare the word after it ("coach lmk", "coach bball").
    ("he's in 4th period PE with coach dunn now", []),
    ("see you at practice coach tmrw", []),
    ("I coach runners online", []),
    ("you're the fourth principal I've worked under", []),
    # Opening a sentence after emoji, a plural of a common word is no name.
    ("Tryouts start Monday! ⚾🥎 Athletes need a current physical", []),
    ("Wishing Mariam a happy birthday from Room 12", ["Mariam"]),  # a greeting verb is not part of the name
    ("Tell Omar good luck at Cascade next year.", ["Omar"]),  # a request verb opening the sentence is not either
    # Opening a sentence after an emoji, a describing word is no name; a name that is also a noun or verb is.
    ("Floors look like glass ✨ Proud of this team", []),
    ("Hahaha ! Bill is so right !", ["Bill"]),
    ("Welp that's that then ... Ryan does words good", ["Ryan"]),
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


@pytest.mark.parametrize("text, name, role, after", [
    ("Thank you to Tomás's mom, Claudia Reyes, for the tamales", "Claudia Reyes", "mom", True),
    ("Thanks to our PTA president Maria Gonzalez", "Maria Gonzalez", "PTA president", True),
    ("Happy 90th birthday to my grandma Grace!", "Grace", "grandma", False),  # the author's own family
    ("Thanks mom, Claudia and I loved it", "Claudia", "mom", False),          # no one's role: spoken to
])
def test_after_role(model, text, name, role, after):
    doc = model.nlp(text)
    span = next(doc[i:i + len(name.split())] for i in range(len(doc)) if doc[i:i + len(name.split())].text == name)
    roles = [doc[i:i + len(role.split())] for i in range(len(doc)) if doc[i:i + len(role.split())].text == role]
    assert after_role(span, roles) is after


@pytest.mark.parametrize("text, names", [
    ("jen from the front office saved picture day", ["jen"]),
    ("lol idk bro ngl tbh", []),  # chat words, not lower-case names
])
def test_lower_names(model, text, names):
    from companion.language.people import lower_names
    if model.degraded_reason:
        pytest.skip("no language model")
    assert [sp.text for sp in lower_names(model.nlp(text))] == names


@pytest.mark.parametrize("text, initial", [
    ("Leilani K. is our star reader", "Leilani K."),
    ("Ava A great job on the test today!", None),  # the article, not an initial
    ("Bao I saw ur comment", None),                # the pronoun
])
def test_with_initial(model, text, initial):
    from companion.language.people import with_initial
    doc = model.nlp(text)
    span = doc[0:1]
    found = with_initial(span)
    assert (found.text if found is not None else None) == initial
