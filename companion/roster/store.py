"""The imported roster on disk: hashes only, with the key kept in another folder.

- `roster.key` (config folder): 32 random bytes, hex. Made at the first import, removed by
  `roster clear`. Without it the store is a list of meaningless numbers.
- `roster.json` (data folder): one record of keyed hashes per student (see `model.Record`), in
  two parts that are imported separately and used together: `roster` (the class or school list)
  and `opt_out` (the Photo Opt-Out Report). A `mac` over the content, keyed by the same key,
  tells a damaged or truncated file (or a key that belongs to another store) from a good one.

Both files are written whole and swapped in atomically (`write_private`), user-only. A store
that cannot be used is never a crash: `open_store` returns the problem in words, `load_store`
logs it and returns None, and a running companion keeps its last good roster and reports the
problem in `/v1/health` (see `RosterWatcher`). docs/roster.md says what this protects against.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from companion.roster.model import Record, Roster, Student, records_from_students
from companion.settings import Paths, write_private

log = logging.getLogger(__name__)

FORMAT = "second-look-roster"
VERSION = 1
PARTS = ("roster", "opt_out")
KEY_BYTES = 32
POLL_SECONDS = 1.0


class RosterStoreError(Exception):
    """The store or key cannot be used; the message says what to do."""


@dataclass
class StoreState:
    roster: Roster | None = None
    problem: str | None = None  # why the store on disk cannot be used (None: fine or absent)
    parts: dict[str, dict] = field(default_factory=dict)  # part -> {"imported_at", "rows", "students"}
    exists: bool = False
    records: dict[str, dict] = field(default_factory=dict, repr=False)  # part -> parsed, for imports


@dataclass
class ImportReport:
    part: str
    rows: int
    students: int  # distinct students in this import
    counts: dict[str, int]  # the whole roster now in use
    replaced_damaged: str | None = None  # the previous store could not be read and was replaced


# -- the key --------------------------------------------------------------------------------
def read_key(paths: Paths) -> bytes:
    path = paths.roster_key_file
    try:
        text = path.read_text("ascii").strip()
    except FileNotFoundError:
        raise RosterStoreError(f"the roster key ({path}) is missing, so the roster store cannot be read; "
                               "import the roster again (`second-look roster import FILE`)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterStoreError(f"the roster key ({path}) cannot be read ({getattr(exc, 'strerror', None) or 'not text'}); "
                               "import the roster again") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise RosterStoreError(f"the roster key ({path}) is damaged; import the roster again")
    return key


def _new_key(paths: Paths) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    write_private(paths.roster_key_file, key.hex().encode("ascii") + b"\n")
    return key


def _key_check(key: bytes) -> str:
    # Tells "this key belongs to another store" from "this store is damaged".
    return hmac.new(key, b"second-look roster key check", hashlib.sha256).hexdigest()[:16]


def _mac(key: bytes, body: dict) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")
    return hmac.new(key, canonical, hashlib.sha256).hexdigest()


# -- reading --------------------------------------------------------------------------------
def open_store(paths: Paths, key: bytes | None = None) -> StoreState:
    """The imported roster, or the reason it cannot be used. Never raises for a bad store."""
    path = paths.roster_file
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return StoreState()
    except OSError as exc:
        return StoreState(problem=f"the roster store ({path}) cannot be read ({exc.strerror}); check that it "
                          "is a file you own, or remove it and import the roster again", exists=True)
    damaged = f"the roster store ({path}) is damaged ({{}}); import the roster again (`second-look roster import FILE`)"
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return StoreState(problem=damaged.format("incomplete or not JSON: it may have been cut short"), exists=True)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return StoreState(problem=damaged.format("not a Second Look roster store"), exists=True)
    if doc.get("version") != VERSION:
        return StoreState(problem=f"the roster store ({path}) was written by another version of Second Look "
                          f"(format {doc.get('version')!r}, this one reads {VERSION}); import the roster again",
                          exists=True)
    try:
        key = key if key is not None else read_key(paths)
    except RosterStoreError as exc:
        return StoreState(problem=str(exc), exists=True)
    if not hmac.compare_digest(str(doc.get("key_check", "")), _key_check(key)):
        return StoreState(problem=f"the roster key ({paths.roster_key_file}) does not belong to the roster store "
                          f"({path}): one of them was replaced; import the roster again", exists=True)
    body = {k: doc.get(k) for k in ("format", "version", "key_check", "parts")}
    if not hmac.compare_digest(str(doc.get("mac", "")), _mac(key, body)):
        return StoreState(problem=damaged.format("its check code does not match: changed or corrupted on disk"),
                          exists=True)
    try:
        parts = _parse_parts(doc["parts"])
    except (ValueError, TypeError, KeyError):
        return StoreState(problem=damaged.format("its content is malformed"), exists=True)
    roster = Roster(key, merge_parts(parts))
    info = {name: {"imported_at": p["imported_at"], "rows": p["rows"], "students": len(p["records"])}
            for name, p in parts.items()}
    return StoreState(roster, None, info, exists=True, records=parts)


def _parse_parts(raw) -> dict[str, dict]:
    if not isinstance(raw, dict) or not set(raw) <= set(PARTS):
        raise ValueError("parts")
    out = {}
    for name, p in raw.items():
        if not isinstance(p, dict) or not isinstance(p.get("records"), list) or not isinstance(p.get("rows"), int):
            raise ValueError(name)
        out[name] = {"imported_at": str(p.get("imported_at", "")), "rows": p["rows"],
                     "records": [Record.from_json(r) for r in p["records"]]}
    return out


def merge_parts(parts: dict[str, dict]) -> list[Record]:
    """The roster with the opt-out list laid over it. An opted-out student is matched to a
    roster student by any shared name form, so a report listing "Sam Okafor" also marks the
    roster's "Samuel Okafor (Sam)"; a student only on the report is still a student."""
    records = {r.id: r for r in parts.get("roster", {}).get("records", [])}
    by_form = {h: rid for rid, r in records.items() for h in r.forms}
    for opted in parts.get("opt_out", {}).get("records", []):
        hits = {by_form[h] for h in opted.forms if h in by_form}
        if not hits:
            records[opted.id] = records[opted.id].merged(opted) if opted.id in records else opted
            continue
        for rid in hits:
            records[rid] = records[rid].merged(Record(rid, True))
    return list(records.values())


