"""`newswatch feeds check`."""

from __future__ import annotations

from pathlib import Path

from newswatch.cli.app import group
from newswatch.cli.common import (
    DbOpt,
    FeedsOpt,
    JsonOpt,
    db_path,
    echo,
    err,
    feeds_path,
    print_json,
    print_table,
)

feeds_app = group("feeds", "Feed list commands. Example: newswatch feeds check")


@feeds_app.command("check")
def check(feeds: FeedsOpt = None, json: JsonOpt = False, db: DbOpt = None) -> int:
    """Validate the feed list and print each feed's health from the warehouse.

    Example: newswatch feeds check --feeds seeds/feeds.yaml --db data/newswatch.duckdb
    """
    feeds = feeds_path(feeds)
    from newswatch.seeds import load_feeds
    from warehouse import reports

    listed = load_feeds(feeds)
    path = db_path(db, must_exist=False)
    health = {}
    if Path(path).is_file():
        health = reports.feed_health(path)
    else:
        err().print(
            f"warning: no warehouse at {path} — health unknown; run 'newswatch migrate --db {path}' "
            "or pass --db",
            markup=False,
        )
    columns = ["feed", "url", "failures", "last_success", "last_new_item", "last_fetch"]
    rows = []
    for feed in listed:
        failures, ok_at, new_at, last = health.get(feed.feed_id, (None, None, None, None))
        rows.append((feed.name, feed.url, failures, ok_at, new_at, last or "never fetched"))
    if json:
        print_json(records(columns, rows))
        return 0
    echo(f"{feeds}: {len(listed)} feeds, valid")
    print_table(
        [c for c in columns if c != "url"], [r[:1] + r[2:] for r in rows], max_width=70, keep=("feed",)
    )
    return 0


def records(columns, rows):
    return [dict(zip(columns, r, strict=True)) for r in rows]
