"""What a new user found: an invitation to a parent is not a student conversation, an invitation
on a reply speaks to its reader, the underline covers the words that fired (the invitation with
its app, the address with the school-life word), an emoji is not a second underline beside
words, and a discipline word near a sentence-opening name is about that student. Options are
small sets written here, not the district's rules file."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks, roster_env


@pytest.fixture(scope="module")
def env(model):
    return roster_env(model, [("Sam", "Okafor")])





CONVERSATION = {"invitations": ["dm me", "text me", "add me on", "add me on snap", "follow me on", "hmu"],
                "audience": ["students", "my students"], "school_life": ["essay", "practice", "lab notebook", "game"],
                "adult": ["sis"], "third_person": ["your child", "your daughter", "her", "my students"]}


@pytest.mark.parametrize("text, surface, marked", [
    # Spoken of a child, the invitation is to a parent, on any surface.
    ("Please DM me if your child needs a ride to the game", "post", []),
    ("Text me if your daughter needs a ride after practice", "dm", []),
    ("DM me and I'll send you her progress report!", "reply", []),
    # Students spoken to as well: it still fires.
    ("My students keep asking, so yes: follow me on TikTok", "post", ["follow me on TikTok"]),
    # On a reply or comment an invitation speaks to its reader, with the app it names.
    ("add me on snap: mr_h_teaches", "reply", ["add me on snap"]),
    ("follow me on snap, it's mr_h_teaches", "comment", ["follow me on snap"]),
    ("add me on insta: coach.r.lifts", "reply", ["add me on insta"]),
    ("hmu on insta if you have questions about the essay", "reply", ["hmu on insta"]),
    # A public post with no students in it is to everyone.
    ("add me on snap: mr_h_teaches", "post", []),
    ("add me on snap sis", "reply", []),
    # Spoken to about school life: the underline starts at the address.
    ("can't wait to see you at practice", "reply", ["you at practice"]),
    ("hey sam, don't forget your lab notebook", "dm", ["your lab notebook"]),
    ("Good luck at the game!", "reply", []),                  # no one spoken to
])
def test_conversation_underlines(env, text, surface, marked):
    assert marks(env, "conversation", CONVERSATION, text, surface=surface) == marked


NEGATIVE = {"phrases": ["worst", "mess", "🙄", "🙃"], "targets": ["class", "5th period", "board meeting", "staff meeting"],
            "within": 12}


@pytest.mark.parametrize("text, marked", [
    ("🙄 my 5th period is the worst class ever", ["worst"]),     # one underline, on the words
    ("Board meeting tonight was a mess 🙃", ["mess"]),
    ("Staff meeting again 🙄", ["🙄"]),                           # alone, the emoji still counts
    ("Traffic was a mess 🙃", []),
])
def test_near_does_not_underline_an_emoji_beside_words(env, text, marked):
    assert marks(env, "near", NEGATIVE, text) == marked


SENSITIVE = {"phrases": ["detention", "suspended"], "targets": ["student"], "names_are_targets": True, "within": 8}


@pytest.mark.parametrize("text, marked", [
    ("Tyler got detention again lol", ["detention"]),
    ("Kayden got suspended again, shocker", ["suspended"]),
    ("Cedarhurst is strict about detention.", []),             # a place, with a copula
    ("The game got suspended for rain", []),                   # a common word opening the sentence
])
def test_near_takes_a_sentence_opening_name_as_a_target(env, text, marked):
    assert marks(env, "near", SENSITIVE, text) == marked
