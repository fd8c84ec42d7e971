"""The API contract the extension relies on, against the real server on loopback.

(The attack, fuzz and load suites are in tests/security and tests/reliability.)"""

from __future__ import annotations

import pytest

from tests.clear_cases import CLEAR_CASES

FINDING_KEYS = {"rule_id", "severity", "title", "message", "offset", "length", "suggestions", "policy", "confidence"}


def test_check_answers_in_the_documented_shape(companion):
    body = companion.check("😀 Congratulations to my student Imani Wells!", platform="twitter")
    assert set(body) == {"verdict", "score", "findings", "rules_version", "elapsed_ms"}
    assert body["verdict"] == "stop" and 60 <= body["score"] <= 100
    for f in body["findings"]:
        assert set(f) == FINDING_KEYS
        assert f["severity"] in ("info", "warning", "stop")
        assert set(f["policy"]) == {"section", "quote"} and f["policy"]["section"]
        assert 0 <= f["confidence"] <= 1
    name = next(f for f in body["findings"] if f["rule_id"] == "student-name")
    assert (name["offset"], name["length"]) == (len("😀 Congratulations to my student ") + 1, 11)


@pytest.mark.parametrize("rule_id,text,context,marked", CLEAR_CASES, ids=[c[0] for c in CLEAR_CASES])
def test_every_rule_answers_through_the_api(companion, rule_id, text, context, marked):
    body = companion.check(text, **context)
    assert rule_id in {f["rule_id"] for f in body["findings"]}


def test_context_defaults_apply_when_fields_are_omitted(companion):
    status, body, _ = companion.request("POST", "/v1/check", {"text": "My students crushed it today!"})
    assert status == 200
    assert "missing-disclaimer" in {f["rule_id"] for f in body["findings"]}  # personal post by default


def test_clean_draft_is_ok(companion):
    body = companion.check("Pancake breakfast at the fire station this Saturday, all welcome", platform="facebook")
    assert body["verdict"] == "ok" and body["findings"] == [] and body["score"] == 0


REFUSALS = [
    # (why, method, path, body, raw body, headers, expected status, expected error)
    ("unknown context value", "POST", "/v1/check", {"text": "hi", "context": {"platform": "myspace"}}, None, {}, 400, "bad_context"),
    ("unknown context field", "POST", "/v1/check", {"text": "hi", "context": {"audience": "all"}}, None, {}, 400, "bad_context"),
    ("context flag not a boolean", "POST", "/v1/check", {"text": "hi", "context": {"has_media": "yes"}}, None, {}, 400, "bad_context"),
    ("text not a string", "POST", "/v1/check", {"text": 42}, None, {}, 400, "bad_request"),
    ("text missing", "POST", "/v1/check", {"context": {}}, None, {}, 400, "bad_request"),
    ("body not an object", "POST", "/v1/check", ["hi"], None, {}, 400, "bad_request"),
    ("not JSON", "POST", "/v1/check", None, b"{text: hi", {"Content-Type": "application/json"}, 400, "bad_json"),
    ("invalid UTF-8", "POST", "/v1/check", None, b'{"text": "\xff\xfe"}', {"Content-Type": "application/json"}, 400, "bad_encoding"),
    ("text too long", "POST", "/v1/check", {"text": "a" * 20001}, None, {}, 413, "text_too_long"),
    ("body too large", "POST", "/v1/check", None, b'{"text": "' + b"a" * 70000 + b'"}', {"Content-Type": "application/json"}, 413, "body_too_large"),
    ("text/plain", "POST", "/v1/check", None, b'{"text": "hi"}', {"Content-Type": "text/plain"}, 415, "bad_content_type"),
    ("form post", "POST", "/v1/check", None, b"text=hi", {"Content-Type": "application/x-www-form-urlencoded"}, 415, "bad_content_type"),
    ("no token", "GET", "/v1/health", None, None, {"X-Second-Look-Token": None}, 401, "bad_token"),
    ("wrong token", "POST", "/v1/check", {"text": "hi"}, None, {"X-Second-Look-Token": "guess"}, 401, "bad_token"),
    ("web origin", "POST", "/v1/check", {"text": "hi"}, None, {"Origin": "https://evil.example"}, 403, "bad_origin"),
    ("null origin", "GET", "/v1/rules", None, None, {"Origin": "null"}, 403, "bad_origin"),
    ("forged host", "GET", "/v1/health", None, None, {"Host": "attacker.example"}, 421, "bad_host"),
    ("method not allowed", "PUT", "/v1/check", None, b"{}", {"Content-Type": "application/json"}, 405, "method_not_allowed"),
    ("GET on check", "GET", "/v1/check", None, None, {}, 405, "method_not_allowed"),
    ("unknown path", "GET", "/v1/students", None, None, {}, 404, "not_found"),
]


@pytest.mark.parametrize("why,method,path,body,raw,headers,status,error", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_refusal_is_the_right_4xx_with_a_reason(companion, why, method, path, body, raw, headers, status, error):
    got, payload, _ = companion.request(method, path, body=body, raw=raw, headers=headers)
    assert got == status, payload
    assert payload["error"] == error and payload["reason"]


def test_extension_origin_is_accepted(companion):
    for origin in ("chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://0d5f7a62-1f6f-4c39-9d2e-2a1c2d9e8c11"):
        status, _, _ = companion.request("GET", "/v1/health", headers={"Origin": origin})
        assert status == 200


def test_health_reports_rules_model_and_no_roster(companion):
    status, body, _ = companion.request("GET", "/v1/health")
    assert status == 200
    assert body["status"] == "ok" and body["reasons"] == []
    assert body["rules_version"].startswith("2026.") and body["rules_error"] is None
    assert "core_web_sm" in body["model"] and body["roster"] is None


def test_rules_lists_every_rule_with_its_citation(companion):
    status, body, _ = companion.request("GET", "/v1/rules")
    assert status == 200
    ids = [r["id"] for r in body["rules"]]
    assert len(ids) == len(set(ids)) == 12
    for r in body["rules"]:
        assert r["title"] and r["severity"] in ("info", "warning", "stop")
        assert r["policy"]["section"] and r["policy"]["quote"]


def test_openapi_document_describes_every_route(companion):
    from companion.server.app import create_app

    status, doc, _ = companion.request("GET", "/v1/openapi.json")
    assert status == 200 and doc["openapi"].startswith("3.")

    class _Stub:
        settings = type("S", (), {"max_body_bytes": 1})()

    app = create_app(_Stub(), token="t", port=1)  # type: ignore[arg-type]
    routes = {(r.rule, m.lower()) for r in app.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}
              if r.endpoint != "static"}
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    assert routes == documented


def test_no_cors_headers_are_ever_sent(companion):
    for headers in ({"Origin": "https://evil.example"}, {}, {"Origin": "chrome-extension://abcdefghijklmnopabcdefghijklmnop"}):
        _, _, rheaders = companion.request("GET", "/v1/health", headers=headers)
        assert not any(k.lower().startswith("access-control-") for k in rheaders)
