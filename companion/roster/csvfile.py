"""Reading illuminate's CSV export of students (or its Photo Opt-Out Report).

Accepted headers (case, spacing, `_` and `-` do not matter): one name column (`Student Name`,
`Name` or `Student`, as "Last, First" or "First Last"), or `First Name` and `Last Name` columns;
optionally `Preferred Name` (adds a variant) and `Photo Opt-Out` (Y, Yes, True or 1; N, No,
False, 0 or empty). Other columns (Student ID, Grade, School...) are ignored and never stored.
The header may follow a few title lines; commas, semicolons or tabs separate cells; UTF-8
(with or without BOM), UTF-16 (Excel's "Unicode text") and Windows-1252 are read.

A bad file is refused whole, with every problem (up to `MAX_PROBLEMS`) naming its row and
column. Error messages never quote a cell: a cell may hold a student's name, and messages can
end up in terminals' scrollback, tickets and logs.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Callable

from companion.roster.model import Student

MAX_FILE_BYTES = 50_000_000  # a whole district's export is a few MB
MAX_PROBLEMS = 20
HEADER_SEARCH_ROWS = 10  # reports often start with a title line or two

NAME_COLUMNS = ("student name", "name", "student", "student full name", "full name")
FIRST_COLUMNS = ("first name", "firstname", "student first name", "legal first name", "given name")
LAST_COLUMNS = ("last name", "lastname", "student last name", "legal last name", "surname", "family name")
PREFERRED_COLUMNS = ("preferred name", "preferred first name", "preferredname", "nickname")
OPT_OUT_COLUMNS = ("photo opt out", "photo optout", "photo opt out status", "opt out", "opted out", "photo release opt out")
YES = {"y", "yes", "true", "1", "x"}
NO = {"", "n", "no", "false", "0"}

Progress = Callable[[int, int], None]  # (rows read, rows in the file)


class RosterFileError(ValueError):
    """A problem in the CSV: `problems` lists each one, naming the row and column."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or [message]
        super().__init__(message)


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").replace("-", " ").replace("\ufeff", "").strip().lower().split())


