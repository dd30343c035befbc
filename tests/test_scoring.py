"""Tests for sitrep.evaluation.scoring on a small hand-made gold (rules: shared/eval/README.md)."""

from __future__ import annotations

import json

import pytest

from sitrep.evaluation.scoring import (
    check_pair,
    evaluate,
    gold_from_dict,
    haversine_km,
    load_gold,
    score_events,
    score_mentions,
    score_publication_dates,
)

# A at (36.5, 40.75); E same place one day later; B an air strike 170 km south with a
# 20 km radius; C optional and undated; D optional background with a 31-day tolerance.
GOLD_DICT = {
    "version": 1,
    "date_tolerance_days": 1,
    "default_radius_km": 50,
    "actor_aliases": {
        "X": ["Islamic State", "ISIS"],
        "Y": ["Syrian army"],
        "Z": ["US-led coalition"],
    },
    "articles": {
        "s1": {"file": "s1_aaaa.txt", "published": "2020-01-11", "published_in_text": False},
        "s2": {"file": "s2_bbbb.txt", "published": "2020-01-12", "published_in_text": True},
        "s3": {"file": "s3_cccc.txt", "published": "2020-01-15", "published_in_text": False},
    },
    "events": [
        {"id": "A", "core": True, "event_date": "2020-01-10", "date_end": "2020-01-10",
         "event_type": "Battles", "sub_event_type": "Armed clash",
         "alt_sub_event_types": ["Non-state actor overtakes territory"],
         "actors_any_of": ["X", "Y"], "location": "Town A", "latitude": 36.5, "longitude": 40.75,
         "radius_km": 50, "fatalities": 10, "seeds": ["s1", "s2"]},
        {"id": "B", "core": True, "event_date": "2020-01-20", "date_end": "2020-01-21",
         "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
         "alt_sub_event_types": [], "actors_any_of": ["Z"], "location": "Town B",
         "latitude": 35.0, "longitude": 40.0, "radius_km": 20, "fatalities": None, "seeds": ["s1"]},
        {"id": "C", "core": False, "event_date": None, "date_end": None,
         "event_type": "Battles", "sub_event_type": "Armed clash", "alt_sub_event_types": [],
         "actors_any_of": [], "location": "Town C", "latitude": 33.5, "longitude": 36.3,
         "fatalities": None, "seeds": ["s1", "s3"]},
        {"id": "D", "core": False, "background": True, "date_tolerance_days": 31,
         "event_date": "2019-12-01", "date_end": "2019-12-01", "event_type": "Battles",
         "sub_event_type": "Armed clash", "alt_sub_event_types": [], "actors_any_of": ["X"],
         "location": "Town D", "latitude": 34.5, "longitude": 38.3, "radius_km": 50,
         "fatalities": None, "seeds": ["s3"]},
        {"id": "E", "core": True, "event_date": "2020-01-11", "date_end": "2020-01-11",
         "event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory",
         "alt_sub_event_types": ["Armed clash"], "actors_any_of": ["X"], "location": "Town A",
         "latitude": 36.5, "longitude": 40.75, "radius_km": 50, "fatalities": None, "seeds": ["s2"]},
    ],
    "not_events": [{"fatalities": 5000, "why": "cumulative toll"}],
}


@pytest.fixture()
def gold():
    return gold_from_dict(GOLD_DICT)


def ev(gold, gid):
    return next(e for e in gold.events if e.id == gid)


def pred(**kw):
    """A prediction that matches gold A exactly, with overrides."""
    base = {
        "event_id": "p", "event_date": "2020-01-10", "date_end": "2020-01-10",
        "event_type": "Battles", "sub_event_type": "Armed clash",
        "actor1": "Islamic State", "actor2": "Syrian army", "assoc_actor_1": [], "assoc_actor_2": [],
        "latitude": 36.5, "longitude": 40.75, "fatalities": None, "sources": [{"article_id": "s1"}],
    }
    base.update(kw)
    return base


# ---------------------------------------------------------------- loading


