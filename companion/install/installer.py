"""What `second-look install` and `second-look uninstall` do, in Python so it is tested here.

install (per user, unattended, idempotent): create the user's folders as the user, make sure the
configuration loads, create the pairing token (owner-only), write the agent definition, register
it with the system's tool and start it, then wait until the companion answers.

uninstall: stop and remove the agent, then remove the token, the roster and its key, the logs,
the cached rules and the user's config file: every per-user folder of the companion. IT's
machine-wide config file and the program's own environment are left to the wrapper script
(scripts/install.sh --uninstall, scripts/install.ps1 -Uninstall), which runs this first.
"""

from __future__ import annotations

import getpass
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

from companion.install.agents import SYSTEMS, Agent, run_all, system_name
from companion.install.probe import NOT_RUNNING, RUNNING, probe
from companion.settings import APP, Paths, write_private

PASSED_ENV = ("SECOND_LOOK_HOME", "SECOND_LOOK_MACHINE_CONFIG")  # isolated installs (tests, trials)


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    failed: bool = False

    def say(self, text: str) -> None:
        self.lines.append(text)

    def fail(self, text: str) -> None:
        self.failed = True
        self.lines.append("error: " + text)


def program(platform: str, python: str | None = None) -> list[str]:
    python = python or sys.executable
    if system_name(platform) == "windows":
        exe = PureWindowsPath(python)
        if exe.name.lower() == "python.exe":
            python = str(exe.with_name("pythonw.exe"))  # no console window at logon
    return [python, "-m", "companion", "serve"]


def make_agent(platform: str | None = None, scope: str = "user", python: str | None = None,
               home: Path | None = None) -> Agent:
    platform = platform or sys.platform
    system = system_name(platform)
    env = {k: os.environ[k] for k in PASSED_ENV if os.environ.get(k)}
    user = getpass.getuser()
    if system == "windows":
        domain = os.environ.get("USERDOMAIN", "")
        user = f"{domain}\\{user}" if domain else user
    xdg = os.environ.get("XDG_CONFIG_HOME")
    return SYSTEMS[system](program=program(platform, python), home=home or Path.home(), scope=scope, user=user,
                           uid=os.getuid() if hasattr(os, "getuid") else 0, env=env,
                           config_home=Path(xdg) if xdg else None)


def install(agent: Agent, runner, paths: Paths | None, *, start: bool = True, wait: float = 30.0,
            settings=None) -> Report:
    """Register the agent; `paths`/`settings` are None for an all-users install (no user yet)."""
    report = Report()
    if agent.scope == "user" and paths is not None:
        from companion.pairing import get_or_create_token
        paths.ensure()
        token_existed = paths.token_file.exists()
        get_or_create_token(paths, settings)
        if paths.token_file.exists() and os.name == "posix":
            os.chmod(paths.token_file, 0o600)  # repair a token file left readable by others
        if settings is not None and settings.pairing_token:
            report.say("pairing: IT's shared token (setting pairing_token); the extension gets it by policy")
        else:
            report.say(f"pairing token: {'kept' if token_existed else 'created'} in {paths.token_file}")
    definition = agent.definition_path
    data = agent.render()
    temp_task = None
    try:
        if definition is None:  # Windows: hand the XML to schtasks from a private temporary file
            fd, name = tempfile.mkstemp(prefix="second-look-task-", suffix=".xml")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            temp_task = Path(name)
            target = temp_task
        else:
            target = definition
            if agent.scope == "machine":
                _write_public(definition, data)
            else:
                write_private(definition, data)
        report.say(f"agent: {agent.describe()}")
        commands = agent.register_commands(target)
        if not start and agent.system == "systemd":
            commands = [c for c in commands if "restart" not in c[0]]
        _done, failed = run_all(runner, commands)
        if failed is not None:
            report.fail(f"`{' '.join(failed.argv)}` failed (exit {failed.returncode}): {failed.output or 'no message'}")
            return report
    except OSError as exc:
        report.fail(f"cannot write {exc.filename or definition}: {exc.strerror}")
        return report
    finally:
        if temp_task is not None:
            temp_task.unlink(missing_ok=True)
    if agent.scope == "machine":
        report.say("it starts for every user at their next logon")
        return report
    if not start or getattr(runner, "recording", False) or wait <= 0:
        report.say("registered; it starts at the next logon" if not start else "registered and started")
        return report
    if settings is None:
        return report
    deadline = time.monotonic() + wait
    state = None
    while time.monotonic() < deadline:
        state = probe(settings, paths, timeout=2.0)
        if state.state == RUNNING:
            report.say(f"running on http://127.0.0.1:{settings.port} (rules {state.health.get('rules_version')})")
            return report
        time.sleep(0.5)
    report.fail(f"the agent is registered but the companion did not answer on port {settings.port} within "
                f"{wait:g} s ({state.detail if state else 'no answer'}); run `second-look doctor`")
    return report


def uninstall(agent: Agent, runner, paths: Paths | None, settings=None, wait: float = 15.0) -> Report:
    report = Report()
    ran, _ = run_all(runner, agent.unregister_commands())
    for r in ran:
        if not r.ok and r.returncode not in (1, 5, 127):  # "not loaded" / "no such task" are fine
            report.say(f"note: `{' '.join(r.argv)}` said: {r.output or r.returncode}")
    definition = agent.definition_path
    if definition is not None and (definition.exists() or definition.is_symlink()):
        try:
            definition.unlink()
            report.say(f"removed {definition}")
        except OSError as exc:
            report.fail(f"cannot remove {definition}: {exc.strerror}")
    else:
        report.say(f"agent: {agent.describe()} removed (or was not there)")
    if agent.scope == "machine" or paths is None:
        return report
    # The companion must have stopped before its files go (Windows keeps open files locked).
    if settings is not None and not getattr(runner, "recording", False):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and probe(settings, paths, timeout=1.0).state != NOT_RUNNING:
            time.sleep(0.3)
    for folder in user_folders(paths):
        if not folder.exists() and not folder.is_symlink():
            continue
        try:
            _remove_tree(folder)
            report.say(f"removed {folder}")
        except OSError as exc:
            report.fail(f"cannot remove {folder}: {exc.strerror}; close Second Look and try again")
    for folder in user_folders(paths):
        _remove_empty_parents(folder)
    return report


def user_folders(paths: Paths) -> list[Path]:
    """The companion's own per-user folders, and nothing above them."""
    folders = []
    for folder in (paths.config, paths.data, paths.logs, paths.cache):
        if folder not in folders:
            folders.append(folder)
    return folders


def _remove_tree(folder: Path) -> None:
    if folder.is_symlink():
        folder.unlink()  # a link: remove the link, never what it points to
        return
    for attempt in range(5):
        try:
            shutil.rmtree(folder)
            return
        except FileNotFoundError:
            return
        except OSError:
            if attempt == 4:
                raise
            time.sleep(0.5)  # an antivirus scan or a closing log file on Windows


def _remove_empty_parents(folder: Path) -> None:
    """platformdirs nests some folders (…/SecondLook/log, …/SecondLook/Cache): remove the app's
    own folder once empty, never a folder that is not ours."""
    home_override = os.environ.get("SECOND_LOOK_HOME")
    parent = folder.parent
    for _ in range(2):
        ours = parent.name == APP or (home_override and parent == Path(home_override))
        if not ours:
            return
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _write_public(path: Path, data: bytes) -> None:
    """An all-users definition: written by an administrator, readable by everyone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