def load_store(paths: Paths) -> Roster | None:
    """The imported roster for `serve`, or None (none imported, or it cannot be used: the
    reason is logged, and `RosterWatcher.problem` carries it to `/v1/health`)."""
    state = open_store(paths)
    if state.problem:
        log.error("roster not used: %s", state.problem)
    elif state.roster is not None:
        log.info("imported roster in use: %(students)d students, %(opted_out)d opted out", state.roster.counts)
    return state.roster


# -- writing --------------------------------------------------------------------------------
def import_students(paths: Paths, students: Iterable[Student], *, opt_out_list: bool = False,
                    add: bool = False, now: datetime | None = None) -> ImportReport:
    """Replace (or with `add`, add to) one part of the store, keeping the other part. The new
    store is built whole in memory and swapped in atomically: an import that fails or is
    killed leaves the previous store as it was."""
    part = "opt_out" if opt_out_list else "roster"
    students = list(students)
    if opt_out_list:
        students = [Student(s.first, s.last, True, s.preferred) for s in students]
    replaced_damaged = None
    try:
        key = read_key(paths)
    except RosterStoreError:
        key = None
    state = open_store(paths, key) if key is not None else open_store(paths)
    if key is None or (state.problem and state.exists):
        if state.exists:
            replaced_damaged = state.problem
        key = _new_key(paths)  # the old store (if any) is unreadable without its key anyway
        parts: dict[str, dict] = {}
    else:
        parts = state.records
    new = records_from_students(students, key)
    distinct = len(new)
    if add and part in parts:
        old = {r.id: r for r in parts[part]["records"]}
        for r in new:
            old[r.id] = old[r.id].merged(r) if r.id in old else r
        new, rows = list(old.values()), parts[part]["rows"] + len(students)
    else:
        rows = len(students)
    stamp = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    parts[part] = {"imported_at": stamp, "rows": rows, "records": new}
    body = {"format": FORMAT, "version": VERSION, "key_check": _key_check(key),
            "parts": {name: {"imported_at": p["imported_at"], "rows": p["rows"],
                             "records": [r.to_json() for r in p["records"]]} for name, p in parts.items()}}
    data = json.dumps({**body, "mac": _mac(key, body)}, separators=(",", ":")).encode("ascii")
    roster = Roster(key, merge_parts(parts))
    _remove_stale_temps(paths)
    for attempt in range(5):
        try:
            write_private(paths.roster_file, data)
            break
        except PermissionError:
            # Windows refuses to replace a file another process has open: the running
            # companion may be reading the store at this very moment. It is done in milliseconds.
            if os.name != "nt" or attempt == 4:
                raise
            time.sleep(0.2)
    return ImportReport(part, len(students), distinct, roster.counts, replaced_damaged)


