"""Fixtures for the roster tests: a private SECOND_LOOK_HOME, the CLI in a subprocess, CSV files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ROSTER_CSV = ROOT / "tests" / "data" / "roster.csv"


def run_cli(home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "SECOND_LOOK_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "companion", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def main(home: Path, *args: str) -> subprocess.CompletedProcess:
    """The same command in this process (no interpreter start-up): for the many short calls."""
    import contextlib
    import io

    from companion.cli import main as cli_main

    out, err = io.StringIO(), io.StringIO()
    old = os.environ.get("SECOND_LOOK_HOME")
    os.environ["SECOND_LOOK_HOME"] = str(home)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli_main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        if old is None:
            os.environ.pop("SECOND_LOOK_HOME", None)
        else:
            os.environ["SECOND_LOOK_HOME"] = old
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def write_csv(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def paths(home):
    from companion.settings import Paths

    return Paths(home / "config", home / "data", home / "logs", home / "cache").ensure()
