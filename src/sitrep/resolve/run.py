"""The resolve stage over the store: stored mentions -> event records.

update_events keeps the `events` and `event_mentions` tables equal to resolving every
stored mention again (merge.resolve_events with the ids they were stored under), but
redoes only what new, changed or removed mentions can have changed (resolve.incremental)
and writes only the rows that differ, in one transaction guarded by a generation counter
(resolve_meta) so that two resolves never interleave their writes."""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from collections import defaultdict

from sqlalchemy import Text, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sitrep.resolve.incremental import Plan, Snapshot, full_plan, incremental_plan
from sitrep.resolve.merge import stable_ids
from sitrep.resolve.pubdate import ArticleFacts, Inference, infer_dates
from sitrep.store.schema import AnalysisStateRow, ArticleRow, ClaimRow
from sitrep.store import repo
from sitrep.store.db import Database


def article_records(session) -> dict[str, dict]:
    return {a.article_id: {"article_id": a.article_id, "outlet": a.outlet, "url": a.url, "title": a.title,
                           "published": a.published.isoformat() if a.published else None,
                           "published_source": a.published_source, "copy_of": a.copy_of}
            for a in repo.list_articles(session)}


_ID_TOKEN = re.compile(r"ev_\w+")


def assign_stable_ids(events: list[dict], previous: dict[str, str]) -> None:
    """Give each event the id it had before (`previous`: mention id -> stored event id),
    so that adding articles updates events instead of renaming them (merge.stable_ids:
    an event takes the old id most of its mentions carried, ties: the smallest; a new
    event keeps its computed id; two events never share one). Ids quoted in notes and
    dispute details follow the renaming (each quoted id once: no chains)."""
    renamed = stable_ids([(e["event_id"], e["mention_ids"], e["event_date"]) for e in events], previous)
    for e in events:
        e["notes"] = _ID_TOKEN.sub(lambda m: renamed.get(m.group(), m.group()), e["notes"])
        for d in e.get("disputes") or []:
            for v in d["values"]:
                if v.get("event_id") in renamed:
                    v["event_id"] = renamed[v["event_id"]]
        e["event_id"] = renamed[e["event_id"]]
    events.sort(key=lambda e: (e["event_date"] or "", e["event_id"]))


def _snapshot(db: Database) -> Snapshot:
    """Everything resolve reads, in one read (one snapshot on PostgreSQL)."""
    from sitrep.store.schema import EventMentionRow, EventRow, MentionRow, ResolveMentionRow, ResolveMetaRow

    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            generation = conn.execute(select(ResolveMetaRow.value).where(
                ResolveMetaRow.key == "generation")).scalar_one_or_none()
            cols = [cast(c, Text).label(c.name) if c.name.startswith("assoc_actor") else c
                    for c in MentionRow.__table__.columns]  # JSON decoded only where resolve needs it
            mentions = conn.execute(select(*cols)).all()
            claims: dict[str, list] = defaultdict(list)
            for c in conn.execute(select(ClaimRow.mention_id, ClaimRow.kind, ClaimRow.value, ClaimRow.qualifier,
                                         ClaimRow.party, ClaimRow.attributed_to, ClaimRow.sentence,
                                         ClaimRow.cumulative)
                                  .where(ClaimRow.mention_id.is_not(None))
                                  .order_by(ClaimRow.article_id, ClaimRow.sentence_index, ClaimRow.id)):
                claims[c.mention_id].append(c)
            articles = {a.article_id: {"article_id": a.article_id, "outlet": a.outlet, "url": a.url,
                                       "title": a.title,
                                       "published": a.published.isoformat() if a.published else None,
                                       "published_source": a.published_source, "copy_of": a.copy_of}
                        for a in conn.execute(select(ArticleRow.article_id, ArticleRow.outlet, ArticleRow.url,
                                                     ArticleRow.title, ArticleRow.published,
                                                     ArticleRow.published_source, ArticleRow.copy_of))}
            state = {r.mention_id: (r.digest, r.component) for r in conn.execute(select(ResolveMentionRow))}
            trail = {r.mention_id: (r.event_id, r.joined_with, r.why) for r in conn.execute(select(
                EventMentionRow.mention_id, EventMentionRow.event_id, EventMentionRow.joined_with,
                EventMentionRow.why))}
            events = {r.event_id: (r.event_date, r.latitude, r.longitude, r.sub_event_type)
                      for r in conn.execute(select(EventRow.event_id, EventRow.event_date, EventRow.latitude,
                                                   EventRow.longitude, EventRow.sub_event_type))}
    return Snapshot(mentions, dict(claims), articles, state, trail, events, generation)


