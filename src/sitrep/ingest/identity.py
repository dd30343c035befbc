"""Article identity: exact duplicates by hash, near-duplicates by MinHash.

`article_id` is a hash of the normalised text, so the same article read from two files,
or twice, is stored once. The same wire story published by two outlets differs in its
edges (headline, boilerplate, a sentence or two); MinHash over word shingles finds those
copies so that they are kept as separate sources but not counted as independent ones.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5  # words per shingle
_BATCH = 4096  # shingles hashed at once (memory: ~1 KiB each)
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures are only comparable within one

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Unicode NFKC, typographic quotes/dashes unified, lower case, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return " ".join(text.split())


def article_id(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:16]


def minhash(text: str) -> MinHash:
    words = _WORD.findall(normalise(text))
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    if len(words) < SHINGLE:
        m.update_batch([" ".join(words).encode("utf-8")] if words else [])
        return m
    # In batches: update_batch builds a (shingles x NUM_PERM) uint64 matrix, 1 KiB per
    # shingle, which for one huge text (7 M words) was gigabytes. The minimum over
    # batches is the minimum over all shingles, so the signature is the same.
    n = len(words) - SHINGLE + 1
    for lo in range(0, n, _BATCH):
        m.update_batch([" ".join(words[i:i + SHINGLE]).encode("utf-8")
                        for i in range(lo, min(n, lo + _BATCH))])
    return m


def to_bytes(m: MinHash) -> bytes:
    return m.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """An in-memory LSH index over the stored articles' signatures."""

    def __init__(self, threshold: float = 0.8):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: str) -> bool:
        return key in self._sigs

    def add(self, key: str, sig: MinHash) -> None:
        if key not in self._sigs:
            self._lsh.insert(key, sig)
            self._sigs[key] = sig

    def best_match(self, sig: MinHash) -> tuple[str, float] | None:
        """The most similar indexed article above the threshold, if any."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(sig):
            sim = sig.jaccard(self._sigs[key])
            if sim >= self.threshold and (best is None or sim > best[1] or
                                          (sim == best[1] and key < best[0])):
                best = (key, sim)
        return best
