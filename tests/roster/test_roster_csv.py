"""Reading illuminate's CSV export: every accepted shape, and every bad file refused whole with
its row and column named (and no cell quoted back)."""

from __future__ import annotations

import pytest

from companion.roster.csvfile import MAX_PROBLEMS, RosterFileError, parse_students, read_students
from companion.roster.model import Student

# (what it is, file text, the students read as (first, last, opted out, preferred))
GOOD = [
    ("illuminate export, split names",
     "Student ID,Last Name,First Name,Preferred Name,Grade,School,Photo Opt-Out\n"
     "2040117,Whitfield,Dana,,11,Tyee High School,Y\n2045633,Okafor,Samuel,Sam,7,Chinook,N\n",
     [("Dana", "Whitfield", True, ""), ("Samuel", "Okafor", False, "Sam")]),
    ("one 'Student Name' column as Last, First",
     'Student Name,Grade\n"Lopez, Ana",3\n"De La Cruz, Maria Elena",4\n',
     [("Ana", "Lopez", False, ""), ("Maria Elena", "De La Cruz", False, "")]),
    ("one 'Name' column as First Last, a middle name goes with the first",
     "Name\nAna Lopez\nAna Maria Lopez\n",
     [("Ana", "Lopez", False, ""), ("Ana Maria", "Lopez", False, "")]),
    ("'Student' column, mixed forms",
     'Student\n"Kim, Grace"\nMarco Diaz\n',
     [("Grace", "Kim", False, ""), ("Marco", "Diaz", False, "")]),
    ("header case, underscores and spacing do not matter",
     "LAST_NAME , first_name,photo_opt_out\nTran,Rose,yes\n",
     [("Rose", "Tran", True, "")]),
    ("every yes and no spelling",
     "First Name,Last Name,Photo Opt-Out\nA,One,Y\nB,Two,Yes\nC,Three,TRUE\nD,Four,1\nE,Five,N\nF,Six,no\nG,Seven,False\nH,Eight,0\nI,Nine,\n",
     [("A", "One", True, ""), ("B", "Two", True, ""), ("C", "Three", True, ""), ("D", "Four", True, ""),
      ("E", "Five", False, ""), ("F", "Six", False, ""), ("G", "Seven", False, ""), ("H", "Eight", False, ""),
      ("I", "Nine", False, "")]),
    ("blank lines and trailing empty cells are skipped",
     "First Name,Last Name\n\nAna,Lopez,,\n,\n",
     [("Ana", "Lopez", False, "")]),
    ("a report title above the header",
     "Photo Opt-Out Report\nHighline Public Schools,,\nLast Name,First Name\nYusuf,Mariam\n",
     [("Mariam", "Yusuf", False, "")]),
    ("semicolon-separated (European Excel)",
     "Last Name;First Name;Photo Opt-Out\nPham;Tuan;Y\n",
     [("Tuan", "Pham", True, "")]),
    ("tab-separated",
     "First Name\tLast Name\nLeilani\tKealoha\n",
     [("Leilani", "Kealoha", False, "")]),
    ("accents, apostrophes and hyphens are names",
     "First Name,Last Name\nJosé,O'Brien\nJean-Luc,Garcia-Lopez\n",
     [("José", "O'Brien", False, ""), ("Jean-Luc", "Garcia-Lopez", False, "")]),
    ("a quoted line break stays in its cell",
     'First Name,Last Name,Notes\nAna,Lopez,"two\nlines"\nMarco,Diaz,\n',
     [("Ana", "Lopez", False, ""), ("Marco", "Diaz", False, "")]),
]


@pytest.mark.parametrize("what,text,expected", GOOD, ids=[g[0] for g in GOOD])
def test_accepted_files(what, text, expected):
    students = parse_students(text, "roster.csv")
    assert [(s.first, s.last, s.opt_out, s.preferred) for s in students] == expected


def test_opt_out_report_marks_everyone():
    students = parse_students("Last Name,First Name,Photo Opt-Out\nKim,Grace,N\nPrice,Jordan,\n", "r.csv",
                              all_opted_out=True)
    assert all(s.opt_out for s in students)


