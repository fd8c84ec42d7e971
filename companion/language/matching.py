"""Phrase lists matched with spaCy's PhraseMatcher: case-insensitive, whole words, curly and
straight apostrophes equal, plurals and possessives included.

Possessives come free: spaCy splits "district's" into "district" + "'s". Plurals are added as
variants of each phrase's last word, so a list says "teacher" and matches "teachers".
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING, Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from companion.language.text import normalise

if TYPE_CHECKING:
    from companion.detectors.base import Env


def plural_variants(phrase: str) -> set[str]:
    words = phrase.split(" ")
    last = words[-1]
    if last.isupper():  # an acronym: "IEP" -> "IEPs"
        return {phrase, " ".join(words[:-1] + [last + "s"])}
    if not last.isalpha() or len(last) < 3:
        return {phrase}
    forms = {last, last + "s"}
    if last.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(last + "es")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        forms.add(last[:-1] + "ies")
    return {" ".join(words[:-1] + [f]) for f in forms}


def expand(env: "Env", phrases: Iterable[str], list_names: Iterable[str] = ()) -> list[str]:
    """Literal phrases plus the words of each named list, normalised and de-duplicated."""
    out: dict[str, str] = {}
    for p in list(phrases) + [p for name in list_names for p in env.lists.get(name, [])]:
        p = " ".join(normalise(str(p)).split())
        if p:
            out.setdefault(p.lower(), p)
    return list(out.values())


def word_set(env: "Env", words: Iterable[str], list_names: Iterable[str] = ()) -> frozenset[str]:
    """Single words given in a field and its lists, in lower case, to compare with a token's
    `lower_` ("heading" of `travel_words`)."""
    return frozenset(w.lower() for w in expand(env, words, list_names))


def place_words(env: "Env", list_names: Iterable[str]) -> frozenset[str]:
    """Each word of the named lists' phrases, in lower case: "cascade" of "Cascade Middle School"."""
    return frozenset(w for p in word_set(env, [], list_names) for w in p.split())


# Built matchers by (vocab, phrases, plurals). A rules file names the same lists in many
# detectors (the bundled file: 378 lists, 150 distinct), and a load builds two engines
# (examples, then serving), the second then in 0.02 s; a Doc's memo (`matches`) serves them all.
# A matcher holds its vocab, so an id here is never reused by another while it is kept.
# Kept per build: `new_build()` starts a generation, and a matcher the new build does not ask for
# again is dropped with the one before, so rules edited all day do not pile up old lists.
_MATCHERS: dict[tuple[int, tuple[str, ...], bool], PhraseMatcher] = {}
_PREVIOUS: dict[tuple[int, tuple[str, ...], bool], PhraseMatcher] = {}
_MATCHERS_LOCK = threading.Lock()


def new_build() -> None:
    """Start a generation of shared matchers (at the start of each engine build)."""
    global _MATCHERS, _PREVIOUS
    with _MATCHERS_LOCK:
        _PREVIOUS, _MATCHERS = _MATCHERS, {}


def _matcher(env: "Env", phrases: tuple[str, ...], plurals: bool) -> PhraseMatcher:
    nlp = env.nlp
    key = (id(nlp.vocab), phrases, plurals)
    with _MATCHERS_LOCK:
        found = _MATCHERS.get(key)
        if found is None and (found := _PREVIOUS.get(key)) is not None:
            _MATCHERS[key] = found
    if found is not None:
        return found
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    variants: set[str] = set()
    for p in phrases:
        for form in plural_variants(p) if plurals else {p}:
            # The tokenizer's exceptions depend on case ("id" splits as "I'd", "ID" does
            # not), so each phrase is added as written, in upper and in title case.
            variants |= {form, form.upper(), form.title()}
    # Each variant's words (lower case), tokenized once a build: the lists repeat one another's
    # phrases. Only the words are kept; a Doc is made from them when added.
    known = env.tokenized
    new = sorted(v for v in variants if v not in known)
    known.update((v, tuple(t.lower_ for t in doc)) for v, doc in zip(new, nlp.tokenizer.pipe(new)))
    keys = sorted({known[v] for v in variants})
    matcher.add("P", [Doc(nlp.vocab, words=list(k)) for k in keys if k])
    with _MATCHERS_LOCK:
        return _MATCHERS.setdefault(key, matcher)