def clear(paths: Paths) -> list[Path]:
    """Remove the store, then the key (a running companion sees "no roster", never "no key"),
    and any temporary file an interrupted import left behind. Returns what was removed."""
    removed = []
    for path in [paths.roster_file, *_stale_temps(paths), paths.roster_key_file]:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
    return removed


def _stale_temps(paths: Paths) -> list[Path]:
    # write_private's temporary name: ".<name>.<pid>.tmp"; a SIGKILL mid-write can leave one.
    out = []
    for f in (paths.roster_file, paths.roster_key_file):
        if f.parent.is_dir():
            out += sorted(f.parent.glob(f".{f.name}.*.tmp"))
    return out


def _remove_stale_temps(paths: Paths) -> None:
    for p in _stale_temps(paths):
        try:
            p.unlink()
        except OSError:
            pass


# -- a running companion ---------------------------------------------------------------------
class RosterWatcher:
    """Notices a new import or a `roster clear` within a second and hands the roster to
    `on_change` (None after a clear). A store that turns bad is reported in `problem` and the
    last good roster stays in use."""

    def __init__(self, paths: Paths, on_change: Callable[[Roster | None], None]) -> None:
        self.paths = paths
        self.on_change = on_change
        self._seen = self._signature()
        self.problem = open_store(paths).problem
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _signature(self) -> tuple:
        sig = []
        for p in (self.paths.roster_file, self.paths.roster_key_file):
            try:
                st = p.stat()
                sig.append((st.st_ino, st.st_size, st.st_mtime_ns))
            except OSError:
                sig.append(None)
        return tuple(sig)

    def poll(self) -> bool:
        """Look once; True when a new roster (or none, after a clear) was handed over."""
        sig = self._signature()
        if sig == self._seen:
            return False
        state = open_store(self.paths)
        if state.problem:
            if state.problem != self.problem:
                log.error("roster store changed but cannot be used (%s); keeping the roster in use", state.problem)
            self.problem = state.problem
            self._seen = sig
            return False
        try:
            self.on_change(state.roster)
        except Exception:  # noqa: BLE001 - a failed swap must not stop the watcher; retried next poll
            self.problem = "the new roster could not be switched to; the previous one is still in use"
            log.exception("could not switch to the new roster; keeping the roster in use")
            return False
        self._seen = sig  # only once the swap worked, so a failed one is tried again
        self.problem = None
        log.info("roster %s", "cleared" if state.roster is None else
                 "updated: %(students)d students, %(opted_out)d opted out" % state.roster.counts)
        return True

    def start(self, interval: float = POLL_SECONDS) -> None:
        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.poll()
                except Exception:  # noqa: BLE001
                    log.exception("roster watcher error")

        self._thread = threading.Thread(target=loop, name="roster-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
