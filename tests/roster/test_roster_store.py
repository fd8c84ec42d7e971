"""The roster store on disk: what an import writes, how two imports combine, and every way the
store or key can go wrong (each reported in words, none a crash, nothing half-imported)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from companion.roster import store
from companion.roster.model import Student
from companion.roster.store import RosterWatcher, clear, import_students, load_store, open_store
from companion import settings as settings_module
from companion.settings import restrict_to_user

ROSTER = [Student("Dana", "Whitfield", True), Student("Ana", "Lopez"), Student("Samuel", "Okafor", preferred="Sam"),
          Student("Marco", "Diaz")]


def names_found(model, roster, text):
    return [(s.text, e.opt_out) for s, e in roster.find(model.nlp.make_doc(text)) if e.full]


def test_round_trip(model, paths):
    report = import_students(paths, ROSTER)
    assert report.counts == {"students": 4, "first_names": 5, "opted_out": 1}
    roster = load_store(paths)
    assert roster.counts == report.counts
    assert names_found(model, roster, "Dana Whitfield and Sam Okafor") == [("Dana Whitfield", True), ("Sam Okafor", False)]
    state = open_store(paths)
    assert state.problem is None and state.parts["roster"]["rows"] == 4
    assert clear(paths) == [paths.roster_file, paths.roster_key_file]
    assert load_store(paths) is None and open_store(paths).problem is None
    assert clear(paths) == []


def test_files_are_user_only(paths):
    import_students(paths, ROSTER)
    if os.name != "posix":
        pytest.skip("POSIX modes; Windows uses restrict_to_user (icacls), tested below")
    for f in (paths.roster_file, paths.roster_key_file):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    for d in (paths.roster_file.parent, paths.roster_key_file.parent):
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
    assert paths.roster_file.parent != paths.roster_key_file.parent  # the key is kept apart


def test_windows_acl_is_set_with_icacls(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setenv("USERDOMAIN", "HIGHLINE")
    monkeypatch.setattr(settings_module.getpass, "getuser", lambda: "jdoe")
    restrict_to_user(tmp_path / "roster.json", os_name="nt", run=lambda cmd, **kw: calls.append(cmd))
    assert calls == [["icacls", str(tmp_path / "roster.json"), "/inheritance:r", "/grant:r", "HIGHLINE\\jdoe:F"]]
    restrict_to_user(tmp_path / "roster.json", os_name="posix", run=lambda cmd, **kw: calls.append(cmd))
    assert len(calls) == 1


def test_no_plain_name_anywhere(paths, home):
    """Marker names that appear nowhere else, in any case and spelling the store might use."""
    markers = [Student("Quixblorp", "Zentravulo", True), Student("Wemblecroft", "Yarnsvoldt", preferred="Pimbly")]
    import_students(paths, markers)
    import_students(paths, [Student("Quixblorp", "Zentravulo")], opt_out_list=True)
    needles = {w for s in markers for w in (s.first, s.last, s.preferred) if w}
    needles = {n.lower().encode() for n in needles} | {n.lower().encode("utf-16-le") for n in needles}
    files = [p for p in home.rglob("*") if p.is_file()]
    assert paths.roster_file in files and paths.roster_key_file in files
    for f in files:
        data = f.read_bytes().lower()
        assert not [n for n in needles if n in data], f"a plain name in {f}"


# -- how imports combine -------------------------------------------------------------------
# (steps: (students, opt-out list?, add?), then the counts in use)
COMBINE = [
    ("a roster alone", [(["Ana Lopez", "Marco Diaz"], False, False)], (2, 0)),
    ("the opt-out report alone: its students are students too", [(["Ana Lopez"], True, False)], (1, 1)),
    ("opt-out after roster marks the roster's student", [(["Ana Lopez", "Marco Diaz"], False, False),
                                                          (["Ana Lopez"], True, False)], (2, 1)),
    ("roster after opt-out keeps the opt-out list", [(["Ana Lopez"], True, False),
                                                      (["Ana Lopez", "Marco Diaz"], False, False)], (2, 1)),
    ("a new roster replaces the old one", [(["Ana Lopez", "Marco Diaz"], False, False),
                                           (["Elena Petrova"], False, False)], (1, 0)),
    ("a new opt-out report replaces the old one (the list resets)", [(["Ana Lopez", "Marco Diaz"], False, False),
                                                                     (["Ana Lopez"], True, False),
                                                                     (["Marco Diaz"], True, False)], (2, 1)),
    ("--add adds to the roster", [(["Ana Lopez"], False, False), (["Marco Diaz"], False, True)], (2, 0)),
    ("--add adds to the opt-out list", [(["Ana Lopez", "Marco Diaz"], False, False), (["Ana Lopez"], True, False),
                                        (["Marco Diaz"], True, True)], (2, 2)),
    ("opted out in the roster's own column stays so", [(["Ana Lopez*", "Marco Diaz"], False, False),
                                                       (["Marco Diaz"], True, False)], (2, 2)),
]


def _students(names):
    return [Student(n.rstrip("*").split()[0], n.rstrip("*").split()[1], n.endswith("*")) for n in names]


@pytest.mark.parametrize("what,steps,expected", COMBINE, ids=[c[0] for c in COMBINE])
def test_imports_combine(paths, what, steps, expected):
    for names, opt, add in steps:
        import_students(paths, _students(names), opt_out_list=opt, add=add)
    counts = load_store(paths).counts
    assert (counts["students"], counts["opted_out"]) == expected


def test_opt_out_report_with_preferred_name_marks_the_roster_student(model, paths):
    import_students(paths, [Student("Samuel", "Okafor", preferred="Sam")])
    import_students(paths, [Student("Sam", "Okafor")], opt_out_list=True)
    roster = load_store(paths)
    assert roster.counts["students"] == 1
    assert names_found(model, roster, "Samuel Okafor") == [("Samuel Okafor", True)]


# -- damage ----------------------------------------------------------------------------------
def _rewrite(path, fn):
    path.write_bytes(fn(path.read_bytes()))


def _edit_json(fn):
    def edit(raw):
        doc = json.loads(raw)
        fn(doc)
        return json.dumps(doc).encode()
    return edit


# (what happened, how, words the problem must contain)
DAMAGE = [
    ("store truncated to half", lambda p: _rewrite(p.roster_file, lambda b: b[: len(b) // 2]), ["damaged", "cut short"]),
    ("store truncated to nothing", lambda p: _rewrite(p.roster_file, lambda b: b""), ["damaged"]),
    ("store is random bytes", lambda p: _rewrite(p.roster_file, lambda b: os.urandom(len(b))), ["damaged"]),
    ("store is another JSON file", lambda p: _rewrite(p.roster_file, lambda b: b'{"hello": 1}'), ["not a Second Look roster store"]),
    ("store is a JSON list", lambda p: _rewrite(p.roster_file, lambda b: b"[1, 2]"), ["not a Second Look roster store"]),
    ("one hash changed (bit rot)", lambda p: _rewrite(p.roster_file, _edit_json(
        lambda d: d["parts"]["roster"]["records"][0][2].__setitem__(0, "0" * 32))), ["check code does not match"]),
    ("an opt-out flag flipped", lambda p: _rewrite(p.roster_file, _edit_json(
        lambda d: d["parts"]["roster"]["records"][1].__setitem__(1, 1))), ["check code does not match"]),
    ("a student removed", lambda p: _rewrite(p.roster_file, _edit_json(
        lambda d: d["parts"]["roster"]["records"].pop())), ["check code does not match"]),
    ("mac removed", lambda p: _rewrite(p.roster_file, _edit_json(lambda d: d.pop("mac"))), ["check code does not match"]),
    ("a newer format", lambda p: _rewrite(p.roster_file, _edit_json(lambda d: d.__setitem__("version", 99))),
     ["another version", "99"]),
    ("key missing", lambda p: p.roster_key_file.unlink(), ["roster key", "is missing"]),
    ("key emptied", lambda p: p.roster_key_file.write_bytes(b""), ["roster key", "damaged"]),
    ("key truncated", lambda p: _rewrite(p.roster_key_file, lambda b: b[:20]), ["roster key", "damaged"]),
    ("key not hex", lambda p: p.roster_key_file.write_bytes(b"z" * 64), ["roster key", "damaged"]),
    ("key binary", lambda p: p.roster_key_file.write_bytes(b"\xff\xfe" * 40), ["roster key"]),
    ("key replaced by another", lambda p: p.roster_key_file.write_text(os.urandom(32).hex()), ["does not belong"]),
    ("store is a folder", lambda p: (p.roster_file.unlink(), p.roster_file.mkdir()), ["cannot be read"]),
]


@pytest.mark.parametrize("what,damage,words", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_damage_is_reported_not_raised(paths, caplog, what, damage, words):
    import_students(paths, ROSTER)
    damage(paths)
    state = open_store(paths)
    assert state.roster is None
    for w in words:
        assert w in state.problem, state.problem
    assert "import the roster again" in state.problem
    assert load_store(paths) is None
    assert any("roster not used" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("what,damage,words", DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_new_import_over_damage_works(model, paths, what, damage, words):
    import_students(paths, ROSTER)
    damage(paths)
    if paths.roster_file.is_dir():
        paths.roster_file.rmdir()
    report = import_students(paths, [Student("Elena", "Petrova")])
    assert report.counts["students"] == 1
    assert names_found(model, load_store(paths), "Elena Petrova") == [("Elena Petrova", False)]


def test_a_store_without_a_key_is_replaced_on_import_with_a_note(paths):
    import_students(paths, ROSTER)
    paths.roster_key_file.unlink()
    report = import_students(paths, [Student("Elena", "Petrova")], opt_out_list=True)
    assert "is missing" in report.replaced_damaged
    assert load_store(paths).counts == {"students": 1, "first_names": 1, "opted_out": 1}


# -- interrupted imports ------------------------------------------------------------------------
@pytest.mark.parametrize("fail_at", ["os.replace", "fsync", "write"])
def test_an_import_that_fails_mid_write_keeps_the_previous_roster(model, paths, monkeypatch, fail_at):
    import_students(paths, ROSTER)
    before = paths.roster_file.read_bytes()

    def boom(*a, **kw):
        raise OSError(28, "No space left on device")

    if fail_at == "os.replace":
        monkeypatch.setattr(os, "replace", boom)
    elif fail_at == "fsync":
        monkeypatch.setattr(os, "fsync", boom)
    else:
        real_fdopen = os.fdopen

        class Half:
            def __init__(self, fh):
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

            def write(self, data):
                self.fh.write(data[: len(data) // 2])
                boom()

        monkeypatch.setattr(os, "fdopen",
                            lambda fd, mode: Half(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        import_students(paths, [Student("Elena", "Petrova")])
    monkeypatch.undo()
    assert paths.roster_file.read_bytes() == before
    roster = load_store(paths)
    assert roster.counts["students"] == 4
    assert names_found(model, roster, "Elena Petrova") == []
    assert not list(paths.data.glob(".roster.json.*.tmp"))


def test_clear_removes_a_temp_file_left_by_a_killed_import(paths):
    import_students(paths, ROSTER)
    leftover = paths.data / ".roster.json.99999.tmp"
    leftover.write_bytes(b'{"format": "second-look-roster", "par')
    assert leftover in clear(paths)
    assert not any(paths.data.iterdir()) and not paths.roster_key_file.exists()


def test_an_import_removes_a_stale_temp_file(paths):
    leftover = paths.data / ".roster.json.99999.tmp"
    leftover.write_bytes(b"half")
    import_students(paths, ROSTER)
    assert not leftover.exists()


# -- the watcher (a running companion) ---------------------------------------------------------
def test_watcher_follows_import_damage_and_clear(model, paths):
    handed = []
    watcher = RosterWatcher(paths, handed.append)
    assert watcher.poll() is False and watcher.problem is None

    import_students(paths, ROSTER)
    assert watcher.poll() is True and handed[-1].counts["students"] == 4
    assert watcher.poll() is False  # nothing changed

    _rewrite(paths.roster_file, lambda b: b[:100])
    assert watcher.poll() is False and "damaged" in watcher.problem
    assert len(handed) == 1  # the last good roster stays with the caller

    import_students(paths, [Student("Elena", "Petrova")], opt_out_list=True)
    assert watcher.poll() is True and watcher.problem is None
    assert handed[-1].counts == {"students": 1, "first_names": 1, "opted_out": 1}

    clear(paths)
    assert watcher.poll() is True and handed[-1] is None and watcher.problem is None


def test_watcher_starts_with_the_problem_of_a_damaged_store(paths):
    import_students(paths, ROSTER)
    paths.roster_key_file.unlink()
    assert "is missing" in RosterWatcher(paths, lambda r: None).problem


def test_watcher_survives_a_failing_swap(paths):
    def fail(_roster):
        raise RuntimeError("rules could not be rebuilt")

    watcher = RosterWatcher(paths, fail)
    import_students(paths, ROSTER)
    assert watcher.poll() is False
