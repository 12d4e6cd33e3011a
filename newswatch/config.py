"""Constants and the fetch limits; every setting itself lives in newswatch.settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newswatch.settings import (
    DEFAULT_DB,
    DEFAULT_FEEDS,
    DEFAULT_RULES,
    SEEDS_DIR,
    Settings,
    current_settings,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "newswatch/0.1 (+https://github.com/newswatch/newswatch; news monitoring bot)"

__all__ = ["DEFAULT_DB", "DEFAULT_FEEDS", "DEFAULT_RULES", "SEEDS_DIR", "FetchSettings", "default_db"]


def default_db() -> str:
    """The warehouse path from the current settings (flags > NEWSWATCH_DB > config file > default)."""
    return current_settings().db


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
    def from_settings(cls, settings: Settings, allow_private_hosts: bool | None = None) -> FetchSettings:
        return cls(
            allow_private_hosts=settings.allow_private_hosts or bool(allow_private_hosts),
            total_timeout=settings.fetch_timeout,
            max_bytes=settings.max_bytes,
        )

    @classmethod
    def from_env(cls, allow_private_hosts: bool | None = None) -> FetchSettings:
        """From the current settings (environment, config file); the flag can only allow more."""
        return cls.from_settings(current_settings(), allow_private_hosts)
