"""Attacks on the companion, each a request to the real server on loopback.

Every attack is refused with the right 4xx before any work is done: the server's own count of
checks that reached the engine (`requests.checks_run` in /v1/health) does not move, no CORS
header comes back, and nothing is a 5xx. Header attacks run against every endpoint.
See docs/security.md for why each one matters.
"""

from __future__ import annotations

import hmac
import json
import secrets

import pytest

from live_server import note

ENDPOINTS = [("GET", "/v1/health"), ("GET", "/v1/rules"), ("GET", "/v1/openapi.json"), ("POST", "/v1/check")]
ENDPOINT_IDS = [f"{m} {p}" for m, p in ENDPOINTS]
DRAFT = {"text": "Good luck to my student Dana Whitfield at state!", "context": {"platform": "facebook"}}

TALLY = {"tried": 0, "refused": 0}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    note("attacks", **TALLY)


def _send(server, method, path, *, headers=None, host=None, token=True, body="default"):
    if body == "default":
        body = DRAFT if method == "POST" else None
    return server.call(method, path, body, headers=headers, host=host, token=token)


def assert_refused(server, reply, status, error=None, *, before=None):
    """The request was refused with `status` (one int or a set), a JSON reason when the app
    answered, no CORS header, and no check ran."""
    TALLY["tried"] += 1
    allowed = {status} if isinstance(status, int) else set(status)
    assert reply.status in allowed, (reply.status, reply.body[:300])
    assert 400 <= reply.status < 500
    assert not any(k.startswith("access-control-") for k in reply.headers), reply.headers
    if error is not None:
        assert reply.error == error, reply.body[:300]
        assert reply.json["reason"]
    if before is not None:
        assert server.health()["requests"]["checks_run"] == before, "a refused request reached the engine"
    TALLY["refused"] += 1


def checks_run(server) -> int:
    return server.health()["requests"]["checks_run"]


# -- Host: DNS rebinding ---------------------------------------------------------------------
FORGED_HOSTS = [
    "attacker.example",
    "attacker.example:{port}",
    "127.0.0.1.nip.io:{port}",
    "localhost.attacker.example:{port}",
    "127.0.0.1:{other}",
    "localhost:{other}",
    "127.0.0.1",
    "localhost",
    "",
    "[::1]:{port}",
    "0.0.0.0:{port}",
    "127.1:{port}",
    "2130706433:{port}",
    "0x7f000001:{port}",
    "127.0.0.2:{port}",
    "127.0.0.1:0{port}",
    "127.0.0.1:{port}.attacker.example",
    "attacker.example@127.0.0.1:{port}",
    "127.0.0.1:{port}@attacker.example",
    "localhost:{port}, attacker.example",
    "attacker.example, localhost:{port}",
    "127.0.0.1 :{port}",
]


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_forged_host_is_refused(server, method, path, host):
    before = checks_run(server)
    forged = host.format(port=server.port, other=server.port + 1)
    reply = _send(server, method, path, host=forged)
    assert_refused(server, reply, 421, "bad_host", before=before)
    assert reply.body == b"" or "rules" not in reply.json  # nothing of the answer leaks


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
def test_missing_host_and_two_hosts_are_refused(server, method, path):
    before = checks_run(server)
    body = json.dumps(DRAFT).encode() if method == "POST" else b""
    common = (f"X-Second-Look-Token: {server.token}\r\nContent-Type: application/json\r\n"
              f"Content-Length: {len(body)}\r\nConnection: close\r\n").encode()
    no_host = f"{method} {path} HTTP/1.1\r\n".encode() + common + b"\r\n" + body
    assert_refused(server, server.raw(no_host), (400, 421))
    http10 = f"{method} {path} HTTP/1.0\r\n".encode() + common + b"\r\n" + body
    assert_refused(server, server.raw(http10), 421, "bad_host")
    for first, second in ((server.host, "attacker.example"), ("attacker.example", server.host)):
        two = f"{method} {path} HTTP/1.1\r\nHost: {first}\r\nHost: {second}\r\n".encode() + common + b"\r\n" + body
        assert_refused(server, server.raw(two), (400, 421))
    bad_bytes = f"{method} {path} HTTP/1.1\r\nHost: ".encode() + b"\xff\xfe" + server.host.encode() + b"\r\n" + common + b"\r\n" + body
    assert_refused(server, server.raw(bad_bytes), (400, 421), before=before)


