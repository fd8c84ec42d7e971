"""`reader`: a trained classifier reads the whole draft in its context (a long one in passages)
and says how likely its rule applies (`companion.language.reader`). It catches what no list
foresees: a complaint put as sarcasm ("the district office moves at about the speed of a
glacier"), a reply that speaks to a student, a parent's question about a grade answered in a DM,
a grade told in a public reply. Its finding is about the whole draft (no underline), and gives
way to any finding of the rule's other detectors. With `silence_below`, a draft it reads as
almost surely fine silences those detectors too: lists tuned on labelled drafts raise most of
their false alarms on new ones, where the reader is the better judge. With `needs`, its own
finding needs one of those words in the draft: a bag of words takes "worst" for a complaint
whatever it is about.

The threshold trades false alarms for misses; `scripts/train_reader.py` suggests one from
cross-validation, and docs/rules.md says how to move it.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from companion.detectors.base import FALLBACK, SILENCE, Detector, Draft, Env, Hit, OptionError
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet
from companion.language.reader import WHOLE_CHARS, ReaderError, reader

NEEDED = "needed"


class ReaderDetector(Detector):
    kind = "reader"
    summary = "A trained classifier reads the whole draft; fires when it is at least `threshold` sure."
    FIELDS = {
        "classifier": Field("text", None, "Which trained classifier reads the draft: the id of the rule it was "
                            "trained for (negative-remark, student-conversation, school-business or "
                            "student-personal-info).", required=True),
        "threshold": Field("fraction", 0.5, "How sure (0 to 1) the classifier must be before the rule fires. "
                           "Higher: fewer false alarms, more misses."),
        "long_threshold": Field("fraction", None, "The threshold for a draft of more than 600 characters, read in "
                                "passages of a few sentences each (the most likely passage counts): a long post has "
                                "many chances to look like a complaint in one of them, so its bar may be higher. "
                                "Empty: `threshold`."),
        "needs": Field("phrases", [], "Phrases one of which the draft must contain for the classifier's own "
                       "finding (a negative remark is about something of the district's); the rule's other "
                       "detectors do not need them."),
        "needs_lists": Field("lists", [], "Names of lists (from `lists:`) whose words count as `needs:`."),
        "silence_below": Field("fraction", 0.0, "When the classifier is less sure than this (0 to 1) that the rule "
                               "applies, the rule's other detectors are silenced for the draft. 0: never."),
    }

    scores_hits = True

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        try:
            self.reader = reader()
        except ReaderError as exc:
            raise OptionError(str(exc)) from None  # reported with the rule's line, the last good rules kept
        self.classifier = options["classifier"]
        self.threshold = options.get("threshold", 0.5)
        self.long_threshold = options.get("long_threshold")
        self.silence_below = options.get("silence_below", 0.0)
        self._needs = PhraseSet(env, options.get("needs", []), options.get("needs_lists", []))
        if self.classifier not in self.reader.rules:
            raise OptionError(f"classifier {self.classifier!r} is not one of: {', '.join(self.reader.rules)}")

    def find(self, doc: Doc) -> list[Hit]:
        # It reads the whole draft, in decide; here it only notes the words its finding needs.
        return [Hit(s, e, NEEDED) for s, e in self._needs.spans(doc)] if self._needs else []

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        if not draft.text.strip():
            return []
        p = self.reader.probabilities(draft.text, draft.context)[self.classifier]
        threshold = self.threshold
        if self.long_threshold is not None and len(draft.text) > WHOLE_CHARS:
            threshold = self.long_threshold
        if p >= threshold:
            if self._needs and not any(h.tag == NEEDED for h in hits):
                return []  # "Worst tackling I've seen all year": nothing of the district's in it
            return [replace(FALLBACK, confidence=round(p, 2))]
        return [SILENCE] if p < self.silence_below else []
