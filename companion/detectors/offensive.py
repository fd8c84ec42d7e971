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
from companion.language.matching import PhraseSet
from companion.language.offensive import offensive_model
from companion.language.offensive_stack import stacked_offensive_model
from companion.language.text import doc_text


class OffensiveDetector(Detector):
    kind = "offensive"
    summary = "A trained offensive-language classifier; marks a sentence it scores above a threshold."
    FIELDS = {
        "threshold": Field("fraction", 0.5, "Probability (0 to 1) above which a sentence is marked."),
        "model": Field("text", "profanity-check", "Which classifier: `profanity-check` (swearing) or `stacked` "
                       "(swearing, insults and hostility; trained by scripts/train_offensive.py)."),
        "praise": Field("phrases", [], "Slang praise (\"sick solos\", \"killed it\") that the classifier reads as "
                        "\"great\", except in a sentence spoken to someone (\"you're a sick joke\")."),
        "praise_lists": Field("lists", [], "Names of lists (from `lists:`) of slang praise, read as `praise:`."),
    }
    # A sentence with one of these words speaks to someone: its slang is not read as praise.
    SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "u", "ur", "ya", "y'all", "yall"})
    NEUTRAL = "great"
    MODELS = ("profanity-check", "stacked")
    scores_hits = True  # each hit carries the classifier's probability

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.threshold = options.get("threshold", 0.5)
        name = options.get("model", "profanity-check")
        if name not in self.MODELS:
            raise OptionError(f"model {name!r} is not one of: {', '.join(self.MODELS)}")
        self.model = stacked_offensive_model() if name == "stacked" else offensive_model()
        self._praise = PhraseSet(env, options.get("praise", []), options.get("praise_lists", []))

    def find(self, doc: Doc) -> list[Hit]:
        return self.find_many([doc])[0]

    def find_many(self, docs: list[Doc]) -> list[list[Hit]]:
        # One call for every new sentence of a check: the toxicity networks score them together.
        texts = [doc_text(doc).strip() for doc in docs]
        scored = [k for k, text in enumerate(texts) if len(text) >= 3]
        read = [self.as_read(docs[k]) for k in scored]
        probabilities = dict(zip(scored, self.model.probabilities(read)))
        out: list[list[Hit]] = []
        for k, doc in enumerate(docs):
            p = probabilities.get(k)
            if p is None or p < self.threshold:
                out.append([])
                continue
            start = len(doc_text(doc)) - len(doc_text(doc).lstrip())
            out.append([Hit(start, start + len(texts[k]), confidence=round(p, 2))])
        return out

    def as_read(self, doc: Doc) -> str:
        """The sentence as the classifier reads it: slang praise as "great" ("Sick solos, a
        killer horn section" scores 0.79 as written, 0.14 as read), unless it speaks to someone.
        The classifier learnt from tweets, where "sick" and "killer" are mostly hostile."""
        spans = self._praise.spans(doc) if self._praise else []
        if not spans or any(t.lower_ in self.SECOND_PERSON for t in doc):
            return doc_text(doc).strip()
        text = doc_text(doc)
        for start, stop in reversed(spans):
            text = text[:start] + self.NEUTRAL + text[stop:]
        return text.strip()
