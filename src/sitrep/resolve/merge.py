"""Mentions -> events: one event per real-world event, with all its sources and claims.

Blocking and compatibility rules (deterministic, order-independent given the same input):

* same ACLED event_type; sub-types equal, or both Battles on the same day sharing an
  actor (a clash and the territory change it produced are one event: the territory
  change names it);
* dates within one day of each other (their [date, date_end] ranges, widened by 1);
* places within MERGE_KM of each other (or one is a province-level place containing the
  other's admin1);
* actors compatible: the mentions share an actor, or one of them names none;
* two mentions of the *same sentence* are never merged (the sentence reports two events).

Background mentions join an event on their own date; an undated background mention
creates no event. Output records follow shared/docs/event-schema.md.

Cost: clustering looks only at *candidate* members, found through an index (a 3-D grid
of cells at least MERGE_KM wide over the Earth's surface, a bucket per admin1 for the
province-level rule, a bucket for mentions without coordinates; all per event_type) from
which members drop out once their date range ends more than DATE_SLACK before the
mention being placed (mentions arrive in date order). Every member the rules above could
accept is a candidate, so the result is exactly that of comparing each mention with
every cluster (tests/test_merge_blocking.py checks it against that reference); the cost
grows with the number of mentions times the local density, not times the number of
clusters. flag_start_disputes is blocked on the same grid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

MERGE_KM = 30.0
DATE_SLACK = dt.timedelta(days=1)
_TERRITORY = ("Non-state actor overtakes territory", "Government regains territory")


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class _Cluster:
    members: list = field(default_factory=list)
    # (article_id, sentence_index) of every member: a cluster never takes a second
    # mention of the same sentence
    sentences: set = field(default_factory=set)

    @property
    def first(self):
        return self.members[0]

    def add(self, m) -> None:
        self.members.append(m)
        self.sentences.add((m.article_id, m.sentence_index))


#: grid cells are cubes of this side in Earth-centred coordinates. The straight-line
#: (chord) distance between two points never exceeds their great-circle distance, so two
#: places within MERGE_KM lie in the same or adjacent cells (1 km spare for rounding).
_CELL_KM = MERGE_KM + 1.0
_EARTH_KM = 6371.0
_NEIGHBOURS = tuple((i, j, k) for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1))


def _cell(lat: float, lon: float) -> tuple[int, int, int]:
    p, l = math.radians(lat), math.radians(lon)
    x = _EARTH_KM * math.cos(p) * math.cos(l)
    y = _EARTH_KM * math.cos(p) * math.sin(l)
    z = _EARTH_KM * math.sin(p)
    return (math.floor(x / _CELL_KM), math.floor(y / _CELL_KM), math.floor(z / _CELL_KM))


@lru_cache(maxsize=65536)
def _near_cells(cell: tuple[int, int, int]) -> tuple[tuple[int, int, int], ...]:
    return tuple((cell[0] + i, cell[1] + j, cell[2] + k) for i, j, k in _NEIGHBOURS)


@lru_cache(maxsize=65536)
def _cell_keys(event_type: str, cell: tuple[int, int, int]) -> tuple[tuple, ...]:
    return tuple(("cell", event_type, c) for c in _near_cells(cell))


def _wide(m) -> bool:
    return (m.geo_precision or 1) >= 3


def _actors(m) -> set[str]:
    names = {m.actor1, m.actor2, *(m.assoc_actor_1 or []), *(m.assoc_actor_2 or [])}
    return {n for n in names if n}


def _range(m) -> tuple[dt.date, dt.date]:
    return m.event_date, (m.date_end or m.event_date)


def _compatible(a, b) -> bool:
    if a.event_type != b.event_type:
        return False
    if a.article_id == b.article_id and a.sentence_index == b.sentence_index:
        return False
    a0, a1 = _range(a)
    b0, b1 = _range(b)
    if a.sub_event_type != b.sub_event_type:
        # a clash and the territory change it brought are one battle, but only on the
        # same day: a city under a month-long siege sees a clash one day and a
        # recapture the next, and those are two events
        if {a.sub_event_type, b.sub_event_type} - {"Armed clash"} - set(_TERRITORY) or \
                "Armed clash" not in (a.sub_event_type, b.sub_event_type):
            return False  # only a clash and a territory change (never two opposite changes)
        if not (a0 == a1 == b0 == b1) or not (_actors(a) & _actors(b)):
            return False
    if a0 - DATE_SLACK > b1 or b0 - DATE_SLACK > a1:
        return False
    if a.latitude is None or b.latitude is None:
        if not (a.latitude is None and b.latitude is None):
            return False
    elif haversine_km(a.latitude, a.longitude, b.latitude, b.longitude) > MERGE_KM:
        wide = a if (a.geo_precision or 1) >= 3 else b if (b.geo_precision or 1) >= 3 else None
        if wide is None or not (a.admin1 and a.admin1 == b.admin1):
            return False
    aa, ba = _actors(a), _actors(b)
    return not aa or not ba or bool(aa & ba)


_WORD = re.compile(r"[^\W\d_]{4,}")
#: words of four letters or more that say nothing about which event a sentence reports
_COMMON = frozenset("""that this with from have were been they their said says also which while
after before since there about into than over more most some other when where would could
will reported according""".split())


@lru_cache(maxsize=65536)
def sentence_words(sentence: str) -> frozenset[str]:
    """The content words of a sentence (lower case), for text similarity."""
    return frozenset(w for w in (t.lower() for t in _WORD.findall(sentence)) if w not in _COMMON)


def text_similarity(a: str, b: str) -> float:
    """Jaccard overlap of two sentences' content words (0..1)."""
    wa, wb = sentence_words(a), sentence_words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _affinity(m, x) -> tuple:
    """How well a mention fits a compatible one: the same day, the same sub-type, the
    same article, shared actors, nearer places (best-fit, not first-fit); last, as the
    tie-breaker between clusters equal on all of those, the wording they share (a
    bag-of-words overlap: an embedding model would cost far more per pair and the
    structured fields decide nearly every choice)."""
    dist = 0.0
    if m.latitude is not None and x.latitude is not None:
        dist = haversine_km(m.latitude, m.longitude, x.latitude, x.longitude)
    return (m.event_date == x.event_date, m.sub_event_type == x.sub_event_type,
            m.article_id == x.article_id, len(_actors(m) & _actors(x)), -round(dist),
            round(text_similarity(m.sentence, x.sentence), 2))


