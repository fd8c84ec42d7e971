"""`second-look rules check [PATH]`: the full check Communications runs before saving rules
(schema, patterns, every example), printing each problem as `FILE:LINE: rule-id: what is wrong`.

`second-look rules kinds` lists the detector kinds and their fields."""

from __future__ import annotations

import sys
from pathlib import Path

from companion.detectors import COMMON_FIELDS, KINDS
from companion.language.model import load_model
from companion.rules import RulesError
from companion.rules.check import read_rules_text, validate
from companion.service import bundled_rules_path


def register(sub) -> None:
    p = sub.add_parser("rules", help="check the rules file, or list detector kinds")
    rsub = p.add_subparsers(dest="rules_command", metavar="ACTION")
    rsub.required = True
    c = rsub.add_parser("check", help="check a rules file and run all its examples")
    c.add_argument("path", nargs="?", help="the rules file (default: the bundled policy_rules.yaml)")
    c.set_defaults(func=run_check)
    k = rsub.add_parser("kinds", help="list the detector kinds and their fields")
    k.add_argument("--markdown", action="store_true", help="print the reference section of docs/rules.md")
    k.set_defaults(func=run_kinds)
    register_more(rsub)


def register_more(rsub) -> None:
    """Other `rules` actions (status) are added by the modules that own them."""
    try:
        from companion.commands import rules_status
    except ImportError:
        return
    rules_status.register(rsub)


def run_check(args) -> int:
    path = Path(args.path) if args.path else bundled_rules_path()
    model = load_model()
    if model.degraded_reason:
        print(f"note: {model.degraded_reason}; examples of rules that need it are skipped", file=sys.stderr)
    try:
        spec, _engine = validate(read_rules_text(path), str(path), model)
    except RulesError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s); the companion will keep its last good rules until they are fixed.",
              file=sys.stderr)
        return 1
    examples = sum(len(r.examples) for r in spec.rules)
    print(f"{path}: OK — {len(spec.rules)} rules, {examples} examples pass (version {spec.rules_version})")
    return 0


def run_kinds(args) -> int:
    if args.markdown:
        from companion.rules.reference import markdown_reference

        print(markdown_reference(), end="")
        return 0
    for name, cls in sorted(KINDS.items()):
        print(f"{name}: {cls.summary}")
        for field, f in {**cls.FIELDS}.items():
            print(f"    {field} ({f.type}, default {f.default!r}): {f.help}")
    print("every kind also takes:")
    for field, f in COMMON_FIELDS.items():
        print(f"    {field} ({f.type}): {f.help}")
    return 0
