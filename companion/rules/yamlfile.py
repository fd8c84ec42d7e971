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
        # Point at where the broken construct starts (an unclosed quote's line), not where the
        # parser gave up (often the end of the file).
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(x.strip() for x in (exc.context, exc.problem) if x) or "this is not valid YAML"
        seen_at = exc.problem_mark.line + 1 if exc.problem_mark else line
        also = f"; noticed at line {seen_at}" if seen_at != line else ""
        raise RulesError([Problem(filename, line, "file", f"not valid YAML: {what}{also} "
                                  "(check the indentation and the quotes on this line)")]) from None
    except YAMLError as exc:
        raise RulesError([Problem(filename, 1, "file", f"not valid YAML: {type(exc).__name__}")]) from None
    if root is None:
        raise RulesError([Problem(filename, 1, "file", "the file is empty")])
    problems: list[Problem] = []
    tree = _convert(root, filename, problems)
    if problems:
        raise RulesError(problems)
    return tree


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
