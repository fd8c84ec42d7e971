"""The eighth names round, from the third December stop's first-sight misses: a chain of names
sharing one role, payment handles that are the author's own, and lower-case roster first names
that own school news or are spoken to after "you"."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks, roster_env

STUDENTS = [("Rose", "Tran"), ("Jordan", "Price"), ("Chase", "Moreno"), ("Paris", "Johnson"), ("Will", "Hartley"),
            ("Summer", "Alvarez"), ("Elijah", "Brooks")]


@pytest.fixture(scope="module")
def env(model):
    e = roster_env(model, STUDENTS)
    e.lists["roles"] = ["transportation office", "front office", "band mom"]
    return e


TITLED = {"titles": ["Ms", "Mr", "Coach"], "role_lists": ["roles"], "roles_before_lists": ["roles"], "handles": True,
          "thing_words": ["page", "site"]}


@pytest.mark.parametrize("text, marked", [
    # Every name of a list shares the role after the last one.
    ("huge thanks to jen and marcus and kenji from the transportation office", ["jen", "marcus", "kenji"]),
    ("huge thanks to Jen, Marcus and Kenji from the transportation office", ["Jen", "Marcus", "Kenji"]),
    ("huge thanks to Jen and Marcus from the transportation office", ["Jen", "Marcus"]),
    ("thanks to Marisol Ortega, the band mom who runs the booster club", ["Marisol Ortega"]),
    # A payment handle is the author's own; a colleague's handle is still someone to ask.
    ("private tutoring over break, $60/hr, venmo @alex_tutors", []),
    ("tickets are $5, cash app @kbakes_art or pay at the door", []),
    ("Team dinner is $15, venmo @coach.dre before saturday", ["@coach.dre"]),  # a teacher's, to pay
    ("thanks for the gift, venmo her @jlee_teaches", ["@jlee_teaches"]),       # someone else's
    ("shoutout to @jlee_teaches for the lesson idea", ["@jlee_teaches"]),
    # A possessive and a capitalised word: a book's title, or a named thing of hers (round 9).
    ("schedule changes go out on Ms. Faleolo's Schoology page", ["Ms. Faleolo"]),
    ("we are reading Mr. Popper's Penguins together", []),
    # A title and a name, then the school's initials: a coach's own account, not the school's.
    ("shoutout to @CoachDeLaRosaHHS for running open gym all week", ["@CoachDeLaRosaHHS"]),
    ("congrats to @TyeeHS on a great night", []),
])
def test_titled_names_round8(env, text, marked):
    assert marks(env, "titled_names", TITLED, text, surface="post") == marked


STUDENT_NAMES = {"cues": ["proud of", "my class"], "titles": ["Ms", "Mr"],
                 "first_name_cues": ["IEP", "inhaler", "my class"], "close_cues": ["IEP", "inhaler", "absent"],
                 "travel_words": ["heading", "going", "flew"]}


@pytest.mark.parametrize("text, surface, marked", [
    # A lower-case roster word that owns school news told right after it.
    ("hi ms. tran, rose's IEP meeting got moved to thursday", "dm", ["rose"]),
    ("jordan's inhaler authorization expired last week", "dm", ["jordan"]),
    ("summer's almost here and IEP season is over", "post", []),
    # Spoken to right after "you", or after a time word when the sentence speaks to "you".
    ("so proud of you chase!!! all those lunches rewriting essays paid off", "comment", ["chase"]),
    ("you were AMAZING as Elphaba tonight paris!!!", "comment", ["paris"]),
    ("we flew to paris tonight!!", "comment", []),
    # A shouted modal is the verb.
    ("note to self bc i WILL forget: Elijah in my class needs the sub plans", "post", ["Elijah"]),
])
def test_student_names_round8(env, text, surface, marked):
    assert marks(env, "student_names", STUDENT_NAMES, text, surface=surface) == marked


# The ninth round, from the first-sight misses of batches 46-48 (2026-12-02, fourth stop).
ROUND9_STUDENTS = [("Grace", "Kim"), ("Joy", "Mbeki"), ("Summer", "Alvarez"), ("Priya", "Sharma"), ("Paris", "Johnson")]


@pytest.fixture(scope="module")
def env9(model):
    return roster_env(model, ROUND9_STUDENTS)


@pytest.mark.parametrize("text, marked", [
    # A roster first name called out on its own counts with a cue anywhere in the draft.
    ("grace!!! so proud of you, see you in my class tomorrow", ["grace"]),
    ("JOY!! 🎉🎉 so proud of you, see you in my class", ["JOY"]),
    # Without one it stays a word; and a word inside a sentence is read as before.
    ("summer!!! finally, no alarms for ten weeks", []),
    ("amazing grace!!! so proud of you, see you in my class", []),
    ("so proud of my class for the food drive this week. Joy!!!", []),   # not opening the draft: the word
    # A trip's destination, but not someone's: "going to Paris's recital".
    ("going to Paris's recital tonight, so proud of my student!", ["Paris"]),
    # A trip's destination is a place; the same name among students is a student.
    ("whether you're staying home or heading to Paris, rest up, my class!", []),
    ("so proud of Paris in my class, she won the spelling bee", ["Paris"]),
    # A plural of a common word opening a sentence after emoji is no one.
    ("Tryouts start Monday at all of our high schools! ⚾🥎🎾⚽🏃 Athletes need a current sports physical, my class too",
     []),
    # A student e-mail address that spells a roster name is the student's name.
    ("our student rep's email is priya.sharma@students.highlineschools.org", ["priya.sharma@students.highlineschools.org"]),
])
def test_student_names_round9(env9, text, marked):
    assert marks(env9, "student_names", STUDENT_NAMES, text, surface="comment") == marked


# The tenth round, from the fifth stop of 2026-12-02 and its second read: a roster name that is
# also a famous one, and a teacher's handle in a draft that sells.
@pytest.fixture(scope="module")
def env10(model):
    e = roster_env(model, [("Harper", "Lee")])
    e.lists["teacher_words"] = ["teaches"]
    return e


@pytest.mark.parametrize("text, marked", [
    # A full roster name is the student's, famous or not; a famous name off the roster is not.
    ("Congrats to Harper Lee, our spelling bee champ! So proud of my class", ["Harper Lee"]),
    ("Wrapped the Dickens unit assessment with my class today", []),
])
def test_student_names_round10(env10, text, marked):
    options = dict(STUDENT_NAMES, not_students=["Harper Lee", "Dickens"])
    assert marks(env10, "student_names", options, text, surface="post") == marked


@pytest.mark.parametrize("text, marked", [
    # In a draft that sells, a teacher's handle credited for something is a colleague to ask; the
    # seller's own is not, nor is a shop's.
    ("Thanks for the ticket giveaway! Special thanks to @jlee_teaches for coordinating", ["@jlee_teaches"]),
    ("Use code TEACHJEN for 10% off my planners! Shop link in bio @jen_teaches", []),
    ("obsessed with this planner from @plumpaper, giveaway on now", []),
])
def test_titled_names_round10(env10, text, marked):
    options = dict(TITLED, business_cues=["giveaway", "link in bio"], teacher_handle_word_lists=["teacher_words"])
    assert marks(env10, "titled_names", options, text, surface="post") == marked
