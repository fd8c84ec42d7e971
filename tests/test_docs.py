"""Docs held true by tests: the rules reference, the rule ids, the API and the README."""

from __future__ import annotations

import re

import pytest

from tests.conftest import BUNDLED_RULES, ROOT

DOCS = ROOT / "docs"
# The contract of shared/guidelines.md: these ids never change once shipped.
RULE_IDS = ["student-name", "photo-opt-out", "student-personal-info", "negative-remark", "unprofessional-language",
            "missing-disclaimer", "student-conversation", "school-business", "get-permission", "vested-interest",
            "personal-use", "public-record"]


def test_rules_reference_matches_the_code():
    from companion.rules.reference import markdown_reference

    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert "## Reference" in text
    documented = text[text.index("## Reference"):]
    assert documented == markdown_reference(), (
        "docs/rules.md's reference is out of date: regenerate it with "
        "`second-look rules kinds --markdown` (everything from '## Reference' on)")


def test_every_detector_kind_is_explained_in_the_guide():
    from companion.detectors import KINDS

    guide = (DOCS / "rules.md").read_text(encoding="utf-8").split("## Reference")[0]
    for kind in KINDS:
        assert f"`{kind}`" in guide, f"docs/rules.md does not explain the `{kind}` kind"


def test_every_guideline_rule_ships_in_the_bundled_rules():
    from companion.rules.schema import parse

    shipped = [r.id for r in parse(BUNDLED_RULES.read_text(), str(BUNDLED_RULES)).rules]
    assert sorted(shipped) == sorted(RULE_IDS)
    guidelines = ROOT.parent / "shared" / "guidelines.md"
    if guidelines.exists():
        table = guidelines.read_text().split("## The rules")[1].split("##")[0]
        table_ids = re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE)
        assert sorted(table_ids) == sorted(RULE_IDS)


def test_every_rule_has_fire_and_pass_examples():
    from companion.rules.schema import parse

    for rule in parse(BUNDLED_RULES.read_text(), str(BUNDLED_RULES)).rules:
        kinds = {e.fire for e in rule.examples}
        if rule.id == "personal-use":  # depends on IT's settings, not on a draft: see tests/clear_cases.py
            continue
        assert kinds == {True, False}, f"{rule.id} needs both fire: and pass: examples"


def test_api_doc_names_every_endpoint_status_and_limit():
    from companion.server.openapi import openapi_document
    from companion.settings import SETTINGS

    api = (DOCS / "api.md").read_text(encoding="utf-8")
    doc = openapi_document(4309)
    for path, ops in doc["paths"].items():
        for method in ops:
            assert f"{method.upper()} {path}" in api, f"docs/api.md does not document {method.upper()} {path}"
        for op in ops.values():
            for status in op["responses"]:
                assert f"`{status}`" in api, f"docs/api.md does not explain status {status}"
    for setting in SETTINGS:
        if setting.name.startswith(("max_", "check_", "rate_")):
            assert f"`{setting.name}`" in api, f"docs/api.md does not document the limit {setting.name}"


@pytest.mark.parametrize("command", ["make run", "make test"])
def test_readme_opens_with_the_two_commands(command):
    head = "\n".join((ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8])
    assert command in head
