"""The roster in a real companion on loopback: used in checks, shown in /v1/health as counts only,
picked up after an import and dropped after a clear without a restart, and a damaged store
reported while the last good roster keeps working."""

from __future__ import annotations

import time

import pytest

from tests.conftest import BUNDLED_RULES, start_companion
from tests.roster.conftest import ROSTER_CSV, main, write_csv

# On the synthetic roster: Dana Whitfield is opted out, Ana Lopez is not. No student cue in
# either draft, so only the roster can make them students.
OPTED_OUT = "Look at Dana Whitfield's amazing art project!"
ON_ROSTER = "Ana Lopez painted the hallway mural."
MARKERS = ("Quixblorp", "Zentravulo")


def rules_fired(companion, text, **context):
    """{rule id: its highest severity}, and the verdict."""
    result = companion.check(text, **context)
    rank = {"info": 0, "warning": 1, "stop": 2}
    fired: dict[str, str] = {}
    for f in result["findings"]:
        if rank[f["severity"]] >= rank[fired.get(f["rule_id"], "info")]:
            fired[f["rule_id"]] = f["severity"]
    return fired, result["verdict"]


def wait_for(companion, predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        health = companion.request("GET", "/v1/health")[1]
        if predicate(health):
            return health
        time.sleep(0.2)
    raise AssertionError(f"health never matched; last: {health}")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    home = tmp_path_factory.mktemp("roster-live")
    assert main(home, "roster", "import", str(ROSTER_CSV)).returncode == 0
    c = start_companion(home, "--rules", str(BUNDLED_RULES))
    yield c
    c.stop()


def test_the_imported_roster_is_used(live):
    health = live.request("GET", "/v1/health")[1]
    assert health["roster"] == {"students": 60, "first_names": 65, "opted_out": 7}
    assert health["roster_error"] is None and health["status"] == "ok"
    fired, verdict = rules_fired(live, ON_ROSTER)
    assert fired.get("student-name") == "stop" and verdict == "stop"
    fired, _ = rules_fired(live, ON_ROSTER.lower())
    assert "student-name" in fired


def test_an_opted_out_student_with_media_is_a_stop(live):
    fired, verdict = rules_fired(live, OPTED_OUT, has_media=True)
    assert fired["photo-opt-out"] == "stop" and verdict == "stop"
    fired, _ = rules_fired(live, ON_ROSTER, has_media=True)  # on the roster, not opted out
    assert fired.get("photo-opt-out") != "stop"
    fired, _ = rules_fired(live, OPTED_OUT)  # no media: no photo to worry about
    assert "photo-opt-out" not in fired


def test_health_shows_counts_only(live):
    raw = live.request("GET", "/v1/health")[1]
    text = repr(raw).lower()
    for name in ("whitfield", "lopez", "dana", "ana lopez"):
        assert name not in text


def test_import_damage_and_clear_apply_without_restart(live, tmp_path):
    home = live.home
    new = write_csv(tmp_path / "new.csv", "First Name,Last Name,Photo Opt-Out",
                    [f"{MARKERS[0]},{MARKERS[1]},Y", "Elena,Petrova,N"])
    assert main(home, "roster", "import", str(new)).returncode == 0
    wait_for(live, lambda h: h["roster"] == {"students": 2, "first_names": 2, "opted_out": 1})
    fired, _ = rules_fired(live, f"{MARKERS[0]} {MARKERS[1]} made the team photo!", has_media=True)
    assert fired.get("photo-opt-out") == "stop"
    assert "student-name" not in rules_fired(live, ON_ROSTER)[0]  # the old roster is gone

    # The store is damaged on disk: the companion says so and keeps the roster it has.
    store = home / "data" / "roster.json"
    store.write_bytes(store.read_bytes()[:200])
    health = wait_for(live, lambda h: h["roster_error"] is not None)
    assert health["status"] == "degraded" and "damaged" in health["roster_error"]
    assert any("stays in use" in r for r in health["reasons"])
    assert health["roster"]["students"] == 2
    assert "student-name" in rules_fired(live, f"{MARKERS[0]} {MARKERS[1]} scored")[0]

    assert main(home, "roster", "clear").returncode == 0
    health = wait_for(live, lambda h: h["roster"] is None)
    assert health["roster_error"] is None and health["status"] == "ok"
    assert "student-name" not in rules_fired(live, f"{MARKERS[0]} {MARKERS[1]} scored")[0]

    # Nothing the companion wrote holds a marker name: store, key, logs, caches.
    needles = [m.lower().encode() for m in MARKERS]
    for f in home.rglob("*"):
        if f.is_file() and f.name != "server-output.log":
            assert not [n for n in needles if n in f.read_bytes().lower()], f
    assert not [m for m in MARKERS if m.lower() in live.log().lower()]


def test_a_companion_started_on_a_damaged_store_says_so(tmp_path):
    home = tmp_path / "home"
    assert main(home, "roster", "import", str(ROSTER_CSV)).returncode == 0
    (home / "config" / "roster.key").unlink()
    c = start_companion(home, "--rules", str(BUNDLED_RULES))
    try:
        health = c.request("GET", "/v1/health")[1]
        assert health["status"] == "degraded" and health["roster"] is None
        assert "roster key" in health["roster_error"] and "is missing" in health["roster_error"]
        assert "student-name" not in rules_fired(c, ON_ROSTER)[0]
        # Fixed by importing again, without a restart.
        assert main(home, "roster", "import", str(ROSTER_CSV)).returncode == 0
        health = wait_for(c, lambda h: h["roster"] is not None)
        assert health["status"] == "ok" and health["roster_error"] is None
        assert "student-name" in rules_fired(c, ON_ROSTER)[0]
    finally:
        c.stop()


def test_roster_flag_uses_the_csv_and_ignores_the_store(tmp_path):
    home = tmp_path / "home"
    c = start_companion(home, "--rules", str(BUNDLED_RULES), "--roster", str(ROSTER_CSV))
    try:
        assert c.request("GET", "/v1/health")[1]["roster"]["students"] == 60
        assert "student-name" in rules_fired(c, ON_ROSTER)[0]
    finally:
        c.stop()
