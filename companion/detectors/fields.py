"""How a detector or rule declares its options, so that one schema types the rules file,
explains its errors, and generates the reference that `docs/rules.md` is checked against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The value types a field may have in the rules file, as Communications sees them.
TYPES = {
    "text": "a piece of text",
    "number": "a number",
    "fraction": "a number from 0 to 1, such as 0.8",
    "whole number": "a whole number",
    "yes/no": "true or false",
    "phrases": "a list of words or phrases",
    "lists": "a list of names of lists defined under `lists:`",
    "patterns": "a list of patterns (regular expressions, RE2 syntax)",
    "labels": "a list of spaCy entity labels such as PERSON, DATE, ORG",
    "rules": "a list of rule ids (the `id:` of other rules)",
    "texts": "a list of sentences",
    "when": "context conditions, e.g. {surface: [dm, reply], account: personal}",
    "mapping": "a group of fields, indented below it",
}


@dataclass(frozen=True)
class Field:
    type: str
    default: Any
    help: str
    required: bool = False
    # Set when the option reads part-of-speech tags or finds names, which only the language model
    # gives: without the model, a rule using it cannot be held to its examples.
    needs_model: bool = False

    def __post_init__(self) -> None:
        assert self.type in TYPES, self.type
