"""Score sitrep's output against hand-made gold (``shared/eval/seeds.gold.json``).

The rules are those of ``shared/eval/README.md``; this module implements them and
nothing more, so that a number printed by ``sitrep eval`` can be traced back to one
sentence of that README. Choices the README leaves open (the order of the greedy
matching, mention-level scoring, how unmatched optional events count in merge
recall, ...) are documented in ``docs/evaluation.md`` and at the spot in the code.

Everything here is pure: gold and predictions go in, frozen dataclasses come out.
Predictions are plain dicts in the event-record format of ``docs/event-schema.md``;
they are normalised once into ``_Pred`` and never mutated.

Public API
----------
- ``load_gold(path) -> Gold``
- ``check_pair(pred, gold_event, gold, articles=None) -> PairCheck``
- ``score_events(predicted, gold, articles=None) -> EventScore``
- ``score_mentions(mentions, gold, articles=None) -> MentionScore``
- ``score_publication_dates(predicted_articles, gold) -> DateScore``
- ``evaluate(predicted_events, predicted_mentions, predicted_articles, gold,
  articles=None) -> EvalResult`` (``EvalResult.to_dict()`` is JSON-serialisable)
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

#: Used when the gold file gives no global tolerance (README: "1 unless the event says
#: otherwise").
DEFAULT_DATE_TOLERANCE_DAYS = 1
#: README: "radius_km (default 50)".
DEFAULT_RADIUS_KM = 50.0
#: README: "within ±2 days" for inferred publication dates.
PUBLICATION_TOLERANCE_DAYS = 2
#: Mean Earth radius (IUGG), for the haversine distance.
EARTH_RADIUS_KM = 6371.0088
#: Date gap given to an undated gold event in the pair score: it matches any date, so a
#: date tells nothing for it and a dated gold event within its window is preferred.
UNDATED_GOLD_GAP_DAYS = 10_000


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldArticle:
    key: str  # "000".."004"
    file: str | None
    outlet: str | None
    published: date | None
    published_in_text: bool


@dataclass(frozen=True)
class GoldClaim:
    kind: str
    value: int | float | None
    qualifier: str | None = None
    party: str | None = None
    attributed_to: str | None = None
    seed: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    id: str
    core: bool
    event_date: date | None
    date_end: date | None
    event_type: str
    sub_event_type: str
    alt_sub_event_types: tuple[str, ...]
    actors_any_of: tuple[str, ...]  # gold actor ids, keys of Gold.actor_aliases
    latitude: float | None
    longitude: float | None
    radius_km: float
    date_tolerance_days: int
    fatalities: int | None
    seeds: tuple[str, ...]
    background: bool = False
    location: str | None = None
    country: str | None = None
    admin1: str | None = None
    note: str | None = None
    claims: tuple[GoldClaim, ...] = ()

    @property
    def accepted_sub_event_types(self) -> tuple[str, ...]:
        return (self.sub_event_type, *self.alt_sub_event_types)

    def date_range(self) -> tuple[date, date] | None:
        """Gold range without tolerance; None for an undated event."""
        if self.event_date is None:
            return None
        end = self.date_end or self.event_date
        return (min(self.event_date, end), max(self.event_date, end))


@dataclass(frozen=True)
class NotEvent:
    fatalities: int
    why: str = ""


@dataclass(frozen=True)
class Gold:
    version: int | None
    date_tolerance_days: int
    default_radius_km: float
    actor_aliases: Mapping[str, tuple[str, ...]]
    articles: Mapping[str, GoldArticle]
    events: tuple[GoldEvent, ...]
    not_events: tuple[NotEvent, ...]

    @property
    def core_events(self) -> tuple[GoldEvent, ...]:
        return tuple(e for e in self.events if e.core)

    @property
    def optional_events(self) -> tuple[GoldEvent, ...]:
        return tuple(e for e in self.events if not e.core)

    def aliases_for(self, actor_id: str) -> frozenset[str]:
        """Normalised names that count as gold actor ``actor_id``.

        An id with no alias entry stands for itself (otherwise the event could never
        match; the real gold defines every id it uses).
        """
        names = self.actor_aliases.get(actor_id) or (actor_id,)
        return frozenset(_norm(n) for n in names)


def _parse_date(value: Any, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise ValueError(f"{what}: not a YYYY-MM-DD date: {value!r}") from exc


def _opt_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):  # JSON true/false is not a count
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    try:
        f = float(str(value).strip())
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def _opt_float(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _claim_from(raw: Mapping[str, Any]) -> GoldClaim:
    return GoldClaim(
        kind=str(raw.get("kind", "")),
        value=raw.get("value"),
        qualifier=raw.get("qualifier"),
        party=raw.get("party"),
        attributed_to=raw.get("attributed_to"),
        seed=raw.get("seed"),
        scope=raw.get("scope"),
    )


def gold_from_dict(data: Mapping[str, Any]) -> Gold:
    """Build a ``Gold`` from the parsed JSON of a gold file (see ``load_gold``)."""
    tol = int(data.get("date_tolerance_days", DEFAULT_DATE_TOLERANCE_DAYS))
    radius = float(data.get("default_radius_km", DEFAULT_RADIUS_KM))
    aliases = {str(k): tuple(str(n) for n in v) for k, v in (data.get("actor_aliases") or {}).items()}
    articles = {
        str(k): GoldArticle(
            key=str(k),
            file=a.get("file"),
            outlet=a.get("outlet"),
            published=_parse_date(a.get("published"), f"articles.{k}.published"),
            published_in_text=bool(a.get("published_in_text", False)),
        )
        for k, a in (data.get("articles") or {}).items()
    }
    events = []
    for i, e in enumerate(data.get("events") or []):
        where = f"events[{i}]"
        try:
            eid = str(e["id"])
            where = f"event {eid}"
            event_type, sub = str(e["event_type"]), str(e["sub_event_type"])
        except KeyError as exc:
            raise ValueError(f"{where}: missing field {exc}") from exc
        events.append(
            GoldEvent(
                id=eid,
                core=bool(e.get("core", True)),
                event_date=_parse_date(e.get("event_date"), f"{where}.event_date"),
                date_end=_parse_date(e.get("date_end"), f"{where}.date_end"),
                event_type=event_type,
                sub_event_type=sub,
                alt_sub_event_types=tuple(e.get("alt_sub_event_types") or ()),
                actors_any_of=tuple(e.get("actors_any_of") or ()),
                latitude=_opt_float(e.get("latitude")),
                longitude=_opt_float(e.get("longitude")),
                radius_km=float(e["radius_km"]) if e.get("radius_km") is not None else radius,
                date_tolerance_days=int(e.get("date_tolerance_days", tol)),
                fatalities=_opt_int(e.get("fatalities")),
                seeds=tuple(str(s) for s in e.get("seeds") or ()),
                background=bool(e.get("background", False)),
                location=e.get("location"),
                country=e.get("country"),
                admin1=e.get("admin1"),
                note=e.get("note"),
                claims=tuple(_claim_from(c) for c in e.get("claims") or ()),
            )
        )
    ids = [e.id for e in events]
    if len(ids) != len(set(ids)):
        raise ValueError("gold: duplicate event ids")
    not_events = tuple(
        NotEvent(fatalities=int(n["fatalities"]), why=str(n.get("why", "")))
        for n in data.get("not_events") or ()
    )
    return Gold(
        version=data.get("version"),
        date_tolerance_days=tol,
        default_radius_km=radius,
        actor_aliases=aliases,
        articles=articles,
        events=tuple(events),
        not_events=not_events,
    )


def load_gold(path: str | Path) -> Gold:
    """Read a gold file (format: ``shared/eval/seeds.gold.json``)."""
    with open(path, encoding="utf-8") as fh:
        return gold_from_dict(json.load(fh))


# --------------------------------------------------------------------- predictions


_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Case-insensitive, whitespace-tolerant form used for every label comparison."""
    return _WS.sub(" ", str(text)).strip().casefold()


