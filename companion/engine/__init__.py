"""The rules engine, free of any transport: `Engine.check(text, context) -> Result`."""

from companion.engine.engine import Engine, Rule
from companion.engine.result import Finding, Result

__all__ = ["Engine", "Finding", "Result", "Rule"]
