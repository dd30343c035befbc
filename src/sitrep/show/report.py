"""The situation report: event records -> a report structure -> Markdown or HTML.

`build_report(events, articles, claims_apart)` is a pure function that computes every
figure of the report into typed dataclasses; `to_markdown` and `to_html` only lay that
structure out. Sections: headline figures, timeline, per-actor and per-place summaries,
a casualty ledger per party over time, the disagreements (events whose `disputed` is
non-empty, and the claims resolve kept apart from every event, such as cumulative tolls),
and numbered citations to the articles.

Every string that comes from an article (titles, sentences, outlets, places, actors,
parties, URLs) is untrusted. HTML escapes all of it with html.escape (quotes included)
and links only http(s) URLs; the page is self-contained (inline CSS, no scripts, no
external resources). Markdown escapes `& < >` as entities and backslash-escapes the
characters that make emphasis, code, links or table cells, so a title cannot inject
markup into a renderer.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from sitrep.show.views import (actors_of, article_index, date_label, filter_events, independent_sources,
                               parse_date, place_label, root_article)

#: claim kinds that count people (the ledger); other kinds (strikes, car_bombs) are not casualties
CASUALTY_KINDS = ("killed", "wounded", "captured", "arrested", "missing", "casualties")
_QUALIFIER = {"at_least": "at least", "more_than": "more than", "approx": "about", "at_most": "at most",
              "exact": ""}
UNSPECIFIED_PARTY = "unspecified"


# --------------------------------------------------------------------------- structure

@dataclass
class Citation:
    n: int
    article_id: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    copy_of: int | str | None = None  # the cited number (or id) of the article this copies


@dataclass
class Headline:
    events: int
    background_events: int
    events_with_toll: int
    fatalities_low: int  # sums over events of each event's low / high estimate
    fatalities_high: int
    places: int
    date_from: str | None
    date_to: str | None
    sources: int  # articles cited
    independent_sources: int  # near-copy families cited
    disputed_events: int
    claims_apart: int


@dataclass
class TimelineItem:
    day: str | None
    date: str
    event_id: str
    event: str
    place: str
    actors: list[str]
    fatalities: str
    citations: list[int]
    independent_sources: int
    disputed: list[str]
    background: bool
    notes: str | None


@dataclass
class Summary:
    """One actor's or one place's events."""

    name: str
    events: int
    events_with_toll: int
    fatalities_low: int
    fatalities_high: int
    first: str | None
    last: str | None
    related: list[str]  # places of an actor / actors at a place
    event_types: list[str]


@dataclass
class LedgerEntry:
    day: str | None  # for ordering: the event's day, or the article's publication day
    date: str
    kind: str
    figure: str
    party: str
    attributed_to: str | None
    outlet: str | None
    citation: int | None
    event_id: str | None  # None: a claim kept apart from every event
    cumulative: bool
    sentence: str | None


@dataclass
class PartyLedger:
    party: str
    entries: list[LedgerEntry]
    killed_low: int  # per event the lowest / highest "killed" claim for the party, summed
    killed_high: int
    events: int


@dataclass
class Disagreement:
    event_id: str
    date: str
    place: str
    fields: list[str]
    fatalities: str
    claims: list[LedgerEntry]
    citations: list[int]


@dataclass
class TollGroup:
    """Claims kept apart from events for one (kind, party): cumulative tolls and the like."""

    kind: str
    party: str
    entries: list[LedgerEntry]
    disagree: bool  # the sources give different figures


@dataclass
class Report:
    title: str
    since: str | None
    until: str | None
    headline: Headline
    timeline: list[TimelineItem]
    actors: list[Summary]
    places: list[Summary]
    ledger: list[PartyLedger]
    disagreements: list[Disagreement]
    claims_apart: list[TollGroup]
    citations: list[Citation]

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- helpers

def claim_record(row, articles: Mapping[str, dict] | None = None) -> dict:
    """A stored claim (ClaimRow or a dict of its columns) as a plain dict with its outlet."""
    get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
    art = (articles or {}).get(get("article_id"), {})
    return {k: get(k) for k in ("mention_id", "article_id", "kind", "value", "low", "high", "qualifier",
                                "party", "attributed_to", "via", "sentence")} | {
        "cumulative": bool(get("cumulative", False)), "outlet": get("outlet") or art.get("outlet")}


def mark_cumulative(events: Iterable[dict], claims: Iterable[dict]) -> None:
    """Copy the stored `cumulative` flag onto event claims that lack it (event records do
    not carry it), matching on (article, kind, value, sentence). Mutates the events."""
    flagged = {(c.get("article_id"), c.get("kind"), c.get("value"), c.get("sentence"))
               for c in claims if c.get("cumulative")}
    for e in events:
        for c in e.get("claims") or []:
            if "cumulative" not in c:
                c["cumulative"] = (c.get("article_id"), c.get("kind"), c.get("value"), c.get("sentence")) in flagged


def figure(claim: dict) -> str:
    """"at least 287", "more than 220,000", "24–99", "7"."""
    value, low, high = claim.get("value"), claim.get("low"), claim.get("high")
    if value is None:
        if low is not None and high is not None:
            return f"{low:,}–{high:,}"
        return "unknown number"
    if claim.get("qualifier") == "range" and low is not None and high is not None:
        return f"{low:,}–{high:,}"
    word = _QUALIFIER.get(claim.get("qualifier") or "exact", "")
    return f"{word} {value:,}".strip()


def _party_key(party: str | None) -> str:
    return " ".join((party or "").split()).casefold() or UNSPECIFIED_PARTY


def _low(e: dict) -> int:
    v = e.get("fatalities_low")
    return v if v is not None else (e.get("fatalities") or 0)


def _high(e: dict) -> int:
    v = e.get("fatalities_high")
    return v if v is not None else (e.get("fatalities") or 0)


def _in_range(day: str | None, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    try:
        d = dt.date.fromisoformat(day) if day else None
    except ValueError:
        d = None
    return d is not None and (since is None or d >= since) and (until is None or d <= until)


def _summaries(groups: dict[str, list[dict]], related) -> list[Summary]:
    out = []
    for name, evs in groups.items():
        days = sorted(d for e in evs for d in (e.get("event_date"), e.get("date_end")) if d)
        rel: list[str] = []
        for e in evs:
            for r in related(e):
                if r not in rel:
                    rel.append(r)
        types = sorted({e.get("sub_event_type") or e.get("event_type") or "?" for e in evs})
        out.append(Summary(name=name, events=len(evs),
                           events_with_toll=sum(1 for e in evs if e.get("fatalities") is not None),
                           fatalities_low=sum(_low(e) for e in evs),
                           fatalities_high=sum(_high(e) for e in evs), first=days[0] if days else None,
                           last=days[-1] if days else None, related=rel, event_types=types))
    out.sort(key=lambda s: (-s.events, -s.fatalities_high, s.name.casefold()))
    return out


# --------------------------------------------------------------------------- build

def build_report(events: Iterable[dict], articles: Mapping[str, dict] | Iterable[dict] | None,
                 claims_apart: Iterable[dict] = (), *, since: dt.date | str | None = None,
                 until: dt.date | str | None = None, background: bool = True,
                 title: str = "Situation report") -> Report:
    """Every figure of the report, from event records, article records and the claims
    that belong to no event (`claim_record` dicts of stored claims with no mention_id).

    since/until select events whose span overlaps the range (views.filter_events) and
    claims kept apart whose article was published in the range (undated ones drop out
    when a range is given, as they cannot be placed in it)."""
    arts = article_index(articles)
    since_d, until_d = parse_date(since), parse_date(until)
    chosen = filter_events(events, since=since_d, until=until_d, background=background)
    chosen.sort(key=lambda e: (e.get("event_date") is None, e.get("event_date") or "", e["event_id"]))
    apart = [c for c in claims_apart
             if _in_range((arts.get(c.get("article_id")) or {}).get("published"), since_d, until_d)]

    # citations: numbered by first appearance (timeline order, then the claims kept apart)
    numbers: dict[str, int] = {}

    def cite(article_id: str | None) -> int | None:
        if not article_id:
            return None
        if article_id not in numbers:
            numbers[article_id] = len(numbers) + 1
        return numbers[article_id]

    timeline = []
    for e in chosen:
        cites = [cite(s["article_id"]) for s in e.get("sources") or []]
        timeline.append(TimelineItem(
            day=e.get("event_date"), date=date_label(e), event_id=e["event_id"],
            event=e.get("sub_event_type") or e.get("event_type") or "?", place=place_label(e),
            actors=actors_of(e), fatalities=_fatal_text(e), citations=sorted(set(cites)),
            independent_sources=independent_sources(e, arts), disputed=list(e.get("disputed") or []),
            background=bool(e.get("background")), notes=e.get("notes")))
    for c in apart:
        cite(c.get("article_id"))

    citations = []
    for article_id, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        a = arts.get(article_id, {})
        root = root_article(article_id, arts)
        copy_of = None if root == article_id else numbers.get(root, root)
        citations.append(Citation(n=n, article_id=article_id, outlet=a.get("outlet"), title=a.get("title"),
                                  published=a.get("published"), url=a.get("url"), copy_of=copy_of))

    # summaries
    by_actor: dict[str, list[dict]] = defaultdict(list)
    by_place: dict[str, list[dict]] = defaultdict(list)
    for e in chosen:
        for a in actors_of(e):
            by_actor[a].append(e)
        by_place[place_label(e)].append(e)
    actors = _summaries(by_actor, lambda e: [place_label(e)])
    places = _summaries(by_place, actors_of)

    # casualty ledger per party: event claims, then the claims kept apart
    entries: list[LedgerEntry] = []
    for e in chosen:
        for c in e.get("claims") or []:
            if c.get("kind") in CASUALTY_KINDS:
                entries.append(_entry(c, e.get("event_date"), date_label(e), e["event_id"], cite))
    for c in apart:
        if c.get("kind") in CASUALTY_KINDS:
            pub = (arts.get(c.get("article_id")) or {}).get("published")
            entries.append(_entry(c, pub, f"reported {pub}" if pub else "undated report", None, cite))
    ledger = _ledger(entries)

    disagreements = []
    for e in chosen:
        if e.get("disputed"):
            claims = [_entry(c, e.get("event_date"), date_label(e), e["event_id"], cite)
                      for c in e.get("claims") or []]
            disagreements.append(Disagreement(
                event_id=e["event_id"], date=date_label(e), place=place_label(e), fields=list(e["disputed"]),
                fatalities=_fatal_text(e), claims=claims,
                citations=sorted({cite(s["article_id"]) for s in e.get("sources") or []})))

    groups: dict[tuple[str, str], list[LedgerEntry]] = defaultdict(list)
    for c in apart:
        pub = (arts.get(c.get("article_id")) or {}).get("published")
        entry = _entry(c, pub, f"reported {pub}" if pub else "undated report", None, cite)
        groups[(c.get("kind") or "?", _party_key(c.get("party")))].append(entry)
    tolls = []
    for (kind, _key), es in sorted(groups.items()):
        es.sort(key=lambda x: (x.day is None, x.day or "", x.citation or 0))
        tolls.append(TollGroup(kind=kind, party=es[0].party, entries=es,
                               disagree=len({x.figure for x in es}) > 1))

    days = sorted(d for e in chosen for d in (e.get("event_date"), e.get("date_end")) if d)
    cited_roots = {root_article(a, arts) for a in numbers}
    headline = Headline(
        events=len(chosen), background_events=sum(1 for e in chosen if e.get("background")),
        events_with_toll=sum(1 for e in chosen if e.get("fatalities") is not None),
        fatalities_low=sum(_low(e) for e in chosen), fatalities_high=sum(_high(e) for e in chosen),
        places=len({place_label(e) for e in chosen if e.get("location") or e.get("country")}), date_from=days[0] if days else None, date_to=days[-1] if days else None,
        sources=len(numbers), independent_sources=len(cited_roots),
        disputed_events=len(disagreements), claims_apart=len(apart))
    return Report(title=title, since=since_d.isoformat() if since_d else None,
                  until=until_d.isoformat() if until_d else None, headline=headline, timeline=timeline,
                  actors=actors, places=places, ledger=ledger, disagreements=disagreements,
                  claims_apart=tolls, citations=citations)


def _fatal_text(e: dict) -> str:
    best, low, high = e.get("fatalities"), e.get("fatalities_low"), e.get("fatalities_high")
    if best is None:
        return "not reported"
    if low is not None and high is not None and low != high:
        return f"{low}–{high}"
    return str(best)


def _entry(c: dict, day: str | None, date: str, event_id: str | None, cite) -> LedgerEntry:
    party = " ".join((c.get("party") or "").split()) or UNSPECIFIED_PARTY
    return LedgerEntry(day=day, date=date, kind=c.get("kind") or "?", figure=figure(c), party=party,
                       attributed_to=c.get("attributed_to"), outlet=c.get("outlet"),
                       citation=cite(c.get("article_id")), event_id=event_id,
                       cumulative=bool(c.get("cumulative")), sentence=c.get("sentence"))


def _ledger(entries: list[LedgerEntry]) -> list[PartyLedger]:
    by_party: dict[str, list[LedgerEntry]] = defaultdict(list)
    for x in entries:
        by_party[_party_key(x.party)].append(x)
    out = []
    for _key, es in by_party.items():
        es.sort(key=lambda x: (x.day is None, x.day or "", x.event_id or "~", x.citation or 0))
        per_event: dict[str, list[int]] = defaultdict(list)
        for x in es:
            value = _number(x.figure)
            if x.event_id and x.kind == "killed" and not x.cumulative and value is not None:
                per_event[x.event_id].append(value)
        out.append(PartyLedger(party=es[0].party, entries=es,
                               killed_low=sum(min(v) for v in per_event.values()),
                               killed_high=sum(max(v) for v in per_event.values()),
                               events=len(per_event)))
    out.sort(key=lambda p: (p.party == UNSPECIFIED_PARTY, -p.killed_high, p.party.casefold()))
    return out


def _number(fig: str) -> int | None:
    """The (first) number of a figure string: "at least 1,171" -> 1171."""
    m = re.search(r"\d[\d,]*", fig)
    return int(m.group(0).replace(",", "")) if m else None


# --------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def md(text: object) -> str:
    """Untrusted text for Markdown: one line, HTML-significant characters as entities,
    emphasis/code/link/table characters backslash-escaped."""
    s = " ".join(str(text).split()) if text is not None else ""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def _safe_url(url: str | None) -> str | None:
    """An http(s) URL without spaces or quotes/brackets, else None (never linked)."""
    if url and re.match(r"^https?://[^\s<>\"'`]+$", url, re.IGNORECASE):
        return url
    return None


def _title(c: Citation) -> str:
    return f"“{c.title}”" if c.title else f"untitled (article {c.article_id})"


def _cites_md(ns: Iterable[int | None]) -> str:
    return "".join(f"[{n}]" for n in ns if n is not None)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines + [""]


def _range_text(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _toll_text(s: Summary) -> str:
    """An actor's/place's killed range, or "–" when none of its events reports a toll."""
    if not s.events_with_toll:
        return "–"
    return _range_text(s.fatalities_low, s.fatalities_high)


def _party_line(p: PartyLedger) -> str:
    if not p.events:
        return "No single-event figure: only cumulative tolls or claims kept apart from events."
    return (f"Killed in {p.events} event{'s' if p.events != 1 else ''}: {_range_text(p.killed_low, p.killed_high)} "
            "(per event the lowest and highest claim, summed; cumulative tolls not added)")


def to_markdown(r: Report) -> str:
    h = r.headline
    out = [f"# {md(r.title)}", ""]
    if r.since or r.until:
        out += [f"Period: {r.since or '…'} to {r.until or '…'}", ""]
    out += ["## Headline figures", "",
            f"- **Events:** {h.events} ({h.background_events} background look-backs, "
            f"{h.events_with_toll} with a reported toll, {h.disputed_events} disputed)",
            f"- **Fatalities:** {_range_text(h.fatalities_low, h.fatalities_high)} (sum of each event's low–high)",
            f"- **Places:** {h.places}",
            f"- **Dates:** {md(h.date_from or 'unknown')} to {md(h.date_to or 'unknown')}",
            f"- **Sources:** {h.sources} articles ({h.independent_sources} independent)",
            f"- **Claims kept apart from events:** {h.claims_apart}", ""]

    out += ["## Timeline", ""]
    if r.timeline:
        out += _md_table(["Date", "Event", "Place", "Actors", "Killed", "Sources", "Disputed"], [
            [md(t.date), md(t.event) + (" (background)" if t.background else ""), md(t.place),
             md("; ".join(t.actors)) or "–", md(t.fatalities),
             f"{_cites_md(t.citations)} ({t.independent_sources} indep.)", md(", ".join(t.disputed)) or "–"]
            for t in r.timeline])
    else:
        out += ["No events.", ""]

    for heading, items, rel in (("Actors", r.actors, "Places"), ("Places", r.places, "Actors")):
        out += [f"## {heading}", ""]
        if not items:
            out += ["None.", ""]
            continue
        out += _md_table([heading[:-1], "Events", "Killed", "First", "Last", rel, "Event types"], [
            [md(s.name), str(s.events), _toll_text(s), md(s.first or "–"),
             md(s.last or "–"), md("; ".join(s.related)) or "–", md("; ".join(s.event_types))] for s in items])

    out += ["## Casualty ledger", ""]
    if not r.ledger:
        out += ["No casualty claims.", ""]
    for p in r.ledger:
        out += [f"### {md(p.party)}", "", _party_line(p), ""]
        out += _md_table(["Date", "Kind", "Figure", "Attributed to", "Outlet", "Source", "Event"], [
            [md(x.date), md(x.kind), md(x.figure) + (" (cumulative)" if x.cumulative else ""),
             md(x.attributed_to) or "–", md(x.outlet) or "–", _cites_md([x.citation]),
             md(x.event_id) if x.event_id else "kept apart"] for x in p.entries])

    out += ["## Disagreements", "", "### Events on which sources disagree", ""]
    if not r.disagreements:
        out += ["None.", ""]
    for d in r.disagreements:
        out += [f"- **{md(d.event_id)}** {md(d.date)}, {md(d.place)}: disputed {md(', '.join(d.fields))}; "
                f"fatalities {md(d.fatalities)} {_cites_md(d.citations)}"]
        for x in d.claims:
            who = f" per {md(x.attributed_to)}" if x.attributed_to else ""
            out += [f"  - {md(x.kind)} {md(x.figure)} {md(x.party)}{who} ({md(x.outlet) or 'unknown outlet'}) "
                    f"{_cites_md([x.citation])}: “{md(x.sentence)}”"]
    out += ["", "### Claims kept apart from events (cumulative tolls and unplaced figures)", ""]
    if not r.claims_apart:
        out += ["None.", ""]
    for g in r.claims_apart:
        flag = " — **sources differ**" if g.disagree else ""
        out += [f"- **{md(g.kind)}, {md(g.party)}**{flag}"]
        for x in g.entries:
            who = f" per {md(x.attributed_to)}" if x.attributed_to else ""
            out += [f"  - {md(x.figure)}{' (cumulative)' if x.cumulative else ''}{who}, {md(x.date)} "
                    f"{_cites_md([x.citation])}: “{md(x.sentence)}”"]
    out += ["", "## Sources", ""]
    for c in r.citations:
        line = f"{c.n}. {md(c.outlet or 'unknown outlet')}, {md(_title(c))}, {md(c.published or 'undated')}"
        url = _safe_url(c.url)
        if url:
            line += f", <{url}>"
        elif c.url:
            line += f", {md(c.url)}"
        if c.copy_of is not None:
            line += f" (near-copy of {'[' + str(c.copy_of) + ']' if isinstance(c.copy_of, int) else md(c.copy_of)})"
        out.append(line)
    if not r.citations:
        out.append("None.")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:75rem;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1{border-bottom:3px solid #8b1a1a;padding-bottom:.3rem}h2{margin-top:2rem;color:#8b1a1a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.2rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.25rem .45rem;vertical-align:top;text-align:left}
th{background:#f1ece6}tr:nth-child(even) td{background:#fafafa}
.figures{display:flex;flex-wrap:wrap;gap:.8rem;padding:0;list-style:none}
.figures li{border:1px solid #ddd;border-radius:6px;padding:.5rem .9rem;background:#fcfaf7}
.figures b{display:block;font-size:1.4rem}.disputed{color:#b00020;font-weight:600}
.muted{color:#666}.sentence{font-style:italic;color:#333}sup a{text-decoration:none}
"""


