"""The autostart agent on each system: started at logon as the staff member (never as a system
service: Windows services run in the user-less Session 0), restarted after a crash with a
back-off.

- Windows: a Task Scheduler task, "At log on", as the user (InteractiveToken, least privilege),
  registered with `schtasks /Create /XML`; restart on failure every minute, up to 10 times.
  It runs `pythonw.exe` so no console window opens at logon.
- macOS: a LaunchAgent plist (`RunAtLoad`, `KeepAlive` unless it exited cleanly,
  `ThrottleInterval` 30 s between restarts), loaded with `launchctl bootstrap gui/<uid>`.
- Linux: a `systemd --user` unit (`Restart=on-failure`, 10 s growing to 5 min between tries),
  enabled with `systemctl --user`.

`scope="machine"` (an administrator, `install --all-users`) puts one definition where the system
starts it for every user at their next logon: a task for the Users group, a plist in
/Library/LaunchAgents, a unit in /etc/systemd/user enabled with `systemctl --global`.
"""

from __future__ import annotations

import plistlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from companion.install.runner import Ran

LABEL = "org.highlineschools.second-look"  # macOS launchd label
UNIT = "second-look.service"  # systemd unit
TASK = "Second Look"  # Windows task name (per user: "Second Look (<user>)")
TASK_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
USERS_GROUP_SID = "S-1-5-32-545"  # BUILTIN\Users: every interactive user
DESCRIPTION = ("Second Look companion: checks social-media drafts against Highline guideline 4309P, "
               "on this computer only. Installed by `second-look install`.")


@dataclass
class Agent:
    program: list[str]  # the command that starts the companion
    home: Path  # the user's home folder
    scope: str = "user"  # or "machine"
    user: str = ""  # Windows: DOMAIN\user; others: the login name
    uid: int = 0  # macOS: for gui/<uid>
    env: dict[str, str] = field(default_factory=dict)
    config_home: Path | None = None  # Linux: $XDG_CONFIG_HOME

    system = ""

    @property
    def definition_path(self) -> Path | None:
        raise NotImplementedError

    def render(self) -> bytes:
        raise NotImplementedError

    def register_commands(self, definition: Path | None) -> list[tuple[list[str], bool]]:
        """(argv, must succeed) in order."""
        raise NotImplementedError

    def unregister_commands(self) -> list[tuple[list[str], bool]]:
        raise NotImplementedError

    def query_command(self) -> list[str] | None:
        return None

    def describe(self) -> str:
        return f"{self.system} agent at {self.definition_path}"


class LinuxAgent(Agent):
    system = "systemd"

    @property
    def definition_path(self) -> Path:
        if self.scope == "machine":
            return Path("/etc/systemd/user") / UNIT
        return (self.config_home or self.home / ".config") / "systemd" / "user" / UNIT

    def render(self) -> bytes:
        env = "".join(f"Environment={_systemd_quote(f'{k}={v}', dollar=False)}\n" for k, v in sorted(self.env.items()))
        return (
            "# Second Look companion, started at logon for this user. Made by `second-look install`;\n"
            "# removed by `second-look uninstall`.\n"
            "[Unit]\n"
            "Description=Second Look companion (checks social-media drafts on this computer)\n"
            # Give up only after 20 failed starts in an hour: with the growing delay below that
            # is never reached by a companion that can start at all.
            "StartLimitIntervalSec=1h\n"
            "StartLimitBurst=20\n"
            "\n[Service]\n"
            "Type=simple\n"
            f"ExecStart={' '.join(_systemd_quote(a) for a in self.program)}\n"
            f"{env}"
            "Restart=on-failure\n"
            "RestartSec=10s\n"
            # systemd 254+: the delay grows from 10 s to 5 min over 5 restarts; older ones keep 10 s.
            "RestartSteps=5\n"
            "RestartMaxDelaySec=5min\n"
            "NoNewPrivileges=yes\n"
            "\n[Install]\n"
            "WantedBy=default.target\n"
        ).encode("utf-8")

    def _ctl(self) -> list[str]:
        return ["systemctl", "--global"] if self.scope == "machine" else ["systemctl", "--user"]

    def register_commands(self, definition):
        if self.scope == "machine":
            return [(self._ctl() + ["enable", UNIT], True)]
        return [(self._ctl() + ["daemon-reload"], True), (self._ctl() + ["enable", UNIT], True),
                (self._ctl() + ["restart", UNIT], True)]

    def unregister_commands(self):
        if self.scope == "machine":
            return [(self._ctl() + ["disable", UNIT], False)]
        return [(self._ctl() + ["disable", "--now", UNIT], False), (self._ctl() + ["daemon-reload"], False),
                (self._ctl() + ["reset-failed", UNIT], False)]

    def query_command(self):
        return None if self.scope == "machine" else self._ctl() + ["is-active", UNIT]


def _systemd_quote(arg: str, dollar: bool = True) -> str:
    # systemd splits ExecStart on spaces and expands % specifiers (and $VARS in ExecStart):
    # quote and escape them.
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if dollar:
        escaped = escaped.replace("$", "$$")
    return f'"{escaped}"'