@dataclass(frozen=True)
class _Pred:
    """A predicted event or mention, normalised for matching."""

    index: int
    label: str  # event_id, or "#<index>" when absent
    event_type: str | None
    sub_event_type: str | None
    start: date | None
    end: date | None
    latitude: float | None
    longitude: float | None
    actors: tuple[str, ...]  # as written, for messages
    actors_norm: frozenset[str]
    fatalities: int | None
    seeds: frozenset[str]
    article_ids: tuple[str, ...]
    location: str | None


def _as_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):  # CSV export joins lists with "; "
        return [v.strip() for v in value.split(";") if v.strip()]
    return [str(v) for v in value if v is not None and str(v).strip()]


def seed_key_for(article_id: str, gold: Gold, articles: Mapping[str, str] | None = None) -> str | None:
    """The gold seed key ("000".."004") of a predicted article id, or None.

    ``articles`` (article_id -> seed key) wins; otherwise the id itself if it is a seed
    key, or the seed's file name / file stem / the part of the stem after "NNN_".
    """
    if articles and article_id in articles:
        return articles[article_id]
    if article_id in gold.articles:
        return article_id
    for key, art in gold.articles.items():
        if not art.file:
            continue
        stem = Path(art.file).stem
        if article_id in (art.file, stem, stem.split("_", 1)[-1]):
            return key
    return None


