"""`offensive`: a trained classifier for offensive language (alt-profanity-check's linear
model, scored by `companion.language.offensive`), scored per sentence; marks the sentence.

Word lists catch the words Communications names; the classifier catches insults and
name-calling no list foresees. The threshold trades one for the other (see docs/rules.md).
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit
from companion.detectors.fields import Field
from companion.language.offensive import offensive_model


class OffensiveDetector(Detector):
    kind = "offensive"
    summary = "A trained offensive-language classifier; marks a sentence it scores above a threshold."
    FIELDS = {
        "threshold": Field("number", 0.5, "Probability (0 to 1) above which a sentence is marked."),
    }

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.threshold = options.get("threshold", 0.5)
        self.model = offensive_model()

    def find(self, doc: Doc) -> list[Hit]:
        text = doc.text.strip()
        if len(text) < 3:
            return []
        p = self.model.probability(text)
        if p < self.threshold:
            return []
        start = len(doc.text) - len(doc.text.lstrip())
        return [Hit(start, start + len(text), confidence=round(p, 2))]
