"""The trained reader (`companion.language.reader`): one reading of a draft in its context gives
each rule's probability. Drafts written for this test, not taken from the training cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from companion.context import Context
from companion.language.reader import PASSAGE_CHARS, WHOLE_CHARS, Reader, ReaderError, features, passages, reader

RULES_FILE = Path(__file__).resolve().parents[2] / "policy_rules.yaml"
# The bundled rules file's threshold for each rule's reader.
THRESHOLDS = {d["classifier"]: d["threshold"] for r in yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["rules"]
              for d in r.get("detect", []) if d.get("kind") == "reader"}
SURE = 0.7  # well above every bundled threshold


def unsure(rule: str) -> float:
    """Well below the bundled threshold: at most half of it."""
    return THRESHOLDS[rule] / 2


@pytest.mark.parametrize("rule, text, context, applies", [
    ("negative-remark", "Great, another 'mandatory optional' training from the district office. "
     "Because that's what we all needed this week 🙄", {}, True),
    ("negative-remark", "honestly the district office loses every form I send them. every single one.", {}, True),
    ("negative-remark", "Can't believe how bad traffic on 509 was this morning, almost missed my flight", {}, False),
    ("negative-remark", "So proud of our Tyee robotics team for placing third at regionals!", {}, False),
    ("student-conversation", "great job on your presentation today! see you in class tomorrow", {"surface": "comment"}, True),
    ("student-conversation", "you left your hoodie in the gym, grab it from me before 1st period", {"surface": "dm"}, True),
    ("student-conversation", "Happy birthday sis!! dinner on me this weekend", {"surface": "dm"}, False),
    ("student-conversation", "Congrats to all our graduating seniors, what a year!", {}, False),
    ("school-business", "Hi Mrs. Lopez, Daniel is missing three assignments and his grade dropped to a D. "
     "Can he come in at lunch?", {"surface": "dm"}, True),
    ("school-business", "Your son was absent again today; please send a note for the excused absence", {"surface": "dm"}, True),
    ("school-business", "Thanks for asking! Please call the attendance line at 206-631-3000, they can help.",
     {"surface": "reply"}, False),
    ("school-business", "Loved seeing everyone at the book fair tonight!", {}, False),
    ("student-personal-info", "Your son got a D on the midterm and has three missing labs, he needs to come in at lunch",
     {"surface": "comment"}, True),
    ("student-personal-info", "Progress reports go home Friday! Reach out to your teacher with any questions.", {}, False),
])
def test_reads_new_drafts(rule, text, context, applies):
    p = reader().probability(rule, text, Context(**context))
    assert (p >= SURE) if applies else (p <= unsure(rule)), f"{rule}: {p:.3f}"


def test_the_context_is_read_too():
    text = "He has a D right now and two missing labs; can we talk Thursday?"
    dm = reader().probability("school-business", text, Context(surface="dm"))
    post = reader().probability("school-business", text, Context(surface="post", account="district"))
    assert dm != post
    assert features(text, Context(surface="dm")).startswith("__surface_dm__ __account_personal__")


def test_probabilities_are_stable_and_bounded():
    text = "the district office moves at about the speed of a glacier"
    first = {rule: reader().probability(rule, text, Context()) for rule in reader().rules}
    fresh = Reader()  # no cache shared with the first
    assert first == {rule: fresh.probability(rule, text, Context()) for rule in fresh.rules}
    assert all(0.0 <= p <= 1.0 for p in first.values())


FRIENDLY = ("What a week at Midway! Our third graders finished their butterfly unit and the hallway is full of "
            "paper wings. Thank you to every family who sent in egg cartons. Next week we start fractions with "
            "pizza math, so get ready for some very hungry mathematicians. ")


def test_a_long_draft_is_read_in_passages_so_one_complaint_still_counts():
    complaint = "honestly the district office loses every form I send them. every single one."
    long_draft = FRIENDLY * 4 + complaint
    assert len(long_draft) > WHOLE_CHARS
    assert all(len(p) <= PASSAGE_CHARS or "." not in p.rstrip(".") for p in passages(long_draft))
    assert complaint in passages(long_draft)
    alone = reader().probability("negative-remark", complaint, Context())
    assert alone >= SURE and reader().probability("negative-remark", long_draft, Context()) == alone
    assert reader().probability("negative-remark", FRIENDLY * 4, Context()) <= unsure("negative-remark")


def test_a_short_draft_is_read_whole():
    assert passages(FRIENDLY) == [FRIENDLY]


def test_readings_are_kept_per_passage():
    r = Reader()
    before, after = FRIENDLY * 4 + "see you all monday.", FRIENDLY * 4 + "see you all monday. bring snacks"
    r.probability("negative-remark", before, Context())
    kept = len(r._cache)
    r.probability("school-business", after, Context())
    new = set(passages(after)) - set(passages(before))
    assert len(r._cache) - kept == len(new) < len(set(passages(after))), "only the passages that reach the end are read"


def test_a_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ReaderError, match="cannot be loaded.*reinstall the companion"):
        Reader(tmp_path / "nowhere")


def test_only_the_rules_it_was_trained_for():
    assert set(reader().rules) == {"negative-remark", "student-conversation", "school-business",
                                   "student-personal-info"}
    with pytest.raises(KeyError):
        reader().probability("student-name", "hello", Context())