class _CandidateIndex:
    """Cluster members by where they could match, dropping the ones whose date range is
    over. Keys: ("none", type) for members without coordinates; ("cell", type, cell);
    ("admin1", type, admin1) for all members with coordinates and an admin1, and
    ("wide", type, admin1) for the province-level ones among them."""

    def __init__(self) -> None:
        self._buckets: dict[tuple, dict[int, tuple[int, object]]] = defaultdict(dict)
        self._expiry: list[tuple[dt.date, int, tuple]] = []  # (last useful day, seq, keys)
        self._seq = 0

    @staticmethod
    def _keys(m, cell) -> tuple:
        if m.latitude is None:
            return (("none", m.event_type),)
        keys = [("cell", m.event_type, cell)]
        if m.admin1:
            keys.append(("admin1", m.event_type, m.admin1))
            if _wide(m):
                keys.append(("wide", m.event_type, m.admin1))
        return tuple(keys)

    def add(self, cluster_index: int, m, cell=None) -> None:
        """Index m (cell: its grid cell, if known) as a member of cluster_index."""
        self._seq += 1
        if cell is None and m.latitude is not None:
            cell = _cell(m.latitude, m.longitude)
        keys = self._keys(m, cell)
        for key in keys:
            self._buckets[key][self._seq] = (cluster_index, m)
        # _compatible rejects x for any later mention starting after x's end + DATE_SLACK
        heapq.heappush(self._expiry, (_range(m)[1] + DATE_SLACK, self._seq, keys))

    def advance(self, day: dt.date) -> None:
        """Forget members no mention dated `day` or later can match."""
        while self._expiry and self._expiry[0][0] < day:
            _end, seq, keys = heapq.heappop(self._expiry)
            for key in keys:
                bucket = self._buckets[key]
                del bucket[seq]
                if not bucket:
                    del self._buckets[key]

    def candidates(self, m, cell=None) -> dict[int, list]:
        """Members that might be compatible with m (a superset of those that are),
        grouped by cluster index; cell is m's grid cell (None without coordinates)."""
        if m.latitude is None:
            keys = [("none", m.event_type)]
        else:
            keys = list(_cell_keys(m.event_type, cell))
            if m.admin1:  # the province-level rule: one of the two is wide, same admin1
                keys.append(("admin1" if _wide(m) else "wide", m.event_type, m.admin1))
        found: dict[int, tuple[int, object]] = {}
        for key in keys:
            bucket = self._buckets.get(key)
            if bucket:
                found.update(bucket)
        by_cluster: dict[int, list] = defaultdict(list)
        for seq in sorted(found):  # members in the order they joined
            ci, x = found[seq]
            by_cluster[ci].append(x)
        return by_cluster


