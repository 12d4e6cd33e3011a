"""Every setting, read once into one object.

Sources, highest first: command-line flags > environment variables > the config file
(`newswatch.toml`) > the defaults below. The config file is the one named by `--config`,
else by `NEWSWATCH_CONFIG`, else `newswatch.toml` in the current folder (if there is one).
Relative paths in a config file are relative to the file's folder.

    db = "data/newswatch.duckdb"
    feeds = "seeds/feeds.yaml"
    rules = "seeds/alerts.yaml"

    [channels]            # channel name in the alert rules -> variable holding its URL
    slack = "SLACK_WEBHOOK_URL"

`load_settings()` builds the object; entry points (the CLI, a flow run) build it once and
pass it on, or install it with `use_settings()` so library code that has no settings
parameter (`current_settings()`) sees the same values. Nothing is read at import time.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


def _seeds_dir() -> Path:
    """The shipped seeds: the `seeds` package (top-level `seeds/`, installed as package data)."""
    try:
        import seeds

        return Path(seeds.__file__).resolve().parent
    except (ImportError, TypeError):  # a checkout without seeds/__init__.py
        return Path(__file__).resolve().parent.parent / "seeds"


SEEDS_DIR = _seeds_dir()
CONFIG_NAME = "newswatch.toml"
CONFIG_ENV = "NEWSWATCH_CONFIG"
DEFAULT_DB = "data/newswatch.duckdb"
DEFAULT_FEEDS = str(SEEDS_DIR / "feeds.yaml")
DEFAULT_RULES = str(SEEDS_DIR / "alerts.yaml")

# setting -> environment variable (documented in README.md, "Settings")
ENV_NAMES: dict[str, str] = {
    "db": "NEWSWATCH_DB",
    "feeds": "NEWSWATCH_FEEDS",
    "rules": "NEWSWATCH_RULES",
    "seeds_dir": "NEWSWATCH_SEEDS_DIR",
    "allow_private_hosts": "NEWSWATCH_ALLOW_PRIVATE_HOSTS",
    "fetch_timeout": "NEWSWATCH_FETCH_TIMEOUT",
    "max_bytes": "NEWSWATCH_MAX_BYTES",
    "write_wait": "NEWSWATCH_WRITE_WAIT",
    "spacy_model": "NEWSWATCH_SPACY_MODEL",
    "dask": "NEWSWATCH_DASK",
    "dask_address": "NEWSWATCH_DASK_ADDRESS",
    "dask_workers": "NEWSWATCH_DASK_WORKERS",
    "fetch_tags": "NEWSWATCH_FETCH_TAGS",
    "queries_dir": "NEWSWATCH_QUERIES_DIR",
    "respect_robots": "NEWSWATCH_RESPECT_ROBOTS",
    "prefect_server": "NEWSWATCH_PREFECT_SERVER",
    "prefect_start_s": "NEWSWATCH_PREFECT_START_S",
    "prefect_idle_s": "NEWSWATCH_PREFECT_IDLE_S",
}
PATH_SETTINGS = ("db", "feeds", "rules", "seeds_dir", "queries_dir")
BOOL_SETTINGS = ("allow_private_hosts", "respect_robots")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class SettingsError(ValueError):
    """A setting with a wrong value; the message names where it came from."""


class Settings(BaseModel):
    """All of newswatch's settings. `sources` says where each came from
    ("flag", "env", "file" or "default"); `config_file` is the file read, if any."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    db: str = DEFAULT_DB
    feeds: str = DEFAULT_FEEDS
    rules: str = DEFAULT_RULES
    seeds_dir: str = str(SEEDS_DIR)
    channels: dict[str, str] = Field(default_factory=dict)
    allow_private_hosts: bool = False
    fetch_timeout: float = Field(30.0, gt=0)
    max_bytes: int = Field(5 * 1024 * 1024, gt=0)
    write_wait: float = Field(60.0, ge=0)
    spacy_model: str | None = None
    dask: str = ""
    dask_address: str | None = None
    dask_workers: int = Field(2, ge=1)
    fetch_tags: list[str] = Field(default_factory=lambda: ["network"])
    queries_dir: str | None = None
    # robots.txt and Crawl-delay for page fetches (newswatch/robots.py); a feed can still
    # opt out alone with `robots: false` in the feed list
    respect_robots: bool = True
    # the Prefect API of `newswatch run` (newswatch/prefect_server.py): a shared background
    # server started on first use (its start deadline, its idle time before it stops) or,
    # "ephemeral", Prefect's temporary server for each run
    prefect_server: Literal["background", "ephemeral"] = "background"
    prefect_start_s: float = Field(180.0, gt=0)
    prefect_idle_s: float = Field(3600.0, gt=0)
    config_file: str | None = None
    sources: dict[str, str] = Field(default_factory=dict)

    @field_validator("fetch_tags", mode="before")
    @classmethod
    def _split_tags(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [t.strip() for t in value.split(",") if t.strip()]
        return value

    @field_validator("spacy_model", "dask_address", "queries_dir", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")

    def override(self, **flags: Any) -> Settings:
        """These settings with command-line flags applied (None means "not given")."""
        given = {k: v for k, v in flags.items() if v is not None}
        unknown = set(given) - set(USER_SETTINGS)
        if unknown:
            raise SettingsError(f"unknown settings: {', '.join(sorted(unknown))}")
        if not given:
            return self
        data = self.model_dump()
        data.update(given)
        data["sources"] = {**self.sources, **dict.fromkeys(given, "flag")}
        return _validate(data, "command-line flags")

    def channel_env(self, channel: str, default: str | None) -> str | None:
        """The environment variable holding `channel`'s URL (config file `[channels]` first)."""
        return self.channels.get(channel, default)


USER_SETTINGS = tuple(name for name in Settings.model_fields if name not in ("config_file", "sources"))


def _validate(data: dict[str, Any], where: str) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            origin = data.get("sources", {}).get(name, where)
            label = {"env": ENV_NAMES.get(name, name), "file": f"{data.get('config_file')}: {name}"}.get(
                origin, name
            )
            problems.append(f"{label}: {err['msg']}")
        raise SettingsError("; ".join(problems)) from None


def find_config(config: str | os.PathLike | None, env: Mapping[str, str], cwd: Path) -> Path | None:
    """The config file: `--config`, else $NEWSWATCH_CONFIG, else ./newswatch.toml if present.
    A file that was named explicitly must exist."""
    named = config or env.get(CONFIG_ENV) or None
    if named:
        path = Path(named).expanduser()
        path = path if path.is_absolute() else cwd / path
        if not path.is_file():
            how = "--config" if config else CONFIG_ENV
            raise SettingsError(f"{how}: no config file at {path}")
        return path
    local = cwd / CONFIG_NAME
    return local if local.is_file() else None


def read_config(path: Path) -> dict[str, Any]:
    """The settings in a config file, relative paths resolved against its folder."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    section = data.pop("newswatch", None)  # also accepted: everything under [newswatch]
    if isinstance(section, dict):
        data = {**section, **data}
    unknown = sorted(set(data) - set(USER_SETTINGS))
    if unknown:
        raise SettingsError(
            f"{path}: unknown key(s) {', '.join(unknown)} (known: {', '.join(USER_SETTINGS)})"
        )
    for name in PATH_SETTINGS:
        if isinstance(data.get(name), str):
            value = Path(data[name]).expanduser()
            data[name] = str(value if value.is_absolute() else path.parent / value)
    return data


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, var in ENV_NAMES.items():
        value = env.get(var)
        if value is None:
            continue
        if name in BOOL_SETTINGS:
            flag = value.strip().lower()
            if not flag:
                continue  # empty means "not set": the file or the default decides
            if flag not in _TRUE | _FALSE:
                raise SettingsError(f"{var}={value!r}: use 1/0, true/false, yes/no or on/off")
            out[name] = flag in _TRUE
        elif name in PATH_SETTINGS and not value:
            continue  # an empty NEWSWATCH_DB means "not set", as before
        else:
            out[name] = value
    return out


def load_settings(
    config: str | os.PathLike | None = None,
    env: Mapping[str, str] = os.environ,
    cwd: str | os.PathLike | None = None,
    **flags: Any,
) -> Settings:
    """Read every setting once: flags (keyword arguments, None = not given) > `env` >
    the config file > defaults. Raises SettingsError naming the variable, key or flag."""
    folder = Path(cwd) if cwd is not None else Path.cwd()
    data: dict[str, Any] = {}
    sources: dict[str, str] = {}
    path = find_config(config, env, folder)
    if path is not None:
        file_values = read_config(path)
        data.update(file_values)
        sources.update(dict.fromkeys(file_values, "file"))
    env_values = _from_env(env)
    data.update(env_values)
    sources.update(dict.fromkeys(env_values, "env"))
    data["config_file"] = str(path) if path else None
    data["sources"] = sources
    settings = _validate(data, str(path) if path else "the environment")
    return settings.override(**flags)


_installed: Settings | None = None


def current_settings() -> Settings:
    """The settings installed by the entry point (`use_settings`), else read now from the
    environment and ./newswatch.toml."""
    return _installed if _installed is not None else load_settings()


@contextlib.contextmanager
def use_settings(settings: Settings) -> Iterator[Settings]:
    """Install `settings` for `current_settings()` while the block runs."""
    global _installed
    previous, _installed = _installed, settings
    try:
        yield settings
    finally:
        _installed = previous
