"""The settings table (names, defaults, help) and the Settings object agree, so the docs that
are generated or checked from the table describe what the companion really does."""

from dataclasses import fields

from companion.settings import SETTINGS, Settings


def test_every_setting_has_one_default_in_both_places():
    table = {s.name: s.default for s in SETTINGS}
    obj = {f.name: f.default for f in fields(Settings) if f.name != "sources"}
    assert set(table) == set(obj)
    for name, default in table.items():
        assert obj[name] == default or (isinstance(default, tuple) and tuple(obj[name]) == default), name
    assert all(s.help for s in SETTINGS)


def test_private_files_are_restricted_on_windows_too(tmp_path, monkeypatch):
    """The token, the roster, its key and the last good rules all go through write_private: on
    Windows, where chmod cannot make a file private, it replaces the file's ACL with icacls."""
    import companion.settings as settings

    calls = []
    monkeypatch.setattr(settings.os, "name", "nt")
    monkeypatch.setattr(settings, "restrict_to_user", lambda path: calls.append(path))
    settings.write_private(tmp_path / "token", b"secret")
    assert calls == [tmp_path / "token"]
