"""sitrep.show.views: filters (each can exclude), independent sources, timeline, provenance."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console

from sitrep.show import views
from tests.test_views_fixtures import articles, events

HASAKAH = (36.50, 40.75)


def ids(evs) -> list[str]:
    return [e["event_id"] for e in evs]


def test_no_filter_keeps_everything_in_order():
    assert ids(views.filter_events(events())) == ["ev_hasakah", "ev_raqqa", "ev_ramadi", "ev_undated"]


def test_since_until_overlap_and_undated_excluded():
    evs = events()
    assert ids(views.filter_events(evs, since="2015-06-05")) == ["ev_raqqa"]
    assert ids(views.filter_events(evs, until="2015-05-31")) == ["ev_ramadi"]
    # the May event (month precision, 1-31 May) overlaps a range starting mid-May
    assert ids(views.filter_events(evs, since=dt.date(2015, 5, 15), until="2015-06-02")) == ["ev_hasakah", "ev_ramadi"]
    assert views.filter_events(evs, since="2015-06-03", until="2015-06-09") == []
    with pytest.raises(ValueError):
        views.filter_events(evs, since="June 2015")


def test_place_radius():
    evs = events()
    assert ids(views.filter_events(evs, near=HASAKAH, radius_km=50)) == ["ev_hasakah"]
    # Raqqa is ~165 km from Hasakah; the undated event has no coordinates and never passes
    assert ids(views.filter_events(evs, near=HASAKAH, radius_km=200)) == ["ev_hasakah", "ev_raqqa"]
    assert ids(views.filter_events(evs, near=HASAKAH)) == ["ev_hasakah"]  # default radius
    assert views.filter_events(evs, near=(0.0, 0.0), radius_km=500) == []


def test_resolve_place_literal_and_gazetteer():
    assert views.resolve_place(" 36.5, 40.75 ")[:2] == (36.5, 40.75)
    lat, lon, label = views.resolve_place("Aleppo")
    assert abs(lat - 36.2) < 0.2 and abs(lon - 37.16) < 0.2 and "Syria" in label
    assert views.resolve_place("Qqqzzxv Nowhere") is None


def test_actor_substring_any_side_any_case():
    evs = events()
    assert ids(views.filter_events(evs, actor="ISLAMIC state")) == ["ev_hasakah", "ev_raqqa", "ev_ramadi"]
    assert ids(views.filter_events(evs, actor="defence")) == ["ev_hasakah"]  # associated actor
    assert ids(views.filter_events(evs, actor="coalition")) == ["ev_raqqa"]
    assert views.filter_events(evs, actor="Hezbollah") == []


def test_type_matches_event_or_sub_event_type_exactly():
    evs = events()
    assert ids(views.filter_events(evs, event_type="battles")) == ["ev_hasakah", "ev_ramadi"]
    assert ids(views.filter_events(evs, event_type="Air/drone strike")) == ["ev_raqqa"]
    assert views.filter_events(evs, event_type="strike") == []  # no substring matching


def test_min_fatalities_and_background():
    evs = events()
    assert ids(views.filter_events(evs, min_fatalities=6)) == ["ev_hasakah"]
    assert ids(views.filter_events(evs, min_fatalities=5)) == ["ev_hasakah", "ev_raqqa"]
    assert ids(views.filter_events(evs, min_fatalities=0)) == ["ev_hasakah", "ev_raqqa"]  # null toll fails
    assert "ev_ramadi" not in ids(views.filter_events(evs, background=False))
    assert ids(views.filter_events(evs, background=False, actor="islamic")) == ["ev_hasakah", "ev_raqqa"]


def test_filters_combine():
    evs = events()
    assert ids(views.filter_events(evs, near=HASAKAH, radius_km=200, actor="coalition", min_fatalities=1)) == ["ev_raqqa"]
    assert views.filter_events(evs, near=HASAKAH, radius_km=50, event_type="Air/drone strike") == []


def test_independent_sources_count_copy_families_once():
    arts = articles()
    hasakah = events()[0]
    assert len(hasakah["sources"]) == 3
    assert views.independent_sources(hasakah, arts) == 2  # A2 copies A1
    # a chain of copies is one family; a cycle in copy_of does not hang
    arts["A3"]["copy_of"] = "A2"
    assert views.independent_sources(hasakah, arts) == 1
    arts["A1"]["copy_of"] = "A3"
    assert views.independent_sources(hasakah, arts) == 1
    assert {views.root_article(a, arts) for a in ("A1", "A2", "A3")} == {"A1"}
    # without article records every source counts
    assert views.independent_sources(hasakah, {}) == 3


def test_timeline_rows_by_day_undated_last():
    rows = views.timeline_rows(events(), list(articles().values()))
    assert [r.event_id for r in rows] == ["ev_ramadi", "ev_hasakah", "ev_raqqa", "ev_undated"]
    r = {x.event_id: x for x in rows}
    assert r["ev_hasakah"].sources == 3 and r["ev_hasakah"].independent_sources == 2
    assert r["ev_hasakah"].disputed == ["fatalities"] and r["ev_hasakah"].fatalities == "20 (20–35)"
    assert r["ev_hasakah"].actors == ["Islamic State", "Military Forces of Syria", "National Defence Forces"]
    assert r["ev_ramadi"].date == "2015-05 (month)" and r["ev_ramadi"].background
    assert r["ev_raqqa"].fatalities == "5" and r["ev_undated"].fatalities == "–"
    assert r["ev_undated"].date == "undated"


def _render(renderable) -> str:
    console = Console(record=True, width=250, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_timeline_table_shows_untrusted_text_literally():
    evs = events()
    evs[1]["location"] = "[bold red]Raqqa[/bold red]"
    text = _render(views.timeline_table(views.timeline_rows(evs, articles())))
    assert "[bold red]Raqqa[/bold red]" in text  # rich markup in data is not interpreted
    assert "ev_hasakah" in text and "2 (3 articles)" in text and "fatalities" in text


def test_find_event_by_id_and_unique_prefix():
    evs = events()
    assert views.find_event(evs, "ev_raqqa")["event_id"] == "ev_raqqa"
    assert views.find_event(evs, "raq")["event_id"] == "ev_raqqa"
    assert views.find_event(evs, "ev_ra") is None  # ambiguous: raqqa, ramadi
    assert views.find_event(evs, "ev_nope") is None


def test_provenance_has_every_source_claim_and_field():
    evs = events()
    p = views.provenance(evs[0], articles())
    assert p.independent_sources == 2 and p.disputed == ["fatalities"] and p.mention_ids == ["m1", "m2", "m3"]
    by_id = {s["article_id"]: s for s in p.sources}
    assert by_id["A2"]["copy_of"] == "A1" and by_id["A2"]["independent_of"] == "A1"
    assert by_id["A1"]["published_source"] == "metadata" and by_id["A3"]["published_source"] == "inferred"
    assert [c["attributed_to"] for c in p.claims][:3] == ["Syrian Observatory for Human Rights"] * 2 + ["SANA"]
    assert {"event_date", "location", "fatalities_high", "notes", "background"} <= set(p.fields)
    text = _render(views.provenance_renderable(views.provenance(evs[2], articles())))
    assert "<script>alert(1)</script>" in text and '" onerror="x' in text
