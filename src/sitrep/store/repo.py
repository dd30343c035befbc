"""Reads and writes of articles and rejections.

All SQL goes through SQLAlchemy with bound parameters. Inserts are "insert or ignore"
on natural keys (article_id; origin+record; origin+record+reason), so re-running an
ingest, a retried task, or two processes writing the same article at once never
duplicate a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sitrep.models import Article, Claim, EventMention, Rejection
from sitrep.store.schema import (AnalysisStateRow, ArticleOriginRow, ArticleRow, ClaimRow,
                                 MentionRow, RejectionRow)


def insert_ignore(session: Session, model, values: dict) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True if a row was inserted."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        stmt = postgresql.insert(model).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(model).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - other backends: check-then-insert
        from sqlalchemy import insert

        stmt = insert(model).values(**values)
    # RETURNING tells reliably whether a row went in (rowcount is -1 on some drivers).
    pk = list(model.__table__.primary_key.columns)
    return session.execute(stmt.returning(*pk)).first() is not None


def _record(value: int | None) -> int:
    return -1 if value is None else value


def article_exists(session: Session, article_id: str) -> bool:
    return session.get(ArticleRow, article_id) is not None


def root_of(session: Session, article_id: str) -> str:
    """The original an article is a copy of (itself if it is no copy)."""
    seen = set()
    while article_id not in seen:
        seen.add(article_id)
        row = session.get(ArticleRow, article_id)
        if row is None or row.copy_of is None:
            return article_id
        article_id = row.copy_of
    return article_id


def add_article(session: Session, art: Article, copy_of: str | None = None,
                similarity: float | None = None) -> bool:
    """Store an article and where it came from. Returns False if it was already stored."""
    inserted = insert_ignore(session, ArticleRow, dict(
        article_id=art.article_id, url=art.url, title=art.title, outlet=art.outlet,
        outlet_source=art.outlet_source, published=art.published,
        published_source=art.published_source, published_evidence=art.published_evidence,
        byline=art.byline, text=art.text, word_count=art.word_count, format=art.format,
        copy_of=copy_of, copy_similarity=similarity, minhash=art.minhash,
        removed_lines=[[r.line_no, r.text, r.reason] for r in art.removed_lines],
    ))
    add_origin(session, art.article_id, art.origin, art.record)
    return inserted


def add_origin(session: Session, article_id: str, origin: str, record: int | None) -> bool:
    return insert_ignore(session, ArticleOriginRow, dict(
        article_id=article_id, origin=origin, record=_record(record)))


def add_rejection(session: Session, rej: Rejection) -> bool:
    # A detail quotes library error messages, which may quote the input itself; PostgreSQL
    # refuses NUL characters in text, so they are shown escaped.
    return insert_ignore(session, RejectionRow, dict(
        origin=rej.origin.replace("\x00", "\\x00"), record=_record(rej.record),
        reason=rej.reason, detail=(rej.detail or "").replace("\x00", "\\x00")))


def iter_signatures(session: Session, ids: Iterable[str] | None = None) -> Iterator[tuple[str, bytes]]:
    """(article_id, MinHash bytes) of every stored article, or of those in `ids`."""
    stmt = select(ArticleRow.article_id, ArticleRow.minhash).where(ArticleRow.minhash.is_not(None))
    if ids is None:
        yield from session.execute(stmt)
        return
    ids = list(ids)
    for lo in range(0, len(ids), 500):  # bounded IN lists
        yield from session.execute(stmt.where(ArticleRow.article_id.in_(ids[lo:lo + 500])))


def signature_ids(session: Session) -> list[str]:
    return list(session.scalars(select(ArticleRow.article_id).where(ArticleRow.minhash.is_not(None))))


def count_articles(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ArticleRow)) or 0


#: key of the PostgreSQL advisory lock that ingest processes take per file ("sitrep-i")
INGEST_LOCK = 0x7369_7472_6570_2D69 & 0x7FFF_FFFF_FFFF_FFFF


def lock_for_ingest(session: Session) -> None:
    """Take the database-wide ingest lock for the rest of this transaction (the first
    statement of it): ingest writers store one file at a time, so that each sees every
    article the others stored before deciding whether an article is new or a copy.
    PostgreSQL: a transaction-scoped advisory lock. SQLite: BEGIN IMMEDIATE (the write
    lock, waited for up to the busy timeout)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INGEST_LOCK})
    elif dialect == "sqlite":
        session.execute(text("BEGIN IMMEDIATE"))


