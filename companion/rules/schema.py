"""The shape of the rules file: every section, every field, its type, default and meaning.

This table is the single source for three things: typing and checking the file (with a
did-you-mean for unknown keys), the reference in `docs/rules.md` (a test fails if a field is
missing there), and the `Field` declarations of each detector kind.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from companion.context import FIELDS as CONTEXT_FIELDS
from companion.detectors import COMMON_FIELDS, KINDS
from companion.detectors.fields import Field
from companion.engine.result import SEVERITIES
from companion.rules.problems import Problem, RulesError
from companion.rules.yamlfile import Node, load

TOP_FIELDS: dict[str, Field] = {
    "version": Field("text", None, "The rules' version, shown to staff and in `/v1/health`; change it with every edit.", required=True),
    "settings": Field("mapping", {}, "District facts the detectors use (see the settings table)."),
    "lists": Field("mapping", {}, "Named word lists (schools, roles, negative words…) that rules refer to by name."),
    "example_roster": Field("mapping", [], "Invented students used only when the examples run, never real names."),
    "rules": Field("mapping", [], "The rules, one entry per guideline rule.", required=True),
}

SETTINGS: dict[str, Field] = {
    "student_email_domains": Field("phrases", [], "E-mail domains of student accounts; an address there is student information. "
                                   "IT's fleet settings may set it too."),
    "staff_email_domains": Field("phrases", [], "E-mail domains of staff and offices; never student information."),
    "district_phone_numbers": Field("phrases", [], "The district's own phone numbers; never student information."),
    "student_id_min_digits": Field("whole number", 6, "Fewest digits in a student ID number."),
    "student_id_max_digits": Field("whole number", 9, "Most digits in a student ID number."),
}

RULE_FIELDS: dict[str, Field] = {
    "id": Field("text", None, "The rule's id from the guideline table; never changes once shipped.", required=True),
    "title": Field("text", None, "A short title staff see.", required=True),
    "severity": Field("text", None, "`info`, `warning` or `stop`.", required=True),
    "policy": Field("mapping", None, "The guideline it comes from: `section` (the 4309P heading) and `quote` (a short quote).", required=True),
    "message": Field("text", None, "What staff read: what is wrong and why, in a sentence or two.", required=True),
    "suggestions": Field("texts", [], "Ways to fix it, each a sentence staff can copy."),
    "when": Field("when", {}, "Context conditions for the whole rule (see *Context conditions*)."),
    "enabled": Field("yes/no", True, "Set to false to switch the rule off without deleting it."),
    "detect": Field("mapping", None, "One or more detectors (each with a `kind`); the rule fires when any of them does.", required=True),
    "examples": Field("mapping", {}, "`fire:` drafts that must fire (words to underline in [[double brackets]]) and `pass:` drafts that must not."),
}

POLICY_FIELDS: dict[str, Field] = {
    "section": Field("text", None, "The 4309P heading.", required=True),
    "quote": Field("text", None, "A short quote from that part of the guideline.", required=True),
}

EXAMPLE_FIELDS: dict[str, Field] = {
    "text": Field("text", None, "The draft. In `fire:` examples, [[double brackets]] mark the exact words to underline.", required=True),
    "context": Field("when", {}, "The post's context for this example, e.g. {account: district, has_media: true}."),
}

EXAMPLE_ROSTER_FIELDS: dict[str, Field] = {
    "name": Field("text", None, "An invented student's name, \"First Last\".", required=True),
    "opt_out": Field("yes/no", False, "Whether this invented student is on the Photo Opt-Out list."),
}

# Context conditions: the request's fields plus facts from the companion's own settings.
WHEN_KEYS: dict[str, tuple[str, ...] | type] = {**CONTEXT_FIELDS, "district_time": bool}

_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_MARK = re.compile(r"\[\[(.+?)\]\]")


@dataclass
class DetectorSpec:
    kind: str
    options: dict[str, Any]
    line: int
    option_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class ExampleSpec:
    text: str  # without the [[ ]] marks
    marks: list[tuple[int, int]]  # code-point spans of the marked words
    context: dict[str, Any]
    fire: bool
    line: int


@dataclass
class RuleSpec:
    id: str
    title: str
    severity: str
    section: str
    quote: str
    message: str
    suggestions: list[str]
    when: dict[str, list[Any]]
    enabled: bool
    detectors: list[DetectorSpec]
    examples: list[ExampleSpec]
    line: int


@dataclass
class RulesSpec:
    version: str
    settings: dict[str, Any]
    lists: dict[str, list[str]]
    example_roster: list[tuple[str, bool]]
    rules: list[RuleSpec]
    sha256: str
    file: str
    list_lines: dict[str, int] = field(default_factory=dict)

    @property
    def rules_version(self) -> str:
        return f"{self.version}+{self.sha256[:8]}"


class _Checker:
    """Walks the YAML tree, typing each value by the schema and collecting problems."""

    def __init__(self, filename: str) -> None:
        self.file = filename
        self.problems: list[Problem] = []

    def problem(self, node: Node | int, where: str, message: str) -> None:
        line = node if isinstance(node, int) else node.line
        self.problems.append(Problem(self.file, line, where, message))

    def mapping(self, node: Node, spec: dict[str, Field], where: str, what: str) -> dict[str, Any]:
        if not isinstance(node.value, dict):
            self.problem(node, where, f"{what} must be a set of `name: value` lines")
            return {}
        out: dict[str, Any] = {}
        key_lines = getattr(node, "key_lines", {})
        suggested: set[str] = set()  # a misspelled key already says what is missing
        for key, child in node.value.items():
            if key not in spec:
                close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
                suggested.update(close)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(spec)}"
                self.problem(key_lines.get(key, child.line), where, f"unknown key '{key}' in {what}{hint}")
                continue
            out[key] = self.typed(child, spec[key], where, key)
        for key, f in spec.items():
            if key not in out and key not in node.value:
                if f.required and key not in suggested:
                    self.problem(node, where, f"{what} needs '{key}'")
                else:
                    out[key] = f.default
        return out

    def typed(self, node: Node, f: Field, where: str, key: str) -> Any:
        v = node.value
        t = f.type
        if t == "mapping":
            return node  # handled by the caller
        if t in ("phrases", "lists", "patterns", "labels", "texts", "rules"):
            items = v if isinstance(v, list) else [node] if isinstance(v, str) else None
            if items is None:
                self.problem(node, where, f"'{key}' must be a list ({'- item' if v is None else 'one per line, starting with -'})")
                return []
            out = []
            for item in items:
                if not isinstance(item.value, str) or not item.value.strip():
                    self.problem(item, where, f"each entry of '{key}' must be a piece of text")
                else:
                    out.append(item.value)
            return out
        if t == "when":
            return self.when(node, where, key)
        if not isinstance(v, str):
            self.problem(node, where, f"'{key}' must be {_article(t)}")
            return f.default
        if t == "text":
            return v
        if t == "yes/no":
            low = v.lower()
            if low in ("true", "yes"):
                return True
            if low in ("false", "no"):
                return False
            self.problem(node, where, f"'{key}' must be true or false, not '{v}'")
            return f.default
        try:
            value = int(v) if t == "whole number" else float(v)
        except ValueError:
            self.problem(node, where, f"'{key}' must be {_article(t)}, not '{v}'")
            return f.default
        if t == "fraction" and not 0 <= value <= 1:
            self.problem(node, where, f"'{key}' must be a number from 0 to 1, not '{v}'")
            return f.default
        return value

    def when(self, node: Node, where: str, key: str) -> dict[str, list[Any]]:
        if node.value is None:
            return {}
        if not isinstance(node.value, dict):
            self.problem(node, where, f"'{key}' must be a set of context conditions, e.g. {{surface: [dm, reply]}}")
            return {}
        out: dict[str, list[Any]] = {}
        for name, child in node.value.items():
            allowed = WHEN_KEYS.get(name)
            if allowed is None:
                close = difflib.get_close_matches(name, list(WHEN_KEYS), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(WHEN_KEYS)}"
                self.problem(child, where, f"unknown context field '{name}' in '{key}'{hint}")
                continue
            raw = child.value if isinstance(child.value, list) else [child]
            values: list[Any] = []
            for item in raw:
                text = item.value if isinstance(item.value, str) else None
                if allowed is bool:
                    if text is not None and text.lower() in ("true", "false", "yes", "no"):
                        values.append(text.lower() in ("true", "yes"))
                    else:
                        self.problem(item, where, f"'{name}' in '{key}' must be true or false")
                elif text in allowed:  # type: ignore[operator]
                    values.append(text)
                else:
                    self.problem(item, where, f"'{name}' in '{key}' must be one of: {', '.join(allowed)}")  # type: ignore[arg-type]
            out[name] = values
        return out


def _article(t: str) -> str:
    return {"number": "a number", "whole number": "a whole number", "text": "a piece of text",
            "fraction": "a number from 0 to 1", "yes/no": "true or false"}.get(t, t)


def parse(text: str, filename: str) -> RulesSpec:
    """Check a rules file's text against the schema; raise RulesError with every problem."""
    tree = load(text, filename)
    c = _Checker(filename)
    top = c.mapping(tree, TOP_FIELDS, "file", "the rules file")
    if c.problems:
        raise RulesError(c.problems)

    settings = c.mapping(top["settings"], SETTINGS, "settings", "settings") if isinstance(top["settings"], Node) else {k: f.default for k, f in SETTINGS.items()}

    lists: dict[str, list[str]] = {}
    list_lines: dict[str, int] = {}
    if isinstance(top["lists"], Node):
        if not isinstance(top["lists"].value, dict):
            c.problem(top["lists"], "lists", "lists must be a set of `name:` entries, each a list of words")
        else:
            for name, child in top["lists"].value.items():
                lists[name] = c.typed(child, Field("phrases", [], ""), "lists", name)
                list_lines[name] = child.line

    roster: list[tuple[str, bool]] = []
    if isinstance(top["example_roster"], Node):
        for item in top["example_roster"].value if isinstance(top["example_roster"].value, list) else []:
            entry = c.mapping(item, EXAMPLE_ROSTER_FIELDS, "example_roster", "an example_roster entry")
            if entry.get("name"):
                if len(entry["name"].split()) < 2:
                    c.problem(item, "example_roster", "an example student needs a first and a last name")
                roster.append((entry["name"], entry["opt_out"]))

    rules: list[RuleSpec] = []
    rules_node = top["rules"]
    if not isinstance(rules_node.value, list) or not rules_node.value:
        c.problem(rules_node, "rules", "'rules' must be a list of rules, each starting with '- id:'")
    else:
        seen: dict[str, int] = {}
        for rnode in rules_node.value:
            rule = _rule(c, rnode, lists)
            if rule is None:
                continue
            if rule.id in seen:
                c.problem(rnode, rule.id, f"the id '{rule.id}' is used twice (lines {seen[rule.id]} and {rnode.line})")
            seen[rule.id] = rnode.line
            rules.append(rule)
        _check_rule_refs(c, rules, seen)
    if c.problems:
        raise RulesError(c.problems)
    return RulesSpec(top["version"], settings, lists, roster, rules,
                     hashlib.sha256(text.encode("utf-8")).hexdigest(), filename, list_lines)


