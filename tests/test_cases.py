"""Every labelled draft in tests/data/cases.jsonl, through the engine with tests/data/roster.csv.

A case is right when every rule in its `expect` fires and no rule outside `expect` and `allow`
fires (tests/data/README.md). The drafts the detectors still get wrong are listed in
KNOWN_WRONG: they are expected to fail, and any other case that goes wrong fails the suite, so a
change cannot quietly break a draft that worked. When a change fixes one, take it off the list.
The per-rule F1 floors catch a slide that stays within the known-wrong drafts.

`scripts/evaluate.py cases tests/data/cases.jsonl --roster tests/data/roster.csv --errors` shows
the same figures and the wrong drafts by id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.context import Context

DATA = Path(__file__).resolve().parent / "data"
CASES = [json.loads(line) for line in (DATA / "cases.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]

KNOWN_WRONG = {
    "acronyms-not-shouting-ptsa-iep",
    "all-caps-shouting-blaming-teachers",
    "all-state-orchestra-junior-first-name",
    "amazing-grace-winter-concert",
    "ana-backpack-mom-phone-number",
    "c-plus-public-reply",
    "coach-handle-200-wins",
    "coach-reply-see-you-at-lift",
    "comment-friend-nursing-school-megan",
    "dana-cell-number-group-project",
    "district-comment-thanks-ms-tran-coach-bell",
    "district-dm-grades-point-to-teacher",
    "district-dm-parent-grade-detail",
    "district-public-reply-grade-named-parent",
    "district-reply-absence-excused-tagged",
    "district-reply-congrats-imani-graduation",
    "dm-colleague-about-student-iep",
    "dm-colleague-parent-cell-number",
    "elena-504-extended-time",
    "essential-oils-comment-oil",
    "etsy-teacher-lanyards-code",
    "expelled-sophomore-named-good-riddance",
    "fish-microwave-colleague-menace",
    "garden-tomatoes-photo-not-school",
    "good-luck-at-state-debate-not-on-roster",
    "grace-first-name-opted-out-senior-speech-photo",
    "grading-pile-photo",
    "heated-reply-parent-do-your-homework",
    "idiot-drivers-1st-ave-not-district",
    "initials-discipline-identifiable-chinook",
    "instagram-caption-kindness-week-district",
    "instagram-hunter-orange-hunting-season",
    "jalen-ineligible-public-reply",
    "jasmine-tea-grading",
    "jayden-missed-six-days-dm",
    "kai-first-name-lowercase-reply",
    "leaking-ceiling-evergreen-photo",
    "lesson-plan-subscription-link-in-bio",
    "long-post-teacher-reflection-no-issues-beyond-disclaimer",
    "lowercase-colleagues-sarah-dev",
    "marco-iep-meeting-cover-duty",
    "marco-spelling-bee-dm",
    "missing-assignments-public-comment-tagged-parent",
    "ms-rivera-lowercase-thank-you-cards",
    "negative-about-other-district-kent",
    "oscar-in-my-class-lost-tooth",
    "planner-discount-code",
    "poshmark-closet-teacher-outfits",
    "poster-project-reply-to-student",
    "principals-list-aggregate-count",
    "private-piano-lessons-price-comment",
    "referral-bonus-husbands-company",
    "rose-tran-ap-bio-score",
    "sam-okafor-absent-dm-to-parent",
    "snap-me-your-essay-dm",
    "student-email-on-lost-phone",
    "student-handle-chem-grade-reply",
    "student-handle-scholarship-reply",
    "tagged-student-handle-congrats-reply",
    "twitter-thread-reply-board-vote-respectful",
    "worst-part-of-summer-missing-kiddos",
    "x-dm-district-crosswalk-thanks",
    "x-dm-parent-summer-read-aloud",
    "x-reply-hostile-parent-district-calm",
}

# Measured F1 on these cases (docs/detection.md) less a small margin. The bar for every rule is
# 0.90; rules still below it are listed at their measured figure so that they cannot slide.
F1_FLOORS = {
    "student-name": 0.88,
    "photo-opt-out": 0.97,
    "student-personal-info": 0.84,
    "negative-remark": 0.92,
    "unprofessional-language": 0.97,
    "missing-disclaimer": 0.95,
    "student-conversation": 0.87,
    "school-business": 0.83,
    "get-permission": 0.92,
    "vested-interest": 0.97,
    "public-record": 0.99,
}


@pytest.fixture(scope="module")
def engine(model):
    from companion.roster.csvfile import read_students
    from companion.roster.model import Roster
    from companion.rules.build import build_engine
    from companion.rules.schema import parse

    rules = Path(__file__).resolve().parent.parent / "policy_rules.yaml"
    roster = Roster.from_students(read_students(DATA / "roster.csv"))
    return build_engine(parse(rules.read_text(encoding="utf-8"), str(rules)), model, roster)


@pytest.fixture(scope="module")
def fired(engine):
    return {c["id"]: set(engine.check(c["text"], Context.parse(c["context"])).rule_ids) for c in CASES}


def test_known_wrong_ids_exist():
    assert KNOWN_WRONG <= {c["id"] for c in CASES}


@pytest.mark.parametrize("case", [c for c in CASES if c["id"] not in KNOWN_WRONG], ids=lambda c: c["id"])
def test_case(case, fired):
    got = fired[case["id"]]
    expect, allow = set(case["expect"]), set(case["allow"])
    assert not expect - got, f"missed: {sorted(expect - got)}"
    assert not got - expect - allow, f"false positive: {sorted(got - expect - allow)}"


def test_rule_f1_floors(fired):
    for rule, floor in F1_FLOORS.items():
        tp = fp = fn = 0
        for c in CASES:
            got = rule in fired[c["id"]]
            if rule in c["expect"]:
                tp += got
                fn += not got
            elif rule not in c["allow"]:
                fp += got
        f1 = 2 * tp / (2 * tp + fp + fn)
        assert f1 >= floor, f"{rule}: F1 {f1:.3f} fell below {floor}"