def esc(text: object) -> str:
    """Untrusted text for HTML: html.escape with quotes."""
    return html.escape("" if text is None else str(text), quote=True)


def _cites_html(ns: Iterable[int | None]) -> str:
    return "".join(f'<sup><a href="#cite-{n}">[{n}]</a></sup>' for n in ns if n is not None)


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    """header: trusted labels; rows: already-escaped cell HTML."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(r: Report) -> str:
    h = r.headline
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(r.title)}</title><style>{_CSS}</style></head><body>", f"<h1>{esc(r.title)}</h1>"]
    if r.since or r.until:
        parts.append(f'<p class="muted">Period: {esc(r.since or "…")} to {esc(r.until or "…")}</p>')
    figures = [("events", f"{h.events}"), ("fatalities (low–high)", _range_text(h.fatalities_low, h.fatalities_high)),
               ("places", str(h.places)), ("dates", f"{h.date_from or '?'} – {h.date_to or '?'}"),
               ("sources", f"{h.sources} ({h.independent_sources} independent)"),
               ("disputed events", str(h.disputed_events)), ("claims kept apart", str(h.claims_apart))]
    parts += ["<h2>Headline figures</h2>", '<ul class="figures">']
    parts += [f"<li><b>{esc(v)}</b>{esc(k)}</li>" for k, v in figures]
    parts += ["</ul>", f'<p class="muted">{h.background_events} background look-backs; '
              f"{h.events_with_toll} events with a reported toll.</p>"]

    parts.append("<h2>Timeline</h2>")
    if r.timeline:
        parts.append(_html_table(["Date", "Event", "Place", "Actors", "Killed", "Sources", "Disputed"], [
            [esc(t.date), esc(t.event) + (' <span class="muted">(background)</span>' if t.background else ""),
             esc(t.place), esc("; ".join(t.actors)) or "–", esc(t.fatalities),
             f"{_cites_html(t.citations)} ({t.independent_sources} indep.)",
             f'<span class="disputed">{esc(", ".join(t.disputed))}</span>' if t.disputed else "–"]
            for t in r.timeline]))
    else:
        parts.append("<p>No events.</p>")

    for heading, items, rel in (("Actors", r.actors, "Places"), ("Places", r.places, "Actors")):
        parts.append(f"<h2>{heading}</h2>")
        if not items:
            parts.append("<p>None.</p>")
            continue
        parts.append(_html_table([heading[:-1], "Events", "Killed", "First", "Last", rel, "Event types"], [
            [esc(s.name), str(s.events), _toll_text(s), esc(s.first or "–"),
             esc(s.last or "–"), esc("; ".join(s.related)) or "–", esc("; ".join(s.event_types))] for s in items]))

    parts.append("<h2>Casualty ledger</h2>")
    if not r.ledger:
        parts.append("<p>No casualty claims.</p>")
    for p in r.ledger:
        parts += [f"<h3>{esc(p.party)}</h3>", f"<p>{esc(_party_line(p))}</p>"]
        parts.append(_html_table(["Date", "Kind", "Figure", "Attributed to", "Outlet", "Source", "Event"], [
            [esc(x.date), esc(x.kind), esc(x.figure) + (" (cumulative)" if x.cumulative else ""),
             esc(x.attributed_to) or "–", esc(x.outlet) or "–", _cites_html([x.citation]),
             esc(x.event_id) if x.event_id else '<span class="muted">kept apart</span>'] for x in p.entries]))

    parts += ["<h2>Disagreements</h2>", "<h3>Events on which sources disagree</h3>"]
    if not r.disagreements:
        parts.append("<p>None.</p>")
    else:
        parts.append("<ul>")
        for d in r.disagreements:
            claims = "".join(
                f"<li>{esc(x.kind)} {esc(x.figure)} {esc(x.party)}"
                + (f" per {esc(x.attributed_to)}" if x.attributed_to else "")
                + f" ({esc(x.outlet or 'unknown outlet')}) {_cites_html([x.citation])}: "
                f'<span class="sentence">“{esc(x.sentence)}”</span></li>' for x in d.claims)
            parts.append(f"<li><b>{esc(d.event_id)}</b> {esc(d.date)}, {esc(d.place)}: "
                         f'<span class="disputed">disputed {esc(", ".join(d.fields))}</span>; fatalities '
                         f"{esc(d.fatalities)} {_cites_html(d.citations)}<ul>{claims}</ul></li>")
        parts.append("</ul>")
    parts.append("<h3>Claims kept apart from events (cumulative tolls and unplaced figures)</h3>")
    if not r.claims_apart:
        parts.append("<p>None.</p>")
    else:
        parts.append("<ul>")
        for g in r.claims_apart:
            items = "".join(
                f"<li>{esc(x.figure)}{' (cumulative)' if x.cumulative else ''}"
                + (f" per {esc(x.attributed_to)}" if x.attributed_to else "")
                + f", {esc(x.date)} {_cites_html([x.citation])}: "
                f'<span class="sentence">“{esc(x.sentence)}”</span></li>' for x in g.entries)
            flag = ' <span class="disputed">sources differ</span>' if g.disagree else ""
            parts.append(f"<li><b>{esc(g.kind)}, {esc(g.party)}</b>{flag}<ul>{items}</ul></li>")
        parts.append("</ul>")

    parts += ["<h2>Sources</h2>", "<ol>"]
    for c in r.citations:
        url = _safe_url(c.url)
        link = f', <a href="{esc(url)}">{esc(url)}</a>' if url else (f", {esc(c.url)}" if c.url else "")
        copy = ""
        if c.copy_of is not None:
            copy = (f' (near-copy of <a href="#cite-{c.copy_of}">[{c.copy_of}]</a>)' if isinstance(c.copy_of, int)
                    else f" (near-copy of {esc(c.copy_of)})")
        parts.append(f'<li id="cite-{c.n}" value="{c.n}">{esc(c.outlet or "unknown outlet")}, '
                     f"{esc(_title(c))}, {esc(c.published or 'undated')}{link}{copy}</li>")
    parts += ["</ol>", "</body></html>"]
    return "\n".join(parts) + "\n"