def test_load_gold_defaults_and_fields(gold, tmp_path):
    path = tmp_path / "g.json"
    path.write_text(json.dumps(GOLD_DICT))
    g = load_gold(path)
    assert g == gold
    c, d, a = ev(g, "C"), ev(g, "D"), ev(g, "A")
    assert c.radius_km == 50.0  # from default_radius_km
    assert c.date_range() is None
    assert d.date_tolerance_days == 31 and d.background
    assert a.date_tolerance_days == 1 and not a.background
    assert a.alt_sub_event_types == ("Non-state actor overtakes territory",)
    assert a.fatalities == 10 and a.seeds == ("s1", "s2")
    assert [e.id for e in g.core_events] == ["A", "B", "E"]
    assert g.not_events[0].fatalities == 5000
    assert not g.articles["s1"].published_in_text


def test_global_tolerance_is_used_when_event_has_none():
    g = gold_from_dict({**GOLD_DICT, "date_tolerance_days": 3})
    assert ev(g, "A").date_tolerance_days == 3
    assert ev(g, "D").date_tolerance_days == 31
    assert check_pair(pred(event_date="2020-01-13", date_end=None), ev(g, "A"), g).eligible
    assert not check_pair(pred(event_date="2020-01-14", date_end=None), ev(g, "A"), g).eligible


def test_missing_required_field_is_reported():
    bad = {**GOLD_DICT, "events": [{"id": "Q", "event_type": "Battles"}]}
    with pytest.raises(ValueError, match="Q"):
        gold_from_dict(bad)


# -------------------------------------------------------- each condition


def test_baseline_matches_all_conditions(gold):
    c = check_pair(pred(), ev(gold, "A"), gold)
    assert c.eligible and c.subtype_exact and c.date_gap_days == 0
    assert c.distance_km == 0 and c.actors_matched == 2 and c.reasons == ()


@pytest.mark.parametrize(
    "override, failed, words",
    [
        ({"event_type": "Riots"}, "type_ok", "event_type"),
        ({"sub_event_type": "Government regains territory"}, "type_ok", "sub_event_type"),
        ({"sub_event_type": None}, "type_ok", "sub_event_type"),
        ({"event_date": "2020-01-12", "date_end": None}, "date_ok", "2 d"),
        ({"event_date": "2020-01-07", "date_end": "2020-01-08"}, "date_ok", "2 d"),
        ({"event_date": None, "date_end": None}, "date_ok", "no predicted date"),
        ({"latitude": 37.0}, "place_ok", "radius 50"),  # ~56 km north
        ({"latitude": None}, "place_ok", "coordinates"),
        ({"actor1": "YPG", "actor2": "Kurdish fighters"}, "actors_ok", "actor"),
        ({"actor1": None, "actor2": None}, "actors_ok", "actor"),
    ],
)
def test_each_condition_fails_alone(gold, override, failed, words):
    c = check_pair(pred(**override), ev(gold, "A"), gold)
    assert not c.eligible
    flags = {"type_ok": c.type_ok, "date_ok": c.date_ok, "place_ok": c.place_ok, "actors_ok": c.actors_ok}
    assert flags.pop(failed) is False
    assert all(flags.values()), flags  # the other three still hold
    assert len(c.reasons) == 1 and words in c.reasons[0]
    # and the prediction is then a false positive of score_events
    s = score_events([pred(**override)], gold)
    assert s.matched_core == 0 or failed == "date_ok"  # a shifted date may still fit E
    if s.matched_core == 0:
        assert s.false_positives[0].nearest_gold in {"A", "E"}


def test_alt_sub_event_type_matches_but_is_not_exact(gold):
    c = check_pair(pred(sub_event_type="Non-state actor overtakes territory"), ev(gold, "A"), gold)
    assert c.eligible and not c.subtype_exact


def test_type_labels_are_compared_case_insensitively(gold):
    assert check_pair(pred(event_type="battles", sub_event_type="armed  clash"), ev(gold, "A"), gold).eligible


def test_date_tolerance_widens_gold_range(gold):
    a = ev(gold, "A")
    assert check_pair(pred(event_date="2020-01-11", date_end=None), a, gold).date_gap_days == 1
    assert check_pair(pred(event_date="2020-01-11", date_end=None), a, gold).eligible
    assert check_pair(pred(event_date="2020-01-09", date_end=None), a, gold).eligible
    assert not check_pair(pred(event_date="2020-01-12", date_end=None), a, gold).eligible
    # a predicted range that overlaps only the widened window
    assert check_pair(pred(event_date="2020-01-05", date_end="2020-01-09"), a, gold).eligible
    # a predicted range that spans the gold day
    assert check_pair(pred(event_date="2020-01-01", date_end="2020-01-31"), a, gold).date_gap_days == 0


