"""Blocked resolve == the all-pairs reference, on random mention sets.

The references below are the straightforward algorithms merge.py used before blocking:
each mention scored against every cluster, every pair of 'start' events compared. The
blocked versions must give the same clusters in the same order, and the same events
(ids, notes, disputes), on inputs dense enough to exercise every rule: same-sentence
mentions, clash + territory change, date ranges, places near cell borders, province-level
places, mentions without coordinates, rival start dates.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from sitrep.models import EventMention
from sitrep.resolve import merge
from sitrep.resolve.merge import (MERGE_KM, _START, _actors, _affinity, _compatible, build_event, cluster_mentions,
                                  haversine_km, is_context_only, merge_trail, resolve_events)


def reference_cluster_mentions(mentions) -> list[list]:
    dated = [m for m in mentions if m.event_date is not None]
    dated.sort(key=lambda m: (m.event_date, m.article_id, m.sentence_index, m.mention_id))
    clusters: list[list] = []
    for m in dated:
        best, best_key = None, None
        for i, c in enumerate(clusters):
            if any(x.article_id == m.article_id and x.sentence_index == m.sentence_index for x in c):
                continue
            fits = [x for x in c if _compatible(m, x)]
            if not fits:
                continue
            key = max(_affinity(m, x) for x in fits) + (-i,)
            if best_key is None or key > best_key:
                best, best_key = c, key
        if best is None:
            clusters.append([m])
        else:
            best.append(m)
    return clusters


def reference_flag_start_disputes(clusters, events) -> None:
    starts = [(c, e) for c, e in zip(clusters, events) if any(_START.search(m.sentence) for m in c)]
    for i, (c1, e1) in enumerate(starts):
        for c2, e2 in starts[i + 1:]:
            if e1["sub_event_type"] != e2["sub_event_type"] or abs(
                    (dt.date.fromisoformat(e1["event_date"]) - dt.date.fromisoformat(e2["event_date"])).days) <= 1:
                continue
            if None in (e1["latitude"], e2["latitude"]) or haversine_km(
                    e1["latitude"], e1["longitude"], e2["latitude"], e2["longitude"]) > merge.MERGE_KM:
                continue
            if not ({x for m in c1 for x in _actors(m)} & {x for m in c2 for x in _actors(m)}):
                continue
            if {m.article_id for m in c1} == {m.article_id for m in c2}:
                continue
            for e, other in ((e1, e2), (e2, e1)):
                if "event_date" not in e["disputed"]:
                    e["disputed"].append("event_date")
                e["disputes"].append({"field": "event_date", "values": [
                    {"value": x["event_date"], "article_ids": sorted(s["article_id"] for s in x["sources"]),
                     "event_id": x["event_id"]} for x in (e, other)]})
                n = len(other["sources"])
                e["notes"] += (f" Sources disagree on when this began: {n} other source{'s' if n > 1 else ''} "
                               f"give{'' if n > 1 else 's'} {other['event_date']} ({other['event_id']}).")


def reference_flag_territory_disputes(events):
    """All pairs: opposite territory changes near in place and time, from different articles."""
    taken_by = {"Government regains territory": "gov", "Non-state actor overtakes territory": "nsa"}
    changes = [e for e in events if e["sub_event_type"] in taken_by and e["latitude"] is not None]
    for i, e1 in enumerate(changes):
        for e2 in changes[i + 1:]:
            if taken_by[e1["sub_event_type"]] == taken_by[e2["sub_event_type"]]:
                continue
            if abs((dt.date.fromisoformat(e1["event_date"]) - dt.date.fromisoformat(e2["event_date"])).days) > 1:
                continue
            if haversine_km(e1["latitude"], e1["longitude"], e2["latitude"], e2["longitude"]) > MERGE_KM:
                continue
            if {s["article_id"] for s in e1["sources"]} == {s["article_id"] for s in e2["sources"]}:
                continue
            for e, other in ((e1, e2), (e2, e1)):
                if "territory" not in e["disputed"]:
                    e["disputed"].append("territory")
                e["disputes"].append({"field": "territory", "values": [
                    {"value": f"{x['sub_event_type']} ({x['actor1'] or 'actor unknown'})",
                     "article_ids": sorted(s["article_id"] for s in x["sources"]), "event_id": x["event_id"]}
                    for x in (e, other)]})
                e["notes"] += (f" Sources disagree on who holds {e['location']}: "
                               f"see {other['event_id']} ({other['sub_event_type']}, {other['event_date']}).")


def reference_resolve_events(mentions, articles, claims_by_mention):
    clusters = [c for c in reference_cluster_mentions(mentions) if not is_context_only(c, articles)]
    events = [build_event(c, articles, claims_by_mention) for c in clusters]
    for c, e in zip(clusters, events):
        e["merge_trail"] = merge_trail(c)
    reference_flag_start_disputes(clusters, events)
    reference_flag_territory_disputes(events)
    for e in events:
        e["disputes"] = merge.merge_disputes(e["disputes"])
    events.sort(key=lambda e: (e["event_date"] or "", e["event_id"]))
    return events


TYPES = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
         ("Battles", "Government regains territory"), ("Explosions/Remote violence", "Air/drone strike"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Protests", "Peaceful protest")]
ACTORS = ["Islamic State", "Military Forces of Syria", "YPG", "Free Syrian Army", None]
SENTENCES = ["IS began its assault on the town on May 30.", "The offensive, which began on June 25, went on.",
             "Fighting raged near the town.", "Jets struck the area."]


def random_mentions(rng: random.Random, n: int, n_places: int) -> list[EventMention]:
    # places packed so that many lie within MERGE_KM of each other and across cell borders;
    # one group near the antimeridian and one near the pole for the grid's edge cases
    centres = [(36.5, 40.7), (64.0, 179.9), (89.9, 10.0)]
    places = []
    for k in range(n_places):
        clat, clon = centres[k % len(centres)]
        lat = max(-90.0, min(90.0, clat + rng.uniform(-0.6, 0.6)))
        lon = (clon + rng.uniform(-0.8, 0.8) + 180.0) % 360.0 - 180.0
        places.append((f"P{k}", lat, lon, f"A{k % 4}", rng.choice([1, 1, 2, 3])))
    day0 = dt.date(2015, 5, 1)
    out = []
    for k in range(n):
        etype, sub = rng.choice(TYPES)
        date = day0 + dt.timedelta(days=rng.randrange(25))
        end = date + dt.timedelta(days=rng.choice([0, 0, 0, 0, 2, 6]))
        name, lat, lon, admin1, prec = rng.choice(places)
        if rng.random() < 0.12:
            name = lat = lon = None
            admin1, prec = rng.choice([None, "A1"]), None
        art = f"art{rng.randrange(n // 5 + 1)}"
        sent = rng.randrange(6)
        out.append(EventMention(
            mention_id=f"m{k:05d}", article_id=art, sentence_index=sent,
            sentence=rng.choice(SENTENCES), trigger="x", event_type=etype, sub_event_type=sub,
            actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS),
            assoc_actor_1=tuple(a for a in [rng.choice(ACTORS)] if a and rng.random() < 0.2),
            location=name, latitude=lat, longitude=lon, country="Syria" if name else None,
            admin1=admin1, geo_precision=prec, event_date=None if rng.random() < 0.03 else date,
            date_end=end, time_precision=rng.choice([1, 1, 1, 2, 3]), date_source="sentence",
            fatalities=rng.choice([None, None, 3, 10]), background=rng.random() < 0.1))
    return out


def ids(clusters) -> list[list[str]]:
    return [[m.mention_id for m in c] for c in clusters]


@pytest.mark.parametrize("seed", range(12))
def test_blocked_clustering_equals_the_all_pairs_reference(seed):
    rng = random.Random(seed)
    ms = random_mentions(rng, n=rng.choice([60, 150, 400]), n_places=rng.choice([4, 12, 40]))
    rng.shuffle(ms)
    got, want = cluster_mentions(ms), reference_cluster_mentions(ms)
    assert ids(got) == ids(want)
    assert len(want) < len([m for m in ms if m.event_date])  # some merging really happened


@pytest.mark.parametrize("seed", range(6))
def test_blocked_resolve_equals_the_reference_events(seed):
    rng = random.Random(100 + seed)
    ms = random_mentions(rng, n=250, n_places=10)
    articles = {m.article_id: {"outlet": m.article_id.upper(), "published": "2015-06-30", "title": "t"}
                for m in ms}
    got = resolve_events(ms, articles, {})
    want = reference_resolve_events(ms, articles, {})
    assert got == want
    assert any("event_date" in e["disputed"] for e in want)  # rival start dates were exercised
    assert any("territory" in e["disputed"] for e in want)  # rival holders too


def test_the_province_level_rule_reaches_beyond_the_grid():
    # a province-level place 200 km from a town of the same admin1 merges with it: the
    # candidate index must find it although the cells are not neighbours
    base = dict(article_id="a", sentence="x", trigger="x", event_type="Battles", sub_event_type="Armed clash",
                actor1="Islamic State", event_date=dt.date(2015, 6, 1), date_end=dt.date(2015, 6, 1),
                time_precision=1, admin1="Al-Hasakah", country="Syria")
    town = EventMention(mention_id="m1", sentence_index=0, location="Town", latitude=36.5, longitude=40.7,
                        geo_precision=1, **base)
    province = EventMention(mention_id="m2", sentence_index=1, location="Al-Hasakah", latitude=36.5,
                            longitude=43.0, geo_precision=3, **base)
    assert haversine_km(36.5, 40.7, 36.5, 43.0) > 150
    assert ids(cluster_mentions([town, province])) == [["m1", "m2"]]
    assert ids(cluster_mentions([town, province])) == ids(reference_cluster_mentions([town, province]))


def test_members_whose_range_is_over_are_not_candidates_but_long_ranges_stay():
    base = dict(article_id="a", sentence="x", trigger="x", event_type="Battles", sub_event_type="Armed clash",
                actor1="Islamic State", time_precision=1, latitude=36.5, longitude=40.7, geo_precision=1)
    siege = EventMention(mention_id="m1", sentence_index=0, event_date=dt.date(2015, 6, 1),
                         date_end=dt.date(2015, 6, 20), **base)
    day = EventMention(mention_id="m2", sentence_index=1, event_date=dt.date(2015, 6, 2),
                       date_end=dt.date(2015, 6, 2), **base)
    later = EventMention(mention_id="m3", article_id="b", sentence_index=0, event_date=dt.date(2015, 6, 21),
                         date_end=dt.date(2015, 6, 21), **{k: v for k, v in base.items() if k != "article_id"})
    far_later = EventMention(mention_id="m4", article_id="c", sentence_index=0, event_date=dt.date(2015, 6, 25),
                             date_end=dt.date(2015, 6, 25), **{k: v for k, v in base.items() if k != "article_id"})
    ms = [siege, day, later, far_later]
    assert ids(cluster_mentions(ms)) == ids(reference_cluster_mentions(ms)) == [["m1", "m2", "m3"], ["m4"]]
