import pytest

from companion.settings import Paths


@pytest.fixture
def fleet(tmp_path, monkeypatch):
    """A temporary machine-wide file and per-user folders; no SECOND_LOOK_* variable leaks in."""
    import os
    for var in list(os.environ):
        if var.startswith("SECOND_LOOK_"):
            monkeypatch.delenv(var)
    machine = tmp_path / "machine" / "config.yaml"
    machine.parent.mkdir()
    monkeypatch.setenv("SECOND_LOOK_MACHINE_CONFIG", str(machine))
    monkeypatch.setenv("SECOND_LOOK_HOME", str(tmp_path / "home"))
    paths = Paths.for_user()

    class Fleet:
        def __init__(self):
            self.machine = machine
            self.user = paths.config / "config.yaml"
            self.paths = paths

        def write(self, machine_text=None, user_text=None):
            if machine_text is not None:
                self.machine.write_text(machine_text, encoding="utf-8")
            if user_text is not None:
                self.user.parent.mkdir(parents=True, exist_ok=True)
                self.user.write_text(user_text, encoding="utf-8")

    return Fleet()