class PhraseSet:
    """A set of phrases that finds its matches in a segment's Doc."""

    def __init__(self, env: "Env", phrases: Iterable[str], list_names: Iterable[str] = (),
                 *, plurals: bool = True) -> None:
        self.phrases = expand(env, phrases, list_names)
        self._matcher: PhraseMatcher | None = None
        if self.phrases:
            self._matcher = _matcher(env, tuple(sorted(self.phrases)), plurals)

    def __bool__(self) -> bool:
        return self._matcher is not None

    def matches(self, doc: Doc) -> list[Span]:
        if self._matcher is None:
            return []
        # Several detectors ask the same list about the same segment: the answer is kept on the
        # Doc (which the engine empties once the detectors are done).
        # Kept as word offsets, not Spans: a Span held in its own Doc's user_data would make a
        # reference cycle, and each Doc would wait for the garbage collector.
        key = ("phrases", id(self._matcher))
        found = doc.user_data.get(key)
        if found is None:
            spans = filter_spans([doc[s:e] for _, s, e in self._matcher(doc)])
            found = doc.user_data[key] = tuple(sorted((sp.start, sp.end) for sp in spans))
        return [doc[s:e] for s, e in found]

    def spans(self, doc: Doc) -> list[tuple[int, int]]:
        return [(sp.start_char, sp.end_char) for sp in self.matches(doc)]


# -- masked spellings ("f***", "sh1t", "$h!t") -------------------------------------------------
_LOOKALIKE = {"$": "s", "5": "s", "@": "a", "4": "a", "!": "i", "1": "i", "0": "o", "3": "e", "7": "t"}
_ANY = set("*#%_")
# A run of letters and masking symbols; handles and hashtags are skipped in `spans`.
_WORDLIKE = re.compile(r"[A-Za-z$@!*#%_0-9]+")


def reads_as(masked: str, candidates: list[str]) -> bool:
    """Whether a masked word ("f***", lower case) spells one of the candidates of its length."""
    letters = sum(c.isalpha() for c in masked)
    if letters == 0 or (letters == 1 and not masked[0].isalpha()):
        return False
    return any(all(m == w or m in _ANY or _LOOKALIKE.get(m) == w for m, w in zip(masked, word))
               for word in candidates)


class MaskedWords:
    """Finds masked spellings of the single words of a list: each look-alike symbol stands for
    its letter, and `*`, `#`, `%`, `_` for any letter. A word needs a real letter and a symbol
    to be read this way, so "you!!" (trailing punctuation) or "3rd" never are."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_length: dict[int, list[str]] = {}
        # Plurals too, as the lists match them unmasked: "a**holes" for "asshole".
        words = {form.lower() for p in phrases for form in plural_variants(p)}
        for w in sorted(words):
            if w.isalpha() and len(w) >= 3:
                self.by_length.setdefault(len(w), []).append(w)

    def __bool__(self) -> bool:
        return bool(self.by_length)

    def spans(self, text: str) -> list[tuple[int, int]]:
        out = []
        for m in _WORDLIKE.finditer(text):
            word, start = m.group(0), m.start()
            if start > 0 and text[start - 1] in "@#":
                continue
            stripped = word.rstrip("!")  # trailing "!" is punctuation, not a masked "i"
            if not any(c.isalpha() for c in stripped) or stripped.isalpha():
                continue
            if not any(c in _ANY or c in _LOOKALIKE for c in stripped):
                continue
            if reads_as(stripped.lower(), self.by_length.get(len(stripped), [])):
                out.append((start, start + len(stripped)))
        return out
