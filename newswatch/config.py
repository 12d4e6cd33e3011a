"""Settings read from the environment, with the defaults the CLI documents."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_DB = "data/newswatch.duckdb"
DEFAULT_FEEDS = str(SEEDS_DIR / "feeds.yaml")
DEFAULT_RULES = str(SEEDS_DIR / "alerts.yaml")
USER_AGENT = "newswatch/0.1 (+https://github.com/newswatch/newswatch; news monitoring bot)"

_TRUE = {"1", "true", "yes", "on"}


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in _TRUE


def default_db() -> str:
    return os.environ.get("NEWSWATCH_DB") or DEFAULT_DB


@dataclass(frozen=True)
class FetchSettings:
    """Limits for every HTTP request made on behalf of a feed or an article."""

    allow_private_hosts: bool = False
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    per_host_delay: float = 0.0
    user_agent: str = USER_AGENT
    extra_headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, allow_private_hosts: bool | None = None) -> FetchSettings:
        allow = env_flag("NEWSWATCH_ALLOW_PRIVATE_HOSTS")
        if allow_private_hosts is not None:
            allow = allow or allow_private_hosts
        return cls(
            allow_private_hosts=allow,
            total_timeout=float(os.environ.get("NEWSWATCH_FETCH_TIMEOUT", "30")),
            max_bytes=int(os.environ.get("NEWSWATCH_MAX_BYTES", str(5 * 1024 * 1024))),
        )
