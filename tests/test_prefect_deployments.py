"""The deployments: prefect.yaml loads, every entrypoint imports, every deployment's parameters
validate against its flow's signature, and `newswatch serve` declares the same deployments.
Then the flows as deployed: artifacts published, a failing feed or page never fails a run,
the digest reads the warehouse read-only."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from newswatch.config import DEFAULT_DB, DEFAULT_FEEDS, DEFAULT_RULES
from tests.fixtures import e2e_stories as fx

ROOT = Path(__file__).resolve().parent.parent
PREFECT_YAML = ROOT / "prefect.yaml"


def _config() -> dict:
    return yaml.safe_load(PREFECT_YAML.read_text())


def _deployments() -> list[dict]:
    return _config()["deployments"]


def test_prefect_yaml_is_valid_for_prefect_deploy():
    from prefect.cli.deploy._models import PrefectYamlModel

    model = PrefectYamlModel.model_validate(_config())
    assert [d.name for d in model.deployments] == ["monitor", "digest", "notify"]
    for dep in model.deployments:
        assert dep.work_pool is not None and dep.work_pool.name == "newswatch-pool"
        assert dep.description and dep.tags and "newswatch" in dep.tags


@pytest.mark.parametrize("dep", _deployments(), ids=lambda d: d["name"])
def test_entrypoint_imports_and_parameters_validate(dep):
    from prefect.flows import load_flow_from_entrypoint
    from prefect.utilities.callables import parameter_schema

    cwd = os.getcwd()
    os.chdir(ROOT)  # entrypoints are relative to the project folder, as for a worker
    try:
        flow = load_flow_from_entrypoint(dep["entrypoint"])
    finally:
        os.chdir(cwd)
    assert flow.name == dep["name"]
    params = dep.get("parameters") or {}
    assert set(params) <= set(parameter_schema(flow).properties)
    flow.validate_parameters(params)  # raises on an unknown name or a wrong type
    for key in ("feeds", "db", "rules"):
        if key in params:
            assert key in parameter_schema(flow).properties
    # the paths are the CLI's defaults, relative to the project folder
    defaults = {
        "feeds": os.path.relpath(DEFAULT_FEEDS, ROOT),
        "rules": os.path.relpath(DEFAULT_RULES, ROOT),
        "db": DEFAULT_DB,
    }
    for key, value in params.items():
        if key in defaults:
            assert value == defaults[key]
            if key != "db":
                assert (ROOT / value).is_file()


def test_serve_declares_the_same_deployments_as_prefect_yaml():
    from flows.serve import DEPLOYMENTS, TIMEZONE

    yaml_deps = {d["name"]: d for d in _deployments()}
    assert [s.name for s in DEPLOYMENTS] == list(yaml_deps)
    for spec in DEPLOYMENTS:
        dep = yaml_deps[spec.name]
        assert dep["entrypoint"] == spec.entrypoint
        assert dep["schedules"] == [{"cron": spec.cron, "timezone": TIMEZONE}]
        assert dep["tags"] == list(spec.tags)
        assert " ".join(dep["description"].split()) == spec.description
        limit = dep.get("concurrency_limit")
        assert (limit["limit"] if limit else None) == spec.concurrency_limit
        assert set(spec.paths) <= set(dep["parameters"])
    crons = {s.name: s.cron for s in DEPLOYMENTS}
    assert crons == {"monitor": "*/15 * * * *", "digest": "0 7 * * *", "notify": "*/5 * * * *"}


def test_serve_deployments_validate(tmp_path):
    from flows.serve import DEPLOYMENTS, build_deployments, load_flow

    db = str(tmp_path / "w.duckdb")
    deps = build_deployments(DEFAULT_FEEDS, db, DEFAULT_RULES, allow_private_hosts=True)
    assert [d.name for d in deps] == [s.name for s in DEPLOYMENTS]
    for dep, spec in zip(deps, DEPLOYMENTS, strict=True):
        assert dep.entrypoint == spec.entrypoint.replace(".py:", ".").replace("/", ".")
        assert [s.schedule.cron for s in dep.schedules] == [spec.cron]
        assert all(Path(v).is_absolute() for k, v in dep.parameters.items() if k in ("feeds", "db", "rules"))
        load_flow(spec.entrypoint).validate_parameters(dep.parameters)
    assert deps[0].parameters["allow_private_hosts"] is True


# -- the flows as deployed -------------------------------------------------------------------


def _artifacts(flow_run_id) -> dict[str, object]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {a.key: a for a in found}


@pytest.mark.usefixtures("prefect_harness")
def test_failing_feeds_and_pages_never_fail_the_run_and_artifacts_are_published(tmp_path, server, db):
    from flows.digest import digest
    from flows.monitor import monitor

    slugs = fx.DAY1_STORIES
    for slug in slugs:
        story = fx.STORIES[slug]
        server.route(f"/{story['feed']}/{slug}.html", fx.page_html(slug))
    server.route(f"/levant/{slugs[0]}.html", "", status=500)  # a page that fails
    server.route(f"/anatolia/{slugs[1]}.html", reset=True)  # a page whose server hangs up
    server.route(
        "/levant/rss.xml", fx.feed_xml("levant", slugs, server.url), content_type="application/rss+xml"
    )
    server.route("/anatolia/rss.xml", fx.feed_xml("anatolia", slugs, server.url), content_type="text/xml")
    server.route("/broken/rss.xml", "<rss><channel><item>", content_type="application/rss+xml")
    server.route("/gone/rss.xml", "gone", status=503)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "feeds:\n"
        + "".join(
            f"  - url: {server.url}/{name}/rss.xml\n    name: {name}\n"
            for name in ("levant", "anatolia", "broken", "gone")
        )
    )
    now = datetime.fromisoformat("2026-03-02T18:00:00+00:00")
    state = monitor(feeds=str(feeds), db=db, allow_private_hosts=True, now=now, return_state=True)
    assert state.is_completed(), state
    result = state.result()
    assert result["ingest"]["feeds_polled"] == 4
    assert set(result["ingest"]["feeds_failed"]) >= {"gone"}
    assert result["ingest"]["new_articles"] == 4  # failed pages keep the feed's own text
    artifacts = _artifacts(state.state_details.flow_run_id)
    assert "newswatch-cycle" in artifacts
    assert "Feed failures" in artifacts["newswatch-cycle"].data

    state = digest(db=db, now=now, return_state=True)
    assert state.is_completed(), state
    markdown = state.result()
    assert "new articles: 4" in markdown and "## Events" in markdown
    assert "newswatch-digest" in _artifacts(state.state_details.flow_run_id)


@pytest.mark.usefixtures("prefect_harness")
def test_digest_of_a_missing_warehouse_says_so(tmp_path):
    from flows.digest import digest

    markdown = digest(db=str(tmp_path / "none.duckdb"))
    assert "No warehouse" in markdown
    assert not (tmp_path / "none.duckdb").exists(), "the digest never creates the warehouse"


@pytest.mark.usefixtures("prefect_harness")
def test_monitor_is_cancelled_while_another_cycle_holds_the_warehouse(tmp_path, db):
    """A scheduled run overlapping `newswatch run` (or a replay) does nothing and says so."""
    import subprocess
    import sys

    from flows.monitor import monitor

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from newswatch.locking import cycle_lock\n"
            f"with cycle_lock({db!r}):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        state = monitor(feeds=DEFAULT_FEEDS, db=db, return_state=True)
        assert state.is_cancelled(), state
        assert "another newswatch cycle" in state.message
        assert not Path(db).exists(), "nothing was done"
    finally:
        holder.kill()
        holder.wait(timeout=10)
