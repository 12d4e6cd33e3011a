"""The Dask task runner newswatch uses (imported only when Dask is configured)."""

from __future__ import annotations

from prefect_dask import DaskTaskRunner


class NewswatchDaskTaskRunner(DaskTaskRunner):
    """DaskTaskRunner whose local cluster's workers report to the flow's Prefect API.

    The API is looked up when a flow run starts the runner, not when the flow is defined:
    with a temporary local server (no PREFECT_API_URL) each worker process would otherwise
    start its own temporary server.
    """

    def __enter__(self):
        if not self.address and self._cluster is None:
            env = self.cluster_kwargs.setdefault("env", {})
            if "PREFECT_API_URL" not in env:
                from flows.scaling import api_url

                url = api_url()
                if url:
                    env["PREFECT_API_URL"] = url
        return super().__enter__()
