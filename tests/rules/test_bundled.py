"""Promises the bundled rules file makes in its comments, which an edit to one rule could
quietly break: photo-opt-out on a personal account reads a draft exactly as missing-disclaimer
does (the same mentions and senses, nothing required), so the two are edited together."""

from __future__ import annotations

from companion.rules.schema import parse
from tests.conftest import BUNDLED_RULES


def _missing(rule_id: str) -> dict:
    spec = parse(BUNDLED_RULES.read_text(encoding="utf-8"), str(BUNDLED_RULES))
    [rule] = [r for r in spec.rules if r.id == rule_id]
    [detector] = [d for d in rule.detectors if d.kind == "missing"]
    return detector.options


def test_the_photo_reminder_reads_a_draft_as_the_disclaimer_rule_does():
    disclaimer, photo = _missing("missing-disclaimer"), _missing("photo-opt-out")
    assert disclaimer["required_lists"] and not photo["required"] and not photo["required_lists"]
    assert photo["when"] == {"has_media": [True], "account": ["personal"]}
    reading = lambda options: {k: v for k, v in options.items() if k not in ("when", "required", "required_lists")}  # noqa: E731
    assert reading(photo) == reading(disclaimer)
