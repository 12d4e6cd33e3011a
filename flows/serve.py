"""The deployments, and the zero-setup way to run them: `newswatch serve`.

`DEPLOYMENTS` is the one description of what runs when; `prefect.yaml` (work pool + workers,
`prefect deploy --all`) declares the same deployments and a test keeps the two in step.
`serve()` runs them all in one process with Prefect's `serve()`: schedules come from a
Prefect server, which `serve()` starts on 127.0.0.1 when none is configured (a temporary
server has no scheduler, so it would never start a scheduled run).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

TIMEZONE = "UTC"


@dataclass(frozen=True)
class DeploymentSpec:
    name: str  # deployment name (= flow name)
    entrypoint: str  # file path form, as in prefect.yaml
    cron: str
    description: str
    tags: tuple[str, ...]
    concurrency_limit: int | None  # 1 for warehouse writers: a run never overlaps the previous one
    paths: tuple[str, ...]  # which of feeds / db / rules the deployment passes


DEPLOYMENTS: tuple[DeploymentSpec, ...] = (
    DeploymentSpec(
        name="monitor",
        entrypoint="flows/monitor.py:monitor",
        cron="*/15 * * * *",
        description="Every 15 minutes: poll due feeds, fetch and extract pages, tag, "
        "detect recurrences, deliver alerts.",
        tags=("newswatch", "writer", "network"),
        concurrency_limit=1,
        paths=("feeds", "db", "rules"),
    ),
    DeploymentSpec(
        name="digest",
        entrypoint="flows/digest.py:digest",
        cron="0 7 * * *",
        description="Daily at 07:00 UTC: Markdown digest of the last 24 hours' alerts and events "
        "(read-only).",
        tags=("newswatch", "read-only"),
        concurrency_limit=None,
        paths=("db",),
    ),
    DeploymentSpec(
        name="notify",
        entrypoint="flows/monitor.py:notify",
        cron="*/5 * * * *",
        description="Every 5 minutes: deliver pending alerts (the outbox), retrying channels that failed.",
        tags=("newswatch", "writer", "network"),
        concurrency_limit=1,
        paths=("db", "rules"),
    ),
)


def load_flow(entrypoint: str):
    """Import the flow object named by a `path/to/module.py:function` entrypoint."""
    import importlib

    path, func = entrypoint.split(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, func)


def build_deployments(
    feeds: str,
    db: str,
    rules: str,
    allow_private_hosts: bool = False,
    paused: bool = False,
) -> list:
    """RunnerDeployments for `prefect.serve`, with absolute paths as parameters."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    values: dict[str, Any] = {
        "feeds": os.path.abspath(feeds),
        "db": os.path.abspath(db),
        "rules": os.path.abspath(rules),
    }
    out = []
    for spec in DEPLOYMENTS:
        params = {key: values[key] for key in spec.paths}
        if spec.name == "monitor" and allow_private_hosts:
            params["allow_private_hosts"] = True
        limit = (
            ConcurrencyLimitConfig(
                limit=spec.concurrency_limit, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
            )
            if spec.concurrency_limit
            else None
        )
        out.append(
            load_flow(spec.entrypoint).to_deployment(
                name=spec.name,
                schedules=[Cron(spec.cron, timezone=TIMEZONE)],
                parameters=params,
                description=spec.description,
                tags=list(spec.tags),
                concurrency_limit=limit,
                paused=paused,
                # runs import `flows.monitor` etc. as modules: no dependence on the current folder
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return out


# -- a local Prefect server when none is configured ------------------------------------------


def api_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as resp:
            return resp.status == 200
    except Exception:
        return False


@contextmanager
def local_server(port: int, host: str = "127.0.0.1", startup_timeout: float = 90.0) -> Iterator[str]:
    """Yield the URL of a Prefect API on host:port, starting `prefect server start` if no
    server answers there yet; a server started here is stopped on exit."""
    url = f"http://{host}:{port}/api"
    if api_healthy(url):
        print(f"newswatch serve: using the Prefect server already running at {url}", flush=True)
        yield url
        return
    log_path = os.path.join(tempfile.gettempdir(), f"newswatch-prefect-server-{port}.log")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            # its own session: Ctrl-C reaches only `serve`, which stops the runner first
            # (pausing the schedules through this server) and then the server
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + startup_timeout
        while not api_healthy(url):
            if proc.poll() is not None:
                raise RuntimeError(f"the Prefect server exited with {proc.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not answer within {startup_timeout:.0f}s")
            time.sleep(0.3)
        print(
            f"newswatch serve: started a Prefect server at {url} "
            f"(pid {proc.pid}, UI http://{host}:{port}, log {log_path})",
            flush=True,
        )
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def _stop(signum, frame):  # SIGTERM before prefect's runner installs its own handler
    raise SystemExit(0)


def serve(
    feeds: str,
    db: str,
    rules: str,
    allow_private_hosts: bool = False,
    paused: bool = False,
    port: int = 4200,
    limit: int | None = None,
) -> None:
    """Serve every deployment in this process until Ctrl-C or SIGTERM."""
    signal.signal(signal.SIGTERM, _stop)
    configured = os.environ.get("PREFECT_API_URL")
    if not configured:
        from prefect.settings import PREFECT_API_URL

        configured = PREFECT_API_URL.value()  # from the active Prefect profile
    server = local_server(port) if not configured else _existing(configured)
    with server as url:
        os.environ["PREFECT_API_URL"] = url  # for the flow-run subprocesses
        from prefect import serve as prefect_serve
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: url}):
            deployments = build_deployments(feeds, db, rules, allow_private_hosts, paused)
            prefect_serve(*deployments, limit=limit)


@contextmanager
def _existing(url: str) -> Iterator[str]:
    print(f"newswatch serve: using the Prefect API at {url}", flush=True)
    yield url
