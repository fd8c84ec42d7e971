"""The reference part of docs/rules.md, generated from the schema and the detector registry so
that it cannot drift: `second-look rules kinds --markdown` prints it, and a test compares."""

from __future__ import annotations

from companion.detectors import COMMON_FIELDS, KINDS
from companion.detectors.fields import TYPES, Field
from companion.rules.schema import (EXAMPLE_FIELDS, EXAMPLE_ROSTER_FIELDS, POLICY_FIELDS, RULE_FIELDS, SETTINGS,
                                    TOP_FIELDS, WHEN_KEYS)


def _table(fields: dict[str, Field]) -> list[str]:
    rows = ["| field | type | default | meaning |", "|---|---|---|---|"]
    for name, f in fields.items():
        default = "(required)" if f.required else ("" if f.default in (None, [], {}, "") else f"`{f.default}`")
        note = " Needs the language model." if f.needs_model else ""
        rows.append(f"| `{name}` | {f.type} | {default} | {f.help}{note} |")
    return rows


def markdown_reference() -> str:
    out = ["## Reference", "",
           "Generated from the code by `second-look rules kinds --markdown`; a test fails when it is out of date.", "",
           "### The file", "", *_table(TOP_FIELDS), "",
           "### `settings`", "", *_table(SETTINGS), "",
           "### A rule", "", *_table(RULE_FIELDS), "",
           "`policy` has:", "", *_table(POLICY_FIELDS), "",
           "An example in `fire:` or `pass:` is a draft in quotes, or:", "", *_table(EXAMPLE_FIELDS), "",
           "An `example_roster` entry:", "", *_table(EXAMPLE_ROSTER_FIELDS), "",
           "### Context conditions (`when`)", "",
           "| condition | values |", "|---|---|"]
    for name, allowed in WHEN_KEYS.items():
        values = "true, false" if allowed is bool else ", ".join(allowed)  # type: ignore[arg-type]
        out.append(f"| `{name}` | {values} |")
    out += ["", "`district_time` is true when the companion runs on district equipment or within district working "
            "hours (IT's settings), never from the request.", "",
            "### Fields every detector takes", "", *_table(COMMON_FIELDS), "",
            "### Detector kinds", ""]
    for name, cls in sorted(KINDS.items()):
        out += [f"#### `{name}`", "", cls.summary + (" Needs the language model." if cls.needs_model else ""), ""]
        out += _table(cls.FIELDS) if cls.FIELDS else ["(no fields of its own)"]
        out.append("")
    out += ["### Value types", "", "| type | written as |", "|---|---|"]
    out += [f"| {t} | {w} |" for t, w in TYPES.items()]
    return "\n".join(out) + "\n"
