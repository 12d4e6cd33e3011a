"""The `newswatch` command: a thin layer over the library and the flows."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from newswatch.config import DEFAULT_FEEDS, DEFAULT_RULES, SEEDS_DIR, default_db
from newswatch.locking import CycleBusy
from newswatch.seeds import SeedError

# The gold sets are test data of a source checkout (tests/gold) and their text is the shared
# corpus beside it; `eval` is a developer's command and takes both as options.
GOLD_DIR = Path(SEEDS_DIR).parent / "tests" / "gold"
CORPUS_DIR = Path(SEEDS_DIR).parent.parent / "shared" / "corpus"


class UserError(Exception):
    """A problem the user can fix; printed as one line without a traceback."""


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", default=None, help="warehouse file (default: $NEWSWATCH_DB, else data/newswatch.duckdb)"
    )


def _db(args) -> str:
    return args.db or default_db()


# -- run -----------------------------------------------------------------------------------


def _parse_now(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"--now {value!r} is not an ISO date or time") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def cmd_run(args) -> int:
    from newswatch.alert_rules import load_rules
    from newswatch.seeds import load_feeds

    load_feeds(args.feeds)  # fail fast, before Prefect starts, on a bad feed list
    load_rules(args.rules)
    from flows.monitor import monitor
    from newswatch.locking import cycle_lock

    with cycle_lock(_db(args), wait_s=args.wait_for_cycle):
        result = monitor(
            feeds=str(args.feeds),
            db=_db(args),
            rules=str(args.rules),
            allow_private_hosts=args.allow_private_hosts,
            force=args.all_feeds,
            now=_parse_now(args.now),
        )
    print(result["summary"])
    return 0


# -- sql -------------------------------------------------------------------------------------


def _format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def format_table(columns: list[str], rows: list[tuple], max_width: int = 60) -> str:
    cells = [[_format_value(v).replace("\n", " ") for v in row] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]
    line = "  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def cmd_sql(args) -> int:
    import duckdb

    from warehouse import WarehouseBusy, connect

    if args.file:
        query = Path(args.file).read_text(encoding="utf-8")
    elif args.query:
        query = args.query
    else:
        raise UserError("give a query or --file FILE")
    try:
        with connect(_db(args), read_only=True, wait_s=args.wait) as con:
            if args.format == "parquet":
                if not args.out:
                    raise UserError("--format parquet needs --out FILE")
                con.execute(f"COPY ({query.rstrip().rstrip(';')}) TO '{_sql_str(args.out)}' (FORMAT parquet)")
                print(f"wrote {args.out}")
                return 0
            cur = con.execute(query)
            if cur.description is None:
                return 0
            columns = [d[0] for d in cur.description]
            rows = cur.fetchall()
    except WarehouseBusy as exc:
        raise UserError(f"{exc}; try again in a moment") from None
    except FileNotFoundError as exc:
        raise UserError(str(exc)) from None
    except duckdb.Error as exc:
        raise UserError(f"SQL error: {str(exc).splitlines()[0]}") from None
    if args.format == "table":
        text = format_table(columns, rows)
    elif args.format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([[_format_value(v) for v in r] for r in rows])
        text = buf.getvalue()
    else:
        text = json.dumps(
            [dict(zip(columns, r, strict=True)) for r in rows],
            default=_json_default,
            ensure_ascii=False,
            indent=1,
        )
    if args.out:
        Path(args.out).write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")
        print(f"wrote {len(rows)} rows to {args.out}")
    else:
        print(text)
    return 0


def _sql_str(value: str) -> str:
    return value.replace("'", "''")


# -- migrate / schema ------------------------------------------------------------------------


def cmd_migrate(args) -> int:
    from warehouse import migrate, migration_status

    if args.status:
        for version, name, applied in migration_status(_db(args)):
            print(f"{version:03d}_{name:<30} {'applied ' + applied if applied else 'pending'}")
        return 0
    applied = migrate(_db(args))
    print("applied: " + ", ".join(applied) if applied else "warehouse is up to date")
    return 0


def cmd_schema(args) -> int:
    from warehouse import migrate, reports

    if not Path(_db(args)).exists():
        migrate(_db(args))
    for table, comment, cols in reports.schema(_db(args)):
        if args.table and table != args.table:
            continue
        print(f"{table}: {comment or ''}")
        for name, dtype, ccomment in cols:
            print(f"  {name:<22} {dtype:<14} {ccomment or ''}")
        print()
    return 0


# -- feeds -----------------------------------------------------------------------------------


def cmd_feeds_check(args) -> int:
    from newswatch.seeds import load_feeds
    from warehouse import reports

    feeds = load_feeds(args.feeds)
    print(f"{args.feeds}: {len(feeds)} feeds, valid")
    health = reports.feed_health(_db(args)) if Path(_db(args)).exists() else {}
    rows = []
    for feed in feeds:
        failures, ok_at, new_at, last = health.get(feed.feed_id, (None, None, None, None))
        rows.append(
            (
                feed.name,
                failures if failures is not None else "-",
                ok_at,
                new_at,
                (last or "never fetched")[:70],
            )
        )
    print(format_table(["feed", "failures", "last_success", "last_new_item", "last_fetch"], rows))
    return 0


# -- alerts ----------------------------------------------------------------------------------


def cmd_alerts(args) -> int:
    from warehouse import reports

    if args.alerts_command == "show":
        row = reports.alert(_db(args), args.alert_id)
        if row is None:
            raise UserError(f"no alert {args.alert_id!r}")
        print(json.dumps(json.loads(row[2]), indent=1, ensure_ascii=False) if args.json else row[1])
        return 0
    since = _parse_now(args.since) if args.since else None
    columns, rows = reports.alerts(_db(args), since, args.rule)
    if args.json:
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=_json_default, indent=1))
    else:
        print(format_table(columns, rows, max_width=100))
    return 0


# -- eval ------------------------------------------------------------------------------------


def cmd_eval(args) -> int:
    from newswatch import evaluation as ev

    if getattr(args, "plover", None):
        print(ev.format_report(ev.evaluate_plover(args.plover, SEEDS_DIR), show_errors=args.errors))
        return 0
    if getattr(args, "guardian", None):
        rec = ev.evaluate_guardian(args.guardian, SEEDS_DIR)
        print(f"guardian: {rec.items} articles, '{rec.tag}' recall {rec.recall:.3f} ({rec.hits}/{rec.items})")
        if args.errors:
            print("\n".join(f"  missed {m}" for m in rec.misses))
        return 0
    if getattr(args, "seed", None):
        print(ev.format_seed_report(*ev.seed_article_report(args.seed, SEEDS_DIR)))
        return 0
    if args.split:
        return _eval_gold_sets(args, events_only=args.eval_command == "events")
    items = ev.load_gold(args.gold)
    report = ev.evaluate_tagging(items, SEEDS_DIR)
    print(ev.format_report(report, show_errors=args.errors))
    return 0


def _eval_gold_sets(args, events_only: bool) -> int:
    """The independent gold sets per half; errors are shown for the tune half only."""
    from newswatch import evaluation as ev

    if not Path(args.corpus).is_dir():
        raise UserError(f"--corpus {args.corpus}: the shared corpus (the gold's text) is not there")
    for name in ("streams",) if events_only else ("streams", "articles"):
        reports = ev.gold_set_reports(GOLD_DIR / name, args.corpus, name, SEEDS_DIR)
        for half in _split_halves(args.split):
            text = ev.format_split_report(
                name, half, reports[half], show_errors=args.errors and half == "tune"
            )
            lines = text.splitlines()
            print("\n".join(ln for ln in lines if not (events_only and ln.startswith("  theatre"))))
    return 0


# -- serve -----------------------------------------------------------------------------------


def cmd_serve(args) -> int:
    from newswatch.alert_rules import load_rules
    from newswatch.seeds import load_feeds

    load_feeds(args.feeds)  # fail fast on a bad feed list or rules file
    load_rules(args.rules)
    from flows.serve import serve

    serve(
        feeds=str(args.feeds),
        db=_db(args),
        rules=str(args.rules),
        allow_private_hosts=args.allow_private_hosts,
        paused=args.paused,
        port=args.port,
        limit=args.limit,
    )
    return 0


# -- main ------------------------------------------------------------------------------------


# -- warehouse commands: export, backup, replay, backtest, eval alerts ------------------------


def cmd_export(args) -> int:
    from warehouse.exports import export_parquet

    since = date.fromisoformat(args.since) if args.since else None
    for table, target, rows in export_parquet(_db(args), args.out, since):
        print(f"{table:<16} {rows:>8} rows -> {target}")
    return 0


def cmd_backup(args) -> int:
    from warehouse.exports import backup

    size = backup(_db(args), args.out)
    print(f"backed up {_db(args)} to {args.out} ({size / 1e6:.1f} MB)")
    return 0


def cmd_replay(args) -> int:
    from newswatch.alert_rules import load_rules
    from newswatch.locking import cycle_lock
    from newswatch.stages.history import run_replay

    def progress(end, report):
        print(
            f"\r{end:%Y-%m-%d} articles {report.new_articles} events {report.events} "
            f"alerts {len(report.alerts)}",
            end="",
            file=sys.stderr,
            flush=True,
        )

    with cycle_lock(_db(args)):
        report = run_replay(
            args.paths,
            _db(args),
            load_rules(args.rules),
            SEEDS_DIR,
            args.batch_days,
            progress=None if args.quiet else progress,
        )
    print(file=sys.stderr)
    print(
        f"replayed {report.items} items in {report.batches} batches: {report.new_articles} new "
        f"articles ({report.copies} copies), {report.events} events, {len(report.alerts)} alerts"
    )
    by_kind: dict[str, int] = {}
    for alert in report.alerts:
        by_kind[alert["rule"]] = by_kind.get(alert["rule"], 0) + 1
    for rule, n in sorted(by_kind.items()):
        print(f"  {rule}: {n}")
    return 0


def cmd_backtest(args) -> int:
    from newswatch.alert_rules import load_rules
    from newswatch.stages.history import backtest

    since = date.fromisoformat(args.since) if args.since else None
    fired = backtest(_db(args), load_rules(args.rules), since)
    rows = [(a["created_for"], a["rule"], a["severity"], a["summary"]) for a in fired]
    print(format_table(["date", "rule", "severity", "summary"], rows, max_width=110))
    print(f"{len(fired)} alerts would have fired (nothing was sent or stored)")
    return 0


def _split_halves(split: str) -> list[str]:
    return ["tune", "held_out"] if split == "both" else [split]


def cmd_eval_alerts(args) -> int:
    from newswatch.alert_eval import evaluate_alerts, evaluate_stream_alerts, format_score

    if args.split:
        gold = Path(args.gold_dir)
        if not Path(args.corpus).is_dir():
            raise UserError(f"--corpus {args.corpus}: the shared corpus (the gold's text) is not there")
        scores = evaluate_stream_alerts(gold, args.corpus, args.rules, SEEDS_DIR)
        for half in _split_halves(args.split):
            print(f"recurrence alerts on the real-stream timeline ({gold.name}), {half}:")
            print(format_score(scores[half], show_errors=args.errors and half == "tune"))
        return 0
    expected = args.expected or str(Path(args.gold).with_name("alerts_expected.jsonl"))
    score = evaluate_alerts(args.gold, expected, args.rules, SEEDS_DIR)
    print(format_score(score, show_errors=args.errors))
    return 0


def cmd_backfill(args) -> int:
    from newswatch.alert_rules import load_rules
    from newswatch.stages.history import run_backfill

    try:
        since = datetime.fromisoformat(args.since)
    except ValueError:
        raise UserError(f"--since {args.since!r} is not an ISO date") from None
    since = since if since.tzinfo else since.replace(tzinfo=UTC)

    def progress(done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total) if total else width
        print(
            f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} articles",
            end="",
            file=sys.stderr,
            flush=True,
        )

    result = run_backfill(
        _db(args),
        since,
        SEEDS_DIR,
        load_rules(args.rules) if args.alerts and args.rules else None,
        args.batch_size,
        args.alerts,
        None if args.quiet else progress,
    )
    print(file=sys.stderr)
    print(
        f"re-tagged {result['articles']} articles: {result['events']} events, "
        f"{result['clusters_touched']} clusters touched, {result['alerts']} alerts recorded"
    )
    return 0


def _add_warehouse_commands(sub, esub) -> None:
    p = sub.add_parser(
        "backfill",
        help="re-tag stored articles with the current gazetteer and rules "
        "(no fetching), then cluster; idempotent",
    )
    p.add_argument("--since", required=True, help="articles published on or after this date (ISO)")
    p.add_argument("--rules", default=DEFAULT_RULES)
    p.add_argument("--batch-size", type=int, default=500)
    p.add_argument(
        "--alerts",
        action="store_true",
        help="also record alerts for the history (delivered by the next notify)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_db(p)
    p.set_defaults(func=cmd_backfill)

    p = sub.add_parser("export", help="write every table as Parquet (partitioned by date for large ones)")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--since", help="only rows dated on or after this day (YYYY-MM-DD)")
    _add_db(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("backup", help="a consistent copy of the warehouse file")
    p.add_argument("--out", required=True, help="backup file to write")
    _add_db(p)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "replay",
        help="replay archives (snapshot folders, JSON Lines streams) "
        "through the pipeline with a simulated clock; fetches nothing",
    )
    p.add_argument("paths", nargs="+", help="snapshot folders or .jsonl / .jsonl.gz files")
    p.add_argument("--rules", default=DEFAULT_RULES)
    p.add_argument("--batch-days", type=float, default=1.0, help="simulated time per batch (days)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    _add_db(p)
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("backtest", help="run alert rules over the stored history; sends and stores nothing")
    p.add_argument("--rules", default=DEFAULT_RULES)
    p.add_argument("--since", help="only clusters from this day (YYYY-MM-DD)")
    _add_db(p)
    p.set_defaults(func=cmd_backtest)

    c = esub.add_parser("alerts", help="replay a labelled timeline and score the alerts")
    c.add_argument("--gold", default=str(Path(SEEDS_DIR).parent / "tests" / "gold" / "alerts_timeline.jsonl"))
    c.add_argument("--expected", help="expected alerts (default: alerts_expected.jsonl beside --gold)")
    c.add_argument("--rules", default=DEFAULT_RULES)
    c.add_argument(
        "--errors", action="store_true", help="list false and missed alerts (tune half only with --split)"
    )
    c.add_argument(
        "--split",
        choices=["tune", "held_out", "both"],
        help="score the real-stream recurrence timeline (--gold-dir) instead, per half",
    )
    c.add_argument(
        "--gold-dir", default=str(GOLD_DIR / "recurrence_streams"), help="real-stream timeline folder"
    )
    c.add_argument("--corpus", default=str(CORPUS_DIR), help="../shared/corpus (the timeline's text)")
    c.set_defaults(func=cmd_eval_alerts)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newswatch",
        description=(
            "News monitoring for the Syria / Libya / Turkey-Russia-Iran theatre: feeds, text, "
            "events and recurrence alerts in a DuckDB warehouse."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="run one monitoring cycle (a Prefect flow run of 'monitor')")
    p.add_argument("--feeds", default=DEFAULT_FEEDS, help="feed list YAML (default: seeds/feeds.yaml)")
    p.add_argument("--rules", default=DEFAULT_RULES, help="alert rules YAML (default: seeds/alerts.yaml)")
    _add_db(p)
    p.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="allow fetching from private/loopback addresses (tests, local demos)",
    )
    p.add_argument("--all-feeds", action="store_true", help="poll every feed, due or not")
    p.add_argument("--now", help="simulated clock (ISO time) for replays and tests")
    p.add_argument(
        "--wait-for-cycle",
        type=float,
        default=0.0,
        help="seconds to wait if another cycle is running (default: exit at once)",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser(
        "serve",
        help="run monitor (every 15 min), notify (every 5 min) and digest (07:00 UTC) on schedule "
        "in this process, until Ctrl-C",
        description="Serve the deployments of prefect.yaml in this process with Prefect's serve(). "
        "Uses $PREFECT_API_URL (or the active Prefect profile's API); with none, starts a Prefect "
        "server on 127.0.0.1:PORT for as long as it runs.",
    )
    p.add_argument("--feeds", default=DEFAULT_FEEDS, help="feed list YAML (default: seeds/feeds.yaml)")
    p.add_argument("--rules", default=DEFAULT_RULES, help="alert rules YAML (default: seeds/alerts.yaml)")
    _add_db(p)
    p.add_argument(
        "--allow-private-hosts",
        action="store_true",
        help="allow fetching from private/loopback addresses (tests, local demos)",
    )
    p.add_argument(
        "--paused", action="store_true", help="register the schedules paused: runs only when triggered"
    )
    p.add_argument(
        "--port", type=int, default=4200, help="port of the local Prefect server started when none is set"
    )
    p.add_argument("--limit", type=int, default=None, help="at most this many flow runs at once")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("sql", help="run a read-only SQL query against the warehouse")
    p.add_argument("query", nargs="?", help="the SQL query")
    p.add_argument("--file", help="read the query from a file")
    p.add_argument("--format", choices=["table", "csv", "json", "parquet"], default="table")
    p.add_argument("--out", help="write the result to this file")
    p.add_argument(
        "--wait", type=float, default=5.0, help="seconds to wait while the pipeline is writing (default 5)"
    )
    _add_db(p)
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("migrate", help="apply pending warehouse migrations")
    p.add_argument("--status", action="store_true", help="list migrations and whether applied")
    _add_db(p)
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("schema", help="print tables, views and their documented columns")
    p.add_argument("table", nargs="?", help="only this table or view")
    _add_db(p)
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("feeds", help="feed list commands")
    fsub = p.add_subparsers(dest="feeds_command", required=True, metavar="SUBCOMMAND")
    c = fsub.add_parser("check", help="validate the feed list and print each feed's health")
    c.add_argument("--feeds", default=DEFAULT_FEEDS)
    _add_db(c)
    c.set_defaults(func=cmd_feeds_check)

    p = sub.add_parser("alerts", help="list or show alerts")
    asub = p.add_subparsers(dest="alerts_command", required=True, metavar="SUBCOMMAND")
    c = asub.add_parser("list", help="list alerts")
    c.add_argument("--since", help="only alerts created since this ISO date/time")
    c.add_argument("--rule", help="only alerts of this rule")
    c.add_argument("--json", action="store_true")
    _add_db(c)
    c.set_defaults(func=cmd_alerts)
    c = asub.add_parser("show", help="show one alert with its explanation")
    c.add_argument("alert_id")
    c.add_argument("--json", action="store_true", help="the structured explanation")
    _add_db(c)
    c.set_defaults(func=cmd_alerts)

    p = sub.add_parser("eval", help="evaluate the tagger or the alerts on a gold set")
    esub = p.add_subparsers(dest="eval_command", required=True, metavar="SUBCOMMAND")
    c = esub.add_parser("tagging", help="precision/recall/F1 of tags and event types")
    c.add_argument("--gold", default=str(Path(SEEDS_DIR).parent / "tests" / "gold" / "tagging.jsonl"))
    c.add_argument("--errors", action="store_true", help="list every error")
    c.add_argument("--plover", metavar="JSON", help="score PLOVER_GSR_CAMEO.json instead")
    c.add_argument("--guardian", metavar="ZIP", help="recall of 'syria' on the Guardian sample zip instead")
    c.add_argument("--seed", metavar="TXT", help="list the seed article's expected events found/missing")
    c.add_argument(
        "--split",
        choices=["tune", "held_out", "both"],
        help="score the independent real-news gold sets (tests/gold/streams, articles) per half instead",
    )
    c.add_argument("--corpus", default=str(CORPUS_DIR), help="../shared/corpus (the gold's text)")
    c.set_defaults(func=cmd_eval)
    c = esub.add_parser("events", help="event type and type+place F1 on the real-feed gold set, per half")
    c.add_argument("--split", choices=["tune", "held_out", "both"], default="both")
    c.add_argument("--errors", action="store_true", help="list the tune half's errors")
    c.add_argument("--corpus", default=str(CORPUS_DIR), help="../shared/corpus (the gold's text)")
    c.set_defaults(func=cmd_eval)
    _add_warehouse_commands(sub, esub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CycleBusy as exc:
        print(f"newswatch: {exc}", file=sys.stderr)
        return 75  # EX_TEMPFAIL: try again later
    except (UserError, SeedError) as exc:
        print(f"newswatch: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from warehouse import WarehouseBusy

        if isinstance(exc, WarehouseBusy):
            print(f"newswatch: error: {exc}", file=sys.stderr)
            return 3
        if os.environ.get("NEWSWATCH_DEBUG"):
            raise
        print(
            f"newswatch: error: {type(exc).__name__}: {exc} (set NEWSWATCH_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