def _pred_from(raw: Mapping[str, Any], index: int, gold: Gold, articles: Mapping[str, str] | None) -> _Pred:
    start = _parse_date_lenient(raw.get("event_date"))
    end = _parse_date_lenient(raw.get("date_end"))
    if start is None:
        start = end  # only an end date given: use it as the day
    if end is None:
        end = start
    if start and end and end < start:
        start, end = end, start
    actors = [a for a in (raw.get("actor1"), raw.get("actor2")) if a]
    actors += _as_list(raw.get("assoc_actor_1")) + _as_list(raw.get("assoc_actor_2"))
    article_ids = [str(s.get("article_id")) for s in raw.get("sources") or () if isinstance(s, Mapping) and s.get("article_id")]
    if raw.get("article_id"):  # mentions carry their own article
        article_ids.insert(0, str(raw["article_id"]))
    seeds = {seed_key_for(a, gold, articles) for a in article_ids}
    seeds.discard(None)
    label = raw.get("event_id") or raw.get("mention_id") or f"#{index}"
    return _Pred(
        index=index,
        label=str(label),
        event_type=raw.get("event_type"),
        sub_event_type=raw.get("sub_event_type"),
        start=start,
        end=end,
        latitude=_opt_float(raw.get("latitude")),
        longitude=_opt_float(raw.get("longitude")),
        actors=tuple(str(a) for a in actors),
        actors_norm=frozenset(_norm(a) for a in actors),
        fatalities=_opt_int(raw.get("fatalities")),
        seeds=frozenset(seeds),  # type: ignore[arg-type]
        article_ids=tuple(dict.fromkeys(article_ids)),
        location=raw.get("location"),
    )


def _parse_date_lenient(value: Any) -> date | None:
    """Predicted dates: an unparsable value counts as no date (it cannot match)."""
    try:
        return _parse_date(value, "date")
    except ValueError:
        return None


# ------------------------------------------------------------------------ matching


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class PairCheck:
    """The four README conditions for one (prediction, gold event) pair."""

    gold_id: str
    type_ok: bool
    subtype_exact: bool
    date_ok: bool
    date_gap_days: int | None  # days outside the gold range before tolerance; None = no date to compare
    place_ok: bool
    distance_km: float | None
    actors_ok: bool
    actors_matched: int  # how many gold actor ids are covered by a predicted actor
    shared_seeds: int
    reasons: tuple[str, ...]  # one short sentence per failed condition

    @property
    def eligible(self) -> bool:
        return self.type_ok and self.date_ok and self.place_ok and self.actors_ok

    @property
    def failed(self) -> int:
        return sum(not ok for ok in (self.type_ok, self.date_ok, self.place_ok, self.actors_ok))

    def sort_key(self, core: bool) -> tuple:
        """Pair score for the greedy order; smaller sorts first (= better pair).

        1. smaller date gap (0 when the predicted range overlaps the gold range itself,
           not only its tolerance window; an undated gold event comes last);
        2. more shared seeds (the prediction cites articles that report the event);
        3. more gold actors covered;
        4. exact sub-event type before an alternative one;
        5. smaller distance;
        6. a core gold event before an optional one (only as a tie-break).
        """
        gap = UNDATED_GOLD_GAP_DAYS if self.date_gap_days is None else self.date_gap_days
        dist = self.distance_km if self.distance_km is not None else 0.0
        return (gap, -self.shared_seeds, -self.actors_matched, not self.subtype_exact, round(dist, 3), not core)


def _fmt_range(a: date | None, b: date | None) -> str:
    if a is None:
        return "no date"
    return a.isoformat() if b is None or a == b else f"{a.isoformat()}..{b.isoformat()}"


