"""Reading a rules file safely, keeping the line of every value.

YAML has traps for people who are not programmers, so this loader closes them:
- no anchors, aliases or tags (`&x`, `*x`, `!!python/object`): refused with their line;
- a key given twice in one mapping is refused, naming both lines;
- every scalar stays text (`no` stays "no", `3:15` stays "3:15"); the schema gives it a type.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, NodeEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from companion.rules.problems import Problem, RulesError

_DEFAULT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                 "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
                 "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp"}


@dataclass
class Node:
    value: Any  # str, None, list[Node] or dict[str, Node]
    line: int  # 1-based

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def load(text: str, filename: str) -> Node:
    tabs = [i for i, line in enumerate(text.splitlines(), 1) if line[:len(line) - len(line.lstrip())].count("\t")]
    if tabs:
        raise RulesError([Problem(filename, i, "file", "this line is indented with a tab; indent with spaces only")
                          for i in tabs[:10]])
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = True  # we report duplicates ourselves, with both lines
    try:
        for event in yaml.parse(io.StringIO(text)):
            line = event.start_mark.line + 1
            if isinstance(event, AliasEvent):
                raise RulesError([Problem(filename, line, "file", f"'*{event.anchor}' is an alias; aliases "
                                          "and anchors are not allowed: write the values out in full")])
            if isinstance(event, NodeEvent) and event.anchor:
                raise RulesError([Problem(filename, line, "file", f"'&{event.anchor}' is an anchor; anchors "
                                          "and aliases are not allowed: write the values out in full")])
            tag = getattr(event, "tag", None)
            if tag is not None and str(tag) not in _DEFAULT_TAGS:
                raise RulesError([Problem(filename, line, "file", f"the tag {tag} is not allowed here")])
        root = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        raise RulesError([_explain(exc, text, filename)]) from None
    except YAMLError as exc:
        raise RulesError([Problem(filename, 1, "file", f"not valid YAML: {type(exc).__name__}")]) from None
    except (AssertionError, ValueError, TypeError, IndexError, KeyError, RecursionError):
        # The YAML library has internal asserts (e.g. on a "%YAML 1.20" directive); whatever a
        # file does to it, the answer is a reported problem, never a crash.
        raise RulesError([Problem(filename, 1, "file", "not valid YAML: the file could not be read as YAML; "
                                  "check the first lines (a '%' directive?) and the indentation")]) from None
    if root is None:
        raise RulesError([Problem(filename, 1, "file", "the file is empty")])
    problems: list[Problem] = []
    tree = _convert(root, filename, problems)
    if problems:
        raise RulesError(problems)
    return tree


# The parser's words for the usual mistakes, said the way Communications would fix them.
_PLAIN = [
    ("mapping values are not allowed", "a colon (:) where none is expected; put a value that contains a colon "
     "in double quotes, and check that the line above has the colon after its name"),
    ("could not find expected ':'", "a line is missing the colon after its name (name: value)"),
    ("expected ',' or ']'", "a list in [ ] is not closed with ]"),
    ("expected ',' or '}'", "a group in { } is not closed with }"),
    ("expected <block end>", "this line does not line up with the lines around it; check its indentation"),
    ("expected <block mapping start>", "this line does not line up with the lines around it; check its indentation"),
    ("did not find expected '-' indicator", "a list item here does not line up with the items above it"),
    ("found unexpected end of stream", "the file ends inside an unfinished value"),
]


def _unbalanced_quote(lines: list[str], first: int, last: int) -> int | None:
    """The first line in first..last (1-based) with an odd number of double quotes."""
    for i in range(max(1, first), min(len(lines), last) + 1):
        code = lines[i - 1].split(" #")[0]
        if (code.count('"') - code.count('\\"')) % 2:
            return i
    return None


def _explain(exc: MarkedYAMLError, text: str, filename: str) -> Problem:
    lines = text.splitlines()
    problem_line = exc.problem_mark.line + 1 if exc.problem_mark else 1
    context_line = exc.context_mark.line + 1 if exc.context_mark else problem_line
    detail = (exc.problem or "").strip()
    # A quote left open (or a quote inside quoted text) swallows the lines after it, so the
    # parser notices far below: point at the line with the odd quote.
    if exc.context and "quoted scalar" in exc.context:
        line = _unbalanced_quote(lines, context_line, problem_line) or context_line
    else:
        line = _unbalanced_quote(lines, min(context_line, problem_line) - 1, problem_line)
    if line is None and any(lines[i - 1].count('"') > 2 for i in {problem_line, context_line} if 0 < i <= len(lines)):
        line = problem_line if lines[problem_line - 1].count('"') > 2 else context_line
    if line is not None:
        return Problem(filename, line, "file", "not valid YAML: this line has a double quote (\") that is not "
                       "closed, or a quote inside quoted text; use ' inside \" \" or \" inside ' '")
    plain = next((say for key, say in _PLAIN if key in detail), None)
    said = plain or detail or "this is not valid YAML"
    if exc.context and "flow" in exc.context:  # an unclosed [ or {: where it was opened
        problem_line = context_line
    return Problem(filename, problem_line, "file", f"not valid YAML: {said}" + (f" (YAML: {detail})" if plain else ""))


def _convert(node, filename: str, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
            return Node(None, line)
        return Node(str(node.value), line)
    if isinstance(node, SequenceNode):
        return Node([_convert(item, filename, problems) for item in node.value], line)
    if isinstance(node, MappingNode):
        out: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                problems.append(Problem(filename, key_line, "file", "a key must be plain text"))
                continue
            key = str(key_node.value)
            if key in out:
                problems.append(Problem(filename, key_line, "file",
                                        f"'{key}' is given twice in the same place (lines {key_lines[key]} "
                                        f"and {key_line}); keep one"))
                continue
            key_lines[key] = key_line
            child = _convert(value_node, filename, problems)
            out[key] = child
        result = Node(out, line)
        result.key_lines = key_lines  # type: ignore[attr-defined]
        return result
    problems.append(Problem(filename, line, "file", "unexpected YAML content"))
    return Node(None, line)
