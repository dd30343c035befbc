"""The web app's reads: filters and pages over the stored articles, events and claims.

Every function takes an open SQLAlchemy Connection and plain values and returns plain
dicts, so the API and the HTML pages share one set of queries and tests need no server.
Filtering and paging happen in SQL on the indexed columns of `events` (migration 0004);
the event itself is always the stored JSON record (shared/docs/event-schema.md). Every
value a request supplies is a bound parameter: no SQL is ever built from request text.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, or_, select

from sitrep.resolve.merge import haversine_km
from sitrep.show.export import EVENT_FIELDS
from sitrep.show.views import root_article
from sitrep.store.schema import ArticleRow, ClaimRow, EventMentionRow, EventRow, MentionRow

MAX_LIMIT = 500
#: columns of an article list (its text is only in the article's own page)
ARTICLE_LIST_FIELDS = ("article_id", "outlet", "url", "title", "published", "published_source",
                       "published_confidence", "word_count", "copy_of", "format")


@dataclass(frozen=True)
class EventFilter:
    """What a request asks of the events; None = no filter. See filter_events_query."""

    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None  # event_type or sub_event_type, any case
    actor: str | None = None  # substring of any actor, any case
    country: str | None = None  # equality, any case
    near: tuple[float, float] | None = None
    radius_km: float = 50.0
    min_fatalities: int | None = None
    disputed: bool | None = None  # True: only disputed events; False: only undisputed
    background: bool = True  # False: leave out look-backs at older events
    q: str | None = None  # substring of place, actors or type


@dataclass
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


def like(value: str) -> str:
    """A LIKE pattern matching `value` as a literal substring (%, _ and \\ escaped)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _contains(column, value: str):
    return func.lower(column).like(like(value), escape="\\")


def _bbox(lat: float, lon: float, km: float) -> tuple[float, float, float, float]:
    """A lat/lon box that holds every point within km of (lat, lon) (then haversine decides)."""
    dlat = km / 111.0
    coslat = math.cos(math.radians(lat))
    dlon = 180.0 if coslat < 1e-6 else min(180.0, km / (111.0 * coslat))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def _event_conditions(f: EventFilter) -> list:
    conds = []
    end = func.coalesce(EventRow.date_end, EventRow.event_date)
    if f.since:
        conds.append(and_(EventRow.event_date.is_not(None), end >= f.since))
    if f.until:
        conds.append(and_(EventRow.event_date.is_not(None), EventRow.event_date <= f.until))
    if f.event_type:
        key = f.event_type.strip().lower()
        conds.append(or_(func.lower(EventRow.event_type) == key, func.lower(EventRow.sub_event_type) == key))
    if f.actor:
        conds.append(_contains(EventRow.actors, f.actor))
    if f.country:
        conds.append(func.lower(EventRow.country) == f.country.strip().lower())
    if f.min_fatalities is not None:
        conds.append(EventRow.fatalities >= f.min_fatalities)
    if f.disputed is True:
        conds.append(and_(EventRow.disputed.is_not(None), EventRow.disputed != ""))
    elif f.disputed is False:
        conds.append(or_(EventRow.disputed.is_(None), EventRow.disputed == ""))
    if not f.background:
        conds.append(or_(EventRow.background.is_(None), EventRow.background.is_(False)))
    if f.q:
        conds.append(or_(_contains(EventRow.location, f.q), _contains(EventRow.actors, f.q),
                         _contains(EventRow.sub_event_type, f.q), _contains(EventRow.admin1, f.q)))
    if f.near is not None:
        lat0, lat1, lon0, lon1 = _bbox(f.near[0], f.near[1], f.radius_km)
        conds += [EventRow.latitude.between(lat0, lat1), EventRow.longitude.is_not(None)]
        if lon1 - lon0 < 360:
            if lon0 < -180 or lon1 > 180:  # the box crosses the antimeridian
                conds.append(or_(EventRow.longitude >= (lon0 + 540) % 360 - 180,
                                 EventRow.longitude <= (lon1 + 540) % 360 - 180))
            else:
                conds.append(EventRow.longitude.between(lon0, lon1))
    return conds


