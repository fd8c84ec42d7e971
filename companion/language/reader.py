"""The trained reader: for a few rules whose wording no list foresees (a complaint in sarcasm, a
reply that speaks to a student, a parent's question about a grade, a grade told in public), the probability that the
rule applies to a whole draft, from spaCy text classifiers (bag of words and word pairs,
`TextCatBOW`) trained on the labelled drafts by `scripts/train_reader.py`.

The draft's context goes in as words of their own before the text, so the classifier learns,
for example, that a DM to a parent about a grade is school business. One pipeline holds one
classifier per rule, each with the labels `<rule>` and `not <rule>`; a draft is read once for
all of them (the last few readings are kept, as every rule asks about the same draft).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy

from companion.context import Context

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "reader"


def features(text: str, context: Context) -> str:
    """What the classifiers read: the context as marker words, then the draft."""
    return (f"__surface_{context.surface}__ __account_{context.account}__ __platform_{context.platform}__ "
            f"__media_{str(context.has_media).lower()}__ {text}")


def not_label(rule: str) -> str:
    return f"not {rule}"


class Reader:
    def __init__(self, path: Path = MODEL_PATH) -> None:
        self.nlp = spacy.load(path)
        self.rules = tuple(self.nlp.pipe_names)
        self._read = lru_cache(maxsize=16)(self._probabilities)

    def _probabilities(self, text: str) -> dict[str, float]:
        cats = self.nlp(text).cats
        return {rule: float(cats[rule]) for rule in self.rules}

    def probability(self, rule: str, text: str, context: Context) -> float:
        """P(rule applies) for the whole draft in its context; KeyError for a rule it has no
        classifier for."""
        if rule not in self.rules:
            raise KeyError(rule)
        return self._read(features(text, context))[rule]


@lru_cache(maxsize=1)
def reader() -> Reader:
    return Reader()
