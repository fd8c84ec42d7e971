"""`companion.server.serve`: the settings a long-running companion starts with. Whether memory
stays flat is measured by scripts/load_test.py (docs/security.md), not here."""

from __future__ import annotations

import sys

import pytest

from companion.server import serve


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_steady_memory_fixes_the_mmap_threshold_on_linux():
    assert serve.steady_memory() is True


def test_steady_memory_leaves_other_systems_alone(monkeypatch):
    monkeypatch.setattr(serve.sys, "platform", "win32")
    assert serve.steady_memory() is False
    monkeypatch.setattr(serve.sys, "platform", "darwin")
    assert serve.steady_memory() is False
