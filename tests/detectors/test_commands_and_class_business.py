"""The fifth batch's conversation and school-business round: a command speaks to its reader, the
author's class handed to a colleague is a favour, a word inside a grown-up's phrase is theirs;
`near` with `holds_target`, a name closing a sentence as an address, `carry_clauses`,
`requires_lists` and `title_lists`. Options are small sets written here, not the district's rules
file."""

from __future__ import annotations

import pytest

from companion.detectors.base import Env
from tests.detectors.marking import marks, roster_env


@pytest.fixture(scope="module")
def env(model):
    base = roster_env(model, [("Grace", "Kim")])
    return Env(base.nlp, {"titles": ["Dr.", "Ms.", "Mr."], "classes": ["my 3rd period", "students"]}, {},
               base.roster, model_ok=base.model_ok)


CONVERSATION = {"school_life": ["practice", "period", "class", "game", "the meet"], "adult": ["pottery class"],
                "invitations": ["dm me"], "audience": ["class"], "commands": True,
                "not_in": ["meet and greet"]}


@pytest.mark.parametrize("text, surface, account, fired", [
    # A command opening a clause speaks to the reader, about its sentence and the ones after it.
    ("yep practice is moved to 4 tmrw, tell the rest of the guys", "reply", "personal", True),
    ("don't be late to the bus tomorrow!! we leave for the meet at 6:15", "reply", "personal", True),
    # Not the author's day before it, not a district account's instruction, not a wish.
    ("the sub never showed and i covered 3 classes. pick up tacos on the way home?", "dm", "personal", False),
    ("Check the athletics page for the updated game schedule.", "reply", "district", False),
    ("have fun at the game tonight!", "reply", "personal", False),
    ("so good to see you at the meet and greet last night!", "comment", "personal", False),
    # The author's class as the object of a verb: a favour asked of a colleague.
    ("running late, can you let my 1st period in?", "dm", "personal", False),
    ("can you watch my 4th period for 2 min?", "dm", "personal", False),
    ("you can come by my class at lunch", "dm", "personal", True),
    # A word inside a grown-up's phrase is theirs.
    ("my pottery class starts next month! DM me to grab a seat", "post", "personal", False),
])
def test_commands_and_favours(env, text, surface, account, fired):
    assert bool(marks(env, "conversation", CONVERSATION, text, surface=surface, account=account)) == fired


BUSINESS = {"phrases": ["your grade", "turn in", "are due", "IEP"], "targets": ["you", "your", "he", "she"],
            "names_are_targets": True, "needs_address_on": ["comment"], "holds_target": True,
            "carry_clauses": True, "title_lists": ["titles"], "within": 8}


@pytest.mark.parametrize("text, surface, marked", [
    ("yes! your grade went up to a B+ after the retake", "dm", ["your grade"]),
    # A name closing a sentence after a comma speaks to someone; the clause with no subject after a
    # comma carries the one before however far.
    ("Thanks for asking, Grace! He's doing much better in my 3rd period, just needs to turn in the essay",
     "comment", ["turn in"]),
    ("Good question, Tasha! She still needs to turn in the lab report", "comment", ["turn in"]),
    ("Grading all weekend. Someone needs to turn in the essay", "comment", []),
    # A name after a title is no target.
    ("Dr. Pepper and a stack of IEP progress reports", "post", []),
    ("Grace Kim's IEP progress report is done", "post", ["IEP"]),
])
def test_school_business_near(env, text, surface, marked):
    assert marks(env, "near", BUSINESS, text, surface=surface) == marked


POSTS = {"phrases": ["are due"], "targets": ["your"], "requires_lists": ["classes"], "within": 8}


@pytest.mark.parametrize("text, marked", [
    ("reminder to my 3rd period: your essays are due FRIDAY", ["are due"]),
    ("your taxes are due friday, don't forget", []),
])
def test_requires_lists(env, text, marked):
    assert marks(env, "near", POSTS, text, surface="post") == marked
