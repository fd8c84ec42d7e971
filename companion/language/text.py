"""Text helpers shared by the engine: normalising, segmenting, and UTF-16 offsets.

Normalising never changes the length of the text (each replacement is one code point for one
code point), so character offsets found on the normalised text are offsets into the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Curly quotes and apostrophes people (and phones) type, mapped to straight ones.
_SAME_LENGTH = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\uff07": "'",
    "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u202f": " ",
})


_TEXT = "second_look.text"  # Doc.user_data key: the doc's text, built once


def doc_text(doc) -> str:
    """`doc.text`, built once a Doc: spaCy joins every token anew on each access (about 70 µs a
    tweet), and the detectors read a segment's text dozens of times."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def normalise(text: str) -> str:
    """Straighten quotes and spaces; the result has exactly the length of `text`."""
    return text.translate(_SAME_LENGTH)


# A segment ends after sentence punctuation followed by space, or at a line break. Typing at the
# end of a draft therefore changes only its last segment, which is what the cache relies on.
# Not after a title or initials ("Ms. Okoro", "J. Smith", "K.M. got"): a name must stay in one segment.
_SEGMENT_END = re.compile(r"(?<=[.!?])\s+|\n+")
_NO_BREAK_AFTER = re.compile(r"(?:^|[\s(])(?:mr|mrs|ms|mx|dr|st|jr|sr|prof|coach|vs|etc|mt|no|ave|rd|(?:[a-z]\.){0,2}[a-z])\.$",
                             re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    start: int  # code-point offset of the segment in the draft
    text: str


def segments(text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    for m in _SEGMENT_END.finditer(text):
        if "\n" not in m.group(0) and _NO_BREAK_AFTER.search(text[max(pos, m.start() - 8):m.start()]):
            continue
        if m.start() > pos:
            out.append(Segment(pos, text[pos:m.start()]))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(pos, text[pos:]))
    return out


class Utf16Index:
    """Converts code-point offsets into UTF-16 code units, as JavaScript counts them."""

    def __init__(self, text: str) -> None:
        # Positions of astral characters (two UTF-16 units each); usually empty.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        a, b = self(start), self(end)
        return a, b - a


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
