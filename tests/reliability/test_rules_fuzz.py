"""Hypothesis properties of the rules loader: whatever the file holds, the loader either gives
rules or a list of problems, each with a line inside the file; it never raises anything else
and never hangs. (The broken files chosen by hand are in test_rules_faults.py.)"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.rules.check import read_rules_text
from companion.rules.problems import RulesError
from companion.rules.schema import parse
from live_server import note

ROOT = Path(__file__).resolve().parents[2]
GOOD_LINES = (ROOT / "policy_rules.yaml").read_text(encoding="utf-8").split("\n")
RUNS = {"files": 0, "refused": 0, "accepted": 0}

yaml_bits = st.sampled_from(["-", ":", " ", "  ", "\t", "\n", "'", '"', "[", "]", "{", "}", "&a", "*a", "!!str", "#",
                             "---", "...", "|", ">", "?", "%YAML 1.2", "rules", "version", "id", "kind", "\x00", "é"])
small_files = st.lists(st.one_of(yaml_bits, st.text(max_size=6)), max_size=40).map("".join)


def mutate(lines: list[str], ops: list[tuple[int, int, int, str]]) -> str:
    lines = list(lines)
    for op, a, b, junk in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[j])
        elif op == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines[i] = lines[i][: len(lines[i]) // 2] + junk
        elif op == 4:
            lines = lines[: max(i, j)]
        else:
            lines[i] = "  " + lines[i] if op == 5 else lines[i].lstrip()
    return "\n".join(lines)


mutations = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 10**6), st.integers(0, 10**6), st.text(max_size=5)),
                     min_size=1, max_size=4)


def load(text: str) -> None:
    RUNS["files"] += 1
    n_lines = text.count("\n") + 1
    try:
        parse(text, "rules.yaml")
        RUNS["accepted"] += 1
    except RulesError as err:
        RUNS["refused"] += 1
        assert err.problems
        for p in err.problems:
            assert p.file == "rules.yaml" and 1 <= p.line <= n_lines + 1, str(p)
            assert p.message


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=small_files)
def test_any_small_file_gives_rules_or_problems_with_lines(text):
    load(text)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(ops=mutations)
def test_a_damaged_real_file_gives_rules_or_problems_with_lines(ops):
    load(mutate(GOOD_LINES, ops))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=300))
def test_any_bytes_on_disk_are_read_or_refused_with_a_line(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "rules.yaml"
    path.write_bytes(data)
    try:
        load(read_rules_text(path))
    except RulesError as err:
        RUNS["refused"] += 1
        assert 1 <= err.problems[0].line <= data.count(b"\n") + 1


def test_report_rules_fuzz_figures():
    note("rules_fuzz", **RUNS)
