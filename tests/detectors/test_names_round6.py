"""The sixth batch's names round, on small option sets: an author read is no student, a roster
first name with an initial, a name closing a clause spoken to, the object of a cue's verb, and
parents and colleagues named by whose parent they are, by a role after a lower-case name, or
picked out of a grown-ups' group."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks, roster_env

STUDENTS = [("Leilani", "Kealoha"), ("Maya", "Singh"), ("Bao", "Vo"), ("Grace", "Kim"), ("Summer", "Alvarez"),
            ("Luis", "Rivera")]


@pytest.fixture(scope="module")
def env(model):
    e = roster_env(model, STUDENTS)
    e.lists["groups"] = ["parents", "band parents", "volunteers", "boosters"]
    e.lists["schools"] = ["Cascade Middle School"]
    e.lists["roles"] = ["front office", "night custodian", "dad of", "mom of", "our custodian", "from the kitchen",
                        "our secretary"]
    return e


STUDENT_NAMES = {"cues": ["my seniors", "proud of", "congrats to", "my classroom"], "titles": ["Ms", "Mr", "Coach"],
                 "not_students": ["Cascade Middle School", "Michael Jordan"], "place_word_lists": ["schools"],
                 "first_name_cues": ["joy to have", "advisory", "chapter books"],
                 "role_lists": ["roles"], "group_lists": ["groups"], "reading_words": ["reading", "read"]}


@pytest.mark.parametrize("text, surface, marked", [
    ("reading Dickens with my seniors this week", "post", []),                  # an author read
    ("Marcus Okoye from my seniors won state", "post", ["Marcus Okoye"]),      # not after a reading verb
    ("STAR READER is Leilani K.!! she finished 6 chapter books", "post", ["Leilani K."]),
    ("haha yes Bao I saw ur comment, see you in advisory", "reply", ["Bao"]),   # "I" is no initial
    ("you were AMAZING tonight Maya, that solo had me in tears", "comment", ["Maya"]),
    ("did you see Maya, the new girl?", "comment", []),                        # after a verb: spoken of
    ("it was such a joy to have grace in my class", "reply", ["grace"]),       # the object of the cue's verb
    ("so fun to have summer break back", "post", []),                          # qualifies the noun after it
    ("proud of the band parents, esp Tomasz Nowak", "post", []),               # a parent picked out of a group
    # A roster first name after someone's role is a colleague's; the model reads "custodian Luis" as one name.
    ("Our custodian Luis stayed late to fix the gym for our students", "post", []),
    ("So proud of Luis for finishing the reading challenge", "post", ["Luis"]),
    # A word of a school's name after "at" is the place; emoji the model glues to a word are no name.
    ("it is 84 degrees in my classroom at Cascade and the heat is stuck on", "post", []),
    ("🏆🏆🏆 congrats to the whole team", "post", []),
    ("proud of my student Michael for the science fair, congrats to Michael", "post", ["Michael", "Michael"]),
])
def test_student_names_round6(env, text, surface, marked):
    assert marks(env, "student_names", STUDENT_NAMES, text, surface=surface) == marked


TITLED = {"titles": ["Ms", "Mr", "Coach"], "role_lists": ["roles"], "roles_before_lists": ["roles"],
          "group_lists": ["groups"], "handles": False, "place_word_lists": ["schools"],
          "not_names": ["Maya Angelou"]}


@pytest.mark.parametrize("text, marked", [
    ("jen from the front office and miguel our night custodian saved picture day", ["jen", "miguel"]),
    ("Thank you to Ahmed Warsame, dad of two Sylvester Sharks, for fixing the carts", ["Ahmed Warsame"]),
    ("thanks to the band parents who drove, esp Tomasz and Renee Kowalczyk", ["Tomasz", "Renee Kowalczyk"]),
    ("Our boosters made homecoming happen, including Carla Mendes", ["Carla Mendes"]),
    ("thanks to everyone who came, esp Carla Mendes", []),                    # no group named before
    # Names the model does not take for people, with a role after or someone's role before.
    ("Huge thanks to Deb from the kitchen at Midway for the hot breakfasts", ["Deb"]),
    ("our secretary deb has saved my life approximately 400 times this year", ["deb"]),
    ("Our custodian Luis stayed late to fix the gym", ["Luis"]),
    ("Email the kitchen from the front office", []),                          # a common word is no name
    ("Not one complaint about the new Cascade front office team", []),         # a word of a school's name
    ("Huge thanks to Maya from the front office", ["Maya"]),                   # a famous first name is still a name
    ("the kids loved the show today", []),
])
def test_titled_names_round6(env, text, marked):
    assert marks(env, "titled_names", TITLED, text) == marked
