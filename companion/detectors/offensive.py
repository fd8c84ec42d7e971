"""`offensive`: a trained classifier for offensive language. A short paragraph (a line of the
draft, up to tweet length) is scored whole and, if it scores above the threshold, its
highest-scoring sentence is marked; a longer paragraph is scored sentence by sentence. Two
models: alt-profanity-check's linear model (`profanity-check`, scored by
`companion.language.offensive`), or that model stacked with word and character n-gram
regressions trained on tweets (`stacked`, `companion.language.offensive_stack`), which also
catches insults and hostility without swear words.

Why whole paragraphs: hostility is often spread over a tweet's sentences ("Really? Go back to
school. Clown."), and the stack was trained on whole tweets. Cross-validated on TweetEval's
train split, reading tweets so gives the classifier macro-F1 0.765 against 0.756 sentence by
sentence (see docs/detection.md). The stacked model's networks read a paragraph sentence by
sentence and pool over them, so a keystroke re-runs them on one sentence only.

Word lists catch the words Communications names; the classifier catches insults and
name-calling no list foresees. The threshold trades one for the other (see docs/rules.md).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from spacy.tokens import Doc

from companion.detectors.base import Detector, Draft, Env, Hit
from companion.detectors.fields import Field
from companion.detectors.pattern import PatternError
from companion.language.offensive import offensive_model
from companion.language.offensive_stack import stacked_offensive_model
from companion.language.text import segments

# A paragraph up to this many characters is scored whole: the longest tweets in TweetEval (with
# "&amp;" and "@user" spelled out) run to 581, and scoring them whole measured better than by
# sentence at every length.
PARAGRAPH_CHARS = 600
MIN_CHARS = 3  # shorter texts ("ok", "?!") are not scored


class _Probabilities:
    """The model's probability for each paragraph (its text and sentences) scored recently, most
    recently used kept: typing changes one paragraph, and the others are not scored again (the
    stacked model also keeps what the sentences it read pooled to). Safe across server threads."""

    def __init__(self, model, size: int = 2048) -> None:
        self.model = model
        self.size = size
        self._data: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, paragraphs: list[tuple[str, list[str]]]) -> list[float]:
        texts = [text for text, _ in paragraphs]
        with self._lock:
            known = {t: self._data[t] for t in texts if t in self._data}
            for t in known:
                self._data.move_to_end(t)
        todo = list({text: (text, sentences) for text, sentences in paragraphs if text not in known}.values())
        if todo:
            # One call for every new text: the toxicity networks score them together.
            new = dict(zip((text for text, _ in todo), self.model.paragraph_probabilities(todo)))
            known.update(new)
            with self._lock:
                self._data.update(new)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        return [known[t] for t in texts]


class OffensiveDetector(Detector):
    kind = "offensive"
    summary = ("A trained offensive-language classifier; scores a short paragraph whole (a longer one "
               "sentence by sentence) and marks a sentence when it scores above a threshold.")
    FIELDS = {
        "threshold": Field("fraction", 0.5, "Probability (0 to 1) above which a paragraph or sentence is marked."),
        "model": Field("text", "profanity-check", "Which classifier: `profanity-check` (swearing) or `stacked` "
                       "(swearing, insults and hostility; trained by scripts/train_offensive.py)."),
    }
    MODELS = ("profanity-check", "stacked")

    def __init__(self, options, env: Env) -> None:
        super().__init__(options, env)
        self.threshold = options.get("threshold", 0.5)
        name = options.get("model", "profanity-check")
        if name not in self.MODELS:
            # PatternError is the build step's "bad option" error: reported with the rule's line.
            raise PatternError(f"model {name!r} is not one of: {', '.join(self.MODELS)}")
        self.model = stacked_offensive_model() if name == "stacked" else offensive_model()
        self.probabilities = _Probabilities(self.model)

    # Scoring needs the paragraph around a sentence, so it happens in `decide`, over the draft;
    # `find` has nothing to cache per segment (the scores are cached by text instead).
    def find(self, doc: Doc) -> list[Hit]:
        return []

    def decide(self, hits: list[Hit], draft: Draft) -> list[Hit]:
        text = draft.text
        parts = paragraphs(text)

        def item(span: Span, sentences: list[Span]) -> tuple[str, list[str]]:
            return text[span[0]:span[1]], [text[a:b] for a, b in sentences]

        # First every short paragraph and every sentence of a long one, in one call.
        first = [(s, ss) for whole, sentences in parts for s, ss in reading(whole, sentences)]
        score = dict(zip((s for s, _ in first), self.probabilities([item(s, ss) for s, ss in first])))
        out: list[Hit] = []
        for whole, sentences in parts:
            if whole[1] - whole[0] > PARAGRAPH_CHARS:
                out += [Hit(a, b, confidence=round(score[(a, b)], 2)) for a, b in sentences
                        if (a, b) in score and score[(a, b)] >= self.threshold]
                continue
            p = score.get(whole)
            if p is None or p < self.threshold:
                continue
            # Mark the sentence that scores highest on its own (scored only for a finding).
            mark = whole
            scored = [s for s in sentences if s[1] - s[0] >= MIN_CHARS]
            if len(sentences) > 1 and scored:
                ps = self.probabilities([item(s, [s]) for s in scored])
                mark = scored[max(range(len(scored)), key=ps.__getitem__)]
            out.append(Hit(mark[0], mark[1], confidence=round(p, 2)))
        return out


Span = tuple[int, int]


def paragraphs(text: str) -> list[tuple[Span, list[Span]]]:
    """The draft's paragraphs (runs of sentences between line breaks) and their sentences, as
    spans without the spaces around them; sentences are the engine's segments."""
    out: list[tuple[Span, list[Span]]] = []
    groups: list[list[Span]] = []
    last_end = None
    for seg in segments(text):
        stripped = seg.text.strip()
        if not stripped:
            continue
        start = seg.start + len(seg.text) - len(seg.text.lstrip())
        span = (start, start + len(stripped))
        if last_end is None or "\n" in text[last_end:span[0]]:
            groups.append([])
        groups[-1].append(span)
        last_end = span[1]
    for sentences in groups:
        out.append(((sentences[0][0], sentences[-1][1]), sentences))
    return out


def reading(whole: Span, sentences: list[Span]) -> list[tuple[Span, list[Span]]]:
    """What decides a paragraph, each with the sentences it is read by: the paragraph itself if
    short, else each of its sentences alone; never a text shorter than MIN_CHARS. A paragraph is
    marked if any of these scores above the threshold (`scripts/train_offensive.py` picks the
    threshold on this same reading)."""
    texts = [(whole, sentences)] if whole[1] - whole[0] <= PARAGRAPH_CHARS else [(s, [s]) for s in sentences]
    return [(s, ss) for s, ss in texts if s[1] - s[0] >= MIN_CHARS]
