"""`offensive`: a trained classifier for offensive language, scored per sentence; marks the
sentence. Two models: alt-profanity-check's linear model (`profanity-check`, scored by
`companion.language.offensive`), or that model stacked with word and character n-gram
regressions trained on tweets (`stacked`, `companion.language.offensive_stack`), which also
catches insults and hostility without swear words.

Word lists catch the words Communications names; the classifier catches insults and
name-calling no list foresees. The threshold trades one for the other (see docs/rules.md).
"""

from __future__ import annotations

from spacy.tokens import Doc

from companion.detectors.base import Detector, Env, Hit, OptionError
from companion.detectors.fields import Field
from companion.language.offensive import offensive_model
from companion.language.offensive_stack import stacked_offensive_model


class OffensiveDetector(Detector):
    kind = "offensive"
    summary = "A trained offensive-language classifier; marks a sentence it scores above a threshold."
    FIELDS = {
        "threshold": Field("fraction", 0.5, "Probability (0 to 1) above which a sentence is marked."),
        "model": Field("text", "profanity-check", "Which classifier: `profanity-check` (swearing) or `stacked` "
                       "(swearing, insults and hostility; trained by scripts/train_offensive.py)."),
    }
    MODELS = ("profanity-check", "stacked")
    scores_hits = True  # each hit carries the classifier's probability

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.threshold = options.get("threshold", 0.5)
        name = options.get("model", "profanity-check")
        if name not in self.MODELS:
            raise OptionError(f"model {name!r} is not one of: {', '.join(self.MODELS)}")
        self.model = stacked_offensive_model() if name == "stacked" else offensive_model()

    def find(self, doc: Doc) -> list[Hit]:
        return self.find_many([doc])[0]

    def find_many(self, docs: list[Doc]) -> list[list[Hit]]:
        # One call for every new sentence of a check: the toxicity networks score them together.
        texts = [doc.text.strip() for doc in docs]
        scored = [k for k, text in enumerate(texts) if len(text) >= 3]
        probabilities = dict(zip(scored, self.model.probabilities([texts[k] for k in scored])))
        out: list[list[Hit]] = []
        for k, doc in enumerate(docs):
            p = probabilities.get(k)
            if p is None or p < self.threshold:
                out.append([])
                continue
            start = len(doc.text) - len(doc.text.lstrip())
            out.append([Hit(start, start + len(texts[k]), confidence=round(p, 2))])
        return out
