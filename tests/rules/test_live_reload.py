"""The running companion picks up a rules change within two seconds, refuses a broken one
(keeping the last good rules and saying which line), and applies the fix."""

from __future__ import annotations

import time

import pytest

from tests.conftest import BUNDLED_RULES, start_companion


def wait_for(predicate, timeout=4.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


@pytest.fixture
def live(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(BUNDLED_RULES.read_text())
    c = start_companion(tmp_path / "home", "--rules", str(rules))
    yield c, rules
    c.stop()


def health(c):
    return c.request("GET", "/v1/health")[1]


def test_change_broken_fix(live):
    c, rules = live
    good = rules.read_text()
    before = health(c)["rules_version"]

    # 1. A good change: a new word in a list is live once it has been noticed (two polls half a
    # second apart, so within a second) and fully checked (every example runs: about a second on
    # a quiet machine, more on a busy one; the budget here is generous for shared CI machines).
    started = time.monotonic()
    assert "    - hopeless\n" in good
    rules.write_text(good.replace('version: "2026.12.1"', 'version: "2026.12.2"').replace(
        "    - hopeless\n", "    - hopeless\n    - kerfuffle\n", 1))
    assert wait_for(lambda: health(c)["rules_version"].startswith("2026.12.2+"), timeout=8)
    assert time.monotonic() - started < 8
    assert "negative-remark" in {f["rule_id"] for f in c.check("The district office is a kerfuffle")["findings"]}

    # 2. A broken change: refused with its line; the last good rules keep answering.
    broken = good.replace('version: "2026.12.1"', 'version: "2026.12.3"').replace("severity: stop", "severity: urgent", 1)
    rules.write_text(broken)
    line = next(i for i, t in enumerate(broken.splitlines(), 1) if "severity: urgent" in t)
    status = wait_for(lambda: health(c)["rules_error"], timeout=8)
    assert status and status[0]["line"] == line and "urgent" in status[0]["message"]
    h = health(c)
    assert h["status"] == "degraded" and h["rules_version"].startswith("2026.12.2+")
    assert "negative-remark" in {f["rule_id"] for f in c.check("The district office is a kerfuffle")["findings"]}

    # 3. Fixed: applied, and the error is gone.
    rules.write_text(good.replace('version: "2026.12.1"', 'version: "2026.12.4"'))
    assert wait_for(lambda: health(c)["rules_version"].startswith("2026.12.4+"), timeout=8)
    h = health(c)
    assert h["rules_error"] is None and h["status"] == "ok"
    assert before != h["rules_version"]
