"""Incremental resolve == a full recompute, on both backends.

Random mentions (tests/test_merge_blocking.py's generator: dense places, cell borders,
province-level places, no coordinates, clash + territory change, rival start dates) are
stored article by article in batches; between batches some stored articles are
re-analysed (mentions re-dated, re-typed, moved, dropped, added) or re-dated (their
publication date changes). After every batch `events_from_store` must return, and the
tables hold, exactly what resolving everything again gives from the same stored state
(the same previous ids), and it must have done so incrementally.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import replace

import pytest
from sqlalchemy import delete, select, update

from sitrep.models import Claim
from sitrep.resolve.merge import resolve_events
from sitrep.resolve.run import article_records, events_from_store, update_events
from sitrep.store import repo
from sitrep.store.schema import ArticleRow, EventMentionRow, EventRow, ResolveMentionRow
from tests.test_merge_blocking import TYPES, random_mentions


def _claim(rng) -> Claim:
    n = rng.choice([2, 5, 9])
    return Claim("killed", n, n, n, rng.choice(["exact", "at_least"]), "civilians", None, None,
                 rng.random() < 0.2, "s", f"{n} killed")


def make_world(seed: int, n: int = 220, n_places: int = 10):
    rng = random.Random(seed)
    ms = [replace(m, claims=(_claim(rng),)) if rng.random() < 0.2 else m
          for m in random_mentions(rng, n=n, n_places=n_places)]
    by_article = defaultdict(list)
    for m in ms:
        by_article[m.article_id].append(m)
    return rng, dict(by_article)


def store_article(db, article_id: str, mentions, published: str = "2015-06-30") -> None:
    with db.session() as s, s.begin():
        row = s.get(ArticleRow, article_id)
        if row is None:
            s.add(ArticleRow(article_id=article_id, outlet=article_id.upper(), text="x", format="txt",
                             word_count=1, removed_lines=[], published=dt.date.fromisoformat(published)))
            s.flush()
        repo.replace_mentions(s, article_id, list(mentions), "test")


def redate_article(db, article_id: str, published: str) -> None:
    with db.session() as s, s.begin():
        s.get(ArticleRow, article_id).published = dt.date.fromisoformat(published)


def reanalysed(rng, mentions):
    """An article's mentions after a new analysis: some changed, some gone, one new."""
    out = []
    for m in mentions:
        r = rng.random()
        if r < 0.2:
            continue  # no longer found
        if r < 0.45:
            m = replace(m, event_date=m.event_date and m.event_date + dt.timedelta(days=rng.choice([-2, 1, 3])),
                        date_end=None)
        elif r < 0.6:
            etype, sub = rng.choice(TYPES)
            m = replace(m, event_type=etype, sub_event_type=sub)
        elif r < 0.7:
            m = replace(m, latitude=m.latitude and m.latitude + 0.2, actor1=None)
        out.append(m)
    if mentions and rng.random() < 0.5:
        base = rng.choice(mentions)
        out.append(replace(base, mention_id=base.mention_id + "n", sentence_index=base.sentence_index + 7))
    return out


def expected(db) -> tuple[list[dict], dict]:
    """A full recompute from what is stored now (the ids it was stored under before)."""
    with db.session() as s:
        mentions = repo.list_mentions(s)
        claims = defaultdict(list)
        for c in repo.list_claims(s):
            if c.mention_id:
                claims[c.mention_id].append(c)
        articles = article_records(s)
        previous = {r.mention_id: r.event_id for r in s.query(EventMentionRow)}
    events = resolve_events(mentions, articles, claims, previous=previous)
    trail = {t["mention_id"]: (e["event_id"], t["joined_with"], t["why"]) for e in events for t in e["merge_trail"]}
    return events, trail


def stored(db) -> tuple[dict, dict]:
    with db.session() as s:
        events = {r.event_id: r.record for r in s.query(EventRow)}
        trail = {r.mention_id: (r.event_id, r.joined_with, r.why) for r in s.query(EventMentionRow)}
    return events, trail


def check(db, modes: list[str]) -> list[dict]:
    want, want_trail = expected(db)
    stats = update_events(db)
    modes.append(stats["mode"])
    got = events_from_store(db)
    assert got == want
    events, trail = stored(db)
    assert events == {e["event_id"]: e for e in want}
    assert trail == want_trail
    return got


