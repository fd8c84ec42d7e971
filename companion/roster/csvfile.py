"""Reading illuminate's CSV export of students (or its Photo Opt-Out Report).

Accepted headers (case and spacing do not matter): one name column (`Student Name`, `Name` or
`Student`, as "Last, First" or "First Last"), or `First Name` and `Last Name` columns;
optionally `Preferred Name` (adds a variant) and `Photo Opt-Out` (Y, Yes, True or 1).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable, Iterator

from companion.roster.model import Student

NAME_COLUMNS = ("student name", "name", "student")
YES = {"y", "yes", "true", "1", "x"}
NO = {"", "n", "no", "false", "0"}


class RosterFileError(ValueError):
    """A problem in the CSV, naming the row and column."""


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").replace("-", " ").strip().lower().split())


def read_students(path: Path, *, all_opted_out: bool = False,
                  progress: Callable[[int], None] | None = None) -> list[Student]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else None
        if text is None:
            raise RosterFileError(f"{path}: the file is not text (UTF-8 or Windows-1252)") from None
    return list(parse_students(text, str(path), all_opted_out=all_opted_out, progress=progress))


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def parse_students(text: str, name: str, *, all_opted_out: bool = False,
                   progress: Callable[[int], None] | None = None) -> Iterator[Student]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise RosterFileError(f"{name}: the file is empty; it needs a header row") from None
    cols = {_norm(h): i for i, h in enumerate(header)}
    first_col, last_col = cols.get("first name"), cols.get("last name")
    name_col = next((cols[c] for c in NAME_COLUMNS if c in cols), None)
    if name_col is None and (first_col is None or last_col is None):
        raise RosterFileError(f"{name}: row 1: no name column; expected 'Student Name', 'Name' or 'Student', "
                              f"or 'First Name' and 'Last Name' (found: {', '.join(header)[:200]})")
    pref_col = cols.get("preferred name")
    opt_col = next((cols[c] for c in ("photo opt out", "photo optout", "opt out", "opted out") if c in cols), None)
    count = 0
    for row_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise RosterFileError(f"{name}: row {row_no}: {len(row)} cells but the header has {len(header)}")

        def cell(i: int | None) -> str:
            return row[i].strip() if i is not None and i < len(row) else ""

        if first_col is not None and last_col is not None:
            first, last = cell(first_col), cell(last_col)
            if not first or not last:
                column = header[first_col] if not first else header[last_col]
                raise RosterFileError(f"{name}: row {row_no}: column '{column}' is empty")
        else:
            full = cell(name_col)
            if "," in full:
                last, _, first = (p.strip() for p in full.partition(","))
            else:
                first, last = _split_first_last(full)
            if not first or not last:
                raise RosterFileError(f"{name}: row {row_no}: column '{header[name_col]}' needs a first and last name")
        opt_raw = cell(opt_col).lower()
        if opt_raw not in YES | NO:
            raise RosterFileError(f"{name}: row {row_no}: column '{header[opt_col]}' must be Y, Yes, True or 1 (or empty)")
        count += 1
        if progress and count % 1000 == 0:
            progress(count)
        yield Student(first, last, all_opted_out or opt_raw in YES, cell(pref_col))


def _split_first_last(full: str) -> tuple[str, str]:
    """"First Last" (a middle name goes with the first): "Ana Maria Lopez" -> ("Ana Maria", "Lopez")."""
    parts = full.split()
    if len(parts) < 2:
        return "", ""
    return " ".join(parts[:-1]), parts[-1]
