"""Killed with SIGKILL in the middle of a check or of a rules reload, the companion starts again
cleanly on the same port with the same rules and the same roster.

No clean-up code runs on SIGKILL, so what is on disk must be right at every moment: the last
good rules copy is written atomically (write to a temporary file, fsync, rename).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from companion.rules.schema import parse
from live_server import ROOT, make_live, note

GOOD = (ROOT / "policy_rules.yaml").read_text(encoding="utf-8")
ROSTER_CSV = ROOT / "tests" / "data" / "roster.csv"
NAMED = "Good luck to Dana Whitfield at state!"  # Dana is on the test roster
KILLS = {"kills": 0, "clean_restarts": 0}


def versioned(tag: str) -> str:
    return GOOD.replace('version: "', f'version: "{tag}-', 1)


@pytest.fixture(scope="module")
def victim(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    rules = base / "rules.yaml"
    rules.write_text(versioned("k1"), encoding="utf-8")
    live = make_live(base, "--rules", str(rules), hooked=True)
    live.home.mkdir(parents=True)
    env = {**os.environ, "SECOND_LOOK_HOME": str(live.home),
           "SECOND_LOOK_MACHINE_CONFIG": str(live.home / "none.yaml")}
    imported = subprocess.run([sys.executable, "-m", "companion", "roster", "import", str(ROSTER_CSV)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    live.rules = rules
    live.start()
    yield live
    live.stop()
    note("kill_restart", **KILLS)


def state(live) -> tuple:
    h = live.health()
    return h["status"], h["rules_version"], json_counts(h["roster"])


def json_counts(roster) -> tuple:
    return tuple(sorted((k, v) for k, v in (roster or {}).items() if isinstance(v, (int, str, bool))))


def named_student_found(live) -> bool:
    reply = live.check(NAMED)
    return reply.status == 200 and "student-name" in {f["rule_id"] for f in reply.json["findings"]}


def test_roster_is_in_use_before_the_kills(victim):
    status, version, roster = state(victim)
    assert status == "ok" and version.startswith("k1-") and roster
    assert named_student_found(victim)


def test_killed_mid_check_restarts_with_the_same_rules_and_roster(victim):
    before = state(victim)
    replies = []
    worker = threading.Thread(target=lambda: replies.append(_try(victim.check, "slowpoke3000 " + NAMED)))
    worker.start()
    time.sleep(0.8)  # the check is sleeping inside the engine
    assert victim.health()["requests"]["checks_running"] == 1
    victim.kill()
    KILLS["kills"] += 1
    worker.join(10)
    assert replies and replies[0] is None  # the client saw the connection drop, nothing else
    victim.start()
    assert state(victim) == before
    assert named_student_found(victim)
    KILLS["clean_restarts"] += 1


def _try(fn, *args):
    try:
        return fn(*args)
    except OSError:
        return None


@pytest.mark.parametrize("delay", [0.4, 2.0])
def test_killed_mid_reload_restarts_with_good_rules(victim, delay):
    """The file changes to new good rules and the companion is killed `delay` seconds later:
    before it noticed, while it checked the new file, or after it switched. It comes back
    with one of the two rule sets, complete, and the same roster."""
    old_version = victim.health()["rules_version"]
    roster = state(victim)[2]
    new = versioned(f"k{int(delay * 10) + 2}")
    victim.rules.write_text(new, encoding="utf-8")
    time.sleep(delay)
    victim.kill()
    KILLS["kills"] += 1
    last_good = victim.home / "cache" / "rules.last-good.yaml"
    parse(last_good.read_text(encoding="utf-8"), str(last_good))  # complete, never half-written
    victim.start()
    status, version, roster_after = state(victim)
    assert status == "ok" and roster_after == roster
    assert version.split("+")[0] in (old_version.split("+")[0], new.split('"')[1]), version
    assert named_student_found(victim)
    KILLS["clean_restarts"] += 1


def test_killed_then_the_file_broken_comes_back_on_the_last_good_copy(victim):
    version = victim.health()["rules_version"]
    victim.kill()
    KILLS["kills"] += 1
    victim.rules.write_text(versioned("broken")[: len(GOOD) // 2], encoding="utf-8")
    victim.start()
    health = victim.health()
    assert health["rules_version"] == version and health["rules_error"]
    assert health["rules_source"].startswith("last good copy")
    assert named_student_found(victim)
    victim.rules.write_text(versioned("k9"), encoding="utf-8")
    deadline = time.monotonic() + 30
    while not victim.health()["rules_version"].startswith("k9-"):
        assert time.monotonic() < deadline, victim.health()
        time.sleep(0.2)
    KILLS["clean_restarts"] += 1