def _check(pred: _Pred, ev: GoldEvent, gold: Gold) -> PairCheck:
    reasons: list[str] = []

    # 1. type
    type_equal = pred.event_type is not None and _norm(pred.event_type) == _norm(ev.event_type)
    accepted = [_norm(s) for s in ev.accepted_sub_event_types]
    sub = _norm(pred.sub_event_type) if pred.sub_event_type else None
    subtype_exact = sub is not None and sub == accepted[0]
    sub_ok = sub is not None and sub in accepted
    if not type_equal:
        reasons.append(f"event_type {pred.event_type!r} != {ev.event_type!r}")
    elif not sub_ok:
        reasons.append(f"sub_event_type {pred.sub_event_type!r} not in {list(ev.accepted_sub_event_types)}")
    type_ok = type_equal and sub_ok

    # 2. date
    rng = ev.date_range()
    gap: int | None = None
    if rng is None:
        date_ok = True  # gold null matches any date, also a predicted null
    elif pred.start is None:
        date_ok = False
        reasons.append(f"no predicted date; gold {_fmt_range(*rng)}")
    else:
        assert pred.end is not None
        g0, g1 = rng
        gap = max(0, (g0 - pred.end).days, (pred.start - g1).days)
        date_ok = gap <= ev.date_tolerance_days
        if not date_ok:
            reasons.append(
                f"date {_fmt_range(pred.start, pred.end)} is {gap} d from gold {_fmt_range(g0, g1)} "
                f"(tolerance {ev.date_tolerance_days} d)"
            )

    # 3. place
    dist: float | None = None
    if ev.latitude is None or ev.longitude is None:
        place_ok = True  # gold gives no place: no place condition
    elif pred.latitude is None or pred.longitude is None:
        place_ok = False
        reasons.append(f"no predicted coordinates; gold {ev.location or ''} within {ev.radius_km:g} km")
    else:
        dist = haversine_km(pred.latitude, pred.longitude, ev.latitude, ev.longitude)
        place_ok = dist <= ev.radius_km
        if not place_ok:
            reasons.append(f"{dist:.0f} km from gold {ev.location or ''} (radius {ev.radius_km:g} km)".replace("  ", " "))

    # 4. actors
    matched = sum(1 for a in ev.actors_any_of if pred.actors_norm & gold.aliases_for(a))
    actors_ok = not ev.actors_any_of or matched > 0
    if not actors_ok:
        shown = ", ".join(pred.actors) or "none"
        reasons.append(f"no actor of {list(ev.actors_any_of)} (predicted: {shown})")

    return PairCheck(
        gold_id=ev.id,
        type_ok=type_ok,
        subtype_exact=type_equal and subtype_exact,
        date_ok=date_ok,
        date_gap_days=gap,
        place_ok=place_ok,
        distance_km=None if dist is None else round(dist, 3),
        actors_ok=actors_ok,
        actors_matched=matched,
        shared_seeds=len(pred.seeds & set(ev.seeds)),
        reasons=tuple(reasons),
    )


def check_pair(
    pred: Mapping[str, Any], gold_event: GoldEvent, gold: Gold, articles: Mapping[str, str] | None = None
) -> PairCheck:
    """Check one predicted record against one gold event (public, for debugging)."""
    return _check(_pred_from(pred, 0, gold, articles), gold_event, gold)


def _all_checks(preds: Sequence[_Pred], gold: Gold) -> list[list[PairCheck]]:
    return [[_check(p, ev, gold) for ev in gold.events] for p in preds]


# ------------------------------------------------------------------------- results


@dataclass(frozen=True)
class MatchedPair:
    gold_id: str
    pred_id: str
    pred_index: int
    core: bool
    subtype_exact: bool
    date_gap_days: int | None
    distance_km: float | None
    gold_seeds: tuple[str, ...]
    pred_seeds: tuple[str, ...]
    gold_fatalities: int | None
    pred_fatalities: int | None


@dataclass(frozen=True)
class MissedGold:
    """A core gold event no prediction matched, with the nearest prediction and why."""

    gold_id: str
    summary: str
    nearest_pred: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FalsePositive:
    """A prediction matched to no gold event, with the nearest gold event and why."""

    pred_id: str
    pred_index: int
    summary: str
    nearest_gold: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FatalityScore:
    n_with_figure: int  # matched gold events with a gold figure
    n_exact: int
    rate: float | None  # None when no matched gold event has a figure
    mismatches: tuple[dict, ...] = ()  # {gold_id, gold, predicted}


