"""The JSON API under /api (OpenAPI at /openapi.json, a readable index at /api).

Reads: events (filters + pagination, one event with its provenance, GeoJSON for the
map), the timeline, articles, claims, counts. One write: POST /api/ingest, which needs
the server's token and runs the same ingest, analysis and resolve as `sitrep ingest`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import Connection

from sitrep.show.web import queries
from sitrep.show.web.queries import EventFilter

router = APIRouter(prefix="/api")

# ----------------------------------------------------------------------- dependencies


def connection(request: Request) -> Iterator[Connection]:
    """One pooled connection per request, read-only in intent (nothing here writes)."""
    with request.app.state.db.engine.connect() as conn:
        yield conn


Conn = Annotated[Connection, Depends(connection)]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]


def event_filter(
    since: Annotated[dt.date | None, Query(description="events ending on or after this day")] = None,
    until: Annotated[dt.date | None, Query(description="events starting on or before this day")] = None,
    type: Annotated[str | None, Query(description="event_type or sub_event_type, any case")] = None,  # noqa: A002
    actor: Annotated[str | None, Query(description="substring of any actor, any case")] = None,
    country: Annotated[str | None, Query()] = None,
    place: Annotated[str | None, Query(description="a place name (gazetteer) or 'lat,lon'; with radius_km")] = None,
    radius_km: Annotated[float, Query(gt=0, le=20000)] = 50.0,
    min_fatalities: Annotated[int | None, Query(ge=0)] = None,
    disputed: Annotated[bool | None, Query(description="true: only events sources disagree on")] = None,
    background: Annotated[bool, Query(description="include look-backs at older events")] = True,
    q: Annotated[str | None, Query(max_length=200, description="substring of place, actors or type")] = None,
) -> EventFilter:
    near = None
    if place:
        from sitrep.show.views import resolve_place

        resolved = resolve_place(place)
        if resolved is None:
            raise HTTPException(422, f"unknown place {place!r} (try 'lat,lon')")
        near = resolved[:2]
    return EventFilter(since=since, until=until, event_type=type or None, actor=actor or None,
                       country=country or None, near=near, radius_km=radius_km, min_fatalities=min_fatalities,
                       disputed=disputed, background=background, q=q or None)


Filter = Annotated[EventFilter, Depends(event_filter)]


def require_token(request: Request) -> None:
    """Writes need `Authorization: Bearer <token>`; with no token configured there are none."""
    token = request.app.state.settings.token
    if not token:
        raise HTTPException(403, "this server is read-only (start it with a token to allow ingest)")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})


# ----------------------------------------------------------------------- models (OpenAPI)


class PageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class IngestOut(BaseModel):
    origin: str
    new: int
    copies: int
    duplicates: int
    rejected: int
    rejections: list[dict[str, Any]]
    articles: list[str]
    events: int


# ----------------------------------------------------------------------- reads


@router.get("/events", response_model=PageOut, summary="Events, filtered and paged")
def events(conn: Conn, f: Filter, limit: Limit = 50, offset: Offset = 0):
    return queries.list_events(conn, f, limit, offset).to_dict()


@router.get("/events.geojson", summary="Filtered events with coordinates, as GeoJSON")
def events_geojson(conn: Conn, f: Filter):
    return queries.geojson(conn, f)


@router.get("/events/{event_id}", summary="One event with its sources, claims, disputes and merge trail")
def event(conn: Conn, event_id: str):
    detail = queries.event_detail(conn, event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return detail


@router.get("/timeline", summary="Events by day (the `sitrep timeline` rows)")
def timeline(conn: Conn, f: Filter, limit: Annotated[int, Query(ge=1, le=5000)] = 1000, offset: Offset = 0):
    from sitrep.show.views import timeline_rows

    page = queries.list_events(conn, f, limit, offset, cap=5000)
    arts = queries.articles_by_id(conn, [s["article_id"] for e in page.items for s in e.get("sources") or []])
    return {"total": page.total, "limit": limit, "offset": offset,
            "items": [r.to_dict() for r in timeline_rows(page.items, arts)]}


@router.get("/articles", response_model=PageOut, summary="Articles (without text), newest first")
def articles(conn: Conn, q: Annotated[str | None, Query(max_length=200)] = None,
             outlet: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
             limit: Limit = 50, offset: Offset = 0):
    return queries.list_articles(conn, q=q, outlet=outlet, since=since, until=until,
                                 limit=limit, offset=offset).to_dict()


@router.get("/articles/{article_id}", summary="One article: text, event mentions, claims")
def article(conn: Conn, article_id: str):
    detail = queries.article_detail(conn, article_id)
    if detail is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return detail


@router.get("/claims", response_model=PageOut, summary="Claims (figures and who made them)")
def claims(conn: Conn, event_id: str | None = None, article_id: str | None = None, kind: str | None = None,
           attributed_to: str | None = None, limit: Limit = 50, offset: Offset = 0):
    return queries.list_claims(conn, event_id=event_id, article_id=article_id, kind=kind,
                               attributed_to=attributed_to, limit=limit, offset=offset).to_dict()


@router.get("/rejections", response_model=PageOut, summary="What ingest refused, and why")
def rejections(conn: Conn, reason: str | None = None, limit: Limit = 50, offset: Offset = 0):
    return queries.list_rejections(conn, reason=reason, limit=limit, offset=offset).to_dict()


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "geojson": "application/geo+json"}


@router.get("/export", summary="The filtered events as a file: ACLED-style CSV, JSON Lines or GeoJSON "
                               "(the `sitrep export` formats)")
def export(conn: Conn, f: Filter, format: Annotated[str, Query(pattern="^(csv|jsonl|geojson)$")] = "csv"):  # noqa: A002
    import io

    from fastapi.responses import Response

    from sitrep.show.export import write

    rows = queries.list_events(conn, f, limit=10**9, cap=10**9).items
    out = io.StringIO()
    write(rows, "events", format, out)
    name = f"sitrep-events.{format}"
    return Response(out.getvalue(), media_type=EXPORT_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/stats", summary="How much is stored")
def stats(conn: Conn):
    return queries.stats(conn)


# ----------------------------------------------------------------------- the one write

_INGEST_LOCK = threading.Lock()  # one API ingest at a time per process (the store locks across processes)


@router.post("/ingest", response_model=IngestOut, dependencies=[Depends(require_token)],
             summary="Ingest articles (JSON Lines or a JSON array of {text|html, title, url, outlet, published})")
async def ingest(request: Request):
    limit = request.app.state.settings.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"upload larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"upload larger than {limit} bytes")
    if not body.strip():
        raise HTTPException(422, "empty upload")
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_ingest_now, request.app.state.db, bytes(body))


def _ingest_now(db, data: bytes) -> dict:
    from sitrep.analyse.run import analyse_and_date
    from sitrep.ingest.run import ingest_upload
    from sitrep.resolve.run import update_events

    origin = "api-upload:" + hashlib.sha256(data).hexdigest()[:16]  # a retried upload is the same origin
    with _INGEST_LOCK:
        report = ingest_upload(origin, data, db)
        if report.ingested_anything:
            analyse_and_date(db)
        update_events(db)  # incremental: only the events the new articles touch are redone
        with db.engine.connect() as conn:
            n_events = queries.stats(conn)["events"]
    s = report.summary()
    return {"origin": origin, "new": s["new"], "copies": s["copies"], "duplicates": s["duplicates"],
            "rejected": s["rejected"],
            "rejections": [{"record": o.record, "reason": o.rejection.reason, "detail": o.rejection.detail}
                           for o in report.outcomes if o.status == "rejected"],
            "articles": [o.article.article_id if o.article else o.duplicate_of
                         for o in report.outcomes if o.status != "rejected" and (o.article or o.duplicate_of)],
            "events": n_events}
