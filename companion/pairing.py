"""The pairing token: a per-install secret the extension must send in `X-Second-Look-Token`.

A web page cannot guess it, so even a DNS-rebinding page that reaches the port gets nothing.
Order: the `SECOND_LOOK_TOKEN` environment variable, IT's shared `pairing_token` setting, then a
token generated with `secrets` at first run and kept user-only in the config folder.
"""

from __future__ import annotations

import hmac
import os
import secrets

from companion.settings import Paths, Settings, write_private


def get_or_create_token(paths: Paths, settings: Settings | None = None) -> str:
    env = os.environ.get("SECOND_LOOK_TOKEN", "").strip()
    if env:
        return env
    if settings is not None and settings.pairing_token:
        return settings.pairing_token
    path = paths.token_file
    try:
        token = path.read_text(encoding="ascii").strip()
        if len(token) >= 20:
            return token
    except (OSError, UnicodeDecodeError):
        pass
    token = secrets.token_urlsafe(24)
    write_private(path, token.encode("ascii"))
    return token


def token_matches(sent: str | None, expected: str) -> bool:
    """Constant-time comparison, so timing does not reveal how much of a guess was right."""
    if not sent:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode("utf-8"))
