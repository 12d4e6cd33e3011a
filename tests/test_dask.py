"""Scale-out: with a Dask cluster configured the CPU stages (extract-pages, tag-batch) run on
a two-worker Dask LocalCluster and the warehouse ends up with the same rows as with the
default task runner. Skips when the optional extra (prefect-dask) is not installed.

The test starts the LocalCluster itself and passes its address (NEWSWATCH_DASK_ADDRESS), so
the four flow runs share one cluster; NEWSWATCH_DASK=local differs only in starting a
cluster per flow run (checked on the runner's settings)."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from tests.fixtures import e2e_stories as fx

SKIP_REASON = "the dask extra is not installed (uv pip install 'newswatch[dask]')"

# what the pipeline decides; timestamps of when it ran are left out
COMPARED = {
    "articles": "SELECT article_id, url, title, text, summary, published_at, extraction, text_hash, "
    "simhash, copy_of FROM articles",
    "article_tags": "SELECT article_id, tag, round(score, 9) FROM article_tags",
    "mentions": "SELECT article_id, entity_id, count, in_title FROM mentions",
    "events": "SELECT * EXCLUDE (clustered_at) FROM events",
    "event_clusters": "SELECT * EXCLUDE (first_seen_at, last_seen_at) FROM event_clusters",
    "alerts": "SELECT alert_id, rule, cluster_id, severity, summary FROM alerts",
}
DAYS = [
    (fx.DAY1_STORIES, "2026-03-02T18:00:00+00:00"),
    (fx.DAY4_STORIES, "2026-03-05T18:00:00+00:00"),
]


def _publish(server, slugs) -> None:
    for slug in slugs:
        story = fx.STORIES[slug]
        server.route(f"/{story['feed']}/{slug}.html", fx.page_html(slug))
    for feed in fx.FEEDS:
        server.route(
            f"/{feed}/rss.xml", fx.feed_xml(feed, slugs, server.url), content_type="application/rss+xml"
        )


def _snapshot(db: str) -> dict[str, list[tuple]]:
    with duckdb.connect(db, read_only=True) as con:
        return {table: sorted(map(repr, con.execute(sql).fetchall())) for table, sql in COMPARED.items()}


def _task_run_names(flow_run_id) -> list[str]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted(r.name.rsplit("-", 1)[0] for r in runs)


def _cycles(tmp_path, server, db: str, batch_size: int) -> list[list[str]]:
    """Two days of ingest -> process -> detect, with the runner the environment asks for."""
    from flows import monitor as m
    from flows.scaling import with_cpu_runner

    feeds = tmp_path / "feeds.yaml"
    entries = [f"  - url: {server.url}/{feed}/rss.xml\n    name: {name}\n" for feed, name in fx.FEEDS.items()]
    feeds.write_text("feeds:\n" + "".join(entries))
    names = []
    for slugs, now in DAYS:
        _publish(server, slugs)
        now = datetime.fromisoformat(now)
        state = with_cpu_runner(m.ingest)(
            feeds=str(feeds), db=db, allow_private_hosts=True, now=now, return_state=True
        )
        assert state.is_completed(), state
        names.append(_task_run_names(state.state_details.flow_run_id))
        state = with_cpu_runner(m.process)(db=db, batch_size=batch_size, return_state=True)
        assert state.is_completed(), state
        names.append(_task_run_names(state.state_details.flow_run_id))
        m.detect(db=db, now=now)
    return names


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_local_dask_cluster_produces_the_same_rows_as_the_default_runner(tmp_path, server, monkeypatch):
    pytest.importorskip("prefect_dask", reason=SKIP_REASON)
    from flows import steps
    from flows.scaling import cpu_task_runner

    monkeypatch.setattr(steps, "EXTRACT_CHUNK", 2)  # several extract-pages tasks for a handful of pages
    monkeypatch.delenv("NEWSWATCH_DASK", raising=False)
    monkeypatch.delenv("NEWSWATCH_DASK_ADDRESS", raising=False)
    default_db = str(tmp_path / "default.duckdb")
    default_runs = _cycles(tmp_path, server, default_db, batch_size=2)

    monkeypatch.setenv("NEWSWATCH_DASK", "local")
    monkeypatch.setenv("NEWSWATCH_DASK_WORKERS", "2")
    from prefect_dask import DaskTaskRunner

    runner = cpu_task_runner()
    assert isinstance(runner, DaskTaskRunner) and runner.address is None
    assert runner.cluster_kwargs["n_workers"] == 2 and runner.cluster_kwargs["processes"]

    from distributed import LocalCluster
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        api_url = str(client.api_url)
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        env={"PREFECT_API_URL": api_url},
    ) as cluster:
        monkeypatch.setenv("NEWSWATCH_DASK_ADDRESS", cluster.scheduler_address)
        assert cpu_task_runner().address == cluster.scheduler_address
        dask_db = str(tmp_path / "dask.duckdb")
        dask_runs = _cycles(tmp_path, server, dask_db, batch_size=2)

    assert _snapshot(dask_db) == _snapshot(default_db)
    assert _snapshot(dask_db)["alerts"], "the two days raise the recurrence alert"
    # the default runner extracts in one task; Dask splits the pages into chunks of 2
    assert default_runs[0].count("extract-pages") == 1
    assert dask_runs[0].count("extract-pages") == 2  # 4 new pages on day 1
    # four articles on day 1 in batches of 2: two tag-batch tasks either way, but on Dask
    # both come from one read-pending round (fan-out) instead of two
    assert default_runs[1].count("tag-batch") == dask_runs[1].count("tag-batch") == 2
    assert dask_runs[1].count("read-pending") < default_runs[1].count("read-pending")


def test_dask_setting_is_validated(monkeypatch):
    from flows.scaling import dask_config

    monkeypatch.delenv("NEWSWATCH_DASK_ADDRESS", raising=False)
    monkeypatch.setenv("NEWSWATCH_DASK", "off")
    assert dask_config() is None
    monkeypatch.setenv("NEWSWATCH_DASK", "cluster-please")
    with pytest.raises(ValueError):
        dask_config()
    monkeypatch.setenv("NEWSWATCH_DASK_ADDRESS", "tcp://10.0.0.5:8786")
    assert dask_config() == {"address": "tcp://10.0.0.5:8786"}
