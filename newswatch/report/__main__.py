"""python -m newswatch.report --db data/newswatch.duckdb --since 7d --out report.html

The same command as `newswatch report` (newswatch/cli/report.py), kept for scripts that call
the module."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    import sys

    from newswatch.cli import main as cli_main

    return cli_main(["report", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
