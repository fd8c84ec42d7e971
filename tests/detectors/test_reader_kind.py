"""The `reader` kind: a whole-draft finding when the trained classifier is at least `threshold`
sure; a finding that gives way to the rule's underlines; a bad classifier name is a rules-file
error with its line."""

from __future__ import annotations

import pytest

from companion.context import Context
from companion.rules.build import build_engine
from companion.rules.schema import parse
from tests.detectors.marking import marks, roster_env

COMPLAINT = "honestly the district office loses every form I send them. every single one."
REPLY = "great job on your presentation today! see you in class tomorrow"
# Over 600 characters, so read in passages: the complaint's passage reads about 0.72.
LONG = ("What a week in room 12! We finished our butterfly unit, planted bean seeds by the window, and read "
        "three chapter books together. The kids wrote letters to their pen pals in Ohio and decorated the "
        "hallway with paper lanterns for family night. Thank you to every family who came out on Thursday; "
        "the gym was packed and the chili cook-off raised enough for new library books. Next week we start "
        "fractions with pizza math, so send in any clean pizza boxes you have. Picture day is the Tuesday after. "
        + COMPLAINT + " Anyway, have a restful weekend, everyone!")


@pytest.fixture(scope="module")
def env(model):
    return roster_env(model, [], needs_model=False)


@pytest.mark.parametrize("options, text, context, marked", [
    ({"classifier": "negative-remark", "threshold": 0.62}, COMPLAINT, {}, ["<draft>"]),
    ({"classifier": "negative-remark", "threshold": 0.99}, COMPLAINT, {}, []),
    ({"classifier": "negative-remark", "threshold": 0.62, "unless": ["district office"]}, COMPLAINT, {}, []),
    ({"classifier": "negative-remark", "threshold": 0.0}, "   ", {}, []),  # nothing to read
    ({"classifier": "student-conversation", "threshold": 0.40}, REPLY, {"surface": "comment"}, ["<draft>"]),
    ({"classifier": "student-conversation", "threshold": 0.40}, "Congrats to all our graduating seniors!", {}, []),
    # `needs`: its own finding needs one of these words in the draft.
    ({"classifier": "negative-remark", "threshold": 0.0, "needs": ["district office"]}, COMPLAINT, {}, ["<draft>"]),
    ({"classifier": "negative-remark", "threshold": 0.0, "needs": ["district office"]},
     "Worst tackling I've seen all year.", {}, []),
    ({"classifier": "negative-remark", "threshold": 0.0}, "Worst tackling I've seen all year.", {}, ["<draft>"]),
    # `long_threshold`: a long draft's bar, higher because any one of its passages may fire.
    ({"classifier": "negative-remark", "threshold": 0.62}, LONG, {}, ["<draft>"]),
    ({"classifier": "negative-remark", "threshold": 0.62, "long_threshold": 0.8}, LONG, {}, []),
    ({"classifier": "negative-remark", "threshold": 0.62, "long_threshold": 0.7}, LONG, {}, ["<draft>"]),
    ({"classifier": "negative-remark", "threshold": 0.62, "long_threshold": 0.99}, COMPLAINT, {}, ["<draft>"]),
])
def test_reader(env, options, text, context, marked):
    assert marks(env, "reader", options, text, **context) == marked


RULES = """\
version: 1
rules:
  - id: negative-remark
    title: Negative remark
    severity: warning
    policy: {section: "Be professional", quote: "Staff are encouraged not post negative comments."}
    message: Negative.
    detect:
      - kind: reader
        classifier: {classifier}
        threshold: 0.62
      - kind: phrases
        phrases: [loses every form]
"""


def test_the_finding_gives_way_to_underlines(model):
    engine = build_engine(parse(RULES.replace("{classifier}", "negative-remark"), "rules.yaml"), model)
    underlined = engine.check(COMPLAINT, Context()).findings
    assert [(f.rule_id, COMPLAINT[f.offset:f.offset + f.length]) for f in underlined] == [("negative-remark", "loses every form")]
    other = "Great, another 'mandatory optional' training from the district office. Because that's what we all needed 🙄"
    whole = engine.check(other, Context()).findings
    assert [(f.rule_id, f.offset, f.length) for f in whole] == [("negative-remark", None, None)]
    assert whole[0].confidence >= 0.62


def test_an_unknown_classifier_is_an_error_with_its_line(model):
    from companion.rules.schema import RulesError

    with pytest.raises(RulesError) as err:
        build_engine(parse(RULES.replace("{classifier}", "student-name"), "rules.yaml"), model)
    assert str(err.value).startswith("rules.yaml:9: negative-remark: classifier 'student-name' is not one of")


def test_the_readers_probability_is_not_lent_to_the_lists(model):
    engine = build_engine(parse(RULES.replace("{classifier}", "negative-remark")
                                .replace("        phrases: [loses every form]\n",
                                         "        phrases: [loses every form]\n        confidence: 0.7\n"), "rules.yaml"), model)
    [finding] = engine.check(COMPLAINT, Context()).findings
    assert finding.offset is not None and finding.confidence == 0.7


def test_the_finding_gives_way_to_another_whole_draft_finding(model):
    text = RULES.replace("{classifier}", "negative-remark").replace(
        "      - kind: phrases\n        phrases: [loses every form]\n",
        "      - kind: reminder\n        confidence: 0.95\n")
    [finding] = build_engine(parse(text, "rules.yaml"), model).check(COMPLAINT, Context()).findings
    assert (finding.offset, finding.confidence) == (None, 0.95)


def test_a_reader_that_cannot_load_is_an_error_with_its_line(model, monkeypatch):
    from companion.detectors import reader as kind
    from companion.language.reader import ReaderError
    from companion.rules.schema import RulesError

    def broken():
        raise ReaderError("the trained reader's model in /x cannot be loaded (OSError); reinstall the companion")

    monkeypatch.setattr(kind, "reader", broken)
    with pytest.raises(RulesError, match="^rules.yaml:9: negative-remark: the trained reader's model"):
        build_engine(parse(RULES.replace("{classifier}", "negative-remark"), "rules.yaml"), model)


SILENCING = RULES.replace("{classifier}", "negative-remark").replace(
    "        threshold: 0.62\n", "        threshold: 0.62\n        silence_below: {below}\n").replace(
    "phrases: [loses every form]", "phrases: [district office]")
THANKS = "Thanks to the district office for the new playground!"  # the reader: about 0.15


@pytest.mark.parametrize("below, text, fired", [
    (0.0, THANKS, True),       # never silences: the list's word fires
    (0.5, THANKS, False),      # read as surely fine: the list's false alarm is dropped
    (0.5, COMPLAINT, True),    # read as a complaint (about 0.88): the underline stays
    (0.02, THANKS, True),      # the bundled setting: only drafts it is almost sure of
])
def test_silence_below_drops_the_rules_other_findings(model, below, text, fired):
    engine = build_engine(parse(SILENCING.replace("{below}", str(below)), "rules.yaml"), model)
    assert bool(engine.check(text, Context()).findings) is fired