@dataclass(frozen=True)
class MergeScore:
    """Core gold events with several seeds whose match cites all of them."""

    n_multi_seed: int
    n_merged: int
    rate: float | None
    misses: tuple[dict, ...] = ()  # {gold_id, seeds, pred_id, pred_seeds}
    #: Optional multi-seed gold events that were matched: (n, n merged); informative only.
    optional_matched: int = 0
    optional_merged: int = 0


@dataclass(frozen=True)
class NotEventViolation:
    pred_id: str
    pred_index: int
    fatalities: int
    why: str


@dataclass(frozen=True)
class EventScore:
    precision: float
    recall: float
    f1: float
    n_predicted: int
    n_core: int
    n_optional: int
    matched_core: int
    matched_optional: int
    fatalities: FatalityScore
    merge: MergeScore
    not_event_violations: int
    violations: tuple[NotEventViolation, ...]
    matches: tuple[MatchedPair, ...]
    missed_core: tuple[MissedGold, ...]
    false_positives: tuple[FalsePositive, ...]


@dataclass(frozen=True)
class MentionScore:
    """Per-article mentions, each a single-source event; many-to-one (see docs)."""

    precision: float
    recall: float
    f1: float
    n_mentions: int
    n_core: int
    matched_mentions_core: int  # mentions matched to a core event
    matched_mentions_optional: int
    matched_core: int  # distinct core events matched by at least one mention
    off_seed: int  # matched mentions whose article is not among the gold event's seeds
    per_gold: Mapping[str, int]  # gold id -> number of mentions matched to it
    missed_core: tuple[MissedGold, ...]
    false_positives: tuple[FalsePositive, ...]


@dataclass(frozen=True)
class DateItem:
    seed: str
    gold: str | None
    predicted: str | None
    published_source: str | None
    in_text: bool
    verdict: str  # right / wrong / unknown / missing


@dataclass(frozen=True)
class DateScore:
    n_undated: int
    undated_right: int  # within ±2 days
    undated_unknown: int  # honest null
    undated_wrong: int  # a date more than 2 days off (or unparsable)
    undated_missing: int  # seed not among the predicted articles
    undated_accuracy: float | None  # right / n_undated
    undated_acceptable: float | None  # (right + unknown) / n_undated
    n_dated: int
    dated_exact: int
    dated_accuracy: float | None
    items: tuple[DateItem, ...]


@dataclass(frozen=True)
class EvalResult:
    events: EventScore | None
    mentions: MentionScore | None
    dates: DateScore | None

    def to_dict(self) -> dict:
        """JSON-serialisable view (dataclasses -> dicts, tuples -> lists)."""
        return _jsonable(dataclasses.asdict(self))


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, float):
        return round(obj, 4)
    return obj


def _div(a: int, b: int) -> float:
    """Ratio with 0/0 = 0.0 (no predictions -> precision 0; no core events -> recall 0)."""
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# ------------------------------------------------------------------ explanations


def _pred_summary(p: _Pred) -> str:
    where = p.location or (f"{p.latitude:.2f},{p.longitude:.2f}" if p.latitude is not None and p.longitude is not None else "?")
    return f"{p.event_type or '?'} / {p.sub_event_type or '?'}, {_fmt_range(p.start, p.end)}, {where}"


def _gold_summary(ev: GoldEvent) -> str:
    return f"{ev.event_type} / {ev.sub_event_type}, {_fmt_range(*(ev.date_range() or (None, None)))}, {ev.location or '?'}"


def _closeness(c: PairCheck, core: bool) -> tuple:
    """Order used to pick the 'nearest' counterpart of an unmatched item."""
    return (c.failed, *c.sort_key(core))


