"""Publication dates for undated articles, inferred from their text and the corpus.

Many reposted articles carry no date. Their text still does: "IS began its assault on
May 30", "on Wednesday", "on Saturday night". This module turns those into a date with a
confidence, marked `published_source = "inferred"`, or leaves the article undated when
the evidence is not there. Our own logic: no library infers a document date from a
corpus of related reports.

The method, for one undated article U:

1. *Anchors in U*: unanchored calendar days ("May 30" -> month 5, day 30) and the
   weekdays it names ("Wednesday" -> 3), from the TIMEX normaliser run without a date.
2. *Related dated articles*: the dated (or already inferred) articles that share most of
   U's places and actors (Jaccard over their mentions' locations and actors). Their
   dates give the candidate years and a reference date S.
3. With a calendar anchor: for each candidate year Y, the latest anchor day L(Y); the
   publication date D(Y) is the first day on or after L such that every weekday U names
   falls in (L, D] (news of those days is reported after the anchor). The year whose
   D(Y) is nearest to S wins.
4. Without one: the date D within +-WINDOW days of S whose resolved day expressions in U
   best coincide with the dates of the related articles' mentions; ties go to S itself.
5. No related dated article, or no usable expression: undated, honestly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

WINDOW = 7
MIN_SIMILARITY = 0.15
MAX_ANCHOR_GAP = dt.timedelta(days=120)  # an anchor day this far from S is no evidence
_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)")


@dataclass(frozen=True)
class ArticleFacts:
    """What the inference needs to know about one article."""

    article_id: str
    text: str
    published: dt.date | None
    inferred: bool  # published came from this module (less trusted as a reference)
    places: frozenset[str]
    actors: frozenset[str]
    mention_dates: tuple[dt.date, ...]


@dataclass(frozen=True)
class Inference:
    article_id: str
    date: dt.date | None
    confidence: float
    evidence: str


def similarity(a: ArticleFacts, b: ArticleFacts) -> float:
    sa, sb = a.places | a.actors, b.places | b.actors
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _anchors(text: str):
    from sitrep.analyse.timex import find_timexes

    days, weekdays = [], set()
    for t in find_timexes(text, None):
        if t.type != "DATE":
            continue
        if m := _DAY.match(t.value):
            month, day = int(m.group(1)), int(m.group(2))
            days.append((month, day, t.text))
        elif m := _WEEKDAY.match(t.value):
            weekdays.add(int(m.group(1)))
    return days, weekdays


def _latest_weekday(d: dt.date, iso_weekday: int) -> dt.date:
    """The latest day with that ISO weekday on or before d (how news uses "on Tuesday")."""
    return d - dt.timedelta(days=(d.isoweekday() - iso_weekday) % 7)


def _spread(d: dt.date, weekdays: set[int]) -> int:
    """How many days back the weekdays an article names reach if it was published on d:
    news reports the last few days, so the smaller the better."""
    if not weekdays:
        return 0
    return (d - min(_latest_weekday(d, w) for w in weekdays)).days


def _valid_after(d: dt.date, lower: dt.date, weekdays: set[int]) -> bool:
    """Every weekday named falls after the anchor day (the news follows the anchor)."""
    return d >= lower and all(_latest_weekday(d, w) > lower for w in weekdays)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_one(u: ArticleFacts, corpus: list[ArticleFacts]) -> Inference:
    related = sorted(((similarity(u, o), o) for o in corpus
                      if o.article_id != u.article_id and o.published is not None),
                     key=lambda x: (-x[0], x[1].article_id))
    related = [(s, o) for s, o in related if s >= MIN_SIMILARITY]
    if not related:
        return Inference(u.article_id, None, 0.0, "no related dated article")
    best_sim, ref = related[0]
    days, weekdays = _anchors(u.text)
    ref_conf = 0.6 if ref.inferred else 1.0

    if days:
        options = []
        years = sorted({o.published.year + k for _s, o in related[:5] for k in (-1, 0, 1)})
        for year in years:
            lows = [d for m, day, _ in days if (d := _safe_date(year, m, day))]
            if not lows:
                continue
            lower = max(lows)
            valid = [lower + dt.timedelta(days=k) for k in range(0, 15)]
            valid = [d for d in valid if _valid_after(d, lower, weekdays)]
            if not valid:
                continue
            candidate = min(valid, key=lambda d: (_spread(d, weekdays), d))
            options.append((abs((candidate - ref.published).days), candidate, lower))
        options.sort()
        if options and dt.timedelta(days=options[0][0]) <= MAX_ANCHOR_GAP:
            gap, d, lower = options[0]
            named = ", ".join(t for _m, _d, t in days)
            conf = round(min(0.9, 0.5 + 0.4 * best_sim) * ref_conf * (1.0 if weekdays else 0.8), 2)
            return Inference(u.article_id, d, conf,
                             f"after '{named}' ({lower.isoformat()}), nearest to the weekdays it names; "
                             f"year from related article {ref.article_id} ({ref.published.isoformat()})")

    from sitrep.analyse.timex import find_timexes

    ref_dates = {d for _s, o in related[:5] for d in o.mention_dates}
    best = None
    for rank, (_sim, centre) in enumerate(related[:3]):
        for offset in range(-WINDOW, WINDOW + 1):
            d = centre.published + dt.timedelta(days=offset)
            resolved = [t.start_date for t in find_timexes(u.text, d)
                        if t.type == "DATE" and t.precision == 1 and t.start_date and t.start_date <= d]
            hits = sum(1 for r in resolved if any(abs((r - x).days) <= 1 for x in ref_dates))
            key = (hits, -_spread(d, weekdays), -rank, -abs(offset))
            if best is None or key > best[0]:
                best = (key, d, hits, centre)
    _key, d, hits, ref = best
    if hits == 0:
        return Inference(u.article_id, None, 0.0,
                         f"related to {ref.article_id} but no dated expression agrees with it")
    conf = round(min(0.7, 0.3 + 0.4 * best_sim) * ref_conf, 2)
    return Inference(u.article_id, d, conf,
                     f"{hits} day expression(s) agree with the events of related articles "
                     f"(nearest {ref.article_id}, {ref.published.isoformat()}) when published {d.isoformat()}")


def infer_dates(facts: list[ArticleFacts],
                refresh: Callable[[ArticleFacts, dt.date], ArticleFacts] | None = None) -> list[Inference]:
    """Infer dates for every undated article; articles with calendar anchors first, and
    each inferred date becomes (weaker) evidence for the articles that follow.

    `refresh(article, date)` re-reads an article under its new date (its mention dates
    change), so that it can serve as a reference for the next one."""
    known = [f for f in facts if f.published is not None and not f.inferred]
    todo = [f for f in facts if f.published is None or f.inferred]
    todo.sort(key=lambda f: (not _anchors(f.text)[0], f.article_id))
    results = []
    for u in todo:
        inf = infer_one(u, known)
        results.append(inf)
        if inf.date is not None:
            fresh = refresh(u, inf.date) if refresh else u
            known.append(ArticleFacts(u.article_id, u.text, inf.date, True, fresh.places, fresh.actors,
                                      fresh.mention_dates))
    return results
