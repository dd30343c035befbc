"""Read-only views of the event record: filtering, independent sources, rich renderables.

Everything here is a pure function of event records (the dicts of
shared/docs/event-schema.md, as `sitrep.resolve.run.events_from_store` returns them) and
article records (`sitrep.resolve.run.article_records`), so it is testable without a
database. `sitrep.show.commands` wraps these functions as the `timeline`, `events` and
`show` commands.

Why "independent" sources: the same wire story carried by two outlets is stored as two
articles, the later linked to the first by `copy_of`. Each outlet is a source, but a copy
is not a second confirmation, so a count of independent sources counts each copy family
once.

Untrusted text (titles, sentences, outlet and place names) is always put into rich
`Text` objects, never into markup strings, so a title like "[red]x[/red]" is shown as
written and cannot restyle the terminal output.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from rich.console import Group
from rich.table import Table
from rich.text import Text

from sitrep.resolve.merge import haversine_km

#: --radius when --place is given without one (km): about a town and its outskirts.
DEFAULT_RADIUS_KM = 50.0

_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


# --------------------------------------------------------------------------- articles

def article_index(articles: Mapping[str, dict] | Iterable[dict] | None) -> dict[str, dict]:
    """Articles keyed by id, from either a mapping (article_records) or a list of dicts."""
    if articles is None:
        return {}
    if isinstance(articles, Mapping):
        return dict(articles)
    return {a["article_id"]: a for a in articles}


def root_article(article_id: str, articles: Mapping[str, dict]) -> str:
    """The first article of a near-copy family (follows copy_of to its end). A cycle in
    copy_of (never written by ingest, but the data is not ours to trust) gives the
    smallest id on the cycle, so every member still lands on the same root."""
    path = [article_id]
    while True:
        parent = (articles.get(path[-1]) or {}).get("copy_of")
        if not parent:
            return path[-1]
        if parent in path:
            return min(path[path.index(parent):])
        path.append(parent)


def independent_sources(event: dict, articles: Mapping[str, dict]) -> int:
    """How many sources of the event are independent: near-copies count once."""
    return len({root_article(s["article_id"], articles) for s in event.get("sources") or []})


# --------------------------------------------------------------------------- filters

def parse_date(value: str | dt.date | None) -> dt.date | None:
    """A --since/--until value: "YYYY-MM-DD" (or a date). Raises ValueError on anything else."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value.strip())


def resolve_place(name: str) -> tuple[float, float, str] | None:
    """(lat, lon, label) for --place: "lat,lon" literally, else the gazetteer's best place."""
    m = _LATLON.match(name)
    if m:
        return float(m.group(1)), float(m.group(2)), name.strip()
    from sitrep.analyse.gazetteer import get_gazetteer

    place = get_gazetteer().resolve(name)
    if place is None:
        return None
    label = ", ".join(x for x in (place.name, place.admin1, place.country) if x)
    return place.latitude, place.longitude, label


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def actors_of(event: dict) -> list[str]:
    """actor1, actor2 and the associated actors, in that order, without repeats."""
    out: list[str] = []
    for name in [event.get("actor1"), event.get("actor2"),
                 *(event.get("assoc_actor_1") or []), *(event.get("assoc_actor_2") or [])]:
        if name and name not in out:
            out.append(name)
    return out


def filter_events(events: Iterable[dict], *, since: dt.date | str | None = None,
                  until: dt.date | str | None = None,
                  near: tuple[float, float] | None = None, radius_km: float | None = None,
                  actor: str | None = None, event_type: str | None = None,
                  min_fatalities: int | None = None, background: bool = True) -> list[dict]:
    """The events that pass every given filter (None = no filter), in their input order.

    since/until: the event's span [event_date, date_end] overlaps [since, until]; an
      undated event never passes a date filter.
    near + radius_km: haversine distance from `near` (lat, lon) to the event's point is at
      most radius_km (DEFAULT_RADIUS_KM if None); events without coordinates fail.
    actor: case-insensitive substring of actor1, actor2 or an associated actor.
    event_type: case-insensitive equality with event_type or sub_event_type ("battles",
      "Air/drone strike"); equality rather than substring, as "attack" would otherwise
      also select "Shelling/artillery/missile attack".
    min_fatalities: best-estimate fatalities >= n; events with no reported toll fail.
    background: False drops events that are only look-backs at older events.
    """
    since_d, until_d = parse_date(since), parse_date(until)
    radius = DEFAULT_RADIUS_KM if radius_km is None else radius_km
    actor_key = actor.casefold() if actor else None
    type_key = event_type.casefold().strip() if event_type else None
    out = []
    for e in events:
        if not background and e.get("background"):
            continue
        if since_d or until_d:
            start = _day(e.get("event_date"))
            end = _day(e.get("date_end")) or start
            if start is None:
                continue
            if since_d and end < since_d:
                continue
            if until_d and start > until_d:
                continue
        if near is not None:
            lat, lon = e.get("latitude"), e.get("longitude")
            if lat is None or lon is None or haversine_km(near[0], near[1], lat, lon) > radius:
                continue
        if actor_key and not any(actor_key in a.casefold() for a in actors_of(e)):
            continue
        if type_key and type_key not in {(e.get("event_type") or "").casefold(),
                                         (e.get("sub_event_type") or "").casefold()}:
            continue
        if min_fatalities is not None and (e.get("fatalities") is None or e["fatalities"] < min_fatalities):
            continue
        out.append(e)
    return out


