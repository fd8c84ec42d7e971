"""Install and uninstall end to end in a temporary HOME on Linux.

systemctl is not called: a stand-in records each call and does what systemd would do with the
unit that `install` wrote (start its ExecStart with its Environment lines on `restart`, stop it
on `disable --now`), so the test proves the unit really starts a working companion, and that
after uninstall nothing of Second Look is left in the home folder."""

from __future__ import annotations

import configparser
import os
import shlex
import signal
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from companion.commands import doctor, install as install_cmd, uninstall as uninstall_cmd
from companion.install.runner import Ran, RecordingRunner
from tests.conftest import ROOT, free_port
from tests.install.conftest import files_under


class FakeSystemd:
    recording = False  # install waits for the companion to answer, as on a real laptop

    def __init__(self, unit_path: Path) -> None:
        self.unit_path = unit_path
        self.calls: list[list[str]] = []
        self.proc: subprocess.Popen | None = None

    def run(self, argv, timeout=60):
        self.calls.append(list(argv))
        if argv[:2] != ["systemctl", "--user"]:
            return Ran(argv, 1, "unexpected")
        if argv[2] == "restart":
            self.stop()
            unit = configparser.ConfigParser(interpolation=None, strict=False)
            unit.optionxform = str
            unit.read_string(self.unit_path.read_text())
            service = unit["Service"]
            exec_start = [a.replace("%%", "%") for a in shlex.split(service["ExecStart"])]
            env = dict(os.environ)
            for line in [service["Environment"]] if "Environment" in service else []:
                key, _, value = shlex.split(line)[0].replace("%%", "%").partition("=")
                env[key] = value
            self.proc = subprocess.Popen(exec_start, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        elif argv[2] == "disable" and "--now" in argv:
            self.stop()
        return Ran(argv, 0, "")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def args(**kw):
    base = dict(all_users=False, dry_run=False, platform=None, no_start=False, wait=60.0)
    base.update(kw)
    return SimpleNamespace(**base)


def test_install_then_uninstall_leaves_nothing(fresh_home, tmp_path, monkeypatch, capsys):
    port = free_port()
    machine = Path(os.environ["SECOND_LOOK_MACHINE_CONFIG"])
    machine.write_text(f"port: {port}\n", encoding="utf-8")
    unit = fresh_home / ".config" / "systemd" / "user" / "second-look.service"
    systemd = FakeSystemd(unit)
    monkeypatch.setattr(install_cmd, "make_runner", lambda: systemd)
    monkeypatch.setattr(uninstall_cmd, "make_runner", lambda: systemd)
    monkeypatch.setattr(doctor, "make_runner", lambda: systemd)
    try:
        assert install_cmd.run(args()) == 0, capsys.readouterr()
        out = capsys.readouterr().out
        assert f"running on http://127.0.0.1:{port}" in out
        assert unit.exists() and unit.stat().st_mode & 0o777 == 0o600
        token = fresh_home / ".config" / "SecondLook" / "token"
        assert token.stat().st_mode & 0o777 == 0o600
        assert systemd.calls == [["systemctl", "--user", "daemon-reload"],
                                 ["systemctl", "--user", "enable", "second-look.service"],
                                 ["systemctl", "--user", "restart", "second-look.service"]]

        # Idempotent: a second install keeps the token and writes the same unit.
        first_unit, first_token = unit.read_bytes(), token.read_bytes()
        assert install_cmd.run(args()) == 0
        assert unit.read_bytes() == first_unit and token.read_bytes() == first_token
        capsys.readouterr()

        # doctor sees a healthy install.
        assert doctor.run(SimpleNamespace()) == 0, capsys.readouterr().out
        report = capsys.readouterr().out
        assert "ok    running" in report and "ok    agent" in report and "All good." in report

        assert uninstall_cmd.run(args()) == 0
        assert systemd.proc.poll() is not None, "the companion was stopped"
        assert systemd.calls[-3:] == [["systemctl", "--user", "disable", "--now", "second-look.service"],
                                      ["systemctl", "--user", "daemon-reload"],
                                      ["systemctl", "--user", "reset-failed", "second-look.service"]]
    finally:
        systemd.stop()
    left = [p for p in fresh_home.rglob("*") if p.is_file() or p.is_symlink()]
    assert left == [], f"left behind: {left}"
    assert not [p for p in fresh_home.rglob("*") if "SecondLook" in p.name or "second-look" in p.name], \
        files_under(fresh_home)


def test_a_failing_system_tool_stops_install_with_a_message(fresh_home, monkeypatch, capsys):
    runner = RecordingRunner(answers={"enable": 1})
    monkeypatch.setattr(install_cmd, "make_runner", lambda: runner)
    assert install_cmd.run(args()) == 1
    err = capsys.readouterr().err
    assert "error: `systemctl --user enable second-look.service` failed (exit 1)" in err
    assert ["systemctl", "--user", "restart", "second-look.service"] not in runner.calls


def test_a_broken_config_stops_install_before_anything_is_registered(fresh_home, monkeypatch, capsys):
    Path(os.environ["SECOND_LOOK_MACHINE_CONFIG"]).write_text("prot: 4309\n", encoding="utf-8")
    runner = RecordingRunner()
    monkeypatch.setattr(install_cmd, "make_runner", lambda: runner)
    with pytest.raises(SystemExit) as exit_:
        install_cmd.run(args())
    assert exit_.value.code == 2
    assert "did you mean 'port'?" in capsys.readouterr().err
    assert runner.calls == []


def test_uninstall_when_nothing_is_installed_is_fine(fresh_home, monkeypatch, capsys):
    runner = RecordingRunner(answers={"disable": 5})
    monkeypatch.setattr(uninstall_cmd, "make_runner", lambda: runner)
    assert uninstall_cmd.run(args()) == 0
    assert files_under(fresh_home) == []


def test_uninstall_removes_a_symlinked_folder_but_not_its_target(fresh_home, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not ours")
    (fresh_home / ".cache").mkdir()
    (fresh_home / ".cache" / "SecondLook").symlink_to(elsewhere)
    monkeypatch.setattr(uninstall_cmd, "make_runner", RecordingRunner)
    assert uninstall_cmd.run(args()) == 0
    assert (elsewhere / "keep.txt").exists()
    assert not (fresh_home / ".cache" / "SecondLook").exists()


@pytest.mark.parametrize("platform, expect", [
    ("windows", ["<LogonType>InteractiveToken</LogonType>", "schtasks /Create"]),
    ("macos", ["<key>RunAtLoad</key>", "launchctl bootstrap gui/"]),
    ("linux", ["Restart=on-failure", "systemctl --user enable second-look.service"]),
])
def test_dry_run_shows_the_agent_and_commands_and_changes_nothing(fresh_home, platform, expect):
    env = dict(os.environ)
    proc = subprocess.run([os.sys.executable, "-m", "companion", "install", "--dry-run", "--platform", platform],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for piece in expect:
        assert piece in proc.stdout
    assert files_under(fresh_home) == []
