import os
from pathlib import Path

import pytest


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    """A temporary HOME with the platform's default folders (no SECOND_LOOK_HOME), as on a
    staff member's laptop; IT's machine-wide file is a temporary path that does not exist."""
    home = tmp_path / "home"
    home.mkdir()
    for var in list(os.environ):
        if var.startswith(("SECOND_LOOK_", "XDG_")):
            monkeypatch.delenv(var)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SECOND_LOOK_MACHINE_CONFIG", str(tmp_path / "machine-config.yaml"))
    return home


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