class MacAgent(Agent):
    system = "launchd"

    @property
    def definition_path(self) -> Path:
        if self.scope == "machine":
            return Path("/Library/LaunchAgents") / f"{LABEL}.plist"
        return self.home / "Library" / "LaunchAgents" / f"{LABEL}.plist"

    def render(self) -> bytes:
        plist = {
            "Label": LABEL,
            "ProgramArguments": list(self.program),
            "RunAtLoad": True,
            # Restart when it crashes or fails; a clean exit (the user quit it) stays quit.
            "KeepAlive": {"SuccessfulExit": False},
            "ThrottleInterval": 30,  # at least 30 s between starts: the back-off
            "LimitLoadToSessionType": "Aqua",  # only in a logged-on desktop session
            "ProcessType": "Interactive",  # checks run while the staff member types
            # The companion keeps its own rotating log; launchd's files would grow forever.
            "StandardOutPath": "/dev/null",
            "StandardErrorPath": "/dev/null",
        }
        if self.env:
            plist["EnvironmentVariables"] = dict(sorted(self.env.items()))
        return plistlib.dumps(plist, fmt=plistlib.FMT_XML, sort_keys=False)

    def register_commands(self, definition):
        if self.scope == "machine":
            return []  # loaded for each user at their next login
        domain, target = f"gui/{self.uid}", f"gui/{self.uid}/{LABEL}"
        return [(["launchctl", "bootout", target], False), (["launchctl", "enable", target], True),
                (["launchctl", "bootstrap", domain, str(definition)], True)]

    def unregister_commands(self):
        if self.scope == "machine":
            return []
        return [(["launchctl", "bootout", f"gui/{self.uid}/{LABEL}"], False)]

    def query_command(self):
        return None if self.scope == "machine" else ["launchctl", "print", f"gui/{self.uid}/{LABEL}"]


class WindowsAgent(Agent):
    system = "Task Scheduler"

    @property
    def task_name(self) -> str:
        if self.scope == "machine":
            return TASK
        # Task names are shared by everyone on the computer: one task per user.
        return f"{TASK} ({self.user.split(chr(92))[-1]})"

    @property
    def definition_path(self) -> None:
        return None  # Task Scheduler keeps the definition itself

    def describe(self) -> str:
        return f"Task Scheduler task \"{self.task_name}\""

    def render(self) -> bytes:
        ET.register_namespace("", TASK_NS)
        q = lambda tag: f"{{{TASK_NS}}}{tag}"  # noqa: E731
        task = ET.Element(q("Task"), {"version": "1.2"})

        def sub(parent, tag, text=None, **attrs):
            el = ET.SubElement(parent, q(tag), attrs)
            if text is not None:
                el.text = text
            return el

        info = sub(task, "RegistrationInfo")
        sub(info, "Description", DESCRIPTION)
        sub(info, "URI", "\\" + self.task_name)
        triggers = sub(task, "Triggers")
        logon = sub(triggers, "LogonTrigger")
        sub(logon, "Enabled", "true")
        if self.scope != "machine":
            sub(logon, "UserId", self.user)
        principal = sub(sub(task, "Principals"), "Principal", id="Author")
        if self.scope == "machine":
            sub(principal, "GroupId", USERS_GROUP_SID)
        else:
            sub(principal, "UserId", self.user)
            sub(principal, "LogonType", "InteractiveToken")  # in the user's session, not Session 0
        sub(principal, "RunLevel", "LeastPrivilege")
        settings = sub(task, "Settings")
        for tag, value in (("MultipleInstancesPolicy", "IgnoreNew"), ("DisallowStartIfOnBatteries", "false"),
                           ("StopIfGoingOnBatteries", "false"), ("AllowHardTerminate", "true"),
                           ("StartWhenAvailable", "true"), ("RunOnlyIfNetworkAvailable", "false"),
                           ("AllowStartOnDemand", "true"), ("Enabled", "true"), ("Hidden", "false"),
                           ("RunOnlyIfIdle", "false"), ("WakeToRun", "false"),
                           ("ExecutionTimeLimit", "PT0S"),  # no time limit: it runs all day
                           ("Priority", "5")):  # normal priority (the default 7 is below normal)
            sub(settings, tag, value)
        idle = sub(settings, "IdleSettings")
        sub(idle, "StopOnIdleEnd", "false")
        sub(idle, "RestartOnIdle", "false")
        restart = sub(settings, "RestartOnFailure")  # Task Scheduler's back-off: 1 minute is its shortest
        sub(restart, "Interval", "PT1M")
        sub(restart, "Count", "10")
        exec_ = sub(sub(task, "Actions", Context="Author"), "Exec")
        sub(exec_, "Command", self.program[0])
        sub(exec_, "Arguments", " ".join(_windows_quote(a) for a in self.program[1:]))
        ET.indent(task)
        body = ET.tostring(task, encoding="unicode")
        # schtasks /XML reads UTF-16 with a byte-order mark.
        return ('<?xml version="1.0" encoding="UTF-16"?>\n' + body + "\n").encode("utf-16")

    def register_commands(self, definition):
        return [(["schtasks", "/End", "/TN", self.task_name], False),
                (["schtasks", "/Create", "/TN", self.task_name, "/XML", str(definition), "/F"], True)] + (
            [] if self.scope == "machine" else [(["schtasks", "/Run", "/TN", self.task_name], True)])

    def unregister_commands(self):
        return [(["schtasks", "/End", "/TN", self.task_name], False),
                (["schtasks", "/Delete", "/TN", self.task_name, "/F"], False)]

    def query_command(self):
        return ["schtasks", "/Query", "/TN", self.task_name]


def _windows_quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) else arg


SYSTEMS = {"windows": WindowsAgent, "macos": MacAgent, "linux": LinuxAgent}


def system_name(platform: str) -> str:
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"


def run_all(runner, commands: list[tuple[list[str], bool]]) -> tuple[list[Ran], Ran | None]:
    """Run in order; stop at the first required command that fails and return it."""
    done = []
    for argv, required in commands:
        ran = runner.run(argv)
        done.append(ran)
        if required and not ran.ok:
            return done, ran
    return done, None