def mention_order(m) -> tuple:
    """The order mentions are placed in (and so the order of every cluster's members)."""
    return (m.event_date, m.article_id, m.sentence_index, m.mention_id)


def cluster_mentions(mentions, components: dict | None = None) -> list[list]:
    """Single-pass best-fit clustering in a fixed order (date, article, sentence): each
    mention joins the compatible cluster it fits best (ties: the earliest cluster), or
    starts its own. Only clusters with a candidate member (_CandidateIndex) are scored;
    the others have no compatible member, so the choice is the same as over all.

    components: if a dict is given, it is filled with mention_id -> the key (smallest
    mention id) of the mention's connected component of the _compatible graph over the
    dated mentions. A mention only ever joins a cluster holding a compatible member, so
    every cluster lies inside one component and the clusters of a component are those
    of clustering that component alone (resolve.incremental relies on it)."""
    dated = [m for m in mentions if m.event_date is not None]
    dated.sort(key=mention_order)
    clusters: list[_Cluster] = []
    index = _CandidateIndex()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    track = components is not None
    for m in dated:
        index.advance(m.event_date)
        cell = None if m.latitude is None else _cell(m.latitude, m.longitude)
        if track:
            parent[m.mention_id] = m.mention_id
        best, best_key = None, None
        for i, xs in index.candidates(m, cell).items():
            c = clusters[i]
            if (m.article_id, m.sentence_index) in c.sentences:
                if track:  # not a cluster m may join, but its members may still be m's neighbours
                    for x in xs:
                        if _compatible(m, x):
                            union(m.mention_id, x.mention_id)
                continue
            fits = [x for x in xs if _compatible(m, x)]
            if not fits:
                continue
            if track:
                for x in fits:
                    union(m.mention_id, x.mention_id)
            key = max(_affinity(m, x) for x in fits) + (-i,)
            if best_key is None or key > best_key:
                best, best_key = i, key
        if best is None:
            best = len(clusters)
            clusters.append(_Cluster())
        clusters[best].add(m)
        index.add(best, m, cell)
    if track:
        for m in dated:  # the root of a set is its smallest mention id (union keeps the min)
            components[m.mention_id] = find(m.mention_id)
    # an event made only of background mentions keeps them; undated mentions make none
    return [c.members for c in clusters]


def _pick_sub_type(members) -> str:
    """A territory change names the battle it ended; otherwise the most reported type."""
    subs = [m.sub_event_type for m in members]
    for t in _TERRITORY:
        if t in subs:
            return t
    return max(set(subs), key=lambda s: (subs.count(s), s))


def _best_place(members):
    return min(members, key=lambda m: (m.latitude is None, m.geo_precision or 9, m.sentence_index))


