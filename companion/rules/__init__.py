"""The rules file: safe YAML, a typed schema, examples that must pass, and live reloading."""

from companion.rules.problems import Problem, RulesError

__all__ = ["Problem", "RulesError"]