def _explain_fp(
    p: _Pred,
    checks: Sequence[PairCheck],
    gold: Gold,
    taken_by: Mapping[str, str],
) -> FalsePositive:
    evs = gold.events
    eligible = [(c, e) for c, e in zip(checks, evs) if c.eligible]
    if eligible:
        c, e = min(eligible, key=lambda ce: ce[0].sort_key(ce[1].core))
        other = taken_by.get(e.id)
        reason = (
            f"eligible for gold {e.id}, but it went to pred {other} (a better pair): duplicate?"
            if other
            else f"eligible for gold {e.id}"
        )
        return FalsePositive(p.label, p.index, _pred_summary(p), e.id, (reason,))
    if not evs:
        return FalsePositive(p.label, p.index, _pred_summary(p), None, ("no gold events",))
    c, e = min(zip(checks, evs), key=lambda ce: _closeness(ce[0], ce[1].core))
    return FalsePositive(p.label, p.index, _pred_summary(p), e.id, c.reasons)


def _explain_miss(
    ev: GoldEvent,
    gi: int,
    preds: Sequence[_Pred],
    checks: Sequence[Sequence[PairCheck]],
    matched_to: Mapping[int, str],
) -> MissedGold:
    if not preds:
        return MissedGold(ev.id, _gold_summary(ev), None, ("no predictions",))
    eligible = [p for p in preds if checks[p.index][gi].eligible]
    if eligible:
        p = min(eligible, key=lambda q: checks[q.index][gi].sort_key(ev.core))
        other = matched_to.get(p.index)
        reason = f"pred {p.label} was eligible but went to gold {other} (a better pair)" if other else f"pred {p.label} was eligible"
        return MissedGold(ev.id, _gold_summary(ev), p.label, (reason,))
    p = min(preds, key=lambda q: _closeness(checks[q.index][gi], ev.core))
    return MissedGold(ev.id, _gold_summary(ev), p.label, checks[p.index][gi].reasons)


# ----------------------------------------------------------------------- scoring


def _greedy_one_to_one(preds: Sequence[_Pred], gold: Gold, checks: Sequence[Sequence[PairCheck]]) -> dict[int, int]:
    """pred index -> gold index; best pair first, each side used at most once."""
    pairs = [
        (checks[p.index][gi].sort_key(ev.core), gi, p.index)
        for p in preds
        for gi, ev in enumerate(gold.events)
        if checks[p.index][gi].eligible
    ]
    pairs.sort()  # ties broken by gold order, then prediction order: deterministic
    used_gold: set[int] = set()
    out: dict[int, int] = {}
    for _, gi, pi in pairs:
        if pi in out or gi in used_gold:
            continue
        out[pi] = gi
        used_gold.add(gi)
    return out