@pytest.mark.parametrize("seed", range(4))
def test_batches_and_reanalysis_equal_a_full_recompute(db, seed):
    rng, world = make_world(seed)
    arts = sorted(world)
    rng.shuffle(arts)
    modes: list[str] = []
    done: list[str] = []
    for k in range(0, len(arts), 7):
        for a in arts[k:k + 7]:
            store_article(db, a, world[a])
            done.append(a)
        if len(done) > 10:
            for a in rng.sample(done, 2):  # re-analysed: mentions change or vanish
                world[a] = reanalysed(rng, world[a])
                store_article(db, a, world[a])
            if rng.random() < 0.5:  # date inference moves an article's date
                redate_article(db, rng.choice(done), rng.choice(["2015-06-02", "2016-09-30", "2015-06-30"]))
        check(db, modes)
    assert modes.count("incremental") >= len(modes) - 2, modes
    final = events_from_store(db)
    assert any("event_date" in e["disputed"] for e in final) or any("territory" in e["disputed"] for e in final)
    # a forced full recompute agrees and has nothing to write
    stats = update_events(db, full=True)
    assert stats["mode"] == "full" and stats["upserted"] == stats["deleted"] == stats["trail_rows"] == 0
    assert events_from_store(db, full=True) == final


def test_one_article_at_a_time_then_emptied(db):
    rng, world = make_world(11, n=160, n_places=6)
    modes: list[str] = []
    for a in sorted(world):
        store_article(db, a, world[a])
        check(db, modes)
    for a in sorted(world)[::2]:  # every other article loses all its mentions
        store_article(db, a, [])
        check(db, modes)
    assert set(modes[1:]) <= {"incremental"}, modes


def test_nothing_changed_writes_nothing(db):
    _rng, world = make_world(3, n=80)
    for a in world:
        store_article(db, a, world[a])
    events_from_store(db)
    with db.session() as s:
        stamps = dict(s.execute(select(EventRow.event_id, EventRow.updated_at)).all())
    stats = update_events(db)
    assert stats["mode"] == "unchanged" and stats["upserted"] == 0
    with db.session() as s:
        assert dict(s.execute(select(EventRow.event_id, EventRow.updated_at)).all()) == stamps


def test_a_damaged_state_falls_back_to_a_full_recompute(db):
    rng, world = make_world(5, n=120)
    arts = sorted(world)
    for a in arts[:-3]:
        store_article(db, a, world[a])
    events_from_store(db)
    with db.session() as s, s.begin():  # a member of a stored event forgotten, another's component wrong
        ids = list(s.scalars(select(EventMentionRow.mention_id).order_by(EventMentionRow.mention_id)))
        s.execute(delete(ResolveMentionRow).where(ResolveMentionRow.mention_id == ids[0]))
        s.execute(update(ResolveMentionRow).where(ResolveMentionRow.mention_id == ids[-1]).values(component="zz"))
    for a in arts[-3:]:
        store_article(db, a, world[a])
    want, _ = expected(db)
    stats = update_events(db)
    assert stats["mode"] == "full"
    assert events_from_store(db) == want


def test_the_same_batches_stored_in_any_order_give_the_same_events_and_ids(databases):
    from sitrep.store.db import Database

    _rng, world = make_world(7, n=150)
    arts = sorted(world)
    batches = [arts[k:k + 10] for k in range(0, len(arts), 10)]
    one, two = Database(databases.new()), Database(databases.new())
    try:
        for batch in batches:
            for a in batch:
                store_article(one, a, world[a])
            for a in reversed(batch):  # the same batch, rows stored in another order
                store_article(two, a, world[a][::-1])
            assert events_from_store(one) == events_from_store(two)
    finally:
        one.dispose()
        two.dispose()


def test_seeds_one_article_at_a_time_equal_a_full_recompute(db_url, seeds_dir, tmp_path):
    """The real pipeline: each seed ingested on its own (date inference re-dates and
    re-analyses the undated ones as evidence arrives); after each, the stored events are
    those of a full recompute, and the last state agrees with resolving it afresh."""
    from typer.testing import CliRunner

    from sitrep.cli import app
    from sitrep.store.db import Database

    runner = CliRunner()
    db = Database(db_url)
    try:
        modes: list[str] = []
        for k, path in enumerate(sorted(seeds_dir.iterdir())):
            folder = tmp_path / f"batch{k}"
            folder.mkdir()
            (folder / path.name).write_bytes(path.read_bytes())
            r = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--quiet"])
            assert r.exit_code == 0, r.output
            check(db, modes)
        final = events_from_store(db)
        assert len(final) > 10
        assert events_from_store(db, full=True) == final
    finally:
        db.dispose()
