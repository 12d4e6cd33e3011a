"""Copies: exact (text hash) and near (SimHash over word shingles).

Syndicated wire stories are re-posted with small edits (a dateline, a byline, a trailing
"Read more"); their 64-bit SimHashes then differ in only a few bits, while two different
stories on the same topic differ in ~20-32. `NEAR_COPY_BITS` was chosen on that gap
(see benchmarks/ and tests/test_dedup.py for the measured separation).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NEAR_COPY_BITS = 6
SHINGLE = 3
MIN_WORDS_FOR_NEAR = 25  # below this, near-duplicate detection is too noisy to trust
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _WORD.findall(text)


def text_hash(text: str) -> str:
    """Hash of the normalised words: whitespace, case and punctuation do not matter."""
    return hashlib.sha1(" ".join(words(text)).encode()).hexdigest()


def _h64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int | None:
    """64-bit SimHash of word 3-shingles; None for texts too short to compare."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS_FOR_NEAR:
        return None
    weights = [0] * 64
    for i in range(len(tokens) - SHINGLE + 1):
        h = _h64(" ".join(tokens[i : i + SHINGLE]))
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    value = 0
    for bit in range(64):
        if weights[bit] > 0:
            value |= 1 << bit
    return value


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def find_copy_of(
    text_hash_value: str,
    simhash_value: int | None,
    known: list[tuple[str, str, int | None]],
) -> str | None:
    """Return the id of the earliest known article this one copies, if any.

    `known` is [(article_id, text_hash, simhash)] in the order they were first stored.
    """
    for article_id, other_hash, other_sim in known:
        if other_hash == text_hash_value:
            return article_id
        if (
            simhash_value is not None
            and other_sim is not None
            and hamming(simhash_value, other_sim) <= NEAR_COPY_BITS
        ):
            return article_id
    return None