def score_events(
    predicted: Sequence[Mapping[str, Any]], gold: Gold, articles: Mapping[str, str] | None = None
) -> EventScore:
    """Score predicted event records (event-schema.md) against gold, README rules.

    ``articles`` maps a predicted article_id to a gold seed key; it is needed for
    merge recall unless the predictions already use seed keys / seed file names.
    """
    preds = [_pred_from(r, i, gold, articles) for i, r in enumerate(predicted)]
    checks = _all_checks(preds, gold)
    assign = _greedy_one_to_one(preds, gold, checks)
    evs = gold.events

    matches = []
    for pi, gi in sorted(assign.items(), key=lambda kv: kv[1]):
        p, ev, c = preds[pi], evs[gi], checks[pi][gi]
        matches.append(
            MatchedPair(
                gold_id=ev.id,
                pred_id=p.label,
                pred_index=pi,
                core=ev.core,
                subtype_exact=c.subtype_exact,
                date_gap_days=c.date_gap_days,
                distance_km=c.distance_km,
                gold_seeds=ev.seeds,
                pred_seeds=tuple(sorted(p.seeds)),
                gold_fatalities=ev.fatalities,
                pred_fatalities=p.fatalities,
            )
        )
    matched_core = sum(1 for m in matches if m.core)
    matched_optional = len(matches) - matched_core
    n_core = len(gold.core_events)
    # README: matched predictions / predictions not matched to an optional event. The
    # numerator counts predictions matched to core events (those matched to optional
    # events are out of both), so precision never exceeds 1.
    precision = _div(matched_core, len(preds) - matched_optional)
    recall = _div(matched_core, n_core)

    # fatalities exact-match on matched gold events that have a figure
    with_fig = [m for m in matches if m.gold_fatalities is not None]
    mism = tuple(
        {"gold_id": m.gold_id, "gold": m.gold_fatalities, "predicted": m.pred_fatalities}
        for m in with_fig
        if m.pred_fatalities != m.gold_fatalities
    )
    n_exact = len(with_fig) - len(mism)
    fat = FatalityScore(len(with_fig), n_exact, n_exact / len(with_fig) if with_fig else None, mism)

    # merge recall over CORE multi-seed events (optional ones are neither required nor
    # penalised, so an unmatched optional one cannot count as a miss)
    by_gold = {m.gold_id: m for m in matches}
    multi = [e for e in gold.core_events if len(set(e.seeds)) > 1]
    merge_misses = []
    for e in multi:
        m = by_gold.get(e.id)
        if m is None or not set(e.seeds) <= set(m.pred_seeds):
            merge_misses.append(
                {"gold_id": e.id, "seeds": list(e.seeds), "pred_id": m.pred_id if m else None,
                 "pred_seeds": list(m.pred_seeds) if m else []}
            )
    opt_multi = [by_gold[e.id] for e in gold.optional_events if len(set(e.seeds)) > 1 and e.id in by_gold]
    merge = MergeScore(
        n_multi_seed=len(multi),
        n_merged=len(multi) - len(merge_misses),
        rate=(len(multi) - len(merge_misses)) / len(multi) if multi else None,
        misses=tuple(merge_misses),
        optional_matched=len(opt_multi),
        optional_merged=sum(1 for m in opt_multi if set(m.gold_seeds) <= set(m.pred_seeds)),
    )

    # not_events: a prediction whose fatalities equals a cumulative toll
    tolls = {n.fatalities: n.why for n in gold.not_events}
    violations = tuple(
        NotEventViolation(p.label, p.index, p.fatalities, tolls[p.fatalities])
        for p in preds
        if p.fatalities is not None and p.fatalities in tolls
    )

    taken_by = {evs[gi].id: preds[pi].label for pi, gi in assign.items()}
    matched_to = {pi: evs[gi].id for pi, gi in assign.items()}
    fps = tuple(_explain_fp(p, checks[p.index], gold, taken_by) for p in preds if p.index not in assign)
    matched_gold = set(assign.values())
    missed = tuple(
        _explain_miss(ev, gi, preds, checks, matched_to)
        for gi, ev in enumerate(evs)
        if ev.core and gi not in matched_gold
    )

    return EventScore(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        n_predicted=len(preds),
        n_core=n_core,
        n_optional=len(gold.optional_events),
        matched_core=matched_core,
        matched_optional=matched_optional,
        fatalities=fat,
        merge=merge,
        not_event_violations=len(violations),
        violations=violations,
        matches=tuple(matches),
        missed_core=missed,
        false_positives=fps,
    )


def score_mentions(
    mentions: Sequence[Mapping[str, Any]], gold: Gold, articles: Mapping[str, str] | None = None
) -> MentionScore:
    """Score per-article mentions (README: "until cross-article merging exists").

    Each mention is a single-source event (its ``article_id``, plus any ``sources``)
    and is checked with the same four conditions. Unlike events, matching is
    many-to-one: each mention independently takes its best eligible gold event by the
    same pair score, so two articles reporting one event both count as right.
    precision = mentions matched to a core event / mentions not matched to an optional
    event; recall = core events matched by at least one mention / core events.
    """
    preds = [_pred_from(r, i, gold, articles) for i, r in enumerate(mentions)]
    checks = _all_checks(preds, gold)
    evs = gold.events
    assign: dict[int, int] = {}
    for p in preds:
        eligible = [gi for gi, c in enumerate(checks[p.index]) if c.eligible]
        if eligible:
            assign[p.index] = min(eligible, key=lambda gi: (checks[p.index][gi].sort_key(evs[gi].core), gi))
    m_core = sum(1 for gi in assign.values() if evs[gi].core)
    m_opt = len(assign) - m_core
    core_hit = {gi for gi in assign.values() if evs[gi].core}
    per_gold: dict[str, int] = {}
    for gi in assign.values():
        per_gold[evs[gi].id] = per_gold.get(evs[gi].id, 0) + 1
    off_seed = sum(1 for pi, gi in assign.items() if preds[pi].seeds and not preds[pi].seeds & set(evs[gi].seeds))
    precision = _div(m_core, len(preds) - m_opt)
    recall = _div(len(core_hit), len(gold.core_events))
    matched_to = {pi: evs[gi].id for pi, gi in assign.items()}
    # a gold event is never "taken" at mention level, so an unmatched mention simply
    # has no eligible gold event
    fps = tuple(_explain_fp(p, checks[p.index], gold, {}) for p in preds if p.index not in assign)
    missed = tuple(
        _explain_miss(ev, gi, preds, checks, matched_to)
        for gi, ev in enumerate(evs)
        if ev.core and gi not in core_hit
    )
    return MentionScore(
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        n_mentions=len(preds),
        n_core=len(gold.core_events),
        matched_mentions_core=m_core,
        matched_mentions_optional=m_opt,
        matched_core=len(core_hit),
        off_seed=off_seed,
        per_gold=dict(sorted(per_gold.items())),
        missed_core=missed,
        false_positives=fps,
    )