def build_event(members, articles: dict[str, dict], claims_by_mention: dict[str, list]) -> dict:
    """An event record (event-schema.md) from its member mentions."""
    members = sorted(members, key=lambda m: (m.article_id, m.sentence_index, m.mention_id))
    event_id = computed_id(members)
    finest = min((x.time_precision or 3) for x in members)
    precise = [m for m in members if (m.time_precision or 3) == finest]
    start = min(m.event_date for m in precise)
    end = max((m.date_end or m.event_date) for m in precise)
    place = _best_place(members)
    sub_type = _pick_sub_type(members)
    typed = [m for m in members if m.sub_event_type == sub_type] or members
    lead = min(typed, key=lambda m: (m.sentence_index, m.article_id))
    actor1 = lead.actor1 or next((m.actor1 for m in members if m.actor1), None)
    actor2 = lead.actor2 or next((m.actor2 for m in members if m.actor2 and m.actor2 != actor1), None)
    assoc1 = sorted({a for m in members for a in (m.assoc_actor_1 or []) if a not in (actor1, actor2)})
    assoc2 = sorted({a for m in members for a in (m.assoc_actor_2 or []) if a not in (actor1, actor2)}
                    - set(assoc1))
    claims = []
    for m in members:
        for c in claims_by_mention.get(m.mention_id, []):
            art = articles.get(m.article_id, {})
            claims.append({"kind": c.kind, "value": c.value, "qualifier": c.qualifier, "party": c.party,
                           "attributed_to": c.attributed_to, "article_id": m.article_id,
                           "outlet": art.get("outlet"), "sentence": c.sentence,
                           # a running total for the whole battle, not this event's dead
                           "cumulative": bool(getattr(c, "cumulative", False))})
    # fatalities: per article, the mention-level totals; across articles low/best/high
    per_article: dict[str, int] = {}
    for m in members:
        if m.fatalities is not None:
            per_article[m.article_id] = max(per_article.get(m.article_id, 0), m.fatalities)
    values = sorted(per_article.values())
    fatalities = values[0] if values else None
    disputed = []
    disputes = []
    if len(set(values)) > 1:
        disputed.append("fatalities")
        disputes.append({"field": "fatalities", "values": _by_value(
            (str(v), a) for a, v in per_article.items())})
    attackers = attacker_dispute(members)
    if attackers:
        disputed.append("actor1")
        disputes.append({"field": "actor1", "values": attackers})
    sources, seen = [], set()
    for m in sorted(members, key=lambda m: (m.article_id, m.sentence_index)):
        if m.article_id in seen:
            continue
        seen.add(m.article_id)
        art = articles.get(m.article_id, {})
        sources.append({"article_id": m.article_id, "outlet": art.get("outlet"), "url": art.get("url"),
                        "title": art.get("title"), "published": art.get("published"),
                        "sentence": m.sentence})
    where = place.location or "an unknown place"
    notes = f"{sub_type} in {where}" + (f": {actor1}" if actor1 else "") + \
        (f" against {actor2}" if actor2 else "") + "."
    return {
        "event_id": event_id,
        "event_date": start.isoformat(),
        "date_end": end.isoformat(),
        "time_precision": min((m.time_precision or 3) for m in members),
        "event_type": lead.event_type,
        "sub_event_type": sub_type,
        "actor1": actor1, "actor2": actor2,
        "assoc_actor_1": assoc1, "assoc_actor_2": assoc2,
        "country": place.country, "admin1": place.admin1, "admin2": place.admin2,
        "location": place.location, "latitude": place.latitude, "longitude": place.longitude,
        "geo_precision": place.geo_precision,
        "fatalities": fatalities,
        "fatalities_low": values[0] if values else None,
        "fatalities_high": values[-1] if values else None,
        "claims": claims,
        "disputed": disputed,
        "disputes": disputes,
        "sources": sources,
        "notes": notes,
        "background": all(m.background for m in members),
        "mention_ids": [m.mention_id for m in members],
    }


#: a look back further than this (from the reporting article) is context, not an event
#: worth a row of its own ("since protests broke out in March 2011")
BACKGROUND_HORIZON = dt.timedelta(days=365)


def _country_only(m) -> bool:
    return (m.geo_precision or 3) >= 3 and m.admin1 is None and m.location == m.country


