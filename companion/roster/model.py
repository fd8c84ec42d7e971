"""The roster in memory: keyed HMACs of normalised names, never the names themselves.

A draft's tokens are hashed with the same key and looked up, so the companion can tell "Dana
Whitfield" is on the roster without holding the string "dana whitfield" anywhere. This is
pseudonymisation, not anonymisation: whoever has both the key and the file can test guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Doc, Span


def normalise_name(name: str) -> str:
    """Case, accents and curly apostrophes do not matter: "José" = "jose", "O’Brien" = "o'brien"."""
    name = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return " ".join(name.casefold().split())


@dataclass(frozen=True)
class RosterEntry:
    full: bool  # True: first and last name matched; False: a first name alone
    opt_out: bool  # on the Photo Opt-Out list


@dataclass(frozen=True)
class Student:
    first: str
    last: str
    opt_out: bool = False
    preferred: str = ""


class Roster:
    def __init__(self, key: bytes, full: dict[str, bool], first: dict[str, bool]) -> None:
        self._key = key
        self._full = full  # hmac("first last") -> opted out
        self._first = first  # hmac("first") -> any student with this first name opted out
        self._cache: dict[str, str] = {}

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def from_students(cls, students: Iterable[Student], key: bytes | None = None) -> "Roster":
        key = key or secrets.token_bytes(32)
        full: dict[str, bool] = {}
        first: dict[str, bool] = {}
        probe = cls(key, full, first)
        for s in students:
            for given in {s.first, s.preferred} - {""}:
                g = normalise_name(given)
                last = normalise_name(s.last)
                for form in (f"{g} {last}",):
                    h = probe.digest(form)
                    full[h] = full.get(h, False) or s.opt_out
                h = probe.digest(g.split(" ")[0])
                first[h] = first.get(h, False) or s.opt_out
        return cls(key, full, first)

    def digest(self, normalised: str) -> str:
        cached = self._cache.get(normalised)
        if cached is None:
            cached = hmac.new(self._key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
            if len(self._cache) < 100_000:
                self._cache[normalised] = cached
        return cached

    @property
    def counts(self) -> dict[str, int]:
        return {"students": len(self._full), "first_names": len(self._first),
                "opted_out": sum(self._full.values())}

    def export(self) -> tuple[dict[str, bool], dict[str, bool]]:
        return dict(self._full), dict(self._first)

    # -- matching ---------------------------------------------------------------------------
    def find(self, doc: Doc) -> list[tuple[Span, RosterEntry]]:
        out: list[tuple[Span, RosterEntry]] = []
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            if not tok.is_alpha and "'" not in tok.text and "-" not in tok.text:
                i += 1
                continue
            a = normalise_name(tok.text)
            # "First Last"
            if i + 1 < n:
                opt = self._full.get(self.digest(f"{a} {normalise_name(doc[i + 1].text)}"))
                if opt is not None:
                    out.append((doc[i:i + 2], RosterEntry(True, opt)))
                    i += 2
                    continue
            # "Last, First"
            if i + 2 < n and doc[i + 1].text == ",":
                opt = self._full.get(self.digest(f"{normalise_name(doc[i + 2].text)} {a}"))
                if opt is not None:
                    out.append((doc[i:i + 3], RosterEntry(True, opt)))
                    i += 3
                    continue
            opt = self._first.get(self.digest(a))
            if opt is not None:
                out.append((doc[i:i + 1], RosterEntry(False, opt)))
            i += 1
        return out
