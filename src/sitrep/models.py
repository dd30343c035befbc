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


@dataclass(frozen=True)
class Claim:
    """One figure or assertion in one sentence, with who made it."""

    kind: str  # killed | wounded | car_bombs | suicide_bombers | strikes | ...
    value: int | None
    low: int | None
    high: int | None
    qualifier: str  # exact | at_least | more_than | approx | at_most | range
    party: str | None  # whose dead ("IS fighters", "civilians")
    attributed_to: str | None  # the named source in the text
    via: str | None  # the agency that relayed it ("AFP")
    cumulative: bool  # a running or overall toll: never one event's fatalities
    sentence: str
    text: str  # the words the figure was read from


@dataclass(frozen=True)
class EventMention:
    """One reported event in one sentence of one article (before cross-article merging)."""

    mention_id: str
    article_id: str
    sentence_index: int
    sentence: str
    trigger: str
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: tuple[str, ...] = ()
    assoc_actor_2: tuple[str, ...] = ()
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    geo_precision: int | None = None
    event_date: dt.date | None = None
    date_end: dt.date | None = None
    time_precision: int | None = None
    date_text: str | None = None  # the expression the date came from
    date_source: str | None = None  # sentence | context | publication | None
    fatalities: int | None = None
    background: bool = False
    background_reason: str | None = None
    attributed_to: str | None = None
    attribution_via: str | None = None
    claims: tuple[Claim, ...] = ()
    confidence: float = 0.0
