"""docs/roster.md held true: every accepted header, value and command option is documented."""

from __future__ import annotations

import argparse
import re

import pytest

from companion.roster import csvfile
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "roster.md").read_text(encoding="utf-8")
_PROSE = re.sub(r"```.*?```", "", DOC, flags=re.S)  # code blocks would upset the pairing of backticks
DOC_HEADERS = {csvfile._norm(h) for h in re.findall(r"`([^`\n]+)`", _PROSE)}


@pytest.mark.parametrize("header", csvfile.NAME_COLUMNS + csvfile.FIRST_COLUMNS + csvfile.LAST_COLUMNS
                         + csvfile.PREFERRED_COLUMNS + csvfile.OPT_OUT_COLUMNS)
def test_every_accepted_header_is_documented(header):
    if header in {"firstname", "lastname", "preferredname", "photo optout", "photo opt out status",
                  "photo release opt out"}:
        pytest.skip("spelling variants of a documented header")
    assert header in DOC_HEADERS, f"docs/roster.md does not list the header {header!r}"


def test_every_yes_value_is_documented():
    for value in csvfile.YES:
        assert f"`{value.upper() if len(value) == 1 else value.capitalize()}`" in DOC or f"`{value}`" in DOC, value


def test_every_option_is_documented():
    from companion.commands import roster

    parser = argparse.ArgumentParser()
    roster.register(parser.add_subparsers())
    sub = parser._subparsers._group_actions[0].choices["roster"]
    for action_name, action_parser in sub._subparsers._group_actions[0].choices.items():
        assert f"second-look roster {action_name}" in DOC
        for opt in action_parser._actions:
            for flag in opt.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in DOC, f"docs/roster.md does not mention {action_name} {flag}"