def list_articles(session: Session, ids: Iterable[str] | None = None) -> list[ArticleRow]:
    stmt = select(ArticleRow).order_by(ArticleRow.published.is_(None), ArticleRow.published,
                                       ArticleRow.article_id)
    if ids is not None:
        stmt = stmt.where(ArticleRow.article_id.in_(list(ids)))
    return list(session.scalars(stmt))


def list_rejections(session: Session) -> list[RejectionRow]:
    return list(session.scalars(select(RejectionRow).order_by(RejectionRow.origin, RejectionRow.record)))


def counts(session: Session) -> dict[str, int]:
    return {
        "articles": session.scalar(select(func.count()).select_from(ArticleRow)) or 0,
        "copies": session.scalar(select(func.count()).select_from(ArticleRow)
                                 .where(ArticleRow.copy_of.is_not(None))) or 0,
        "origins": session.scalar(select(func.count()).select_from(ArticleOriginRow)) or 0,
        "rejections": session.scalar(select(func.count()).select_from(RejectionRow)) or 0,
        "mentions": session.scalar(select(func.count()).select_from(MentionRow)) or 0,
    }


def replace_mentions(session: Session, article_id: str, mentions: list[EventMention],
                     analyser_version: str, loose_claims: Iterable[tuple[int, Claim]] = ()) -> None:
    """Swap an article's mentions and claims for a fresh analysis (one transaction).

    `loose_claims` are (sentence_index, claim) pairs that belong to no event mention,
    e.g. a war's overall death toll: stored with a null mention_id."""
    session.execute(delete(ClaimRow).where(ClaimRow.article_id == article_id))
    session.execute(delete(MentionRow).where(MentionRow.article_id == article_id))
    session.execute(delete(AnalysisStateRow).where(AnalysisStateRow.article_id == article_id))
    for m in mentions:
        session.add(MentionRow(
            mention_id=m.mention_id, article_id=m.article_id, sentence_index=m.sentence_index,
            sentence=m.sentence, trigger=m.trigger, event_type=m.event_type,
            sub_event_type=m.sub_event_type, actor1=m.actor1, actor2=m.actor2,
            assoc_actor_1=list(m.assoc_actor_1), assoc_actor_2=list(m.assoc_actor_2),
            location=m.location, latitude=m.latitude, longitude=m.longitude, country=m.country,
            admin1=m.admin1, admin2=m.admin2, geo_precision=m.geo_precision,
            event_date=m.event_date, date_end=m.date_end, time_precision=m.time_precision,
            date_text=m.date_text, date_source=m.date_source, fatalities=m.fatalities,
            background=m.background, background_reason=m.background_reason,
            attributed_to=m.attributed_to, attribution_via=m.attribution_via,
            confidence=m.confidence))
        session.flush()
        for c in m.claims:
            session.add(_claim_row(c, article_id, m.mention_id, m.sentence_index))
    for sentence_index, c in loose_claims:
        session.add(_claim_row(c, article_id, None, sentence_index))
    session.add(AnalysisStateRow(article_id=article_id, analyser_version=analyser_version,
                                 mentions=len(mentions)))


def _claim_row(c: Claim, article_id: str, mention_id: str | None, sentence_index: int | None) -> ClaimRow:
    return ClaimRow(mention_id=mention_id, article_id=article_id, sentence_index=sentence_index,
                    kind=c.kind, value=c.value, low=c.low, high=c.high, qualifier=c.qualifier,
                    party=c.party, attributed_to=c.attributed_to, via=c.via,
                    cumulative=c.cumulative, sentence=c.sentence, text=c.text)


def articles_needing_analysis(session: Session, analyser_version: str, redo: bool = False) -> list[ArticleRow]:
    """Articles never analysed, or analysed by another analyser version (all if redo)."""
    stmt = select(ArticleRow).order_by(ArticleRow.article_id)
    if not redo:
        done = select(AnalysisStateRow.article_id).where(
            AnalysisStateRow.analyser_version == analyser_version)
        stmt = stmt.where(ArticleRow.article_id.not_in(done))
    return list(session.scalars(stmt))


def list_mentions(session: Session, article_id: str | None = None) -> list[MentionRow]:
    stmt = select(MentionRow).order_by(MentionRow.article_id, MentionRow.sentence_index,
                                       MentionRow.mention_id)
    if article_id:
        stmt = stmt.where(MentionRow.article_id == article_id)
    return list(session.scalars(stmt))


def list_claims(session: Session, mention_ids: Iterable[str] | None = None) -> list[ClaimRow]:
    stmt = select(ClaimRow).order_by(ClaimRow.article_id, ClaimRow.sentence_index, ClaimRow.id)
    if mention_ids is not None:
        stmt = stmt.where(ClaimRow.mention_id.in_(list(mention_ids)))
    return list(session.scalars(stmt))