def test_per_event_tolerance_for_background(gold):
    d = ev(gold, "D")
    p = dict(latitude=34.5, longitude=38.3, date_end=None)
    assert check_pair(pred(event_date="2020-01-01", **p), d, gold).eligible  # 31 d
    assert not check_pair(pred(event_date="2020-01-02", **p), d, gold).eligible  # 32 d


def test_null_gold_date_matches_any_date_and_null(gold):
    c = ev(gold, "C")
    p = dict(latitude=33.5, longitude=36.3)
    assert check_pair(pred(event_date="1999-01-01", date_end=None, **p), c, gold).eligible
    assert check_pair(pred(event_date=None, date_end=None, **p), c, gold).eligible


def test_date_end_alone_is_used_as_the_day(gold):
    assert check_pair(pred(event_date=None, date_end="2020-01-10"), ev(gold, "A"), gold).eligible


def test_radius_per_event(gold):
    b = ev(gold, "B")
    base = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                actor1="US-led coalition", actor2=None, event_date="2020-01-21", date_end=None, longitude=40.0)
    near = check_pair(pred(latitude=35.0 + 15 / 111.2, **base), b, gold)
    far = check_pair(pred(latitude=35.0 + 25 / 111.2, **base), b, gold)
    assert near.eligible and 14 < near.distance_km < 16
    assert not far.eligible and not far.place_ok and "radius 20" in far.reasons[0]


def test_haversine_one_degree_of_latitude():
    assert haversine_km(0, 0, 1, 0) == pytest.approx(111.19, abs=0.05)
    assert haversine_km(36.5024, 40.7477, 36.0556, 40.7306) == pytest.approx(49.7, abs=0.3)


@pytest.mark.parametrize(
    "actors, ok",
    [
        ({"actor1": "isis"}, True),
        ({"actor1": "  SYRIAN   Army "}, True),
        ({"actor1": "Someone", "assoc_actor_1": ["islamic state"]}, True),
        ({"actor1": "Someone", "assoc_actor_2": "Other; ISIS"}, True),  # CSV-style list
        ({"actor1": "Islamic"}, False),  # no partial matches
        ({"actor1": "X"}, False),  # the gold id is not an alias when the id has aliases
    ],
)
def test_actor_aliases(gold, actors, ok):
    p = pred(**{"actor1": None, "actor2": None, **actors})
    assert check_pair(p, ev(gold, "A"), gold).actors_ok is ok


def test_event_without_actors_imposes_no_actor_condition(gold):
    p = pred(actor1="Anybody", actor2=None, latitude=33.5, longitude=36.3)
    assert check_pair(p, ev(gold, "C"), gold).eligible


def test_actor_id_without_alias_entry_stands_for_itself():
    g = gold_from_dict({**GOLD_DICT, "actor_aliases": {}})
    assert check_pair(pred(actor1="x", actor2=None), ev(g, "A"), g).actors_ok


# ------------------------------------------------------- greedy matching


def test_two_predictions_for_one_gold_event(gold):
    s = score_events([pred(event_id="p1"), pred(event_id="p2", latitude=36.6)], gold)
    # both fit A (and E, by tolerance); A goes to the closer p1, E to p2 (exact day)
    assert {(m.gold_id, m.pred_id) for m in s.matches} == {("A", "p1"), ("E", "p2")}
    s = score_events([pred(event_id="p1"), pred(event_id="p2"), pred(event_id="p3", date_end=None,
                      event_date="2020-01-09")], gold)
    assert s.matched_core == 2 and len(s.false_positives) == 1
    fp = s.false_positives[0]
    assert fp.pred_id == "p3" and fp.nearest_gold == "A" and "duplicate" in fp.reasons[0]
    assert s.precision == pytest.approx(2 / 3)


