"""Shared fixtures: one Prefect server for the whole session, a real HTTP server on 127.0.0.1,
the shared corpus (skipped with a clear message where absent, never skipped in CI).

The Prefect server: starting one costs 15-60 s (imports, database migrations), so the session
starts exactly one, the background server of newswatch.prefect_server kept under this
session's PREFECT_HOME. Both xdist workers and every `newswatch run` subprocess share it
(server.json plus a file lock say where it is); in-process flows reach it through the
`prefect_harness` fixture. For a whole-suite run the controller starts it in the background
while the workers collect, and stops it when the session ends."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Prefect reads these at import time: keep its state out of ~/.prefect and offline.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newswatch-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# The session's server stops at the end of the session (below); the idle limit (no new
# `newswatch run` for that long) only matters when pytest itself is killed.
os.environ.setdefault("NEWSWATCH_PREFECT_IDLE_S", "1800")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("NEWSWATCH_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"

from tests.fixtures.server import FixtureServer  # noqa: E402

_PRESTART = "from newswatch import prefect_server; prefect_server.ensure_api()"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _is_controller(config) -> bool:
    """The process that owns the session: the xdist controller, or pytest without xdist."""
    return not hasattr(config, "workerinput")


def pytest_configure(config):
    # A whole-suite run needs the server: start it now, overlapping the workers' start-up.
    # Someone else's server (PREFECT_API_URL) or Prefect's temporary one is not ours to start.
    whole_suite = config.args_source != pytest.Config.ArgsSource.ARGS
    if (
        _is_controller(config)
        and whole_suite
        and not os.environ.get("PREFECT_API_URL")
        and os.environ.get("NEWSWATCH_PREFECT_SERVER", "background") != "ephemeral"
    ):
        config._newswatch_prestart = subprocess.Popen(
            [sys.executable, "-c", _PRESTART],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    # xdist hands out whole files, by default the files with most tests first; ours
    # (pytest_collection_modifyitems) replaces that order.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    """Files with slow tests run first: with two workers handing out whole files, a minute-long
    file started last would end the run on one worker while the other idles. Stable: the
    order within a file, and among slow or among quick files, stays the collection order."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


def pytest_unconfigure(config):
    if not _is_controller(config):
        return  # the other worker may still be using the server
    prestart = getattr(config, "_newswatch_prestart", None)
    if prestart is not None and prestart.poll() is None:
        prestart.wait(timeout=300)
    from newswatch import prefect_server

    prefect_server.stop()


@pytest.fixture(scope="session")
def corpus() -> Path:
    """../shared/corpus: skip where absent (a user's fresh clone), fail in CI."""
    if not CORPUS.is_dir():
        if _in_ci():
            pytest.fail(f"shared corpus not found at {CORPUS}; CI must have it")
        pytest.skip(f"shared corpus not found at {CORPUS} (tests that need it are skipped)")
    return CORPUS


def _ensure_api() -> str | None:
    """The session's server URL (started here if no one has yet), None when the background
    server is switched off or failed to start. Leaves os.environ as it was, so each test
    states which server its subprocesses use."""
    from newswatch import prefect_server

    before = os.environ.get("PREFECT_API_URL")
    url = prefect_server.ensure_api()
    if before is None:
        os.environ.pop("PREFECT_API_URL", None)
    return url


@pytest.fixture(scope="session")
def prefect_api():
    """URL of the session's Prefect server, for subprocesses (PREFECT_API_URL in their env)."""
    url = _ensure_api()
    if url:
        yield url
        return
    # NEWSWATCH_PREFECT_SERVER=ephemeral, or the background server would not start:
    # Prefect's temporary server, one for the session all the same
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def prefect_server_home(prefect_api) -> Path:
    """The folder of the session's Prefect server database (prefect.db)."""
    from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL

    database = PREFECT_API_DATABASE_CONNECTION_URL.value() or ""
    if database.startswith("sqlite") and "///" in database:
        return Path(database.split("///", 1)[1]).parent
    return Path(os.environ["PREFECT_HOME"])


@pytest.fixture
def prefect_harness(prefect_api):
    """In-process flow runs report to the session's Prefect server, without the heartbeat
    (as `newswatch run` starts them: newswatch.prefect_server.without_heartbeat)."""
    from newswatch.prefect_server import without_heartbeat

    with without_heartbeat(prefect_api):
        yield prefect_api


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
