#!/usr/bin/env python3
"""Export alt-profanity-check's trained model into `companion/data/offensive_model.npz`.

alt-profanity-check (MIT licence, https://github.com/dimitrismistriotis/alt-profanity-check)
ships a TF-IDF vectorizer and five calibrated linear SVMs as scikit-learn pickles. Loading them
costs the companion about 80 MB and 0.9 s at startup (scikit-learn and SciPy), and scoring one
sentence through scikit-learn costs milliseconds. The model itself is a vocabulary, an IDF
vector, five weight vectors and their sigmoid calibrations: this script writes exactly those
numbers, and `companion.language.offensive` computes the same probabilities with NumPy in
microseconds. `tests/language/test_offensive_model.py` checks both agree.

Run it again only when upgrading alt-profanity-check (`pip install -e '.[dev]'` first):

    .venv/bin/python scripts/export_offensive_model.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "companion" / "data" / "offensive_model.npz"


def main() -> int:
    from importlib.metadata import version

    from profanity_check import profanity_check as pc

    vec, model = pc.vectorizer, pc.model
    # The exporter supports exactly the configuration it was written for; refuse anything else.
    assert vec.analyzer == "word" and vec.ngram_range == (1, 1) and vec.lowercase and vec.norm == "l2"
    assert vec.token_pattern == r"(?u)\b\w\w+\b" and not vec.sublinear_tf and vec.use_idf
    assert list(model.classes_) == [0, 1]
    words = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    weights, intercepts, a, b = [], [], [], []
    for cal in model.calibrated_classifiers_:
        assert cal.method == "sigmoid" and len(cal.calibrators) == 1
        weights.append(cal.estimator.coef_[0])
        intercepts.append(cal.estimator.intercept_[0])
        a.append(cal.calibrators[0].a_)
        b.append(cal.calibrators[0].b_)
    np.savez_compressed(OUT, words=np.array(words), idf=vec.idf_, weights=np.array(weights),
                        intercepts=np.array(intercepts), a=np.array(a), b=np.array(b),
                        source=np.array(f"alt-profanity-check {version('alt-profanity-check')}"))
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(words):,} words, {len(weights)} classifiers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
