"""Hypothesis properties of `POST /v1/check` on the real server:

- any body gets a 2xx or a 4xx, never a 5xx, and never hangs (each request has a timeout);
- every finding's offset and length fall inside the draft, counted in UTF-16 code units;
- the verdict and score agree with the findings;
- the answer for a draft does not depend on which drafts came before it (the segment cache).
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.context import FIELDS
from live_server import ROOT, note

SEVERITY_RANK = {"info": 0, "warning": 1, "stop": 2}
RUNS = {"requests": 0, "server_errors": 0}

# Pieces of real drafts, so that generated text reaches the detectors and produces findings.
CASES = [json.loads(line)["text"] for line in (ROOT / "tests" / "data" / "cases.jsonl").read_text("utf-8").splitlines()
         if line.strip()]
WORDS = sorted({w for c in CASES for w in c.split()})

pieces = st.one_of(st.sampled_from(CASES), st.sampled_from(WORDS), st.text(max_size=30),
                   st.sampled_from(["\n", "  ", "\t", "👩🏽‍🏫", "🇺🇸", "é", "\u200d", "\ufeff", "\r\n", "!!!", "@", "#"]))
drafts = st.lists(pieces, max_size=12).map(" ".join)
valid_context = st.fixed_dictionaries({}, optional={
    name: (st.booleans() if allowed is bool else st.sampled_from(list(allowed))) for name, allowed in FIELDS.items()})
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
any_context = st.one_of(valid_context, json_values,
                        st.dictionaries(st.sampled_from(list(FIELDS) + ["district_time", "x"]), json_values, max_size=4))
bodies = st.one_of(
    st.builds(lambda t, c: {"text": t, "context": c}, drafts, valid_context),
    st.builds(lambda t, c: {"text": t, "context": c}, drafts, any_context),
    st.dictionaries(st.sampled_from(["text", "context", "extra"]), json_values, max_size=3),
    json_values,
)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check_answer(text: str, answer: dict) -> None:
    size = utf16_len(text)
    for f in answer["findings"]:
        if f["offset"] is None:
            assert f["length"] is None
            continue
        assert 0 <= f["offset"] and 0 < f["length"] and f["offset"] + f["length"] <= size, (f, size)
    worst = max((SEVERITY_RANK[f["severity"]] for f in answer["findings"]), default=-1)
    assert answer["verdict"] == {2: "stop", 1: "review"}.get(worst, "ok")
    assert 0 <= answer["score"] <= 100
    if not answer["findings"]:
        assert answer["score"] == 0


def send(relaxed, body) -> tuple[int, dict | None]:
    raw = json.dumps(body, ensure_ascii=bool(random.getrandbits(1))).encode("utf-8", "surrogatepass")
    reply = relaxed.call("POST", "/v1/check", raw, timeout=15)
    RUNS["requests"] += 1
    RUNS["server_errors"] += reply.status >= 500
    return reply.status, reply.json


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=bodies)
def test_any_body_gets_a_2xx_or_a_4xx(relaxed, body):
    status, answer = send(relaxed, body)
    assert status < 500, (status, answer)
    assert status in (200, 400, 413), (status, answer)
    if status == 200:
        check_answer(body["text"], answer)
    else:
        assert answer["error"] and answer["reason"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=drafts, context=valid_context)
def test_valid_requests_are_answered_with_offsets_inside_the_text(relaxed, text, context):
    status, answer = send(relaxed, {"text": text, "context": context})
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        assert status == 400
        return
    assert status == 200, answer
    check_answer(text, answer)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(drafts.filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t)), min_size=2, max_size=6),
       context=valid_context)
def test_answers_do_not_depend_on_request_order(relaxed, texts, context):
    def answers(order):
        out = {}
        for i in order:
            status, answer = send(relaxed, {"text": texts[i], "context": context})
            assert status == 200
            answer.pop("elapsed_ms")
            out[i] = answer
        return out

    forward = answers(range(len(texts)))
    backward = answers(reversed(range(len(texts))))
    assert forward == backward
    # Joined into one draft, each part's sentences come from the cache beside new neighbours.
    joined = "\n".join(texts)
    first = answers_for(relaxed, joined, context)
    assert first == answers_for(relaxed, joined, context)


def answers_for(relaxed, text, context):
    status, answer = send(relaxed, {"text": text, "context": context})
    assert status in (200, 413)
    answer.pop("elapsed_ms", None)
    return answer


def test_report_fuzz_figures():
    note("fuzz", **RUNS)
    assert RUNS["server_errors"] == 0
