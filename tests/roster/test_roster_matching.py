"""`Roster.find`, the matching primitive: which words of a draft are a roster name, full or a
first name alone. (Whether a first name alone is a student is the detectors' decision: see
tests for `student_names`.)"""

from __future__ import annotations

import pytest

from companion.roster.model import Roster, Student, name_words, normalise_name

STUDENTS = [
    Student("Dana", "Whitfield", opt_out=True),
    Student("Ana", "Lopez"),
    Student("Samuel", "Okafor", preferred="Sam"),
    Student("Ana Maria", "De La Cruz", opt_out=True),
    Student("Jean-Luc", "Garcia-Lopez"),
    Student("Liam", "O'Brien"),
    Student("José", "Núñez"),
    Student("Hunter", "Bishop"),
    Student("Marco", "Diaz"),
    Student("Rosa", "Nguyen"),
]

# (draft, [(matched words, full name?, opted out?)])
CASES = [
    ("Dana Whitfield won the art prize", [("Dana Whitfield", True, True)]),
    ("so proud of dana whitfield today", [("dana whitfield", True, True)]),
    ("DANA WHITFIELD!!!", [("DANA WHITFIELD", True, True)]),
    ("Ana Lopez's dad came to help", [("Ana Lopez", True, False)]),
    ("Ana Lopez’s dad came to help", [("Ana Lopez", True, False)]),
    ("Whitfield, Dana: 1st place", [("Whitfield, Dana", True, True)]),
    ("Okafor, Samuel and Okafor, Sam", [("Okafor, Samuel", True, False), ("Okafor, Sam", True, False)]),
    ("Sam Okafor scored twice", [("Sam Okafor", True, False)]),
    ("Ana Maria De La Cruz read aloud", [("Ana Maria De La Cruz", True, True)]),
    ("Ana De La Cruz read aloud", [("Ana De La Cruz", True, True)]),
    ("De La Cruz, Ana Maria read aloud", [("De La Cruz, Ana Maria", True, True)]),
    ("Jean-Luc Garcia-Lopez ran", [("Jean-Luc Garcia-Lopez", True, False)]),
    ("Liam O’Brien’s poem", [("Liam O’Brien", True, False)]),
    ("Jose Nunez and José Núñez", [("Jose Nunez", True, False), ("José Núñez", True, False)]),
    ("#MarcoDiaz for MVP", [("MarcoDiaz", True, False)]),
    ("shoutout @hunter_bishop24 and @marco.diaz", [("@hunter_bishop24", True, False), ("@marco.diaz", True, False)]),
    # An e-mail address is read like a handle, by the part before its "@": a whole name only.
    ("her email is marco.diaz@students.highlineschools.org", [("marco.diaz@students.highlineschools.org", True, False)]),
    ("email hunterbishop09@gmail.com", [("hunterbishop09@gmail.com", True, False)]),
    ("email marco09@gmail.com or diaz.m@gmail.com", []),
    # A first name alone is returned as such; the detectors want a student cue before using it.
    ("Proud of Marco and Sam", [("Marco", False, False), ("Sam", False, False)]),
    ("our library honors Rosa Parks", [("Rosa", False, False)]),
    ("Hunter green uniforms", [("Hunter", False, False)]),
    # Never a match: a surname alone, part of a handle, other people.
    ("Mr. Whitfield and Ms. Okafor", []),
    ("Lopez scored", []),
    ("email hunter09@gmail.com or @lucia_v09", []),
    ("Marco Polo and Rosa Parks", [("Marco", False, False), ("Rosa", False, False)]),
    ("", []),
]


@pytest.fixture(scope="module")
def roster():
    return Roster.from_students(STUDENTS)


@pytest.mark.parametrize("draft,expected", CASES, ids=[c[0] or "empty" for c in CASES])
def test_find(model, roster, draft, expected):
    found = [(span.text, entry.full, entry.opt_out) for span, entry in roster.find(model.nlp.make_doc(draft))]
    assert found == expected


def test_counts_are_students_not_forms(roster):
    assert roster.counts == {"students": 10, "first_names": 10, "opted_out": 2}  # "Ana" twice


def test_the_same_student_twice_is_one_student():
    r = Roster.from_students([Student("Ana", "Lopez"), Student("ana", "LOPEZ", opt_out=True)])
    assert r.counts["students"] == 1 and r.counts["opted_out"] == 1


def test_a_different_key_matches_nothing(model, roster):
    other = Roster.from_students(STUDENTS)
    doc = model.nlp.make_doc("Dana Whitfield")
    assert roster.find(doc) and other.find(doc)
    assert roster.digest("dana whitfield") != other.digest("dana whitfield")


@pytest.mark.parametrize("raw,words", [
    ("José", ["jose"]), ("O’Brien", ["o'brien"]), ("Garcia-Lopez", ["garcia", "lopez"]),
    ("  De  La   Cruz ", ["de", "la", "cruz"]), ("St. John", ["st", "john"]), ("ŁUKASZ", ["łukasz"]),
])
def test_name_words(raw, words):
    assert name_words(raw) == words
    assert normalise_name(raw) == normalise_name(raw.upper())
