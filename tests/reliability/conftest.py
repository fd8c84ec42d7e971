"""Fixtures for the fault, restart and load suites. The live-server helper is shared with
tests/security (live_server.py there)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "security"))
