"""Running each rule's examples, as `second-look rules check` and the reloader do before any
new rules are used: a `fire` example must fire (on exactly the [[marked]] words, when marked),
a `pass` example must not."""

from __future__ import annotations

from companion.context import Context, ContextError
from companion.engine import Engine
from companion.language.text import Utf16Index
from companion.roster import Roster
from companion.roster.model import Student
from companion.rules.problems import Problem
from companion.rules.schema import RulesSpec


def example_roster(spec: RulesSpec) -> Roster:
    students = []
    for name, opt_out in spec.example_roster:
        first, _, last = name.partition(" ")
        students.append(Student(first, last, opt_out))
    return Roster.from_students(students)


def run_examples(spec: RulesSpec, engine: Engine) -> list[Problem]:
    problems: list[Problem] = []
    for rule in spec.rules:
        if not rule.enabled:
            continue
        for ex in rule.examples:
            try:
                context = Context.parse(ex.context)
            except ContextError as exc:
                problems.append(Problem(spec.file, ex.line, rule.id, f"example context: {exc}"))
                continue
            result = engine.check(ex.text, context)
            mine = [f for f in result.findings if f.rule_id == rule.id]
            if ex.fire and not mine:
                problems.append(Problem(spec.file, ex.line, rule.id, f"should fire but did not: {_short(ex.text)}"))
            elif not ex.fire and mine:
                marked = ", ".join(_quote(ex.text, f) for f in mine)
                problems.append(Problem(spec.file, ex.line, rule.id, f"should not fire but did ({marked}): {_short(ex.text)}"))
            elif ex.fire and ex.marks:
                index = Utf16Index(ex.text)
                want = {index.span(s, e) for s, e in ex.marks}
                got = {(f.offset, f.length) for f in mine if f.offset is not None}
                if want != got:
                    got_words = ", ".join(_quote(ex.text, f) for f in mine if f.offset is not None) or "nothing"
                    want_words = ", ".join(f"[[{ex.text[s:e]}]]" for s, e in ex.marks)
                    problems.append(Problem(spec.file, ex.line, rule.id,
                                            f"should mark {want_words} but marked {got_words}"))
    return problems


def _quote(text: str, finding) -> str:
    if finding.offset is None:
        return "the whole draft"
    b = text.encode("utf-16-le")
    return "[[" + b[2 * finding.offset:2 * (finding.offset + finding.length)].decode("utf-16-le") + "]]"


def _short(text: str) -> str:
    return '"' + (text if len(text) <= 70 else text[:67] + "...") + '"'
