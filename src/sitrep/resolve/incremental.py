"""Incremental resolve: after new or re-analysed articles, redo only the part of the
events that can have changed, with exactly the result of resolving everything again.

Why it is exact (merge.py's rules, read literally):

* Clustering decomposes over the connected components of the _compatible graph on the
  dated mentions. A mention joins only a cluster that holds a compatible member (or
  starts one), so every cluster lies inside one component; the choice between clusters
  (best affinity, ties to the earliest cluster, no second mention of a sentence) looks
  only at clusters holding a neighbour of the mention, i.e. clusters of its component,
  and their relative order is the same whether the other components are there or not
  (clusters are numbered in the order of their first member). So clustering a union of
  whole components gives exactly the clusters the full run gives them.
* Which components must be redone: the store keeps, per mention, a digest of all that
  resolve reads of it (row, claims, its article's outlet/url/title/date, resolve's code)
  and its component at the last resolve. A mention is *changed* if its digest differs
  (new, re-analysed, its article re-dated...). Work set W = changed mentions + every
  mention of an old component that held a changed or removed mention + every old
  component holding an unchanged neighbour of a changed mention. W is a union of new
  components: an unchanged mention's unchanged neighbours were its neighbours before
  (same component); a component outside W has only unchanged mentions, no changed
  neighbour and lost no member, so it is the same set as before and clusters as before.
* Context-only (is_context_only) depends on a cluster's mentions and their articles'
  dates only, all in the digest: clusters outside W keep their verdict.
* Stable ids (merge.stable_ids): an event outside W carried the id all its mentions
  carried, and no mention of W carried it; it keeps it unless an event of W, served
  earlier, would fall back to that very string (computed id + "x"...): then
  Displaced, and we recompute everything.
* Cross-event passes (rival start dates, rival holders of a place): a pair needs the
  two events within MERGE_KM (same or adjacent grid cell), both "start" events or both
  territory changes within a day. An unchanged event's notes change only if a partner
  of it (before or now) is a redone or vanished event, so ring 1 = unchanged events of
  the right kind near a redone/vanished event; they get rebuilt, and their own partners
  (ring 2, near them) are put in the pass too, all in the global cluster order (the
  order of first members), so each rebuilt event gets every partner, in order.

Everything else (an inconsistent store, no stored state, merge.py changed) is a full
recompute (run.events_from_store(db, full=True) forces one).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.resolve import merge
from sitrep.resolve.merge import (_START, _TAKEN_BY, DATE_SLACK, MERGE_KM, Displaced, _actors,
                                  _CandidateIndex, _cell, haversine_km,
                                  _compatible, _near_cells, build_event, cluster_mentions, computed_id,
                                  event_start, events_of, flag_disputes, merge_disputes, merge_trail,
                                  mention_order, stable_ids, stable_key)


def _salt() -> bytes:
    """Resolve's code: a change to the rules makes every stored digest stale (one full
    recompute), never a mix of old and new clusters."""
    h = hashlib.blake2b(digest_size=16)
    for f in (merge.__file__, __file__):
        h.update(Path(f).read_bytes())
    return h.digest()


SALT = _salt()


def mention_digest(row, claims, article: dict | None) -> str:
    """Digest of what resolve reads of a mention: all its columns, its claims (in order)
    and its article's fields that events show or depend on."""
    art = article or {}
    data = (tuple(row), [tuple(c) for c in claims],
            (art.get("outlet"), art.get("url"), art.get("title"), art.get("published")))
    return hashlib.blake2b(SALT + repr(data).encode(), digest_size=16).hexdigest()


class Mention:
    """A stored mention as resolve reads it (attributes of the mentions table)."""

    def __init__(self, row) -> None:
        self.__dict__.update(row._mapping)
        for k in ("assoc_actor_1", "assoc_actor_2"):
            v = self.__dict__[k]
            if isinstance(v, str):
                self.__dict__[k] = json.loads(v)


