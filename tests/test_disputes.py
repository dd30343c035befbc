"""Resolve: what sources disagree on, in detail (disputes), and the cumulative flag."""

from __future__ import annotations

import datetime as dt

from sitrep.models import Claim
from sitrep.resolve.merge import resolve_events
from sitrep.resolve.run import assign_stable_ids
from tests.test_merge import ARTICLES, D, mention


def _claims(ms):
    return {m.mention_id: list(m.claims) for m in ms}


def test_different_tolls_are_listed_per_value_with_their_articles():
    ms = [mention("m1", "a", fatalities=10), mention("m2", "b", fatalities=14)]
    [ev] = resolve_events(ms, ARTICLES, _claims(ms))
    [d] = [d for d in ev["disputes"] if d["field"] == "fatalities"]
    assert d["values"] == [{"value": "10", "article_ids": ["a"]}, {"value": "14", "article_ids": ["b"]}]


def test_two_articles_naming_different_attackers_dispute_actor1():
    ms = [mention("m1", "a", a1="Islamic State", a2="Military Forces of Syria"),
          mention("m2", "b", a1="Military Forces of Syria", a2="Islamic State")]
    [ev] = resolve_events(ms, ARTICLES, _claims(ms))
    assert "actor1" in ev["disputed"]
    [d] = [d for d in ev["disputes"] if d["field"] == "actor1"]
    assert {v["value"]: v["article_ids"] for v in d["values"]} == {
        "Islamic State": ["a"], "Military Forces of Syria": ["b"]}


def test_agreeing_or_missing_attackers_and_clashes_are_not_disputes():
    agree = [mention("m1", "a"), mention("m2", "b")]
    missing = [mention("m1", "a"), mention("m2", "b", a1=None)]
    clash = [mention("m1", "a", sub="Armed clash", etype="Battles", a1="Islamic State", a2="YPG"),
             mention("m2", "b", sub="Armed clash", etype="Battles", a1="YPG", a2="Islamic State")]
    for ms in (agree, missing, clash):
        [ev] = resolve_events(ms, ARTICLES, _claims(ms))
        assert "actor1" not in ev["disputed"], ms


def test_opposite_territory_changes_from_two_articles_dispute_who_holds_the_place():
    taken = mention("m1", "a", sub="Non-state actor overtakes territory", etype="Battles",
                    a1="Islamic State", a2="Military Forces of Syria")
    retaken = mention("m2", "b", sub="Government regains territory", etype="Battles")
    events = resolve_events([taken, retaken], ARTICLES, {})
    assert len(events) == 2
    for e in events:
        assert "territory" in e["disputed"]
        [d] = [d for d in e["disputes"] if d["field"] == "territory"]
        assert {v["event_id"] for v in d["values"]} == {x["event_id"] for x in events}
        assert "who holds Al Hasakah" in e["notes"]


def test_a_capture_and_a_recapture_told_by_one_article_or_a_week_apart_are_no_dispute():
    taken = mention("m1", "a", sub="Non-state actor overtakes territory", etype="Battles")
    same_article = mention("m2", "a", sent=4, sub="Government regains territory", etype="Battles")
    week_later = mention("m3", "b", sub="Government regains territory", etype="Battles",
                         date=D + dt.timedelta(days=7))
    for pair in ([taken, same_article], [taken, week_later]):
        for e in resolve_events(pair, ARTICLES, {}):
            assert "territory" not in e["disputed"]


def test_renamed_ids_follow_into_the_dispute_details():
    taken = mention("m1", "a", sub="Non-state actor overtakes territory", etype="Battles")
    retaken = mention("m2", "b", sub="Government regains territory", etype="Battles")
    events = resolve_events([taken, retaken], ARTICLES, {})
    assign_stable_ids(events, {"m1": "ev_old1", "m2": "ev_old2"})
    for e in events:
        ids = {v["event_id"] for d in e["disputes"] for v in d["values"]}
        assert ids == {"ev_old1", "ev_old2"}


def test_event_claims_carry_the_cumulative_flag():
    total = Claim("killed", 287, 287, 287, "at_least", "IS fighters", None, None, True, "s", "287 killed")
    one = Claim("killed", 7, 7, 7, "exact", "civilians", None, None, False, "s", "7 killed")
    ms = [mention("m1", "a", claims=(total, one))]
    [ev] = resolve_events(ms, ARTICLES, _claims(ms))
    assert {c["value"]: c["cumulative"] for c in ev["claims"]} == {287: True, 7: False}


def test_shared_wording_breaks_a_tie_between_equally_fitting_events():
    from sitrep.resolve.merge import cluster_mentions, text_similarity

    first = mention("m1", "a", a1="Islamic State", a2="Military Forces of Syria",
                    sentence="Jets bombed a market in the old town, witnesses said.")
    second = mention("m2", "b", a1="YPG", a2="Free Syrian Army",
                     sentence="Warplanes struck the grain silos near the airport at dawn.")
    unsure = mention("m3", "c", a1=None, a2=None,
                     sentence="The grain silos near the airport were struck by warplanes at dawn.")
    assert text_similarity(unsure.sentence, second.sentence) > text_similarity(unsure.sentence, first.sentence)
    clusters = cluster_mentions([first, second, unsure])
    # without the tie-breaker the earliest cluster (article a) would take it
    assert sorted(sorted(x.mention_id for x in c) for c in clusters) == [["m1"], ["m2", "m3"]]
