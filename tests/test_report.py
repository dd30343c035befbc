"""sitrep.show.report: figures, ledger, disagreements, citations, and escaping in MD/HTML."""

from __future__ import annotations

import re

from sitrep.show import report as rep
from tests.test_views_fixtures import CLAIMS_APART, articles, events


def build(**kw) -> rep.Report:
    return rep.build_report(events(), articles(), CLAIMS_APART, **kw)


def test_headline_figures():
    h = build().headline
    assert (h.events, h.background_events, h.events_with_toll, h.disputed_events) == (4, 1, 2, 1)
    assert (h.fatalities_low, h.fatalities_high) == (25, 40)  # 20+5 .. 35+5
    assert h.places == 3  # Hasakah, Raqqa, Ramadi; the undated protest has no place
    assert (h.date_from, h.date_to) == ("2015-05-01", "2015-06-10")
    assert (h.sources, h.independent_sources) == (4, 3)  # A2 is a copy of A1
    assert h.claims_apart == 2


def test_citations_numbered_by_first_appearance_with_copies():
    r = build()
    assert [t.event_id for t in r.timeline] == ["ev_ramadi", "ev_hasakah", "ev_raqqa", "ev_undated"]
    cites = {c.article_id: c for c in r.citations}
    assert [c.article_id for c in r.citations] == ["A4", "A1", "A2", "A3"]
    assert [c.n for c in r.citations] == [1, 2, 3, 4]
    assert cites["A2"].copy_of == 2 and cites["A1"].copy_of is None
    assert r.timeline[1].citations == [2, 3, 4] and r.timeline[1].independent_sources == 2


def test_actor_and_place_summaries():
    r = build()
    actors = {s.name: s for s in r.actors}
    assert r.actors[0].name == "Islamic State" and actors["Islamic State"].events == 3
    assert (actors["Islamic State"].fatalities_low, actors["Islamic State"].fatalities_high) == (25, 40)
    assert actors["US-led coalition"].related == ["Raqqa, Syria"]
    assert actors["Islamic State"].first == "2015-05-01" and actors["Islamic State"].last == "2015-06-10"
    places = {s.name: s for s in r.places}
    assert places["Hasakah, Al-Hasakah, Syria"].related == ["Islamic State", "Military Forces of Syria",
                                                           "National Defence Forces"]


def test_casualty_ledger_per_party():
    r = build()
    ledger = {p.party.casefold(): p for p in r.ledger}
    # "regime fighters" and "Regime  Fighters" are one party; per event min 20, max 35
    rf = ledger["regime fighters"]
    assert (rf.killed_low, rf.killed_high, rf.events) == (20, 35, 1)
    assert [(x.figure, x.attributed_to, x.citation) for x in rf.entries] == [
        ("at least 20", "Syrian Observatory for Human Rights", 2),
        ("at least 20", "Syrian Observatory for Human Rights", 3), ("35", "SANA", 4)]
    assert (ledger["is fighters"].killed_low, ledger["is fighters"].killed_high) == (5, 5)
    assert [x.kind for x in ledger["civilians"].entries] == ["wounded"]
    people = ledger["people"]  # only the cumulative tolls kept apart, ordered by report date
    assert people.events == 0 and [x.figure for x in people.entries] == ["more than 230,000", "more than 220,000"]
    assert all(x.cumulative and x.event_id is None for x in people.entries)
    assert "strikes" not in {x.kind for p in r.ledger for x in p.entries}  # not a casualty kind


def test_disagreements_and_claims_apart():
    r = build()
    assert [d.event_id for d in r.disagreements] == ["ev_hasakah"]
    d = r.disagreements[0]
    assert d.fields == ["fatalities"] and d.fatalities == "20–35" and d.citations == [2, 3, 4]
    assert {x.figure for x in d.claims if x.kind == "killed"} == {"at least 20", "35"}
    [group] = r.claims_apart
    assert (group.kind, group.disagree, len(group.entries)) == ("killed", True, 2)


def test_since_until_narrow_events_and_claims_apart():
    r = build(since="2015-06-05", until="2015-06-30")
    assert [t.event_id for t in r.timeline] == ["ev_raqqa"]
    assert [c.article_id for c in r.citations] == ["A3"]
    assert [x.figure for g in r.claims_apart for x in g.entries] == ["more than 220,000"]  # A3 published 06-11
    assert r.headline.fatalities_low == 5 and r.headline.disputed_events == 0
    assert build(background=False).headline.events == 3


