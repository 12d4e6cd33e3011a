"""python -m newswatch.report --db data/newswatch.duckdb --since 7d --out report.html"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from newswatch.report import build_report
from newswatch.settings import current_settings
from newswatch.timeargs import TimeArgError, parse_time
from warehouse.db import WarehouseBusy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newswatch.report",
        description="Write the HTML report (one self-contained file, no network needed) for a time window.",
    )
    parser.add_argument("--db", default=None, help="the warehouse (default: the db setting, $NEWSWATCH_DB)")
    parser.add_argument(
        "--since", default="7d", help="start of the window (2026-02-01, 7d, 36h, ...); default 7d"
    )
    parser.add_argument("--until", default=None, help="end of the window (default: now)")
    parser.add_argument("--now", default=None, help="the clock for relative times (default: the real time)")
    parser.add_argument("--out", default="report.html", help="output file (- for stdout)")
    args = parser.parse_args(argv)
    try:
        now = parse_time(args.now, flag="--now") or datetime.now(UTC)
        until = parse_time(args.until, now=now, flag="--until") or now
        since = parse_time(args.since, now=now, flag="--since")
        page = build_report(args.db or current_settings().db, since, until, now)
    except (TimeArgError, ValueError, FileNotFoundError, WarehouseBusy) as exc:
        print(f"newswatch report: {exc}", file=sys.stderr)
        return 2
    if args.out == "-":
        sys.stdout.write(page)
    else:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        print(
            f"wrote {out} ({len(page.encode('utf-8')) // 1024} KB) "
            f"for {since:%Y-%m-%d %H:%M} .. {until:%Y-%m-%d %H:%M} UTC"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
