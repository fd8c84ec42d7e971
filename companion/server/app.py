"""The HTTP API, a thin Flask factory over `Service` (see docs/api.md for the contract).

Every request passes the guards (Host, Origin, token, content type, size) before any work;
every refusal is a 4xx with a JSON reason; no response or log line ever quotes the draft.
"""

from __future__ import annotations

import json
import logging
import time

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from companion.server import guards
from companion.server.openapi import openapi_document
from companion.service import Refusal, Service

log = logging.getLogger("companion.http")

MAX_JSON_DEPTH = 32
# Logged as they are; anything else is logged as "OTHER" or "-", so a web page cannot write its
# own words (or a newline) into the staff member's log through the method or the path.
_LOGGED_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"}


def _json(status: int, payload: dict) -> Response:
    return Response(json.dumps(payload, ensure_ascii=False), status=status, mimetype="application/json",
                    headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _refuse(status: int, error: str, reason: str) -> Response:
    return _json(status, {"error": error, "reason": reason})


def _depth(value, limit: int) -> int:
    stack = [(value, 1)]
    deepest = 0
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(v, dict):
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, d + 1) for x in v)
    return deepest


def create_app(service: Service, *, token: str, port: int) -> Flask:
    app = Flask("companion")
    app.config.update(MAX_CONTENT_LENGTH=service.settings.max_body_bytes, JSON_SORT_KEYS=False)
    app.url_map.merge_slashes = False  # `/v1//health` is a 404, not an HTML redirect

    @app.before_request
    def guard():
        g.started = time.perf_counter()
        # Each header is checked as a whole: a request carrying two Hosts, Origins or tokens
        # is refused rather than judged by whichever one a library happens to pick.
        if not guards.host_allowed(_single(request.headers.getlist("Host")), port):
            return _refuse(421, "bad_host", "this server answers only to 127.0.0.1 and localhost on its own port")
        origins = request.headers.getlist("Origin")
        if len(origins) > 1 or not guards.origin_allowed(origins[0] if origins else None):
            return _refuse(403, "bad_origin", "requests from web pages are not accepted")
        if not guards.token_ok(_single(request.headers.getlist(guards.TOKEN_HEADER)), token):
            return _refuse(401, "bad_token", f"missing or wrong {guards.TOKEN_HEADER}; "
                           "run `second-look token` and paste it into the extension's options")
        # A body is judged only where one is accepted: a wrong method or path gets its 405/404.
        if request.method == "POST" and request.routing_exception is None:
            if not guards.json_content_type(request.headers.get("Content-Type")):
                return _refuse(415, "bad_content_type", "Content-Type must be application/json")
            length = request.content_length
            if length is None and request.headers.get("Transfer-Encoding"):
                return _refuse(411, "length_required", "send a Content-Length")
            if length is not None and length > service.settings.max_body_bytes:
                return _refuse(413, "body_too_large", f"the body has {length:,} bytes; the most is "
                               f"{service.settings.max_body_bytes:,} (setting max_body_bytes)")
        # The rate limit counts only requests that passed every guard above: a web page's
        # refused requests cost nothing and cannot use up the extension's allowance.
        if not service.limiter.allow():
            response = _refuse(429, "rate_limited", f"more than {service.settings.rate_limit_per_second} requests "
                               "a second (setting rate_limit_per_second); try again in a second")
            response.headers["Retry-After"] = "1"
            return response
        return None

    @app.after_request
    def log_request(response: Response) -> Response:
        # Metadata only: method, path, status, sizes, time. Never the body.
        elapsed = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        method = request.method if request.method in _LOGGED_METHODS else "OTHER"
        path = request.url_rule.rule if request.url_rule is not None else "-"
        log.info("%s %s %d in=%s out=%s %.1fms", method, path, response.status_code,
                 request.content_length or 0, response.calculate_content_length() or 0, elapsed)
        counts = getattr(service, "counts", None)
        if counts is not None:
            counts.add(response.status_code)
        return response

    @app.post("/v1/check", provide_automatic_options=False)
    def check():
        raw = request.get_data(cache=False)
        try:
            body = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            return _refuse(400, "bad_encoding", "the body is not valid UTF-8")
        except (ValueError, RecursionError):
            return _refuse(400, "bad_json", "the body is not valid JSON")
        if _depth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
            return _refuse(400, "bad_json", f"the JSON is nested deeper than {MAX_JSON_DEPTH} levels")
        try:
            text, context = service.parse_request(body)
            result = service.check(text, context)
        except Refusal as r:
            response = _json(r.status, r.to_dict())
            if r.status == 429:
                response.headers["Retry-After"] = "1"
            return response
        return _json(200, result.to_dict())

    @app.get("/v1/health", provide_automatic_options=False)
    def health():
        return _json(200, service.health())

    @app.get("/v1/rules", provide_automatic_options=False)
    def rules():
        return _json(200, service.rules_summary())

    @app.get("/v1/openapi.json", provide_automatic_options=False)
    def openapi():
        return _json(200, openapi_document(port))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        names = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 400: "bad_request"}
        reasons = {404: "no such endpoint; see /v1/openapi.json", 405: "this method is not allowed here",
                   413: "the body is too large", 400: "bad request"}
        code = exc.code or 400
        response = _refuse(code, names.get(code, "error"), reasons.get(code, exc.name))
        if code == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            response.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return response

    @app.errorhandler(Exception)
    def internal_error(exc: Exception):
        # The exception's message may quote the draft, so only its type and place are logged.
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
        log.error("internal error %s at %s", type(exc).__name__, where)
        return _refuse(500, "internal_error", "the companion hit an internal error; the draft was not stored")

    return app


def _single(values: list[str]) -> str | None:
    return values[0] if len(values) == 1 else None
