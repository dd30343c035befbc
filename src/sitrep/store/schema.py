"""The database schema (SQLAlchemy 2 declarative models).

This file describes the *current* shape; the Alembic migrations in
`sitrep/store/migrations/versions/` are what actually create and change tables, and a
test checks that the two agree. Later stages add their tables here and in a new
migration.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, Date, DateTime, ForeignKey, Integer, LargeBinary, String,
                        Text, UniqueConstraint, func)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"

    article_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    outlet_source: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(String(16))
    published_evidence: Mapped[str | None] = mapped_column(Text)
    #: confidence of an inferred date (0..1); null for metadata/url/text dates
    published_confidence: Mapped[float | None] = mapped_column()
    byline: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    format: Mapped[str] = mapped_column(String(16))
    #: the near-duplicate (syndicated copy) this article repeats, if any
    copy_of: Mapped[str | None] = mapped_column(ForeignKey("articles.article_id"), index=True)
    copy_similarity: Mapped[float | None] = mapped_column()
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: lines removed as boilerplate: [[line_no, text, reason], ...]
    removed_lines: Mapped[list] = mapped_column(JSON, default=list)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ArticleOriginRow(Base):
    """Every place an article was read from (the same article in two files is stored once,
    with two origins)."""

    __tablename__ = "article_origins"
    __table_args__ = (UniqueConstraint("origin", "record", name="uq_origin_record"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.article_id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(Text)
    #: record index inside the file; -1 for single-document files (NULLs are not unique in SQL)
    record: Mapped[int] = mapped_column(Integer, default=-1)


class RejectionRow(Base):
    __tablename__ = "rejections"
    __table_args__ = (UniqueConstraint("origin", "record", "reason", name="uq_rejection"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    origin: Mapped[str] = mapped_column(Text)
    record: Mapped[int] = mapped_column(Integer, default=-1)
    reason: Mapped[str] = mapped_column(String(40), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MentionRow(Base):
    """An event mention: one sentence of one article reporting one event."""

    __tablename__ = "mentions"

    mention_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.article_id", ondelete="CASCADE"), index=True)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(60), index=True)
    sub_event_type: Mapped[str] = mapped_column(String(60))
    actor1: Mapped[str | None] = mapped_column(String(200))
    actor2: Mapped[str | None] = mapped_column(String(200))
    assoc_actor_1: Mapped[list] = mapped_column(JSON, default=list)
    assoc_actor_2: Mapped[list] = mapped_column(JSON, default=list)
    location: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    country: Mapped[str | None] = mapped_column(String(100))
    admin1: Mapped[str | None] = mapped_column(String(200))
    admin2: Mapped[str | None] = mapped_column(String(200))
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    time_precision: Mapped[int | None] = mapped_column(Integer)
    date_text: Mapped[str | None] = mapped_column(String(200))
    date_source: Mapped[str | None] = mapped_column(String(20))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    background: Mapped[bool] = mapped_column(default=False)
    background_reason: Mapped[str | None] = mapped_column(String(200))
    attributed_to: Mapped[str | None] = mapped_column(String(200))
    attribution_via: Mapped[str | None] = mapped_column(String(200))
    confidence: Mapped[float] = mapped_column(default=0.0)


class ClaimRow(Base):
    """A figure or assertion behind a mention, with its source."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: null for a claim that belongs to no single event (a cumulative toll in a sentence
    #: that reports no event): kept, never dropped, never an event's fatalities
    mention_id: Mapped[str | None] = mapped_column(ForeignKey("mentions.mention_id", ondelete="CASCADE"), index=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.article_id", ondelete="CASCADE"), index=True)
    sentence_index: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(Integer)
    low: Mapped[int | None] = mapped_column(Integer)
    high: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(String(200))
    attributed_to: Mapped[str | None] = mapped_column(String(200))
    via: Mapped[str | None] = mapped_column(String(200))
    cumulative: Mapped[bool] = mapped_column(default=False)
    sentence: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)


class AnalysisStateRow(Base):
    """Which analyser version last processed each article (so `analyse` can skip or redo)."""

    __tablename__ = "analysis_state"

    article_id: Mapped[str] = mapped_column(ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True)
    analyser_version: Mapped[str] = mapped_column(String(40))
    mentions: Mapped[int] = mapped_column(Integer, default=0)
    analysed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class EventRow(Base):
    """A resolved event (the record of shared/docs/event-schema.md, as JSON), stored so
    that its id stays the same when later articles add to it."""

    __tablename__ = "events"

    event_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    record: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # copies of record fields that the API filters and sorts on (event_columns fills them)
    event_type: Mapped[str | None] = mapped_column(String(60), index=True)
    sub_event_type: Mapped[str | None] = mapped_column(String(60))
    location: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    admin1: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    fatalities: Mapped[int | None] = mapped_column(Integer, index=True)
    #: every actor of the event, one per line, lower-cased (substring search)
    actors: Mapped[str | None] = mapped_column(Text)
    #: the disputed fields, comma-separated ("" when sources agree)
    disputed: Mapped[str | None] = mapped_column(String(200))
    n_sources: Mapped[int | None] = mapped_column(Integer)
    background: Mapped[bool | None] = mapped_column()


def event_columns(record: dict) -> dict:
    """The EventRow columns copied from an event record (everything but id and record)."""
    def day(v):
        return dt.date.fromisoformat(v) if v else None

    actors = [record.get("actor1"), record.get("actor2"), *(record.get("assoc_actor_1") or []),
              *(record.get("assoc_actor_2") or [])]
    return {
        "event_date": day(record.get("event_date")), "date_end": day(record.get("date_end")),
        "event_type": record.get("event_type"), "sub_event_type": record.get("sub_event_type"),
        "location": record.get("location"), "country": record.get("country"), "admin1": record.get("admin1"),
        "latitude": record.get("latitude"), "longitude": record.get("longitude"),
        "fatalities": record.get("fatalities"),
        "actors": "\n".join(a.lower() for a in actors if a),
        "disputed": ",".join(record.get("disputed") or []),
        "n_sources": len(record.get("sources") or []),
        "background": bool(record.get("background")),
    }


class EventMentionRow(Base):
    """The merge trail: which mention belongs to which event, and why it joined."""

    __tablename__ = "event_mentions"

    mention_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.event_id", ondelete="CASCADE"), index=True)
    joined_with: Mapped[str | None] = mapped_column(String(40))
    why: Mapped[str] = mapped_column(Text, default="")


class ResolveMentionRow(Base):
    """What resolve last read of each stored mention (sitrep.resolve.incremental): a
    digest of everything resolve reads of it (its row, its claims, its article's outlet,
    url, title and date, and resolve's own code) and its connected component of the
    merge rules' compatibility graph (the smallest mention id in it; null: undated)."""

    __tablename__ = "resolve_mentions"

    mention_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    digest: Mapped[str] = mapped_column(String(32))
    component: Mapped[str | None] = mapped_column(String(40))


class ResolveMetaRow(Base):
    """Resolve's bookkeeping: key "generation" changes on every write of the events
    (a writer that read an older generation retries: two resolves never interleave)."""

    __tablename__ = "resolve_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
