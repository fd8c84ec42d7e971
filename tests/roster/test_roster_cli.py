"""`second-look roster import|status|clear` as staff run them: real files, a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.roster.conftest import ROOT, ROSTER_CSV, main, run_cli, write_csv


def test_import_status_clear(home, tmp_path):
    r = main(home, "roster", "status")
    assert r.returncode == 0 and "No roster imported" in r.stdout

    r = run_cli(home, "roster", "import", str(ROSTER_CSV))
    assert r.returncode == 0, r.stderr
    assert "Imported 60 students" in r.stdout and "7 on the Photo Opt-Out list" in r.stdout

    r = main(home, "roster", "status", "--json")
    info = json.loads(r.stdout)
    assert r.returncode == 0 and info["counts"] == {"students": 60, "first_names": 65, "opted_out": 7}
    assert info["parts"]["roster"]["rows"] == 60 and info["problem"] is None

    opt = write_csv(tmp_path / "optout.csv", "Student Name,School", ['"Lopez, Ana",Midway', '"Diaz, Marco",Madrona'])
    r = run_cli(home, "roster", "import", "--opt-out", str(opt))
    assert r.returncode == 0, r.stderr
    assert "Imported 2 students on the Photo Opt-Out list" in r.stdout
    assert "In use now: 60 students, 9 on the Photo Opt-Out list" in r.stdout

    r = main(home, "roster", "status")
    assert "student roster: 60 students" in r.stdout and "Photo Opt-Out Report: 2 students" in r.stdout

    r = run_cli(home, "roster", "clear")
    assert r.returncode == 0 and "Removed the imported roster" in r.stdout
    assert not (home / "data" / "roster.json").exists() and not (home / "config" / "roster.key").exists()
    assert "nothing to remove" in main(home, "roster", "clear").stdout


def test_output_never_names_a_student(home, tmp_path):
    csv = write_csv(tmp_path / "r.csv", "First Name,Last Name,Photo Opt-Out", ["Quixblorp,Zentravulo,Y"])
    outputs = [main(home, "roster", "import", str(csv)), main(home, "roster", "status"),
               main(home, "roster", "status", "--json"), main(home, "roster", "clear")]
    for r in outputs:
        assert "quixblorp" not in (r.stdout + r.stderr).lower() and "zentravulo" not in (r.stdout + r.stderr).lower()


def test_a_bad_file_changes_nothing(home, tmp_path):
    assert main(home, "roster", "import", str(ROSTER_CSV)).returncode == 0
    store = (home / "data" / "roster.json").read_bytes()
    bad = write_csv(tmp_path / "bad.csv", "First Name,Last Name,Photo Opt-Out",
                    ["Ana,Lopez,Y", ",Diaz,N", "Elena,Petrova,sometimes"])
    r = main(home, "roster", "import", str(bad))
    assert r.returncode == 2
    assert "row 3, column 'First Name': is empty" in r.stderr
    assert "row 4, column 'Photo Opt-Out'" in r.stderr
    assert "Nothing was imported" in r.stderr
    assert (home / "data" / "roster.json").read_bytes() == store


@pytest.mark.parametrize("args,words", [
    (["roster", "import", "does-not-exist.csv"], ["cannot read the file"]),
    (["roster", "import"], ["FILE"]),
    (["roster"], ["ACTION"]),
])
def test_usage_errors(home, args, words):
    r = main(home, *args)
    assert r.returncode == 2
    assert all(w in r.stderr for w in words), r.stderr


def test_status_reports_a_damaged_store(home):
    main(home, "roster", "import", str(ROSTER_CSV))
    (home / "config" / "roster.key").unlink()
    r = main(home, "roster", "status")
    assert r.returncode == 1 and "cannot be used" in r.stdout and "is missing" in r.stdout


def big_csv(path, rows: int):
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Student ID,Last Name,First Name,Photo Opt-Out\n")
        for i in range(rows):
            fh.write(f"{i},Family{_letters(i)},Given{_letters(i * 7)},{'Y' if i % 50 == 0 else 'N'}\n")
    return path


def _letters(n: int) -> str:
    out = ""
    for _ in range(4):
        out += chr(97 + n % 26)
        n //= 26
    return out


def test_progress_for_a_large_file(home, tmp_path):
    r = run_cli(home, "roster", "import", str(big_csv(tmp_path / "big.csv", 3000)))
    assert r.returncode == 0, r.stderr
    assert [line for line in r.stderr.splitlines() if line.startswith("reading big.csv")] == [
        "reading big.csv: 1,000 rows (33%)", "reading big.csv: 2,000 rows (67%)",
        "reading big.csv: 3,000 rows (100%)"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
@pytest.mark.parametrize("kill_after_s", [0.0, 0.4, 1.2])
def test_an_import_killed_halfway_keeps_the_previous_roster(home, tmp_path, kill_after_s):
    assert main(home, "roster", "import", str(ROSTER_CSV)).returncode == 0
    before = (home / "data" / "roster.json").read_bytes()
    big = big_csv(tmp_path / "big.csv", 60_000)
    proc = subprocess.Popen([sys.executable, "-m", "companion", "roster", "import", str(big)], cwd=ROOT,
                            env={**os.environ, "SECOND_LOOK_HOME": str(home)}, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr.readline().startswith("reading big.csv")  # it is under way
    time.sleep(kill_after_s)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    after = (home / "data" / "roster.json").read_bytes()
    r = main(home, "roster", "status", "--json")
    info = json.loads(r.stdout)
    assert info["problem"] is None
    # Either the import had finished (the whole new roster) or not started writing (the old one).
    assert after == before or info["counts"]["students"] == 60_000
    if after == before:
        assert info["counts"]["students"] == 60
