"""The `newswatch` command line: Typer + Rich, one module per command group.

Layout:
    app.py      the Typer `app` (global `--config`, `--debug`) and `group(name, help)`; the
                root callback reads the settings once (newswatch.settings) for the command
    common.py   UserError, `db_path()`/`feeds_path()`/`rules_path()` (the one resolution of
                --db/--feeds/--rules: flag, else the settings), `time_arg()`, shared options
                (DbOpt, FeedsOpt, RulesOpt, JsonOpt, QuietOpt), Rich tables/JSON/progress
    run.py      run, serve, server status/stop        sql.py      sql (the sandbox)
    alerts.py   alerts list/show                      feeds.py    feeds check
    schema.py   migrate, schema                       evals.py    eval tagging/events/alerts
    history.py  export, backup, replay, backtest, backfill
    rules.py    rules check                           doctor.py   doctor

Adding a command group is one line: write `newswatch/cli/<name>.py` that does

    from newswatch.cli.app import app, group
    @app.command()                 # newswatch <command>
    def vacuum(db: DbOpt = None) -> None: ...
    # or: sub = group("report", "..."); @sub.command("html") ...

and add "<name>" to COMMAND_MODULES below. Commands are thin: parse options, call the
library, print with `common.print_table` / `print_json` (no SQL here); raise `UserError("what
went wrong — the fix")` for a user's mistake. Import heavy libraries inside the function so
`newswatch --help` stays fast. Every command and option has help text with an example.

`main(argv) -> int` runs the app without sys.exit (tests call it): user mistakes are one
line on stderr and exit 2, a busy cycle 75, a busy warehouse 3, anything else 1 (the stack
trace only with --debug or NEWSWATCH_DEBUG=1).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys

from newswatch.cli.app import app
from newswatch.cli.common import UserError

COMMAND_MODULES = (
    "run",
    "sql",
    "alerts",
    "feeds",
    "schema",
    "evals",
    "history",
    "rules",
    "doctor",
    "demo",
    "report",
    "maintenance",
    "feedback",
)

__all__ = ["COMMAND_MODULES", "UserError", "app", "main"]

for _name in COMMAND_MODULES:
    importlib.import_module(f"newswatch.cli.{_name}")


def _storage_problem(exc: Exception) -> str | None:
    """One line for a disk that is full or a folder that cannot be written (the cycle stops
    before or inside its transaction, so nothing already stored is lost)."""
    import errno

    text = str(exc)
    where = getattr(exc, "filename", None) or "the warehouse"
    keep = "nothing already stored is lost"
    if getattr(exc, "errno", None) == errno.EROFS or "Read-only file system" in text:
        return f"cannot write {where}: the file system is read-only — give --db a writable folder; {keep}"
    if isinstance(exc, PermissionError):
        return f"no permission to write {where} — check the folder's owner and mode; {keep}"
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EFBIG) or "No space left on device" in text:
        return f"no space left to write {where} — free space (old backups, 'newswatch vacuum'); {keep}"
    return None


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"newswatch: error: {message}\n")
    return code


_EXIT_GC_SKIPPED = False


def _skip_gc_at_exit() -> None:
    """At exit, skip the interpreter's final garbage collections over every object a command
    made: after `newswatch run` (Prefect, pydantic: ~10^6 objects) they took 0.4 s, 1-2 s on
    a busy machine, longer than the cycle itself. Registered before the command imports
    anything, it runs after the exit handlers those imports register (Prefect's flushes).
    Nothing is left unwritten: objects are still freed by reference counting, files and
    warehouse connections are closed by the code that opened them."""
    global _EXIT_GC_SKIPPED
    if not _EXIT_GC_SKIPPED:
        atexit.register(gc.freeze)
        _EXIT_GC_SKIPPED = True


def main(argv: list[str] | None = None) -> int:
    import typer

    _skip_gc_at_exit()

    try:  # Typer >= 0.2x vendors Click as typer._click
        from typer._click import exceptions as cx
    except ImportError:  # pragma: no cover
        from click import exceptions as cx

    from newswatch.locking import CycleBusy
    from newswatch.seeds import SeedError
    from newswatch.sql_output import SqlUserError
    from newswatch.timeargs import TimeArgError

    args = list(sys.argv[1:] if argv is None else argv)
    head = args[: args.index("--")] if "--" in args else args
    debug = "--debug" in head or os.environ.get("NEWSWATCH_DEBUG", "") not in ("", "0")
    if "--debug" in head:
        args.remove("--debug")
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="newswatch", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except cx.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n")
        return 2
    except (typer.Exit, getattr(cx, "Exit", typer.Exit)) as exc:
        return exc.exit_code
    except cx.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "newswatch"
        msg = " ".join(exc.format_message().split())
        return _fail(f"{msg} — see '{where} --help'", exc.exit_code or 2)
    except (typer.Abort, getattr(cx, "Abort", typer.Abort)):
        return 130
    except cx.ClickException as exc:
        return _fail(" ".join(exc.format_message().split()), exc.exit_code or 2)
    except CycleBusy as exc:
        sys.stderr.write(f"newswatch: {exc}\n")
        return 75  # EX_TEMPFAIL: try again later
    except (UserError, SeedError, TimeArgError, SqlUserError) as exc:
        if debug:
            raise
        return _fail(str(exc), 2)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from warehouse import WarehouseBusy

        if debug:
            raise
        if isinstance(exc, WarehouseBusy):
            return _fail(f"{exc}; try again in a moment", 3)
        if isinstance(exc, FileNotFoundError):
            return _fail(f"file not found: {exc.filename or exc} — check the path", 2)
        storage = _storage_problem(exc)
        if storage:
            return _fail(storage, 1)
        first = (str(exc).splitlines() or [""])[0]
        return _fail(f"{type(exc).__name__}: {first} (run with --debug for the stack trace)", 1)
