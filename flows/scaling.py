"""Optional scale-out of the CPU stages (page extraction, tagging) onto Dask.

Off by default: the flows run their tasks in the flow's own process. Set one of

- `NEWSWATCH_DASK_ADDRESS=tcp://scheduler:8786` to use a running Dask cluster, or
- `NEWSWATCH_DASK=local` to start a local cluster for each run
  (`NEWSWATCH_DASK_WORKERS`, default 2, worker processes of one thread each),

and install the extra (`uv pip install 'newswatch[dask]'`, i.e. prefect-dask). Only the
pure CPU tasks (`extract-pages`, `tag-batch`) are submitted to the cluster; every read and
write of the warehouse stays in the flow's process (DuckDB has a single writer).
"""

from __future__ import annotations

import logging
from typing import Any

from prefect.context import FlowRunContext

from newswatch.settings import Settings, current_settings

ADDRESS_ENV = "NEWSWATCH_DASK_ADDRESS"
MODE_ENV = "NEWSWATCH_DASK"
WORKERS_ENV = "NEWSWATCH_DASK_WORKERS"
_OFF = {"", "0", "false", "no", "off"}
_LOCAL = {"local", "1", "true", "yes", "on"}


def dask_config(settings: Settings | None = None) -> dict[str, Any] | None:
    """The Dask setting (newswatch.settings): None (off), {"address": ...} or {"workers": n}."""
    settings = settings or current_settings()
    address = (settings.dask_address or "").strip()
    if address:
        return {"address": address}
    mode = settings.dask.strip().lower()
    if mode in _OFF:
        return None
    if mode not in _LOCAL:
        raise ValueError(f"{MODE_ENV}={mode!r}: use 'local' (or set {ADDRESS_ENV} to a scheduler address)")
    return {"workers": settings.dask_workers}


def api_url() -> str | None:
    """The Prefect API this process talks to, also when it is a temporary local server."""
    from prefect.client.orchestration import get_client

    try:
        with get_client(sync_client=True) as client:
            return str(client.api_url)
    except Exception:  # pragma: no cover - no API at all: the workers find their own
        return None


def cpu_task_runner(config: dict[str, Any] | None = None):
    """A Dask task runner for the CPU stages, or None when Dask is not configured.

    Cheap to create: a local cluster starts only when a flow run starts the runner.
    """
    config = dask_config() if config is None else config
    if not config:
        return None
    try:
        from flows._dask import NewswatchDaskTaskRunner
    except ImportError as exc:
        raise RuntimeError(
            f"{ADDRESS_ENV}/{MODE_ENV} is set but prefect-dask is not installed; "
            "install the extra: uv pip install 'newswatch[dask]'"
        ) from exc
    if "address" in config:
        return NewswatchDaskTaskRunner(address=config["address"])
    return NewswatchDaskTaskRunner(
        cluster_kwargs={
            "n_workers": config["workers"],
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
            "silence_logs": logging.WARNING,
        }
    )


def with_cpu_runner(flow_obj, config: dict[str, Any] | None = None):
    """`flow_obj` with the Dask task runner when one is configured, else unchanged."""
    runner = cpu_task_runner(config)
    return flow_obj if runner is None else flow_obj.with_options(task_runner=runner)


def distributed() -> bool:
    """True inside a flow run whose task runner sends tasks to other processes (Dask)."""
    ctx = FlowRunContext.get()
    if ctx is None:
        return False
    return any(cls.__module__.startswith("prefect_dask") for cls in type(ctx.task_runner).__mro__)
