"""Whose a mention is, and how far a word reaches: what several detector kinds ask of a sentence.

- `other_name`: a place-named school that starts another name ("Madrona Bakery").
- `owned_elsewhere`: a mention that belongs to another place ("the Seattle school board").
- `declined`: a word inside the clause of a refusal ("I can't discuss his grades here").
- `generic`: a mention of no one in particular ("a kid's allergy", "if a kiddo has a 504").
- `HANDLE_WORDS`: the words of an @handle or #hashtag, split at capitals.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# The words of a handle: "CoachMendozaTyee" -> Coach Mendoza Tyee, "tyee_athletics" -> tyee athletics.
HANDLE_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")


def other_name(doc: Doc, span, school_words) -> bool:
    """Whether a place-named school's name is the start of another name: a capitalised word
    follows that does not start a `school_words` phrase ("Evergreen Yard Co", "Madrona Bakery";
    not "Evergreen High", "Hilltop Elementary", "Evergreen Football")."""
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or not nxt.text.istitle() or nxt.pos_ not in ("PROPN", "NOUN"):
        return False
    return all(nxt.i not in {sp.start for sp in words.matches(doc)} for words in school_words if words)


# Between another place's name and a mention that is that place's: "Bellevue's new superintendent".
_OWNER_GAP = {"'s", "'", "s'"}


def owned_elsewhere(doc: Doc, spans: list, places: list) -> set[tuple[int, int]]:
    """The spans that belong to another place named right before them ("the Seattle school board",
    "Bellevue's new superintendent"), or right after such a span ("the lake washington school
    district": "school", then "district"). Only "'s" and describing words may come between: in
    "the Seattle Aquarium field trip" the trip is not Seattle's schools'."""
    owners = {p.end for p in places}
    owned: set[tuple[int, int]] = set()
    for sp in sorted(spans, key=lambda sp: sp.start):
        i = sp.start
        while i > 0 and (doc[i - 1].lower_ in _OWNER_GAP or (doc[i - 1].pos_ == "ADJ" and doc[i - 1].is_lower)) \
                and sp.start - i < 2:
            i -= 1
        if any(k in owners for k in range(i, sp.start + 1)):
            owned.add((sp.start, sp.end))
            owners.add(sp.end)
    return owned


# What ends a clause, so that a refusal before it no longer reaches: "I can't discuss it here, but
# he is failing".
_CLAUSE_BREAKS = {",", ";", ":", ".", "!", "?", "—", "–", "but", "so", "though", "although", "however"}


def declined(doc: Doc, refusal, word) -> bool:
    """Whether `word` follows `refusal` in the same clause: it is what the writer declines to discuss."""
    if refusal.end > word.start:
        return False
    return not any(t.lower_ in _CLAUSE_BREAKS for t in doc[refusal.end:word.start])


# Determiners that speak of anyone at all, or of some unnamed few: "any student's IEP", "every
# kid", "no child", "a few students with severe allergies".
_ANY = {"any", "every", "each", "no", "all", "some", "several", "many", "most", "few", "couple"}
# Words that make what follows a supposition: "if a kiddo has a 504 for extended time". Not "when",
# which tells of a day as often ("when a kid in my class had a seizure today").
_SUPPOSING = {"if", "whenever", "unless", "whether"}
# What makes a plural someone's in particular: "my kids", "those students", "3 kids".
_OWNING = {"my", "our", "his", "her", "their", "your", "these", "those", "the", "this", "that", "both"}
# A clause ends here for a supposition; "so" is left out ("so if a kid has a 504…").
_SUPPOSITION_BREAKS = frozenset(_CLAUSE_BREAKS - {"so"})
# After the student word, these place them among someone's: "a kid in my class", "students from
# my 3rd period".
_AMONG = {"in", "from", "at", "of"}
_OWN_GROUPS = {"class", "classroom", "period", "room", "homeroom", "advisory", "caseload", "team"}


def generic(doc: Doc, span) -> bool:
    """Whether `span` (a word for a student) speaks of no one in particular: "never once forgot a
    kid's allergy", "if a kiddo has a 504, give them the time", "if your student has an EpiPen,
    bring the form", "keep sick kids home", "any student's IEP", "a few students with severe
    allergies". Not "a student in my class was suspended", "some students in my 3rd period", "my
    2nd period students", "3 kids"."""
    if _among_own(doc, span):
        return False
    i = span.start - 1
    # Describing words, ordinals and lower-case nouns before the word: "a sick kid", "my 2nd period
    # students" (not "my IEP kiddos", where the sensitive word itself describes them).
    while i >= 0 and (doc[i].pos_ == "ADJ" or (doc[i].pos_ == "NOUN" and doc[i].is_lower)
                      or re.fullmatch(r"\d+(?:st|nd|rd|th)", doc[i].lower_)):
        if doc[i].lower_ in _ANY:
            return True  # "a few students"
        i -= 1
    before = doc[i].lower_ if i >= 0 else ""
    if before in _ANY:
        return True
    if before in ("a", "an", "your"):
        if before != "your" and span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
            return True
        clause = []
        for t in reversed(doc[:i]):
            if t.lower_ in _SUPPOSITION_BREAKS:
                break
            clause.append(t.lower_)
        return any(w in _SUPPOSING for w in clause)
    # A bare plural: "keep sick kids home", "students with IEPs get extra time".
    return doc[span.end - 1].tag_ == "NNS" and before not in _OWNING and not (i >= 0 and doc[i].like_num)


def _among_own(doc: Doc, span) -> bool:
    """Placed among someone's right after: "a kid in my class", "students from my 3rd period",
    "every kid in room 12"."""
    if span.end >= len(doc) or doc[span.end].lower_ not in _AMONG:
        return False
    after = doc[span.end + 1:span.end + 5]
    return any(t.lower_ in _OWNING - {"the", "this", "that"} or t.lower_ in _OWN_GROUPS for t in after)