# --------------------------------------------------------------------------- formatting

def date_label(event: dict) -> str:
    """The event's date as precise as it is known: a day, a span, or a month."""
    start, end = event.get("event_date"), event.get("date_end")
    if not start:
        return "undated"
    precision = event.get("time_precision") or 1
    if precision >= 3:
        return f"{start[:7]} (month)" if not end or end[:7] == start[:7] else f"{start[:7]} – {end[:7]}"
    if end and end != start:
        return f"{start} – {end}"
    return start


def fatalities_label(event: dict) -> str:
    """"7", "7 (5–12)" for a range over claims, or "–" when no toll was reported."""
    best, low, high = event.get("fatalities"), event.get("fatalities_low"), event.get("fatalities_high")
    if best is None:
        return "–"
    if low is not None and high is not None and low != high:
        return f"{best} ({low}–{high})"
    return str(best)


def place_label(event: dict) -> str:
    parts = [event.get("location"), event.get("admin1"), event.get("country")]
    out: list[str] = []
    for p in parts:
        if p and p not in out:
            out.append(p)
    return ", ".join(out) or "unknown place"


# --------------------------------------------------------------------------- timeline

@dataclass
class TimelineRow:
    """One event on the timeline."""

    day: str | None  # event_date (None = undated, listed last)
    date: str  # date_label: the day, a span or a month
    event_id: str
    event: str  # sub-event type (event type)
    place: str
    actors: list[str]
    fatalities: str
    fatalities_best: int | None
    sources: int  # articles
    independent_sources: int  # near-copy families
    disputed: list[str]
    background: bool

    def to_dict(self) -> dict:
        return asdict(self)


def timeline_rows(events: Iterable[dict], articles: Mapping[str, dict] | Iterable[dict] | None) -> list[TimelineRow]:
    """Events as timeline rows, by day (undated last), then by event id for stability."""
    arts = article_index(articles)
    rows = [TimelineRow(
        day=e.get("event_date"), date=date_label(e), event_id=e["event_id"],
        event=f"{e.get('sub_event_type') or '?'} ({e.get('event_type') or '?'})",
        place=place_label(e), actors=actors_of(e), fatalities=fatalities_label(e),
        fatalities_best=e.get("fatalities"), sources=len(e.get("sources") or []),
        independent_sources=independent_sources(e, arts), disputed=list(e.get("disputed") or []),
        background=bool(e.get("background"))) for e in events]
    rows.sort(key=lambda r: (r.day is None, r.day or "", r.event_id))
    return rows


def _sources_cell(independent: int, total: int) -> Text:
    return Text(str(independent) if independent == total else f"{independent} ({total} articles)")


def timeline_table(rows: list[TimelineRow], title: str = "timeline") -> Table:
    """A rich table, one row per event, the day printed once per group of days."""
    table = Table(title=title, show_lines=False)
    table.add_column("day", no_wrap=True)
    table.add_column("event", overflow="fold", max_width=34)
    table.add_column("place", overflow="fold", max_width=28)
    table.add_column("actors", overflow="fold", max_width=32)
    table.add_column("killed", justify="right", no_wrap=True)
    table.add_column("indep.\nsources", justify="right")
    table.add_column("disputed", overflow="fold")
    table.add_column("id", no_wrap=True, style="dim")
    first, previous = True, None
    for r in rows:
        new_day = first or r.day != previous
        if new_day and not first:
            table.add_section()
        first = False
        event = Text(r.event)
        if r.background:
            event.append(" [background]", style="dim")
        table.add_row(Text(r.date if new_day else ""), event, Text(r.place), Text("; ".join(r.actors)),
                      Text(r.fatalities), _sources_cell(r.independent_sources, r.sources),
                      Text(", ".join(r.disputed), style="bold red") if r.disputed else Text(""),
                      Text(r.event_id))
        previous = r.day
    return table


def events_table(events: list[dict], articles: Mapping[str, dict] | Iterable[dict] | None,
                 title: str | None = None) -> Table:
    """The filtered events as a rich table (the `events` command without --json)."""
    arts = article_index(articles)
    table = Table(title=title or f"{len(events)} events")
    for col, kw in (("id", {"no_wrap": True}), ("date", {"no_wrap": True}), ("type", {"max_width": 30}),
                    ("place", {"max_width": 28}), ("actors", {"max_width": 32}),
                    ("killed", {"justify": "right", "no_wrap": True}), ("indep.\nsources", {"justify": "right"}),
                    ("disputed", {})):
        table.add_column(col, overflow="fold", **kw)
    for e in events:
        table.add_row(Text(e["event_id"]), Text(date_label(e)),
                      Text(e.get("sub_event_type") or e.get("event_type") or "?"), Text(place_label(e)),
                      Text("; ".join(actors_of(e))), Text(fatalities_label(e)),
                      _sources_cell(independent_sources(e, arts), len(e.get("sources") or [])),
                      Text(", ".join(e.get("disputed") or []), style="bold red"))
    return table