def is_context_only(members, articles: dict[str, dict]) -> bool:
    """Background-only clusters that are context rather than events: older than the
    horizon, or not a change of who holds a named town (a look back at "months of
    strikes" or at a group's activity is context; the fall of a town is a reference
    point an analyst wants on the timeline)."""
    if all(m.location is None or _country_only(m) for m in members):
        return True  # "an offensive in eastern Syria": too vague to be an event row
    if not all(m.background for m in members):
        return False
    if not any(m.date_source == "sentence" for m in members):
        return True  # a look back with no date of its own never lands on the reporting day
    if not any(m.sub_event_type in _TERRITORY and (m.geo_precision or 3) <= 2 for m in members):
        return True
    for m in members:
        published = articles.get(m.article_id, {}).get("published")
        if published is None or dt.date.fromisoformat(published) - (m.date_end or m.event_date) <= BACKGROUND_HORIZON:
            return False
    return True


#: a sentence that dates the *start* of an offensive ("IS began its assault on X on May 30",
#: "the assault on X, which began on June 25"): a point in time sources can disagree on
_START = re.compile(r"\b(began|begun|launched|started|opened)\b.{0,40}\b(assault|offensive|attack|siege|campaign)"
                    r"|\b(assault|offensive|siege|campaign)\b.{0,60}\b(began|started|was launched)\b", re.I)


def flag_start_disputes(clusters: list[list], events: list[dict]) -> None:
    """Events that each date the start of the same offensive (same type, place and side)
    to different days, in different articles, are kept apart and both marked disputed on
    event_date, each naming the other dates: never silently pick one."""
    starts = [(c, e) for c, e in zip(clusters, events) if any(_START.search(m.sentence) for m in c)]
    # block on (sub_event_type, grid cell): a pair more than MERGE_KM apart never counts
    cells: dict[tuple, list[int]] = defaultdict(list)
    for i, (_c, e) in enumerate(starts):
        if e["latitude"] is not None:
            cells[(e["sub_event_type"], _cell(e["latitude"], e["longitude"]))].append(i)
    actors = [{x for m in c for x in _actors(m)} for c, _e in starts]
    arts = [{m.article_id for m in c} for c, _e in starts]
    for i, (c1, e1) in enumerate(starts):
        if e1["latitude"] is None:
            continue
        near = sorted(j for cell in _near_cells(_cell(e1["latitude"], e1["longitude"]))
                      for j in cells.get((e1["sub_event_type"], cell), ()) if j > i)
        for j in near:  # pairs in the same (i, j) order as over all pairs: same notes
            e2 = starts[j][1]
            if abs((dt.date.fromisoformat(e1["event_date"]) - dt.date.fromisoformat(e2["event_date"])).days) <= 1:
                continue
            if haversine_km(e1["latitude"], e1["longitude"], e2["latitude"], e2["longitude"]) > MERGE_KM:
                continue
            if not (actors[i] & actors[j]) or arts[i] == arts[j]:
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


def _by_value(pairs) -> list[dict]:
    """[(value, article_id)] -> [{value, article_ids}] (sorted: the most-reported first)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for value, article_id in pairs:
        groups[value].add(article_id)
    return [{"value": v, "article_ids": sorted(ids)}
            for v, ids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def attacker_dispute(members) -> list[dict]:
    """Who initiated the event, when articles disagree: [{value, article_ids}] if two
    articles name disjoint initiators (actor1), else []. Armed clashes do not count:
    ACLED's actor1 of a clash is whoever is named first, not an attacker."""
    named: dict[str, set[str]] = defaultdict(set)
    for m in members:
        if m.actor1 and m.sub_event_type != "Armed clash":
            named[m.article_id].add(m.actor1)
    sets = list(named.values())
    if not any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:]):
        return []
    return _by_value((actor, art) for art, actors in named.items() for actor in actors)


#: ACLED territory changes and the side each says took the place
_TAKEN_BY = {"Government regains territory": "government", "Non-state actor overtakes territory": "non-state"}