def _records(db: Database, ids=None) -> dict[str, dict]:
    from sitrep.store.schema import EventRow

    out = {}
    with db.engine.connect() as conn:
        if ids is None:
            return {r.event_id: r.record for r in conn.execute(select(EventRow.event_id, EventRow.record))}
        ids = list(ids)
        for lo in range(0, len(ids), 500):
            out.update({r.event_id: r.record for r in conn.execute(
                select(EventRow.event_id, EventRow.record).where(EventRow.event_id.in_(ids[lo:lo + 500])))})
    return out


class _Stale(Exception):
    """Another resolve wrote the events since we read them."""


def _write(db: Database, plan: Plan, snap: Snapshot) -> None:
    """Apply a plan in one transaction, if nobody else wrote the events since `snap`."""
    from sitrep.store.schema import EventMentionRow, EventRow, ResolveMentionRow, ResolveMetaRow, event_columns

    events, em, rm = EventRow.__table__, EventMentionRow.__table__, ResolveMentionRow.__table__
    with db.engine.begin() as conn:
        generation = uuid.uuid4().hex
        if snap.generation is None:
            ins = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
                ResolveMetaRow.__table__).values(key="generation", value=generation).on_conflict_do_nothing()
            if conn.execute(ins.returning(ResolveMetaRow.key)).first() is None:
                raise _Stale
        elif conn.execute(update(ResolveMetaRow.__table__).where(
                ResolveMetaRow.key == "generation", ResolveMetaRow.value == snap.generation).values(
                value=generation)).rowcount != 1:
            raise _Stale
        rows = [{"b_id": e["event_id"], "record": e, **event_columns(e)} for e in plan.upsert]
        old = [r for r in rows if r["b_id"] in snap.events]
        if old:
            conn.execute(update(events).where(events.c.event_id == bindparam("b_id")).values(
                updated_at=func.now()), old)
        new = [{"event_id": r.pop("b_id"), **r} for r in rows if r["b_id"] not in snap.events]
        if new:
            conn.execute(insert(events), new)
        _apply(conn, em, plan.trail, snap.trail, lambda m, v: {"event_id": v[0], "joined_with": v[1], "why": v[2]})
        gone = sorted(plan.delete)
        for lo in range(0, len(gone), 500):
            conn.execute(delete(events).where(events.c.event_id.in_(gone[lo:lo + 500])))
        _apply(conn, rm, plan.state, snap.state, lambda m, v: {"digest": v[0], "component": v[1]})


def _apply(conn, table, changes: dict, old: dict, values) -> None:
    """Set rows keyed by mention_id: None deletes; a key in `old` updates; else inserts."""
    gone = sorted(m for m, v in changes.items() if v is None and m in old)
    for lo in range(0, len(gone), 500):
        conn.execute(delete(table).where(table.c.mention_id.in_(gone[lo:lo + 500])))
    upd = [{"b_mention_id": m, **values(m, v)} for m, v in changes.items() if v is not None and m in old]
    if upd:
        conn.execute(update(table).where(table.c.mention_id == bindparam("b_mention_id")), upd)
    ins = [{"mention_id": m, **values(m, v)} for m, v in changes.items() if v is not None and m not in old]
    if ins:
        conn.execute(insert(table), ins)


def update_events(db: Database, full: bool = False) -> dict:
    """Bring the stored events up to date with the stored mentions, writing only what
    changed (one transaction). Incremental (resolve.incremental) unless `full` or in
    doubt; both give exactly the events of resolving everything again. Returns what was
    done: mode ("incremental", "full", "unchanged"), counts, seconds."""
    t0 = time.perf_counter()
    for _attempt in range(5):
        snap = _snapshot(db)
        t1 = time.perf_counter()
        plan = None if full else incremental_plan(snap, lambda ids: _records(db, ids))
        if plan is None:
            plan = full_plan(snap, _records(db), "asked" if full else "in doubt")
        t2 = time.perf_counter()
        if plan.mode == "unchanged":
            break
        try:
            _write(db, plan, snap)
            break
        except _Stale:
            continue
    else:
        raise RuntimeError("resolve: the events kept changing under us (another resolve running?)")
    t3 = time.perf_counter()
    return {"mode": plan.mode, "upserted": len(plan.upsert), "deleted": len(plan.delete),
            "trail_rows": len(plan.trail), **plan.stats, "read_s": round(t1 - t0, 4),
            "plan_s": round(t2 - t1, 4), "write_s": round(t3 - t2, 4), "seconds": round(t3 - t0, 4)}


def events_from_store(db: Database, full: bool = False) -> list[dict]:
    """The events of what is stored: resolved from the current mentions, with the ids
    they were stored under before (update_events: only what changed is redone and
    written; full=True redoes everything)."""
    update_events(db, full=full)
    return sorted(_records(db).values(), key=lambda e: (e["event_date"] or "", e["event_id"]))


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
