"""The full check of a rules file: schema, patterns, then every example.

`second-look rules check`, the reloader and the test suite all go through `validate`, so a file
that passes here is a file the running companion will accept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from companion.detectors import KINDS
from companion.engine import Engine
from companion.language.model import LanguageModel
from companion.rules.build import build_engine
from companion.rules.examples import example_roster, run_examples
from companion.rules.problems import Problem, RulesError
from companion.rules.schema import RulesSpec, parse

MAX_RULES_BYTES = 2 * 1024 * 1024  # a rules file is tens of KB; a huge one is a mistake


def read_rules_text(path: Path) -> str:
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RulesError([Problem(name, 1, "file", "the rules file does not exist")]) from None
    except OSError as exc:
        raise RulesError([Problem(name, 1, "file", f"cannot read the rules file ({exc.strerror})")]) from None
    if len(data) > MAX_RULES_BYTES:
        raise RulesError([Problem(name, 1, "file", f"the file is {len(data):,} bytes; the most allowed is {MAX_RULES_BYTES:,}")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise RulesError([Problem(name, line, "file", "this line is not UTF-8 text; save the file as UTF-8")]) from None


def validate(text: str, filename: str, model: LanguageModel, roster=None,
             settings: dict[str, Any] | None = None, *, examples: bool = True) -> tuple[RulesSpec, Engine]:
    """Parse, build and run every example; return the spec and the engine to serve with.

    `examples=False` only for a text whose examples are known to pass with this very code,
    model and settings (`companion.rules.proven`)."""
    spec = parse(text, filename)
    if not examples:
        return spec, build_engine(spec, model, roster, settings)
    examples_engine = build_engine(spec, model, example_roster(spec), settings, cache_size=256)
    if model.degraded_reason is not None:
        # Without the model, the rules that need it cannot pass their examples; the others must.
        spec_for_examples = _without_model_rules(spec)
    else:
        spec_for_examples = spec
    problems: list[Problem] = run_examples(spec_for_examples, examples_engine)
    if problems:
        raise RulesError(problems)
    engine = build_engine(spec, model, roster, settings)
    return spec, engine


def _without_model_rules(spec: RulesSpec) -> RulesSpec:
    from dataclasses import replace
    keep = [r for r in spec.rules if not any(KINDS[d.kind].needs_model_for(d.options) for d in r.detectors)]
    return replace(spec, rules=keep)
