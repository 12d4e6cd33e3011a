"""Copies: exact (text hash) and near (SimHash over word shingles).

Syndicated wire stories are re-posted with small edits (a dateline, a byline, a trailing
"Read more"); their 64-bit SimHashes then differ in a few bits, while two different
stories, even on the same topic, differ in about 32 (never fewer than 14 in the measured
pairs). `NEAR_COPY_BITS` = 10 sits in that gap. Measured on the 249 Guardian articles about
Syria in ../shared/corpus (tests/test_dedup.py prints the figures; docs/ingestion.md):

* edited copies (dateline, byline, trailer, all three) within 10 bits: 94.6% at 100 words,
  99.6% at 200 words, 100% for whole articles (within 6 bits: 66%, 84%, 99.3%);
* different articles, 30,876 pairs: minimum distance 14-17 depending on length, 1st
  percentile 22-23, median 32; none within 10 bits.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

from newswatch.ids import sha1_hex

NEAR_COPY_BITS = 10
SHINGLE = 3
MIN_WORDS_FOR_NEAR = 25  # below this, near-duplicate detection is too noisy to trust
_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _WORD.findall(text)


def text_hash(text: str) -> str:
    """Hash of the normalised words: whitespace, case and punctuation do not matter."""
    return sha1_hex(" ".join(words(text)))


def _shingle_hashes(tokens: list[str]) -> bytes:
    """The 64-bit hashes of all word 3-shingles, big-endian, concatenated."""
    blake = hashlib.blake2b
    return b"".join(
        blake(" ".join(tokens[i : i + SHINGLE]).encode(), digest_size=8).digest()
        for i in range(len(tokens) - SHINGLE + 1)
    )


def simhash(text: str) -> int | None:
    """64-bit SimHash of word 3-shingles; None for texts too short to compare.

    Bit i is set when more than half of the shingle hashes have bit i set. The bit counts
    are taken with numpy over all shingles at once: ~0.7 ms for an 800-word article, 7x
    faster than the loop over 64 bits per shingle (~5 ms; tests/test_dedup.py keeps that
    plain definition and checks both agree).
    """
    tokens = words(text)
    if len(tokens) < MIN_WORDS_FOR_NEAR:
        return None
    digests = _shingle_hashes(tokens)
    n = len(digests) // 8
    # rows of 64 bits, most significant first (digests are big-endian)
    bits = np.unpackbits(np.frombuffer(digests, dtype=np.uint8).reshape(n, 8), axis=1)
    ones = bits.sum(axis=0, dtype=np.int64)
    set_bits = (2 * ones > n)[::-1]  # index i = bit i (least significant first)
    return int(np.packbits(set_bits, bitorder="little").view("<u8")[0])


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


class CopyIndex:
    """`find_copy_of` over a growing pool in O(pool) vectorised work per lookup, not a
    Python loop: exact copies through a dict, near copies through one XOR + popcount over
    a numpy array of the pool's SimHashes. Same answer as `find_copy_of` (the earliest
    matching entry in pool order); `mark_copies` over a 25k-article batch went from
    quadratic Python to seconds."""

    def __init__(self, known: list[tuple[str, str, int | None]] = ()):
        self._ids: list[str] = []
        self._by_hash: dict[str, int] = {}
        self._sims = np.zeros(max(64, len(known)), dtype=np.uint64)
        self._has_sim = np.zeros(len(self._sims), dtype=bool)
        for entry in known:
            self.add(*entry)

    def add(self, article_id: str, text_hash_value: str, simhash_value: int | None) -> None:
        n = len(self._ids)
        if n == len(self._sims):
            self._sims = np.concatenate([self._sims, np.zeros(n, dtype=np.uint64)])
            self._has_sim = np.concatenate([self._has_sim, np.zeros(n, dtype=bool)])
        self._ids.append(article_id)
        self._by_hash.setdefault(text_hash_value, n)
        if simhash_value is not None:
            self._sims[n] = np.uint64(simhash_value)
            self._has_sim[n] = True

    def find(self, text_hash_value: str, simhash_value: int | None) -> str | None:
        n = len(self._ids)
        best = self._by_hash.get(text_hash_value, n)
        if simhash_value is not None and n:
            dist = np.bitwise_count(self._sims[:n] ^ np.uint64(simhash_value))
            near = np.flatnonzero((dist <= NEAR_COPY_BITS) & self._has_sim[:n])
            if len(near):
                best = min(best, int(near[0]))
        return self._ids[best] if best < n else None
