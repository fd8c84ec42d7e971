"""Fleet configuration: IT's machine-wide file, then the staff member's own file, then
environment variables, on top of the defaults in `companion.settings`.

Both files are YAML, read by the same safe loader as the rules file (no tags, anchors or
duplicate keys; every value keeps its line), so a mistake is reported as
`FILE:LINE: key: what is wrong`, with a did-you-mean for a misspelt key. YAML rather than TOML
because IT already edits the rules file in it and because TOML's standard reader gives no lines.

Where the machine-wide file lives (readable by every user, writable by administrators only):

    Windows  %ProgramData%\\SecondLook\\config.yaml
    macOS    /Library/Application Support/SecondLook/config.yaml
    Linux    /etc/second-look/config.yaml

`SECOND_LOOK_MACHINE_CONFIG` points elsewhere (tests, trials). The user's file is
`config.yaml` in the per-user config folder. When a machine-wide file exists, the user's file may
set only the keys IT lists in `user_may_override` (default: `log_level`); with no machine-wide
file (a home install) it may set anything. Environment variables `SECOND_LOOK_<SETTING>` (e.g.
`SECOND_LOOK_PORT`) come last: they are for troubleshooting and tests, and anyone who can set
them can run their own program anyway, so the lock is about keeping the fleet consistent, not a
security boundary.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from companion.rules.problems import Problem, RulesError
from companion.rules.yamlfile import Node, load
from companion.settings import DEFAULTS, SETTINGS, Paths, Settings
from companion.worktime import HoursError, parse_hours

FILE_NAME = "config.yaml"
MACHINE_ENV = "SECOND_LOOK_MACHINE_CONFIG"
ENV_PREFIX = "SECOND_LOOK_"
ALLOW_KEY = "user_may_override"
DEFAULT_USER_MAY_OVERRIDE = ("log_level",)
MAX_CONFIG_BYTES = 64 * 1024
LOG_LEVELS = ("debug", "info", "warning", "error")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class ConfigError(Exception):
    """One or more problems in a configuration file or variable, each with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def machine_config_path(platform: str | None = None) -> Path:
    override = os.environ.get(MACHINE_ENV)
    if override:
        return Path(override)
    platform = platform or sys.platform
    if platform.startswith("win"):
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / "SecondLook" / FILE_NAME
    if platform == "darwin":
        return Path("/Library/Application Support/SecondLook") / FILE_NAME
    return Path("/etc/second-look") / FILE_NAME


def user_config_path(paths: Paths) -> Path:
    return paths.config / FILE_NAME


# -- values -----------------------------------------------------------------------------------
class BadValue(ValueError):
    pass


