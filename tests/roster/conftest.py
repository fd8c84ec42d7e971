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
