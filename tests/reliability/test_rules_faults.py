"""Broken rules files while the companion runs: it keeps serving the last good rules, says what
is wrong and where (file and line), and takes the new rules once the file is fixed.

Each case below turns the real policy_rules.yaml into a broken file (generated from it, so the
cases follow the file as Communications edits it). They run against the live-reload holder
the server uses (`RulesHolder.poll`, real files, the real model); tests/reliability/
test_faults_live.py repeats the important ones against a running server.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from companion.rules.check import MAX_RULES_BYTES
from companion.rules.problems import RulesError
from companion.rules.reloader import RulesHolder

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "policy_rules.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


def replace_nth(text: str, old: str, new: str, nth: int = 0) -> str:
    at = -1
    for _ in range(nth + 1):
        at = text.index(old, at + 1)
    return text[:at] + new + text[at + len(old):]


def rule_ids(text: str) -> list[str]:
    return re.findall(r"^  - id: (\S+)", text, re.M)


def _first_fire_example(text: str) -> tuple[str, int]:
    """The first `fire:` example's line, to make it an example that does not fire."""
    fire = text.index("      fire:\n")
    start = text.index("- ", fire)
    end = text.index("\n", start)
    return text[start:end], text.count("\n", 0, start) + 1


def _nested_block(depth: int) -> str:
    return "version: x\nrules:\n" + "".join(" " * i + "k:\n" for i in range(1, depth)) + " " * depth + "v\n"


def _utf8_cut() -> bytes:
    data = GOOD.encode("utf-8")
    arrow = data.index("→".encode())
    return data[: arrow + 1]  # in the middle of a three-byte character


LAST = GOOD.rstrip("\n").count("\n") + 1
FIRE, FIRE_LINE = _first_fire_example(GOOD)
IDS = rule_ids(GOOD)

