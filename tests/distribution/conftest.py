"""A real HTTP server on loopback that serves rules files the way the district's web server
would: ETag and Last-Modified, 304 for a conditional request that matches, and a log of every
request so tests can see what the companion asked for."""

from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class RulesServer:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.mtimes: dict[str, float] = {}
        self.requests: list[tuple[str, dict, int]] = []  # (path, request headers, status sent)
        self.stall_seconds = 0.0
        self.status_override: int | None = None
        self.use_validators = True
        self._httpd: ThreadingHTTPServer | None = None
        self.port = 0

    def put(self, path: str, data: bytes) -> None:
        self.files[path] = data
        self.mtimes[path] = time.time()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, port: int = 0) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_GET(self):
                headers = dict(self.headers.items())
                if server.stall_seconds:
                    time.sleep(server.stall_seconds)
                if server.status_override:
                    return self._send(server.status_override, b"", {})
                data = server.files.get(self.path)
                if data is None:
                    return self._send(404, b"not found", {})
                etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
                extra = {}
                if server.use_validators:
                    extra = {"ETag": etag, "Last-Modified": formatdate(server.mtimes[self.path], usegmt=True)}
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, b"", extra, headers)
                self._send(200, data, extra, headers)

            def _send(self, status, body, extra, headers=None):
                server.requests.append((self.path, headers or dict(self.headers.items()), status))
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Content-Type", "application/yaml")
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


@pytest.fixture
def rules_server():
    server = RulesServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
