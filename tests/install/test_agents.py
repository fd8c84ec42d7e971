"""The agent definitions each system gets, validated with the parsers those formats have
(xml.etree for Task Scheduler, plistlib for launchd, configparser for systemd), and the exact
system-tool calls install and uninstall make, recorded instead of run."""

from __future__ import annotations

import configparser
import plistlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion.install.agents import LABEL, TASK_NS, LinuxAgent, MacAgent, WindowsAgent
from companion.install.installer import program

NS = {"t": TASK_NS}
WIN_PY = r"C:\Program Files\SecondLook\venv\Scripts\python.exe"


def windows(scope="user"):
    return WindowsAgent(program=program("win32", WIN_PY), home=Path("C:/Users/jdoe"), scope=scope, user=r"HPS\jdoe")


def test_windows_task_starts_at_logon_as_the_user_without_a_console():
    data = windows().render()
    assert data[:2] == b"\xff\xfe", "schtasks /XML wants UTF-16 with a byte-order mark"
    text = data.decode("utf-16")
    assert text.startswith('<?xml version="1.0" encoding="UTF-16"?>')
    task = ET.fromstring(text.split("\n", 1)[1])
    assert task.tag == f"{{{TASK_NS}}}Task"
    assert task.find("t:Triggers/t:LogonTrigger/t:UserId", NS).text == r"HPS\jdoe"
    principal = task.find("t:Principals/t:Principal", NS)
    assert principal.find("t:LogonType", NS).text == "InteractiveToken"  # the user's session, not Session 0
    assert principal.find("t:RunLevel", NS).text == "LeastPrivilege"
    settings = task.find("t:Settings", NS)
    assert settings.find("t:ExecutionTimeLimit", NS).text == "PT0S"
    assert settings.find("t:RestartOnFailure/t:Interval", NS).text == "PT1M"
    assert settings.find("t:RestartOnFailure/t:Count", NS).text == "10"
    assert settings.find("t:DisallowStartIfOnBatteries", NS).text == "false"
    exec_ = task.find("t:Actions/t:Exec", NS)
    assert exec_.find("t:Command", NS).text == r"C:\Program Files\SecondLook\venv\Scripts\pythonw.exe"
    assert exec_.find("t:Arguments", NS).text == "-m companion serve"
    # Every element is one Task Scheduler's 1.2 schema knows.
    known = {"Task", "RegistrationInfo", "Description", "URI", "Triggers", "LogonTrigger", "Enabled", "UserId",
             "Principals", "Principal", "LogonType", "RunLevel", "GroupId", "Settings", "MultipleInstancesPolicy",
             "DisallowStartIfOnBatteries", "StopIfGoingOnBatteries", "AllowHardTerminate", "StartWhenAvailable",
             "RunOnlyIfNetworkAvailable", "AllowStartOnDemand", "Hidden", "RunOnlyIfIdle", "WakeToRun",
             "ExecutionTimeLimit", "Priority", "IdleSettings", "StopOnIdleEnd", "RestartOnIdle", "RestartOnFailure",
             "Interval", "Count", "Actions", "Exec", "Command", "Arguments"}
    assert {el.tag.split("}")[1] for el in task.iter()} <= known


def test_windows_all_users_task_runs_for_the_users_group():
    task = ET.fromstring(windows("machine").render().decode("utf-16").split("\n", 1)[1])
    assert task.find("t:Principals/t:Principal/t:GroupId", NS).text == "S-1-5-32-545"
    assert task.find("t:Triggers/t:LogonTrigger/t:UserId", NS) is None


def test_macos_launch_agent():
    agent = MacAgent(program=["/Library/SecondLook/venv/bin/python", "-m", "companion", "serve"],
                     home=Path("/Users/jdoe"), uid=501)
    assert agent.definition_path == Path("/Users/jdoe/Library/LaunchAgents") / f"{LABEL}.plist"
    plist = plistlib.loads(agent.render())
    assert plist["Label"] == LABEL
    assert plist["ProgramArguments"] == ["/Library/SecondLook/venv/bin/python", "-m", "companion", "serve"]
    assert plist["RunAtLoad"] is True
    assert plist["KeepAlive"] == {"SuccessfulExit": False}
    assert plist["ThrottleInterval"] >= 10
    assert plist["LimitLoadToSessionType"] == "Aqua"
    assert plist["StandardErrorPath"] == "/dev/null"  # the companion keeps its own rotating log