def clamp(limit: int | None, offset: int | None, default: int = 50,
          cap: int = MAX_LIMIT) -> tuple[int, int]:
    limit = default if limit is None else max(1, min(cap, limit))
    return limit, max(0, offset or 0)


def event_summary(record: dict) -> dict:
    """The record as the schema defines it (no merge trail, no internal ids)."""
    return {k: record.get(k) for k in EVENT_FIELDS}


def list_events(conn: Connection, f: EventFilter, limit: int | None = None, offset: int | None = None,
                full: bool = False, cap: int = MAX_LIMIT) -> Page:
    """Events passing the filter, by date then id; `full` keeps every stored key.
    `cap` bounds `limit`: an API page is at most MAX_LIMIT, the server's own views
    (timeline page, map, exports, report) ask for more in one query."""
    limit, offset = clamp(limit, offset, cap=cap)
    conds = _event_conditions(f)
    order = (EventRow.event_date.is_(None), EventRow.event_date, EventRow.event_id)
    shape = (lambda r: r) if full else event_summary
    if f.near is None:
        total = conn.execute(select(func.count()).select_from(EventRow).where(*conds)).scalar_one()
        rows = conn.execute(select(EventRow.record).where(*conds).order_by(*order)
                            .limit(limit).offset(offset)).scalars()
        return Page(total, limit, offset, [shape(r) for r in rows])
    # radius: the box narrows in SQL, the exact distance decides here, then the page
    rows = conn.execute(select(EventRow.record, EventRow.latitude, EventRow.longitude)
                        .where(*conds).order_by(*order)).all()
    hits = [r.record for r in rows
            if haversine_km(f.near[0], f.near[1], r.latitude, r.longitude) <= f.radius_km]
    return Page(len(hits), limit, offset, [shape(r) for r in hits[offset:offset + limit]])


def get_event(conn: Connection, event_id: str) -> dict | None:
    return conn.execute(select(EventRow.record).where(EventRow.event_id == event_id)).scalar_one_or_none()


def articles_by_id(conn: Connection, ids) -> dict[str, dict]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    cols = [getattr(ArticleRow, c) for c in ARTICLE_LIST_FIELDS]
    out = {r.article_id: _article_dict(r) for r in conn.execute(select(*cols).where(ArticleRow.article_id.in_(ids)))}
    # follow copy_of chains so that independent sources can be counted
    missing = {a["copy_of"] for a in out.values() if a["copy_of"] and a["copy_of"] not in out}
    while missing:
        for r in conn.execute(select(*cols).where(ArticleRow.article_id.in_(sorted(missing)))):
            out[r.article_id] = _article_dict(r)
        missing = {a["copy_of"] for a in out.values() if a["copy_of"] and a["copy_of"] not in out} - set(missing)
    return out


def _article_dict(r) -> dict:
    d = {c: getattr(r, c) for c in ARTICLE_LIST_FIELDS if hasattr(r, c)}
    if isinstance(d.get("published"), dt.date):
        d["published"] = d["published"].isoformat()
    return d


def event_detail(conn: Connection, event_id: str) -> dict | None:
    """An event with everything behind it: the record, its sources enriched from the
    articles (how the date is known, which copy family), the number of independent
    sources, the claims, the disputes field by field, and the merge trail."""
    record = get_event(conn, event_id)
    if record is None:
        return None
    arts = articles_by_id(conn, [s["article_id"] for s in record.get("sources") or []])
    sources = []
    for s in record.get("sources") or []:
        a = arts.get(s["article_id"], {})
        sources.append({**s, "published_source": a.get("published_source"),
                        "published_confidence": a.get("published_confidence"),
                        "copy_of": a.get("copy_of"), "family": root_article(s["article_id"], arts)})
    return {"event": event_summary(record), "sources": sources,
            "independent_sources": len({s["family"] for s in sources}),
            "claims": list(record.get("claims") or []),
            "disputes": _dispute_sources(conn, record),
            "merge_trail": list(record.get("merge_trail") or []),
            "mention_ids": list(record.get("mention_ids") or [])}


