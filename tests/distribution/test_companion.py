"""The running companion with its rules on a web server: it starts on the bundled rules, picks
up the district's file on its own schedule, and after a restart with the server down serves the
cached copy; `/v1/health` and `second-look rules status` say where the rules came from."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.conftest import ROOT, start_companion
from tests.distribution.test_fetch import BROKEN, NEW


def wait_for(companion, predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, health, _ = companion.request("GET", "/v1/health")
        if status == 200 and predicate(health):
            return health
        time.sleep(0.2)
    raise AssertionError(f"not reached; last health: {health}\n{companion.log()}")


def rules_status(home, env):
    full = {**os.environ, "SECOND_LOOK_HOME": str(home), **env}
    return subprocess.run([sys.executable, "-m", "companion", "rules", "status"], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=60)


def test_rules_from_a_web_server_reach_the_running_companion_and_survive_a_restart(tmp_path, rules_server):
    rules_server.put("/policy_rules.yaml", NEW)
    env = {"SECOND_LOOK_RULES": rules_server.url("/policy_rules.yaml"), "SECOND_LOOK_MACHINE_CONFIG": str(tmp_path / "none.yaml")}
    home = tmp_path / "home"
    c = start_companion(home, env=env)
    try:
        health = wait_for(c, lambda h: (h["rules_version"] or "").startswith("2027.1.1+"))
        assert health["rules_distribution"]["last_result"] == "changed"
        assert health["rules_distribution"]["source"] == rules_server.url("/policy_rules.yaml")
    finally:
        c.stop()
    out = rules_status(home, env)
    assert out.returncode == 0, out.stderr
    assert rules_server.url("/policy_rules.yaml") in out.stdout and "2027.1.1+" in out.stdout

    rules_server.stop()  # the laptop goes home: no district network
    c = start_companion(home, env=env)
    try:
        # Straight from the cache at start-up: the next check comes within a minute (jitter).
        status, health, _ = c.request("GET", "/v1/health")
        assert health["rules_version"].startswith("2027.1.1+"), "the cached copy keeps serving"
        assert health["status"] == "ok"
    finally:
        c.stop()


def test_a_broken_file_on_the_server_is_refused_and_reported(tmp_path, rules_server):
    rules_server.put("/policy_rules.yaml", BROKEN)
    env = {"SECOND_LOOK_RULES": rules_server.url("/policy_rules.yaml"), "SECOND_LOOK_MACHINE_CONFIG": str(tmp_path / "none.yaml")}
    home = tmp_path / "home"
    c = start_companion(home, env=env)
    try:
        health = wait_for(c, lambda h: (h["rules_distribution"] or {}).get("last_result") == "refused")
        assert health["status"] == "degraded"
        assert any("refused" in r for r in health["reasons"])
        assert not health["rules_version"].startswith("2027.1.1+")  # still the bundled rules
    finally:
        c.stop()
    out = rules_status(home, env)
    assert out.returncode == 1
    assert "fail `rules check`" in out.stdout and "severity" in out.stdout
