"""`second-look doctor`: every problem it names, produced for real, and its line and remedy.

One case per failure: the state of the computer is made (a config file with a typo, a program
on the port, a companion with another token, a refused rules file…), then doctor runs."""

from __future__ import annotations

import http.server
import json
import os
import re
import socket
import threading
from pathlib import Path

import pytest

from companion.commands.doctor import REMEDIES, diagnose
from companion.rules.remote import STATUS_NAME, Status
from companion.settings import Paths
from tests.conftest import ROOT, free_port, start_companion


@pytest.fixture
def machine(fresh_home, tmp_path, monkeypatch):
    """An isolated computer: HOME, SECOND_LOOK_HOME and IT's file in tmp; a free port."""
    monkeypatch.setenv("SECOND_LOOK_HOME", str(tmp_path / "sl"))
    monkeypatch.setenv("SECOND_LOOK_PORT", str(free_port()))
    paths = Paths.for_user()

    class Machine:
        def __init__(self):
            self.paths = paths
            self.config = Path(os.environ["SECOND_LOOK_MACHINE_CONFIG"])

        def doctor(self):
            lines = diagnose(self.paths, runner=None, platform="linux")
            return {ln.code: ln for ln in lines}

    return Machine()


def levels(found):
    return {code: ln.level for code, ln in found.items()}


def test_a_fresh_computer_with_nothing_running(machine):
    found = machine.doctor()
    assert found["not-running"].level == "FAIL"
    assert found["agent-missing"].level == "FAIL"
    assert found["token-missing"].level == "WARN"
    assert found["version"].level == "ok" and found["model"].level == "ok"


def test_config_error_names_the_file_and_line(machine):
    machine.config.write_text("port: 4309\nrules_check_minute: 5\n", encoding="utf-8")
    found = machine.doctor()
    assert found["config-error"].level == "FAIL"
    assert f"{machine.config}:2: rules_check_minute:" in found["config-error"].text
    assert "did you mean 'rules_check_minutes'?" in found["config-error"].text


def test_port_taken_by_a_web_server(machine):
    port = int(os.environ["SECOND_LOOK_PORT"])
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        found = machine.doctor()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert found["port-taken"].level == "FAIL"
    assert f"port {port}: another program answers" in found["port-taken"].text


def test_port_taken_by_a_program_that_does_not_speak_http(machine):
    port = int(os.environ["SECOND_LOOK_PORT"])
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", port))
        listener.listen()

        def answer():
            conn, _ = listener.accept()
            conn.sendall(b"SSH-2.0-OpenSSH\r\n")
            conn.close()

        threading.Thread(target=answer, daemon=True).start()
        found = machine.doctor()
    assert found["port-taken"].level == "FAIL"


def test_running_companion_is_reported_with_its_rules(machine, companion, monkeypatch):
    monkeypatch.setenv("SECOND_LOOK_PORT", str(companion.port))
    monkeypatch.setenv("SECOND_LOOK_TOKEN", companion.token)
    found = machine.doctor()
    assert found["running"].level == "ok"
    assert found["agent-missing"].level == "WARN", "running by hand: the missing agent is only a warning"
    assert re.search(r"\d{4}\.\d+\.\d+\+[0-9a-f]{8}", found["rules"].text)
    assert not [ln for ln in found.values() if ln.level == "FAIL"]


def test_wrong_token(machine, companion, monkeypatch):
    monkeypatch.setenv("SECOND_LOOK_PORT", str(companion.port))
    monkeypatch.setenv("SECOND_LOOK_TOKEN", "x" * 30)
    found = machine.doctor()
    assert found["wrong-token"].level == "FAIL"


def test_model_missing_in_the_running_companion(machine, tmp_path, monkeypatch):
    c = start_companion(tmp_path / "degraded", env={"SECOND_LOOK_MODEL": "no_such_model_pkg"})
    try:
        monkeypatch.setenv("SECOND_LOOK_PORT", str(c.port))
        monkeypatch.setenv("SECOND_LOOK_TOKEN", c.token)
        found = machine.doctor()
    finally:
        c.stop()
    assert found["model-missing"].level == "FAIL"
    assert "blank" in found["model-missing"].text


def test_model_missing_when_not_running(machine, monkeypatch):
    monkeypatch.setenv("SECOND_LOOK_MODEL", "no_such_model_pkg")
    assert machine.doctor()["model-missing"].level == "FAIL"


def test_a_broken_local_rules_file(machine, tmp_path, monkeypatch):
    broken = tmp_path / "rules.yaml"
    broken.write_text("version: 1\nrules:\n  - id: x\n    severity: urgent\n", encoding="utf-8")
    monkeypatch.setenv("SECOND_LOOK_RULES", str(broken))
    found = machine.doctor()
    assert found["rules-problem"].level == "FAIL"
    assert f"{broken}:" in found["rules-problem"].text


@pytest.mark.parametrize("result, code, level", [("refused", "rules-problem", "FAIL"), ("offline", "rules-offline", "WARN")])
def test_the_district_rules_refused_or_offline(machine, monkeypatch, result, code, level):
    monkeypatch.setenv("SECOND_LOOK_RULES", "https://www.highlineschools.org/second-look/policy_rules.yaml")
    machine.paths.cache.mkdir(parents=True)
    Status(source="https://www.highlineschools.org/second-look/policy_rules.yaml", version="2027.1.1+abcdef12",
           last_result=result, last_error="the server answered 503" if result == "offline" else "signature refused",
           checked_at=1.0, changed_at=1.0).write(machine.paths.cache / STATUS_NAME)
    found = machine.doctor()
    assert found[code].level == level


def test_a_damaged_roster_store(machine):
    machine.paths.data.mkdir(parents=True)
    machine.paths.roster_file.write_text("{ not json", encoding="utf-8")
    found = machine.doctor()
    assert found["roster-problem"].level == "FAIL"
    assert "import the roster again" in found["roster-problem"].text


def test_token_readable_by_others(machine):
    from companion.pairing import get_or_create_token
    machine.paths.ensure()
    get_or_create_token(machine.paths)
    os.chmod(machine.paths.token_file, 0o644)
    found = machine.doctor()
    assert found["token-permissions"].level == "FAIL"
    assert "is 644, should be 600" in found["token-permissions"].text


def test_doctor_writes_nothing(machine):
    machine.doctor()
    assert not Path(os.environ["SECOND_LOOK_HOME"]).exists()


def test_every_doctor_code_is_in_the_troubleshooting_table():
    guide = (ROOT / "docs" / "it-guide.md").read_text(encoding="utf-8")
    table = guide.split("## Troubleshooting", 1)[1]
    missing = [code for code in REMEDIES if f"`{code}`" not in table]
    assert not missing, f"docs/it-guide.md's troubleshooting table lacks: {missing}"


def test_doctor_command_exit_code(machine):
    import subprocess, sys
    proc = subprocess.run([sys.executable, "-m", "companion", "doctor"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env=dict(os.environ))
    assert proc.returncode == 1
    assert "FAIL  not-running" in proc.stdout and "→ Start it" in proc.stdout
