"""Shared fixtures: one Prefect test harness per session, a real HTTP server on 127.0.0.1,
the shared corpus (skipped with a clear message where absent, never skipped in CI)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest

# Prefect reads these at import time: keep its state out of ~/.prefect and offline.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newswatch-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# `newswatch run` subprocesses share one background Prefect server (newswatch.prefect_server);
# it stops itself after 5 idle minutes and at the end of the session (below).
os.environ.setdefault("NEWSWATCH_PREFECT_IDLE_S", "300")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("NEWSWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

from tests.fixtures.server import FixtureServer  # noqa: E402


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus: skip where absent (a user's fresh clone), fail in CI."""
    if not CORPUS.is_dir():
        if _in_ci():
            pytest.fail(f"shared corpus not found at {CORPUS}; CI must have it")
        pytest.skip(f"shared corpus not found at {CORPUS} (tests that need it are skipped)")
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def _stop_background_prefect_server():
    yield
    from newswatch import prefect_server

    prefect_server.stop()


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def server():
    with FixtureServer() as srv:
        yield srv


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "warehouse.duckdb")


@pytest.fixture(autouse=True)
def _work_in_tmp(tmp_path, monkeypatch):
    """Alert files (data/alerts.*) land in the test's own folder."""
    monkeypatch.chdir(tmp_path)
