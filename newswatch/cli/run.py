"""`newswatch run` (one cycle) and `newswatch serve` (the schedules)."""

from __future__ import annotations

from typing import Annotated

import typer

from newswatch.cli.app import app, group
from newswatch.cli.common import (
    DbOpt,
    FeedsOpt,
    RulesOpt,
    db_path,
    echo,
    feeds_path,
    rules_path,
    time_arg,
)

PrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private-hosts",
        help="Allow fetching from private/loopback addresses (tests, local demos). "
        "Example: --allow-private-hosts",
    ),
]


@app.command()
def run(
    feeds: FeedsOpt = None,
    rules: RulesOpt = None,
    db: DbOpt = None,
    allow_private_hosts: PrivateOpt = False,
    all_feeds: Annotated[
        bool, typer.Option("--all-feeds", help="Poll every feed, due or not. Example: --all-feeds")
    ] = False,
    now: Annotated[
        str | None,
        typer.Option(help="Simulated clock for replays and tests. Example: --now 2026-02-01T10:00"),
    ] = None,
    wait_for_cycle: Annotated[
        float,
        typer.Option(
            help="Seconds to wait if another cycle is running (default: exit at once with 75). "
            "Example: --wait-for-cycle 60"
        ),
    ] = 0.0,
) -> int:
    """Run one monitoring cycle (a Prefect flow run of 'monitor').

    Example: newswatch run --db data/newswatch.duckdb
    """
    feeds = feeds_path(feeds)
    rules = rules_path(rules)
    from newswatch.alert_rules import load_rules
    from newswatch.seeds import load_feeds

    clock = time_arg(now, "--now")
    load_feeds(feeds)  # fail fast, before Prefect starts, on a bad feed list
    load_rules(rules)
    path = db_path(db, must_exist=False)
    from newswatch import prefect_server
    from newswatch.locking import cycle_lock

    # the lock first: a cycle that finds another one running exits at once, without
    # starting (or waiting for) a Prefect server and without leaving a cancelled flow run
    with cycle_lock(path, wait_s=wait_for_cycle), prefect_server.api():
        from flows.monitor import monitor

        with prefect_server.without_heartbeat():
            result = monitor(
                feeds=str(feeds),
                db=path,
                rules=str(rules),
                allow_private_hosts=allow_private_hosts,
                force=all_feeds,
                now=clock,
            )
    echo(result["summary"])
    return 0


@app.command()
def serve(
    feeds: FeedsOpt = None,
    rules: RulesOpt = None,
    db: DbOpt = None,
    allow_private_hosts: PrivateOpt = False,
    paused: Annotated[
        bool,
        typer.Option(
            "--paused", help="Register the schedules paused: runs only when triggered. Example: --paused"
        ),
    ] = False,
    port: Annotated[
        int,
        typer.Option(help="Port of the local Prefect server started when none is set. Example: --port 4300"),
    ] = 4200,
    limit: Annotated[
        int | None, typer.Option(help="At most this many flow runs at once. Example: --limit 2")
    ] = None,
) -> int:
    """Run the schedules (monitor 15 min, notify 5 min, digest 07:00 UTC) until Ctrl-C.

    monitor runs every 15 minutes, notify every 5 and digest daily at 07:00 UTC, in this
    process.
    Uses $PREFECT_API_URL (or the active Prefect profile's API); with none, starts a Prefect
    server on 127.0.0.1:PORT for as long as it runs.

    Example: newswatch serve --db data/newswatch.duckdb --port 4200
    """
    feeds = feeds_path(feeds)
    rules = rules_path(rules)
    from newswatch.alert_rules import load_rules
    from newswatch.seeds import load_feeds

    load_feeds(feeds)  # fail fast on a bad feed list or rules file
    load_rules(rules)
    from flows.serve import serve as serve_flows

    serve_flows(
        feeds=str(feeds),
        db=db_path(db, must_exist=False),
        rules=str(rules),
        allow_private_hosts=allow_private_hosts,
        paused=paused,
        port=port,
        limit=limit,
    )
    return 0


server_app = group(
    "server",
    "The local Prefect server that `newswatch run` starts on first use and reuses. "
    "Example: newswatch server status",
)


@server_app.command("status")
def server_status() -> int:
    """Say whether the background Prefect server runs, and where.

    Example: newswatch server status
    """
    from newswatch import prefect_server

    state = prefect_server.status()
    if state is None:
        echo(f"no background Prefect server (state in {prefect_server.state_dir()})")
        return 1
    echo(f"running: pid {state['pid']}, {state['url']}, {'healthy' if state['healthy'] else 'not answering'}")
    return 0


@server_app.command("stop")
def server_stop() -> int:
    """Stop the background Prefect server (the next run starts a new one).

    Example: newswatch server stop
    """
    from newswatch import prefect_server

    state = prefect_server.stop()
    echo(
        f"stopped the Prefect server at {state['url']}"
        if state
        else "no background Prefect server was running"
    )
    return 0