# (what it is, file text, words the one error must contain)
BAD = [
    ("empty file", "", ["empty"]),
    ("only spaces", "  \n \n", ["empty"]),
    ("no name column", "Student ID,Grade\n1,2\n", ["no header row with a name column", "'Student Name'"]),
    ("first name without last name", "First Name,Grade\nAna,3\n", ["row 1", "'First Name'", "no 'Last Name'"]),
    ("header only", "First Name,Last Name\n", ["header but no students"]),
    ("empty last name", "First Name,Last Name\nAna,\n", ["row 2, column 'Last Name': is empty"]),
    ("empty first name on row 3", "First Name,Last Name\nAna,Lopez\n,Diaz\n", ["row 3, column 'First Name': is empty"]),
    ("digits in a name (shifted columns)", "First Name,Last Name\nAna,2040117\n",
     ["row 2, column 'Last Name': does not look like a name"]),
    ("a single word in the Name column", "Name\nAna\n", ["row 2, column 'Name': needs a first and a last name"]),
    ("empty Name cell", "Student Name,Grade\n,3\n", ["row 2, column 'Student Name': is empty"]),
    ("unquoted Last, First makes an extra cell", "Student Name,Grade\nLopez, Ana,3\n", ["row 2", "3 cells but the header has 2"]),
    ("bad opt-out value", "First Name,Last Name,Photo Opt-Out\nAna,Lopez,maybe\n",
     ["row 2, column 'Photo Opt-Out': must be Y, Yes, True or 1"]),
    ("bad preferred name", "First Name,Last Name,Preferred Name\nAna,Lopez,42\n",
     ["row 2, column 'Preferred Name'"]),
    ("a name column twice", "First Name,Last Name,Last Name\nAna,Lopez,Diaz\n", ["'Last Name' appears twice", "columns 2 and 3"]),
    ("an unterminated quote", 'First Name,Last Name\nAna,"Lopez\n', ["row 2", "cannot be read"]),
]


@pytest.mark.parametrize("what,text,words", BAD, ids=[b[0] for b in BAD])
def test_refused_files(what, text, words):
    with pytest.raises(RosterFileError) as err:
        parse_students(text, "roster.csv")
    message = str(err.value)
    for w in words:
        assert w in message, message


def test_every_problem_is_listed_and_nothing_is_returned():
    text = "First Name,Last Name,Photo Opt-Out\nAna,Lopez,Y\n,Diaz,N\nMarco,,N\nElena,Petrova,perhaps\nSam,Okafor,N\n"
    with pytest.raises(RosterFileError) as err:
        parse_students(text, "roster.csv")
    assert [p.split(": ", 1)[1] for p in err.value.problems] == [
        "row 3, column 'First Name': is empty",
        "row 4, column 'Last Name': is empty",
        "row 5, column 'Photo Opt-Out': must be Y, Yes, True or 1 (opted out) or N, No, False, 0 or empty",
    ]


def test_problems_stop_at_the_limit():
    text = "First Name,Last Name\n" + "Ana,\n" * (MAX_PROBLEMS + 30)
    with pytest.raises(RosterFileError) as err:
        parse_students(text, "roster.csv")
    assert len(err.value.problems) == MAX_PROBLEMS
    assert "stopped after" in str(err.value)


def test_errors_never_quote_a_cell():
    # A cell may be a student's name in the wrong column: the message names the place only.
    text = "First Name,Last Name,Photo Opt-Out\nZyxquorb,Vantablick,Wexlerfield\n"
    with pytest.raises(RosterFileError) as err:
        parse_students(text, "roster.csv")
    assert not {"Zyxquorb", "Vantablick", "Wexlerfield"} & set(str(err.value).replace(",", " ").split())
    assert "Wexlerfield" not in str(err.value)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings(tmp_path, encoding):
    path = tmp_path / "r.csv"
    path.write_bytes("Last Name,First Name\nNúñez,José\n".encode(encoding))
    assert read_students(path) == [Student("José", "Núñez")]


@pytest.mark.parametrize("content,words", [
    (b"\x00\x01\x02binary", ["not text"]),
    (None, ["cannot read the file"]),
])
def test_unreadable_files(tmp_path, content, words):
    path = tmp_path / "r.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RosterFileError) as err:
        read_students(path)
    assert all(w in str(err.value) for w in words)


def test_a_folder_is_not_a_roster(tmp_path):
    with pytest.raises(RosterFileError, match="is a folder"):
        read_students(tmp_path)


def test_progress_every_thousand_rows():
    text = "First Name,Last Name\n" + "".join(f"Ana,Lopez{chr(97 + i % 26)}\n" for i in range(2500))
    seen = []
    students = parse_students(text, "big.csv", progress=lambda done, total: seen.append((done, total)))
    assert len(students) == 2500
    assert seen == [(1000, 2500), (2000, 2500), (2500, 2500)]


def test_the_synthetic_roster_reads():
    from tests.roster.conftest import ROSTER_CSV

    students = read_students(ROSTER_CSV)
    assert len(students) == 60
    assert sum(s.opt_out for s in students) == 7
