"""The Typer application every command module registers on (see newswatch/cli/__init__.py)."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="newswatch",
    help=(
        "News monitoring for the Syria / Libya / Turkey-Russia-Iran theatre: feeds, text, events "
        "and recurrence alerts in a DuckDB warehouse.\n\n"
        "Example: newswatch migrate && newswatch run && newswatch alerts list --since 7d"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help="Settings file (default: $NEWSWATCH_CONFIG, else ./newswatch.toml if present); "
            "flags > NEWSWATCH_* variables > this file > defaults. "
            "Example: newswatch --config ~/newswatch.toml alerts list",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Show the full stack trace of an unexpected error (also NEWSWATCH_DEBUG=1). "
            "Example: newswatch --debug run",
        ),
    ] = False,
) -> None:
    """The global options; `--debug` is also accepted after the command name.

    Reads the settings once (newswatch.settings.load_settings) and installs them for the
    command: `--db`, `--feeds`, `--rules` default to them (common.db_path, feeds_path,
    rules_path)."""
    from newswatch.cli.common import UserError
    from newswatch.settings import SettingsError, load_settings, use_settings

    try:
        settings = load_settings(config)
    except SettingsError as exc:
        raise UserError(f"{exc} — fix the setting or the config file") from None
    ctx.with_resource(use_settings(settings))


def group(name: str, help: str) -> typer.Typer:
    """A command group (`newswatch NAME SUBCOMMAND`) registered on the app."""
    sub = typer.Typer(
        name=name,
        help=help,
        no_args_is_help=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    )
    app.add_typer(sub, name=name)
    return sub
