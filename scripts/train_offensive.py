#!/usr/bin/env python3
"""Train the stacked offensive-language model into `companion/data/offensive_stack.npz`.

alt-profanity-check (see `export_offensive_model.py`) knows swear words well but misses insults
and hostility without them ("go back to school, clown"). This script trains, on the TRAIN split
of TweetEval offensive only, two logistic regressions:
- word uni- and bigrams (TF-IDF, sublinear counts),
- character 2- to 5-grams inside word boundaries (TF-IDF): they see masked and misspelled words,
then stacks their scores with alt-profanity-check's probability (as a logit) and the twelve
logits of the two Jigsaw toxicity networks (`companion.language.toxicity`; trained elsewhere, so
they need no folds) in a third logistic regression fitted on out-of-fold scores (5 folds), and
picks the probability threshold that maximises macro-F1 across those folds, scoring each tweet
sentence by sentence as the companion does. The validation split is never used here.

The file holds the vocabularies, IDF vectors, weights, the stacking weights and the threshold;
`companion.language.offensive_stack` scores with NumPy (no scikit-learn at run time). A few
sentences' probabilities as scikit-learn computed them are stored too, and
`tests/language/test_offensive_stack.py` checks the NumPy scoring reproduces them.

    .venv/bin/pip install -e '.[test]'      # scikit-learn
    .venv/bin/python scripts/train_offensive.py --data ../shared/data/tweeteval-offensive
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.language.offensive import offensive_model  # noqa: E402
from companion.language.toxicity import toxicity_models  # noqa: E402
from companion.language.text import normalise, segments  # noqa: E402
from companion.language.offensive_stack import (CHAR_RANGE, CHECK_TEXTS, WORD_PATTERN, WORD_RANGE,  # noqa: E402
                                                 logit, prepare)

OUT = ROOT / "companion" / "data" / "offensive_stack.npz"
SEED = 0


def vectorizers(word_features: int, char_features: int):
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Every option here is one `offensive_stack` reproduces; change both together.
    word = TfidfVectorizer(analyzer="word", ngram_range=WORD_RANGE, token_pattern=WORD_PATTERN, lowercase=True,
                           sublinear_tf=True, min_df=2, max_features=word_features, dtype=np.float64)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_RANGE, lowercase=True, sublinear_tf=True,
                           min_df=3, max_features=char_features, dtype=np.float64)
    return word, char


def fixed_scores(texts: list[str], apc, toxicity) -> np.ndarray:
    """The scores of models trained elsewhere: alt-profanity-check's logit, the networks' logits."""
    return np.array([[logit(apc.probability(t)), *toxicity.features(t)] for t in texts]).reshape(len(texts), -1)


def sentence_scores(models, sentences: list[str], apc, toxicity) -> np.ndarray:
    """Every score the stack weighs, for each sentence, as the companion computes them."""
    prepared = [prepare(t) for t in sentences]
    return np.column_stack([lr.decision_function(vec.transform(prepared)) for vec, lr in models]
                           + [fixed_scores(sentences, apc, toxicity)])


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "tweeteval-offensive"),
                        help="folder with train_text.txt and train_labels.txt")
    parser.add_argument("--word-features", type=int, default=30000)
    parser.add_argument("--char-features", type=int, default=40000)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    data = Path(args.data)
    texts = (data / "train_text.txt").read_text(encoding="utf-8").splitlines()
    labels = np.array([int(x) for x in (data / "train_labels.txt").read_text().split()])
    assert len(texts) == len(labels), "texts and labels differ in length"
    prepared = [prepare(t) for t in texts]
    apc, toxicity = offensive_model(), toxicity_models()
    fixed = fixed_scores(texts, apc, toxicity)

    def fit_base(train_idx, C=2.0):
        models = []
        for vec in vectorizers(args.word_features, args.char_features):
            x = vec.fit_transform([prepared[i] for i in train_idx])
            lr = LogisticRegression(C=C, max_iter=5000).fit(x, labels[train_idx])
            models.append((vec, lr))
        return models

    def base_scores(models, idx):
        return np.column_stack([lr.decision_function(vec.transform([prepared[i] for i in idx]))
                                for vec, lr in models] + [fixed[idx]])

    # Out-of-fold scores train the stacker without it seeing scores of texts the bases learnt.
    # The companion scores sentence by sentence and a draft is marked if any sentence is, so the
    # threshold is chosen on the same reading: out-of-fold scores of each sentence, the highest
    # per tweet.
    oof = np.zeros((len(texts), 2 + fixed.shape[1]))
    sentences = [[s.text for s in segments(normalise(t))] or [t] for t in texts]
    seg_scores: list[np.ndarray] = [np.zeros((0, oof.shape[1]))] * len(texts)
    folds = StratifiedKFold(5, shuffle=True, random_state=SEED)
    for train_idx, test_idx in folds.split(prepared, labels):
        models = fit_base(train_idx)
        oof[test_idx] = base_scores(models, test_idx)
        for i in test_idx:
            seg_scores[i] = sentence_scores(models, sentences[i], apc, toxicity)
    meta = LogisticRegression(C=1.0, max_iter=5000).fit(oof, labels)
    p = np.array([meta.predict_proba(sc)[:, 1].max() for sc in seg_scores])
    grid = np.round(np.arange(0.20, 0.81, 0.01), 2)
    cv_f1 = [f1_score(labels, p >= t, average="macro") for t in grid]
    threshold = float(grid[int(np.argmax(cv_f1))])
    whole = meta.predict_proba(oof)[:, 1]
    print(f"cross-validated on train, sentence by sentence: macro-F1 {max(cv_f1):.4f} at threshold {threshold} "
          f"(whole tweets: {max(f1_score(labels, whole >= t, average='macro') for t in grid):.4f})")

    models = fit_base(np.arange(len(texts)))
    (wvec, wlr), (cvec, clr) = models
    check = np.array(CHECK_TEXTS)
    check_probs = meta.predict_proba(sentence_scores(models, list(CHECK_TEXTS), apc, toxicity))[:, 1]

    def vocab(vec):
        return np.array(sorted(vec.vocabulary_, key=vec.vocabulary_.get))

    out = Path(args.out)
    np.savez_compressed(
        out, word_vocab=vocab(wvec), word_idf=wvec.idf_, word_coef=wlr.coef_[0], word_intercept=wlr.intercept_[0],
        char_vocab=vocab(cvec), char_idf=cvec.idf_, char_coef=clr.coef_[0], char_intercept=clr.intercept_[0],
        meta_coef=meta.coef_[0], meta_intercept=meta.intercept_[0], threshold=threshold,
        check_texts=check, check_probs=check_probs,
        source=np.array("trained by scripts/train_offensive.py on TweetEval offensive (train split); "
                        f"toxicity networks: {toxicity.source}"))
    print(f"wrote {out} ({out.stat().st_size:,} bytes; {len(wvec.vocabulary_):,} word and "
          f"{len(cvec.vocabulary_):,} character features; stack weights {np.round(meta.coef_[0], 3).tolist()})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
