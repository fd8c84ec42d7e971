"""The trained reader: for a few rules whose wording no list foresees (a complaint in sarcasm, a
reply that speaks to a student, a parent's question about a grade, a grade told in public), the
probability that the rule applies to a draft, from spaCy text classifiers (bag of words and word
pairs, `TextCatBOW`) trained on the labelled drafts by `scripts/train_reader.py`.

The draft's context goes in as words of their own before the text, so the classifier learns,
for example, that a DM to a parent about a grade is school business. One pipeline holds one
classifier per rule, each with the labels `<rule>` and `not <rule>`; a passage is read once for
all of them, and the last readings are kept, as every rule asks about the same draft.

A bag of words has no sense of length: one complaint inside a long friendly post is outweighed
by the rest. So a draft longer than any the classifiers learnt from is read in passages of whole
sentences about as long as most of the drafts they learnt from, and the most likely passage counts.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import spacy

from companion.context import Context
from companion.language.text import segments

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "reader"
# The longest training draft has 592 characters: a longer draft is read in passages of whole
# sentences of up to 200 characters (19 training drafts in 20 are shorter).
WHOLE_CHARS = 600
PASSAGE_CHARS = 200


class ReaderError(Exception):
    """The reader's model is missing or damaged (a broken install, not a rules-file mistake)."""


def features(text: str, context: Context) -> str:
    """What the classifiers read: the context as marker words, then the text."""
    return (f"__surface_{context.surface}__ __account_{context.account}__ __platform_{context.platform}__ "
            f"__media_{str(context.has_media).lower()}__ {text}")


def not_label(rule: str) -> str:
    return f"not {rule}"


def passages(text: str) -> list[str]:
    """The draft whole, or, when longer than WHOLE_CHARS, from each sentence on, the run of whole
    sentences that fits in PASSAGE_CHARS (at least that sentence): every sentence is read with the
    ones after it, so a complaint is never read only as the tail of a friendly passage."""
    if len(text) <= WHOLE_CHARS:
        return [text]
    segs = segments(text)
    out: list[str] = []
    for k, first in enumerate(segs):
        end = first.start + len(first.text)
        for seg in segs[k + 1:]:
            seg_end = seg.start + len(seg.text)
            if seg_end - first.start > PASSAGE_CHARS:
                break
            end = seg_end
        out.append(text[first.start:end])
    return out


class Reader:
    CACHE_SIZE = 1024  # passages whose readings are kept: a long draft's, while it is typed

    def __init__(self, path: Path = MODEL_PATH) -> None:
        try:
            self.nlp = spacy.load(path)
        except (OSError, ValueError) as exc:
            raise ReaderError(f"the trained reader's model in {path} cannot be loaded ({type(exc).__name__}); "
                              "reinstall the companion") from None
        self.rules = tuple(self.nlp.pipe_names)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._draft = lru_cache(maxsize=8)(self._probabilities)

    def _read(self, texts: list[str]) -> list[dict[str, float]]:
        """Each text's probabilities, the new ones read together. Not in a spaCy memory zone: a zone
        empties the tokenizer's cache, which made a 2,000-character draft 5 times slower to read;
        the reader keeps the words it has seen as the main model does (memory stays flat under
        load: docs/security.md)."""
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if todo:
                # One text (most checks) costs less read alone than through pipe's batching.
                docs = [self.nlp(todo[0])] if len(todo) == 1 else self.nlp.pipe(todo)
                for text, doc in zip(todo, docs):
                    self._cache[text] = {rule: float(doc.cats[rule]) for rule in self.rules}
            out = []
            for text in texts:
                self._cache.move_to_end(text)
                out.append(self._cache[text])
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
            return out

    def probabilities(self, text: str, context: Context) -> dict[str, float]:
        """P(rule applies) for each rule, for the draft in its context: the most likely of its
        passages. Every rule of a check asks about the same draft: its answer is kept."""
        return self._draft(text, context)

    def _probabilities(self, text: str, context: Context) -> dict[str, float]:
        reads = self._read([features(p, context) for p in passages(text)])
        return {rule: max(read[rule] for read in reads) for rule in self.rules}

    def probability(self, rule: str, text: str, context: Context) -> float:
        """One rule's probability; KeyError for a rule it has no classifier for."""
        return self.probabilities(text, context)[rule]


@lru_cache(maxsize=1)
def reader() -> Reader:
    return Reader()
