"""Incremental resolve benchmark: events_from_store after one more article, on a store
of n synthetic mentions (sitrep.bench.speed.synthetic_mentions), incremental vs full.

For each size: build a store (SQLite file, or a PostgreSQL URL's database emptied of
nothing: give a fresh one), resolve it once in full, then `repeat` times: store one new
article (copies of a few mentions of a random stored event, from a new outlet, plus one
mention of a new event) and time `update_events` (incremental), then store another and
time `update_events(full=True)`; `events_from_store` = update + reading every record back
(what its callers get). Both give the same events (tests/test_incremental_resolve.py);
only the time differs. Reported, never asserted: timings depend on the machine's load.

    python -m sitrep.bench.incremental [--sizes 10000,100000] [--repeat 3] [--db-dir DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path


def build_store(url: str, n: int, seed: int = 0):
    """A database holding n synthetic mentions and their articles (bulk inserts)."""
    from sqlalchemy import insert

    from sitrep.bench.speed import synthetic_mentions
    from sitrep.store.db import Database
    from sitrep.store.schema import ArticleRow, MentionRow

    db = Database(url)
    mentions, articles = synthetic_mentions(n, seed=seed or n)
    cols = [c.name for c in MentionRow.__table__.columns]
    with db.engine.begin() as conn:
        conn.execute(insert(ArticleRow), [
            dict(article_id=a, outlet=v["outlet"], published=dt.date.fromisoformat(v["published"]), text="x",
                 format="txt", word_count=1, removed_lines=[]) for a, v in articles.items()])
        rows = [{k: (list(getattr(m, k)) if k.startswith("assoc") else getattr(m, k)) for k in cols} for m in mentions]
        for lo in range(0, len(rows), 5000):
            conn.execute(insert(MentionRow), rows[lo:lo + 5000])
    return db, mentions


def add_article(db, mentions, rng: random.Random, tag: str) -> int:
    """One new article: another outlet's report of a stored event (its mentions copied)
    and of one new event; stored the way analysis stores an article."""
    from sitrep.store import repo
    from sitrep.store.schema import ArticleRow

    article_id = f"new{tag}"
    base = rng.choice(mentions)
    same = [m for m in mentions if m.event_date == base.event_date and m.location == base.location][:5] or [base]
    out = [replace(m, mention_id=f"{article_id}_{k}", article_id=article_id, sentence_index=k)
           for k, m in enumerate(same)]
    other = rng.choice(mentions)
    out.append(replace(other, mention_id=f"{article_id}_x", article_id=article_id, sentence_index=len(out),
                       event_date=other.event_date + dt.timedelta(days=3), date_end=None))
    with db.session() as s, s.begin():
        s.add(ArticleRow(article_id=article_id, outlet="Bench outlet", text="x", format="txt", word_count=1,
                         removed_lines=[], published=dt.date(2016, 1, 1)))
        s.flush()
        repo.replace_mentions(s, article_id, out, "bench")
    return len(out)


def measure(url: str, n: int, repeat: int = 3, seed: int = 1) -> dict:
    from sitrep.resolve.run import _records, update_events

    t0 = time.perf_counter()
    db, mentions = build_store(url, n)
    build_s = time.perf_counter() - t0
    try:
        first = update_events(db, full=True)
        rng = random.Random(seed)
        inc, full, reads, details = [], [], [], []
        for k in range(repeat):
            add_article(db, mentions, rng, f"{k}a")
            stats = update_events(db)
            inc.append(stats["seconds"])
            details.append(stats)
            t = time.perf_counter()
            _records(db)
            reads.append(time.perf_counter() - t)
            add_article(db, mentions, rng, f"{k}b")
            full.append(update_events(db, full=True)["seconds"])
        med = statistics.median
        return {"mentions": n, "events": first["events"], "build_s": round(build_s, 2),
                "first_full_s": first["seconds"],
                "incremental_s": round(med(inc), 3), "full_s": round(med(full), 3),
                "read_all_records_s": round(med(reads), 3),
                "events_from_store_incremental_s": round(med(inc) + med(reads), 3),
                "events_from_store_full_s": round(med(full) + med(reads), 3),
                "speedup": round(med(full) / med(inc), 1) if med(inc) else None,
                "incremental_runs": details}
    finally:
        db.dispose()


def run(sizes=(10_000, 100_000), repeat: int = 3, db_dir: Path | None = None, pg_url: str | None = None) -> dict:
    out = []
    with tempfile.TemporaryDirectory(prefix="sitrep-inc-", dir=db_dir) as tmp:
        for n in sizes:
            url = pg_url or f"sqlite:///{Path(tmp) / f'inc{n}.db'}"
            out.append(measure(url, n, repeat))
    return {"sizes": out}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db-dir", type=Path, default=None)
    ap.add_argument("--pg", default=None, help="a fresh, empty PostgreSQL database URL (one size only)")
    a = ap.parse_args(argv)
    print(json.dumps(run(tuple(int(x) for x in a.sizes.split(",")), a.repeat, a.db_dir, a.pg), indent=1))


if __name__ == "__main__":
    main()
