"""Records that flow between the pipeline stages.

    reader -> RawDocument -> (clean, date, outlet, identity) -> Article | Rejection

Plain frozen dataclasses: easy to build in tests, easy to serialise, no behaviour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """One article-shaped thing as a reader found it, before any cleaning.

    Exactly one of `text` (already-extracted plain text) or `html` is set.
    Metadata fields hold only what the container itself said (a JSON field, a feed
    item's date, a WARC target URI); the HTML's own metadata is read later.
    """

    origin: str  # file path the document came from
    record: int | None = None  # index inside a multi-record file (jsonl line, feed item, WARC record)
    format: str = "txt"  # txt | html | jsonl | feed | warc
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # as given by the container, unparsed


@dataclass(frozen=True)
class Rejection:
    """Input that could not become an article, and why. Always stored, never dropped."""

    origin: str
    record: int | None
    reason: str  # a short machine-friendly code, e.g. "empty", "binary", "too_large"
    detail: str = ""  # a human sentence with the specifics


@dataclass(frozen=True)
class RemovedLine:
    line_no: int
    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """A cleaned article ready to store and analyse."""

    article_id: str  # sha256 (first 16 hex) of the normalised text
    text: str
    title: str | None
    outlet: str | None
    outlet_source: str | None  # metadata | url | text | None
    url: str | None
    published: dt.date | None
    published_source: str | None  # metadata | url | text | inferred | None (unknown)
    published_evidence: str | None  # the string the date was read from
    origin: str
    record: int | None
    format: str
    byline: str | None = None
    word_count: int = 0
    removed_lines: tuple[RemovedLine, ...] = field(default=())
    minhash: bytes | None = None  # serialised MinHash signature for near-duplicate search
