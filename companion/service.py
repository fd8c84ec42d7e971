"""The companion's state, shared by the HTTP API and the command line: the language model, the
live rules, the roster, and the limits every check runs under.

Requests never reach the engine directly: `Service.check` validates the input, enforces the
limits (text length, concurrent checks, time per check) and turns each problem into a
`Refusal` with an HTTP status and a reason that never quotes the draft.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion import __version__
from companion.context import Context, ContextError
from companion.engine import Result
from companion.language.model import LanguageModel, load_model
from companion.rules.reloader import RulesHolder
from companion.settings import Paths, Settings
from companion.worktime import district_time_for

log = logging.getLogger(__name__)

# The named limits every request runs under (defaults and meaning: companion/settings.py).
SLOT_WAIT_SECONDS = 1.0  # how long a check may wait for a free slot before 429 busy
LIMITS = ("max_body_bytes", "max_text_chars", "check_timeout_ms", "max_concurrent_checks", "rate_limit_per_second")

BUNDLED_RULES = Path(__file__).resolve().parent.parent / "policy_rules.yaml"


def bundled_rules_path() -> Path:
    """The rules that ship with the companion: next to the package in a checkout, or inside it
    when installed from the wheel."""
    inside = Path(__file__).resolve().parent / "data" / "policy_rules.yaml"
    return BUNDLED_RULES if BUNDLED_RULES.exists() else inside


@dataclass
class Refusal(Exception):
    status: int
    error: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"error": self.error, "reason": self.reason}


def draft_problem(text: str, max_chars: int) -> Refusal | None:
    """The limits every draft meets, on the server and the command line, said without quoting it."""
    if len(text) > max_chars:
        return Refusal(413, "text_too_long", f"the draft has {len(text):,} characters; the most is "
                       f"{max_chars:,} (setting max_text_chars)")
    try:
        text.encode("utf-8")  # refuses unpaired surrogates, in C rather than a Python loop
    except UnicodeEncodeError:
        return Refusal(400, "bad_request", "'text' contains an unpaired surrogate; send valid Unicode")
    return None


class RateLimiter:
    """A token bucket: `rate` requests a second, bursts up to twice that."""

    def __init__(self, rate: int) -> None:
        self.rate = max(1, rate)
        self.capacity = 2.0 * self.rate
        self.tokens = self.capacity
        self.stamp = time.monotonic()
        self._lock = threading.Lock()

    def allow(self) -> bool:
        with self._lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return True
            return False


class Counts:
    """How many answers of each kind the companion gave since it started: numbers only, so that
    `/v1/health` (and `second-look doctor`) can show refusals, timeouts and errors."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.by_status: dict[int, int] = {}
        self.checks_run = 0  # checks that reached the engine (refused requests never do)
        self.checks_cut_off = 0
        self.checks_running = 0

    def add(self, status: int) -> None:
        with self._lock:
            self.by_status[status] = self.by_status.get(status, 0) + 1

    def bump(self, name: str, by: int = 1) -> None:
        with self._lock:
            setattr(self, name, getattr(self, name) + by)

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            by = dict(self.by_status)
            run, cut, running = self.checks_run, self.checks_cut_off, self.checks_running
        return {"checks_run": run, "checks_cut_off": cut, "checks_running": running, "answered": sum(by.values()),
                "ok": sum(n for s, n in by.items() if s < 400),
                "refused": sum(n for s, n in by.items() if 400 <= s < 500),
                "errors": sum(n for s, n in by.items() if s >= 500),
                "by_status": {str(s): by[s] for s in sorted(by)}}


