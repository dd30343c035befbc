"""Publication-date inference for undated articles (synthetic corpora, no seeds)."""

from __future__ import annotations

import datetime as dt

from sitrep.resolve.pubdate import ArticleFacts, _latest_weekday, _spread, infer_dates, infer_one

PLACES = frozenset({"Aleppo", "Idlib"})
ACTORS = frozenset({"Military Forces of Syria", "Syrian rebels"})


def facts(aid, text, published=None, places=PLACES, actors=ACTORS, dates=()):
    return ArticleFacts(aid, text, published, False, places, actors, tuple(dates))


def test_latest_weekday_and_spread():
    wed = dt.date(2015, 6, 3)
    assert _latest_weekday(wed, 3) == wed
    assert _latest_weekday(wed, 2) == dt.date(2015, 6, 2)
    assert _latest_weekday(wed, 4) == dt.date(2015, 5, 28)
    assert _spread(wed, {2, 3}) == 1 and _spread(wed, set()) == 0


def test_calendar_anchor_and_weekdays_give_the_date():
    ref = facts("ref", "...", dt.date(2015, 7, 20))
    u = facts("u", "Rebels began their offensive on May 30. On Wednesday they shelled the town, "
                   "and on Thursday the army struck back.")
    inf = infer_one(u, [ref])
    # first Thursday after May 30 2015 with Wednesday the day before
    assert inf.date == dt.date(2015, 6, 4) and 0 < inf.confidence <= 0.9
    assert "May 30" in inf.evidence


def test_year_follows_the_nearest_related_article():
    refs = [facts("old", "...", dt.date(2013, 1, 10)), facts("new", "...", dt.date(2016, 6, 20))]
    u = facts("u", "The siege began on June 2. Fighting continued on Friday.")
    assert infer_one(u, refs).date.year == 2016


def test_unrelated_corpus_leaves_the_article_undated():
    ref = facts("ref", "...", dt.date(2015, 7, 20), places=frozenset({"Mosul"}),
                actors=frozenset({"Islamic State"}))
    u = facts("u", "The siege began on June 2. Fighting continued on Friday.")
    inf = infer_one(u, [ref])
    assert inf.date is None and inf.confidence == 0.0


def test_no_anchor_uses_agreement_with_related_events():
    ref = facts("ref", "...", dt.date(2015, 6, 4), dates=[dt.date(2015, 6, 3)])
    u = facts("u", "Rebels attacked the army on Tuesday night, activists said.")
    inf = infer_one(u, [ref])
    assert inf.date is not None and abs((inf.date - dt.date(2015, 6, 3)).days) <= 1


def test_no_agreement_no_date():
    ref = facts("ref", "...", dt.date(2015, 6, 4), dates=[dt.date(2015, 5, 1)])
    u = facts("u", "Rebels attacked the army on Tuesday night, activists said.")
    assert infer_one(u, [ref]).date is None


def test_inferred_dates_chain_with_lower_confidence():
    ref = facts("a-ref", "...", dt.date(2015, 7, 20))
    anchored = facts("b", "The offensive began on May 30. On Wednesday rebels advanced.")
    loose = facts("c", "Rebels advanced on Wednesday, activists said.")

    def refresh(f, d):
        return ArticleFacts(f.article_id, f.text, d, True, f.places, f.actors, (dt.date(2015, 6, 3),))

    results = {r.article_id: r for r in infer_dates([ref, anchored, loose], refresh)}
    assert results["b"].date == dt.date(2015, 6, 3)
    assert results["c"].date is not None and results["c"].confidence < results["b"].confidence
