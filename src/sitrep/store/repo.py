"""Reads and writes of articles and rejections.

All SQL goes through SQLAlchemy with bound parameters. Inserts are "insert or ignore"
on natural keys (article_id; origin+record; origin+record+reason), so re-running an
ingest, a retried task, or two processes writing the same article at once never
duplicate a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sitrep.models import Article, Rejection
from sitrep.store.schema import ArticleOriginRow, ArticleRow, RejectionRow


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
    return insert_ignore(session, RejectionRow, dict(
        origin=rej.origin, record=_record(rej.record), reason=rej.reason, detail=rej.detail))


def iter_signatures(session: Session) -> Iterator[tuple[str, bytes]]:
    stmt = select(ArticleRow.article_id, ArticleRow.minhash).where(ArticleRow.minhash.is_not(None))
    yield from session.execute(stmt).tuples()


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
    }
