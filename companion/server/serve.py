"""Serving the app with waitress, on 127.0.0.1 only.

Waitress would bind every interface and accept 1 GB bodies by default; both are set here.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

from waitress import create_server

from companion.server.app import create_app
from companion.service import Service

HOST = "127.0.0.1"
M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def steady_memory() -> bool:
    """Keep a long-running companion's memory flat on Linux.

    glibc raises its mmap threshold each time a large block is freed. After that, the arrays a
    check allocates and frees (spaCy's, the toxicity networks' batches) come from the heap, and
    fragment it across the check threads. Measured with scripts/load_test.py (5,000 checks): 237
    -> 408 MB, still growing 40 MB over the second half. With the threshold fixed at 128 KB they
    stay in mmap and go back at once: 233 -> 277 MB, flat. Windows and macOS use other
    allocators. Returns whether the setting took."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_MMAP_THRESHOLD, 128 * 1024))
    except (OSError, AttributeError):  # not glibc: nothing to set
        return False


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
