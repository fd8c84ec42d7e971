"""Without the language model (a broken install), the companion still runs the bundled rules: the
examples of rules that need the model are skipped, and the others must still pass."""

from __future__ import annotations

import pytest

from companion.detectors import KINDS
from companion.language.model import load_model
from companion.rules.check import validate
from tests.conftest import BUNDLED_RULES


@pytest.fixture(scope="module")
def blank_model():
    model = load_model("no_such_model_pkg")
    assert model.degraded_reason is not None
    return model


def test_bundled_rules_load_without_the_model(blank_model):
    spec, engine = validate(BUNDLED_RULES.read_text(encoding="utf-8"), str(BUNDLED_RULES), blank_model)
    assert {r.id for r in spec.rules} == {r.id for r in engine.rules}
    assert engine.check("What the f*** were they thinking").rule_ids  # the lists still work


def test_a_broken_rule_is_still_refused_without_the_model(blank_model):
    text = BUNDLED_RULES.read_text(encoding="utf-8").replace(
        '        - "This is [[bullshit]] and everyone knows it"', '        - "This is [[wonderful]] and everyone knows it"')
    with pytest.raises(Exception, match="should fire but did not"):
        validate(text, str(BUNDLED_RULES), blank_model)


@pytest.mark.parametrize("kind, options, needs", [
    ("phrases", {"lists": ["profanity"]}, False),
    ("near", {"lists": ["strong_negative"]}, False),
    ("near", {"about_what_follows": ["tired of"]}, True),  # reads the noun phrase after the word
    ("near", {"carry_over": False}, False),  # an option switched off needs nothing
    ("missing", {"nouns_only": ["coach"]}, True),
    ("titled_names", {"roles_before": ["mom"]}, True),
    ("student_names", {}, True),  # the whole kind finds names
])
def test_which_options_need_the_model(kind, options, needs):
    assert KINDS[kind].needs_model_for(options) is needs
