"""The HTML UI: timeline (/), map (/map), event (/events/ID), article (/articles/ID),
articles (/articles), search (/search), the situation report (/report) and an index of
the API (/api).

Pages are rendered on the server with Jinja2, autoescaping on for every template: text
from articles (titles, sentences, outlets, places, actors) is data and is always
escaped; no template marks such text safe. The only scripts are our static files
(map.js, timeline.js), allowed by the Content-Security-Policy; they build the map
popups with textContent, never innerHTML.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException

from sitrep.show import views
from sitrep.show.web import queries
from sitrep.show.web.api import Conn, Filter
from sitrep.show.web.queries import EventFilter

router = APIRouter(include_in_schema=False)

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
_ENV.globals.update(date_label=views.date_label, fatalities_label=views.fatalities_label,
                    place_label=views.place_label, actors_of=views.actors_of)


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are made clickable (never javascript: or data:)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


_ENV.filters["safe_url"] = _safe_url


def render(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(_ENV.get_template(name).render(**context), status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render("error.html", status=status, status_code=status, message=message, page="")


def _filter_args(f: EventFilter, request: Request) -> dict:
    """The filter form's current values (as typed), for re-display and links."""
    keys = ("since", "until", "type", "actor", "country", "place", "radius_km", "min_fatalities", "q")
    return {k: request.query_params.get(k, "") for k in keys}


@router.get("/", response_class=HTMLResponse)
def timeline(request: Request, conn: Conn, f: Filter):
    page = queries.list_events(conn, f, limit=2000, cap=2000)
    arts = queries.articles_by_id(conn, [s["article_id"] for e in page.items for s in e.get("sources") or []])
    rows = views.timeline_rows(page.items, arts)
    days: dict[str | None, list] = {}
    for r in rows:
        days.setdefault(r.day, []).append(r)
    return render("timeline.html", page="timeline", days=days, total=page.total, shown=len(rows),
                  form=_filter_args(f, request), query=request.url.query, stats=queries.stats(conn))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, f: Filter):
    return render("map.html", page="map", form=_filter_args(f, request), query=request.url.query)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(conn: Conn, event_id: str):
    detail = queries.event_detail(conn, event_id)
    if detail is None:
        raise HTTPException(404, f"no event {event_id!r}")
    outlets = {s["article_id"]: s.get("outlet") or s.get("title") or "an article" for s in detail["sources"]}
    return render("event.html", page="event", d=detail, e=detail["event"], outlets=outlets,
                  disputes=_dispute_columns(detail))


def _dispute_columns(detail: dict) -> list[dict]:
    """Each disputed field with its rival values side by side."""
    out = [{"field": d["field"], "columns": d["values"]} for d in detail["disputes"]]
    listed = {d["field"] for d in out}
    # a disputed field with no detail (records from before details were kept) still shows
    out += [{"field": name, "columns": []} for name in detail["event"].get("disputed") or [] if name not in listed]
    return out


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, conn: Conn, q: str | None = None, offset: int = 0):
    page = queries.list_articles(conn, q=q or None, limit=100, offset=max(0, offset))
    return render("articles.html", page="articles", p=page, q=q or "")


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(conn: Conn, article_id: str):
    detail = queries.article_detail(conn, article_id)
    if detail is None:
        raise HTTPException(404, f"no article {article_id!r}")
    segments = highlight(detail["article"]["text"], detail["mentions"], detail["claims"])
    return render("article.html", page="article", d=detail, a=detail["article"], segments=segments)


def highlight(text: str, mentions: list[dict], claims: list[dict]) -> list[dict]:
    """The article text cut into segments, the evidence sentences (of event mentions and
    of claims) marked: [{text, mark, event_id, label}]. The template escapes each
    segment; nothing of the text is ever treated as markup. Sentences not found verbatim
    in the text (never expected) are simply not marked."""
    spans: dict[tuple[int, int], dict] = {}
    for item, kind in [(m, "event") for m in mentions] + [(c, "claim") for c in claims]:
        sentence = (item.get("sentence") or "").strip()
        if not sentence:
            continue
        start = text.find(sentence)
        if start < 0:
            continue
        key = (start, start + len(sentence))
        info = spans.setdefault(key, {"event_id": None, "labels": []})
        if kind == "event":
            info["event_id"] = info["event_id"] or item.get("event_id")
            info["labels"].append(f"{item.get('sub_event_type')}: {item.get('trigger')}")
        else:
            info["labels"].append(f"claim: {item.get('value')} {item.get('kind')}"
                                  + (f" ({item.get('attributed_to')})" if item.get("attributed_to") else ""))
    segments, pos = [], 0
    for (start, end), info in sorted(spans.items()):
        if start < pos:  # overlapping sentences: keep the first
            continue
        if start > pos:
            segments.append({"text": text[pos:start], "mark": False})
        segments.append({"text": text[start:end], "mark": True, "event_id": info["event_id"],
                         "label": "; ".join(info["labels"])})
        pos = end
    if pos < len(text):
        segments.append({"text": text[pos:], "mark": False})
    return segments


@router.get("/rejections", response_class=HTMLResponse)
def rejections_page(conn: Conn, offset: int = 0):
    page = queries.list_rejections(conn, limit=200, offset=max(0, offset))
    return render("rejections.html", page="rejections", p=page)


@router.get("/search", response_class=HTMLResponse)
def search_page(conn: Conn, q: str = ""):
    q = q.strip()[:200]
    events = queries.list_events(conn, EventFilter(q=q), limit=100).to_dict() if q else None
    arts = queries.list_articles(conn, q=q, limit=100).to_dict() if q else None
    return render("search.html", page="search", q=q, events=events, articles=arts)


@router.get("/report", response_class=HTMLResponse)
def report_page(conn: Conn, since: dt.date | None = None, until: dt.date | None = None):
    """The situation report of `sitrep report --format html` (self-contained, no script)."""
    from sitrep.show import report as rep
    from sitrep.show.web.app import REPORT_CSP

    # every event: the report filters by date itself and also counts what lies outside
    events = queries.list_events(conn, EventFilter(), limit=10**9, cap=10**9).items
    arts = queries.articles_by_id(conn, [s["article_id"] for e in events for s in e.get("sources") or []])
    apart = [rep.claim_record(c, arts) for c in queries.claims_apart(conn)]
    built = rep.build_report(events, arts, apart, since=since, until=until)

    return HTMLResponse(rep.to_html(built), headers={"Content-Security-Policy": REPORT_CSP})


@router.get("/api", response_class=HTMLResponse)
def api_index(request: Request):
    spec = request.app.openapi()
    routes = []
    for path, ops in sorted(spec.get("paths", {}).items()):
        for method, op in ops.items():
            routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                           "params": [{"name": p["name"], "in": p["in"],
                                       "description": p.get("description") or p.get("schema", {}).get("description", ""),
                                       "type": p.get("schema", {}).get("type")
                                       or "/".join(x.get("type", "") for x in p.get("schema", {}).get("anyOf", []))}
                                      for p in op.get("parameters", [])]})
    return render("api.html", page="api", routes=routes, version=spec.get("info", {}).get("version"))

