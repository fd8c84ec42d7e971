"""Nothing leaks: a unique marker planted in drafts through every endpoint and every error path
(including a crash inside a detector) is found nowhere afterwards: not in any file under the
companion's home (config, data, logs, cache, temp) and not in what it printed.

The token, too, is found only in the token file: never in a log, an answer or the output.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from live_server import BUNDLED_RULES, ROOT, make_live, note


@pytest.fixture(scope="module")
def leaky(tmp_path_factory):
    """A server with every error path reachable: one check at a time, one second per check, a low
    rate limit, and the test-only faults of serve_hooked.py (slow checks, a crashing detector)."""
    live = make_live(tmp_path_factory.mktemp("leaks"), "--rules", BUNDLED_RULES, hooked=True,
                     env={"SECOND_LOOK_MAX_CONCURRENT_CHECKS": "1", "SECOND_LOOK_CHECK_TIMEOUT_MS": "1000",
                          "SECOND_LOOK_RATE_LIMIT_PER_SECOND": "20", "SECOND_LOOK_LOG_LEVEL": "debug"}).start()
    yield live
    live.stop()


def _marker() -> str:
    return "Zq" + uuid.uuid4().hex[:12]


def _paths(live, marker: str) -> dict[str, object]:
    """Each way a draft can reach the companion, by name -> a function sending it."""
    m = marker
    text = f"Good luck to my student {m} Qorvath at state! Call me at 206-555-0143 or {m.lower()}@gmail.com #{m}"
    body = json.dumps({"text": text, "context": {"platform": "facebook"}}).encode()
    host, tok = live.host, live.token

    def raw(head: str, payload: bytes = b""):
        return lambda: live.raw(head.encode() + payload)

    def together(draft: str, n: int, limit_rate: bool = False):
        def send():
            with ThreadPoolExecutor(n) as pool:
                replies = list(pool.map(lambda i: live.check(f"{draft} {i}", retry_busy=False), range(n)))
            return replies
        return send

    contexts = [{"platform": p, "surface": s, "account": a, "has_media": media}
                for p in ("facebook", "twitter", "instagram") for s in ("post", "dm", "reply")
                for a in ("personal", "district") for media in (False, True)]
    return {
        "checked, every context": lambda: [live.check(text, c) for c in contexts],
        "checked twice (cache)": lambda: [live.check(text), live.check(text)],
        "checked, long": lambda: live.check((text + " ") * 60),
        "bad JSON": lambda: live.call("POST", "/v1/check", b'{"text": "' + text.encode() + b'"'),
        "invalid UTF-8": lambda: live.call("POST", "/v1/check", b'{"text": "' + text.encode() + b'\xff"}'),
        "lone surrogate": lambda: live.call("POST", "/v1/check", b'{"text": "' + text.encode() + b'\\udc00"}'),
        "text not a string": lambda: live.call("POST", "/v1/check", {"text": [text]}),
        "bad context value": lambda: live.call("POST", "/v1/check", {"text": text, "context": {"platform": m}}),
        "unknown field": lambda: live.call("POST", "/v1/check", {"text": text, "extra": text}),
        "too deep": lambda: live.call("POST", "/v1/check", {"text": text, "context": json.loads("[" * 40 + "]" * 40)}),
        "text too long": lambda: live.check((text + " ") * 400),
        "body too large": lambda: live.call("POST", "/v1/check", json.dumps({"text": (text + " ") * 800}).encode()),
        "body far too large": lambda: live.call("POST", "/v1/check", json.dumps({"text": (text + " ") * 2000}).encode()),
        "wrong content type": lambda: live.call("POST", "/v1/check", body, headers={"Content-Type": "text/plain"}),
        "form post": lambda: live.call("POST", "/v1/check", f"text={m}".encode(),
                                       headers={"Content-Type": "application/x-www-form-urlencoded"}),
        "no token": lambda: live.call("POST", "/v1/check", body, token=False),
        "web origin": lambda: live.call("POST", "/v1/check", body, headers={"Origin": "https://evil.example"}),
        "forged host": lambda: live.call("POST", "/v1/check", body, host="attacker.example"),
        "wrong method": lambda: live.call("PUT", "/v1/check", body),
        "draft in the path": lambda: live.call("GET", f"/v1/{m}"),
        "draft in the query": lambda: live.call("GET", f"/v1/health?draft={m}"),
        "draft in a header": lambda: live.call("GET", "/v1/health", headers={"User-Agent": m, "Referer": f"https://x.example/{m}"}),
        "chunked": raw(f"POST /v1/check HTTP/1.1\r\nHost: {host}\r\nX-Second-Look-Token: {tok}\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                       b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)),
        "malformed request line": raw(f"POST /v1/{m} HTTP/1.1 junk\r\nHost: {host}\r\n\r\n"),
        "check timed out": lambda: live.check(f"slowpoke3000 {text}"),
        "busy": together(f"slowpoke1500 {text}", 3),
        "rate limited": together(text, 45),
        "crash inside a detector": lambda: live.check(f"crashme {text}"),
    }


PATHS = list(_paths(type("L", (), {"host": "", "token": ""})(), "x"))


@pytest.mark.parametrize("path", PATHS)
def test_a_draft_leaves_no_trace(leaky, path):
    marker = _marker()
    replies = _paths(leaky, marker)[path]()
    replies = replies if isinstance(replies, list) else [replies]
    statuses = {r.status for r in replies}
    for r in replies:
        # No answer quotes the draft back (findings carry offsets, not words).
        assert marker.lower().encode() not in r.body.lower() or path in ("bad context value", "unknown field")
    _wait_idle(leaky)
    hits = leaky.search(marker)
    assert hits == [], f"the draft was found in {hits}"
    note("leaks", path=path, statuses=sorted(statuses), hits=len(hits))


def test_the_error_paths_were_all_taken(leaky):
    """The leak test is worth something only if each path really produced its answer."""
    seen = {int(k) for k in leaky.health()["requests"]["by_status"]}
    assert {200, 400, 401, 403, 404, 405, 413, 415, 421, 422, 429, 500} <= seen, seen


def test_no_traceback_or_exception_text_in_the_output(leaky):
    _wait_idle(leaky)
    out = leaky.output() + "".join(p.read_text("utf-8", "replace") for p in leaky.files() if p.suffix == ".log")
    assert "Traceback" not in out
    assert "detector failed on the draft" not in out  # the injected exception's message


def _wait_idle(live) -> None:
    import time

    for _ in range(100):
        if live.health()["requests"]["checks_running"] == 0:
            return
        time.sleep(0.1)


def test_command_line_check_leaves_no_trace(tmp_path):
    marker = _marker()
    home = tmp_path / "home"
    env = {**os.environ, "SECOND_LOOK_HOME": str(home), "TMPDIR": str(home / "tmp"),
           "SECOND_LOOK_MACHINE_CONFIG": str(tmp_path / "none.yaml")}
    (home / "tmp").mkdir(parents=True)
    out = subprocess.run([sys.executable, "-m", "companion", "check", "--json", "--rules", BUNDLED_RULES,
                          f"My student {marker} Qorvath has an IEP"], cwd=ROOT, env=env,
                         capture_output=True, timeout=120)
    assert out.returncode in (0, 1), out.stderr[-2000:]
    assert marker.encode() not in out.stderr
    files = [p for p in home.rglob("*") if p.is_file()]
    assert [str(p) for p in files if marker.lower().encode() in p.read_bytes().lower()] == []


# -- the token ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def own_token(tmp_path_factory):
    """A server that makes its own token at first run, as on a staff laptop."""
    live = make_live(tmp_path_factory.mktemp("token"), "--rules", BUNDLED_RULES)
    live.env["SECOND_LOOK_TOKEN"] = ""
    live.home.mkdir(parents=True)
    subprocess.run([sys.executable, "-m", "companion", "token"], cwd=ROOT, capture_output=True, check=True,
                   env={**os.environ, "SECOND_LOOK_HOME": str(live.home), "SECOND_LOOK_TOKEN": "",
                        "SECOND_LOOK_MACHINE_CONFIG": str(live.home / "none.yaml")})
    token_file = live.home / "config" / "token"
    live.token = token_file.read_text().strip()
    live.start()
    yield live
    live.stop()


def test_token_file_is_user_only(own_token):
    token_file = own_token.home / "config" / "token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(token_file.parent.stat().st_mode) == 0o700
    assert len(own_token.token) >= 32


def test_every_file_the_companion_wrote_is_private(leaky, own_token):
    """On macOS and Linux: folders 0700, and no file readable by group or others unless a
    private folder already shuts them out."""
    if os.name != "posix":
        pytest.skip("Windows: owner-only ACLs from the folder (docs/security.md)")
    for live in (leaky, own_token):
        for d in [live.home] + [p for p in live.home.rglob("*") if p.is_dir()]:
            if d == live.home or d.name == "tmp":
                continue  # made by the test harness
            assert stat.S_IMODE(d.stat().st_mode) == 0o700, d
        for f in live.files():
            mode = stat.S_IMODE(f.stat().st_mode)
            shut = any(stat.S_IMODE(parent.stat().st_mode) & 0o077 == 0
                       for parent in f.parents if live.home in parent.parents)
            assert mode & 0o077 == 0 or shut, f"{f} is {oct(mode)} in an open folder"


def test_the_search_would_find_a_leak(leaky):
    """The control: a marker written where the companion writes is found (in any case)."""
    marker = _marker()
    planted = leaky.home / "logs" / "planted.log"
    planted.write_bytes(b"2026 INFO companion.http: draft was " + marker.upper().encode())
    try:
        assert leaky.search(marker) == [str(planted)]
    finally:
        planted.unlink()


# -- after shutdown (these stop their servers, so they come last) -------------------------------
def test_nothing_leaks_after_shutdown_either(leaky, tmp_path):
    """Send drafts, stop the server (flushing every log), then search everything it wrote."""
    marker = _marker()
    assert leaky.check(f"My student {marker} was suspended").status == 200
    assert leaky.check(f"crashme {marker}").status == 500
    leaky.stop()  # the last test of the leaky server: it is not started again
    assert leaky.search(marker) == []


def test_token_never_appears_in_logs_or_answers(own_token):
    token = own_token.token
    replies = [own_token.call("GET", "/v1/health"), own_token.call("GET", "/v1/rules"),
               own_token.call("GET", "/v1/openapi.json"), own_token.check("hello"),
               own_token.call("GET", "/v1/health", headers={"X-Second-Look-Token": token[:-2]}, token=False),
               own_token.call("GET", "/v1/health", token=False),
               own_token.call("GET", "/v1/health", headers={"Origin": "https://evil.example"})]
    assert all(token.encode() not in r.body for r in replies)
    own_token.stop()  # the last test of this server: flush its logs, then search
    holders = own_token.search(token)
    assert holders == [str(own_token.home / "config" / "token")]