def _rule_refs(rule: "RuleSpec"):
    """(detector, field name, rule ids) for each field of type `rules` a rule's detectors give."""
    for d in rule.detectors:
        spec = {**COMMON_FIELDS, **KINDS[d.kind].FIELDS}
        for key, value in d.options.items():
            if spec.get(key) is not None and spec[key].type == "rules" and value:
                yield d, key, value


def _check_rule_refs(c: _Checker, rules: list["RuleSpec"], ids: dict[str, int]) -> None:
    """A field of type `rules` names other rules, which must exist and must not weigh other rules
    themselves: the engine decides every rule that weighs others after all the rest, in one round."""
    weighing = {rule.id for rule in rules if any(True for _ in _rule_refs(rule))}
    for rule in rules:
        for d, key, value in _rule_refs(rule):
            for rid in value:
                line = d.option_lines.get(key, d.line)
                if rid == rule.id or rid not in ids:
                    close = difflib.get_close_matches(rid, list(ids), n=1, cutoff=0.6)
                    why = "names its own rule" if rid == rule.id else f"names a rule '{rid}' that is not in 'rules:'"
                    c.problem(line, rule.id, f"'{key}' {why}"
                              + (f"; did you mean '{close[0]}'?" if close and rid != rule.id else ""))
                elif rid in weighing:
                    c.problem(line, rule.id, f"'{key}' names '{rid}', which itself weighs other rules; "
                                             "name only rules that do not")


