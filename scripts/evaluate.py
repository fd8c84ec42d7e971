#!/usr/bin/env python3
"""Measure Second Look's detectors on labelled data, with the same engine the server runs.

    evaluate.py cases FILE [--roster CSV]          per-rule precision, recall, F1 on labelled drafts
    evaluate.py offensive --text FILE --labels FILE [--threshold trained|rule|N]
                                                   macro-F1 of `unprofessional-language` (TweetEval format)
                                                   at the classifier's trained threshold, and at the
                                                   rules file's threshold for staff drafts
    evaluate.py names --conll FILE                 exact-span P/R/F1 of the person-name finder (WNUT-17)

Each prints a table, then one JSON object on its last line (for CI and for comparing runs).
Options common to all: `--rules PATH` (default: the repository's policy_rules.yaml).

`cases` options: `--errors` lists every miss and false positive by case id; `--part tune|held-out`
keeps a fixed fifth of the cases (chosen by a hash of the id) out of tuning, so that a change can
be checked on drafts it was not tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion.context import Context, ContextError  # noqa: E402
from companion.language.model import load_model  # noqa: E402
from companion.rules import RulesError  # noqa: E402
from companion.rules.build import build_engine  # noqa: E402
from companion.rules.check import read_rules_text  # noqa: E402
from companion.rules.schema import parse  # noqa: E402

DEFAULT_RULES = ROOT / "policy_rules.yaml"
CASE_KEYS = {"id", "text", "context", "expect", "allow"}


class InputError(Exception):
    """Bad input file: the message names the file and line."""


# -- shared ---------------------------------------------------------------------------------
@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None  # nothing to find and nothing found: undefined, not perfect
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict:
        r = lambda v: None if v is None else round(v, 4)  # noqa: E731
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": r(self.precision),
                "recall": r(self.recall), "f1": r(self.f1)}


def fmt(v: float | None) -> str:
    return "   —" if v is None else f"{v:.3f}"


def load_engine(rules: Path, roster_csv: str | None = None, only_rules: set[str] | None = None):
    from companion.roster.csvfile import RosterFileError, read_students
    from companion.roster.model import Roster

    try:
        spec = parse(read_rules_text(rules), str(rules))
    except RulesError as exc:
        raise InputError("\n".join(str(p) for p in exc.problems)) from None
    if only_rules is not None:
        from dataclasses import replace
        spec = replace(spec, rules=[r for r in spec.rules if r.id in only_rules])
    roster = None
    if roster_csv:
        try:
            roster = Roster.from_students(read_students(Path(roster_csv)))
        except RosterFileError as exc:
            raise InputError(str(exc)) from None
    model = load_model()
    return spec, model, build_engine(spec, model, roster)


def read_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None


# -- cases ----------------------------------------------------------------------------------
@dataclass
class Case:
    id: str
    text: str
    context: Context
    expect: set[str]
    allow: set[str]
    line: int


def read_cases(path: str, rule_ids: set[str]) -> list[Case]:
    cases: list[Case] = []
    seen: set[str] = set()
    for n, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            continue
        where = f"{path}: line {n}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or set(item) != CASE_KEYS:
            raise InputError(f"{where}: a case has exactly the keys {', '.join(sorted(CASE_KEYS))}")
        if not isinstance(item["id"], str) or item["id"] in seen:
            raise InputError(f"{where}: id must be a unique string")
        seen.add(item["id"])
        for key in ("expect", "allow"):
            unknown = set(item[key]) - rule_ids if isinstance(item[key], list) else {"(not a list)"}
            if unknown:
                raise InputError(f"{where}: {key} has unknown rule ids: {', '.join(sorted(map(str, unknown)))}")
        try:
            context = Context.parse(item["context"])
        except ContextError as exc:
            raise InputError(f"{where}: {exc}") from None
        if not isinstance(item["text"], str):
            raise InputError(f"{where}: text must be a string")
        cases.append(Case(item["id"], item["text"], context, set(item["expect"]), set(item["allow"]), n))
    return cases


def held_out(case_id: str) -> bool:
    """A fixed fifth of the cases, whatever order the file is in."""
    return hashlib.sha256(case_id.encode()).digest()[0] % 5 == 0


def score(engine, rule_ids: list[str], cases: list[Case]) -> tuple[dict[str, Counts], int, list]:
    """Each rule's counts, how many drafts are entirely right, and the wrong ones with what each
    missed and what fired that should not have."""
    counts = {r: Counts() for r in rule_ids}
    right = 0
    errors = []
    for case in cases:
        fired = set(engine.check(case.text, case.context).rule_ids)
        missed = case.expect - fired
        extra = fired - case.expect - case.allow
        for r in rule_ids:
            c = counts[r]
            if r in case.expect:
                if r in fired:
                    c.tp += 1
                else:
                    c.fn += 1
            elif r in extra:
                c.fp += 1
        if not missed and not extra:
            right += 1
        else:
            errors.append((case, missed, extra))
    return counts, right, errors


def run_cases(args) -> dict:
    spec, _, engine = load_engine(Path(args.rules), args.roster)
    rule_ids = [r.id for r in spec.rules]
    cases = read_cases(args.file, set(rule_ids))
    if args.part == "tune":
        cases = [c for c in cases if not held_out(c.id)]
    elif args.part == "held-out":
        cases = [c for c in cases if held_out(c.id)]
    counts, right, errors = score(engine, rule_ids, cases)
    if args.errors:
        for case, missed, extra in errors:
            parts = ([f"missed {', '.join(sorted(missed))}"] if missed else []) + \
                    ([f"false {', '.join(sorted(extra))}"] if extra else [])
            print(f"{case.id} (line {case.line}): {'; '.join(parts)}")
            if args.errors > 1:
                print(f"    {case.text!r} {case.context.to_dict()}")
        print()
    print(f"{'rule':<24} {'tp':>4} {'fp':>4} {'fn':>4}  {'prec':>6} {'recall':>6} {'F1':>6}")
    for r in rule_ids:
        c = counts[r]
        print(f"{r:<24} {c.tp:>4} {c.fp:>4} {c.fn:>4}  {fmt(c.precision):>6} {fmt(c.recall):>6} {fmt(c.f1):>6}")
    share = right / len(cases) if cases else 0.0
    f1s = [c.f1 for c in counts.values() if c.f1 is not None]
    lowest = min(f1s) if f1s else None
    print(f"\n{len(cases)} drafts, {right} entirely right ({share:.1%}); lowest rule F1 {fmt(lowest)}")
    return {"command": "cases", "file": args.file, "part": args.part, "cases": len(cases), "entirely_right": right,
            "share_right": round(share, 4), "min_f1": None if lowest is None else round(lowest, 4),
            "rules": {r: c.to_dict() for r, c in counts.items()}}


# -- offensive ------------------------------------------------------------------------------
def classify(engine, rule: str, texts: list[str], gold: list[bool]) -> dict:
    """Run every text through the engine and count the rule's decisions against the labels."""
    started = time.perf_counter()
    predicted = [rule in engine.check(t).rule_ids for t in texts]
    elapsed = time.perf_counter() - started
    pos = Counts()  # the offensive class
    tn = 0
    for g, p in zip(gold, predicted):
        if g and p:
            pos.tp += 1
        elif g:
            pos.fn += 1
        elif p:
            pos.fp += 1
        else:
            tn += 1
    neg = Counts(tn, pos.fn, pos.fp)  # the not-offensive class, seen from its side
    return {"pos": pos, "neg": neg, "macro": ((pos.f1 or 0.0) + (neg.f1 or 0.0)) / 2,
            "accuracy": (pos.tp + neg.tp) / len(gold) if gold else 0.0, "ms": 1000 * elapsed / max(1, len(gold))}


