"""Every named limit (companion/settings.py) at its edge and one past it, on the real server.

| setting               | default | at the edge          | past it                              |
|-----------------------|---------|----------------------|--------------------------------------|
| max_body_bytes        | 65,536  | 200                  | 413 body_too_large (JSON)            |
| max_text_chars        | 20,000  | 200                  | 413 text_too_long                    |
| check_timeout_ms      | 3,000   | 200                  | 422 check_timeout, answered on time  |
| max_concurrent_checks | 4       | all 200              | 429 busy after waiting 1 s           |
| rate_limit_per_second | 50      | a burst of 2x passes | 429 rate_limited with Retry-After    |

Slow checks come from tests/security/serve_hooked.py (`slowpoke<ms>` in a draft sleeps that long
before the check runs), so that production code carries no test hook.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from live_server import BUNDLED_RULES, make_live, note

SENTENCE = "Proud of our robotics team at Tyee this weekend, they worked so hard for state! "


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """Two checks at once, two seconds each at most (the slow checks sleep from the hook)."""
    live = make_live(tmp_path_factory.mktemp("limited"), "--rules", BUNDLED_RULES, hooked=True,
                     env={"SECOND_LOOK_MAX_CONCURRENT_CHECKS": "2", "SECOND_LOOK_CHECK_TIMEOUT_MS": "2000",
                          "SECOND_LOOK_RATE_LIMIT_PER_SECOND": "10000"}).start()
    limits = live.health()["limits"]
    assert (limits["max_concurrent_checks"], limits["check_timeout_ms"]) == (2, 2000), "the settings did not apply"
    yield live
    live.stop()


@pytest.fixture(scope="module")
def throttled(tmp_path_factory):
    live = make_live(tmp_path_factory.mktemp("throttled"), "--rules", BUNDLED_RULES,
                     env={"SECOND_LOOK_RATE_LIMIT_PER_SECOND": "5"}).start()
    assert live.health()["limits"]["rate_limit_per_second"] == 5
    yield live
    live.stop()


def test_defaults_are_the_documented_ones(server):
    from companion.settings import DEFAULTS

    limits = server.health()["limits"]
    assert limits == {name: DEFAULTS[name] for name in limits}
    assert limits == {"max_body_bytes": 65536, "max_text_chars": 20000, "check_timeout_ms": 3000,
                      "max_concurrent_checks": 4, "rate_limit_per_second": 50}


# -- sizes -------------------------------------------------------------------------------------------
def _body_of(size: int) -> bytes:
    """A valid check request of exactly `size` bytes (JSON allows trailing spaces)."""
    body = json.dumps({"text": (SENTENCE * 200)[:15000]}).encode()
    assert len(body) <= size
    return body + b" " * (size - len(body))


@pytest.mark.parametrize("size,status", [(65536, 200), (65537, 413), (2 * 65536, 413), (2 * 65536 + 1, 413)])
def test_max_body_bytes(server, size, status):
    reply = server.call("POST", "/v1/check", _body_of(size))
    assert reply.status == status, reply.body[:200]
    if status == 413 and size <= 2 * 65536:
        assert reply.error == "body_too_large" and "max_body_bytes" in reply.json["reason"]


@pytest.mark.parametrize("chars,status", [(20000, 200), (20001, 413), (100000, 413)])
def test_max_text_chars(server, chars, status):
    text = (SENTENCE * 300)[:chars]
    reply = server.check(text)
    assert reply.status == status, reply.body[:200]
    if status == 413:
        assert reply.error == "text_too_long" and "max_text_chars" in reply.json["reason"]
    else:
        ends = [f["offset"] + f["length"] for f in reply.json["findings"] if f["offset"] is not None]
        assert all(e <= chars for e in ends)


def test_text_limit_counts_characters_not_bytes(server):
    # 20,000 two-byte letters (40,000 bytes of UTF-8) are within both limits.
    reply = server.call("POST", "/v1/check", json.dumps({"text": "é" * 20000}, ensure_ascii=False).encode())
    assert reply.status == 200


# -- time -----------------------------------------------------------------------------------------------
def test_check_within_the_time_limit_answers(limited):
    reply = limited.check("slowpoke1200 a check that takes 1.2 of its 2 seconds")
    assert reply.status == 200, reply.body


def test_check_past_the_time_limit_is_cut_off_on_time(limited):
    before = limited.health()["requests"]["checks_cut_off"]
    started = time.monotonic()
    reply = limited.check("slowpoke4000 a check that would take 4 seconds")
    waited = time.monotonic() - started
    assert reply.status == 422 and reply.error == "check_timeout"
    assert "check_timeout_ms" in reply.json["reason"]
    assert waited < 3.5, f"the caller waited {waited:.1f}s for a 2s limit"
    assert limited.health()["requests"]["checks_cut_off"] == before + 1
    _wait_idle(limited)


def _wait_idle(live, seconds: float = 8) -> None:
    """Wait until no check is running (a cut-off check runs on until it ends)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if live.health()["requests"]["checks_running"] == 0:
            assert live.check("are you free?", retry_busy=False).status == 200
            return
        time.sleep(0.1)
    raise AssertionError("the companion stayed busy")


