"""The Typer application every command module registers on (see newswatch/cli/__init__.py)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer
import typer.core


def reflow(doc: str) -> str:
    """A docstring as help text: each paragraph on one line. Typer's Rich help keeps the
    source's line breaks, so a wrapped docstring printed as ragged half-lines in `--help`
    and in the command list. Lines that start indented or with '- ' keep their break."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    joined = []
    for para in paragraphs:
        lines = para.splitlines()
        out = lines[:1]
        for line in lines[1:]:
            if line.startswith((" ", "- ", "\b")) or out[-1].startswith("\b"):
                out.append(line)
            else:
                out[-1] = f"{out[-1]} {line.strip()}"
        joined.append("\n".join(out))
    return "\n\n".join(joined)


class NewswatchTyper(typer.Typer):
    """typer.Typer whose commands' docstrings are reflowed into help text (see reflow)."""

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[Callable], Callable]:
        register = super().command(name, **kwargs)

        def decorator(f: Callable) -> Callable:
            if kwargs.get("help") is None and f.__doc__:
                f.__doc__ = reflow(f.__doc__)
            return register(f)

        return decorator


_display_type_rich = typer.core.TyperOption.display_type_rich


def _flag_has_no_type(self: typer.core.TyperOption, ctx: Any) -> str | None:
    """A flag takes no value: Typer's Rich help showed `--json <bool>`, which reads as if it
    wanted `--json true`."""
    return None if self.is_flag or self.count else _display_type_rich(self, ctx)


typer.core.TyperOption.display_type_rich = _flag_has_no_type  # type: ignore[method-assign]

app = NewswatchTyper(
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
    sub = NewswatchTyper(
        name=name,
        help=help,
        no_args_is_help=True,
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
    )
    app.add_typer(sub, name=name)
    return sub