def run_offensive(args) -> dict:
    from companion.detectors.offensive import OffensiveDetector

    texts = read_lines(args.text)
    labels = read_lines(args.labels)
    if len(texts) != len(labels):
        raise InputError(f"{args.text} has {len(texts)} lines but {args.labels} has {len(labels)}")
    gold = []
    for n, lab in enumerate(labels, start=1):
        if lab.strip() not in ("0", "1"):
            raise InputError(f"{args.labels}: line {n}: a label is 0 or 1")
        gold.append(lab.strip() == "1")
    rule = args.rule
    _, _, engine = load_engine(Path(args.rules), only_rules={rule})
    classifiers = [d for r in engine.rules for d in r.detectors if isinstance(d, OffensiveDetector)]
    if not classifiers:
        raise InputError(f"{args.rules}: the {rule} rule has no offensive classifier to measure")
    rule_thresholds = [d.threshold for d in classifiers]
    trained = [getattr(d.model, "threshold", None) for d in classifiers]
    choice = args.threshold or ("trained" if None not in trained else "rule")
    if choice == "rule":
        headline = rule_thresholds
    elif choice == "trained":
        if None in trained:
            raise InputError("--threshold trained needs the stacked model (model: stacked)")
        headline = trained
    else:
        try:
            value = float(choice)
        except ValueError:
            value = float("nan")
        if not 0 <= value <= 1:  # also refuses "nan", which would silently fire nothing
            raise InputError("--threshold is rule, trained or a number from 0 to 1")
        headline = [value] * len(classifiers)

    def at(thresholds: list[float]) -> dict:
        for d, t in zip(classifiers, thresholds):
            d.threshold = t
        engine.cache.clear()  # cached hits were found at the other threshold
        return classify(engine, rule, texts, gold)

    main_run = at(headline)
    staff_run = at(rule_thresholds) if headline != rule_thresholds else main_run
    shown = lambda ts: ", ".join(f"{t:g}" for t in ts)  # noqa: E731
    how = shown(headline) if choice == shown(headline) else f"{shown(headline)} ({choice})"
    print(f"{'class':<16} {'tp':>5} {'fp':>5} {'fn':>5}  {'prec':>6} {'recall':>6} {'F1':>6}")
    for name, c in (("offensive", main_run["pos"]), ("not offensive", main_run["neg"])):
        print(f"{name:<16} {c.tp:>5} {c.fp:>5} {c.fn:>5}  {fmt(c.precision):>6} {fmt(c.recall):>6} {fmt(c.f1):>6}")
    print(f"\n{len(gold)} texts; macro-F1 {main_run['macro']:.4f}; accuracy {main_run['accuracy']:.4f}; "
          f"{main_run['ms']:.2f} ms a text (full check of rule {rule}; classifier threshold {how})")
    if staff_run is not main_run:
        print(f"at the rules file's threshold for staff drafts ({shown(rule_thresholds)}): "
              f"macro-F1 {staff_run['macro']:.4f}; accuracy {staff_run['accuracy']:.4f}")
    return {"command": "offensive", "file": args.text, "texts": len(gold), "rule": rule,
            "threshold": how, "macro_f1": round(main_run["macro"], 4),
            "accuracy": round(main_run["accuracy"], 4), "offensive": main_run["pos"].to_dict(),
            "not_offensive": main_run["neg"].to_dict(),
            "rule_threshold": shown(rule_thresholds), "macro_f1_at_rule_threshold": round(staff_run["macro"], 4)}


