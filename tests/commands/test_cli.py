"""The command line, run as staff and Communications would: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clear_cases import CLEAR_CASES
from tests.conftest import BUNDLED_RULES, ROOT

SECOND_LOOK = Path(sys.executable).parent / "second-look"


def run(*args: str, stdin: str | None = None, home: Path | None = None, program=None) -> subprocess.CompletedProcess:
    env = {**os.environ}
    if home is not None:
        env["SECOND_LOOK_HOME"] = str(home)
    cmd = program or [sys.executable, "-m", "companion"]
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_module_and_console_script_are_the_same_program():
    a = run("--version")
    b = run("--version", program=[str(SECOND_LOOK)])
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and a.stdout.startswith("second-look ")


def test_check_prints_the_draft_with_marked_words_and_the_guideline(tmp_path):
    out = run("check", "Congratulations to my student Imani Wells on winning the spelling bee!", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "STOP" in out.stdout
    assert "my student [[Imani Wells]] on winning" in out.stdout
    assert "student-name" in out.stdout and "Guideline:" in out.stdout


def test_check_json_is_the_api_result(tmp_path):
    out = run("check", "--json", "--account", "district", "--media", "Field day fun at Midway Elementary!", home=tmp_path)
    result = json.loads(out.stdout)
    assert {"verdict", "score", "findings", "rules_version", "elapsed_ms"} <= set(result)
    assert {"photo-opt-out", "public-record"} <= {f["rule_id"] for f in result["findings"]}


def test_check_reads_standard_input(tmp_path):
    out = run("check", "--json", "-", stdin="This is bullshit", home=tmp_path)
    assert "unprofessional-language" in {f["rule_id"] for f in json.loads(out.stdout)["findings"]}


def test_jsonl_answers_one_line_per_draft_in_order(tmp_path):
    lines = [json.dumps({"id": rid, "text": text, "context": ctx}) for rid, text, ctx, _ in CLEAR_CASES]
    out = run("check", "--jsonl", stdin="\n".join(lines) + "\n", home=tmp_path)
    assert out.returncode == 0, out.stderr
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(results) == len(CLEAR_CASES)
    for (rule_id, *_), result in zip(CLEAR_CASES, results):
        assert rule_id in {f["rule_id"] for f in result["findings"]}


def test_jsonl_reports_a_bad_line_and_goes_on(tmp_path):
    stdin = '{"text": "hello"}\nnot json\n{"text": "hi", "context": {"surface": "story"}}\n{"text": "This is bullshit"}\n'
    out = run("check", "--jsonl", stdin=stdin, home=tmp_path)
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("error") for r in results] == [None, "bad_line", "bad_line", None]
    assert out.returncode == 1


def test_rules_check_passes_on_the_bundled_rules():
    out = run("rules", "check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "OK" in out.stdout and "12 rules" in out.stdout


def test_rules_check_prints_file_line_rule_problem(tmp_path):
    broken = tmp_path / "rules.yaml"
    broken.write_text(BUNDLED_RULES.read_text().replace("severity: stop", "severity: urgent", 1))
    out = run("rules", "check", str(broken))
    assert out.returncode == 1
    line = next(i for i, text in enumerate(broken.read_text().splitlines(), 1) if "severity: urgent" in text)
    assert f"{broken}:{line}: student-name: severity must be one of: info, warning, stop (not 'urgent')" in out.stdout


def test_token_is_created_once_and_kept_private(tmp_path):
    first = run("token", home=tmp_path)
    second = run("token", home=tmp_path)
    assert first.returncode == 0 and first.stdout == second.stdout and len(first.stdout.strip()) >= 20
    token_file = tmp_path / "config" / "token"
    if os.name == "posix":
        assert token_file.stat().st_mode & 0o777 == 0o600


def test_rules_kinds_lists_every_registered_kind():
    from companion.detectors import KINDS

    out = run("rules", "kinds")
    for kind in KINDS:
        assert f"{kind}:" in out.stdout


@pytest.mark.parametrize("args", [["check", "--platform", "myspace", "x"], ["serve", "--port", "nope"]])
def test_bad_arguments_exit_2_with_a_message(args, tmp_path):
    out = run(*args, home=tmp_path)
    assert out.returncode == 2 and "invalid" in out.stderr


def test_jsonl_survives_unpaired_surrogates_and_bad_bytes(tmp_path):
    stdin = '{"text": "ok"}\n{"text": "x \\ud800 y"}\n{"text": "This is bullshit"}\n'
    out = run("check", "--jsonl", stdin=stdin, home=tmp_path)
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("error") for r in results] == [None, "bad_line", None]
    assert "Traceback" not in out.stderr


def test_check_refuses_non_utf8_input_plainly(tmp_path):
    env = {**os.environ, "SECOND_LOOK_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "companion", "check", "-"], input=b"\xff\xfe bad", capture_output=True,
                         cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 2 and b"not UTF-8" in out.stderr and b"Traceback" not in out.stderr


@pytest.mark.parametrize("fail_on,text,code", [
    ("stop", "Congratulations to my student Imani Wells!", 1),
    ("stop", "This is bullshit", 0),
    ("review", "This is bullshit", 1),
    (None, "Congratulations to my student Imani Wells!", 0),
])
def test_fail_on_sets_the_exit_code_for_batch_runs(tmp_path, fail_on, text, code):
    args = ["check", text] if fail_on is None else ["check", "--fail-on", fail_on, text]
    assert run(*args, home=tmp_path).returncode == code


def test_check_uses_the_imported_roster_like_the_companion(tmp_path):
    roster = tmp_path / "students.csv"
    roster.write_text("First Name,Last Name,Photo Opt-Out\nZorbek,Quillfeather,Y\n")
    assert run("roster", "import", str(roster), home=tmp_path).returncode == 0
    draft = "Zorbek Quillfeather's painting is in the hallway"
    used = json.loads(run("check", "--json", "--media", draft, home=tmp_path).stdout)
    assert {"student-name", "photo-opt-out"} <= {f["rule_id"] for f in used["findings"]}
    assert any(f["severity"] == "stop" for f in used["findings"] if f["rule_id"] == "photo-opt-out")
    ignored = json.loads(run("check", "--json", "--no-roster", "--media", draft, home=tmp_path).stdout)
    assert "student-name" not in {f["rule_id"] for f in ignored["findings"]}
    human = run("check", draft, home=tmp_path).stdout
    assert "roster: imported roster" in human and "Quillfeather" not in human.split("\n")[0]