def _rule(c: _Checker, node: Node, lists: dict[str, list[str]]) -> RuleSpec | None:
    rid = "rules"
    if isinstance(node.value, dict) and isinstance(node.value.get("id", Node(None, 0)).value, str):
        rid = node.value["id"].value
    r = c.mapping(node, RULE_FIELDS, rid, "a rule")
    if not r:
        return None
    if r.get("id") and not _ID.match(r["id"]):
        c.problem(node, rid, "a rule id is lower-case words joined by dashes, like 'student-name'")
    if r.get("severity") is not None and r["severity"] not in SEVERITIES:
        c.problem(node.value["severity"], rid, f"severity must be one of: {', '.join(SEVERITIES)} (not '{r['severity']}')")
    policy = c.mapping(r["policy"], POLICY_FIELDS, rid, "policy") if isinstance(r.get("policy"), Node) else {}

    detectors: list[DetectorSpec] = []
    dnode = r.get("detect")
    if isinstance(dnode, Node):
        items = dnode.value if isinstance(dnode.value, list) else [dnode] if isinstance(dnode.value, dict) else None
        if not items:
            c.problem(dnode, rid, "'detect' must list at least one detector, each starting with '- kind:'")
        for item in items or []:
            d = _detector(c, item, rid, lists)
            if d:
                detectors.append(d)

    examples: list[ExampleSpec] = []
    enode = r.get("examples")
    if isinstance(enode, Node) and enode.value is not None:
        if not isinstance(enode.value, dict):
            c.problem(enode, rid, "'examples' must have 'fire:' and/or 'pass:' lists")
        else:
            for key, child in enode.value.items():
                if key not in ("fire", "pass"):
                    close = difflib.get_close_matches(key, ["fire", "pass"], n=1, cutoff=0.5)
                    c.problem(child, rid, f"unknown key '{key}' in examples" + (f"; did you mean '{close[0]}'?" if close else "; use 'fire' or 'pass'"))
                    continue
                for item in child.value if isinstance(child.value, list) else []:
                    ex = _example(c, item, rid, key == "fire")
                    if ex:
                        examples.append(ex)
    if not isinstance(r.get("policy"), Node) or not r.get("id"):
        return None
    return RuleSpec(r["id"], r.get("title") or "", r.get("severity") or "info", policy.get("section", ""),
                    policy.get("quote", ""), r.get("message") or "", r["suggestions"], r["when"], r["enabled"],
                    detectors, examples, node.line)