# --------------------------------------------------------------------------- one event

def find_event(events: Iterable[dict], key: str) -> dict | None:
    """The event with this id, or with a unique id prefix ("ev_06eb", "06eb27"); else None."""
    events = list(events)
    key = key.strip()
    for e in events:
        if e["event_id"] == key:
            return e
    hits = [e for e in events
            if e["event_id"].startswith(key) or e["event_id"].removeprefix("ev_").startswith(key)]
    return hits[0] if len(hits) == 1 else None


@dataclass
class Provenance:
    """Everything behind one event: its fields, each source and claim, disputes, mentions."""

    event_id: str
    fields: dict  # every field of the record except the lists below
    sources: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)
    mention_ids: list[str] = field(default_factory=list)
    merge_trail: list[dict] = field(default_factory=list)  # which mention joined which, and why
    independent_sources: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def provenance(event: dict, articles: Mapping[str, dict] | Iterable[dict] | None) -> Provenance:
    """The event's provenance: sources enriched from the article records (published_source,
    copy_of, the copy family's first article), claims as recorded."""
    arts = article_index(articles)
    sources = []
    for s in event.get("sources") or []:
        art = arts.get(s["article_id"], {})
        sources.append({
            "article_id": s["article_id"], "outlet": s.get("outlet") or art.get("outlet"),
            "title": s.get("title") or art.get("title"), "url": s.get("url") or art.get("url"),
            "published": s.get("published") or art.get("published"),
            "published_source": art.get("published_source"), "copy_of": art.get("copy_of"),
            "independent_of": root_article(s["article_id"], arts), "sentence": s.get("sentence")})
    skip = {"sources", "claims", "disputed", "mention_ids", "merge_trail"}
    return Provenance(event_id=event["event_id"], fields={k: v for k, v in event.items() if k not in skip},
                      sources=sources, claims=[dict(c) for c in event.get("claims") or []],
                      disputed=list(event.get("disputed") or []),
                      mention_ids=list(event.get("mention_ids") or []),
                      merge_trail=[dict(t) for t in event.get("merge_trail") or []],
                      independent_sources=independent_sources(event, arts))


def _value_text(v) -> Text:
    if v is None:
        return Text("null", style="dim")
    if isinstance(v, list):
        return Text("; ".join(str(x) for x in v) if v else "[]")
    return Text(str(v))


def provenance_renderable(p: Provenance) -> Group:
    """A rich group: fields, sources, claims, disputes and mention ids of one event."""
    fields = Table(title=f"event {p.event_id}", show_header=False)
    fields.add_column("field", style="bold", no_wrap=True)
    fields.add_column("value", overflow="fold")
    for k, v in p.fields.items():
        fields.add_row(Text(k), _value_text(v))
    fields.add_row(Text("disputed"), Text(", ".join(p.disputed) or "none",
                                          style="bold red" if p.disputed else "dim"))
    fields.add_row(Text("mention_ids"), Text(", ".join(p.mention_ids)))

    sources = Table(title=f"{len(p.sources)} sources ({p.independent_sources} independent)", show_lines=True)
    for col in ("outlet", "title", "published (source)", "evidence sentence", "article"):
        sources.add_column(col, overflow="fold", max_width=50 if col == "evidence sentence" else 28)
    for s in p.sources:
        pub = f"{s['published']} ({s.get('published_source') or '?'})" if s.get("published") else "undated"
        art = s["article_id"] + (f"\ncopy of {s['copy_of']}" if s.get("copy_of") else "")
        if s.get("url"):
            art += "\n" + s["url"]
        sources.add_row(Text(s.get("outlet") or "unknown outlet"), Text(s.get("title") or ""),
                        Text(pub), Text(s.get("sentence") or ""), Text(art))

    claims = Table(title=f"{len(p.claims)} claims", show_lines=True)
    for col in ("kind", "value", "qualifier", "party", "attributed to", "outlet", "sentence"):
        claims.add_column(col, overflow="fold", max_width=50 if col == "sentence" else 24)
    for c in p.claims:
        cells = [Text("" if c.get(k) is None else str(c.get(k)))
                 for k in ("kind", "value", "qualifier", "party", "attributed_to", "outlet", "sentence")]
        if c.get("cumulative"):
            cells[0].append(" (cumulative)", style="dim")
        claims.add_row(*cells)
    trail = Table(title="merge trail", show_lines=False)
    for col in ("mention", "article", "joined", "why"):
        trail.add_column(col, overflow="fold", max_width=60 if col == "why" else 22)
    for t in p.merge_trail:
        trail.add_row(Text(t["mention_id"]), Text(t.get("article_id") or ""),
                      Text(t.get("joined_with") or "-"), Text(t.get("why") or ""))
    return Group(fields, sources, claims, trail)
