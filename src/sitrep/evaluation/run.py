"""Score a database against gold: predictions are read from the store, seed articles are
recognised by the file name they were ingested from."""

from __future__ import annotations

from pathlib import Path

from sitrep.evaluation.scoring import EvalResult, evaluate, load_gold
from sitrep.store import repo
from sitrep.store.db import Database
from sitrep.store.schema import ArticleOriginRow


def seed_mapping(db: Database, gold) -> dict[str, str]:
    """article_id -> gold seed key, via the file names in article_origins."""
    by_file = {a.file: key for key, a in gold.articles.items() if getattr(a, "file", None)}
    mapping: dict[str, str] = {}
    with db.session() as session:
        for row in session.query(ArticleOriginRow).order_by(ArticleOriginRow.id):
            key = by_file.get(Path(row.origin).name)
            if key and row.article_id not in mapping:
                mapping[row.article_id] = key
    return mapping


def evaluate_db(db: Database, gold_path: str | Path) -> EvalResult:
    from sitrep.resolve.run import events_from_store, mention_records

    gold = load_gold(gold_path)
    mapping = seed_mapping(db, gold)
    with db.session() as session:
        articles = {mapping[a.article_id]: {"published": a.published.isoformat() if a.published else None,
                                            "published_source": a.published_source}
                    for a in repo.list_articles(session) if a.article_id in mapping}
    events = events_from_store(db)
    mentions = mention_records(db, events_only=True)
    return evaluate(events, mentions, articles, gold, articles=mapping)
