"""`phrases`: marks any word or phrase from a list.

Case-insensitive, whole words only, curly and straight apostrophes equal, plurals and
possessives included ("teacher" also marks "teachers" and "teacher's").

With `masked: true`, single words from the lists are also found when masked or spelled with
look-alike symbols ("f***", "sh1t", "$h!t", "a**hole"): each symbol stands for the letter it
looks like, and `*`, `#`, `%`, `_` for any letter. A word needs at least one real letter and one
symbol to be read this way, so "you!!" or "3rd" never are.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet

_LOOKALIKE = {"$": "s", "5": "s", "@": "a", "4": "a", "!": "i", "1": "i", "0": "o", "3": "e", "7": "t"}
_ANY = set("*#%_")
# A run of letters and masking symbols; handles and hashtags are skipped in `_masked`.
_WORDLIKE = re.compile(r"[A-Za-z$@!*#%_0-9]+")


class PhrasesDetector(Detector):
    kind = "phrases"
    summary = "Marks any word or phrase from a list (and, optionally, masked spellings of its words)."
    FIELDS = {
        "phrases": Field("phrases", [], "The words or phrases to mark."),
        "lists": Field("lists", [], "Names of lists (from `lists:`) whose words are marked too."),
        "masked": Field("yes/no", False, "Also mark masked spellings of single words: \"f***\", \"sh1t\", \"$h!t\"."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.words = PhraseSet(env, options.get("phrases", []), options.get("lists", []))
        self.by_length: dict[int, list[str]] = {}
        if options.get("masked"):
            for w in self.words.phrases:
                w = w.lower()
                if w.isalpha() and len(w) >= 3:
                    self.by_length.setdefault(len(w), []).append(w)

    def find(self, doc: Doc) -> list[Hit]:
        hits = [Hit(s, e) for s, e in self.words.spans(doc)]
        if self.by_length:
            hits += self._masked(doc.text)
        return hits

    def _masked(self, text: str) -> list[Hit]:
        out = []
        for m in _WORDLIKE.finditer(text):
            word, start = m.group(0), m.start()
            if start > 0 and text[start - 1] in "@#":
                continue
            # Trailing "!" is punctuation ("you!!"), not a masked "i".
            stripped = word.rstrip("!")
            if stripped.startswith(("@", "#")) or not any(c.isalpha() for c in stripped):
                continue
            if stripped.isalpha() or stripped.isdigit():
                continue
            if not any(c in _ANY or c in _LOOKALIKE for c in stripped):
                continue
            if _reads_as(stripped.lower(), self.by_length.get(len(stripped), [])):
                out.append(Hit(start, start + len(stripped)))
        return out


def _reads_as(masked: str, candidates: list[str]) -> bool:
    letters = sum(c.isalpha() for c in masked)
    if letters == 0 or (letters == 1 and not masked[0].isalpha()):
        return False
    for word in candidates:
        if all(m == w or m in _ANY or _LOOKALIKE.get(m) == w for m, w in zip(masked, word)):
            return True
    return False