def test_duplicate_is_false_positive_when_nothing_else_fits(gold):
    b = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
             actor1="US-led coalition", actor2=None, event_date="2020-01-20", date_end=None,
             latitude=35.0, longitude=40.0)
    s = score_events([pred(event_id="b1", **b), pred(event_id="b2", **{**b, "latitude": 35.1})], gold)
    assert [m.pred_id for m in s.matches] == ["b1"]  # closer one wins
    assert [f.pred_id for f in s.false_positives] == ["b2"]
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)


def test_greedy_prefers_smaller_date_gap_over_exact_sub_type(gold):
    # 2020-01-11 "Armed clash": exact for A (gap 1) but only alt for E (gap 0) -> E
    s = score_events([pred(event_date="2020-01-11", date_end=None, sources=[])], gold)
    assert [m.gold_id for m in s.matches] == ["E"]


def test_greedy_order_independent_of_input_order(gold):
    preds = [pred(event_id="p1"), pred(event_id="p2", event_date="2020-01-11", date_end=None),
             pred(event_id="p3", latitude=36.55)]
    one = {(m.gold_id, m.pred_id) for m in score_events(preds, gold).matches}
    two = {(m.gold_id, m.pred_id) for m in score_events(preds[::-1], gold).matches}
    assert one == two == {("A", "p1"), ("E", "p2")}


def test_missed_core_event_explains_nearest_prediction(gold):
    s = score_events([pred(event_id="p1", event_type="Explosions/Remote violence",
                           sub_event_type="Air/drone strike", latitude=35.0, longitude=40.0,
                           actor1="YPG", actor2=None, event_date="2020-01-20", date_end=None)], gold)
    miss = {m.gold_id: m for m in s.missed_core}
    assert set(miss) == {"A", "B", "E"}
    assert miss["B"].nearest_pred == "p1" and len(miss["B"].reasons) == 1
    assert "actor" in miss["B"].reasons[0]


# ------------------------------------------------------------- scores


def test_optional_matches_leave_precision_denominator(gold):
    preds = [
        pred(event_id="a"),
        pred(event_id="c", latitude=33.5, longitude=36.3, event_date=None, date_end=None),
        pred(event_id="d", latitude=34.5, longitude=38.3, event_date="2019-12-10", date_end=None),
        pred(event_id="fp", latitude=10.0),
    ]
    s = score_events(preds, gold)
    assert (s.matched_core, s.matched_optional, s.n_predicted) == (1, 2, 4)
    assert s.precision == pytest.approx(1 / 2)  # 1 / (4 - 2)
    assert s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def test_empty_predictions(gold):
    s = score_events([], gold)
    assert s.precision == 0 and s.recall == 0 and s.f1 == 0
    assert len(s.missed_core) == 3 and s.missed_core[0].reasons == ("no predictions",)


def test_fatalities_exact_match(gold):
    s = score_events([pred(fatalities=10)], gold)
    assert (s.fatalities.n_with_figure, s.fatalities.n_exact, s.fatalities.rate) == (1, 1, 1.0)
    s = score_events([pred(fatalities=12)], gold)
    assert (s.fatalities.n_exact, s.fatalities.rate) == (0, 0.0)
    assert s.fatalities.mismatches == ({"gold_id": "A", "gold": 10, "predicted": 12},)
    # E has no figure: not counted
    s = score_events([pred(event_date="2020-01-11", date_end=None, fatalities=3)], gold)
    assert s.matches[0].gold_id == "E" and s.fatalities.n_with_figure == 0 and s.fatalities.rate is None


def test_merge_recall(gold):
    # only A is a multi-seed CORE event (C is multi-seed but optional)
    s = score_events([pred(sources=[{"article_id": "s1"}])], gold)
    assert (s.merge.n_multi_seed, s.merge.n_merged, s.merge.rate) == (1, 0, 0.0)
    assert s.merge.misses[0]["pred_seeds"] == ["s1"]
    s = score_events([pred(sources=[{"article_id": "art-1"}, {"article_id": "art-2"}])], gold,
                     articles={"art-1": "s1", "art-2": "s2"})
    assert s.merge.rate == 1.0 and s.merge.misses == ()
    # seed file stems are recognised without a mapping
    s = score_events([pred(sources=[{"article_id": "s1_aaaa"}, {"article_id": "bbbb"}])], gold)
    assert s.merge.rate == 1.0
    # unmatched counts as a miss
    s = score_events([pred(latitude=10.0, sources=[{"article_id": "s1"}, {"article_id": "s2"}])], gold)
    assert s.merge.rate == 0.0 and s.merge.misses[0]["pred_id"] is None


