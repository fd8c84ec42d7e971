"""`second-look token`: print the pairing token to paste into the extension's options."""

from __future__ import annotations

from companion.commands.common import load_settings
from companion.pairing import get_or_create_token
from companion.settings import Paths


def register(sub) -> None:
    p = sub.add_parser("token", help="print the pairing token for the browser extension")
    p.set_defaults(func=run)


def run(args) -> int:
    paths = Paths.for_user().ensure()
    print(get_or_create_token(paths, load_settings(paths)))
    return 0
