"""`second-look roster import|status|clear`: the student roster and the Photo Opt-Out list
(docs/roster.md). Nothing here prints or logs a student's name."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from companion.settings import Paths


def register(sub) -> None:
    p = sub.add_parser("roster", help="import, inspect or remove the student roster")
    rsub = p.add_subparsers(dest="roster_action", metavar="ACTION")
    rsub.required = True

    imp = rsub.add_parser("import", help="import illuminate's CSV export of students (stored as keyed hashes only)")
    imp.add_argument("file", metavar="FILE", help="the CSV file exported from illuminate")
    imp.add_argument("--opt-out", action="store_true",
                     help="the file is the Photo Opt-Out Report: every student in it is opted out")
    imp.add_argument("--add", action="store_true",
                     help="add to the roster (or opt-out list) already imported instead of replacing it")
    imp.set_defaults(func=run_import)

    st = rsub.add_parser("status", help="show what is imported (counts only) and whether it can be used")
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(func=run_status)

    cl = rsub.add_parser("clear", help="remove the imported roster, the opt-out list and their key")
    cl.set_defaults(func=run_clear)


class _Progress:
    """Rows read, on standard error: a line that updates in a terminal, a line per step otherwise."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tty = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        pct = min(100, round(100 * done / max(total, 1)))
        line = f"reading {self.name}: {done:,} rows ({pct}%)"
        if self.tty:
            print("\r" + line, end="", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)
        self.shown = True

    def done(self) -> None:
        if self.shown and self.tty:
            print(file=sys.stderr)


def run_import(args) -> int:
    from companion.roster.csvfile import RosterFileError, read_students
    from companion.roster.store import import_students

    path = Path(args.file)
    progress = _Progress(path.name)
    try:
        students = read_students(path, all_opted_out=args.opt_out, progress=progress)
    except RosterFileError as exc:
        progress.done()
        print(f"second-look: {exc}", file=sys.stderr)
        print("Nothing was imported; the roster already imported (if any) is unchanged.", file=sys.stderr)
        return 2
    progress.done()
    paths = Paths.for_user().ensure()
    try:
        report = import_students(paths, students, opt_out_list=args.opt_out, add=args.add)
    except OSError as exc:
        print(f"second-look: cannot write the roster ({exc.strerror}); nothing was imported", file=sys.stderr)
        return 1
    if report.replaced_damaged:
        print(f"note: the previous roster could not be used ({report.replaced_damaged}); it was replaced.",
              file=sys.stderr)
    what = "students on the Photo Opt-Out list" if args.opt_out else "students"
    verb = "Added" if args.add else "Imported"
    c = report.counts
    print(f"{verb} {report.students:,} {what} ({report.rows:,} rows) from {path.name}.")
    print(f"In use now: {c['students']:,} students, {c['opted_out']:,} on the Photo Opt-Out list.")
    print(f"Stored as keyed hashes only (no names) in {paths.roster_file}; key in {paths.roster_key_file}.")
    print("A running companion picks the change up within a few seconds. You can delete the CSV file now.")
    return 0


def status(paths: Paths) -> dict:
    from companion.roster.store import open_store

    state = open_store(paths)
    files = {}
    for name, p in (("store", paths.roster_file), ("key", paths.roster_key_file)):
        try:
            mode = p.stat().st_mode & 0o777
            files[name] = {"path": str(p), "mode": oct(mode) if sys.platform != "win32" else None}
        except OSError:
            files[name] = {"path": str(p), "mode": None, "missing": True}
    return {"imported": state.roster is not None, "counts": state.roster.counts if state.roster else None,
            "parts": state.parts, "problem": state.problem, "files": files}


def run_status(args) -> int:
    info = status(Paths.for_user())
    if args.json:
        print(json.dumps(info))
        return 1 if info["problem"] else 0
    if info["problem"]:
        print(f"The imported roster cannot be used: {info['problem']}")
        return 1
    if not info["imported"]:
        print("No roster imported. Import one with `second-look roster import FILE` (see docs/roster.md).")
        return 0
    c = info["counts"]
    print(f"Roster in use: {c['students']:,} students, {c['opted_out']:,} on the Photo Opt-Out list.")
    labels = {"roster": "student roster", "opt_out": "Photo Opt-Out Report"}
    for part, p in info["parts"].items():
        print(f"  {labels[part]}: {p['students']:,} students from {p['rows']:,} rows, imported {p['imported_at']}")
    for name, f in info["files"].items():
        mode = f" (permissions {f['mode']})" if f.get("mode") else ""
        print(f"  {name}: {f['path']}{mode}")
    return 0


def run_clear(args) -> int:
    from companion.roster.store import clear

    removed = clear(Paths.for_user())
    if removed:
        print(f"Removed the imported roster ({len(removed)} file(s)). A running companion stops using it "
              "within a few seconds.")
    else:
        print("No roster was imported; nothing to remove.")
    return 0
