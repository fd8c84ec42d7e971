"""The roster in memory: keyed HMACs of normalised names, never the names themselves.

A draft's words are hashed with the same key and looked up, so the companion can tell "Dana
Whitfield" is on the roster without holding the string "dana whitfield" anywhere. This is
pseudonymisation, not anonymisation: whoever has both the key and the hashes can test guesses
(see docs/roster.md).

Each student becomes one `Record` of hashes: the full name in every form it may be written
("Ana Maria Lopez", the preferred name with the surname), the first word of each given name (a
first name alone, which the detectors accept only with a student cue), the first word of the
surname (only to find "Lopez, Ana" quickly, never a match on its own) and the name run
together ("#AnaLopez", "@ana_lopez24").
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from spacy.tokens import Doc, Span

# 128 bits of HMAC-SHA256: collisions among a district's names (and the words of drafts) are
# out of reach, and the store is half the size of full digests.
DIGEST_HEX = 32
MAX_NAME_WORDS = 6  # "Maria de los Angeles Garcia Lopez"; longer names are cut to their first words

_WORD_SPLIT = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
_HANDLE_SPLIT = re.compile(r"[_.\-\d]+")
_HASHTAG = re.compile(r"\w+")
_POSSESSIVE = {"'s", "'", "s"}


def normalise_name(name: str) -> str:
    """Case, accents and curly apostrophes do not matter: "José" = "jose", "O’Brien" = "o'brien"."""
    name = unicodedata.normalize("NFKD", name.replace("\u2019", "'").replace("\u02bc", "'"))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return " ".join(name.casefold().split())


def name_words(name: str) -> list[str]:
    """A name's words as a draft's tokenizer splits them: hyphens separate ("Garcia-Lopez" ->
    garcia, lopez), apostrophes stay ("o'brien"), dots go ("St. John" -> st, john)."""
    words = (w.strip(".'") for w in _WORD_SPLIT.split(normalise_name(name)))
    return [w for w in words if w]


@dataclass(frozen=True)
class RosterEntry:
    full: bool  # True: a full name matched; False: a first name alone
    opt_out: bool  # on the Photo Opt-Out list


@dataclass(frozen=True)
class Student:
    first: str
    last: str
    opt_out: bool = False
    preferred: str = ""


@dataclass
class Record:
    """One student as hashes only. `id` is the hash of the legal full name: it lets a later
    import (the Photo Opt-Out Report) find the same student without the name."""

    id: str
    opt_out: bool
    forms: list[str] = field(default_factory=list)  # full names, in every accepted form
    firsts: list[str] = field(default_factory=list)  # first word of each given name
    leads: list[str] = field(default_factory=list)  # first word of the surname
    compact: list[str] = field(default_factory=list)  # the name run together: hashtags, handles

    def to_json(self) -> list:
        return [self.id, int(self.opt_out), self.forms, self.firsts, self.leads, self.compact]

    @classmethod
    def from_json(cls, item) -> "Record":
        if (not isinstance(item, list) or len(item) != 6 or not isinstance(item[0], str)
                or item[1] not in (0, 1) or not all(isinstance(x, list) for x in item[2:])
                or not all(isinstance(h, str) and len(h) == DIGEST_HEX for x in item[2:] for h in x)):
            raise ValueError("a student record is malformed")
        return cls(item[0], bool(item[1]), *item[2:])

    def merged(self, other: "Record") -> "Record":
        def union(a: list[str], b: list[str]) -> list[str]:
            return a + [h for h in b if h not in a]

        return Record(self.id, self.opt_out or other.opt_out, union(self.forms, other.forms),
                      union(self.firsts, other.firsts), union(self.leads, other.leads),
                      union(self.compact, other.compact))


def digest(key: bytes, normalised: str) -> str:
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGEST_HEX]


def make_record(key: bytes, student: Student) -> Record | None:
    """None when the student has no usable first and last name."""
    last = name_words(student.last)[:MAX_NAME_WORDS - 1]
    first = name_words(student.first)
    if not first or not last:
        return None
    givens = [first] + [w for w in [name_words(student.preferred)] if w and w != first]
    rec = Record(digest(key, " ".join(first[:MAX_NAME_WORDS - len(last)] + last)), student.opt_out)
    for given in givens:
        given = given[:MAX_NAME_WORDS - len(last)]
        for form in {" ".join(given + last), " ".join(given[:1] + last)}:
            h = digest(key, form)
            if h not in rec.forms:
                rec.forms.append(h)
        h = digest(key, given[0])
        if h not in rec.firsts:
            rec.firsts.append(h)
        h = digest(key, "".join(given[:1] + last))
        if h not in rec.compact:
            rec.compact.append(h)
    rec.leads.append(digest(key, last[0]))
    return rec


class Roster:
    def __init__(self, key: bytes, records: Iterable[Record] = ()) -> None:
        self._key = key
        self._full: dict[str, bool] = {}  # hmac(full name) -> opted out
        self._first: dict[str, bool] = {}  # hmac(first word) -> any student with it opted out
        self._compact: dict[str, bool] = {}
        self._leads: set[str] = set()
        self._ids: dict[str, bool] = {}
        self._max_words = MAX_NAME_WORDS
        for rec in records:
            self._add(rec)

    def _add(self, rec: Record) -> None:
        self._ids[rec.id] = self._ids.get(rec.id, False) or rec.opt_out
        for table, hashes in ((self._full, rec.forms), (self._first, rec.firsts), (self._compact, rec.compact)):
            for h in hashes:
                table[h] = table.get(h, False) or rec.opt_out
        self._leads.update(rec.leads)

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def from_students(cls, students: Iterable[Student], key: bytes | None = None) -> "Roster":
        key = key or secrets.token_bytes(32)
        return cls(key, records_from_students(students, key))

    def digest(self, normalised: str) -> str:
        # No cache: it would keep drafts' words in memory for the life of the companion, to
        # save about 0.05 ms a check (an HMAC costs about a microsecond).
        return digest(self._key, normalised)

    @property
    def counts(self) -> dict[str, int]:
        return {"students": len(self._ids), "first_names": len(self._first),
                "opted_out": sum(self._ids.values())}

    # -- matching ---------------------------------------------------------------------------
    def is_full_name(self, first: str, last: str) -> bool:
        """Whether a first name and a surname, found apart ("Thank you Mrs. Alvarez!! Summer
        was…"), make a student's full name."""
        words = name_words(first) + name_words(last)
        return len(words) >= 2 and self.digest(" ".join(words)) in self._full

    def find(self, doc: Doc) -> list[tuple[Span, RosterEntry]]:
        """Roster names in a Doc: full names ("Dana Whitfield", "dana whitfield's", "Whitfield,
        Dana", "Garcia-Lopez", "#DanaWhitfield", "@dana_whitfield09") and first names alone
        (entry.full False). A surname alone is never returned."""
        out: list[tuple[Span, RosterEntry]] = []
        runs = _word_runs(doc)
        for r, run in enumerate(runs):
            i = 0
            while i < len(run):
                tok, word = run[i]
                if word is None:  # a handle or hashtag, matched whole
                    entry = self._match_handle(tok.text)
                    if entry is not None:
                        out.append((doc[tok.i:tok.i + 1], entry))
                    i += 1
                    continue
                found = self._match_full(run, i) or self._match_last_first(runs, r, i)
                if found is not None:
                    span, opt, used = found
                    out.append((span, RosterEntry(True, opt)))
                    i += used
                    continue
                opt = self._first.get(self.digest(word))
                if opt is not None:
                    out.append((doc[tok.i:tok.i + 1], RosterEntry(False, opt)))
                i += 1
        return out

    def _match_full(self, run, i: int):
        """"First [Middle] Last" starting at run[i], longest first."""
        if self.digest(run[i][1]) not in self._first:
            return None
        doc_words = _plain_prefix(run, i, self._max_words)
        for n in range(len(doc_words), 1, -1):
            opt = self._full.get(self.digest(" ".join(doc_words[:n])))
            if opt is not None:
                return run[i][0].doc[run[i][0].i:run[i + n - 1][0].i + 1], opt, n
        return None

    def _match_last_first(self, runs, r: int, i: int):
        """"Last, First [Middle]": run[i:] is the surname, the next run (after one comma) the
        given names."""
        run = runs[r]
        if r + 1 >= len(runs) or self.digest(run[i][1]) not in self._leads:
            return None
        last = _plain_prefix(run, i, self._max_words)
        if len(last) != len(run) - i:
            return None
        end_tok = run[-1][0]
        nxt = runs[r + 1]
        doc = end_tok.doc
        if not (end_tok.i + 2 == nxt[0][0].i and doc[end_tok.i + 1].text == ","):
            return None
        given = _plain_prefix(nxt, 0, self._max_words - len(last))
        for n in range(len(given), 0, -1):
            opt = self._full.get(self.digest(" ".join(given[:n] + last)))
            if opt is not None:
                # The whole "Last, First" is the span; the given run is consumed by skipping it.
                span = doc[run[i][0].i:nxt[n - 1][0].i + 1]
                runs[r + 1] = nxt[n:]
                return span, opt, len(run) - i
        return None

    def _match_handle(self, text: str) -> RosterEntry | None:
        """"@hunter_bishop24", "#MarcoDiaz", "priya.sharma@students.highlineschools.org": only a
        whole full name counts, never a part."""
        body = normalise_name(text.lstrip("@#").split("@", 1)[0])
        parts = [p for p in _HANDLE_SPLIT.split(body) if p]
        if len(parts) >= 2:
            opt = self._full.get(self.digest(" ".join(parts)))
            if opt is not None:
                return RosterEntry(True, opt)
        if parts:
            opt = self._compact.get(self.digest("".join(parts)))
            if opt is not None:
                return RosterEntry(True, opt)
        return None


def records_from_students(students: Iterable[Student], key: bytes) -> list[Record]:
    """One record per distinct student (the same legal name twice is one student)."""
    by_id: dict[str, Record] = {}
    for s in students:
        rec = make_record(key, s)
        if rec is None:
            continue
        by_id[rec.id] = by_id[rec.id].merged(rec) if rec.id in by_id else rec
    return list(by_id.values())


def _word_runs(doc: Doc) -> list[list[tuple]]:
    """Runs of adjacent name-like tokens: (token, normalised word). A hyphen between words
    ("Garcia-Lopez") joins them; anything else ends the run. Handles and hashtags stand alone
    with word None."""
    runs: list[list[tuple]] = []
    run: list[tuple] = []
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        text = tok.text
        if text == "#" and i + 1 < n and not tok.whitespace_ and _HASHTAG.fullmatch(doc[i + 1].text):
            runs.extend([run, [(doc[i + 1], None)]] if run else [[(doc[i + 1], None)]])
            run = []
            i += 2
            continue
        # A handle, or an e-mail address read by the part before its "@" ("priya.sharma@…").
        if (text.startswith("@") and len(text) > 2) or (tok.like_email and text.find("@") > 0):
            runs.extend([run, [(tok, None)]] if run else [[(tok, None)]])
            run = []
            i += 1
            continue
        word = normalise_name(text).strip(".")
        if word and word not in _POSSESSIVE and all(ch.isalpha() or ch == "'" for ch in word) and word[0].isalpha():
            run.append((tok, word))
        elif text in "-\u2010\u2011" and run and not doc[i - 1].whitespace_ and not tok.whitespace_:
            pass  # "Garcia-Lopez": the hyphen joins
        elif run:
            runs.append(run)
            run = []
        i += 1
    if run:
        runs.append(run)
    return runs


def _plain_prefix(run, i: int, limit: int) -> list[str]:
    out = []
    for _tok, word in run[i:i + max(0, limit)]:
        if word is None:
            break
        out.append(word)
    return out
