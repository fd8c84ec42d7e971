"""`scripts/evaluate.py`, run as people run it, on small files written here: the table, the JSON
on the last line, the figures it computes, and plain errors for bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "evaluate.py"

TWEETS = [
    ("@USER you are a pathetic lying idiot and everyone knows it", 1),
    ("shut the f*** up nobody cares", 1),
    ("What a bunch of clueless losers running this country", 1),
    ("Great game tonight, so proud of the team!", 0),
    ("Thank you to every volunteer who helped at the food drive", 0),
    ("The library opens at 9 tomorrow", 0),
]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=300)


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


@pytest.fixture()
def tweets(tmp_path):
    text, labels = tmp_path / "text.txt", tmp_path / "labels.txt"
    text.write_text("\n".join(t for t, _ in TWEETS) + "\n", encoding="utf-8")
    labels.write_text("\n".join(str(y) for _, y in TWEETS) + "\n", encoding="utf-8")
    return text, labels


def staff_threshold() -> str:
    """The bundled rules file's classifier threshold, as evaluate.py prints it (others tune it)."""
    from companion.rules.schema import parse

    spec = parse((ROOT / "policy_rules.yaml").read_text(encoding="utf-8"), "policy_rules.yaml")
    (threshold,) = {d.options["threshold"] for r in spec.rules if r.id == "unprofessional-language"
                    for d in r.detectors if d.kind == "offensive"}
    return f"{threshold:g}"


def macro_f1(c: dict, n: int) -> float:
    tn = n - c["tp"] - c["fp"] - c["fn"]
    f_pos = 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] + c["fp"] + c["fn"] else 0.0
    f_neg = 2 * tn / (2 * tn + c["fp"] + c["fn"]) if tn + c["fp"] + c["fn"] else 0.0
    return (f_pos + f_neg) / 2


def test_offensive_reports_trained_and_staff_thresholds(tweets):
    text, labels = tweets
    done = run("offensive", "--text", str(text), "--labels", str(labels))
    assert done.returncode == 0, done.stderr
    summary = last_json(done.stdout)
    assert summary["texts"] == len(TWEETS)
    assert summary["threshold"].endswith("(trained)")
    assert summary["rule_threshold"] == staff_threshold()
    assert summary["macro_f1"] == pytest.approx(macro_f1(summary["offensive"], len(TWEETS)), abs=1e-4)
    # The obvious insults are found and the friendly posts are not.
    assert summary["offensive"]["tp"] >= 2 and summary["offensive"]["fp"] == 0
    assert f"at the rules file's threshold for staff drafts ({staff_threshold()})" in done.stdout


def test_threshold_changes_the_decisions_not_a_cached_copy(tweets):
    """With a threshold of 1 nothing is offensive by the classifier; only the word lists fire."""
    text, labels = tweets
    low = last_json(run("offensive", "--text", str(text), "--labels", str(labels), "--threshold", "0").stdout)
    high = last_json(run("offensive", "--text", str(text), "--labels", str(labels), "--threshold", "1").stdout)
    assert low["offensive"]["tp"] + low["offensive"]["fp"] == len(TWEETS)
    assert high["offensive"]["tp"] + high["offensive"]["fp"] < len(TWEETS)
    assert low["macro_f1_at_rule_threshold"] == high["macro_f1_at_rule_threshold"]


@pytest.mark.parametrize("threshold", ["high", "1.5", "nan"])
def test_offensive_threshold_must_be_a_choice_or_a_fraction(tweets, threshold):
    text, labels = tweets
    done = run("offensive", "--text", str(text), "--labels", str(labels), "--threshold", threshold)
    assert done.returncode == 2
    assert "--threshold is rule, trained or a number from 0 to 1" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("labels_text, message", [
    ("1\n0\n", "has 6 lines but"),
    ("1\n1\n1\n0\n0\nmaybe\n", "line 6: a label is 0 or 1"),
])
def test_offensive_bad_files_get_plain_errors(tweets, labels_text, message):
    text, labels = tweets
    labels.write_text(labels_text, encoding="utf-8")
    done = run("offensive", "--text", str(text), "--labels", str(labels))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cases_counts_misses_and_false_alarms(tmp_path):
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"id": "fires", "text": "Our student Maya Chen's home address is 1420 S 200th St, call her mom at 206-555-0134",
         "context": {"platform": "twitter", "surface": "post", "account": "district"},
         "expect": ["student-name", "student-personal-info"], "allow": ["public-record"]},
        {"id": "quiet", "text": "The library opens at 9 tomorrow",
         "context": {"platform": "twitter", "surface": "post", "account": "district"}, "expect": [],
         "allow": ["public-record"]},
    ]
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    done = run("cases", str(cases))
    assert done.returncode == 0, done.stderr
    summary = last_json(done.stdout)
    assert summary["cases"] == 2
    assert summary["rules"]["student-personal-info"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0,
                                                         "recall": 1.0, "f1": 1.0}
    assert summary["entirely_right"] == 2
    # Told the wrong thing, the same drafts count as a miss and a false alarm.
    rows[0]["expect"], rows[1]["expect"] = ["student-name"], ["vested-interest"]
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    summary = last_json(run("cases", str(cases)).stdout)
    assert summary["rules"]["student-personal-info"]["fp"] == 1
    assert summary["rules"]["vested-interest"]["fn"] == 1
    assert summary["entirely_right"] == 0


def test_names_scores_exact_spans(tmp_path):
    conll = tmp_path / "names.conll"
    conll.write_text("Principal\tO\nHaddad\tB-person\nthanked\tO\nMaria\tB-person\nLopez\tI-person\n.\tO\n\n"
                     "The\tO\nlibrary\tO\nis\tO\nopen\tO\n\n", encoding="utf-8")
    summary = last_json(run("names", "--conll", str(conll)).stdout)
    assert summary["sentences"] == 2
    assert summary["tp"] + summary["fn"] == 2  # two gold names
    assert summary["fp"] == 0
