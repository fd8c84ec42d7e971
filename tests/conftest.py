"""Fixtures shared by every test area: the language model, the bundled rules, and a real
companion server on loopback."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_RULES = ROOT / "policy_rules.yaml"


@pytest.fixture(scope="session")
def model():
    from companion.language.model import load_model

    return load_model()


@pytest.fixture(scope="session")
def bundled_engine(model):
    from companion.rules.build import build_engine
    from companion.rules.schema import parse

    spec = parse(BUNDLED_RULES.read_text(encoding="utf-8"), str(BUNDLED_RULES))
    return build_engine(spec, model)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Companion:
    """A real `second-look serve` in a subprocess, isolated under its own SECOND_LOOK_HOME."""

    port: int
    token: str
    home: Path
    proc: subprocess.Popen
    log_path: Path
    extra_env: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body=None, headers: dict | None = None,
                raw: bytes | None = None, timeout: float = 30):
        """Returns (status, parsed JSON or None, headers)."""
        hdrs = {"X-Second-Look-Token": self.token}
        data = raw
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        hdrs.update(headers or {})
        hdrs = {k: v for k, v in hdrs.items() if v is not None}
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                payload = resp.read()
                status, rheaders = resp.status, dict(resp.headers)
        except urllib.error.HTTPError as err:
            payload, status, rheaders = err.read(), err.code, dict(err.headers)
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return status, parsed, rheaders

    def check(self, text: str, **context):
        status, body, _ = self.request("POST", "/v1/check", {"text": text, "context": context})
        assert status == 200, body
        return body

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_companion(home: Path, *args: str, env: dict | None = None, port: int | None = None,
                    wait: bool = True) -> Companion:
    port = port or free_port()
    token = secrets.token_urlsafe(24)
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "server-output.log"
    full_env = {**os.environ, "SECOND_LOOK_HOME": str(home), "SECOND_LOOK_TOKEN": token, **(env or {})}
    out = open(log_path, "wb")
    proc = subprocess.Popen([sys.executable, "-m", "companion", "serve", "--port", str(port), *args],
                            cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    companion = Companion(port, token, home, proc, log_path, env or {})
    if wait:
        wait_until_up(companion)
    return companion


def wait_until_up(companion: Companion, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if companion.proc.poll() is not None:
            raise RuntimeError(f"companion exited with {companion.proc.returncode}:\n{companion.log()}")
        try:
            status, _, _ = companion.request("GET", "/v1/health", timeout=2)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"companion did not answer within {timeout}s:\n{companion.log()}")


@pytest.fixture(scope="session")
def companion(tmp_path_factory):
    """One server with the bundled rules, shared by the tests that only read from it."""
    c = start_companion(tmp_path_factory.mktemp("companion-home"), "--rules", str(BUNDLED_RULES))
    yield c
    c.stop()
