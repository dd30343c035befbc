"""One article -> its event mentions: type, actors, place, date, figures, source.

This is the stage that combines the components, each of which answers one question
about one sentence:

    event_types  which ACLED sub-event type(s) does the sentence report?
    actors       which armed actors does it name (aliases -> canonical)?
    places       where (gazetteer, with near/outskirts -> geo_precision 2)?
    timex        when (relative expressions resolved against the publication date)?
    casualties   how many killed / wounded, with qualifier and party?
    attribution  who says so?

and the pieces of discourse that no single sentence has (written here, because they are
about how news articles are built rather than about language):

* a *narrative date and place*: a sentence with no date or place of its own ("The
  Observatory said ISIS fighters seized territory south of Qamishli") continues the
  date and place of the sentences before it (the lead usually sets them); a sentence
  with no place may also take it from the next sentence when that one goes on about the
  same event ("...launched an air raid on Wednesday. ... the strike in the town of X");
* *background*: an event dated well before the article (a vague date more than a week
  back: "in May", "mid-November", "last summer", "since 2011"), or named as a
  nominalised look-back with no date ("the capture of Fallujah had been a setback"),
  is history: kept with its own date and flagged `background`, never given the
  reporting day;
* *tolls are not events*: a sentence whose only figures are cumulative ("more than
  220,000 people have been killed since 2011") reports no event; its claims are kept.
* dates of *saying* ("Blinken said Wednesday that...") are not dates of the event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace

from sitrep.analyse import roles
from sitrep.analyse.sentences import Sentence, split_sentences
from sitrep.models import Claim, EventMention

ANALYSER_VERSION = "0.3.0"

#: an event with a vague date (week, part of a month, or vaguer) starting this many days
#: before publication is background history; any event this old is
BACKGROUND_DAYS = 7
LONG_AGO_DAYS = 60
#: minimum weight of one cue for a second event type in the same sentence, and the one
#: pair of types that one sentence reports as two events (fighting and the strikes or
#: bombs that came with it); a strike that killed civilians is one event, not an attack too
SECONDARY_MIN_SCORE = 3.5
SECONDARY_PAIR = {"Battles", "Explosions/Remote violence"}

ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians",
               "Protests", "Riots", "Strategic developments"}

_HEADLINE_END = re.compile(r"[.!?\"'”’)]$")
_SPEECH_BEFORE = re.compile(
    r"\b(said|says|told\s+[\w.\- ]{1,30}?|reported|announced|added|claimed|stated|wrote|confirmed)\s+(on\s+|late\s+on\s+)?$",
    re.I)
_SINCE = re.compile(r"\bsince\s+(late\s+|early\s+|mid-?)?$", re.I)
#: "either in clashes ... or in air strikes": a toll summed over several causes
_TOLL_SUMMARY = re.compile(r"\beither\b.{3,120}\bor\b", re.I)
#: the lead: the first sentences, where news (not recap) is told
LEAD_SENTENCES = 3
_PLUPERFECT = re.compile(r"\bhad\s+(\w+ly\s+)?(been\s+)?\w+(ed|en|ought|ook|ung|ew|ade|ought|eft)\b", re.I)
_QUOTE_START = re.compile(r"^[\"“‘']")
_NOMINAL_TRIGGER = re.compile(r"\b(capture|seizure|fall|loss|recapture|takeover|liberation)\b", re.I)
_VAGUE_PERIOD = re.compile(r"^P(X|\d+)[WMY]$")  # "in recent weeks", "the past few months"
_ADJECTIVAL_PLACE = re.compile(r"^\s*-?\s*(based|led|backed|born|born|made)\b|^\S*-(based|led|backed)", re.I)
_BASED_IN = re.compile(r"\bbased\s+in\s+$", re.I)
#: a next sentence that opens by referring back to the event ("Iraqi officials said the
#: strike in the town of X ...")
_ANAPHORIC_EVENT = re.compile(
    r"^([\w’'-]+\s+){0,4}the\s+(strike|air\s*strike|raid|air\s+raid|attack|bombing|blast|explosion|"
    r"assault|offensive|clashes|fighting|shelling|operation)\b", re.I)


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
    look_back: tuple | None = None  # (place name, date) of the last background mention


def _mention_id(article_id: str, sentence_index: int, sub_type: str) -> str:
    raw = f"{article_id}:{sentence_index}:{sub_type}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _is_heading(s: Sentence, title: str | None) -> bool:
    """Headlines, subheads and datelines: not sentences that report events."""
    text = s.text.strip()
    if title and text.lower() == title.strip().lower():
        return True
    return len(text.split()) < 12 and not _HEADLINE_END.search(text)


def _date_of_sentence(s: Sentence, timexes, dct: dt.date | None):
    """The best event date expressed in the sentence, or None.

    Day-precise dates first, then the first one; durations, sets, future dates and the
    date a source *spoke* ("said Wednesday") are not event dates."""
    found = []
    for t in timexes:
        if not (s.start <= t.start < s.end) or t.type not in ("DATE", "TIME") or t.start_date is None:
            continue
        if (dct and t.start_date > dct) or t.value.endswith("_REF"):  # "now", "recently"
            continue
        before = s.text[max(0, t.start - s.start - 40):t.start - s.start]
        speech = bool(_SPEECH_BEFORE.search(before))
        found.append((speech, t.precision or 3, t.start, t, bool(_SINCE.search(before))))
    if not found:
        return None
    found.sort(key=lambda x: x[:3])
    speech, _p, _s, t, since = found[0]
    if speech:
        return None
    if since and dct is not None:
        # "at the southern entrance since Thursday": ongoing from that day to publication
        return (t.start_date, dct, 2, f"since {t.text}")
    return (t.start_date, t.end_date or t.start_date, t.precision or 3, t.text)


def _vague_period(s: Sentence, timexes) -> bool:
    """'in recent weeks', 'over the past few months': a summary of a period, not news."""
    return any(s.start <= t.start < s.end and t.type == "DURATION" and _VAGUE_PERIOD.match(t.value)
               for t in timexes)


def is_background(date, dct: dt.date | None) -> bool:
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


def _event_places(s: Sentence, found) -> list:
    """Place mentions that can be where the event happened: not the reporter's dateline
    ("Beirut: ..."), not an attribute of an organisation ("the Britain-based monitor",
    "U.S.-led coalition", "a group based in Britain")."""
    out = []
    for pm in found:
        after = s.text[pm.end:pm.end + 10]
        before = s.text[max(0, pm.start - 12):pm.start]
        if _is_dateline(s, pm) or _ADJECTIVAL_PLACE.match(after) or _BASED_IN.search(before):
            continue
        out.append(pm)
    return out


def _places_by_sentence(sentences: list[Sentence], found) -> list[list]:
    """Article-wide place mentions (found with the whole text as context) regrouped per
    sentence, with offsets made relative to the sentence, filtered for event places."""
    out = []
    for s in sentences:
        mine = [replace(p, start=p.start - s.start, end=p.end - s.start)
                for p in found if s.start <= p.start and p.end <= s.end]
        out.append(_event_places(s, mine))
    return out


def _choose_place(places, ctx_place):
    """The most precise place of the sentence; a country alone defers to the running
    place when that lies in the same country ("...in that area of northeastern Syria")."""
    if not places:
        return ctx_place
    specific = [p for p in places if p.place.feature != "country"]
    if specific:
        return min(specific, key=lambda p: (p.precision, p.start))
    country = places[0].place.country_code
    if ctx_place is not None and ctx_place.place.country_code == country:
        return ctx_place
    return places[0]


def _typings(sentence: str, actor_hint: str | None = None):
    """[(event_type, sub_event_type, score, cues)]: the winning type, plus the best type of
    each other ACLED event type that is cued strongly enough on its own ("...seized the
    posts after six suicide bombers struck" reports a territory change AND a suicide
    bombing; "clashes, which coincided with ten regime airstrikes" a clash AND strikes)."""
    from sitrep.analyse.event_types import classify, is_event_candidate

    if not is_event_candidate(sentence):
        return []
    typing = classify(sentence, actor_hint)
    if not typing.sub_event_type:
        return []
    # the trigger of a type is its strongest cue (earliest on ties); other cues stay as evidence
    main = sorted([c for c in typing.cues if c.sub_event_type == typing.sub_event_type],
                  key=lambda c: (-c.weight, c.start))
    rest = [c for c in typing.cues if c not in main]
    typed = [(typing.event_type, typing.sub_event_type, typing.score, tuple(main + rest))]
    raw: dict[str, float] = {}  # strongest single cue per sub-type, before the typer's precedence
    for c in typing.cues:
        raw[c.sub_event_type] = max(raw.get(c.sub_event_type, 0.0), c.weight)
    for cue in sorted(typing.cues, key=lambda c: (-raw[c.sub_event_type], c.start)):
        if ({cue.event_type, typing.event_type} == SECONDARY_PAIR
                and cue.event_type not in {t[0] for t in typed}
                and raw[cue.sub_event_type] >= SECONDARY_MIN_SCORE):
            typed.append((cue.event_type, cue.sub_event_type, raw[cue.sub_event_type], (cue,)))
    return typed


def extract_mentions(article_id: str, text: str, published: dt.date | None,
                     title: str | None = None) -> tuple[list[EventMention], list[tuple[int, Claim]]]:
    """All event mentions of one article, plus the claims that belong to no mention."""
    from sitrep.analyse.actors import get_registry
    from sitrep.analyse.attribution import find_attribution
    from sitrep.analyse.casualties import find_casualties
    from sitrep.analyse.places import find_places, infer_countries
    from sitrep.analyse.timex import find_timexes

    sentences = [s for s in split_sentences(text) if not _is_heading(s, title)]
    timexes = find_timexes(text, published)
    countries = infer_countries(text)
    country = countries[0] if countries else None
    registry = get_registry()
    places_of = _places_by_sentence(sentences, find_places(text, countries))
    ctx = _Context()
    mentions: list[EventMention] = []
    loose: list[tuple[int, Claim]] = []

    for i, s in enumerate(sentences):
        if s.paragraph != ctx.paragraph:
            ctx.paragraph = s.paragraph
            if ctx.date_background:  # history does not leak into the next paragraph
                ctx.date, ctx.date_background = ctx.lead_date, False
        # the previous sentence's source resolves "he said ... he added" chains
        attribution = find_attribution(s.text, ctx.attribution or ctx.prev_sentence)
        places = places_of[i]
        own_date = _date_of_sentence(s, timexes, published)
        if own_date is not None:
            ctx.date = own_date
            ctx.date_background = is_background(own_date, published)
            if ctx.lead_date is None and not ctx.date_background:
                ctx.lead_date = own_date
        claims = _claims(find_casualties(s.text), attribution, s.text)
        actor_mentions = registry.find(s.text, country)
        # a name that is an actor or the source ("Al-Qaeda", "Agence France-Presse") is no place
        taken = [(a.start, a.end) for a in actor_mentions]
        if attribution is not None:
            taken.append((attribution.start, attribution.end))
        places = [p for p in places if all(p.end <= a or p.start >= b for a, b in taken)]
        if attribution is not None and attribution.end > attribution.start:
            # the speaker ("..., the American military said") reports the event, not a side in it
            actor_mentions = [a for a in actor_mentions
                              if a.end <= attribution.start or a.start >= attribution.end]
        typed = _typings(s.text, actor_mentions[0].actor.name if actor_mentions else None)
        if claims and all(c.cumulative for c in claims):
            typed = []  # an overall toll, not an event: the claims are kept below
        if typed and claims and _TOLL_SUMMARY.search(s.text):
            home = _previous_at(mentions, _choose_place(places, ctx.place))
            if home is not None:  # the toll of a battle already reported: kept on it as a
                # claim over the whole battle, never as one day's fatalities
                summed = [replace(c, cumulative=True) for c in claims]
                mentions[mentions.index(home)] = _with_claims(home, summed)
                _advance(ctx, s, places, attribution)
                continue
        if not typed:
            loose.extend((s.index, c) for c in claims)
            _advance(ctx, s, places, attribution)
            continue

        if not places and i + 1 < len(sentences) \
                and _ANAPHORIC_EVENT.search(sentences[i + 1].text) and places_of[i + 1]:
            places = places_of[i + 1]  # "...an air raid. ... the strike in the town of X"
        place = _choose_place(places, ctx.place)
        date = own_date if own_date is not None else ctx.date
        background, reason = False, None
        if own_date is not None and ctx.date_background:
            background, reason = True, f"dated {own_date[3]}"
        elif own_date is None and ctx.date_background:
            background, reason = True, "continues a look back"
        elif own_date is None and ctx.look_back is not None and place is not None \
                and place.place.name == ctx.look_back[0]:
            # "...last month seized Ramadi." (new paragraph) "IS used suicide truck bombs to seize Ramadi"
            background, reason, date = True, "same place as the look back before it", ctx.look_back[1]
        elif _vague_period(s, timexes) and own_date is None:
            background, reason = True, "summary of a period"
        elif own_date is None and s.index >= LEAD_SENTENCES and _PLUPERFECT.search(s.text):
            background, reason = True, "a recap in the pluperfect, after the lead"
        if own_date is None and _QUOTE_START.match(s.text):
            # a quoted remark with no date of its own is comment, not a report
            _advance(ctx, s, places, attribution)
            continue
        date_source = "sentence" if own_date else ("context" if date else None)
        if date is None and published is not None and not background:
            date, date_source = (published, published, 2, None), "publication"
        doc = _parse(s.text)  # only sentences that report an event get parsed
        for event_type, sub_type, score, cues in typed:
            trigger = cues[0] if cues else None
            m_background, m_reason = background, reason
            if not m_background and own_date is None and trigger is not None \
                    and _NOMINAL_TRIGGER.search(trigger.trigger):
                m_background, m_reason = True, "a nominal look back with no date"
            a1, a2, assoc1, assoc2 = roles.assign(s.text, actor_mentions, trigger, sub_type,
                                                  claims, ctx.actors, doc=doc)
            own_claims = claims if (event_type, sub_type) == typed[0][:2] else []
            mentions.append(EventMention(
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
                background=m_background, background_reason=m_reason,
                attributed_to=getattr(attribution, "source", None),
                attribution_via=getattr(attribution, "via", None),
                claims=tuple(own_claims), confidence=float(score),
            ))
        if actor_mentions:
            ctx.actors = actor_mentions
        if background and place is not None and date is not None:
            ctx.look_back = (place.place.name, date)
        _advance(ctx, s, places, attribution)
    return mentions, loose


def _parse(sentence: str):
    """The dependency parse of one sentence (tagger + parser; no NER, no lemmas)."""
    from sitrep.analyse.nlp import get_nlp

    return get_nlp(("lemmatizer", "ner"))(sentence)


def _previous_at(mentions: list[EventMention], place) -> EventMention | None:
    """The latest non-background mention of this article at the same place."""
    if place is None:
        return None
    for m in reversed(mentions):
        if not m.background and m.location == display_name(place.place.name):
            return m
    return None


def _with_claims(m: EventMention, claims: list[Claim]) -> EventMention:
    merged = tuple(m.claims) + tuple(claims)
    return replace(m, claims=merged, fatalities=_fatalities(list(merged)))


def _advance(ctx: _Context, s: Sentence, places, attribution) -> None:
    if places:
        ctx.place = _choose_place(places, ctx.place)
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


_MARKS = str.maketrans("", "", "ʿʾ‘’`´'")


def display_name(name: str | None) -> str | None:
    """A place name as English-language tables write it: GeoNames' transliteration marks
    and diacritics dropped ("Al Ḩasakah" -> "Al Hasakah", "‘Ayn al ‘Arab" -> "Ayn al Arab")."""
    if not name:
        return name
    plain = unicodedata.normalize("NFKD", name.translate(_MARKS))
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).strip() or name


def _place_fields(pm) -> dict:
    if pm is None:
        return {}
    p = pm.place
    return dict(location=display_name(p.name), latitude=p.latitude, longitude=p.longitude,
                country=p.country, admin1=display_name(p.admin1), admin2=display_name(p.admin2),
                geo_precision=pm.precision)


def signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The town-level places and the actors an article names (for relating articles)."""
    from sitrep.analyse.actors import get_registry
    from sitrep.analyse.places import find_places, infer_countries

    countries = infer_countries(text)
    places = frozenset(p.place.name for p in find_places(text, countries) if p.place.feature != "country")
    actors = frozenset(m.actor.name for m in get_registry().find(text, countries[0] if countries else None))
    return places, actors