def flag_territory_disputes(events: list[dict], window_days: int = DATE_SLACK.days) -> None:
    """Opposite territory changes of one place within a few days, from different
    articles (one says the government retook it, another that a non-state group took
    it): both are kept, marked disputed on "territory" (who holds the place), each
    naming the other. Mutates the events."""
    changes = [e for e in events if e["sub_event_type"] in _TAKEN_BY and e["latitude"] is not None]
    by_cell: dict[tuple, list[int]] = defaultdict(list)
    for i, e in enumerate(changes):
        by_cell[_cell(e["latitude"], e["longitude"])].append(i)
    for i, e1 in enumerate(changes):
        near = sorted(j for cell in _near_cells(_cell(e1["latitude"], e1["longitude"]))
                      for j in by_cell.get(cell, ()) if j > i)
        for j in near:  # the same (i, j) order as over all pairs: the same notes
            e2 = changes[j]
            if _TAKEN_BY[e1["sub_event_type"]] == _TAKEN_BY[e2["sub_event_type"]]:
                continue
            d1, d2 = dt.date.fromisoformat(e1["event_date"]), dt.date.fromisoformat(e2["event_date"])
            if abs((d1 - d2).days) > window_days:
                continue
            if haversine_km(e1["latitude"], e1["longitude"], e2["latitude"], e2["longitude"]) > MERGE_KM:
                continue
            if {s["article_id"] for s in e1["sources"]} == {s["article_id"] for s in e2["sources"]}:
                continue  # one article telling a capture and a recapture: a sequence, not a dispute
            for e, other in ((e1, e2), (e2, e1)):
                if "territory" not in e["disputed"]:
                    e["disputed"].append("territory")
                e["disputes"].append({"field": "territory", "values": [
                    {"value": f"{x['sub_event_type']} ({x['actor1'] or 'actor unknown'})",
                     "article_ids": sorted(s["article_id"] for s in x["sources"]), "event_id": x["event_id"]}
                    for x in (e, other)]})
                e["notes"] += (f" Sources disagree on who holds {e['location']}: "
                               f"see {other['event_id']} ({other['sub_event_type']}, {other['event_date']}).")


def merge_disputes(disputes: list[dict]) -> list[dict]:
    """One entry per disputed field, its rival values listed once each (the pairwise
    flags above add one entry per rival event)."""
    out: dict[str, dict] = {}
    for d in disputes:
        entry = out.setdefault(d["field"], {"field": d["field"], "values": []})
        for v in d["values"]:
            key = (v["value"], v.get("event_id"))
            same = next((x for x in entry["values"] if (x["value"], x.get("event_id")) == key), None)
            if same is None:
                entry["values"].append(dict(v))
            else:
                same["article_ids"] = sorted(set(same["article_ids"]) | set(v["article_ids"]))
    return list(out.values())


def merge_trail(members) -> list[dict]:
    """Why each mention is in its event: the first one reported it; every later one
    joined the earlier member it fits best, for the reasons _affinity weighs."""
    trail = []
    for k, m in enumerate(members):
        if k == 0:
            trail.append({"mention_id": m.mention_id, "article_id": m.article_id, "joined_with": None,
                          "why": "first report of the event"})
            continue
        fits = [x for x in members[:k] if _compatible(m, x)] or list(members[:k])
        x = max(fits, key=lambda x: _affinity(m, x))
        days = abs((m.event_date - x.event_date).days)
        dist = (haversine_km(m.latitude, m.longitude, x.latitude, x.longitude)
                if m.latitude is not None and x.latitude is not None else None)
        shared = sorted(_actors(m) & _actors(x))
        parts = ["same day" if days == 0 else f"{days} day{'s' if days > 1 else ''} apart",
                 "same sub-event type" if m.sub_event_type == x.sub_event_type
                 else f"{m.sub_event_type} with {x.sub_event_type} (one battle)",
                 "same place" if dist is not None and dist < 1 else
                 (f"{dist:.0f} km apart" if dist is not None else "no coordinates"),
                 ("shared actors: " + ", ".join(shared)) if shared else "no conflicting actors",
                 "same article" if m.article_id == x.article_id else "another article"]
        sim = text_similarity(m.sentence, x.sentence)
        if sim >= 0.2:
            parts.append(f"similar wording ({sim:.0%} of words shared)")
        trail.append({"mention_id": m.mention_id, "article_id": m.article_id,
                      "joined_with": x.mention_id, "why": "; ".join(parts)})
    return trail


