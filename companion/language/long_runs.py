"""Keeping spaCy's tokenizer linear on long runs without spaces.

spaCy strips prefixes and suffixes off a run of characters one at a time, copying the rest each
time, so a run of emoji or punctuation with no space in it costs time in the square of its
length: 2,000 "🎉" in a row take 0.7 s, 8,000 take 10 s, on every check while the staff member
types. Runs that long are never words, so they are cut into pieces the tokenizer reads one by one;
everything else is tokenized exactly as before, and the document's text is the draft's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc
from spacy.vocab import Vocab

# A run this long without a space is no word, URL or handle anyone types; below it the
# tokenizer's cost is a few milliseconds at most.
LONG_RUN = 400
PIECE = 100
_RUN = re.compile(r"\S{%d,}\s?" % LONG_RUN)


class LongRunTokenizer:
    """spaCy's tokenizer, with runs of LONG_RUN or more non-space characters read in pieces."""

    def __init__(self, inner: Callable[[str], Doc], vocab: Vocab) -> None:
        self.inner = inner
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        if len(text) < LONG_RUN or not _RUN.search(text):
            return self.inner(text)
        words: list[str] = []
        spaces: list[bool] = []
        for part in _parts(text):
            for token in self.inner(part):
                words.append(token.text)
                spaces.append(bool(token.whitespace_))
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:  # noqa: ARG002 - spaCy's signature
        for text in texts:
            yield self(text)


def _parts(text: str) -> Iterator[str]:
    """The text in consecutive parts: the stretches between long runs whole, the runs in pieces.

    A run's piece carries the one space after it, so the last character before the space gets
    that space as its own whitespace, as the tokenizer would have given it.
    """
    pos = 0
    for m in _RUN.finditer(text):
        if m.start() > pos:
            yield text[pos:m.start()]
        run = m.group()
        for i in range(0, len(run), PIECE):
            piece = run[i:i + PIECE]
            if i + PIECE < len(run) and run[i + PIECE:].isspace():
                piece = run[i:]  # never leave the trailing space as a piece of its own
                yield piece
                break
            yield piece
        pos = m.end()
    if pos < len(text):
        yield text[pos:]


def keep_linear(nlp) -> None:
    """Install the wrapper on a loaded pipeline (once)."""
    if not isinstance(nlp.tokenizer, LongRunTokenizer):
        nlp.tokenizer = LongRunTokenizer(nlp.tokenizer, nlp.vocab)
