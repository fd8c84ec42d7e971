"""The OpenAPI 3.1 description of the API, served at `GET /v1/openapi.json`.

Kept true by tests: every route the app serves is described here, and schemathesis sends
generated requests built from this document to the real app.
"""

from __future__ import annotations

from companion import __version__
from companion.context import FIELDS as CONTEXT_FIELDS
from companion.engine.result import SEVERITIES

_ERROR = {"type": "object", "required": ["error", "reason"],
          "properties": {"error": {"type": "string"}, "reason": {"type": "string"}}}


def _context_schema() -> dict:
    props = {}
    for name, allowed in CONTEXT_FIELDS.items():
        props[name] = {"type": "boolean"} if allowed is bool else {"type": "string", "enum": list(allowed)}
    return {"type": "object", "additionalProperties": False, "properties": props}


def openapi_document(port: int) -> dict:
    refusals = {str(code): {"description": why, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                for code, why in [(400, "malformed request or unknown context value"), (401, "missing or wrong token"),
                                  (403, "request from a web origin"), (413, "body or text too large"),
                                  (415, "not application/json"), (421, "wrong Host"), (422, "check timed out"),
                                  (429, "busy or rate limited")]}
    get_refusals = {k: v for k, v in refusals.items() if k in ("401", "403", "421", "429")}
    finding = {
        "type": "object",
        "required": ["rule_id", "severity", "title", "message", "offset", "length", "suggestions", "policy", "confidence"],
        "properties": {
            "rule_id": {"type": "string"}, "severity": {"type": "string", "enum": list(SEVERITIES)},
            "title": {"type": "string"}, "message": {"type": "string"},
            "offset": {"type": ["integer", "null"], "minimum": 0, "description": "UTF-16 code units"},
            "length": {"type": ["integer", "null"], "minimum": 0, "description": "UTF-16 code units"},
            "suggestions": {"type": "array", "items": {"type": "string"}},
            "policy": {"type": "object", "required": ["section", "quote"],
                       "properties": {"section": {"type": "string"}, "quote": {"type": "string"}}},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Second Look companion", "version": __version__,
                 "description": "Scores social-media drafts against Highline's guideline 4309P, on 127.0.0.1 only."},
        "servers": [{"url": f"http://127.0.0.1:{port}"}],
        "security": [{"token": []}],
        "components": {
            "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Second-Look-Token"}},
            "schemas": {
                "Error": _ERROR,
                "Context": _context_schema(),
                "CheckRequest": {"type": "object", "required": ["text"], "additionalProperties": False,
                                 "properties": {"text": {"type": "string", "maxLength": 20000},
                                                "context": {"anyOf": [{"$ref": "#/components/schemas/Context"}, {"type": "null"}],
                                                            "description": "omitted or null: every field takes its default"}}},
                "Finding": finding,
                "CheckResult": {"type": "object", "required": ["verdict", "score", "findings", "rules_version", "elapsed_ms"],
                                "properties": {"verdict": {"type": "string", "enum": ["ok", "review", "stop"]},
                                               "score": {"type": "integer", "minimum": 0, "maximum": 100},
                                               "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                                               "rules_version": {"type": "string"}, "elapsed_ms": {"type": "number"}}},
                "Health": {"type": "object", "required": ["status", "version", "rules_version", "model"],
                           "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]},
                                          "reasons": {"type": "array", "items": {"type": "string"}},
                                          "version": {"type": "string"}, "rules_version": {"type": ["string", "null"]},
                                          "rules_source": {"type": ["string", "null"]},
                                          "rules_error": {"type": ["array", "null"]}, "model": {"type": "string"},
                                          "roster": {"type": ["object", "null"]}, "uptime_s": {"type": "number"}}},
                "Rules": {"type": "object", "required": ["rules_version", "rules"],
                          "properties": {"rules_version": {"type": "string"},
                                         "rules": {"type": "array", "items": {"type": "object", "required": ["id", "title", "severity", "policy"]}}}},
            },
        },
        "paths": {
            "/v1/check": {"post": {
                "summary": "Check a draft", "operationId": "check",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckRequest"}}}},
                "responses": {"200": {"description": "the findings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CheckResult"}}}},
                              **refusals}}},
            "/v1/health": {"get": {"summary": "Status of the companion", "operationId": "health",
                                   "responses": {"200": {"description": "status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}}, **get_refusals}}},
            "/v1/rules": {"get": {"summary": "The rules in use", "operationId": "rules",
                                  "responses": {"200": {"description": "rules", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Rules"}}}}, **get_refusals}}},
            "/v1/openapi.json": {"get": {"summary": "This document", "operationId": "openapi",
                                         "responses": {"200": {"description": "OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}, **get_refusals}}},
        },
    }
