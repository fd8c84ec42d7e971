"""Serving the app with waitress, on 127.0.0.1 only.

Waitress would bind every interface and accept 1 GB bodies by default; both are set here.
"""

from __future__ import annotations

import logging

from waitress import create_server

from companion.server.app import create_app
from companion.service import Service

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


def make_server(service: Service, token: str, port: int):
    # Threads: the running checks, as many waiting for a slot, and two more so that health and
    # refusals are answered at once even when every check slot is taken.
    app = create_app(service, token=token, port=port)
    return create_server(app, host=HOST, port=port, threads=2 * service.settings.max_concurrent_checks + 2,
                         # Waitress's own cap is looser than the app's, so that an oversized body
                         # still gets the app's JSON 413 with a reason; waitress stops absurd ones.
                         max_request_body_size=2 * service.settings.max_body_bytes + 4096,
                         max_request_header_size=16384, clear_untrusted_proxy_headers=True,
                         ident="second-look", expose_tracebacks=False, channel_timeout=30)


def serve(service: Service, token: str, port: int) -> None:
    server = make_server(service, token, port)
    log.info("listening on http://%s:%d", HOST, port)
    try:
        server.run()
    finally:
        service.close()
