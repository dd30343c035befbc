"""The resolve stage over the store: stored mentions -> event records."""

from __future__ import annotations

from collections import defaultdict

import datetime as dt

from sqlalchemy import delete

from sitrep.resolve.merge import resolve_events
from sitrep.resolve.pubdate import ArticleFacts, Inference, infer_dates
from sitrep.store.schema import AnalysisStateRow, ArticleRow
from sitrep.store import repo
from sitrep.store.db import Database


def article_records(session) -> dict[str, dict]:
    return {a.article_id: {"article_id": a.article_id, "outlet": a.outlet, "url": a.url, "title": a.title,
                           "published": a.published.isoformat() if a.published else None,
                           "published_source": a.published_source, "copy_of": a.copy_of}
            for a in repo.list_articles(session)}


def assign_stable_ids(events: list[dict], previous: dict[str, str]) -> None:
    """Give each event the id it had before (`previous`: mention id -> stored event id),
    so that adding articles updates events instead of renaming them. An event takes the
    old id most of its mentions carried (ties: the smallest); a new event keeps its
    computed id; two events never share one. Ids quoted in notes follow the renaming."""
    def old_ids(e):
        counts: dict[str, int] = defaultdict(int)
        for m in e["mention_ids"]:
            if m in previous:
                counts[previous[m]] += 1
        return counts

    order = sorted(range(len(events)), key=lambda i: (-sum(old_ids(events[i]).values()),
                                                      events[i]["event_date"] or "", events[i]["event_id"]))
    taken: set[str] = set()
    renamed: dict[str, str] = {}
    for i in order:
        e = events[i]
        counts = {k: v for k, v in old_ids(e).items() if k not in taken}
        new_id = min(counts, key=lambda k: (-counts[k], k)) if counts else e["event_id"]
        while new_id in taken:
            new_id += "x"
        taken.add(new_id)
        renamed[e["event_id"]] = new_id
    for e in events:
        for old, new in renamed.items():
            if old != new and old in e["notes"]:
                e["notes"] = e["notes"].replace(old, new)
        for d in e.get("disputes") or []:
            for v in d["values"]:
                if v.get("event_id") in renamed:
                    v["event_id"] = renamed[v["event_id"]]
        e["event_id"] = renamed[e["event_id"]]
    events.sort(key=lambda e: (e["event_date"] or "", e["event_id"]))


def events_from_store(db: Database) -> list[dict]:
    """The events of what is stored: resolved from the current mentions, with the ids
    they were stored under before; the events table and its merge trail are rewritten
    when (and only when) the result changed."""
    from sitrep.store.schema import EventMentionRow, EventRow, event_columns

    with db.session() as session:
        mentions = repo.list_mentions(session)
        claims = defaultdict(list)
        for c in repo.list_claims(session):
            if c.mention_id:
                claims[c.mention_id].append(c)
        articles = article_records(session)
        previous = {r.mention_id: r.event_id for r in session.query(EventMentionRow)}
        stored = {r.event_id: r.record for r in session.query(EventRow)}
    events = resolve_events(mentions, articles, claims)
    assign_stable_ids(events, previous)
    if {e["event_id"]: e for e in events} != stored:
        with db.session() as session, session.begin():
            session.execute(delete(EventMentionRow))
            session.execute(delete(EventRow))
            for e in events:
                session.add(EventRow(event_id=e["event_id"], record=e, **event_columns(e)))
            session.flush()
            for e in events:
                for t in e["merge_trail"]:
                    session.add(EventMentionRow(mention_id=t["mention_id"], event_id=e["event_id"],
                                                joined_with=t["joined_with"], why=t["why"]))
    return events


def mention_records(db: Database, events_only: bool = False) -> list[dict]:
    """Mentions as event-shaped dicts (for mention-level scoring and export).

    events_only: leave out background mentions that are context, not events (the same
    rule resolve applies), as a mention-level score of event extraction should."""
    from sitrep.resolve.merge import is_context_only
    cols = ("mention_id", "article_id", "sentence_index", "sentence", "trigger", "event_type",
            "sub_event_type", "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "location",
            "latitude", "longitude", "country", "admin1", "admin2", "geo_precision", "event_date",
            "date_end", "time_precision", "date_text", "date_source", "fatalities", "background",
            "background_reason", "attributed_to", "attribution_via", "confidence")
    out = []
    with db.session() as session:
        articles = article_records(session) if events_only else {}
        for m in repo.list_mentions(session):
            if events_only and is_context_only([m], articles):
                continue
            rec = {c: getattr(m, c) for c in cols}
            for k in ("event_date", "date_end"):
                rec[k] = rec[k].isoformat() if rec[k] else None
            rec["sources"] = [{"article_id": m.article_id}]
            out.append(rec)
    return out


def _facts(article_id: str, text: str, published, inferred: bool, mentions) -> ArticleFacts:
    from sitrep.analyse.mentions import signature

    places, actors = signature(text)
    return ArticleFacts(
        article_id=article_id, text=text, published=published, inferred=inferred,
        places=places, actors=actors,
        mention_dates=tuple(sorted({m.event_date for m in mentions
                                    if m.event_date and (m.time_precision or 3) == 1})))


def infer_publication_dates(db: Database) -> list[Inference]:
    """Give undated articles an inferred date (or leave them undated) and mark the ones
    whose date changed for re-analysis. Returns what was decided, with the evidence."""
    from sitrep.analyse.mentions import extract_mentions

    with db.session() as session:
        rows = repo.list_articles(session)
        if not any(a.published is None or a.published_source == "inferred" for a in rows):
            return []  # nothing to date: skip reading every article's places and actors
        by_article: dict[str, list] = defaultdict(list)
        for m in repo.list_mentions(session):
            by_article[m.article_id].append(m)
        facts = [_facts(a.article_id, a.text, a.published, a.published_source == "inferred",
                        by_article[a.article_id]) for a in rows]
        titles = {a.article_id: a.title for a in rows}
        before = {a.article_id: a.published for a in rows}

    def refresh(u: ArticleFacts, date: dt.date) -> ArticleFacts:
        mentions, _ = extract_mentions(u.article_id, u.text, date, titles.get(u.article_id))
        return _facts(u.article_id, u.text, date, True, mentions)

    results = infer_dates(facts, refresh)
    with db.session() as session, session.begin():
        for inf in results:
            row = session.get(ArticleRow, inf.article_id)
            row.published = inf.date
            row.published_source = "inferred" if inf.date else None
            row.published_confidence = inf.confidence if inf.date else None
            row.published_evidence = inf.evidence
            if before[inf.article_id] != inf.date:
                session.execute(delete(AnalysisStateRow).where(AnalysisStateRow.article_id == inf.article_id))
    return results