def computed_id(members) -> str:
    """The id an event gets from its members alone (before stable ids)."""
    return "ev_" + hashlib.sha256(min(m.mention_id for m in members).encode()).hexdigest()[:12]


def event_start(members) -> dt.date:
    """The event_date build_event gives these members."""
    finest = min((x.time_precision or 3) for x in members)
    return min(m.event_date for m in members if (m.time_precision or 3) == finest)


class Displaced(Exception):
    """stable_ids: an event would take the id of a reserved event that comes after it."""


def stable_ids(items, previous: dict[str, str], reserved: dict | None = None) -> dict[str, str]:
    """Stable ids: {computed id -> final id} for `items` = [(computed id, mention ids,
    event_date iso)], given `previous` (mention id -> the id it was stored under). An
    event takes the old id most of its mentions carried (ties: the smallest); one without
    an old id that is free keeps its computed id (+ "x" until free); events are served in
    the order (most old mentions, event_date, computed id); two events never share an id.

    reserved: {id: order key} of events left out of `items` that keep their id (each one's
    mentions all carried it); an item wanting one served before its holder would have
    taken it, so Displaced is raised then (the caller recomputes everything)."""
    if reserved is None:
        reserved = {}

    def old_ids(mention_ids):
        counts: dict[str, int] = defaultdict(int)
        for m in mention_ids:
            if m in previous:
                counts[previous[m]] += 1
        return counts

    keyed = []
    for cid, mention_ids, date in items:
        counts = old_ids(mention_ids)
        keyed.append(((-sum(counts.values()), date or "", cid), cid, counts))
    keyed.sort(key=lambda t: t[0])
    taken: set[str] = set()
    out: dict[str, str] = {}
    for key, cid, counts in keyed:
        free = {k: v for k, v in counts.items() if k not in taken}
        if any(k in reserved for k in free):
            raise Displaced(min(k for k in free if k in reserved))  # an inconsistent store
        new_id = min(free, key=lambda k: (-free[k], k)) if free else cid
        while new_id in taken or new_id in reserved:
            if new_id not in taken and reserved[new_id] > key:
                raise Displaced(new_id)
            new_id += "x"
        taken.add(new_id)
        out[cid] = new_id
    return out


def stable_key(event_id: str, mention_ids, date: str | None, previous: dict[str, str]) -> tuple:
    """The order key stable_ids serves an event in (its computed id: event_id)."""
    return (-sum(1 for m in mention_ids if m in previous), date or "", event_id)


def events_of(clusters, articles: dict[str, dict], claims_by_mention: dict[str, list]) -> tuple[list, list[dict]]:
    """The clusters that are events and their records (with merge trail, before the
    cross-event dispute passes)."""
    kept = [c for c in clusters if not is_context_only(c, articles)]
    events = [build_event(c, articles, claims_by_mention) for c in kept]
    for c, e in zip(kept, events):
        e["merge_trail"] = merge_trail(c)
    return kept, events


def flag_disputes(clusters: list[list], events: list[dict]) -> None:
    """The cross-event passes (clusters in the order clustering made them)."""
    flag_start_disputes(clusters, events)
    flag_territory_disputes(events)


def resolve_events(mentions, articles: dict[str, dict], claims_by_mention: dict[str, list],
                   previous: dict[str, str] | None = None, components: dict | None = None) -> list[dict]:
    """Mentions -> event records. previous: mention id -> the event id it was stored
    under (stable ids, given before the dispute passes so that their notes name the final
    ids); None: the computed ids. components: filled as cluster_mentions does."""
    clusters, events = events_of(cluster_mentions(mentions, components), articles, claims_by_mention)
    if previous is not None:
        ids = stable_ids([(e["event_id"], e["mention_ids"], e["event_date"]) for e in events], previous)
        for e in events:
            e["event_id"] = ids[e["event_id"]]
    flag_disputes(clusters, events)
    for e in events:
        e["disputes"] = merge_disputes(e["disputes"])
    events.sort(key=lambda e: (e["event_date"] or "", e["event_id"]))
    return events
