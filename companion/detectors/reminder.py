"""`reminder`: a note about the whole draft that depends on its context alone (a photo on a
district account, a personal account on district time), optionally only when the draft
mentions something.

The mentions are read as `missing` reads them (`SenseCues`): "Mount Rainier" with the outdoors
around it is the mountain, not the school."""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import WHOLE_DRAFT, Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.detectors.missing import SENSE_FIELDS, SenseCues
from companion.language.matching import PhraseSet


class ReminderDetector(Detector):
    kind = "reminder"
    summary = "A note about the whole draft, from its context (and optionally a mention)."
    FIELDS = {
        "mentions": Field("phrases", [], "If given, the reminder needs one of these in the draft."),
        "mention_lists": Field("lists", [], "Names of lists whose words count as mentions."),
        **SENSE_FIELDS,
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.mentions = PhraseSet(env, options.get("mentions", []), options.get("mention_lists", []))
        self.senses = SenseCues(env, options)

    def find(self, doc: Doc) -> list[Hit]:
        return self.senses.hits(doc, self.senses.mentions(doc, self.mentions.matches(doc)))

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        if self.mentions and not SenseCues.counts({h.tag for h in hits}):
            return []
        return [WHOLE_DRAFT]
