"""`phrases`: marks any word or phrase from a list.

Case-insensitive, whole words only, curly and straight apostrophes equal, plurals and
possessives included ("teacher" also marks "teachers" and "teacher's").
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.matching import PhraseSet


class PhrasesDetector(Detector):
    kind = "phrases"
    summary = "Marks any word or phrase from a list."
    FIELDS = {
        "phrases": Field("phrases", [], "The words or phrases to mark."),
        "lists": Field("lists", [], "Names of lists (from `lists:`) whose words are marked too."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.words = PhraseSet(env, options.get("phrases", []), options.get("lists", []))

    def find(self, doc: Doc) -> list[Hit]:
        return [Hit(s, e) for s, e in self.words.spans(doc)]
