"""A restart with rules already proven skips their examples; anything else runs them.

The live-reload holder the server uses, on real files with the real model. `run_examples` is
counted, not replaced: every load that runs the examples still runs them for real.
"""

from __future__ import annotations

import pytest

import companion.rules.check as check
import companion.rules.proven as proven
from companion.rules.problems import RulesError
from companion.rules.reloader import RulesHolder
from tests.conftest import BUNDLED_RULES

GOOD = BUNDLED_RULES.read_text(encoding="utf-8")


@pytest.fixture
def runs(monkeypatch):
    """How many times the examples ran."""
    count = {"n": 0}
    real = check.run_examples

    def counted(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(check, "run_examples", counted)
    return count


def holder(folder, model, settings=None):
    h = RulesHolder(folder / "rules.yaml", model, settings=settings,
                    last_good=folder / "cache" / "rules.last-good.yaml")
    h.load_initial()
    return h


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "rules.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_a_restart_with_the_same_file_skips_the_examples(folder, model, runs):
    first = holder(folder, model)
    assert runs["n"] == 1 and (folder / "cache" / "rules.proof").is_file()
    second = holder(folder, model)
    assert runs["n"] == 1, "the proven file's examples ran again"
    # The same rules, working: the skipped examples would have passed.
    text = "So proud of my student Dana Whitfield!"
    assert first.engine.check(text).rule_ids == second.engine.check(text).rule_ids
    assert "student-name" in second.engine.check(text).rule_ids


@pytest.mark.parametrize("change", ["the file", "a setting", "the code", "the model", "the proof file"])
def test_any_change_runs_the_examples_again(folder, model, runs, monkeypatch, change):
    holder(folder, model)
    settings = None
    if change == "the file":
        (folder / "rules.yaml").write_text(GOOD + "\n# one more comment\n", encoding="utf-8")
    elif change == "a setting":
        settings = {"student_email_domains": ["students.example.org"]}
    elif change == "the code":
        monkeypatch.setattr(proven, "_CODE", "an update was installed")
    elif change == "the model":
        monkeypatch.setattr(model, "name", model.name + " (another version)")
    else:
        (folder / "cache" / "rules.proof").write_text("0" * 64, encoding="ascii")
    holder(folder, model, settings)
    assert runs["n"] == 2


def test_a_file_whose_examples_fail_is_never_proven(folder, model, runs):
    h = holder(folder, model)
    proof = (folder / "cache" / "rules.proof").read_text()
    # A `pass:` example that fires: the file parses and builds, and only its examples refuse it.
    broken = GOOD.replace("      pass:\n", "      pass:\n        - \"My student Dana Whitfield has an IEP\"\n", 1)
    (folder / "rules.yaml").write_text(broken, encoding="utf-8")
    assert h.poll() is False and h.poll() is False
    assert h.problems and "should not fire" in h.problems[0].message
    assert (folder / "cache" / "rules.proof").read_text() == proof
    # A restart with the broken file on disk checks it again, refuses it, and serves the last
    # good copy.
    again = holder(folder, model)
    assert again.problems and "should not fire" in again.problems[0].message
    assert again.current.source.startswith("last good copy")


def test_without_a_cache_folder_every_load_runs_the_examples(folder, model, runs):
    for _ in range(2):
        RulesHolder(folder / "rules.yaml", model).load_initial()
    assert runs["n"] == 2


def test_the_examples_are_what_refuses_a_broken_example(folder, model):
    """The check the proof skips is the one that catches a broken example: without it, the same
    file loads."""
    broken = GOOD.replace("      pass:\n", "      pass:\n        - \"My student Dana Whitfield has an IEP\"\n", 1)
    with pytest.raises(RulesError):
        check.validate(broken, "rules.yaml", model)
    spec, engine = check.validate(broken, "rules.yaml", model, examples=False)
    assert engine.check("My student Dana Whitfield has an IEP").rule_ids


def test_the_code_is_read_once_when_loaded(monkeypatch):
    """A file changed under a running companion is not the code it runs: the proof this process
    records keeps the fingerprint of the code it loaded."""
    before = proven.proof_key("rules", None, "model")
    monkeypatch.setattr(proven, "_code_fingerprint", lambda: "changed on disk")
    assert proven.proof_key("rules", None, "model") == before

