"""What every detector kind shares: its options, its hits, and the two steps of a check.

A detector works in two steps so that spaCy runs once per sentence and an edit re-analyses only
the sentence it touched:
- `find(doc)` looks at one segment (a sentence or a line) and returns hits with character
  offsets inside it. It depends on nothing but the segment's text, so the engine caches it.
- `decide(hits, draft)` sees the hits of the whole draft and its context, and returns the hits
  that become findings. Most kinds keep their `hit`s as they are; some (a required phrase that
  is missing, a reminder) turn them into one finding about the whole draft.

Options every kind accepts (`COMMON_FIELDS`) are handled here: `when` (context conditions),
`unless` (phrases that, anywhere in the draft, silence the detector), `unless_in_sentence` (the
same, in their own sentence only) and `confidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from spacy.tokens import Doc

from companion.context import Context
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet


@dataclass(frozen=True)
class Hit:
    start: int  # code points, inside the segment during `find`, inside the draft after
    end: int
    tag: str = "hit"  # "hit" becomes a finding; other tags are evidence for `decide`
    confidence: float | None = None
    severity: str | None = None  # a detector may raise a finding above its rule's severity

    def shifted(self, by: int) -> "Hit":
        return replace(self, start=self.start + by, end=self.end + by)


class OptionError(ValueError):
    """A detector's option that cannot work (an unknown model, a bad pattern): the rules build
    reports it with the rule's line, and the last good rules keep running."""


WHOLE_DRAFT = Hit(-1, -1)  # a finding about the draft as a whole (offset and length null)
# A finding about the whole draft that gives way when its rule already marks words: one
# warning with underlines says it better than the same warning twice.
FALLBACK = Hit(-1, -1, "fallback")
# A classifier sure its rule does not apply to the draft: the rule's other findings are dropped.
SILENCE = Hit(-1, -1, "silence")


@dataclass
class Draft:
    """The whole draft as `decide` sees it."""

    text: str
    context: Context
    hits: list[Hit]
    settings: dict[str, Any] = field(default_factory=dict)
    # Ids of the rules that have fired on this draft, for a detector that weighs them (a field of
    # type `rules`, such as `missing`'s `mention_rules`); the engine decides those rules last.
    fired: frozenset[str] = frozenset()

    def tagged(self, tag: str) -> list[Hit]:
        return [h for h in self.hits if h.tag == tag]


@dataclass
class Env:
    """What detectors may use when they are built: the model, the rule file's lists and
    settings, and the student roster (or None)."""

    nlp: Any
    lists: dict[str, list[str]]
    settings: dict[str, Any]
    roster: Any = None
    model_ok: bool = True
    # Phrase variants' words (lower case), tokenized once while building and shared by every list
    # of this build (the lists repeat one another's phrases); emptied when the build ends.
    tokenized: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)


COMMON_FIELDS: dict[str, Field] = {
    "kind": Field("text", None, "Which detector kind this is (see the list of kinds).", required=True),
    "when": Field("when", {}, "Context conditions that must all hold for this detector to run, "
                  "e.g. `{surface: [dm, reply]}` or `{account: district, has_media: true}`."),
    "unless": Field("phrases", [], "Phrases that, anywhere in the draft, silence this detector "
                    "(for example a stated interest, or the official channel named)."),
    "unless_lists": Field("lists", [], "Names of lists (from `lists:`) whose words silence this detector too."),
    "unless_in_sentence": Field("phrases", [], "Phrases that silence this detector only in their own sentence "
                                "(an announcement in capitals, \"MEETING MOVED TO THURSDAY\", while a shouted "
                                "sentence elsewhere in the draft still counts)."),
    "unless_in_sentence_lists": Field("lists", [], "Names of lists whose words silence this detector in their own "
                                      "sentence too."),
    "confidence": Field("fraction", 0.8, "How sure this detector is, from 0 to 1; shown to staff."),
}


class Detector:
    kind: ClassVar[str]
    summary: ClassVar[str]
    FIELDS: ClassVar[dict[str, Field]] = {}
    needs_model: ClassVar[bool] = False
    # Set when every hit carries its own confidence (a classifier's probability), so that the
    # detector's `confidence:` option does not speak for the other detectors of its rule.
    scores_hits: ClassVar[bool] = False

    @classmethod
    def needs_model_for(cls, options: dict[str, Any]) -> bool:
        """Whether this detector, with these options, needs the language model to decide as its
        examples say: the whole kind does, or an option it is given does."""
        return cls.needs_model or any(cls.FIELDS[k].needs_model for k, v in options.items()
                                      if k in cls.FIELDS and v not in (None, False, [], {}, ""))

    def __init__(self, options: dict[str, Any], env: Env) -> None:
        self.options = options
        self.env = env
        self.when: dict[str, list[Any]] = options.get("when") or {}
        self.confidence: float = options.get("confidence", 0.8)
        self._unless = PhraseSet(env, options.get("unless", []), options.get("unless_lists", []))
        self._unless_here = PhraseSet(env, options.get("unless_in_sentence", []),
                                      options.get("unless_in_sentence_lists", []))

    # -- the two steps -------------------------------------------------------------------
    def find(self, doc: Doc) -> list[Hit]:
        return []

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        return [h for h in hits if h.tag == "hit"]

    # -- used by the engine ----------------------------------------------------------------
    @property
    def after_rules(self) -> list[str]:
        """The rules this detector weighs (its fields of type `rules`): its rule is decided after them."""
        fields = {**COMMON_FIELDS, **self.FIELDS}
        return [rid for key, f in fields.items() if f.type == "rules" for rid in self.options.get(key, [])]

    def find_many(self, docs: list[Doc]) -> list[list[Hit]]:
        """`find` for each of a check's new segments; a detector whose model scores a batch
        faster than one segment at a time overrides this."""
        return [self.find(doc) for doc in docs]

    def find_all(self, doc: Doc) -> list[Hit]:
        return self.find_all_many([doc])[0]

    def find_all_many(self, docs: list[Doc]) -> list[list[Hit]]:
        """Each segment's hits, and the `unless` phrases found in it."""
        found = self.find_many(docs)
        if self._unless_here:
            found = [[] if hits and self._unless_here.spans(doc) else hits for doc, hits in zip(docs, found)]
        if self._unless:
            for doc, hits in zip(docs, found):
                hits += [Hit(s, e, "unless") for s, e in self._unless.spans(doc)]
        return found

    def applies(self, context: Context) -> bool:
        return context_matches(self.when, context)

    def run(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        if any(h.tag == "unless" for h in hits):
            return []
        return self.decide(hits, draft)


def context_matches(when: dict[str, list[Any]], context: Context) -> bool:
    return all(getattr(context, key) in allowed for key, allowed in when.items())
