"""The `second-look` command line. Each command lives in `companion/commands/<name>.py` with a
`register(subparsers)` function; this module only assembles them."""

from __future__ import annotations

import argparse
import sys

from companion import __version__
from companion.commands import COMMANDS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="second-look",
        description="Second Look: warns Highline staff about social-media drafts that break guideline 4309P.")
    parser.add_argument("--version", action="version", version=f"second-look {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
