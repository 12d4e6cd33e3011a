"""What every command shares: the error type, `--db` resolution, time flags, Rich output.

Commands stay thin: they parse options, call the library and hand rows to `print_table`
or `print_json`. Nothing here runs SQL.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from newswatch.config import default_db


class UserError(Exception):
    """A problem the user can fix; printed as one line (with the fix) and exit 2."""


# Consoles are made per call: tests swap sys.stdout (capsys) between calls, and Rich
# decides colour (off with NO_COLOR or when piped) and width from the stream it writes to.
def out() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def err() -> Console:
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def echo(text: str = "") -> None:
    """Plain text to stdout (no markup, no wrapping): summaries, reports, file names."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# -- shared options -------------------------------------------------------------------------
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Warehouse file (default: $NEWSWATCH_DB, else db in newswatch.toml, else "
        "data/newswatch.duckdb). Example: --db data/newswatch.duckdb",
        show_default=False,
    ),
]
FeedsOpt = Annotated[
    str | None,
    typer.Option(
        metavar="YAML",
        help="Feed list YAML (default: $NEWSWATCH_FEEDS, else feeds in newswatch.toml, else the "
        "shipped seeds/feeds.yaml). Example: --feeds seeds/feeds.yaml",
        show_default=False,
    ),
]
RulesOpt = Annotated[
    str | None,
    typer.Option(
        metavar="YAML",
        help="Alert rules YAML (default: $NEWSWATCH_RULES, else rules in newswatch.toml, else the "
        "shipped seeds/alerts.yaml). Example: --rules seeds/alerts.yaml",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Every field as JSON, for scripts. Example: --json")]
QuietOpt = Annotated[bool, typer.Option("--quiet", help="No progress bar. Example: --quiet")]


def db_path(db: str | None, *, must_exist: bool = True) -> str:
    """The one resolution of `--db` for every command.

    Read commands pass must_exist=True (the default): they never create a file or a folder,
    and a missing warehouse is one line with the fix. Only `migrate`, `run`, `serve`,
    `replay` and `demo`-like commands, which build the warehouse, pass False.
    """
    path = db or default_db()
    if must_exist and not Path(path).is_file():
        raise UserError(f"no warehouse at {path} — run 'newswatch migrate --db {path}' or pass --db")
    return path


def feeds_path(feeds: str | None) -> str:
    """`--feeds`, else the settings' feed list (NEWSWATCH_FEEDS > newswatch.toml > shipped)."""
    from newswatch.settings import current_settings

    return str(feeds) if feeds else current_settings().feeds


def rules_path(rules: str | None) -> str:
    """`--rules`, else the settings' rules file (NEWSWATCH_RULES > newswatch.toml > shipped)."""
    from newswatch.settings import current_settings

    return str(rules) if rules else current_settings().rules


def time_arg(value: str | None, flag: str, now: datetime | None = None) -> datetime | None:
    """`--since/--until/--now` through newswatch.timeargs; errors name the flag."""
    from newswatch.timeargs import TimeArgError, parse_time

    try:
        return parse_time(value, now=now, flag=flag)
    except TimeArgError as exc:
        raise UserError(str(exc)) from None


# -- output ---------------------------------------------------------------------------------
SEVERITY_STYLE = {
    "critical": "bold red",
    "high": "red",
    "warning": "yellow",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


def cell(value: Any) -> str:
    """A value as table text: UTC times to the second, without the offset ('2026-03-29 23:59:59'; the
    warehouse is UTC throughout) to spare a narrow terminal; CSV and JSON keep ISO 8601."""
    from warehouse.sql_sandbox import text_value

    if isinstance(value, datetime) and value.utcoffset() == timedelta(0):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    return text_value(value).replace("\n", " ")


def fit_widths(
    natural: Sequence[int], available: int, keep: Sequence[bool] = (), minimum: int = 3
) -> list[int]:
    """Column widths that fit `available` cells (gaps of 2 between columns included).

    Narrow columns keep their whole width; the widest are cut to one common cap, so no
    column ever disappears (Rich's own squeezing drops whole columns on a narrow terminal:
    an alert's id, kind and severity vanished at 80 columns). Columns marked in `keep`
    (ids, names a user copies) are never cut while another column can give way."""
    budget = available - 2 * max(len(natural) - 1, 0)
    if sum(natural) <= budget:
        return list(natural)
    kept = [bool(k) for k in keep] + [False] * (len(natural) - len(keep))
    fixed = sum(w for w, k in zip(natural, kept, strict=True) if k)
    flexible = [w for w, k in zip(natural, kept, strict=True) if not k]
    if any(kept) and flexible and budget - fixed >= minimum * len(flexible):
        cut = iter(fit_widths(flexible, budget - fixed + 2 * (len(flexible) - 1), minimum=minimum))
        return [w if k else next(cut) for w, k in zip(natural, kept, strict=True)]
    widths = sorted(natural)
    cap, used = minimum, 0
    for i, w in enumerate(widths):  # find the largest cap such that sum(min(w, cap)) fits
        left = len(widths) - i
        if used + w * left > budget:
            cap = max((budget - used) // left, minimum)
            break
        used += w
    return [min(w, cap) for w in natural]


def make_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    wide: bool = False,
    max_width: int = 60,
    styles: dict[str, dict[str, str]] | None = None,
    width: int | None = None,
    keep: Sequence[str] = (),
) -> Table:
    """A Rich table fitted to `width` cells: cells longer than `max_width` are cut with …, then
    the widest columns shrink until the table fits (`fit_widths`; every column stays). With
    `wide` nothing is cut: cells wrap whole. `styles` maps a column to {value: style}."""
    texts = [[cell(v) for v in row] for row in rows]
    table = Table(show_edge=False, box=None, header_style="bold", pad_edge=False)
    if wide:
        for col in columns:
            table.add_column(_escape(col), overflow="fold")
    else:
        natural = natural_widths(columns, texts, max_width)
        sizes = fit_widths(natural, width, [c in keep for c in columns]) if width else natural
        for col, size in zip(columns, sizes, strict=True):
            table.add_column(_escape(col), overflow="ellipsis", no_wrap=True, width=size)
    styles = styles or {}
    for row in texts:
        cells = []
        for col, text in zip(columns, row, strict=True):
            style = styles.get(col, {}).get(text.lower())
            cells.append(f"[{style}]{_escape(text)}[/]" if style else _escape(text))
        table.add_row(*cells)
    return table


def natural_widths(columns: Sequence[str], texts: Sequence[Sequence[str]], max_width: int) -> list[int]:
    """Each column's width with nothing cut: its longest cell or header, at most `max_width`
    (a header is never cut by it)."""
    from rich.cells import cell_len

    return [
        min(max([cell_len(col)] + [cell_len(r[i]) for r in texts]), max(max_width, cell_len(col)))
        for i, col in enumerate(columns)
    ]


MIN_COLUMN = 8  # narrower than this a column shows nothing useful ("20…" for a date)


def columns_that_fit(natural: Sequence[int], available: int) -> int:
    """How many leading columns fit `available` cells when each may be cut to MIN_COLUMN
    (a narrower one keeps its width); the rest are left out with a note instead of every
    column shrinking to two characters."""
    used = 0
    for i, w in enumerate(natural):
        used += min(w, MIN_COLUMN) + (2 if i else 0)
        if used > available:
            return max(i, 1)
    return len(natural)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def console_width() -> int:
    """The width tables are fitted to: the terminal's (or $COLUMNS); 200 for a pipe without
    $COLUMNS (a pipe has no width: do not squeeze)."""
    if not sys.stdout.isatty() and not os.environ.get("COLUMNS"):
        return 200
    return out().width


def print_table(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    wide: bool = False,
    max_width: int = 60,
    styles: dict[str, dict[str, str]] | None = None,
    footer: bool = True,
    keep: Sequence[str] = (),
    more_hint: str = "a wider terminal or --json shows them",
) -> None:
    """Print rows as a table fitted to the terminal (see make_table); `keep`: columns never
    cut while others can give way. Columns that cannot fit even cut short are left out,
    and a line names them (with `more_hint`)."""
    console = out()
    width = console_width()
    console.width = width if not wide or sys.stdout.isatty() or os.environ.get("COLUMNS") else 10_000
    hidden: list[str] = []
    if not wide:
        texts = [[cell(v) for v in row] for row in rows]
        shown = columns_that_fit(natural_widths(columns, texts, max_width), width)
        if shown < len(columns):
            hidden = list(columns[shown:])
            columns, rows = columns[:shown], [row[:shown] for row in rows]
    console.print(
        make_table(columns, rows, wide=wide, max_width=max_width, styles=styles, width=width, keep=keep)
    )
    if hidden:
        many = "s" if len(hidden) != 1 else ""
        echo(f"({len(hidden)} more column{many} not shown: {', '.join(hidden)} — {more_hint})")
    if footer:
        echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def to_json(data: Any) -> str:
    from warehouse.sql_sandbox import json_value

    return json.dumps(json_value(data), ensure_ascii=False, indent=1)


def print_json(data: Any) -> None:
    echo(to_json(data))


def records(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, r, strict=True)) for r in rows]


@contextmanager
def progress_bar(description: str, total: int | None, *, quiet: bool = False) -> Iterator[Any]:
    """A Rich progress bar on stderr (total, ETA); silent when quiet or stderr is not a terminal.

    Yields `advance(completed=None, total=None, description=None)`.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err(),
        transient=False,
        disable=quiet or not sys.stderr.isatty(),
    )
    with progress:
        task = progress.add_task(description, total=total)

        def update(
            completed: float | None = None,
            total: float | None = None,
            description: str | None = None,
            advance: float | None = None,
        ) -> None:
            kwargs: dict[str, Any] = {}
            if completed is not None:
                kwargs["completed"] = completed
            if total is not None:
                kwargs["total"] = total
            if description is not None:
                kwargs["description"] = description
            if advance is not None:
                kwargs["advance"] = advance
            progress.update(task, **kwargs)

        yield update
