"""Faults while a real companion runs: a rules file broken, deleted, fixed and rewritten while
checks are in flight; a catastrophic-backtracking pattern; the language model missing.

The watcher polls every 0.5 s and takes a changed file only once it reads the same twice, then
runs every example: a new file is in use within a few seconds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from live_server import ROOT, make_live, note, relaxed_env

GOOD = (ROOT / "policy_rules.yaml").read_text(encoding="utf-8")
DRAFT = "Good luck to my student Dana Whitfield at state! Call me at 206-555-0143"


def versioned(tag: str) -> str:
    return GOOD.replace('version: "', f'version: "{tag}-', 1)


def wait_for(live, predicate, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        health = live.health()
        if predicate(health):
            return health
        time.sleep(0.2)
    raise AssertionError(f"not reached within {seconds}s: {live.health()}")


@pytest.fixture(scope="module")
def live_rules(tmp_path_factory):
    base = tmp_path_factory.mktemp("live-rules")
    rules = base / "rules.yaml"
    rules.write_text(versioned("v1"), encoding="utf-8")
    live = make_live(base, "--rules", str(rules), env=relaxed_env()).start()
    live.rules = rules
    yield live
    live.stop()


def test_broken_file_is_reported_in_health_and_the_old_rules_keep_serving(live_rules):
    rules: Path = live_rules.rules
    broken = versioned("v1-broken").replace("\n    severity:", "\n    severty:", 1)
    rules.write_text(broken, encoding="utf-8")
    health = wait_for(live_rules, lambda h: h["rules_error"])
    assert health["status"] == "degraded" and health["rules_version"].startswith("v1-")
    problem = health["rules_error"][0]
    assert problem["file"] == str(rules) and problem["line"] == broken.count("\n", 0, broken.index("severty")) + 1
    assert "severty" in problem["message"]
    assert any("last good" in r for r in health["reasons"])
    reply = live_rules.check(DRAFT)
    assert reply.status == 200 and reply.json["rules_version"].startswith("v1-")
    # Fixed: the new rules are used and health is clear again.
    rules.write_text(versioned("v2"), encoding="utf-8")
    health = wait_for(live_rules, lambda h: h["rules_version"].startswith("v2-"))
    assert health["status"] == "ok" and health["rules_error"] is None
    assert live_rules.check(DRAFT).json["rules_version"].startswith("v2-")


def test_deleted_file_is_reported_and_a_new_one_is_taken(live_rules):
    rules: Path = live_rules.rules
    version = live_rules.health()["rules_version"]
    rules.unlink()
    health = wait_for(live_rules, lambda h: h["rules_error"])
    assert "does not exist" in health["rules_error"][0]["message"]
    assert live_rules.check(DRAFT).json["rules_version"] == version
    rules.write_text(versioned("v3"), encoding="utf-8")
    wait_for(live_rules, lambda h: h["rules_version"].startswith("v3-") and not h["rules_error"])


def test_rules_rewritten_while_checks_are_in_flight(live_rules):
    """Four clients check without pause while the file is rewritten: good, broken, half
    written, emptied, good again. No request fails; every answer comes from a complete rule set
    that passed its examples; the last good file wins."""
    rules: Path = live_rules.rules
    stop = threading.Event()
    seen: list[tuple[int, str | None]] = []
    lock = threading.Lock()

    def client(n: int):
        i = 0
        while not stop.is_set():
            i += 1
            try:
                r = live_rules.check(f"{DRAFT} ({n}.{i})", {"platform": "facebook"})
                item = (r.status, r.json.get("rules_version") if r.json else None)
            except OSError as exc:
                item = (0, type(exc).__name__)
            with lock:
                seen.append(item)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    try:
        steps = [versioned("w1"), "version: x\nrules: [", versioned("w2")[: len(GOOD) // 2], "",
                 versioned("w3").replace("severity: stop", "severity: fatal", 1), versioned("w4")]
        for content in steps:
            rules.write_text(content, encoding="utf-8")
            time.sleep(1.0)
        # Two full checks of the file (w1, then w4), each running every example while four clients
        # keep the two cores busy: 15-20 s each on a slow hour of the shared CI machine. The test
        # is about correctness, not speed (scripts/bench.py measures that), so the wait is generous.
        wait_for(live_rules, lambda h: h["rules_version"].startswith("w4-") and not h["rules_error"], seconds=120)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    statuses = {s for s, _ in seen}
    versions = {v.split("+")[0].split("-")[0] for s, v in seen if s == 200}
    assert statuses == {200}, [x for x in seen if x[0] != 200][:5]
    assert versions <= {"v3", "w1", "w4"}, versions
    assert len(seen) > 50
    note("rules_faults_live", checks_during_rewrites=len(seen), failed=sum(1 for s, _ in seen if s != 200))


# -- catastrophic backtracking ---------------------------------------------------------------------
TRAP_RULE = r"""
  - id: backtracking-trap
    title: A pattern that hangs backtracking regex engines
    severity: info
    policy: {section: "Test", quote: "Test only."}
    message: A test rule.
    detect:
      - kind: pattern
        case_sensitive: true
        patterns: ['(a+)+b', '(x+x+)+y', '^(\w+\s?)*$']
    examples:
      fire:
        - "[[aab]]"
      pass:
        - "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"
