"""Is the companion running? Asks `/v1/health` on 127.0.0.1 the way the extension does, and
tells a Second Look companion from another program that holds the port."""

from __future__ import annotations

import http.client
import json
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from companion.settings import Paths, Settings

RUNNING = "running"
NOT_RUNNING = "not-running"
OTHER_PROGRAM = "other-program"
WRONG_TOKEN = "wrong-token"


@dataclass
class Probe:
    state: str
    port: int
    health: dict = field(default_factory=dict)
    detail: str = ""


def known_token(paths: Paths, settings: Settings) -> str | None:
    """The token the companion would use, without creating one (doctor must not write files)."""
    env = os.environ.get("SECOND_LOOK_TOKEN", "").strip()
    if env:
        return env
    if settings.pairing_token:
        return settings.pairing_token
    try:
        return paths.token_file.read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def probe(settings: Settings, paths: Paths, timeout: float = 3.0) -> Probe:
    port = settings.port
    headers = {"X-Second-Look-Token": known_token(paths, settings) or "-"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/health", headers=headers)
    try:
        with opener.open(request, timeout=timeout) as reply:
            body, server = reply.read(65536), reply.headers.get("Server", "")
            status = reply.status
    except urllib.error.HTTPError as exc:
        body, server, status = exc.read(65536), exc.headers.get("Server", ""), exc.code
    except (ConnectionRefusedError, urllib.error.URLError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, ConnectionRefusedError) or isinstance(exc, ConnectionRefusedError):
            return Probe(NOT_RUNNING, port, detail="nothing listens on the port")
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return Probe(OTHER_PROGRAM, port, detail="a program holds the port but does not answer")
        return Probe(OTHER_PROGRAM, port, detail=f"the port answers but not over HTTP ({reason})")
    except (socket.timeout, TimeoutError):
        return Probe(OTHER_PROGRAM, port, detail="a program holds the port but does not answer")
    except OSError as exc:
        return Probe(OTHER_PROGRAM, port, detail=f"the port answers but not over HTTP ({exc.strerror or exc})")
    except http.client.HTTPException as exc:
        return Probe(OTHER_PROGRAM, port, detail=f"the port answers but not over HTTP ({type(exc).__name__})")
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    ours = "second-look" in server.lower()
    if status == 401 and ours:
        return Probe(WRONG_TOKEN, port, detail="a Second Look companion answers but does not accept this user's token")
    if status == 200 and isinstance(data, dict) and "rules_version" in data:
        return Probe(RUNNING, port, health=data)
    return Probe(OTHER_PROGRAM, port, detail=f"another program answers on the port (HTTP {status}"
                 + (f", server {server}" if server else "") + ")")
