#!/usr/bin/env python3
"""Run the attack, fuzz, fault, leak and load suites and print one table, then the figures as
JSON on the last line. Anyone can rerun it:

    .venv/bin/python scripts/reliability_report.py           # full: load test with 5,000 checks
    .venv/bin/python scripts/reliability_report.py --quick   # load test with 1,000 checks

The suites are pytest files in tests/security and tests/reliability (plus the roster store's
fault tests in tests/roster when present). They write their own counts (attacks tried, faults
injected, fuzz cases, leak hits) to a file named by SECOND_LOOK_RELIABILITY_LOG; pytest's
JUnit XML gives passes and failures. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SUITES = ["tests/security", "tests/reliability"]
ROSTER_FAULTS = ["tests/roster"]


def run_pytest(paths: list[str], log: Path, junit: Path) -> tuple[int, dict[str, dict[str, int]]]:
    env = {**os.environ, "SECOND_LOOK_RELIABILITY_LOG": str(log)}
    proc = subprocess.run([PYTHON, "-m", "pytest", *paths, f"--junitxml={junit}", "-p", "no:randomly"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    per_file: dict[str, dict[str, int]] = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            name = case.get("classname", "").split(".")[-1] or "?"
            if case.find("failure") is not None or case.find("error") is not None:
                per_file[name]["failed"] += 1
            elif case.find("skipped") is not None:
                per_file[name]["skipped"] += 1
            else:
                per_file[name]["passed"] += 1
    if proc.returncode not in (0, 1, 5):
        print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
    return proc.returncode, dict(per_file)


def notes(log: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            out[item.pop("suite")].append(item)
    return out


def total(items: list[dict], key: str) -> int:
    return sum(int(i.get(key, 0) or 0) for i in items)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a 1,000-check load test instead of 5,000 (memory not judged)")
    ap.add_argument("--no-load", action="store_true", help="skip the load script (the short load test still runs)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="second-look-report-") as tmp:
        log, junit = Path(tmp) / "notes.jsonl", Path(tmp) / "junit.xml"
        roster = [p for p in ROSTER_FAULTS if (ROOT / p).exists()]
        code, per_file = run_pytest(SUITES + roster, log, junit)
        n = notes(log)

    load = None
    if not args.no_load:
        out = subprocess.run([PYTHON, str(ROOT / "scripts" / "load_test.py"), "--checks", "1000" if args.quick else "5000"],
                             cwd=ROOT, capture_output=True, text=True)
        try:
            load = json.loads(out.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            load = {"passed": False, "error": out.stderr[-500:]}

    def tests(*files: str) -> dict[str, int]:
        agg = {"passed": 0, "failed": 0, "skipped": 0}
        for f, counts in per_file.items():
            if any(f == x or f.startswith(x) for x in files):
                for k in agg:
                    agg[k] += counts[k]
        return agg

    attacks = n.get("attacks", [])
    leak_paths = n.get("leaks", [])
    rules_faults = n.get("rules_faults", [])
    kills = n.get("kill_restart", [])
    live_faults = tests("test_faults_live")
    roster_tests = tests("test_store", "test_roster")
    figures = {
        "attacks_tried": total(attacks, "tried"),
        "attacks_refused": total(attacks, "refused"),
        "leak_paths_tried": len(leak_paths),
        "leaks_found": total(leak_paths, "hits") + tests("test_leaks")["failed"],
        "rules_faults_injected": total(rules_faults, "injected"),
        "rules_faults_survived": total(rules_faults, "survived"),
        "live_fault_tests_passed": live_faults["passed"], "live_fault_tests_failed": live_faults["failed"],
        "kills": total(kills, "kills"), "clean_restarts": total(kills, "clean_restarts"),
        "roster_tests_passed": roster_tests["passed"], "roster_tests_failed": roster_tests["failed"],
        "fuzz_requests": total(n.get("fuzz", []), "requests"),
        "schemathesis_cases": total(n.get("schemathesis", []), "cases"),
        "rules_files_fuzzed": total(n.get("rules_fuzz", []), "files"),
        "server_errors_5xx": total(n.get("fuzz", []), "server_errors") + total(n.get("schemathesis", []), "server_errors")
                             + (load or {}).get("server_errors", 0) + total(n.get("load_short", []), "server_errors"),
        "pytest_passed": sum(c["passed"] for c in per_file.values()),
        "pytest_failed": sum(c["failed"] for c in per_file.values()),
        "pytest_skipped": sum(c["skipped"] for c in per_file.values()),
        "load": load,
    }
    figures["ok"] = (code == 0 and figures["pytest_failed"] == 0 and figures["leaks_found"] == 0
                     and figures["server_errors_5xx"] == 0
                     and figures["attacks_tried"] == figures["attacks_refused"]
                     and figures["rules_faults_injected"] == figures["rules_faults_survived"]
                     and figures["kills"] == figures["clean_restarts"]
                     and (load is None or load.get("passed", False)))

    lo = load or {}
    rows = [
        ("attacks tried / refused", f"{figures['attacks_tried']} / {figures['attacks_refused']}"),
        ("leak paths tried / leaks found", f"{figures['leak_paths_tried']} / {figures['leaks_found']}"),
        ("rules faults injected / survived", f"{figures['rules_faults_injected']} / {figures['rules_faults_survived']}"
                                             f" (+{live_faults['passed']} live-server fault tests passed)"),
        ("SIGKILLs / clean restarts", f"{figures['kills']} / {figures['clean_restarts']}"),
        ("roster fault tests passed / failed", f"{roster_tests['passed']} / {roster_tests['failed']}"),
        ("fuzz: API requests / schemathesis / rules files",
         f"{figures['fuzz_requests']} / {figures['schemathesis_cases']} / {figures['rules_files_fuzzed']}"),
        ("5xx answers (fuzz, schema, load)", f"{figures['server_errors_5xx']}"),
        ("load: clients / checks / errors",
         f"{lo.get('clients', '-')} / {lo.get('checks', '-')} / {lo.get('errors', '-')}" if load else "skipped"),
        ("load: p50 / p99 / max ms", f"{lo.get('p50_ms')} / {lo.get('p99_ms')} / {lo.get('max_ms')}" if load else "skipped"),
        ("load: memory warm -> end (2nd-half growth)",
         f"{lo.get('rss_after_warmup_mb')} -> {lo.get('rss_end_mb')} MB ({lo.get('rss_growth_second_half_mb')} MB)" if load else "skipped"),
        ("pytest passed / failed / skipped",
         f"{figures['pytest_passed']} / {figures['pytest_failed']} / {figures['pytest_skipped']}"),
        ("result", "PASS" if figures["ok"] else "FAIL"),
    ]
    width = max(len(k) for k, _ in rows)
    print("\n".join(f"{k.ljust(width)}  {v}" for k, v in rows))
    print(json.dumps(figures))
    return 0 if figures["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
