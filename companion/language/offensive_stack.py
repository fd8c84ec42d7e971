"""Offensive-language probability from a stacked model: word and character n-gram logistic
regressions (trained on TweetEval's train split by `scripts/train_offensive.py`) combined with
alt-profanity-check's probability (`companion.language.offensive`, unchanged) and the six
outputs of each of two Jigsaw toxicity networks (`companion.language.toxicity`, unchanged).

Scoring is the arithmetic scikit-learn's `TfidfVectorizer` and `LogisticRegression` do, written
with NumPy so that the companion never loads scikit-learn. The model file carries sentences
with the probabilities scikit-learn gave them; `tests/language/test_offensive_stack.py` checks
this module reproduces them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

from companion.language.offensive import offensive_model
from companion.language.toxicity import toxicity_models

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "offensive_stack.npz"
# The vectorizers' settings, shared with the training script.
WORD_PATTERN = r"(?u)\b\w+\b"
WORD_RANGE = (1, 2)
CHAR_RANGE = (2, 5)
_WORD = re.compile(WORD_PATTERN)
_SPACES = re.compile(r"\s\s+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"([a-z])([A-Z])")
CHECK_TEXTS = (
    "", "hello there", "You are a complete idiot", "what the fuck is this", "Great game tonight Titans!",
    "I respectfully disagree with the board's decision", "shut up loser", "😀😀😀", "F*** this",
    "@USER go back to school, clown", "#MAGA #BuildTheWall liberals are clueless", "Ms. Okoro's class read 40 books",
)


def prepare(text: str) -> str:
    """Hashtags read as words: "#BuildTheWall" -> "# Build The Wall"."""
    return _HASHTAG.sub(lambda m: "# " + _CAMEL.sub(r"\1 \2", m.group(1)), text)


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _word_ngrams(text: str) -> list[str]:
    tokens = _WORD.findall(text.lower())
    out = list(tokens)
    for n in range(2, WORD_RANGE[1] + 1):
        out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _char_wb_ngrams(text: str) -> list[str]:
    """scikit-learn's `char_wb` analyzer: n-grams of each word padded with a space."""
    out = []
    lo, hi = CHAR_RANGE
    for w in _SPACES.sub(" ", text.lower()).split():
        w = " " + w + " "
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # a word shorter than n is counted once
                break
    return out


class _Tfidf:
    def __init__(self, vocab, idf, coef, intercept) -> None:
        self.index = {g: i for i, g in enumerate(vocab.tolist())}
        self.idf = idf
        self.coef = coef
        self.intercept = float(intercept)

    def decision(self, grams: list[str]) -> float:
        counts = Counter(self.index[g] for g in grams if g in self.index)
        if not counts:
            return self.intercept
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        x = (1.0 + np.log(tf)) * self.idf[cols]  # sublinear counts, then IDF
        x /= math.sqrt(float(x @ x))
        return float(self.coef[cols] @ x) + self.intercept


class StackedOffensiveModel:
    def __init__(self, path: Path = MODEL_PATH) -> None:
        with np.load(path, allow_pickle=False) as d:
            self.word = _Tfidf(d["word_vocab"], d["word_idf"], d["word_coef"], d["word_intercept"])
            self.char = _Tfidf(d["char_vocab"], d["char_idf"], d["char_coef"], d["char_intercept"])
            self.meta_coef = d["meta_coef"]
            self.meta_intercept = float(d["meta_intercept"])
            self.threshold = float(d["threshold"])  # chosen by cross-validation on the train split
            self.check_texts = d["check_texts"].tolist()
            self.check_probs = d["check_probs"]
            self.source = str(d["source"])
        self.base = offensive_model()
        self.toxicity = toxicity_models()

    def scores(self, text: str) -> np.ndarray:
        """What the stack weighs: the two n-gram regressions' decisions, alt-profanity-check's
        logit, and the toxicity networks' logits (`train_offensive.py` computes them the same way)."""
        return self.scores_many([text])[0]

    def scores_many(self, texts: list[str]) -> np.ndarray:
        """`scores` of several texts (texts, 15); the networks run on all of them at once."""
        own = []
        for text in texts:
            prepared = prepare(text)
            own.append([self.word.decision(_word_ngrams(prepared)), self.char.decision(_char_wb_ngrams(prepared)),
                        logit(self.base.probability(text))])
        return np.hstack([np.array(own, dtype=np.float64).reshape(len(texts), 3), self.toxicity.features_many(texts)])

    def probability(self, text: str) -> float:
        return self.probabilities([text])[0]

    def probabilities(self, texts: list[str]) -> list[float]:
        z = self.scores_many(texts) @ self.meta_coef + self.meta_intercept
        return [1.0 / (1.0 + math.exp(-float(v))) for v in z]


@lru_cache(maxsize=1)
def stacked_offensive_model() -> StackedOffensiveModel:
    return StackedOffensiveModel()