def test_linux_unit_quotes_paths_and_backs_off():
    agent = LinuxAgent(program=["/home/j doe/.local/share/second-look/venv/bin/python", "-m", "companion", "serve"],
                       home=Path("/home/j doe"), env={"SECOND_LOOK_HOME": "/tmp/100%"})
    assert agent.definition_path == Path("/home/j doe/.config/systemd/user/second-look.service")
    unit = configparser.ConfigParser(interpolation=None, strict=True)
    unit.optionxform = str
    unit.read_string(agent.render().decode())
    service = unit["Service"]
    assert service["ExecStart"] == '"/home/j doe/.local/share/second-look/venv/bin/python" "-m" "companion" "serve"'
    assert service["Environment"] == '"SECOND_LOOK_HOME=/tmp/100%%"'
    assert service["Restart"] == "on-failure" and service["RestartSec"] == "10s"
    assert service["RestartMaxDelaySec"] == "5min"
    assert unit["Install"]["WantedBy"] == "default.target"


# (system, scope, install calls, uninstall calls); {def} is the definition file
CALLS = [
    ("linux", "user",
     [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "second-look.service"],
      ["systemctl", "--user", "restart", "second-look.service"]],
     [["systemctl", "--user", "disable", "--now", "second-look.service"], ["systemctl", "--user", "daemon-reload"],
      ["systemctl", "--user", "reset-failed", "second-look.service"]]),
    ("linux", "machine", [["systemctl", "--global", "enable", "second-look.service"]],
     [["systemctl", "--global", "disable", "second-look.service"]]),
    ("macos", "user",
     [["launchctl", "bootout", f"gui/501/{LABEL}"], ["launchctl", "enable", f"gui/501/{LABEL}"],
      ["launchctl", "bootstrap", "gui/501", "{def}"]],
     [["launchctl", "bootout", f"gui/501/{LABEL}"]]),
    ("windows", "user",
     [["schtasks", "/End", "/TN", "Second Look (jdoe)"], ["schtasks", "/Create", "/TN", "Second Look (jdoe)", "/XML", "{def}", "/F"],
      ["schtasks", "/Run", "/TN", "Second Look (jdoe)"]],
     [["schtasks", "/End", "/TN", "Second Look (jdoe)"], ["schtasks", "/Delete", "/TN", "Second Look (jdoe)", "/F"]]),
    ("windows", "machine",
     [["schtasks", "/End", "/TN", "Second Look"], ["schtasks", "/Create", "/TN", "Second Look", "/XML", "{def}", "/F"]],
     [["schtasks", "/End", "/TN", "Second Look"], ["schtasks", "/Delete", "/TN", "Second Look", "/F"]]),
]


@pytest.mark.parametrize("system, scope, install_calls, uninstall_calls", CALLS, ids=[f"{c[0]}-{c[1]}" for c in CALLS])
def test_system_tool_calls(tmp_path, system, scope, install_calls, uninstall_calls):
    from companion.install.installer import install, uninstall
    from companion.install.runner import RecordingRunner
    cls = {"linux": LinuxAgent, "macos": MacAgent, "windows": WindowsAgent}[system]
    agent = cls(program=["python", "-m", "companion", "serve"], home=tmp_path, scope=scope, user=r"HPS\jdoe", uid=501)
    if scope == "machine" and system != "windows":
        pytest.skip("an all-users definition is written to /etc or /Library: checked by its commands only")
    runner = RecordingRunner()
    report = install(agent, runner, None)
    assert not report.failed, report.lines
    definition = str(agent.definition_path) if agent.definition_path else None
    if definition is None:  # Windows: a temporary XML file, removed after registering
        created = next(c for c in runner.calls if "/Create" in c)
        definition = created[created.index("/XML") + 1]
        assert not Path(definition).exists()
    assert runner.calls == [[definition if a == "{def}" else a for a in call] for call in install_calls]
    runner = RecordingRunner()
    uninstall(agent, runner, None)
    assert runner.calls == uninstall_calls
    if agent.definition_path:
        assert not agent.definition_path.exists()


@pytest.mark.parametrize("system, scope", [("linux", "machine"), ("macos", "machine")])
def test_all_users_commands(system, scope):
    cls = {"linux": LinuxAgent, "macos": MacAgent}[system]
    agent = cls(program=["python"], home=Path("/home/x"), scope=scope)
    assert str(agent.definition_path).startswith(("/etc/systemd/user/", "/Library/LaunchAgents/"))
    expected = next(c for c in CALLS if c[0] == system and c[1] == scope) if system == "linux" else None
    if expected:
        assert [a for a, _ in agent.register_commands(agent.definition_path)] == expected[2]
    else:
        assert agent.register_commands(agent.definition_path) == []  # loads at each user's next login