def _together(live, texts: list[str]) -> list[tuple[int, str | None, float]]:
    def one(text):
        started = time.monotonic()
        r = live.check(text, retry_busy=False)
        return r.status, r.error, time.monotonic() - started

    with ThreadPoolExecutor(len(texts)) as pool:
        return list(pool.map(one, texts))


def test_max_concurrent_checks_at_the_edge(limited):
    _wait_idle(limited)
    results = _together(limited, ["slowpoke1000 first", "slowpoke1000 second"])
    assert [s for s, _, _ in results] == [200, 200]


def test_max_concurrent_checks_past_the_edge(limited):
    _wait_idle(limited)
    results = _together(limited, ["slowpoke1800 first", "slowpoke1800 second", "slowpoke1800 third"])
    statuses = sorted(s for s, _, _ in results)
    assert statuses == [200, 200, 429], results
    busy = next(r for r in results if r[0] == 429)
    assert busy[1] == "busy"
    _wait_idle(limited)


def test_slow_checks_do_not_pile_up(limited):
    """Twelve checks that would each take 4 s, at once: two run and are cut off at 2 s; two
    wait a second for a slot and are told 'busy'; the other eight are told 'busy' at once.
    Nobody waits longer than the time limit, and then the companion answers normally."""
    import psutil

    _wait_idle(limited)
    threads_before = psutil.Process(limited.proc.pid).num_threads()
    results = _together(limited, [f"slowpoke4000 number {i}" for i in range(12)])
    errors = sorted(e for _, e, _ in results)
    assert errors == ["busy"] * 10 + ["check_timeout"] * 2, results
    assert max(t for _, _, t in results) < 3.5
    assert sum(1 for _, e, t in results if e == "busy" and t < 0.5) >= 6  # refused at once, not queued
    assert psutil.Process(limited.proc.pid).num_threads() <= threads_before + 2
    _wait_idle(limited)
    assert limited.health()["requests"]["errors"] == 0
    note("limits", pile_up_requests=12, pile_up_max_wait_s=round(max(t for _, _, t in results), 2))


# -- rate --------------------------------------------------------------------------------------------------
def test_rate_limit_at_and_past_the_edge(throttled):
    time.sleep(0.6)  # the bucket (2 x 5 requests) refills what the start-up health checks used
    statuses = [throttled.call("GET", "/v1/health", retry_busy=False).status for _ in range(10)]
    assert statuses == [200] * 10
    past = throttled.call("GET", "/v1/health", retry_busy=False)
    assert past.status == 429 and past.error == "rate_limited"
    assert past.headers["retry-after"] == "1" and "rate_limit_per_second" in past.json["reason"]
    time.sleep(0.3)  # 5 a second: a new request is allowed after 0.2 s
    assert throttled.call("GET", "/v1/health", retry_busy=False).status == 200


def test_web_pages_cannot_use_up_the_extensions_allowance(throttled):
    time.sleep(2.1)  # a full bucket again
    refused = [throttled.call("GET", "/v1/health", headers={"Origin": "https://evil.example"}, retry_busy=False).status
               for _ in range(200)]
    refused += [throttled.call("GET", "/v1/health", token=False, retry_busy=False).status for _ in range(100)]
    assert set(refused) == {401, 403}
    statuses = [throttled.call("GET", "/v1/health", retry_busy=False).status for _ in range(10)]
    assert statuses == [200] * 10


def test_typing_never_meets_the_default_rate_limit(server):
    """Ten seconds of typing at three checks a second, sent all at once: none refused."""
    time.sleep(1.0)  # at least 50 of the bucket's 100 are back, whatever ran before
    drafts = [(SENTENCE * 2)[: 20 + 7 * i] for i in range(30)]
    statuses = [server.check(d, retry_busy=False).status for d in drafts]
    assert statuses == [200] * 30
