"""Turning a checked rules file into a working engine: building each rule's detectors."""

from __future__ import annotations

import re
from typing import Any

from companion.detectors import KINDS
from companion.detectors.base import Env
from companion.detectors.base import OptionError
from companion.engine import Engine, Rule
from companion.language.matching import new_build
from companion.language.model import LanguageModel
from companion.rules.problems import Problem, RulesError
from companion.rules.schema import RulesSpec

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def expand_placeholders(pattern: str, settings: dict[str, Any]) -> str:
    """`{student_email_domains}` in a pattern becomes an alternation of those domains,
    `{student_id_min_digits}` the number; so a pattern follows the settings."""

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in settings:
            return m.group(0)  # RE2 will read it literally, e.g. a repeat count {2}
        value = settings[name]
        if isinstance(value, list):
            return "(?:" + "|".join(re.escape(str(v)) for v in value) + ")" if value else "(?!)"
        return str(value) if isinstance(value, int) else re.escape(str(value))

    return _PLACEHOLDER.sub(sub, pattern)


def expand_setting_entries(options: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """In a list of phrases, an entry that is exactly `{setting_name}` stands for that setting's
    list, e.g. `ignore: ["{district_phone_numbers}"]`, so a fact is written once, in settings."""
    out = {}
    for key, value in options.items():
        if isinstance(value, list) and key != "patterns":
            expanded: list[Any] = []
            for item in value:
                m = _PLACEHOLDER.fullmatch(item) if isinstance(item, str) else None
                if m and isinstance(settings.get(m.group(1)), list):
                    expanded.extend(settings[m.group(1)])
                else:
                    expanded.append(item)
            value = expanded
        out[key] = value
    return out


def build_engine(spec: RulesSpec, model: LanguageModel, roster=None,
                 settings_override: dict[str, Any] | None = None, cache_size: int = 4096) -> Engine:
    settings = {**spec.settings, **{k: v for k, v in (settings_override or {}).items() if v not in (None, [], "")}}
    env = Env(model.nlp, spec.lists, settings, roster, model_ok=model.degraded_reason is None)
    new_build()  # shared phrase matchers: keep the last build's, for those this one asks for again
    problems: list[Problem] = []
    rules: list[Rule] = []
    for r in spec.rules:
        if not r.enabled:
            continue
        detectors = []
        for d in r.detectors:
            options = expand_setting_entries(dict(d.options), settings)
            if "patterns" in options:
                options["patterns"] = [expand_placeholders(p, settings) for p in options["patterns"]]
            try:
                detectors.append(KINDS[d.kind](options, env))
            except OptionError as exc:
                problems.append(Problem(spec.file, d.option_lines.get("patterns", d.line), r.id, str(exc)))
        rules.append(Rule(r, detectors))
    # The phrase variants' words tokenized for this build: detectors keep the Env.
    env.tokenized.clear()
    if problems:
        raise RulesError(problems)
    return Engine(rules, model.nlp, version=spec.rules_version, settings=settings, cache_size=cache_size)