class Service:
    def __init__(self, settings: Settings, *, rules_path: Path | None = None, roster=None,
                 model: LanguageModel | None = None, paths: Paths | None = None,
                 roster_source: str | None = None) -> None:
        self.settings = settings
        self.paths = paths
        self.model = model or load_model()
        self.roster = roster
        self.roster_source = roster_source
        self.started_at = time.time()
        path = rules_path or (Path(settings.rules) if settings.rules else bundled_rules_path())
        self.rules = RulesHolder(path, self.model, roster=roster, settings=self.settings.rule_settings(),
                                 last_good=paths.last_good_rules if paths else None)
        self.rules.load_initial()
        # The imported roster is watched, so `roster import` and `roster clear` apply without a
        # restart; a `--roster` CSV is fixed for the run (see docs/roster.md).
        self.roster_watch = None
        if paths is not None and not (roster_source or "").startswith("file "):
            from companion.roster.store import RosterWatcher
            self.roster_watch = RosterWatcher(paths, self._use_roster)
        self.distribution = None  # a RulesFetcher when the rules come from a URL or share (serve.py)
        self._slots = threading.BoundedSemaphore(settings.max_concurrent_checks)
        self._state = threading.Lock()
        self._waiting = 0  # requests waiting for a slot
        self._pool = ThreadPoolExecutor(settings.max_concurrent_checks, thread_name_prefix="check")
        self.limiter = RateLimiter(settings.rate_limit_per_second)
        self.counts = Counts()

    def accept_rules(self, text: str, name: str) -> str:
        """The full check a fetched rules file must pass before it is cached; its version."""
        from companion.rules.check import validate
        return validate(text, name, self.model, None, self.settings.rule_settings())[0].rules_version

    def _use_roster(self, roster) -> None:
        self.rules.set_roster(roster)
        self.roster, self.roster_source = roster, ("imported roster" if roster is not None else None)

    # -- checking ---------------------------------------------------------------------------
    def parse_request(self, body: Any) -> tuple[str, Context]:
        if not isinstance(body, dict):
            raise Refusal(400, "bad_request", "the body must be a JSON object with 'text' and 'context'")
        unknown = set(body) - {"text", "context"}
        if unknown:
            raise Refusal(400, "bad_request", f"unknown field(s): {', '.join(sorted(map(str, unknown)))[:200]}")
        text = body.get("text")
        if not isinstance(text, str):
            raise Refusal(400, "bad_request", "'text' must be a string")
        problem = draft_problem(text, self.settings.max_text_chars)
        if problem:
            raise problem
        try:
            context = Context.parse(body.get("context"), district_time=self.district_time())
        except ContextError as exc:
            raise Refusal(400, "bad_context", str(exc)) from None
        return text, context

    def district_time(self) -> bool:
        return district_time_for(self.settings)

    def check(self, text: str, context: Context) -> Result:
        """Run one check under the concurrency and time limits.

        At most `max_concurrent_checks` checks run; as many again may wait up to a second for a
        slot (a typing burst); beyond that the answer is an immediate 429, so that slow checks
        cannot tie up the server's threads or pile up in a queue."""
        if not self._slots.acquire(blocking=False):
            with self._state:
                queue_full = self._waiting >= self.settings.max_concurrent_checks
                if not queue_full:
                    self._waiting += 1
            if queue_full:
                raise self._busy()
            try:
                got = self._slots.acquire(timeout=SLOT_WAIT_SECONDS)
            finally:
                with self._state:
                    self._waiting -= 1
            if not got:
                raise self._busy()
        engine = self.rules.engine
        try:
            future = self._pool.submit(engine.check, text, context)
        except BaseException:
            self._slots.release()
            raise
        # The slot is given back when the engine really finishes, not when the caller stops
        # waiting: checks that were cut off still hold their slot, so they cannot pile up
        # beyond max_concurrent_checks.
        self.counts.bump("checks_run")
        self.counts.bump("checks_running")
        future.add_done_callback(self._finished)
        try:
            return future.result(timeout=self.settings.check_timeout_ms / 1000)
        except FutureTimeout:
            self.counts.bump("checks_cut_off")
            log.warning("check cut off after %d ms (length %d)", self.settings.check_timeout_ms, len(text))
            raise Refusal(422, "check_timeout", f"the check took longer than {self.settings.check_timeout_ms} ms "
                          "(setting check_timeout_ms); try a shorter draft") from None

    def _finished(self, _future) -> None:
        self.counts.bump("checks_running", -1)
        self._slots.release()

    def _busy(self) -> Refusal:
        return Refusal(429, "busy", f"{self.settings.max_concurrent_checks} checks are already running "
                       "(setting max_concurrent_checks); try again in a moment")

    # -- reporting ----------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        reasons = []
        if self.model.degraded_reason:
            reasons.append(self.model.degraded_reason)
        if self.rules.problems:
            reasons.append("the rules file has problems; the last good rules are in use")
        if self.distribution is not None and self.distribution.problem():
            reasons.append(self.distribution.problem())
        roster_error = self.roster_watch.problem if self.roster_watch is not None else None
        if roster_error:
            reasons.append(roster_error + ("; until then the roster loaded before stays in use" if self.roster else ""))
        loaded = self.rules.current
        return {
            "status": "degraded" if reasons else "ok",
            "reasons": reasons,
            "version": __version__,
            "rules_version": loaded.spec.rules_version if loaded else None,
            "rules_source": loaded.source if loaded else None,
            "rules_error": [p.to_dict() for p in self.rules.problems] or None,
            "rules_distribution": self.distribution.summary() if self.distribution is not None else None,
            "model": self.model.name,
            "roster": self.roster.counts if self.roster is not None else None,
            "roster_error": roster_error,
            "uptime_s": round(time.time() - self.started_at, 1),
            "limits": {name: getattr(self.settings, name) for name in LIMITS},
            "requests": self.counts.to_dict(),
        }

    def rules_summary(self) -> dict[str, Any]:
        spec = self.rules.current.spec  # type: ignore[union-attr]
        return {
            "rules_version": spec.rules_version,
            "rules": [{"id": r.id, "title": r.title, "severity": r.severity, "message": r.message,
                       "suggestions": r.suggestions, "policy": {"section": r.section, "quote": r.quote}}
                      for r in spec.rules if r.enabled],
        }

    def close(self) -> None:
        self.rules.stop()
        if self.roster_watch is not None:
            self.roster_watch.stop()
        if self.distribution is not None:
            self.distribution.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