@dataclass
class Snapshot:
    """What is stored, read at once."""

    mentions: list                       # every mention row (assoc_actor_* as JSON text, undecoded)
    claims: dict[str, list]              # mention id -> its claim rows, in order
    articles: dict[str, dict]            # article records (run.article_records)
    state: dict[str, tuple]              # resolve_mentions: mention id -> (digest, component)
    trail: dict[str, tuple]              # event_mentions: mention id -> (event id, joined_with, why)
    events: dict[str, tuple]             # events: id -> (event_date, latitude, longitude, sub_event_type)
    generation: str | None
    digests: dict[str, str] = field(default_factory=dict)

    def mention(self, mention_id: str) -> Mention:
        """A mention, decoded (once)."""
        m = self._decoded.get(mention_id)
        if m is None:
            m = self._decoded[mention_id] = Mention(self._rows[mention_id])
        return m

    def __post_init__(self) -> None:
        self._rows = {m.mention_id: m for m in self.mentions}
        self._decoded: dict[str, Mention] = {}
        if not self.digests:
            self.digests = {m.mention_id: mention_digest(m, self.claims.get(m.mention_id, ()),
                                                         self.articles.get(m.article_id))
                            for m in self.mentions}


@dataclass
class Plan:
    """The writes that bring the stored events to the new result."""

    upsert: list[dict]                   # event records, new or changed
    delete: set[str]                     # event ids that vanished
    trail: dict[str, tuple | None]       # event_mentions rows to set (None: delete)
    state: dict[str, tuple | None]       # resolve_mentions rows to set (None: delete)
    mode: str                            # "full", "incremental", "unchanged"
    stats: dict = field(default_factory=dict)


def _diff(new: dict, old: dict, keys) -> dict:
    return {k: new.get(k) for k in keys if new.get(k) != old.get(k)}


def full_plan(snap: Snapshot, stored_records: dict[str, dict], why: str = "asked") -> Plan:
    """Resolve everything; write what differs from what is stored."""
    previous = {m: row[0] for m, row in snap.trail.items()}
    components: dict[str, str] = {}
    events = merge.resolve_events([snap.mention(m.mention_id) for m in snap.mentions], snap.articles, snap.claims, previous=previous,
                                  components=components)
    new_ids = {e["event_id"] for e in events}
    trail = {t["mention_id"]: (e["event_id"], t["joined_with"], t["why"]) for e in events for t in e["merge_trail"]}
    state = {m: (d, components.get(m)) for m, d in snap.digests.items()}
    return Plan(upsert=[e for e in events if stored_records.get(e["event_id"]) != e],
                delete=(set(stored_records) | set(snap.events)) - new_ids,
                trail=_diff(trail, snap.trail, set(trail) | set(snap.trail)),
                state=_diff(state, snap.state, set(state) | set(snap.state)),
                mode="full", stats={"why_full": why, "events": len(events), "mentions": len(snap.mentions)})


def _partners(f1: tuple, f2: tuple) -> bool:
    """Whether two events pair in merge.flag_start_disputes or flag_territory_disputes
    (the same tests, on (event_date, latitude, longitude, sub_event_type, is a start,
    actors of the members, articles of the members))."""
    d1, lat1, lon1, sub1, s1, a1, r1 = f1
    d2, lat2, lon2, sub2, s2, a2, r2 = f2
    if lat1 is None or lat2 is None or r1 == r2:
        return False
    if haversine_km(lat1, lon1, lat2, lon2) > MERGE_KM:
        return False
    days = abs((d1 - d2).days)
    if s1 and s2 and sub1 == sub2 and days > 1 and a1 & a2:
        return True
    return (sub1 in _TAKEN_BY and sub2 in _TAKEN_BY and _TAKEN_BY[sub1] != _TAKEN_BY[sub2]
            and days <= DATE_SLACK.days)


class _Members(Mapping):
    """Unchanged event id -> its member mentions, decoded when first asked for."""

    def __init__(self, snap: Snapshot, ids: dict[str, list[str]]):
        self.snap, self.ids, self.cache = snap, ids, {}

    def __getitem__(self, eid):
        if eid not in self.cache:
            self.cache[eid] = [self.snap.mention(m) for m in self.ids[eid]]
        return self.cache[eid]

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, eid) -> bool:
        return eid in self.ids


class _Reserved:
    """The ids of the unchanged events, with stable_ids' order key computed on demand."""

    def __init__(self, ids: set[str], members: dict[str, list], previous: dict[str, str]):
        self.ids, self.members, self.previous = ids, members, previous

    def __contains__(self, eid) -> bool:
        return eid in self.ids

    def __getitem__(self, eid):
        ms = self.members[eid]
        return stable_key(computed_id(ms), [m.mention_id for m in ms], event_start(ms).isoformat(), self.previous)