def _dispute_sources(conn: Connection, record: dict) -> list[dict]:
    """The event's disputes, each value with the articles that give it: outlet, title and
    the sentence (from this event's sources, or from the rival event's)."""
    disputes = [dict(d) for d in record.get("disputes") or []]
    said = {s["article_id"]: s for s in record.get("sources") or []}
    rivals = {v["event_id"] for d in disputes for v in d["values"]
              if v.get("event_id") and v["event_id"] != record["event_id"]}
    for rid in sorted(rivals):
        rival = get_event(conn, rid) or {}
        for s in rival.get("sources") or []:
            said.setdefault((rid, s["article_id"]), s)
    for d in disputes:
        values = []
        for v in d["values"]:
            rid = v.get("event_id")
            arts = []
            for a in v["article_ids"]:
                s = said.get((rid, a)) if rid and rid != record["event_id"] else None
                s = s or said.get(a) or {}
                arts.append({"article_id": a, "outlet": s.get("outlet"), "title": s.get("title"),
                             "sentence": s.get("sentence")})
            values.append({**v, "articles": arts})
        d["values"] = values
    return disputes


def list_articles(conn: Connection, q: str | None = None, outlet: str | None = None,
                  since: dt.date | None = None, until: dt.date | None = None,
                  limit: int | None = None, offset: int | None = None) -> Page:
    """Articles (without their text), newest first; q searches title and text."""
    limit, offset = clamp(limit, offset)
    conds = []
    if q:
        conds.append(or_(_contains(ArticleRow.title, q), _contains(ArticleRow.text, q)))
    if outlet:
        conds.append(_contains(ArticleRow.outlet, outlet))
    if since:
        conds.append(ArticleRow.published >= since)
    if until:
        conds.append(ArticleRow.published <= until)
    total = conn.execute(select(func.count()).select_from(ArticleRow).where(*conds)).scalar_one()
    cols = [getattr(ArticleRow, c) for c in ARTICLE_LIST_FIELDS]
    rows = conn.execute(select(*cols).where(*conds)
                        .order_by(ArticleRow.published.is_(None), ArticleRow.published.desc(), ArticleRow.article_id)
                        .limit(limit).offset(offset))
    return Page(total, limit, offset, [_article_dict(r) for r in rows])


_MENTION_FIELDS = ("mention_id", "sentence_index", "sentence", "trigger", "event_type", "sub_event_type",
                   "actor1", "actor2", "location", "event_date", "date_text", "fatalities", "background",
                   "attributed_to")


def article_detail(conn: Connection, article_id: str) -> dict | None:
    """An article with its text, its event mentions (and the event each joined), its
    claims, and where it was read from."""
    extra = ("text", "byline", "published_evidence", "copy_similarity")
    cols = [getattr(ArticleRow, c) for c in (*ARTICLE_LIST_FIELDS, *extra)]
    row = conn.execute(select(*cols).where(ArticleRow.article_id == article_id)).one_or_none()
    if row is None:
        return None
    art = _article_dict(row) | {"text": row.text, "byline": row.byline,
                                "published_evidence": row.published_evidence,
                                "copy_similarity": row.copy_similarity}
    mentions = []
    joined = select(*[getattr(MentionRow, c) for c in _MENTION_FIELDS], EventMentionRow.event_id).outerjoin(
        EventMentionRow, EventMentionRow.mention_id == MentionRow.mention_id)
    for m in conn.execute(joined.where(MentionRow.article_id == article_id).order_by(MentionRow.sentence_index)):
        d = dict(m._mapping)
        if isinstance(d["event_date"], dt.date):
            d["event_date"] = d["event_date"].isoformat()
        mentions.append(d)
    claims = [claim_dict(c) for c in conn.execute(select(*_CLAIM_COLUMNS).where(ClaimRow.article_id == article_id)
                                                  .order_by(ClaimRow.sentence_index, ClaimRow.id))]
    return {"article": art, "mentions": mentions, "claims": claims}


_CLAIM_FIELDS = ("mention_id", "article_id", "sentence_index", "kind", "value", "low", "high", "qualifier",
                 "party", "attributed_to", "via", "cumulative", "sentence")


_CLAIM_COLUMNS = [getattr(ClaimRow, c) for c in _CLAIM_FIELDS]


def claim_dict(row) -> dict:
    """A claim row (selected with _CLAIM_COLUMNS) as a plain dict."""
    return {k: getattr(row, k) for k in _CLAIM_FIELDS}