def _int(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        text = _scalar(value)
        if not re.fullmatch(r"[0-9][0-9_]*", text.strip()):
            raise BadValue(f"must be a whole number from {low:,} to {high:,}, not {text!r}")
        n = int(text.strip().replace("_", ""))
        if not low <= n <= high:
            raise BadValue(f"must be from {low:,} to {high:,}, not {n:,}")
        return n
    return parse


def _bool(value: Any) -> bool:
    text = _scalar(value).strip().lower()
    if text in ("true", "yes", "on"):
        return True
    if text in ("false", "no", "off"):
        return False
    raise BadValue(f"must be true or false, not {text!r}")


def _scalar(value: Any) -> str:
    if isinstance(value, (list, dict)):
        raise BadValue("must be a single value, not a list or a mapping")
    return "" if value is None else str(value)


def _rules_source(value: Any, base: Path | None) -> str:
    text = _scalar(value).strip()
    if not text:
        return ""
    if "://" in text:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
        if parts.scheme == "https" and host:
            return text
        if parts.scheme == "http" and host in LOOPBACK_HOSTS:
            return text  # a server on this machine only (tests, a local mirror)
        raise BadValue("a rules URL must start with https:// (plain http:// is allowed only for 127.0.0.1)")
    if text.startswith(("\\\\", "//")) or re.match(r"^[A-Za-z]:[\\/]", text):
        return text  # a network share or a Windows drive path: absolute as it is
    path = Path(os.path.expanduser(text))
    if not path.is_absolute() and base is not None:
        path = base / path  # relative to the file that names it, as people expect
    return str(path)


def _hours(value: Any) -> str:
    text = _scalar(value).strip()
    try:
        parse_hours(text)
    except HoursError as exc:
        raise BadValue(str(exc)) from None
    return text


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = _scalar(value).strip().lower()
        if text not in options:
            raise BadValue(f"must be one of {', '.join(options)}, not {text!r}")
        return text
    return parse


_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _domains(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else ([value] if value not in (None, "") else [])
    out = []
    for item in items:
        domain = _scalar(item).strip().lower().lstrip("@")
        if not _DOMAIN.match(domain):
            raise BadValue(f"{domain!r} is not an e-mail domain like students.highlineschools.org")
        out.append(domain)
    return tuple(out)


def _token(value: Any) -> str:
    text = _scalar(value).strip()
    if text and not re.fullmatch(r"[A-Za-z0-9._~-]{20,200}", text):
        raise BadValue("must be 20 to 200 letters, digits or . _ ~ - (any password generator makes one), and it is sent in a header so it cannot have spaces")
    return text


def _sha256(value: Any) -> str:
    text = _scalar(value).strip().lower()
    if text and not re.fullmatch(r"[0-9a-f]{64}", text):
        raise BadValue("must be 64 hexadecimal characters (the output of sha256sum or Get-FileHash)")
    return text


def _public_key(value: Any) -> str:
    text = _scalar(value).strip()
    if text:
        from companion.rules.signature import SignatureError, parse_public_key
        try:
            parse_public_key(text)
        except SignatureError as exc:
            raise BadValue(str(exc)) from None
    return text


def parsers(base: Path | None) -> dict[str, Callable[[Any], Any]]:
    """One parser per setting; each raises BadValue with a sentence for the person fixing it."""
    return {
        "port": _int(1024, 65535),
        "rules": lambda v: _rules_source(v, base),
        "max_body_bytes": _int(1024, 10 * 1024 * 1024),
        "max_text_chars": _int(100, 1_000_000),
        "check_timeout_ms": _int(100, 60_000),
        "max_concurrent_checks": _int(1, 64),
        "rate_limit_per_second": _int(1, 10_000),
        "district_equipment": _bool,
        "working_hours": _hours,
        "student_email_domains": _domains,
        "pairing_token": _token,
        "log_level": _choice(LOG_LEVELS),
        "rules_check_minutes": _int(1, 7 * 24 * 60),
        "rules_timeout_seconds": _int(1, 300),
        "rules_sha256": _sha256,
        "rules_public_key": _public_key,
    }


assert set(parsers(None)) == set(DEFAULTS), "every setting needs a parser in companion/config.py"


# -- files ------------------------------------------------------------------------------------
def read_file(path: Path, *, machine: bool, allowed: tuple[str, ...] | None = None
              ) -> tuple[dict[str, Any], dict[str, int], tuple[str, ...] | None]:
    """Read one config file: (values, line of each value, the user_may_override list if any).

    `allowed` (user file under an IT file): the only keys it may set."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, {}, None
    except OSError as exc:
        raise ConfigError([Problem(name, 1, "file", f"cannot read the file ({exc.strerror})")]) from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError([Problem(name, 1, "file", f"the file is {len(data):,} bytes; a config file is a few lines")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ConfigError([Problem(name, line, "file", "this line is not UTF-8 text; save the file as UTF-8")]) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return {}, {}, None  # only comments: the templates ship like this
    try:
        root = load(text, name)
    except RulesError as exc:
        raise ConfigError(exc.problems) from None
    if not isinstance(root.value, dict):
        raise ConfigError([Problem(name, root.line, "file", "the file must be `key: value` lines, "
                                   "e.g. `port: 4309`")])
    base = path.parent
    table = parsers(base)
    known = set(table) | ({ALLOW_KEY} if machine else set())
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    may_override: tuple[str, ...] | None = None
    problems: list[Problem] = []
    key_lines: dict[str, int] = getattr(root, "key_lines", {})
    for key, node in root.value.items():
        line = key_lines.get(key, node.line)
        if key not in known:
            problems.append(Problem(name, line, key, _unknown(key, known, machine)))
            continue
        if key == ALLOW_KEY:
            may_override, more = _allow_list(node, name, set(table))
            problems.extend(more)
            continue
        if allowed is not None and key not in allowed:
            problems.append(Problem(name, line, key, f"IT manages this setting on this computer "
                                    f"(in {machine_config_path()}); remove it from this file. "
                                    f"This file may set: {', '.join(allowed) or 'nothing'}"))
            continue
        try:
            values[key] = table[key](_plain(node))
            lines[key] = line
        except BadValue as exc:
            problems.append(Problem(name, line, key, str(exc)))
    if problems:
        raise ConfigError(problems)
    return values, lines, may_override


def _plain(node: Node) -> Any:
    return node.plain()


def _unknown(key: str, known: set[str], machine: bool) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(sorted(known))}"
    if not machine and key == ALLOW_KEY:
        return f"'{ALLOW_KEY}' belongs in IT's machine-wide file ({machine_config_path()}), not in a user's file"
    return f"'{key}' is not a setting{hint}"


def _allow_list(node: Node, name: str, known: set[str]) -> tuple[tuple[str, ...], list[Problem]]:
    items = node.value if isinstance(node.value, list) else ([node] if node.value is not None else [])
    out, problems = [], []
    for item in items:
        key = str(item.value)
        if key not in known:
            close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
            problems.append(Problem(name, item.line, ALLOW_KEY, f"'{key}' is not a setting"
                                    + (f"; did you mean '{close[0]}'?" if close else "")))
        else:
            out.append(key)
    return tuple(out), problems


# -- all together -----------------------------------------------------------------------------
def read_env(environ: dict[str, str] | None = None) -> dict[str, Any]:
    environ = dict(os.environ if environ is None else environ)
    table = parsers(Path.cwd())
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, parse in table.items():
        var = ENV_PREFIX + key.upper()
        if var not in environ:
            continue
        raw = environ[var]
        if key == "student_email_domains":
            raw = [d for d in re.split(r"[,\s]+", raw) if d]  # type: ignore[assignment]
        try:
            values[key] = parse(raw)
        except BadValue as exc:
            problems.append(Problem("environment", 1, var, str(exc)))
    if problems:
        raise ConfigError(problems)
    return values


def load_config(paths: Paths, environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then the machine-wide file, then the user's file (only what IT allows), then
    `SECOND_LOOK_*` variables. Raises ConfigError naming every problem with its file and line."""
    machine = machine_config_path()
    user = user_config_path(paths)
    settings = Settings()
    problems: list[Problem] = []
    allowed: tuple[str, ...] | None = None
    try:
        values, lines, may_override = read_file(machine, machine=True)
        if machine.exists():
            allowed = may_override if may_override is not None else DEFAULT_USER_MAY_OVERRIDE
        settings = _apply(settings, values, lines, f"IT's config {machine}")
    except ConfigError as exc:
        problems.extend(exc.problems)
    try:
        values, lines, _ = read_file(user, machine=False, allowed=allowed)
        settings = _apply(settings, values, lines, f"your config {user}")
    except ConfigError as exc:
        problems.extend(exc.problems)
    try:
        values = read_env(environ)
        settings = settings.with_values(values, "environment")
        settings.sources.update({k: f"environment ({ENV_PREFIX}{k.upper()})" for k in values})
    except ConfigError as exc:
        problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    return settings


def _apply(settings: Settings, values: dict[str, Any], lines: dict[str, int], source: str) -> Settings:
    settings = settings.with_values(values, source)
    settings.sources.update({k: f"{source}:{lines[k]}" for k in values})
    return settings


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, help) of every setting, for docs and `doctor`."""
    return [(s.name, s.default, s.help) for s in SETTINGS]
