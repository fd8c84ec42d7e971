"""The companion's own settings: one table of (name, default, help), like Datasette's.

Defaults here; IT's machine-wide file and the user's file (see `companion.config`) and the
command line override them. `docs/api.md` and `docs/it-guide.md` are checked against this table.
"""

from __future__ import annotations

import getpass
import logging
import os
import subprocess
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable

import platformdirs

log = logging.getLogger(__name__)

APP = "SecondLook"
DEFAULT_PORT = 4309


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("port", DEFAULT_PORT, "TCP port on 127.0.0.1 where the companion listens."),
    Setting("rules", "", "Rules source: a path, a network share path or an https:// URL. Empty: the bundled policy_rules.yaml."),
    Setting("max_body_bytes", 65536, "Largest request body accepted, in bytes (413 beyond)."),
    Setting("max_text_chars", 20000, "Longest draft accepted, in characters (413 beyond)."),
    Setting("check_timeout_ms", 3000, "Longest a check may take before it is cut off (422 with a reason)."),
    Setting("max_concurrent_checks", 4, "Checks running at once; more wait briefly, then get 429."),
    Setting("rate_limit_per_second", 50, "Requests per second accepted before 429 (a typing burst is about 3)."),
    Setting("district_equipment", False, "True on district laptops: personal posts get the personal-use reminder."),
    Setting("working_hours", "", "District working hours, e.g. 'Mon-Fri 07:30-16:00'; empty: not used."),
    Setting("student_email_domains", (), "Student e-mail domains (adds to the rules file's setting)."),
    Setting("pairing_token", "", "A shared pairing token pushed by IT (zero-touch pairing); empty: one per user."),
    Setting("log_level", "info", "debug, info, warning or error. Logs never contain draft text."),
    Setting("rules_check_minutes", 60, "How often a rules URL or network share is checked for a new file (a random tenth is added or taken off)."),
    Setting("rules_timeout_seconds", 20, "Longest one fetch of the rules may take before it counts as offline."),
    Setting("rules_sha256", "", "Optional: the SHA-256 the fetched rules file must have (pins one exact file)."),
    Setting("rules_public_key", "", "Optional: a minisign public key; the rules must then come with a valid `.minisig` signature."),
)
DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    port: int = DEFAULT_PORT
    rules: str = ""
    max_body_bytes: int = 65536
    max_text_chars: int = 20000
    check_timeout_ms: int = 3000
    max_concurrent_checks: int = 4
    rate_limit_per_second: int = 50
    district_equipment: bool = False
    working_hours: str = ""
    student_email_domains: tuple[str, ...] = ()
    pairing_token: str = ""
    log_level: str = "info"
    rules_check_minutes: int = 60
    rules_timeout_seconds: int = 20
    rules_sha256: str = ""
    rules_public_key: str = ""
    sources: dict[str, str] = field(default_factory=dict, compare=False)  # name -> where it came from

    def rule_settings(self) -> dict[str, Any]:
        """The settings that override the rules file's own `settings:` (IT's fleet values)."""
        return {"student_email_domains": list(self.student_email_domains)}

    def with_values(self, values: dict[str, Any], source: str) -> "Settings":
        known = {f.name for f in fields(self)} - {"sources"}
        clean = {k: (tuple(v) if isinstance(v, list) else v) for k, v in values.items() if k in known and v is not None}
        return replace(self, **clean, sources={**self.sources, **{k: source for k in clean}})


@dataclass(frozen=True)
class Paths:
    """Per-user folders. `SECOND_LOOK_HOME` puts them all under one folder (tests, portable use)."""

    config: Path
    data: Path
    logs: Path
    cache: Path

    @classmethod
    def for_user(cls) -> "Paths":
        home = os.environ.get("SECOND_LOOK_HOME")
        if home:
            base = Path(home)
            return cls(base / "config", base / "data", base / "logs", base / "cache")
        return cls(Path(platformdirs.user_config_dir(APP, False)), Path(platformdirs.user_data_dir(APP, False)),
                   Path(platformdirs.user_log_dir(APP, False)), Path(platformdirs.user_cache_dir(APP, False)))

    def ensure(self) -> "Paths":
        for p in (self.config, self.data, self.logs, self.cache):
            make_private_dir(p)
        return self

    @property
    def token_file(self) -> Path:
        return self.config / "token"

    @property
    def roster_file(self) -> Path:
        return self.data / "roster.json"

    @property
    def roster_key_file(self) -> Path:
        return self.config / "roster.key"

    @property
    def last_good_rules(self) -> Path:
        return self.cache / "rules.last-good.yaml"


def make_private_dir(path: Path) -> None:
    """Create a folder only its owner can open (0700 on macOS and Linux; on Windows, Python
    3.11.10+ gives an owner-only ACL for mode 0o700 at creation)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(path, 0o700)


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, atomically (a reader never sees half of it)."""
    make_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    if os.name == "posix":
        os.chmod(path, 0o600)
    else:
        restrict_to_user(path)


def restrict_to_user(path: Path, *, os_name: str = os.name,
                     run: Callable[..., object] = subprocess.run) -> None:
    """User-only access. POSIX: `write_private` makes the file 0600 in a 0700 folder.
    Windows: `os.chmod` cannot do it, so the file's ACL is replaced by one entry, full control
    for the current user, without inherited entries (icacls ships with every Windows)."""
    if os_name != "nt":
        return
    domain = os.environ.get("USERDOMAIN")
    user = f"{domain}\\{getpass.getuser()}" if domain else getpass.getuser()
    try:
        run(["icacls", str(path), "/inheritance:r", "/grant:r", f"{user}:F"], check=True,
            capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not restrict %s to the current user (%s)", path.name, type(exc).__name__)