def score_publication_dates(predicted_articles: Mapping[str, Mapping[str, Any]], gold: Gold) -> DateScore:
    """Publication dates per seed: ±2 days (or honest null) for undated seeds, exact for dated.

    ``predicted_articles`` maps a seed key to ``{"published": "YYYY-MM-DD" | None,
    "published_source": ...}``. A seed absent from the mapping is "missing".
    """
    items = []
    for key, art in sorted(gold.articles.items()):
        rec = predicted_articles.get(key)
        src = rec.get("published_source") if rec else None
        raw = rec.get("published") if rec else None
        gold_s = art.published.isoformat() if art.published else None
        if rec is None:
            verdict = "missing"
        elif raw in (None, "", "unknown"):
            verdict = "unknown"
        else:
            pred = _parse_date_lenient(raw)
            if pred is None or art.published is None:
                verdict = "wrong"
            else:
                tol = 0 if art.published_in_text else PUBLICATION_TOLERANCE_DAYS
                verdict = "right" if abs((pred - art.published).days) <= tol else "wrong"
        items.append(DateItem(key, gold_s, None if raw is None else str(raw), src, art.published_in_text, verdict))
    undated = [i for i in items if not i.in_text]
    dated = [i for i in items if i.in_text]
    n_u = len(undated)
    count = lambda seq, v: sum(1 for i in seq if i.verdict == v)  # noqa: E731
    right, unknown = count(undated, "right"), count(undated, "unknown")
    return DateScore(
        n_undated=n_u,
        undated_right=right,
        undated_unknown=unknown,
        undated_wrong=count(undated, "wrong"),
        undated_missing=count(undated, "missing"),
        undated_accuracy=right / n_u if n_u else None,
        undated_acceptable=(right + unknown) / n_u if n_u else None,
        n_dated=len(dated),
        dated_exact=count(dated, "right"),
        dated_accuracy=count(dated, "right") / len(dated) if dated else None,
        items=tuple(items),
    )


def evaluate(
    predicted_events: Sequence[Mapping[str, Any]] | None,
    predicted_mentions: Sequence[Mapping[str, Any]] | None,
    predicted_articles: Mapping[str, Mapping[str, Any]] | None,
    gold: Gold,
    articles: Mapping[str, str] | None = None,
) -> EvalResult:
    """Everything ``sitrep eval`` reports. Pass None for a part that is not available."""
    return EvalResult(
        events=None if predicted_events is None else score_events(predicted_events, gold, articles),
        mentions=None if predicted_mentions is None else score_mentions(predicted_mentions, gold, articles),
        dates=None if predicted_articles is None else score_publication_dates(predicted_articles, gold),
    )


def gold_as_predictions(gold: Gold, events: Iterable[GoldEvent] | None = None) -> list[dict]:
    """Gold events written as predicted records (first alias per actor; seeds as sources).

    Used by the sanity check that gold scores P = R = 1 against itself, and handy for
    building test fixtures.
    """
    out = []
    for ev in gold.events if events is None else events:
        names = [gold.actor_aliases.get(a, (a,))[0] for a in ev.actors_any_of]
        out.append(
            {
                "event_id": ev.id,
                "event_date": ev.event_date.isoformat() if ev.event_date else None,
                "date_end": ev.date_end.isoformat() if ev.date_end else None,
                "event_type": ev.event_type,
                "sub_event_type": ev.sub_event_type,
                "actor1": names[0] if names else None,
                "actor2": names[1] if len(names) > 1 else None,
                "assoc_actor_1": names[2:],
                "assoc_actor_2": [],
                "location": ev.location,
                "latitude": ev.latitude,
                "longitude": ev.longitude,
                "fatalities": ev.fatalities,
                "sources": [{"article_id": s} for s in ev.seeds],
            }
        )
    return out
