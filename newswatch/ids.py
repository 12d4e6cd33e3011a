"""Stable ids: every id in the warehouse is a prefix of a SHA-1 hex digest of its basis."""

from __future__ import annotations

import hashlib


def sha1_hex(text: str) -> str:
    """The full SHA-1 hex digest of a text (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def short_id(basis: str, length: int = 16, prefix: str = "") -> str:
    """`prefix` + the first `length - len(prefix)` hex digits of SHA-1(basis): articles and
    feeds (16 digits), events (16), clusters ("c" + 15), alerts ("a" + 15)."""
    return prefix + sha1_hex(basis)[: length - len(prefix)]


def feed_id_for(url: str) -> str:
    return short_id(url)


def article_id_for(url: str) -> str:
    return short_id(url)


def event_id_for(article_id: str, type_: str, sentence_index: int, place_id, event_date) -> str:
    return short_id(f"{article_id}|{type_}|{sentence_index}|{place_id}|{event_date}")


def cluster_id_for(event_id: str) -> str:
    """A cluster is named after its first event."""
    return short_id(event_id, prefix="c")


def alert_id_for(rule: str, scope: str) -> str:
    """Derived from rule and cluster (or key and window): a re-run cannot duplicate it."""
    return short_id(f"{rule}|{scope}", prefix="a")