"""


def test_catastrophic_backtracking_pattern_runs_in_linear_time(tmp_path):
    """`(a+)+b` on a run of a's with no b takes Python's `re` exponential time; RE2 answers a
    20,000-character draft of it within the normal time limit, and the rules load."""
    try:
        subprocess.run([sys.executable, "-c", "import re; re.search(r'(a+)+b', 'a' * 40 + '!')"], timeout=2)
        backtracking_hangs = False
    except subprocess.TimeoutExpired:
        backtracking_hangs = True
    assert backtracking_hangs, "the pattern should hang Python's re (the premise of this test)"

    rules = tmp_path / "rules.yaml"
    rules.write_text(GOOD.rstrip("\n") + "\n" + TRAP_RULE, encoding="utf-8")
    live = make_live(tmp_path / "srv", "--rules", str(rules)).start()
    try:
        assert "backtracking-trap" in {r["id"] for r in live.call("GET", "/v1/rules").json["rules"]}
        for draft in ("a" * 19999 + "!", "x" * 19999 + "!", "word " * 3999 + "!", "a" * 19999 + "b"):
            reply = live.check(draft)
            assert reply.status == 200, reply.body[:200]  # not 422: it did not run into the time limit
        fired = live.check("a" * 19999 + "b").json["findings"]
        assert any(f["rule_id"] == "backtracking-trap" for f in fired)
    finally:
        live.stop()


# -- the language model missing ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def no_model(tmp_path_factory):
    live = make_live(tmp_path_factory.mktemp("no-model"), "--rules", str(ROOT / "policy_rules.yaml"),
                     env=relaxed_env(SECOND_LOOK_MODEL="does_not_exist")).start()
    yield live
    live.stop()


def test_missing_model_starts_degraded_and_says_so(no_model):
    health = no_model.health()
    assert health["status"] == "degraded"
    assert health["model"] == "blank:en"
    assert any("language model" in r for r in health["reasons"])
    assert health["rules_error"] is None  # the rules loaded: examples needing the model were skipped


MODEL_FREE = [
    # (rule that needs no model, draft, context)
    ("student-personal-info", "Her email is jlee42@students.highlineschools.org", {}),
    ("unprofessional-language", "This meeting was a f***ing waste of time", {}),
    ("vested-interest", "Teachers, get 20% off planners with code HPS20!", {}),
    ("public-record", "Join us for the spring concert on Thursday", {"account": "district"}),
    ("photo-opt-out", "Field day photos!", {"account": "district", "has_media": True}),
]


@pytest.mark.parametrize("rule,draft,context", MODEL_FREE, ids=[m[0] for m in MODEL_FREE])
def test_rules_that_need_no_model_still_work(no_model, rule, draft, context):
    reply = no_model.check(draft, context)
    assert reply.status == 200
    assert rule in {f["rule_id"] for f in reply.json["findings"]}


def test_drafts_for_model_rules_do_not_fail(no_model):
    for draft in ("Congratulations to my student Imani Wells!", "Ms. Okoro rocks", "🎉" * 500, "a" * 20000):
        assert no_model.check(draft).status == 200
