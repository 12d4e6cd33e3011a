"""Which Prefect API a single `newswatch run` talks to.

Placeholder: the background-server logic lands with issue 12 part 5; until then a run
uses Prefect's own behaviour (PREFECT_API_URL, else a temporary server).
"""

from __future__ import annotations


def ensure_api() -> str | None:
    return None
