"""The read-only view commands: `timeline`, `events`, `show`, `report`.

`register(app)` adds them to the main typer app (sitrep.cli calls it). Each command is a
thin wrapper: open the database, read the event and article records, call a pure
function of sitrep.show.views or sitrep.show.report, render with rich or print JSON.
Nothing here writes to the database.

Exit codes: 0 success; 1 nothing found (`show` of an unknown id, `--place` the gazetteer
cannot resolve); 2 bad usage (a malformed date, an unknown --format) or an unreadable
database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

DbOpt = Annotated[Optional[str], typer.Option("--db", help="SQLAlchemy URL or SQLite path (default: $SITREP_DB or sqlite:///sitrep.db)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable JSON on stdout")]
SinceOpt = Annotated[Optional[str], typer.Option("--since", help="only events ending on or after this day (YYYY-MM-DD)")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="only events starting on or before this day (YYYY-MM-DD)")]
BackgroundOpt = Annotated[bool, typer.Option("--background/--no-background",
                                             help="include events that are only look-backs at older events")]


def _console() -> Console:
    # created per call so that typer's CliRunner (which swaps sys.stdout) captures it
    return Console(width=None if sys.stdout.isatty() else 120)


def _fail(message: str, code: int) -> typer.Exit:
    Console(stderr=True).print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _load(db: str | None, with_claims: bool = False):
    """(events, articles by id, claims kept apart from events) from the database.

    with_claims: also read the stored claims, copy their `cumulative` flag onto the event
    claims (report.mark_cumulative) and return the ones that belong to no event."""
    from sitrep.resolve.run import article_records, events_from_store
    from sitrep.show.report import claim_record, mark_cumulative
    from sitrep.store import repo
    from sitrep.store.db import open_db

    try:
        database = open_db(db)
        events = events_from_store(database)
        with database.session() as session:
            articles = article_records(session)
            rows = repo.list_claims(session) if with_claims else []
            stored = [claim_record(c, articles) for c in rows]
        database.dispose()
    except Exception as exc:  # connection refused, bad URL, locked file, not a database
        raise _fail(f"cannot read database {db or ''}: {exc}", 2) from exc
    mark_cumulative(events, stored)
    apart = [c for c in stored if c["mention_id"] is None]
    return events, articles, apart


def _check_dates(*values: str | None) -> None:
    from sitrep.show.views import parse_date

    for v in values:
        try:
            parse_date(v)
        except ValueError as exc:
            raise _fail(f"not a date (YYYY-MM-DD): {v!r}", 2) from exc


def timeline(db: DbOpt = None, as_json: JsonOpt = False, since: SinceOpt = None, until: UntilOpt = None,
             background: BackgroundOpt = True):
    """Events by day: place, actors, fatalities, independent sources, disputes."""
    from sitrep.show import views

    _check_dates(since, until)
    events, articles, _ = _load(db)
    rows = views.timeline_rows(views.filter_events(events, since=since, until=until, background=background),
                               articles)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return
    _console().print(views.timeline_table(rows, title=f"timeline: {len(rows)} events"))


def events(db: DbOpt = None, as_json: JsonOpt = False, since: SinceOpt = None, until: UntilOpt = None,
           place: Annotated[Optional[str], typer.Option("--place", help="a place name (gazetteer) or 'lat,lon'")] = None,
           radius: Annotated[Optional[float], typer.Option("--radius", help="km around --place (default 50)")] = None,
           actor: Annotated[Optional[str], typer.Option("--actor", help="substring of an actor (any side), any case")] = None,
           event_type: Annotated[Optional[str], typer.Option("--type", help="event_type or sub_event_type, any case")] = None,
           min_fatalities: Annotated[Optional[int], typer.Option("--min-fatalities", help="best estimate at least this")] = None,
           background: BackgroundOpt = True):
    """List events, filtered by date, place and radius, actor, type, fatalities."""
    from sitrep.show import views

    _check_dates(since, until)
    if radius is not None and place is None:
        raise _fail("--radius needs --place", 2)
    near = None
    if place is not None:
        resolved = views.resolve_place(place)
        if resolved is None:
            raise _fail(f"unknown place {place!r} (try 'lat,lon')", 1)
        near = resolved[:2]
        if not as_json:
            Console(stderr=True).print(f"--place {place!r} -> {resolved[2]} ({near[0]:.4f}, {near[1]:.4f})",
                                       markup=False, highlight=False)
    all_events, articles, _ = _load(db)
    chosen = views.filter_events(all_events, since=since, until=until, near=near, radius_km=radius,
                                 actor=actor, event_type=event_type, min_fatalities=min_fatalities,
                                 background=background)
    if as_json:
        typer.echo(json.dumps(chosen, indent=2, ensure_ascii=False, default=str))
        return
    _console().print(views.events_table(chosen, articles, title=f"{len(chosen)} of {len(all_events)} events"))


def show(event_id: Annotated[str, typer.Argument(help="an event id (or a unique prefix)")],
         db: DbOpt = None, as_json: JsonOpt = False):
    """One event with its full provenance: fields, sources, claims, disputes, mentions."""
    from sitrep.show import views

    all_events, articles, _ = _load(db, with_claims=True)
    event = views.find_event(all_events, event_id)
    if event is None:
        raise _fail(f"no event {event_id!r} (ids: `sitrep events`)", 1)
    p = views.provenance(event, articles)
    if as_json:
        typer.echo(json.dumps(p.to_dict(), indent=2, ensure_ascii=False, default=str))
        return
    _console().print(views.provenance_renderable(p))


def report(db: DbOpt = None,
           fmt: Annotated[str, typer.Option("--format", help="md | html")] = "md",
           output: Annotated[Optional[Path], typer.Option("-o", "--output", help="file (default stdout)")] = None,
           since: SinceOpt = None, until: UntilOpt = None, background: BackgroundOpt = True,
           title: Annotated[str, typer.Option("--title", help="the report's title")] = "Situation report"):
    """A situation report (Markdown or self-contained HTML) with numbered citations."""
    from sitrep.show import report as rep

    if fmt not in ("md", "html"):
        raise _fail("--format must be md or html", 2)
    _check_dates(since, until)
    all_events, articles, apart = _load(db, with_claims=True)
    built = rep.build_report(all_events, articles, apart, since=since, until=until, background=background,
                             title=title)
    text = rep.to_markdown(built) if fmt == "md" else rep.to_html(built)
    if output:
        output.write_text(text, encoding="utf-8")
        Console(stderr=True).print(f"wrote {output} ({built.headline.events} events, "
                                   f"{built.headline.sources} sources)", markup=False, highlight=False)
    else:
        typer.echo(text, nl=False)


def register(app: typer.Typer) -> None:
    """Add the view commands to the sitrep app."""
    app.command("timeline")(timeline)
    app.command("events")(events)
    app.command("show")(show)
    app.command("report")(report)