def test_optional_multi_seed_events_are_reported_but_not_counted(gold):
    p = pred(latitude=33.5, longitude=36.3, sources=[{"article_id": "s1"}])
    s = score_events([p], gold)
    assert s.merge.n_multi_seed == 1 and (s.merge.optional_matched, s.merge.optional_merged) == (1, 0)


def test_not_events(gold):
    s = score_events([pred(fatalities=5000), pred(event_id="q", fatalities="5000", latitude=10.0),
                      pred(event_id="r", fatalities=4999)], gold)
    assert s.not_event_violations == 2
    assert {v.pred_id for v in s.violations} == {"p", "q"}
    assert s.violations[0].why == "cumulative toll"
    assert score_events([pred(fatalities=None)], gold).not_event_violations == 0


# ---------------------------------------------------------- publication dates


def test_publication_dates(gold):
    d = score_publication_dates(
        {"s1": {"published": "2020-01-13", "published_source": "inferred"},  # +2 d -> right
         "s2": {"published": "2020-01-11", "published_source": "text"},  # dated seed: exact needed
         "s3": {"published": None, "published_source": None}},  # honest unknown
        gold,
    )
    assert (d.n_undated, d.undated_right, d.undated_unknown, d.undated_wrong) == (2, 1, 1, 0)
    assert d.undated_accuracy == 0.5 and d.undated_acceptable == 1.0
    assert (d.n_dated, d.dated_exact, d.dated_accuracy) == (1, 0, 0.0)
    verdicts = {i.seed: i.verdict for i in d.items}
    assert verdicts == {"s1": "right", "s2": "wrong", "s3": "unknown"}


def test_publication_dates_wrong_and_missing(gold):
    d = score_publication_dates({"s1": {"published": "2020-01-08"}, "s2": {"published": "2020-01-12T09:00:00"}}, gold)
    assert (d.undated_right, d.undated_wrong, d.undated_missing, d.undated_unknown) == (0, 1, 1, 0)
    assert d.undated_accuracy == 0.0 and d.dated_accuracy == 1.0


# ------------------------------------------------------------------ mentions


def test_mentions_many_to_one(gold):
    ms = [
        pred(event_id=None, article_id="s1", sources=[]),
        pred(event_id=None, article_id="s2", sources=[], latitude=36.55),
        pred(event_id=None, article_id="s3", sources=[], latitude=33.5, longitude=36.3),  # optional C
        pred(event_id=None, article_id="s3", sources=[], latitude=10.0),  # matches nothing
    ]
    m = score_mentions(ms, gold)
    assert m.per_gold == {"A": 2, "C": 1}
    assert (m.matched_mentions_core, m.matched_mentions_optional, m.matched_core) == (2, 1, 1)
    assert m.precision == pytest.approx(2 / 3)  # 2 / (4 - 1)
    assert m.recall == pytest.approx(1 / 3)
    assert m.off_seed == 0
    assert [f.pred_id for f in m.false_positives] == ["#3"]


def test_mention_from_unlisted_article_counts_off_seed(gold):
    m = score_mentions([pred(event_id=None, article_id="s3", sources=[])], gold)
    assert m.matched_core == 1 and m.off_seed == 1


# ------------------------------------------------------------------ bundle


def test_evaluate_to_dict_is_json(gold):
    r = evaluate([pred(fatalities=10)], [pred(article_id="s1")], {"s1": {"published": None}}, gold)
    d = json.loads(json.dumps(r.to_dict()))
    assert d["events"]["recall"] == pytest.approx(0.3333, abs=1e-4)
    assert d["events"]["matches"][0]["gold_id"] == "A"
    assert d["mentions"]["per_gold"] == {"A": 1}
    assert d["dates"]["undated_unknown"] == 1
    r = evaluate(None, None, None, gold)
    assert r.to_dict() == {"events": None, "mentions": None, "dates": None}
