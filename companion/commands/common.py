"""What several commands share: settings, per-user paths, logging, the roster."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from companion.config import ConfigError, load_config
from companion.roster.csvfile import RosterFileError, read_students
from companion.roster.model import Roster
from companion.roster.store import load_store
from companion.settings import Paths, Settings


def load_settings(paths: Paths) -> Settings:
    """Defaults, then IT's machine-wide file, the user's file and the environment."""
    try:
        return load_config(paths)
    except ConfigError as exc:
        print("second-look: the configuration cannot be used:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(2) from None


def setup_logging(paths: Paths | None, level: str = "info", to_file: bool = True) -> None:
    root = logging.getLogger()
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root.handlers = []
    if sys.stderr is not None:  # None under pythonw.exe (the Windows agent): the file log only
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setFormatter(fmt)
        root.handlers.append(stderr)
    if to_file and paths is not None:
        paths.logs.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(paths.logs / "companion.log", maxBytes=1_000_000,
                                                       backupCount=3, encoding="utf-8")
        handler.setFormatter(fmt)
        root.addHandler(handler)


def load_roster(path: str | None, paths: Paths | None, *, default_store: bool):
    """`--roster CSV` uses that file directly; otherwise the imported roster, if asked for."""
    if path:
        try:
            return Roster.from_students(read_students(Path(path))), f"file {path}"
        except RosterFileError as exc:
            raise SystemExit(f"second-look: {exc}") from None
    if default_store and paths is not None:
        roster = load_store(paths)
        return roster, ("imported roster" if roster is not None else None)
    return None, None


def add_roster_arg(parser) -> None:
    parser.add_argument("--roster", metavar="CSV", help="use this roster CSV (illuminate export) instead of the imported one")
