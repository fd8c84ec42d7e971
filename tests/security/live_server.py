"""A real companion in a subprocess on loopback, and raw ways to talk to it.

`requests` and `urllib` tidy up what they send (they fix the Host, refuse bytes in headers,
re-encode bodies), which is exactly what an attacker does not do; so requests here go through
`http.client` with `skip_host`, or through a plain socket.

Used by tests/security, tests/reliability and scripts/load_test.py. The server's stdout and
stderr go to files *outside* its SECOND_LOOK_HOME, so that the leak tests can search both.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_RULES = str(ROOT / "policy_rules.yaml")
HOOKED = Path(__file__).resolve().parent / "serve_hooked.py"
TOKEN_HEADER = "X-Second-Look-Token"
REPORT_ENV = "SECOND_LOOK_RELIABILITY_LOG"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def note(suite: str, **counts) -> None:
    """Add figures for scripts/reliability_report.py (a JSON line, only when it asked for them)."""
    target = os.environ.get(REPORT_ENV)
    if target:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"suite": suite, **counts}) + "\n")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    @property
    def error(self) -> str | None:
        data = self.json
        return data.get("error") if isinstance(data, dict) else None


@dataclass
class Live:
    port: int
    token: str
    home: Path
    out: Path  # the server's captured stdout and stderr
    args: tuple[str, ...]
    env: dict[str, str]
    hooked: bool = False
    proc: subprocess.Popen | None = None
    sent: int = field(default=0)
    throttled: int = field(default=0)  # 429s that were retried

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    # -- life cycle ---------------------------------------------------------------------------
    def start(self, wait: bool = True, timeout: float = 90) -> "Live":
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / "tmp").mkdir(exist_ok=True)
        env = {**os.environ, "SECOND_LOOK_HOME": str(self.home), "SECOND_LOOK_TOKEN": self.token,
               # Temporary files the server might write land inside the searched folder.
               "TMPDIR": str(self.home / "tmp"), "TEMP": str(self.home / "tmp"), "TMP": str(self.home / "tmp"),
               "PYTHONUNBUFFERED": "1", **self.env}
        # The test machine's own fleet file (if any) must not change the limits under test.
        env.setdefault("SECOND_LOOK_MACHINE_CONFIG", str(self.home / "no-machine-config.yaml"))
        cmd = [sys.executable, str(HOOKED)] if self.hooked else [sys.executable, "-m", "companion"]
        cmd += ["serve", "--port", str(self.port), *self.args]
        out = open(self.out, "ab")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        out.close()
        if wait:
            self.wait_up(timeout)
        return self

    def wait_up(self, timeout: float = 90) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"companion exited with {self.proc.returncode}:\n{self.output()[-3000:]}")
            try:
                r = self.call("GET", "/v1/health", timeout=2)
                if r.status == 200:
                    return r.json
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"companion did not answer within {timeout}s:\n{self.output()[-3000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def kill(self) -> None:
        """SIGKILL: no clean-up code runs, as after a crash or a power cut."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def restart(self) -> "Live":
        self.stop()
        return self.start()

    def output(self) -> str:
        try:
            return self.out.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    # -- talking to it ------------------------------------------------------------------------
    def call(self, method: str, path: str, body=None, *, headers: dict | None = None, token: bool = True,
             host: str | None = None, timeout: float = 30, retry_busy: bool = True) -> Reply:
        """One request on a fresh connection. `body`: a dict/list (sent as JSON) or bytes.
        `headers` values of None remove that header; values may be bytes. A 429 is retried after
        a pause, as the extension does, unless `retry_busy` is false (the limit's own tests)."""
        hdrs: dict[str, object] = {"Host": host if host is not None else self.host}
        if token:
            hdrs[TOKEN_HEADER] = self.token
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        for k, v in (headers or {}).items():
            hdrs = {hk: hv for hk, hv in hdrs.items() if hk.lower() != k.lower()}
            if v is not None:
                hdrs[k] = v
        for attempt in range(20):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                for k, v in hdrs.items():
                    conn.putheader(k, v)
                if data is not None and not any(k.lower() in ("content-length", "transfer-encoding") for k in hdrs):
                    conn.putheader("Content-Length", str(len(data)))
                conn.endheaders(data)
                resp = conn.getresponse()
                reply = Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
            finally:
                conn.close()
            self.sent += 1
            if retry_busy and reply.status == 429 and attempt < 19:
                self.throttled += 1
                time.sleep(float(reply.headers.get("retry-after", "1")) / 4)
                continue
            return reply
        return reply

    def check(self, text: str, context: dict | None = None, **kw) -> Reply:
        body = {"text": text} if context is None else {"text": text, "context": context}
        return self.call("POST", "/v1/check", body, **kw)

    def health(self) -> dict:
        r = self.call("GET", "/v1/health")
        assert r.status == 200, r
        return r.json

    def raw(self, data: bytes, timeout: float = 10) -> Reply:
        """Send bytes exactly as given; read the answer until the server closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            chunks = []
            while True:
                try:
                    chunk = s.recv(65536)
                except (ConnectionResetError, socket.timeout):
                    break
                if not chunk:
                    break
                chunks.append(chunk)
        self.sent += 1
        return parse_response(b"".join(chunks))

    # -- what it left behind ------------------------------------------------------------------
    def files(self) -> list[Path]:
        return sorted(p for p in self.home.rglob("*") if p.is_file())

    def search(self, needle: str) -> list[str]:
        """Every file under the home, and the captured output, holding `needle` (any case)."""
        n = needle.lower().encode("utf-8")
        hits = [str(p) for p in self.files() + [self.out] if p.exists() and n in p.read_bytes().lower()]
        return hits


def parse_response(data: bytes) -> Reply:
    if not data:
        return Reply(0, {}, b"")
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.decode("latin-1").strip().lower()] = v.decode("latin-1").strip()
    return Reply(status, headers, body)


def make_live(base: Path, *args: str, env: dict | None = None, hooked: bool = False) -> Live:
    base.mkdir(parents=True, exist_ok=True)
    if BUNDLED_RULES in args:
        # A private copy: the server reloads its rules file when it changes, and the answers
        # under test must not change because someone is editing policy_rules.yaml meanwhile.
        copy = base / "policy_rules.yaml"
        copy.write_bytes(Path(BUNDLED_RULES).read_bytes())
        args = tuple(str(copy) if a == BUNDLED_RULES else a for a in args)
    return Live(free_port(), secrets.token_urlsafe(24), base / "home", base / "server-output.txt",
                tuple(args), dict(env or {}), hooked)


def relaxed_env(**extra: str) -> dict[str, str]:
    """Settings for a server that the fuzz and load suites may drive as fast as they can: the
    rate limit is tested on its own (tests/security/test_limits.py)."""
    return {"SECOND_LOOK_RATE_LIMIT_PER_SECOND": "10000", **extra}