def incremental_plan(snap: Snapshot, load_records) -> Plan | None:
    """The plan of an incremental resolve, or None when in doubt (then: full_plan).
    load_records(ids) -> {id: stored record} for the few events it compares."""
    by_id = {m.mention_id: m for m in snap.mentions}
    previous = {m: row[0] for m, row in snap.trail.items()}
    # -- is the stored state what a resolve left? (else: full)
    if set(previous.values()) != set(snap.events):
        return None
    comp_of = {m: st[1] for m, st in snap.state.items()}
    members_ids: dict[str, list[str]] = defaultdict(list)
    for m, eid in previous.items():
        if m not in snap.state:
            return None
        members_ids[eid].append(m)
    for eid, ms in members_ids.items():
        comps = {comp_of[m] for m in ms}
        if len(comps) != 1 or None in comps:
            return None
    changed = {m for m, d in snap.digests.items() if snap.state.get(m, (None,))[0] != d}
    removed = set(snap.state) - set(by_id)
    if not changed and not removed:
        return Plan([], set(), {}, {}, "unchanged", {"changed": 0, "removed": 0})

    # -- the work set: whole components (see the module docstring)
    by_comp: dict[str, list[str]] = defaultdict(list)
    for m, comp in comp_of.items():
        if comp is not None and m in by_id:
            by_comp[comp].append(m)
    affected = {comp_of[m] for m in changed | removed if comp_of.get(m) is not None}
    work = set(changed)
    for comp in affected:
        work.update(by_comp[comp])
    work &= set(by_id)
    fresh = [snap.mention(m) for m in changed if by_id[m].event_date is not None]
    if fresh:
        windows = defaultdict(set)  # event_type -> date windows a neighbour's range must meet
        for m in fresh:
            windows[m.event_type].add((m.event_date - DATE_SLACK, (m.date_end or m.event_date) + DATE_SLACK))
        index = _CandidateIndex()
        for m in snap.mentions:  # unchanged mentions that could be neighbours of a changed one
            if m.event_date is None or m.event_type not in windows or m.mention_id in work:
                continue
            end = m.date_end or m.event_date
            if any(m.event_date <= hi and end >= lo for lo, hi in windows[m.event_type]):
                index.add(0, snap.mention(m.mention_id))
        for f in fresh:
            cell = None if f.latitude is None else _cell(f.latitude, f.longitude)
            for xs in index.candidates(f, cell).values():
                for x in xs:
                    if x.mention_id not in work and _compatible(f, x):
                        comp = comp_of.get(x.mention_id)
                        if comp is None:
                            return None
                        work.update(by_comp[comp])
    t_old = {previous[m] for m in work | removed if m in previous}
    for eid in t_old:  # a redone event must lie wholly inside the work set
        if any(m not in work and m not in removed for m in members_ids[eid]):
            return None

    # -- redo the work set
    components: dict[str, str] = {}
    clusters = cluster_mentions([snap.mention(m) for m in work], components)
    kept, events = events_of(clusters, snap.articles, snap.claims)
    members = _Members(snap, {eid: ms for eid, ms in members_ids.items() if eid not in t_old})
    reserved = _Reserved(set(members), members, previous)
    try:
        ids = stable_ids([(e["event_id"], e["mention_ids"], e["event_date"]) for e in events], previous, reserved)
    except Displaced:
        return None
    for e in events:
        e["event_id"] = ids[e["event_id"]]

    # -- the cross-event passes over the redone events, ring 1 and ring 2
    import datetime as dt

    def day(v):
        return v if isinstance(v, dt.date) or v is None else dt.date.fromisoformat(v)

    u_cells: dict[tuple, list[str]] = defaultdict(list)
    for eid in members:
        d, lat, lon, _sub = snap.events[eid]
        if lat is not None:
            u_cells[_cell(lat, lon)].append(eid)
    starts: dict[str, bool] = {}

    def is_start_u(eid) -> bool:
        if eid not in starts:
            starts[eid] = any(_START.search(by_id[m].sentence) for m in members.ids[eid])
        return starts[eid]

    def near(points_s, points_t) -> set[str]:
        out = set()
        for cell in points_s:
            for c in _near_cells(cell):
                out.update(eid for eid in u_cells.get(c, ()) if is_start_u(eid))
        for cell, d in points_t:
            for c in _near_cells(cell):
                for eid in u_cells.get(c, ()):
                    ed, _lat, _lon, sub = snap.events[eid]
                    if sub in _TAKEN_BY and abs((day(ed) - d).days) <= DATE_SLACK.days:
                        out.add(eid)
        return out

    fields: dict[str, tuple] = {}

    def u_fields(eid) -> tuple:
        if eid not in fields:
            d, lat, lon, sub = snap.events[eid]
            ms = members[eid]
            fields[eid] = (day(d), lat, lon, sub, is_start_u(eid), {a for m in ms for a in _actors(m)},
                           {m.article_id for m in ms})
        return fields[eid]

    new_fields = [(day(e["event_date"]), e["latitude"], e["longitude"], e["sub_event_type"],
                   any(_START.search(m.sentence) for m in c), {a for m in c for a in _actors(m)},
                   {m.article_id for m in c}) for c, e in zip(kept, events)]
    ps, pt = [], []
    for f in new_fields:
        if f[1] is None:
            continue
        cell = _cell(f[1], f[2])
        if f[4]:
            ps.append(cell)
        if f[3] in _TAKEN_BY:
            pt.append((cell, f[0]))
    for eid in t_old:  # what they paired with before: either kind
        d, lat, lon, _sub = snap.events[eid]
        if lat is not None:
            ps.append(_cell(lat, lon))
            pt.append((_cell(lat, lon), day(d)))
    # ring 1: the unchanged events that pair with a redone one now, or paired with a
    # vanished or redone one before (named in its stored dispute details)
    ring1 = {u for u in near(ps, pt) if any(_partners(f, u_fields(u)) for f in new_fields)}
    old_records = load_records(sorted(t_old))
    for rec in old_records.values():
        for d in rec.get("disputes") or []:
            if d["field"] in ("event_date", "territory"):
                ring1.update(v.get("event_id") for v in d["values"] if v.get("event_id") in members)

    def points(eids):
        s, t = [], []
        for eid in eids:
            d, lat, lon, sub = snap.events[eid]
            if lat is None:
                continue
            if is_start_u(eid):
                s.append(_cell(lat, lon))
            if sub in _TAKEN_BY:
                t.append((_cell(lat, lon), day(d)))
        return s, t

    # ring 2: their unchanged partners (so that each of ring 1 gets all its partners)
    ring = ring1 | {u for u in near(*points(ring1))
                    if any(_partners(u_fields(r), u_fields(u)) for r in ring1)}
    rebuilt = {}
    for eid in ring:
        c = sorted(members[eid], key=mention_order)
        e = build_event(c, snap.articles, snap.claims)
        e["merge_trail"] = merge_trail(c)
        e["event_id"] = eid
        rebuilt[eid] = (c, e)
    order = [(mention_order(c[0]), c, e) for c, e in zip(kept, events)] + \
            [(mention_order(c[0]), c, e) for c, e in rebuilt.values()]
    order.sort(key=lambda t: t[0])
    flag_disputes([c for _k, c, _e in order], [e for _k, _c, e in order])
    out = events + [rebuilt[eid][1] for eid in sorted(ring1)]
    for e in out:
        e["disputes"] = merge_disputes(e["disputes"])

    # -- the writes
    new_ids = {e["event_id"] for e in events}
    stored = {**old_records, **load_records(sorted({e["event_id"] for e in out} - t_old))}
    trail = {t["mention_id"]: (e["event_id"], t["joined_with"], t["why"]) for e in events for t in e["merge_trail"]}
    state = {m: (snap.digests[m], components.get(m)) for m in work}
    return Plan(upsert=[e for e in out if stored.get(e["event_id"]) != e],
                delete=t_old - new_ids,
                trail=_diff(trail, snap.trail, work | removed),
                state=_diff(state, snap.state, work | removed),
                mode="incremental",
                stats={"changed": len(changed), "removed": len(removed), "work": len(work),
                       "redone_events": len(events), "ring1": len(ring1), "ring2": len(ring - ring1),
                       "vanished": len(t_old - new_ids)})