# (name, broken file: bytes, None to delete it, or "dir" to put a folder in its place,
#  expected line (None: any), words expected in the problem)
CASES = [
    # -- YAML that does not parse
    ("an unclosed quote", GOOD + "\nextra: 'never closed\n", None, "not valid YAML"),
    ("tab indentation", replace_nth(GOOD, "\n    title:", "\n\ttitle:"), line_of(GOOD, "\n    title:") + 1, "indented with a tab"),
    ("unclosed bracket", GOOD.replace("student_email_domains: [students.highlineschools.org]",
                                      "student_email_domains: [students.highlineschools.org", 1),
     None, "not valid YAML"),
    ("unbalanced indentation", replace_nth(GOOD, "\n    severity:", "\n      severity:"), None, "not valid YAML"),
    ("a stray line of prose", GOOD.replace("\nrules:\n", "\nrules:\nThe rules start here: read them carefully\n", 1),
     None, ""),
    ("deeply nested brackets", "version: x\nrules: " + "[" * 5000 + "\n", None, ""),
    ("deeply nested mappings", _nested_block(3000), None, ""),
    # -- YAML features the loader refuses
    ("an anchor", GOOD + "\nextra: &anchor 1\n", LAST + 2, "anchor"),
    ("an alias", GOOD + "\nextra: *anchor\n", LAST + 2, "alias"),
    ("a billion laughs", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n", 1, "anchor"),
    ("a Python tag", GOOD + "\nextra: !!python/object/apply:os.system ['echo pwned']\n", LAST + 2, "tag"),
    ("a custom tag", GOOD.replace('version: "', 'version: !custom "', 1), line_of(GOOD, "version:"), "tag"),
    ("a key given twice", GOOD.replace("\nsettings:\n", '\nversion: "again"\nsettings:\n', 1),
     line_of(GOOD, "\nsettings:\n") + 1, "twice"),
    # -- the schema
    ("a misspelt top-level key", GOOD.replace("\nlists:\n", "\nlistz:\n", 1), line_of(GOOD, "\nlists:\n") + 1, "listz"),
    ("version missing", re.sub(r'^version: .*\n', "", GOOD, count=1, flags=re.M), None, "version"),
    ("rules missing", GOOD[:GOOD.index("\nrules:\n")] + "\n", None, "rules"),
    ("a rule without an id", replace_nth(GOOD, "  - id: ", "  - idd: "), line_of(GOOD, "  - id: "), "id"),
    ("a misspelt rule field", replace_nth(GOOD, "\n    severity:", "\n    severty:"), line_of(GOOD, "\n    severity:") + 1, "severty"),
    ("an unknown severity", re.sub(r"(\n    severity:) \w+", r"\1 critical", GOOD, count=1),
     line_of(GOOD, "\n    severity:") + 1, "critical"),
    ("an unknown detector kind", re.sub(r"(\n      - kind:) \w+", r"\1 telepathy", GOOD, count=1),
     line_of(GOOD, "\n      - kind:") + 1, "telepathy"),
    ("the same rule id twice", GOOD.replace(f"  - id: {IDS[1]}\n", f"  - id: {IDS[0]}\n", 1),
     line_of(GOOD, f"  - id: {IDS[1]}\n"), IDS[0]),
    ("an unknown context field", GOOD.replace("when: {has_media: true, account: district}",
                                              "when: {has_media: true, acount: district}", 1),
     line_of(GOOD, "when: {has_media: true, account: district}"), "acount"),
    ("an unknown context value", GOOD.replace("when: {has_media: true, account: district}",
                                              "when: {has_media: true, account: myspace}", 1),
     line_of(GOOD, "when: {has_media: true, account: district}"), "account"),
    ("enabled: maybe", replace_nth(GOOD, "\n    title:", "\n    enabled: maybe\n    title:"),
     line_of(GOOD, "\n    title:") + 1, "enabled"),
    ("confidence not a number", re.sub(r"(\n        confidence:) [0-9.]+", r"\1 high", GOOD, count=1),
     line_of(GOOD, "\n        confidence:") + 1, "confidence"),
    ("a list that does not exist", GOOD.replace("unless_lists: [stated_interest]", "unless_lists: [stated_intrest]", 1),
     line_of(GOOD, "unless_lists: [stated_interest]"), "stated_intrest"),
    # -- patterns
    ("a pattern that is not valid", GOOD.replace(r"patterns: ['\b\d{1,2}/\d{1,2}/\d{2,4}\b']",
                                                 r"patterns: ['(\d{1,2}/\d{1,2}']", 1),
     line_of(GOOD, r"patterns: ['\b\d{1,2}/\d{1,2}/\d{2,4}\b']"), "pattern"),
    ("a back-reference (RE2 refuses)", GOOD.replace(r"patterns: ['\b\d{1,2}/\d{1,2}/\d{2,4}\b']",
                                                    r"patterns: ['(\d)\1/\d{1,2}']", 1),
     line_of(GOOD, r"patterns: ['\b\d{1,2}/\d{1,2}/\d{2,4}\b']"), "pattern"),
    ("a look-ahead (RE2 refuses)", GOOD.replace(r"patterns: ['\b\d{1,2}/\d{1,2}/\d{2,4}\b']",
                                                r"patterns: ['\d+(?=/)']", 1),
     line_of(GOOD, r"patterns: ['\b\d{1,2}/\d{1,2}/\d{2,4}\b']"), "pattern"),
    # -- examples
    ("a fire example that does not fire", GOOD.replace(FIRE, '- "What a lovely sunny day at the beach"', 1),
     FIRE_LINE, "should fire"),
    ("a pass example that fires", GOOD.replace("      pass:\n", "      pass:\n        - \"My student Dana Whitfield has an IEP\"\n", 1),
     line_of(GOOD, "      pass:\n") + 1, "should not fire"),
    # -- half-written, emptied, replaced
    ("half-written at a quarter", GOOD.encode()[: len(GOOD.encode()) // 4], None, ""),
    ("half-written at a half", GOOD.encode()[: len(GOOD.encode()) // 2], None, ""),
    ("half-written at three quarters", GOOD.encode()[: len(GOOD.encode()) * 3 // 4], None, ""),
    ("half-written in a character", _utf8_cut(), line_of(GOOD, "→"), "UTF-8"),
    ("half-written without the last rule", GOOD[: GOOD.rindex("\n  - id: ")] + "\n", None, IDS[-1]),
    ("emptied", b"", 1, "empty"),
    ("only spaces and blank lines", b"   \n\n  \n", 1, "empty"),
    ("only comments", "".join(l + "\n" for l in GOOD.splitlines() if l.startswith("#")).encode(), 1, "empty"),
    ("an empty document", b"---\n...\n", None, ""),
    ("a list instead of a mapping", b"- version: 1\n- rules: []\n", None, "name: value"),
    ("a single word", b"rules\n", 1, ""),
    ("deleted", None, 1, "does not exist"),
    ("a folder in its place", "dir", 1, "cannot read"),
    ("huge", GOOD.encode() + b"# padding\n" * (MAX_RULES_BYTES // 10 + 1), 1, "bytes"),
    ("binary garbage", bytes(range(256)) * 64, None, "UTF-8"),
    ("saved as UTF-16", GOOD.encode("utf-16"), None, "UTF-8"),
    ("NUL bytes in the text", GOOD.replace("\nrules:\n", "\nrules:\n\x00\x00\n", 1).encode(), None, ""),
]

FAULTS = {"injected": 0, "survived": 0}


@pytest.fixture(scope="module")
def holder(tmp_path_factory, model):
    """The live-reload holder the server uses, on a copy of the bundled rules."""
    folder = tmp_path_factory.mktemp("rules")
    path = folder / "rules.yaml"
    path.write_text(GOOD, encoding="utf-8")
    h = RulesHolder(path, model, last_good=folder / "cache" / "rules.last-good.yaml")
    h.load_initial()
    yield h
    from live_server import note

    note("rules_faults", **FAULTS)


def write(path: Path, content) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    if content is None:
        return
    if content == "dir":
        path.mkdir()
        return
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def settle(h: RulesHolder) -> bool:
    """Two polls, as the watcher does (a changed file must read the same twice)."""
    switched = h.poll()
    return h.poll() or switched


def test_there_are_at_least_thirty_distinct_broken_files():
    contents = [c for _, c, _, _ in CASES]
    distinct = {c if isinstance(c, (bytes, type(None))) else c.encode() if c != "dir" else b"<dir>" for c in contents}
    assert len(CASES) >= 30 and len(distinct) == len(CASES)


@pytest.mark.parametrize("name,content,line,words", CASES, ids=[c[0] for c in CASES])
def test_broken_file_keeps_the_last_good_rules(holder, name, content, line, words):
    FAULTS["injected"] += 1
    before = holder.current
    write(holder.path, content)
    assert settle(holder) is False
    assert holder.current is before, "the broken file replaced the rules in use"
    assert holder.problems, "the problem is not reported"
    first = holder.problems[0]
    assert first.file == str(holder.path)
    assert first.line >= 1 and (line is None or first.line == line), [str(p) for p in holder.problems]
    assert words.lower() in " ".join(str(p) for p in holder.problems).lower()
    # The rules in use still answer.
    result = holder.engine.check("Good luck to my student Dana Whitfield at state!")
    assert "student-name" in {f.rule_id for f in result.findings}
    FAULTS["survived"] += 1


def test_fixed_file_is_taken_and_the_problem_cleared(holder):
    write(holder.path, b"")
    settle(holder)
    assert holder.problems
    fixed = GOOD.replace('version: "', 'version: "fixed-', 1)
    write(holder.path, fixed)
    assert settle(holder) is True
    assert holder.current.spec.version.startswith("fixed-")
    assert holder.problems == []
    # The last good copy follows the fixed file, for the next start.
    assert holder.last_good.read_text(encoding="utf-8") == fixed


def test_a_file_being_saved_is_not_taken_until_it_reads_the_same_twice(holder):
    before = holder.current
    data = GOOD.replace('version: "', 'version: "slow-save-', 1).encode()
    write(holder.path, data[: len(data) // 3])
    assert holder.poll() is False  # first sight of a change: wait
    write(holder.path, data)  # the save completes before the next poll
    assert holder.poll() is False and holder.current is before  # changed again: wait once more
    assert holder.poll() is True and holder.current.spec.version.startswith("slow-save-")


def test_windows_notepad_file_is_accepted(holder):
    """Not a fault: CRLF line ends and a byte-order mark are how Notepad saves."""
    data = "\ufeff" + GOOD.replace('version: "', 'version: "notepad-', 1).replace("\n", "\r\n")
    write(holder.path, data.encode("utf-8"))
    assert settle(holder) is True
    assert holder.current.spec.version.startswith("notepad-")


def test_retiring_a_rule_with_enabled_false_is_accepted(holder):
    last = IDS[-1]
    data = GOOD.replace('version: "', 'version: "retired-', 1).replace(
        f"  - id: {last}\n", f"  - id: {last}\n    enabled: false\n", 1)
    write(holder.path, data)
    assert settle(holder) is True
    assert last not in {r.id for r in holder.engine.rules}
    write(holder.path, GOOD)
    assert settle(holder) is True


@pytest.mark.parametrize("cut", ["not YAML", "valid but without the last rule"])
def test_start_with_a_broken_file_uses_the_last_good_copy(tmp_path, model, cut):
    """As after a crash in the middle of a save: the file is cut short."""
    path = tmp_path / "rules.yaml"
    last_good = tmp_path / "cache" / "last-good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    RulesHolder(path, model, last_good=last_good).load_initial()
    path.write_text(GOOD[:5000] if cut == "not YAML" else GOOD[: GOOD.rindex("\n  - id: ")] + "\n", encoding="utf-8")
    h = RulesHolder(path, model, last_good=last_good)
    h.load_initial()
    assert h.current.source.startswith("last good copy") and h.problems
    assert {r.id for r in h.current.spec.rules} == set(IDS)


def test_start_with_a_broken_file_and_no_good_copy_says_why(tmp_path, model):
    path = tmp_path / "rules.yaml"
    path.write_text("version: x\nrules: [", encoding="utf-8")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "last-good.yaml").write_bytes(b"")  # a copy emptied by a crash
    with pytest.raises(RulesError) as err:
        RulesHolder(path, model, last_good=tmp_path / "cache" / "last-good.yaml").load_initial()
    text = " ".join(str(p) for p in err.value.problems)
    assert "not valid YAML" in text and "empty" in text