def _detector(c: _Checker, node: Node, rid: str, lists: dict[str, list[str]]) -> DetectorSpec | None:
    if not isinstance(node.value, dict):
        c.problem(node, rid, "each detector is a set of `name: value` lines starting with 'kind:'")
        return None
    kind_node = node.value.get("kind")
    if kind_node is None or not isinstance(kind_node.value, str):
        c.problem(node, rid, f"a detector needs 'kind:' (one of: {', '.join(sorted(KINDS))})")
        return None
    kind = kind_node.value
    cls = KINDS.get(kind)
    if cls is None:
        close = difflib.get_close_matches(kind, list(KINDS), n=1, cutoff=0.6)
        c.problem(kind_node, rid, f"unknown detector kind '{kind}'" + (f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(sorted(KINDS))}"))
        return None
    spec = {**COMMON_FIELDS, **cls.FIELDS}
    options = c.mapping(node, spec, rid, f"a '{kind}' detector")
    for key, f in spec.items():
        if f.type == "lists" and key in options:
            for name in options[key]:
                if name not in lists:
                    close = difflib.get_close_matches(name, list(lists), n=1, cutoff=0.6)
                    c.problem(node.value[key], rid, f"'{key}' names a list '{name}' that is not under 'lists:'"
                              + (f"; did you mean '{close[0]}'?" if close else ""))
    return DetectorSpec(kind, options, node.line, {k: v.line for k, v in node.value.items()})


def _example(c: _Checker, node: Node, rid: str, fire: bool) -> ExampleSpec | None:
    if isinstance(node.value, str):
        raw, context = node.value, {}
    elif isinstance(node.value, dict):
        ex = c.mapping(node, EXAMPLE_FIELDS, rid, "an example")
        if "text" not in ex:
            return None
        raw, context = ex["text"], {k: v[0] for k, v in ex["context"].items() if v}
    else:
        c.problem(node, rid, "an example is a draft in quotes, or 'text:' with 'context:'")
        return None
    marks: list[tuple[int, int]] = []
    plain = ""
    pos = 0
    for m in _MARK.finditer(raw):
        plain += raw[pos:m.start()]
        marks.append((len(plain), len(plain) + len(m.group(1))))
        plain += m.group(1)
        pos = m.end()
    plain += raw[pos:]
    if marks and not fire:
        c.problem(node, rid, "a 'pass' example must not mark words with [[ ]]")
    if "[[" in plain or "]]" in plain:
        c.problem(node, rid, "unbalanced [[ ]] in this example")
    return ExampleSpec(plain, marks, context, fire, node.line)
