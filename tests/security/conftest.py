"""Real companions on loopback for the attack, fuzz, leak and limit suites (see live_server.py)."""

from __future__ import annotations

import pytest

from live_server import BUNDLED_RULES, make_live, relaxed_env


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """`python -m companion serve` with every default setting: what staff run."""
    live = make_live(tmp_path_factory.mktemp("default"), "--rules", BUNDLED_RULES).start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def relaxed(tmp_path_factory):
    """Defaults except the rate limit, for suites that send hundreds of requests a second."""
    live = make_live(tmp_path_factory.mktemp("relaxed"), "--rules", BUNDLED_RULES, env=relaxed_env()).start()
    yield live
    live.stop()
