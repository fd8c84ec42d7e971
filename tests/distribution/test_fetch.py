"""Rules from Communications to every laptop, against a real HTTP server on loopback.

The fetcher runs its real code (urllib, conditional requests, the full `validate()` with the
language model); only the schedule is driven by the test, one `check_now()` at a time."""

from __future__ import annotations

import os
import random
import re
import subprocess
import time

import pytest

from companion.rules import RulesError
from companion.rules.check import validate
from companion.rules.remote import RulesFetcher, kind_of, signature_location
from companion.settings import Paths, Settings
from tests.conftest import BUNDLED_RULES, ROOT
from tests.distribution.signing import Key

# The committed rules (the working copy may be mid-edit by the rules' owner).
GOOD = subprocess.run(["git", "show", "HEAD:policy_rules.yaml"], cwd=BUNDLED_RULES.parent,
                      capture_output=True, check=True).stdout


def version(data: bytes, v: str) -> bytes:
    """The bundled rules under another version: a real, valid new edition from Communications."""
    out, n = re.subn(rb'(?m)^version: .*$', f'version: "{v}"'.encode(), data, count=1)
    assert n == 1
    return out


NEW = version(GOOD, "2027.1.1")
BROKEN = NEW.replace(b"severity: stop", b"severity: urgent", 1)  # a schema error with its line
HALF = NEW[: len(NEW) // 3]  # a file cut off while uploading


_VALIDATED: dict = {}


@pytest.fixture
def make_fetcher(tmp_path, model):
    calls = []

    def accept(text: str, name: str) -> str:
        calls.append(name)
        # The real full check, once per distinct file in this run (it takes a second or two).
        if text not in _VALIDATED:
            try:
                _VALIDATED[text] = validate(text, name, model)[0].rules_version
            except RulesError as exc:
                _VALIDATED[text] = exc
        if isinstance(_VALIDATED[text], RulesError):
            raise _VALIDATED[text]
        return _VALIDATED[text]

    def make(source: str, **settings) -> RulesFetcher:
        paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs", tmp_path / "cache")
        fetcher = RulesFetcher(Settings(rules=source, **settings), paths, accept)
        seed = tmp_path / "bundled.yaml"
        seed.write_bytes(GOOD)
        fetcher.prepare(seed)
        fetcher.accept_calls = calls  # type: ignore[attr-defined]
        return fetcher

    return make


def test_a_new_laptop_serves_the_bundled_rules_until_the_first_fetch(make_fetcher, rules_server):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    assert fetcher.cache_path.read_bytes() == GOOD
    assert fetcher.status.from_bundled and fetcher.first_delay() == 0.0
    assert fetcher.check_now() == "changed"
    assert fetcher.cache_path.read_bytes() == NEW
    assert fetcher.status.version.startswith("2027.1.1+")
    assert not fetcher.status.from_bundled


def test_an_unchanged_file_costs_one_304_and_nothing_else(make_fetcher, rules_server):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    stamp = fetcher.cache_path.stat().st_mtime_ns
    checks = len(fetcher.accept_calls)
    time.sleep(0.01)
    assert fetcher.check_now() == "unchanged"
    path, headers, status = rules_server.requests[-1]
    assert status == 304
    assert headers.get("If-None-Match") and headers.get("If-Modified-Since")
    assert len(fetcher.accept_calls) == checks, "a 304 must not run the rules check again"
    assert fetcher.cache_path.stat().st_mtime_ns == stamp, "a 304 must not rewrite the cached copy"


def test_a_change_is_picked_up(make_fetcher, rules_server):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    newer = version(GOOD, "2027.2.0")
    rules_server.put("/rules.yaml", newer)
    assert fetcher.check_now() == "changed"
    assert fetcher.cache_path.read_bytes() == newer
    assert fetcher.status.version.startswith("2027.2.0+")


@pytest.mark.parametrize("bad, reason", [
    (BROKEN, "fail `rules check`"),
    (HALF, "fail `rules check`"),
    (b"\xff\xfe not utf-8", "not UTF-8"),
], ids=["schema error", "half a file", "not text"])
def test_a_broken_file_is_refused_and_the_cached_copy_keeps_serving(make_fetcher, rules_server, bad, reason):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    rules_server.put("/rules.yaml", bad)
    assert fetcher.check_now() == "refused"
    assert fetcher.cache_path.read_bytes() == NEW
    assert reason in fetcher.status.last_error
    assert fetcher.problem() and "cached rules are in use" in fetcher.problem()
    if bad is BROKEN:
        assert any(":" in p and "severity" in p for p in fetcher.status.problems), fetcher.status.problems
    # Asked again, the same bad file stays refused without running the check again.
    checks = len(fetcher.accept_calls)
    assert fetcher.check_now() == "refused"
    assert len(fetcher.accept_calls) == checks
    # Fixed on the server: accepted at the next check.
    rules_server.put("/rules.yaml", version(GOOD, "2027.3.0"))
    assert fetcher.check_now() == "changed"
    assert fetcher.status.last_error is None and fetcher.problem() is None


def test_server_down_keeps_the_cached_copy(make_fetcher, rules_server):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    rules_server.stop()
    assert fetcher.check_now() == "offline"
    assert "cannot reach 127.0.0.1" in fetcher.status.last_error
    assert fetcher.cache_path.read_bytes() == NEW
    assert fetcher.problem() is None, "being offline is normal for a laptop, not a fault"


@pytest.mark.parametrize("status, result", [(500, "offline"), (503, "offline"), (404, "refused"), (403, "refused")])
def test_server_errors(make_fetcher, rules_server, status, result):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    rules_server.status_override = status
    assert fetcher.check_now() == result
    assert str(status) in fetcher.status.last_error
    assert fetcher.cache_path.read_bytes() == NEW


def test_a_stalled_server_times_out(make_fetcher, rules_server):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"), rules_timeout_seconds=1)
    rules_server.stall_seconds = 3
    started = time.monotonic()
    assert fetcher.check_now() == "offline"
    assert time.monotonic() - started < 2.5
    assert "rules_timeout_seconds" in fetcher.status.last_error


def test_a_server_without_validators_sends_the_file_again_but_nothing_changes(make_fetcher, rules_server):
    rules_server.use_validators = False
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    checks = len(fetcher.accept_calls)
    assert fetcher.check_now() == "unchanged"
    assert len(fetcher.accept_calls) == checks


def test_a_huge_file_is_refused(make_fetcher, rules_server):
    rules_server.put("/rules.yaml", b"#" * (3 * 1024 * 1024))
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    assert fetcher.check_now() == "refused"
    assert "larger than" in fetcher.status.last_error


# -- pins and signatures ------------------------------------------------------------------------
def test_a_pinned_sha256_accepts_that_file_only(make_fetcher, rules_server):
    import hashlib
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"), rules_sha256=hashlib.sha256(NEW).hexdigest())
    assert fetcher.check_now() == "changed"
    rules_server.put("/rules.yaml", version(GOOD, "2027.6.6"))
    assert fetcher.check_now() == "refused"
    assert "not the pinned" in fetcher.status.last_error
    assert fetcher.cache_path.read_bytes() == NEW


def test_a_signed_file_is_accepted(make_fetcher, rules_server):
    key = Key()
    rules_server.put("/rules.yaml", NEW)
    rules_server.put("/rules.yaml.minisig", key.sign(NEW))
    fetcher = make_fetcher(rules_server.url("/rules.yaml"), rules_public_key=key.public)
    assert fetcher.check_now() == "changed"
    assert fetcher.cache_path.read_bytes() == NEW


@pytest.mark.parametrize("case", ["other key", "file changed after signing", "no signature", "damaged signature",
                                  "comment swapped"])
def test_a_wrong_signature_is_refused(make_fetcher, rules_server, case):
    key, other = Key(), Key()
    evil = version(GOOD, "6.6.6")
    rules_server.put("/rules.yaml", evil)
    if case == "other key":
        rules_server.put("/rules.yaml.minisig", other.sign(evil))
    elif case == "file changed after signing":
        rules_server.put("/rules.yaml.minisig", key.sign(NEW))
    elif case == "damaged signature":
        rules_server.put("/rules.yaml.minisig", b"untrusted comment: x\nnot base64!!\ntrusted comment: x\nAAAA\n")
    elif case == "comment swapped":
        lines = key.sign(evil).decode().split("\n")
        lines[2] = "trusted comment: something else"
        rules_server.put("/rules.yaml.minisig", "\n".join(lines).encode())
    fetcher = make_fetcher(rules_server.url("/rules.yaml"), rules_public_key=key.public)
    assert fetcher.check_now() == "refused"
    assert "signature" in fetcher.status.last_error
    assert fetcher.cache_path.read_bytes() == GOOD, "the bundled rules keep serving"
    assert fetcher.accept_calls == [], "an unsigned file is not even parsed"


def test_a_new_pin_asks_for_the_file_in_full(make_fetcher, rules_server):
    """After IT adds a key, a 304 for the old copy must not count as verified."""
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    key = Key()
    settings = Settings(rules=fetcher.source, rules_public_key=key.public)
    pinned = RulesFetcher(settings, Paths(*(fetcher.cache_path.parent.parent / n for n in ("config", "data", "logs", "cache"))),
                          fetcher.accept)
    pinned.prepare(fetcher.cache_path)
    assert pinned.check_now() == "refused"  # no signature on the server yet
    assert "If-None-Match" not in rules_server.requests[-2][1]


# -- network shares -----------------------------------------------------------------------------
def test_a_share_path_is_copied_when_it_changes(make_fetcher, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    (share / "policy_rules.yaml").write_bytes(NEW)
    source = "/" + str(share / "policy_rules.yaml")  # '//...' is how a share path starts
    assert kind_of(source) == "share"
    fetcher = make_fetcher(source)
    assert fetcher.check_now() == "changed"
    assert fetcher.cache_path.read_bytes() == NEW
    fetches = fetcher.fetches
    assert fetcher.check_now() == "unchanged"
    assert fetcher.fetches == fetches, "an unchanged share file (same size and time) is not read"
    (share / "policy_rules.yaml").write_bytes(BROKEN)
    assert fetcher.check_now() == "refused"
    os.remove(share / "policy_rules.yaml")
    assert fetcher.check_now() == "offline"
    assert "is the share connected" in fetcher.status.last_error
    assert fetcher.cache_path.read_bytes() == NEW


def test_the_status_survives_a_restart(make_fetcher, rules_server, tmp_path):
    rules_server.put("/rules.yaml", NEW)
    fetcher = make_fetcher(rules_server.url("/rules.yaml"))
    fetcher.check_now()
    again = make_fetcher(rules_server.url("/rules.yaml"))
    assert again.status.version == fetcher.status.version
    assert again.check_now() == "unchanged"
    assert 0 <= again.first_delay() <= 60


@pytest.mark.parametrize("source, kind", [
    ("https://www.highlineschools.org/rules.yaml", "url"),
    (r"\\fileserver\comms\policy_rules.yaml", "share"),
    ("C:/ProgramData/SecondLook/policy_rules.yaml", "file"),
    ("/etc/second-look/policy_rules.yaml", "file"),
])
def test_kinds_of_source(source, kind):
    assert kind_of(source, "win32") == kind


def test_the_signature_sits_next_to_the_file():
    assert signature_location("https://x.example.org/a/rules.yaml?v=1") == "https://x.example.org/a/rules.yaml.minisig?v=1"
    assert signature_location(r"\\srv\share\rules.yaml") == r"\\srv\share\rules.yaml.minisig"


def test_checks_are_spread_out_by_jitter(make_fetcher):
    fetcher = make_fetcher("https://www.highlineschools.org/rules.yaml", rules_check_minutes=60)
    rng = random.Random(4309)
    delays = [fetcher.next_delay(rng) for _ in range(1000)]
    assert 54 * 60 <= min(delays) < 55 * 60 and 65 * 60 < max(delays) <= 66 * 60
