"""The sixth batch's conversation round: an invitation inside a sale asked about ("DM me for
rates") is no conversation (`not_invitation`), and kids after a school's name ("Highline HS kids",
"Tyee kids") are a school's students spoken of (`groups`). Options are small sets written here, not
the district's rules file."""

from __future__ import annotations

import pytest

from tests.detectors.marking import marks

CONVERSATION = {"school_life": ["practice", "kid", "advisory"], "invitations": ["dm me", "text me"],
                "audience": ["athletes", "advisory"], "third_person": ["he", "she"],
                "not_invitation": ["me for rates", "me for pricing"],
                "groups": ["HS", "high school"], "group_lists": ["schools"]}


@pytest.fixture(scope="module")
def env(model):
    from companion.detectors.base import Env
    from tests.detectors.marking import roster_env

    base = roster_env(model, [])
    return Env(base.nlp, {"schools": ["Tyee", "Highline"]}, {}, base.roster, model_ok=base.model_ok)


@pytest.mark.parametrize("text, surface, fired", [
    # A sale asked about is no invitation to talk; the same invitation without it is.
    ("booking private speed sessions for athletes this winter, DM me for rates", "post", False),
    ("now booking hitting lessons for athletes, text me for pricing", "post", False),
    ("athletes: DM me if you have questions about the lifting program", "post", True),
    # A school's kids are spoken of; the reader's own advisory or practice is spoken to.
    ("what are you talking about, Highline HS kids are the kindest kids I know", "comment", False),
    ("did you even read it? Tyee kids raised $12k", "reply", False),
    ("see you in advisory tmrw, bring ur laptop", "reply", True),
    ("you were great at practice, kid", "reply", True),
])
def test_sales_and_school_groups(env, text, surface, fired):
    assert bool(marks(env, "conversation", CONVERSATION, text, surface=surface)) == fired


def test_a_schools_students_are_spoken_of(env):
    text = "what the hell are you on about, Tyee students are the hardest working kids in this district"
    assert marks(env, "conversation", CONVERSATION, text, surface="comment") == []
