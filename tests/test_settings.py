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