@pytest.mark.parametrize("host", ["localhost:{port}", "LOCALHOST:{port}", "localhost.:{port}", "127.0.0.1.:{port}", "127.0.0.1:{port}"])
def test_the_companions_own_names_are_accepted(server, host):
    # The control for the rebinding tests: the same request with a real name of the server works.
    reply = server.call("GET", "/v1/health", host=host.format(port=server.port))
    assert reply.status == 200


# -- Origin: web pages -------------------------------------------------------------------------
WEB_ORIGINS = [
    "https://evil.example",
    "http://evil.example",
    "null",
    "http://127.0.0.1:{other}",
    "http://127.0.0.1:{port}",
    "http://localhost:{port}",
    "https://localhost",
    "file://",
    "",
    "chrome-extension://",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop/evil",
    "https://evil.example/chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop https://evil.example",
    "javascript:alert(1)",
    "data:text/html,hi",
]


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("origin", WEB_ORIGINS)
def test_web_origin_is_refused_even_with_the_token(server, method, path, origin):
    before = checks_run(server)
    reply = _send(server, method, path, headers={"Origin": origin.format(port=server.port, other=server.port + 1)})
    assert_refused(server, reply, 403, "bad_origin", before=before)


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
def test_two_origins_are_refused(server, method, path):
    before = checks_run(server)
    body = json.dumps(DRAFT).encode() if method == "POST" else b""
    req = (f"{method} {path} HTTP/1.1\r\nHost: {server.host}\r\nX-Second-Look-Token: {server.token}\r\n"
           "Origin: chrome-extension://abcdefghijklmnopabcdefghijklmnop\r\nOrigin: https://evil.example\r\n"
           f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    assert_refused(server, server.raw(req), 403, "bad_origin", before=before)


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
def test_preflight_from_a_web_origin_gets_no_cors_headers(server, method, path):
    before = checks_run(server)
    headers = {"Origin": "https://evil.example", "Access-Control-Request-Method": method,
               "Access-Control-Request-Headers": "x-second-look-token, content-type"}
    reply = server.call("OPTIONS", path, headers=headers, token=False)
    assert_refused(server, reply, 403, "bad_origin", before=before)
    # Even with the token and the extension's origin, OPTIONS is not a method here.
    reply = server.call("OPTIONS", path, headers={"Origin": "chrome-extension://abcdefghijklmnopabcdefghijklmnop"})
    assert_refused(server, reply, 405, "method_not_allowed", before=before)


# -- token -------------------------------------------------------------------------------------
def _wrong_tokens(token: str) -> list[tuple[str, dict]]:
    return [
        ("missing", {}),
        ("empty", {"X-Second-Look-Token": ""}),
        ("random of the same length", {"X-Second-Look-Token": secrets.token_urlsafe(24)}),
        ("one character short", {"X-Second-Look-Token": token[:-1]}),
        ("one character more", {"X-Second-Look-Token": token + "A"}),
        ("other case", {"X-Second-Look-Token": token.swapcase()}),
        ("non-ASCII bytes", {"X-Second-Look-Token": b"\xe9" + token[1:].encode()}),
        ("as a bearer token", {"Authorization": f"Bearer {token}"}),
        ("as a cookie", {"Cookie": f"token={token}"}),
        ("under another header name", {"X-Token": token}),
    ]


TOKEN_CASES = [name for name, _ in _wrong_tokens("x" * 32)]


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("case", TOKEN_CASES)
def test_missing_or_wrong_token_is_refused(server, method, path, case):
    before = checks_run(server)
    headers = dict(_wrong_tokens(server.token))[case]
    reply = _send(server, method, path, headers={"X-Second-Look-Token": None, **headers}, token=False)
    assert_refused(server, reply, 401, "bad_token", before=before)
    assert server.token.encode() not in reply.body


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
def test_token_in_the_query_string_or_twice_is_refused(server, method, path):
    before = checks_run(server)
    reply = _send(server, method, f"{path}?token={server.token}", token=False)
    assert_refused(server, reply, 401, "bad_token")
    body = json.dumps(DRAFT).encode() if method == "POST" else b""
    twice = (f"{method} {path} HTTP/1.1\r\nHost: {server.host}\r\nX-Second-Look-Token: {server.token}\r\n"
             f"X-Second-Look-Token: {server.token}\r\nContent-Type: application/json\r\n"
             f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    assert_refused(server, server.raw(twice), 401, "bad_token", before=before)


def test_token_is_compared_in_constant_time(monkeypatch):
    from companion.server import guards

    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert guards.token_ok("right-token-value-123", "right-token-value-123")
    assert not guards.token_ok("wrong-token-value-123", "right-token-value-123")
    assert not guards.token_ok("é", "right-token-value-123")
    assert len(calls) == 3  # every comparison, right or wrong, went through compare_digest


# -- content type and methods ------------------------------------------------------------------
CONTENT_TYPES = [
    (None, b'{"text": "hi"}'),
    ("text/plain", b'{"text": "hi"}'),
    ("text/plain;charset=UTF-8", b'{"text": "hi"}'),
    ("application/x-www-form-urlencoded", b"text=hi"),
    ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhi\r\n--x--\r\n'),
    ("application/json; charset=latin-1", b'{"text": "hi"}'),
    ("application/jsonx", b'{"text": "hi"}'),
    ("text/json", b'{"text": "hi"}'),
    ("application/json, text/plain", b'{"text": "hi"}'),
    ("application/javascript", b'{"text": "hi"}'),
]


@pytest.mark.parametrize("ctype,body", CONTENT_TYPES, ids=[str(c) for c, _ in CONTENT_TYPES])
def test_wrong_content_type_is_refused(server, ctype, body):
    before = checks_run(server)
    reply = server.call("POST", "/v1/check", body, headers={"Content-Type": ctype})
    assert_refused(server, reply, 415, "bad_content_type", before=before)


@pytest.mark.parametrize("method,path", ENDPOINTS, ids=ENDPOINT_IDS)
@pytest.mark.parametrize("verb", ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "PROPFIND", "FOO"])
def test_methods_that_are_not_allowed(server, method, path, verb):
    if verb == method:
        pytest.skip("the endpoint's own method")
    before = checks_run(server)
    reply = server.call(verb, path, json.dumps(DRAFT).encode() if verb != "GET" else None)
    assert_refused(server, reply, 405, "method_not_allowed", before=before)
    assert method in reply.headers.get("allow", "")


@pytest.mark.parametrize("path", ["/", "/v1", "/v1/", "/v1/students", "/v1/roster", "/v1/check/", "/V1/CHECK",
                                  "/v1/../v1/health", "/v1//health", "/v1/health%00", "/%2e%2e/etc/passwd",
                                  "/v1/check?text=hi", "/static/x", "/v2/check"])
def test_unknown_paths(server, path):
    before = checks_run(server)
    reply = server.call("GET", path)
    if path == "/v1/check?text=hi":
        assert_refused(server, reply, 405, "method_not_allowed", before=before)  # GET never checks
    else:
        assert_refused(server, reply, (404, 405), before=before)


# -- bodies --------------------------------------------------------------------------------------
def _deep(n: int) -> bytes:
    return b'{"text": "hi", "context": ' + b'{"a": ' * n + b"1" + b"}" * n + b"}"


BAD_BODIES = [
    # (name, raw body, status, error)
    ("text one past the limit", json.dumps({"text": "a" * 20001}).encode(), 413, "text_too_long"),
    ("body one past the limit", b'{"text": "' + b"a" * (65536 - 12 + 1) + b'"}', 413, "body_too_large"),
    ("JSON 33 levels deep", b'{"text": "hi", "context": ' + b"[" * 32 + b"]" * 32 + b"}", 400, "bad_json"),
    ("JSON 30,000 levels deep", b"[" * 30000 + b"]" * 30000, 400, "bad_json"),
    ("JSON 9,000 objects deep", _deep(9000), 400, "bad_json"),
    ("4,000 keys", json.dumps({f"k{i}": i for i in range(4000)}).encode(), 400, "bad_request"),
    ("9,000 numbers", json.dumps(list(range(9000))).encode(), 400, "bad_request"),
    ("a 5,000-digit number", b'{"text": "hi", "n": ' + b"9" * 5000 + b"}", 400, "bad_json"),
    ("NaN as text", b'{"text": NaN}', 400, "bad_request"),
    ("Infinity in context", b'{"text": "hi", "context": {"has_media": Infinity}}', 400, "bad_context"),
    ("invalid UTF-8 byte", b'{"text": "hi \xff there"}', 400, "bad_encoding"),
    ("overlong UTF-8", b'{"text": "\xc0\xaf"}', 400, "bad_encoding"),
    ("UTF-8 encoded surrogate", b'{"text": "\xed\xa0\x80"}', 400, "bad_encoding"),
    ("truncated UTF-8 sequence", b'{"text": "\xe2\x82"}', 400, "bad_encoding"),
    ("Latin-1 text", '{"text": "café"}'.encode("latin-1"), 400, "bad_encoding"),
    ("UTF-16 body", '{"text": "hi"}'.encode("utf-16"), 400, "bad_encoding"),
    ("a byte-order mark", b'\xef\xbb\xbf{"text": "hi"}', 400, "bad_json"),
    ("lone surrogate escape", b'{"text": "hi \\ud800 there"}', 400, "bad_request"),
    ("empty body", b"", 400, "bad_json"),
    ("truncated JSON", b'{"text": "hi', 400, "bad_json"),
    ("two JSON documents", b'{"text": "a"}{"text": "b"}', 400, "bad_json"),
    ("JavaScript, not JSON", b"{text: 'hi'}", 400, "bad_json"),
]


@pytest.mark.parametrize("name,body,status,error", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_bodies_are_refused(server, name, body, status, error):
    before = checks_run(server)
    reply = server.call("POST", "/v1/check", body)
    assert_refused(server, reply, status, error, before=before)


def test_huge_declared_length_is_refused_without_reading_it(server):
    before = checks_run(server)
    req = (f"POST /v1/check HTTP/1.1\r\nHost: {server.host}\r\nX-Second-Look-Token: {server.token}\r\n"
           "Content-Type: application/json\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\n").encode()
    assert_refused(server, server.raw(req + b'{"text": "'), 413, before=before)


def test_oversized_chunked_body_is_refused(server):
    before = checks_run(server)
    head = (f"POST /v1/check HTTP/1.1\r\nHost: {server.host}\r\nX-Second-Look-Token: {server.token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
    chunk = b"a" * 60000
    body = b'{"text": "'
    body_chunks = b"%x\r\n%s\r\n" % (len(body), body) + (b"%x\r\n%s\r\n" % (len(chunk), chunk)) * 3 + b"0\r\n\r\n"
    assert_refused(server, server.raw(head + body_chunks), 413, before=before)


WRONG_TYPES = [
    {"text": None}, {"text": 1}, {"text": 1.5}, {"text": True}, {"text": []}, {"text": {}}, {"text": ["hi"]},
    {"context": {}}, {}, [], "hi", 1, None, True,
    {"text": "hi", "context": "facebook"}, {"text": "hi", "context": 1}, {"text": "hi", "context": []},
    {"text": "hi", "context": True},
    {"text": "hi", "rules": "mine"}, {"text": "hi", "roster": []}, {"text": "hi", "Text": "hi"},
    {"text": "hi", "context": {"district_time": True}},  # a companion fact, never the caller's
    {"text": "hi", "context": {"Platform": "facebook"}},
    *[{"text": "hi", "context": {field: value}}
      for field in ("platform", "surface", "account")
      for value in (1, True, None, "", "FACEBOOK", " facebook", "myspace", ["facebook"], {"x": 1})],
    *[{"text": "hi", "context": {field: value}}
      for field in ("has_media", "disclaimer_in_profile")
      for value in ("true", 1, 0, None, "yes", [], {})],
]


@pytest.mark.parametrize("body", WRONG_TYPES, ids=[json.dumps(b)[:60] for b in WRONG_TYPES])
def test_wrong_types_in_every_field(server, body):
    before = checks_run(server)
    reply = server.call("POST", "/v1/check", json.dumps(body).encode())
    assert_refused(server, reply, 400, ("bad_context" if isinstance(body, dict) and "context" in body
                                        and "text" in body and len(body) == 2 else "bad_request"), before=before)


# -- where it listens -----------------------------------------------------------------------------
def test_listens_on_loopback_only(server):
    import psutil

    conns = [c for c in psutil.Process(server.proc.pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
    assert conns, "the companion is not listening"
    assert {c.laddr.ip for c in conns} == {"127.0.0.1"}
    assert {c.laddr.port for c in conns} == {server.port}
