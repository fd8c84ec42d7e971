"""Phrase lists matched with spaCy's PhraseMatcher: case-insensitive, whole words, curly and
straight apostrophes equal, plurals and possessives included.

Possessives come free: spaCy splits "district's" into "district" + "'s". Plurals are added as
variants of each phrase's last word, so a list says "teacher" and matches "teachers".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from companion.engine.text import normalise

if TYPE_CHECKING:
    from companion.detectors.base import Env


def plural_variants(phrase: str) -> set[str]:
    words = phrase.split(" ")
    last = words[-1]
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
    out: dict[str, None] = {}
    for p in phrases:
        out[normalise(str(p)).strip().lower()] = None
    for name in list_names:
        for p in env.lists.get(name, []):
            out[normalise(str(p)).strip().lower()] = None
    out.pop("", None)
    return list(out)


class PhraseSet:
    """A set of phrases that finds its matches in a segment's Doc."""

    def __init__(self, env: "Env", phrases: Iterable[str], list_names: Iterable[str] = (),
                 *, plurals: bool = True) -> None:
        self.phrases = expand(env, phrases, list_names)
        self._matcher: PhraseMatcher | None = None
        if self.phrases:
            self._matcher = PhraseMatcher(env.nlp.vocab, attr="LOWER")
            variants: set[str] = set()
            for p in self.phrases:
                variants |= plural_variants(p) if plurals else {p}
            self._matcher.add("P", list(env.nlp.tokenizer.pipe(sorted(variants))))

    def __bool__(self) -> bool:
        return self._matcher is not None

    def matches(self, doc: Doc) -> list[Span]:
        if self._matcher is None:
            return []
        found = [doc[s:e] for _, s, e in self._matcher(doc)]
        return sorted(filter_spans(found), key=lambda sp: sp.start)

    def spans(self, doc: Doc) -> list[tuple[int, int]]:
        return [(sp.start_char, sp.end_char) for sp in self.matches(doc)]
