"""Live rules: the running companion notices a changed rules file within two seconds, checks it
fully, and switches only if it passes. Otherwise the last good rules keep serving and the
problem, with its line, is reported in `/v1/health`.

A file being saved can be read half-written. Two guards: the file must read the same on two
polls in a row before it is checked, and a half file fails the full check anyway (schema and
examples). The last good file is also copied to the cache folder, so a restart after a crash
(or with a broken file on disk) comes back with the same rules.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from companion.engine import Engine
from companion.language.model import LanguageModel
from companion.rules.build import build_engine
from companion.rules.check import read_rules_text, validate
from companion.rules.problems import Problem, RulesError
from companion.rules.proven import Proof, proof_key
from companion.rules.schema import RulesSpec, parse
from companion.settings import write_private

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5


@dataclass
class Loaded:
    spec: RulesSpec
    engine: Engine
    source: str  # where these rules came from: the file, or the last good copy
    loaded_at: float


class RulesHolder:
    def __init__(self, path: Path, model: LanguageModel, *, roster=None,
                 settings: dict[str, Any] | None = None, last_good: Path | None = None) -> None:
        self.path = path
        self.model = model
        self.roster = roster
        self.settings = settings or {}
        self.last_good = last_good
        # Beside the last good copy: which text last passed its examples, so that a restart with
        # the same file, code and model skips them (`companion.rules.proven`).
        self.proof = Proof(last_good.with_name("rules.proof")) if last_good is not None else None
        self.current: Loaded | None = None
        self.problems: list[Problem] = []
        self.checked_at: float | None = None
        # One lock across check-and-swap: the rules watcher and the roster watcher run in
        # different threads, and neither may install an engine built from stale inputs.
        self._lock = threading.RLock()
        self._seen_sha: str | None = None  # the last content checked, good or bad
        self._pending: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.on_change: Callable[[Loaded], None] | None = None

    # -- loading ----------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        assert self.current is not None
        return self.current.engine

    def load_initial(self) -> None:
        """Load the configured file, or else the last good copy; raise if neither works."""
        try:
            text = read_rules_text(self.path)
            self._seen_sha = _sha(text)
            # After a crash in the middle of a save, the file can be a valid first half: the
            # last good copy says which rules must be there.
            self._use(text, str(self.path), str(self.path), keep_ids_of=self._last_good_spec(text))
            return
        except RulesError as exc:
            self.problems = exc.problems
            log.error("rules file refused: %d problem(s), first at line %d",
                      len(exc.problems), exc.problems[0].line)
            if self.last_good is None or not self.last_good.exists():
                raise
            first = exc.problems
        try:
            text = read_rules_text(self.last_good)
            self._use(text, str(self.path), f"last good copy ({self.last_good})", keep_problems=True)
        except RulesError as exc:
            raise RulesError(first + exc.problems) from None

    def _last_good_spec(self, text: str) -> RulesSpec | None:
        if self.last_good is None or not self.last_good.exists():
            return None
        try:
            good = read_rules_text(self.last_good)
            # The usual restart: the file is the last good copy, so no rule can have gone.
            return None if good == text else parse(good, str(self.last_good))
        except RulesError:
            return None

    def _use(self, text: str, filename: str, source: str, keep_problems: bool = False,
             keep_ids_of: RulesSpec | None = None) -> None:
        with self._lock:
            self._use_locked(text, filename, source, keep_problems, keep_ids_of)

    def _use_locked(self, text: str, filename: str, source: str, keep_problems: bool,
                    keep_ids_of: RulesSpec | None) -> None:
        key = proof_key(text, self.settings, self.model.name) if self.proof is not None else None
        proven = key is not None and self.proof.holds(key)
        try:
            spec, engine = validate(text, filename, self.model, self.roster, self.settings, examples=not proven)
        except RulesError:
            raise
        except RecursionError:
            raise RulesError([Problem(filename, 1, "file", "the file is nested too deeply to read; "
                                      "check the indentation")]) from None
        except Exception:  # noqa: BLE001 - a bad file must never stop the companion
            log.exception("unexpected error while checking rules")
            raise RulesError([Problem(filename, 1, "file", "the rules could not be loaded (internal error; "
                                      "run `second-look rules check` on the file)")]) from None
        if keep_ids_of is not None:
            _refuse_vanished_rules(keep_ids_of, spec, filename, text.count("\n") + 1)
        if key is not None and not proven:
            self.proof.record(key)
        loaded = Loaded(spec, engine, source, time.time())
        self.current = loaded
        if not keep_problems:
            self.problems = []
        if self.last_good is not None and source == filename:
            try:
                write_private(self.last_good, text.encode("utf-8"))
            except OSError:
                log.warning("could not save the last good rules copy")
        log.info("rules %s in use (%d rules)", spec.rules_version, len(spec.rules))
        if self.on_change:
            self.on_change(loaded)

    def set_roster(self, roster) -> None:
        """Use a new roster (after `roster import` or `clear`) with the rules in use.

        The rules were checked when they were loaded, and their examples run on the example
        roster, so only the engine is rebuilt, from memory: no file is read and nothing is
        written."""
        with self._lock:
            self.roster = roster
            if self.current is None:
                return
            engine = build_engine(self.current.spec, self.model, roster, self.settings)
            self.current = Loaded(self.current.spec, engine, self.current.source, time.time())
            if self.on_change:
                self.on_change(self.current)

    # -- watching ---------------------------------------------------------------------------
    def poll(self) -> bool:
        """Look at the file once; return True when new rules were switched to."""
        self.checked_at = time.time()
        try:
            text = read_rules_text(self.path)
        except RulesError as exc:
            sha = "error:" + exc.problems[0].message
            if sha != self._seen_sha:
                self._seen_sha = sha
                self.problems = exc.problems
                log.error("rules file unreadable; keeping the last good rules")
            return False
        sha = _sha(text)
        if sha == self._seen_sha:
            self._pending = None
            return False
        if self._pending != sha:
            self._pending = sha  # changed: wait one more poll to be sure the save is complete
            return False
        self._pending = None
        self._seen_sha = sha
        try:
            self._use(text, str(self.path), str(self.path),
                      keep_ids_of=self.current.spec if self.current is not None else None)
            return True
        except RulesError as exc:
            self.problems = exc.problems
            log.error("new rules refused: %d problem(s), first at line %d; keeping the last good rules",
                      len(exc.problems), exc.problems[0].line)
            return False
        except Exception:  # noqa: BLE001 - a bad file must never stop the companion
            self.problems = [Problem(str(self.path), 1, "file", "the rules could not be loaded (internal error)")]
            log.exception("unexpected error while loading rules; keeping the last good rules")
            return False

    def start(self, interval: float = POLL_SECONDS) -> None:
        def loop() -> None:
            while not self._stop.wait(interval):
                self.poll()

        self._thread = threading.Thread(target=loop, name="rules-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()


def _refuse_vanished_rules(old: RulesSpec, new: RulesSpec, filename: str, last_line: int) -> None:
    """A file saved half-way can still be valid YAML that passes its own examples, with the
    last rules simply missing. Rule ids never go away once shipped (the extension and the tests
    depend on them), so a new file that lacks one is refused while the running rules stay."""
    new_ids = {r.id for r in new.rules}
    gone = [r for r in old.rules if r.id not in new_ids]
    if gone:
        raise RulesError([Problem(filename, last_line, r.id, f"the rule '{r.id}' is missing (was the file saved only "
                                  "half-way?); to retire a rule, keep it and set `enabled: false`") for r in gone])


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
