"""A problem in a rules file, said as `FILE:LINE: rule-id: what is wrong`, for a person who is
not a programmer to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    where: str  # a rule id, or the part of the file ("settings", "lists", "file")
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "rule_id": self.where, "message": self.message}


class RulesError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
