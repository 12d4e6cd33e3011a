"""`newswatch serve`: a real subprocess serving the deployments (with the Prefect server it
starts itself), a `monitor` run triggered through the API against a local feed server, then
a clean stop on SIGTERM."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.fixtures import e2e_stories as fx

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _publish(server) -> str:
    for slug in fx.DAY1_STORIES:
        story = fx.STORIES[slug]
        server.route(f"/{story['feed']}/{slug}.html", fx.page_html(slug))
    for feed in fx.FEEDS:
        server.route(
            f"/{feed}/rss.xml",
            fx.feed_xml(feed, fx.DAY1_STORIES, server.url),
            content_type="application/rss+xml; charset=utf-8",
        )
    return "feeds:\n" + "".join(
        f"  - url: {server.url}/{feed}/rss.xml\n    name: {name}\n    language: en\n"
        for feed, name in fx.FEEDS.items()
    )


def _wait(predicate, timeout: float, what: str, proc: subprocess.Popen, log: Path, step: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc.poll() is not None:
            pytest.fail(f"newswatch serve exited ({proc.returncode}) waiting for {what}:\n{log.read_text()}")
        time.sleep(step)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}:\n{log.read_text()[-4000:]}")


def test_serve_runs_a_triggered_monitor_and_stops_on_sigterm(tmp_path, server, db):
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.serve import api_healthy

    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(_publish(server))
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "newswatch.cli", "serve", "--feeds", str(feeds), "--db", db]
            + ["--paused", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        _wait(lambda: api_healthy(url, timeout=1), 60, "the Prefect server", proc, log)
        with temporary_settings(updates={PREFECT_API_URL: url}), get_client(sync_client=True) as client:

            def deployments():
                found = {d.name: d for d in client.read_deployments()}
                return found if {"monitor", "notify", "digest"} <= set(found) else None

            found = _wait(deployments, 45, "the served deployments", proc, log)
            crons = {name: [s.schedule.cron for s in d.schedules] for name, d in found.items()}
            assert crons == {"monitor": ["*/15 * * * *"], "notify": ["*/5 * * * *"], "digest": ["0 7 * * *"]}
            assert all(s.schedule.timezone == "UTC" for d in found.values() for s in d.schedules)
            limit = found["monitor"].global_concurrency_limit
            assert limit is not None and limit.limit == 1
            assert found["monitor"].concurrency_options.collision_strategy.value == "CANCEL_NEW"
            assert found["monitor"].parameters["db"] == db

            run = run_deployment(
                "monitor/monitor",
                parameters={"allow_private_hosts": True, "now": "2026-03-02T18:00:00+00:00"},
                timeout=0,
            )

            def finished():
                state = client.read_flow_run(run.id).state
                return state if state and state.type.value in FINAL else None

            state = _wait(finished, 75, "the monitor run", proc, log, step=0.5)
            assert state.type.value == "COMPLETED", f"{state!r}\n{log.read_text()[-4000:]}"

        with duckdb.connect(db, read_only=True) as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
            assert con.execute("SELECT count(*) FROM events").fetchone()[0] >= 3

        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"newswatch serve did not stop on SIGTERM:\n{log.read_text()[-4000:]}")
        assert code == 0, log.read_text()[-4000:]
        deadline = time.monotonic() + 15
        while _port_open(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _port_open(port), "the Prefect server started by serve must stop with it"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        # the Prefect server runs in its own session: stop it too if serve could not
        match = re.search(r"started a Prefect server at \S+ \(pid (\d+)", log.read_text())
        if match:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(int(match.group(1)), signal.SIGKILL)
