"""`entities`: marks named entities that spaCy's model recognises (a DATE, a CARDINAL, an
ORG…), optionally only when a cue word is in the same sentence: a DATE near "born" is a date
of birth; a DATE alone is just a date.
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet


class EntitiesDetector(Detector):
    kind = "entities"
    summary = "Marks entities of the given spaCy labels, optionally only near cue words."
    needs_model = True
    FIELDS = {
        "labels": Field("labels", [], "spaCy entity labels to mark, e.g. DATE, PERSON, GPE.", required=True),
        "nearby": Field("phrases", [], "If given, an entity counts only with one of these in the same sentence."),
        "nearby_lists": Field("lists", [], "Names of lists whose words count as nearby words."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.labels = set(options.get("labels", []))
        self.nearby = PhraseSet(env, options.get("nearby", []), options.get("nearby_lists", []))

    def find(self, doc: Doc) -> list[Hit]:
        if not self.env.model_ok or (self.nearby and not self.nearby.spans(doc)):
            return []
        return [Hit(e.start_char, e.end_char) for e in doc.ents if e.label_ in self.labels]