def test_figures():
    assert rep.figure({"value": 1171, "qualifier": "at_least"}) == "at least 1,171"
    assert rep.figure({"value": None, "low": 24, "high": 99, "qualifier": "approx"}) == "24–99"
    assert rep.figure({"value": 7, "qualifier": "exact"}) == "7"
    assert rep.figure({"value": 12, "low": 10, "high": 15, "qualifier": "range"}) == "10–15"


def test_mark_cumulative_copies_the_stored_flag():
    evs = events()
    stored = [{"article_id": "A3", "kind": "killed", "value": 35, "sentence": evs[0]["claims"][2]["sentence"],
               "cumulative": True}]
    rep.mark_cumulative(evs, stored)
    assert [c["cumulative"] for c in evs[0]["claims"]] == [False, False, True, False]
    r = rep.build_report(evs, articles(), [])
    rf = {p.party.casefold(): p for p in r.ledger}["regime fighters"]
    assert (rf.killed_low, rf.killed_high) == (20, 20)  # the cumulative 35 is listed, not added


def test_markdown_sections_numbers_and_escaping():
    md = rep.to_markdown(build())
    for heading in ("# Situation report", "## Headline figures", "## Timeline", "## Actors", "## Places",
                    "## Casualty ledger", "## Disagreements", "## Sources"):
        assert f"\n{heading}\n" in "\n" + md
    assert "**Fatalities:** 25–40" in md and "**Sources:** 4 articles (3 independent)" in md
    assert "3. Reprint Daily, “Clashes in Hasakah (reprint)”, 2015-06-04, <https://reprint.example/a2> (near-copy of [2])" in md
    # untrusted text: no raw HTML, no live link or emphasis, no extra table cells
    assert "<script>" not in md and "<b>" not in md and "<img" not in md
    assert "people &lt;script&gt;alert(1)&lt;/script&gt; \" onerror=\"x have" in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md and "Evil &lt;b&gt;Outlet&lt;/b&gt; &amp; Co" in md
    assert r'onerror="x \| \[x\](javascript:y) \*bold\*' in md
    assert "<javascript:alert(1)>" not in md
    timeline = md.split("## Timeline")[1].split("## Actors")[0]
    rows = [ln for ln in timeline.splitlines() if ln.startswith("| ")]
    assert len(rows) == 5 and all(len(re.findall(r"(?<!\\)\|", ln)) == 8 for ln in rows)
    assert md == rep.to_markdown(build())  # deterministic


def test_md_escape_function():
    assert rep.md("a <b> & *c* _d_ `e` [f](g) | h\nnext") == r"a &lt;b&gt; &amp; \*c\* \_d\_ \`e\` \[f\](g) \| h next"


def test_html_self_contained_and_escaped():
    html = rep.to_html(build())
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    # no scripts, no external resources, no event handlers from the data
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", html, re.IGNORECASE)
    assert "src=" not in html and "@import" not in html and "url(" not in html
    assert not re.search(r"\son\w+\s*=\s*\"", html)  # no live attribute like ` onerror="`
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "town &quot; onerror=&quot;x" in html and '" onerror="x' not in html  # the title
    assert "people &lt;script&gt;alert(1)&lt;/script&gt; &quot; onerror=&quot;x have" in html  # a sentence
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt; &amp; Co" in html and "Ramadi &lt;b&gt;" in html
    assert 'href="javascript' not in html  # only http(s) URLs are linked
    assert '<a href="https://wire.example/a1">' in html and 'id="cite-3"' in html and 'href="#cite-2"' in html
    for heading in ("Headline figures", "Timeline", "Actors", "Places", "Casualty ledger", "Disagreements",
                    "Sources"):
        assert f"<h2>{heading}</h2>" in html
    assert "<b>25–40</b>fatalities (low–high)" in html


def test_empty_report_renders():
    r = rep.build_report([], {}, [])
    assert r.headline.events == 0 and r.citations == []
    assert "No events." in rep.to_markdown(r) and "<p>No events.</p>" in rep.to_html(r)


def test_html_tags_balance_despite_hostile_text():
    from html.parser import HTMLParser

    class Stack(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open, self.bad, self.tags = [], [], set()

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            if tag != "meta":
                self.open.append(tag)

        def handle_endtag(self, tag):
            if self.open and self.open[-1] == tag:
                self.open.pop()
            else:
                self.bad.append(tag)

    p = Stack()
    p.feed(rep.to_html(build()))
    assert p.bad == [] and p.open == []
    assert "script" not in p.tags and "img" not in p.tags  # the data opened no element
