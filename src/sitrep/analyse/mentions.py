"""One article -> its event mentions: type, actors, place, date, figures, source.

This is the stage that combines the components, each of which answers one question
about one sentence:

    event_types  which ACLED sub-event type(s) does the sentence report?
    actors       which armed actors does it name (aliases -> canonical)?
    places       where (gazetteer, with near/outskirts -> geo_precision 2)?
    timex        when (relative expressions resolved against the publication date)?
    casualties   how many killed / wounded, with qualifier and party?
    attribution  who says so?

and two pieces of discourse that no single sentence has (written here, because they
are about how news articles are built rather than about language):

* a *narrative date and place*: a sentence with no date or place of its own ("The
  Observatory said ISIS fighters seized territory south of Qamishli") continues the
  date and place of the sentences before it (the lead usually sets them);
* *background*: an event dated well before the article (month precision or vaguer, in
  an earlier month, "last summer", "since 2011") is history, kept with its own date and
  flagged `background`, never given the reporting day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from sitrep.analyse import roles
from sitrep.analyse.sentences import Sentence, split_sentences
from sitrep.models import Claim, EventMention

ANALYSER_VERSION = "0.1.0"

#: an event with a vague date (week, part of a month, or vaguer) starting this many days
#: before publication is background history; any event this old is
BACKGROUND_DAYS = 7
LONG_AGO_DAYS = 60
#: minimum cue score for a second event type in the same sentence
SECONDARY_MIN_SCORE = 1.0

_HEADLINE_END = re.compile(r"[.!?\"'”’)]$")


@dataclass
class _Context:
    """The running narrative state while reading an article top to bottom."""

    date: tuple[dt.date, dt.date, int, str] | None = None  # start, end, precision, text
    date_background: bool = False
    lead_date: tuple[dt.date, dt.date, int, str] | None = None
    place: object | None = None  # PlaceMention
    paragraph: int = -1
    attribution: object | None = None
    prev_sentence: str | None = None
    actors: list = field(default_factory=list)


def _mention_id(article_id: str, sentence_index: int, sub_type: str) -> str:
    raw = f"{article_id}:{sentence_index}:{sub_type}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _is_heading(s: Sentence, title: str | None) -> bool:
    """Headlines, subheads and datelines: not sentences that report events."""
    text = s.text.strip()
    if title and text.strip().lower() == title.strip().lower():
        return True
    return len(text.split()) < 12 and not _HEADLINE_END.search(text)


def _date_of_sentence(s: Sentence, timexes, dct: dt.date | None):
    """The best event date expressed in the sentence, or None.

    Prefers day-precise dates, then the first one; durations and sets are not dates."""
    found = [t for t in timexes if s.start <= t.start < s.end and t.type in ("DATE", "TIME")
             and t.start_date is not None]
    if not found:
        return None
    found.sort(key=lambda t: (t.precision or 3, t.start))
    t = found[0]
    end = t.end_date or t.start_date
    if dct and t.start_date > dct:  # future ("is due to brief ... today" is fine: == dct)
        return None
    return (t.start_date, end, t.precision or 3, t.text)


def _is_background(date, dct: dt.date | None) -> bool:
    """History rather than news: a vague date (part of a month or vaguer) that starts
    more than BACKGROUND_DAYS before publication ("in May", "mid-November", "this month's
    seizure", "last summer"), or any date more than LONG_AGO_DAYS back. An exact day is
    news even a month on ("the assault, which began on June 25, has ended")."""
    if date is None or dct is None:
        return False
    start, end, precision, _text = date
    if end < dct - dt.timedelta(days=LONG_AGO_DAYS):
        return True
    return precision >= 2 and start < dct - dt.timedelta(days=BACKGROUND_DAYS)


def _claims(casualties, attribution, sentence: str) -> list[Claim]:
    src = getattr(attribution, "source", None)
    via = getattr(attribution, "via", None)
    out = []
    for c in casualties:
        if getattr(c, "subset_of", None) is not None:
            continue  # "four children" among "six civilians": a breakdown, not more dead
        out.append(Claim(kind=c.kind, value=c.value, low=c.low, high=c.high, qualifier=c.qualifier,
                         party=c.party, attributed_to=src, via=via, cumulative=c.cumulative,
                         sentence=sentence, text=c.text))
    return out


def _fatalities(claims: list[Claim]) -> int | None:
    """Best-estimate deaths for one event: the sum over distinct parties of non-cumulative
    'killed' claims (the low end of a vague range, as ACLED codes conservatively)."""
    values = [c.value if c.value is not None else c.low for c in claims
              if c.kind == "killed" and not c.cumulative]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def extract_mentions(article_id: str, text: str, published: dt.date | None,
                     title: str | None = None) -> tuple[list[EventMention], list[tuple[int, Claim]]]:
    """All event mentions of one article, plus the claims that belong to no mention."""
    from sitrep.analyse.actors import get_registry
    from sitrep.analyse.attribution import find_attribution
    from sitrep.analyse.casualties import find_casualties
    from sitrep.analyse.event_types import classify, is_event_candidate, score_cues
    from sitrep.analyse.places import find_places, infer_countries
    from sitrep.analyse.timex import find_timexes

    sentences = split_sentences(text)
    timexes = find_timexes(text, published)
    countries = infer_countries(text)
    country = countries[0] if countries else None
    registry = get_registry()
    ctx = _Context()
    mentions: list[EventMention] = []
    loose: list[tuple[int, Claim]] = []

    for s in sentences:
        if _is_heading(s, title):
            continue
        if s.paragraph != ctx.paragraph:
            ctx.paragraph = s.paragraph
            if ctx.date_background:  # history does not leak into the next paragraph
                ctx.date, ctx.date_background = ctx.lead_date, False
        # the previous sentence's source resolves "he said ... he added" chains
        attribution = find_attribution(s.text, ctx.attribution or ctx.prev_sentence)
        places = [p for p in find_places(s.text, countries) if not _is_dateline(s, p)]
        own_date = _date_of_sentence(s, timexes, published)
        if own_date is not None:
            ctx.date = own_date
            ctx.date_background = _is_background(own_date, published)
            if ctx.lead_date is None and not ctx.date_background:
                ctx.lead_date = own_date
        casualties = find_casualties(s.text)
        claims = _claims(casualties, attribution, s.text)
        typed = []
        if is_event_candidate(s.text):
            typing = classify(s.text)
            if typing.sub_event_type:
                typed.append((typing.event_type, typing.sub_event_type, typing.score, typing.cues))
                # a second event of another ACLED type in the same sentence
                # ("...seized the posts after six suicide bombers struck")
                scores = score_cues(typing.cues)
                for cue in sorted(typing.cues, key=lambda c: -scores.get(c.sub_event_type, 0)):
                    if (cue.event_type != typing.event_type and cue.sub_event_type
                            and cue.event_type in _ACLED_TYPES
                            and scores.get(cue.sub_event_type, 0) >= SECONDARY_MIN_SCORE
                            and all(cue.event_type != t[0] for t in typed)):
                        typed.append((cue.event_type, cue.sub_event_type,
                                      scores[cue.sub_event_type], (cue,)))
        if not typed:
            loose.extend((s.index, c) for c in claims)
            _advance(ctx, s, places, attribution)
            continue

        actor_mentions = registry.find(s.text, country)
        place = places[0] if places else ctx.place
        date = own_date if own_date is not None else ctx.date
        background = own_date is not None and ctx.date_background or (
            own_date is None and ctx.date_background)
        date_source = "sentence" if own_date else ("context" if date else None)
        if date is None and published is not None and not background:
            date, date_source = (published, published, 2, None), "publication"
        for event_type, sub_type, score, cues in typed:
            trigger = cues[0] if cues else None
            a1, a2, assoc1, assoc2 = roles.assign(s.text, actor_mentions, trigger, sub_type,
                                                  claims, ctx.actors)
            own_claims = claims if (event_type, sub_type) == typed[0][:2] else []
            m = EventMention(
                mention_id=_mention_id(article_id, s.index, sub_type),
                article_id=article_id, sentence_index=s.index, sentence=s.text,
                trigger=trigger.trigger if trigger else "", event_type=event_type,
                sub_event_type=sub_type, actor1=a1, actor2=a2,
                assoc_actor_1=tuple(assoc1), assoc_actor_2=tuple(assoc2),
                **_place_fields(place),
                event_date=date[0] if date else None, date_end=date[1] if date else None,
                time_precision=date[2] if date else None, date_text=date[3] if date else None,
                date_source=date_source,
                fatalities=_fatalities(own_claims),
                background=bool(background),
                background_reason=("dated " + (date[3] or "") if background and date else None),
                attributed_to=getattr(attribution, "source", None),
                attribution_via=getattr(attribution, "via", None),
                claims=tuple(own_claims), confidence=float(score),
            )
            mentions.append(m)
        if actor_mentions:
            ctx.actors = actor_mentions
        _advance(ctx, s, places, attribution)
    return mentions, loose


_ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians",
                "Protests", "Riots", "Strategic developments"}


def _advance(ctx: _Context, s: Sentence, places, attribution) -> None:
    if places:
        ctx.place = places[-1] if len(places) > 1 and places[-1].precision < places[0].precision else places[0]
    if attribution is not None:
        ctx.attribution = attribution
    ctx.prev_sentence = s.text


def _is_dateline(s: Sentence, pm) -> bool:
    """'Beirut: ...' / 'BEIRUT (AFP) -' at the start of a paragraph names where the
    reporter filed from, not where the event happened."""
    if not s.first_in_paragraph or pm.start > 2:
        return False
    rest = s.text[pm.end:pm.end + 8]
    return bool(re.match(r"\s*(:|\(|,?\s*[A-Z][a-z]+ \d|—|-\s)", rest))


def _place_fields(pm) -> dict:
    if pm is None:
        return {}
    p = pm.place
    return dict(location=p.name, latitude=p.latitude, longitude=p.longitude, country=p.country,
                admin1=p.admin1, admin2=p.admin2, geo_precision=pm.precision)


def signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The town-level places and the actors an article names (for relating articles)."""
    from sitrep.analyse.actors import get_registry
    from sitrep.analyse.places import find_places, infer_countries

    countries = infer_countries(text)
    places = frozenset(p.place.name for p in find_places(text, countries) if p.place.feature != "country")
    actors = frozenset(m.actor.name for m in get_registry().find(text, countries[0] if countries else None))
    return places, actors
