"""Checks every request passes before any work is done (see docs/security.md).

Order matters: a request from a web page is refused for its Host or Origin before its token is
even compared, and nothing is parsed until all of these pass.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from companion.pairing import token_matches

TOKEN_HEADER = "X-Second-Look-Token"
EXTENSION_SCHEMES = {"chrome-extension", "moz-extension"}


def host_allowed(host: str | None, port: int) -> bool:
    """Exactly 127.0.0.1:PORT or localhost:PORT (case-insensitive, a trailing dot allowed):
    a DNS-rebinding page sends its own host name and is refused here."""
    if not host:
        return False
    host = host.strip().lower()
    name, sep, host_port = host.rpartition(":")
    if not sep or host_port != str(port):
        return False
    return name.rstrip(".") in ("127.0.0.1", "localhost")


def origin_allowed(origin: str | None) -> bool:
    """No Origin (the command line, curl) or a browser extension's own origin. Every web origin,
    and the opaque `null` origin of sandboxed frames and files, is refused."""
    if origin is None:
        return True
    parts = urlsplit(origin.strip())
    return parts.scheme in EXTENSION_SCHEMES and bool(parts.netloc) and not parts.path.strip("/")


def token_ok(sent: str | None, expected: str) -> bool:
    return token_matches(sent, expected)


def json_content_type(value: str | None) -> bool:
    if not value:
        return False
    mime, _, params = value.partition(";")
    if mime.strip().lower() != "application/json":
        return False
    params = params.strip().lower().replace(" ", "")
    return params in ("", "charset=utf-8")
