"""`second-look rules status`: where the rules come from, their version, when they were last
checked and changed, and the last error. Exit 1 when the newest rules could not be used."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path

from companion.commands.common import load_settings
from companion.rules import RulesError
from companion.rules.check import read_rules_text
from companion.rules.remote import CACHE_NAME, STATUS_NAME, Status, kind_of
from companion.rules.schema import parse
from companion.service import bundled_rules_path
from companion.settings import Paths

KIND_NAMES = {"url": "the district's web server", "share": "a network share", "file": "a file on this computer"}


def register(rsub) -> None:
    s = rsub.add_parser("status", help="where the rules come from, their version, last check and last error")
    s.add_argument("--json", action="store_true", help="print the same as JSON")
    s.set_defaults(func=run)


def when(stamp: float | None, now: float | None = None) -> str:
    if not stamp:
        return "never"
    now = now or time.time()
    ago = max(0, now - stamp)
    if ago < 90:
        rel = f"{ago:.0f} seconds ago"
    elif ago < 90 * 60:
        rel = f"{ago / 60:.0f} minutes ago"
    elif ago < 36 * 3600:
        rel = f"{ago / 3600:.0f} hours ago"
    else:
        rel = f"{ago / 86400:.0f} days ago"
    return f"{datetime.fromtimestamp(stamp).strftime('%Y-%m-%d %H:%M')} ({rel})"


def collect(settings, paths: Paths, health: dict | None = None) -> dict:
    """Everything `rules status` and `doctor` say about the rules, as plain data."""
    source = settings.rules
    info: dict = {"source": source or str(bundled_rules_path()), "bundled": not source,
                  "kind": kind_of(source) if source else "file", "ok": True}
    info["kind_name"] = KIND_NAMES[info["kind"]] + (" (bundled with the companion)" if not source else "")
    if info["kind"] == "file":
        path = Path(info["source"])
        try:
            spec = parse(read_rules_text(path), str(path))
            info.update(version=spec.rules_version, changed_at=path.stat().st_mtime, last_error=None, problems=[])
        except RulesError as exc:
            info.update(version=None, changed_at=None, ok=False, last_error="the rules file has problems",
                        problems=[str(p) for p in exc.problems[:20]])
        except OSError as exc:
            info.update(version=None, ok=False, last_error=f"cannot read the file ({exc.strerror})", problems=[])
        info["checked_at"] = None
        info["note"] = "a local file is watched continuously; changes apply within two seconds"
    else:
        st = Status.read(paths.cache / STATUS_NAME)
        cached = paths.cache / CACHE_NAME
        info.update(version=st.version, checked_at=st.checked_at, changed_at=st.changed_at,
                    last_result=st.last_result, last_error=st.last_error, problems=st.problems,
                    cached_copy=str(cached) if cached.exists() else None, from_bundled=st.from_bundled,
                    every_minutes=settings.rules_check_minutes,
                    signed=bool(settings.rules_public_key), pinned=bool(settings.rules_sha256))
        if st.last_result == "refused":
            info["ok"] = False
        if st.from_bundled or not cached.exists():
            info["note"] = "nothing fetched yet: the bundled rules serve until the first successful check"
    if health:
        info["in_use"] = health.get("rules_version")
        running = health.get("rules_source")
        if running and running != info["source"] and info["kind"] == "file":
            # The companion was started with --rules (or on its last good copy): say what it
            # really uses, not only what the settings name.
            info["source"] = running
            info["kind_name"] = "a file on this computer, as the running companion reports"
        if health.get("rules_error"):
            info["ok"] = False
            info["problems"] = [f"{e['file']}:{e['line']}: {e['rule_id']}: {e['message']}" for e in health["rules_error"]]
            info["last_error"] = info.get("last_error") or "the running companion refused the newest rules file"
    return info


def run(args) -> int:
    from companion.install.probe import RUNNING, probe

    paths = Paths.for_user()
    settings = load_settings(paths)
    found = probe(settings, paths)
    info = collect(settings, paths, found.health if found.state == RUNNING else None)
    if args.json:
        print(json.dumps(info, indent=1))
        return 0 if info["ok"] else 1
    print(f"source:        {info['source']}")
    print(f"               {info['kind_name']}"
          + (f", checked every {info['every_minutes']} minutes" if info.get("every_minutes") else "")
          + (", signature required" if info.get("signed") else "") + (", SHA-256 pinned" if info.get("pinned") else ""))
    print(f"version:       {info.get('version') or 'unknown'}")
    if found.state == RUNNING:
        print(f"in use now:    {info.get('in_use')} (the running companion on port {settings.port})")
    else:
        print(f"in use now:    the companion is not running on port {settings.port}")
    if info["kind"] != "file":
        print(f"last checked:  {when(info.get('checked_at'))}" + (f" — {info['last_result']}" if info.get("last_result") else ""))
    print(f"last changed:  {when(info.get('changed_at'))}")
    if info.get("cached_copy"):
        print(f"cached copy:   {info['cached_copy']}")
    print(f"last error:    {info.get('last_error') or 'none'}")
    for problem in info.get("problems") or []:
        print(f"    {problem}")
    if info.get("note"):
        print(f"note:          {info['note']}")
    return 0 if info["ok"] else 1
