"""The resolve stage over the store: stored mentions -> event records."""

from __future__ import annotations

from collections import defaultdict

from sitrep.resolve.merge import resolve_events
from sitrep.store import repo
from sitrep.store.db import Database


def article_records(session) -> dict[str, dict]:
    return {a.article_id: {"article_id": a.article_id, "outlet": a.outlet, "url": a.url, "title": a.title,
                           "published": a.published.isoformat() if a.published else None,
                           "published_source": a.published_source, "copy_of": a.copy_of}
            for a in repo.list_articles(session)}


def events_from_store(db: Database) -> list[dict]:
    with db.session() as session:
        mentions = repo.list_mentions(session)
        claims = defaultdict(list)
        for c in repo.list_claims(session):
            if c.mention_id:
                claims[c.mention_id].append(c)
        articles = article_records(session)
    return resolve_events(mentions, articles, claims)


def mention_records(db: Database) -> list[dict]:
    """Mentions as event-shaped dicts (for mention-level scoring and export)."""
    cols = ("mention_id", "article_id", "sentence_index", "sentence", "trigger", "event_type",
            "sub_event_type", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location",
            "latitude", "longitude", "country", "admin1", "admin2", "geo_precision", "event_date",
            "date_end", "time_precision", "date_text", "date_source", "fatalities", "background",
            "background_reason", "attributed_to", "attribution_via", "confidence")
    out = []
    with db.session() as session:
        for m in repo.list_mentions(session):
            rec = {c: getattr(m, c) for c in cols}
            for k in ("event_date", "date_end"):
                rec[k] = rec[k].isoformat() if rec[k] else None
            rec["sources"] = [{"article_id": m.article_id}]
            out.append(rec)
    return out