# -- names ----------------------------------------------------------------------------------
def read_conll(path: str) -> list[tuple[list[str], list[str]]]:
    sentences: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(read_lines(path), start=1):
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise InputError(f"{path}: line {n}: expected 'token<TAB>tag'")
        tokens.append(parts[0])
        tags.append(parts[1].strip())
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gold_people(tokens: list[str], tags: list[str], label: str) -> tuple[str, set[tuple[int, int]]]:
    """The sentence as text (tokens joined by spaces) and its `label` spans as character offsets."""
    starts = []
    pos = 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    text = " ".join(tokens)
    spans = set()
    i = 0
    while i < len(tags):
        if tags[i] == f"B-{label}":
            j = i + 1
            while j < len(tags) and tags[j] == f"I-{label}":
                j += 1
            spans.add((starts[i], starts[j - 1] + len(tokens[j - 1])))
            i = j
        else:
            i += 1
    return text, spans


def run_names(args) -> dict:
    from companion.detectors.student_names import StudentNamesDetector
    from companion.language.text import normalise, segments

    sentences = read_conll(args.conll)
    spec, model, engine = load_engine(Path(args.rules))
    finder = next((d.people for r in engine.rules for d in r.detectors if isinstance(d, StudentNamesDetector)), None)
    if finder is None:
        raise InputError(f"{args.rules}: no rule uses the student_names kind, so there is no name finder to measure")
    counts = Counts()
    started = time.perf_counter()
    for tokens, tags in sentences:
        text, gold = gold_people(tokens, tags, args.label)
        found: set[tuple[int, int]] = set()
        norm = normalise(text)
        segs = segments(norm)
        for seg, doc in zip(segs, model.nlp.pipe([s.text for s in segs])):
            found |= {(seg.start + sp.start_char, seg.start + sp.end_char) for sp in finder.person_spans(doc)}
        counts.tp += len(found & gold)
        counts.fp += len(found - gold)
        counts.fn += len(gold - found)
    elapsed = time.perf_counter() - started
    print(f"{'entity':<10} {'tp':>5} {'fp':>5} {'fn':>5}  {'prec':>6} {'recall':>6} {'F1':>6}")
    print(f"{args.label:<10} {counts.tp:>5} {counts.fp:>5} {counts.fn:>5}  "
          f"{fmt(counts.precision):>6} {fmt(counts.recall):>6} {fmt(counts.f1):>6}")
    print(f"\n{len(sentences)} sentences, exact spans; {1000 * elapsed / max(1, len(sentences)):.2f} ms a sentence")
    return {"command": "names", "file": args.conll, "sentences": len(sentences), "label": args.label,
            **counts.to_dict()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", default=str(DEFAULT_RULES), help="rules file (default: policy_rules.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("cases", help="per-rule precision, recall and F1 on labelled drafts (JSON lines)")
    p.add_argument("file")
    p.add_argument("--roster", metavar="CSV", help="a roster CSV (illuminate export) to load")
    p.add_argument("--errors", action="count", default=0,
                   help="list misses and false positives by case id (twice: with the draft)")
    p.add_argument("--part", choices=("all", "tune", "held-out"), default="all",
                   help="all cases, or the four fifths used for tuning, or the fifth held out")
    p.set_defaults(func=run_cases)
    p = sub.add_parser("offensive", help="macro-F1 of the unprofessional-language rule on TweetEval-format data")
    p.add_argument("--text", required=True, help="one text a line")
    p.add_argument("--labels", required=True, help="one label a line: 1 offensive, 0 not")
    p.add_argument("--threshold", default=None,
                   help="the classifier's threshold: `trained` (the default with the stacked model: the one "
                        "cross-validated on the training tweets), `rule` (the rules file's, set for staff drafts) or a "
                        "number. The figure at the rules file's threshold is printed as well.")
    p.add_argument("--rule", default="unprofessional-language", help=argparse.SUPPRESS)
    p.set_defaults(func=run_offensive)
    p = sub.add_parser("names", help="exact-span P/R/F1 of the person-name finder on CoNLL data (WNUT-17)")
    p.add_argument("--conll", required=True, help="token<TAB>tag lines, BIO tags, blank line between sentences")
    p.add_argument("--label", default="person", help=argparse.SUPPRESS)
    p.set_defaults(func=run_names)
    args = parser.parse_args(argv)
    if getattr(args, "rules", None) is None:
        args.rules = str(DEFAULT_RULES)
    try:
        summary = args.func(args)
    except InputError as exc:
        print(f"evaluate.py: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
