"""schemathesis against the companion's own `GET /v1/openapi.json`, on the real server.

Requests are generated from the document (valid ones and deliberately invalid ones) with a
bounded number of examples; every answer must match the document (status, content type,
schema), no answer is a 5xx, and invalid data is refused.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from companion.server.openapi import openapi_document
from live_server import note

MAX_EXAMPLES = 40
CASES = {"n": 0, "server_errors": 0}


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    note("schemathesis", cases=CASES["n"], server_errors=CASES["server_errors"])


# The document as the server builds it (the port only changes `servers`); each case is sent to
# the live server through `base_url`, and a test below checks the served document is this one.
# 413 is the right refusal for a text past maxLength (schemathesis's default list lacks it).
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
    "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]}}})
schema = schemathesis.openapi.from_dict(openapi_document(0), config=CONFIG)


def test_the_served_document_is_the_one_fuzzed(relaxed):
    served = relaxed.call("GET", "/v1/openapi.json").json
    assert {k: v for k, v in served.items() if k != "servers"} == \
        {k: v for k, v in openapi_document(0).items() if k != "servers"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_document(case, relaxed):
    CASES["n"] += 1
    response = case.call_and_validate(base_url=f"http://{relaxed.host}",
                                      headers={"X-Second-Look-Token": relaxed.token}, timeout=30)
    if response.status_code >= 500:
        CASES["server_errors"] += 1