def list_claims(conn: Connection, event_id: str | None = None, article_id: str | None = None,
                kind: str | None = None, attributed_to: str | None = None,
                limit: int | None = None, offset: int | None = None) -> Page:
    """Stored claims, filtered by event (through the merge trail), article, kind, source."""
    limit, offset = clamp(limit, offset)
    conds = []
    if event_id:
        conds.append(ClaimRow.mention_id.in_(
            select(EventMentionRow.mention_id).where(EventMentionRow.event_id == event_id)))
    if article_id:
        conds.append(ClaimRow.article_id == article_id)
    if kind:
        conds.append(ClaimRow.kind == kind)
    if attributed_to:
        conds.append(_contains(ClaimRow.attributed_to, attributed_to))
    total = conn.execute(select(func.count()).select_from(ClaimRow).where(*conds)).scalar_one()
    rows = conn.execute(select(*_CLAIM_COLUMNS).where(*conds).order_by(
        ClaimRow.article_id, ClaimRow.sentence_index, ClaimRow.id).limit(limit).offset(offset))
    return Page(total, limit, offset, [claim_dict(c) for c in rows])


def claims_apart(conn: Connection) -> list[dict]:
    """Claims that belong to no event (cumulative tolls in sentences reporting no event)."""
    rows = conn.execute(select(*_CLAIM_COLUMNS).where(ClaimRow.mention_id.is_(None))
                        .order_by(ClaimRow.article_id, ClaimRow.sentence_index, ClaimRow.id))
    return [claim_dict(c) for c in rows]


def list_rejections(conn: Connection, reason: str | None = None, limit: int | None = None,
                    offset: int | None = None) -> Page:
    """What was refused at ingest, with the reason (nothing is dropped silently)."""
    from sitrep.store.schema import RejectionRow

    limit, offset = clamp(limit, offset)
    conds = [RejectionRow.reason == reason] if reason else []
    total = conn.execute(select(func.count()).select_from(RejectionRow).where(*conds)).scalar_one()
    cols = (RejectionRow.origin, RejectionRow.record, RejectionRow.reason, RejectionRow.detail, RejectionRow.created_at)
    rows = conn.execute(select(*cols).where(*conds).order_by(RejectionRow.id).limit(limit).offset(offset))
    items = [{"origin": r.origin, "record": None if r.record == -1 else r.record, "reason": r.reason,
              "detail": r.detail, "created_at": r.created_at.isoformat() if r.created_at else None} for r in rows]
    return Page(total, limit, offset, items)


def stats(conn: Connection) -> dict:
    count = lambda model: conn.execute(select(func.count()).select_from(model)).scalar_one()  # noqa: E731
    first, last = conn.execute(select(func.min(EventRow.event_date), func.max(EventRow.event_date))).one()
    from sitrep.store.schema import RejectionRow

    return {"articles": count(ArticleRow), "rejections": count(RejectionRow), "mentions": count(MentionRow),
            "claims": count(ClaimRow), "events": count(EventRow),
            "first_event": first.isoformat() if first else None, "last_event": last.isoformat() if last else None}


def geojson(conn: Connection, f: EventFilter, limit: int = 5000) -> dict:
    """A GeoJSON FeatureCollection of the filtered events that have coordinates."""
    page = list_events(conn, f, limit=limit, cap=limit)
    features = []
    for e in page.items:
        if e.get("latitude") is None or e.get("longitude") is None:
            continue
        props = {k: e.get(k) for k in ("event_id", "event_date", "date_end", "event_type", "sub_event_type",
                                       "actor1", "actor2", "location", "admin1", "country", "fatalities",
                                       "fatalities_low", "fatalities_high", "disputed", "geo_precision",
                                       "background", "notes")}
        props["sources"] = len(e.get("sources") or [])
        features.append({"type": "Feature", "geometry": {"type": "Point",
                                                         "coordinates": [e["longitude"], e["latitude"]]},
                         "properties": props})
    # foreign members (allowed by RFC 7946): how many events matched, and whether the
    # collection stops at `limit`, so that the map can say it shows only the first ones
    return {"type": "FeatureCollection", "features": features, "matched": page.total,
            "truncated": page.total > limit}