def read_students(path: Path, *, all_opted_out: bool = False, progress: Progress | None = None) -> list[Student]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RosterFileError(f"{path}: the file has {size:,} bytes; a roster export is at most "
                                  f"{MAX_FILE_BYTES:,} (is this the right file?)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise RosterFileError(f"{path}: is a folder; give the CSV file exported from illuminate") from None
    except OSError as exc:
        raise RosterFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    return parse_students(decode(raw, str(path)), str(path), all_opted_out=all_opted_out, progress=progress)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterFileError(f"{name}: the file says it is UTF-16 but is not") from None
    if b"\x00" in raw:
        raise RosterFileError(f"{name}: the file is not text (it holds NUL bytes); export the roster as CSV")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise RosterFileError(f"{name}: the file is not text (UTF-8, UTF-16 or Windows-1252)") from None


def _find_header(text: str, delimiter: str, name: str):
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record_no, row in enumerate(rows, start=1):
            cols: dict[str, int] = {}
            for i, h in enumerate(row):
                cols.setdefault(_norm(h), i)
            if _find(cols, NAME_COLUMNS) is not None or _find(cols, FIRST_COLUMNS) is not None:
                return rows, row, cols, record_no
            if record_no >= HEADER_SEARCH_ROWS:
                return None
    except csv.Error as exc:
        if delimiter == ",":
            raise RosterFileError(f"{name}: line {rows.line_num}: the CSV cannot be read ({exc})") from None
    return None


def _find(cols: dict[str, int], names: tuple[str, ...]) -> int | None:
    return next((cols[c] for c in names if c in cols), None)


def parse_students(text: str, name: str, *, all_opted_out: bool = False,
                   progress: Progress | None = None) -> list[Student]:
    if not text.strip():
        raise RosterFileError(f"{name}: the file is empty; it needs a header row and one row per student")
    total = max(1, text.count("\n"))
    found = None
    for delimiter in ",\t;":  # the first that yields a header with a name column
        found = _find_header(text, delimiter, name)
        if found is not None:
            break
    if found is None:
        raise RosterFileError(f"{name}: no header row with a name column in the first {HEADER_SEARCH_ROWS} rows; "
                              "expected 'Student Name', 'Name' or 'Student', or 'First Name' and 'Last Name'")
    rows, header, cols, header_row = found
    first_col, last_col = _find(cols, FIRST_COLUMNS), _find(cols, LAST_COLUMNS)
    name_col = _find(cols, NAME_COLUMNS)
    if first_col is not None and last_col is None and name_col is None:
        raise RosterFileError(f"{name}: row {header_row}: there is a '{header[first_col]}' column but no "
                              "'Last Name' column")
    split = first_col is not None and last_col is not None
    pref_col = _find(cols, PREFERRED_COLUMNS)
    opt_col = _find(cols, OPT_OUT_COLUMNS)
    for col in (first_col, last_col, name_col, pref_col, opt_col):
        twice = [i for i, h in enumerate(header) if col is not None and _norm(h) == _norm(header[col])]
        if len(twice) > 1:
            raise RosterFileError(f"{name}: row {header_row}: column '{header[col]}' appears twice (columns "
                                  f"{twice[0] + 1} and {twice[1] + 1}); keep one")

    problems: list[str] = []
    students: list[Student] = []

    def problem(row_no: int, col: int | None, what: str) -> None:
        where = f"row {row_no}" + (f", column '{header[col]}'" if col is not None else "")
        problems.append(f"{name}: {where}: {what}")

    read = 0
    row_no = header_row  # rows as a spreadsheet numbers them (a quoted line break stays in its row)
    try:
        for row in rows:
            row_no += 1
            read += 1
            if progress and read % 1000 == 0:
                progress(read, total - header_row)
            if len(problems) >= MAX_PROBLEMS:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
                problem(row_no, None, f"{len(row)} cells but the header has {len(header)} (a stray comma or "
                        "an unquoted \"Last, First\" name?)")
                continue

            def cell(i: int | None) -> str:
                return row[i].strip() if i is not None and i < len(row) else ""

            if split:
                first, last = cell(first_col), cell(last_col)
                bad = [c for c, v in ((first_col, first), (last_col, last)) if not _looks_like_name(v)]
                for c in bad:
                    problem(row_no, c, "is empty" if not cell(c) else "does not look like a name (digits or no letters)")
                if bad:
                    continue
            else:
                full = cell(name_col)
                if "," in full:
                    last, _, first = (p.strip() for p in full.partition(","))
                else:
                    first, last = _split_first_last(full)
                if not full:
                    problem(row_no, name_col, "is empty")
                    continue
                if not (_looks_like_name(first) and _looks_like_name(last)):
                    problem(row_no, name_col, "needs a first and a last name (\"Last, First\" or \"First Last\"), "
                            "letters only")
                    continue
            preferred = cell(pref_col)
            if preferred and not _looks_like_name(preferred):
                problem(row_no, pref_col, "does not look like a name (digits or no letters)")
                continue
            opt_raw = cell(opt_col).lower()
            if opt_raw not in YES | NO:
                problem(row_no, opt_col, "must be Y, Yes, True or 1 (opted out) or N, No, False, 0 or empty")
                continue
            students.append(Student(first, last, all_opted_out or opt_raw in YES, preferred))
    except csv.Error as exc:
        problem(row_no + 1, None, f"the CSV cannot be read ({exc})")
    if problems:
        more = " (stopped after the first %d problems)" % MAX_PROBLEMS if len(problems) >= MAX_PROBLEMS else ""
        raise RosterFileError(f"{name}: {len(problems)} problem(s){more}; the file was not used:\n  "
                              + "\n  ".join(problems), problems)
    if not students:
        raise RosterFileError(f"{name}: the file has a header but no students")
    if progress and read >= 1000 and read % 1000:
        progress(read, read)
    return students


def _looks_like_name(value: str) -> bool:
    return any(ch.isalpha() for ch in value) and not any(ch.isdigit() for ch in value)


def _split_first_last(full: str) -> tuple[str, str]:
    """"First Last" (a middle name goes with the first): "Ana Maria Lopez" -> ("Ana Maria", "Lopez")."""
    parts = full.split()
    if len(parts) < 2:
        return "", ""
    return " ".join(parts[:-1]), parts[-1]
