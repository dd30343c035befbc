"""Resolve: mentions -> events (merging rules, claims, sources, determinism)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sitrep.models import Claim, EventMention
from sitrep.resolve.merge import cluster_mentions, resolve_events

D = dt.date(2015, 6, 3)
HASAKAH = dict(location="Al Hasakah", latitude=36.50, longitude=40.75, country="Syria",
               admin1="Al-Hasakah", geo_precision=1)


def mention(mid, art, sent=0, sub="Air/drone strike", etype="Explosions/Remote violence", date=D,
            a1="Military Forces of Syria", a2="Islamic State", fatalities=None, claims=(), **kw):
    base = dict(mention_id=mid, article_id=art, sentence_index=sent, sentence=f"{mid} sentence",
                trigger="strike", event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2,
                event_date=date, date_end=date, time_precision=1, date_source="sentence",
                fatalities=fatalities, claims=claims, **HASAKAH)
    base.update(kw)
    return EventMention(**base)


ARTICLES = {"a": {"outlet": "A", "published": "2015-06-04", "title": "ta"},
            "b": {"outlet": "B", "published": "2015-06-04", "title": "tb"}}


def claim(value, party="IS fighters"):
    return Claim("killed", value, value, value, "exact", party, "Syrian Observatory for Human Rights", None,
                 False, "s", f"{value} killed")


def test_same_event_in_two_outlets_is_one_event_with_both_sources_and_the_range():
    ms = [mention("m1", "a", fatalities=10, claims=(claim(10),)),
          mention("m2", "b", date=D + dt.timedelta(days=1), fatalities=14, claims=(claim(14),))]
    claims = {m.mention_id: list(m.claims) for m in ms}
    [ev] = resolve_events(ms, ARTICLES, claims)
    assert {s["article_id"] for s in ev["sources"]} == {"a", "b"}
    assert (ev["fatalities"], ev["fatalities_low"], ev["fatalities_high"]) == (10, 10, 14)
    assert "fatalities" in ev["disputed"] and len(ev["claims"]) == 2
    assert {c["outlet"] for c in ev["claims"]} == {"A", "B"}


def test_far_apart_places_or_dates_stay_apart():
    far = mention("m2", "b", latitude=33.5, longitude=36.3, location="Damascus")
    later = mention("m3", "b", date=D + dt.timedelta(days=5))
    assert len(cluster_mentions([mention("m1", "a"), far, later])) == 3


def test_opposite_territory_changes_never_merge():
    taken = mention("m1", "a", sub="Non-state actor overtakes territory", etype="Battles")
    retaken = mention("m2", "b", sub="Government regains territory", etype="Battles")
    assert len(cluster_mentions([taken, retaken])) == 2


def test_a_clash_joins_the_territory_change_of_the_same_day():
    clash = mention("m1", "a", sub="Armed clash", etype="Battles", fatalities=53)
    taken = mention("m2", "a", sent=3, sub="Non-state actor overtakes territory", etype="Battles",
                    a1="Islamic State", a2="Military Forces of Syria")
    [ev] = resolve_events([clash, taken], ARTICLES, {})
    assert ev["sub_event_type"] == "Non-state actor overtakes territory" and ev["fatalities"] == 53


def test_two_events_of_one_sentence_are_never_merged():
    assert len(cluster_mentions([mention("m1", "a"), mention("m2", "a", sub="Armed clash")])) == 2
    assert len(cluster_mentions([mention("m1", "a"), mention("m2", "a")])) == 2


def test_incompatible_actors_stay_apart():
    other = mention("m2", "b", a1="US-led coalition", a2="Civilians")
    assert len(cluster_mentions([mention("m1", "a"), other])) == 2


def test_old_look_back_or_undated_look_back_makes_no_event():
    old = mention("m1", "a", sub="Non-state actor overtakes territory", etype="Battles",
                  date=dt.date(2011, 3, 1), background=True, time_precision=3)
    undated_recap = mention("m2", "b", sub="Non-state actor overtakes territory", etype="Battles",
                            background=True, date_source="context")
    assert resolve_events([old, undated_recap], ARTICLES, {}) == []


def test_recent_capture_look_back_is_an_event_marked_background():
    capture = mention("m1", "a", sub="Non-state actor overtakes territory", etype="Battles",
                      date=dt.date(2015, 5, 1), date_end=dt.date(2015, 5, 31), time_precision=3,
                      background=True)
    [ev] = resolve_events([capture], ARTICLES, {})
    assert ev["background"] is True and ev["event_date"] == "2015-05-01"


def test_ids_are_stable_and_order_independent():
    ms = [mention("m1", "a"), mention("m2", "b"), mention("m3", "b", sent=4, sub="Armed clash", etype="Battles")]
    one = resolve_events(ms, ARTICLES, {})
    two = resolve_events(list(reversed(ms)), ARTICLES, {})
    assert [e["event_id"] for e in one] == [e["event_id"] for e in two]
    assert resolve_events([replace(m) for m in ms], ARTICLES, {}) == one


def test_different_start_dates_of_one_offensive_are_both_kept_and_disputed():
    a = mention("m1", "a", sub="Armed clash", etype="Battles", date=dt.date(2015, 5, 30),
                a1="Islamic State", a2=None, sentence="IS began its assault on Hasakeh on May 30.")
    b = mention("m2", "b", sub="Armed clash", etype="Battles", date=dt.date(2015, 6, 25),
                a1="Islamic State", a2=None, sentence="The IS assault on Hasakeh city, which began on June 25, ended.")
    c = mention("m3", "b", sent=5, sub="Armed clash", etype="Battles", date=dt.date(2015, 6, 10),
                a1="Islamic State", a2=None, sentence="Clashes went on in the city.")
    events = {e["event_date"]: e for e in resolve_events([a, b, c], ARTICLES, {})}
    assert set(events) == {"2015-05-30", "2015-06-10", "2015-06-25"}
    assert events["2015-05-30"]["disputed"] == ["event_date"] and "2015-06-25" in events["2015-05-30"]["notes"]
    assert events["2015-06-25"]["disputed"] == ["event_date"] and "2015-05-30" in events["2015-06-25"]["notes"]
    assert events["2015-06-10"]["disputed"] == []  # a clash that dates no start is no rival
