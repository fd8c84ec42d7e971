"""The short version of scripts/load_test.py: 8 clients from a second process, 200 checks of
mixed lengths. The full run (5,000 checks) is the script's default; its figures are in
docs/security.md."""

from __future__ import annotations

import json
import subprocess
import sys

from live_server import ROOT, note


def test_short_load_is_held_without_errors():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "load_test.py"), "--clients", "8", "--checks", "200"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    note("load_short", **{k: figures[k] for k in ("checks", "errors", "server_errors", "p99_ms", "throttled_retries")})
    assert figures["server_errors"] == 0 and figures["server_errors_logged"] == 0, out.stdout
    assert figures["errors"] == 0, out.stdout
    assert figures["ok"] == 200 and figures["p99_ms"] > 0
