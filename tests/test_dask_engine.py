"""`--engine dask` gives exactly the database the local engine gives (sitrep.scale).

One 2-worker LocalCluster serves the whole module (start-up costs a few seconds). Both
backends: the corpus goes into a SQLite pair and a PostgreSQL pair of databases.
"""

from __future__ import annotations

import json
import random
import time

import pytest
from sqlalchemy import select

from sitrep.analyse.run import analyse_and_date
from sitrep.ingest.run import ingest_paths
from sitrep.scale import dask_engine
from sitrep.scale.dask_engine import ingest_and_analyse_dask, ordered_results, partition
from sitrep.store.db import Database
from sitrep.store.schema import (AnalysisStateRow, ArticleOriginRow, ArticleRow, ClaimRow,
                                 MentionRow, RejectionRow)

TIMESTAMPS = {"ingested_at", "created_at", "analysed_at"}


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client

    t0 = time.perf_counter()
    with dask_engine.local_cluster(workers=2) as c:
        with Client(c) as client:  # load the analysis code on both workers once
            client.run(lambda: __import__("sitrep.analyse.mentions").analyse.mentions.extract_mentions(
                "warmup", "Islamic State fighters attacked Hasakah on Monday.", None))
        print(f"cluster up in {time.perf_counter() - t0:.1f}s")
        yield c


def dump(url: str) -> dict[str, list[tuple]]:
    """Every row of every pipeline table (timestamps aside), in primary-key order."""
    db = Database(url)
    out = {}
    with db.session() as session:
        for model in (ArticleRow, ArticleOriginRow, RejectionRow, MentionRow, ClaimRow, AnalysisStateRow):
            cols = [c for c in model.__table__.columns if c.name not in TIMESTAMPS]
            pk = list(model.__table__.primary_key.columns)
            out[model.__tablename__] = [tuple(r) for r in session.execute(select(*cols).order_by(*pk))]
    db.dispose()
    return out


# --------------------------------------------------------------------------- the corpus

TOWNS = ["Hasakah", "Qamishli", "Kobani", "Raqqa", "Tal Abyad", "Palmyra", "Aleppo", "Homs",
         "Idlib", "Deir ez-Zor", "Ras al-Ain", "Manbij"]
ATTACKERS = ["Islamic State militants", "Kurdish YPG fighters", "Syrian army troops",
             "rebels of the Free Syrian Army", "Nusra Front fighters"]
SENTENCES = [
    "{a} attacked positions held by {b} near {t} on {day}, killing {n} people.",
    "At least {n} fighters were killed in clashes between {a} and {b} in {t}.",
    "An air strike hit a market in {t} on {day}, the Syrian Observatory for Human Rights said.",
    "{a} seized three villages south of {t} after a week of heavy fighting.",
    "A car bomb exploded at a checkpoint in {t}, wounding {n} civilians, a medical source said.",
    "Residents said {b} shelled the outskirts of {t} overnight.",
    "Thousands of families fled {t} towards the border as the fighting spread.",
    "{b} said they had pushed {a} back from the eastern districts of {t}.",
    "Local officials in {t} reported {n} dead and dozens missing after the assault.",
    "Aid agencies warned that food and water were running out in {t}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _article(rng: random.Random, k: int) -> tuple[str, str]:
    t = TOWNS[k % len(TOWNS)]
    a, b = rng.sample(ATTACKERS, 2)
    picks = rng.sample(SENTENCES, 6)
    body = " ".join(s.format(a=a, b=b, t=t, n=rng.randint(3, 60), day=rng.choice(DAYS)) for s in picks)
    title = f"Fighting around {t} leaves many dead ({k})"
    return title, body


def make_corpus(root) -> list:
    rng = random.Random(5)
    (root / "txt").mkdir()
    (root / "html").mkdir()
    for k in range(8):  # dated by a dateline in the text
        title, body = _article(rng, k)
        (root / "txt" / f"a{k:02d}.txt").write_text(
            f"{title}\n\nPublished June {k + 2}, 2015\n\n{body}\n\nMore paragraphs follow here.\n", "utf-8")
    for k in range(8, 13):  # dated by the HTML metadata
        title, body = _article(rng, k)
        (root / "html" / f"h{k:02d}.html").write_text(
            f"<html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="2015-06-{k:02d}T10:00:00Z"></head>'
            f"<body><article><h1>{title}</h1><p>{body}</p><p>Reporting by staff.</p>"
            "</article></body></html>", "utf-8")
    records = []
    for k in range(13, 18):  # dated by the container
        title, body = _article(rng, k)
        records.append({"title": title, "text": body, "published": f"2015-06-{k:02d}",
                        "url": f"https://example.org/news/{k}"})
    dup_title, dup_body = _article(rng, 3)
    dup_text = (root / "txt" / "a03.txt").read_text("utf-8")
    records.append({"text": dup_text})  # exact duplicate of a03.txt -> a second origin
    records.append("not an object")  # a bad record inside a good file
    (root / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken json\n", "utf-8")
    # a near-copy: another outlet's headline and one extra sentence on a05's body
    a05 = (root / "txt" / "a05.txt").read_text("utf-8").split("\n\n")
    (root / "txt" / "copy_of_a05.txt").write_text(
        "Wire: clashes continue\n\n" + "\n\n".join(a05[1:]) + "\n\nThe agency's reporter contributed.\n", "utf-8")
    # undated, but the corpus can date it (anchor "May 30" + weekdays, shared places/actors)
    (root / "txt" / "undated.txt").write_text(
        "Offensive on Hasakah enters second week\n\n"
        "Islamic State militants began their assault on Hasakah on May 30, and on Wednesday "
        "they attacked positions held by Kurdish YPG fighters near Hasakah, killing 20 people. "
        "At least 14 fighters were killed in clashes between Islamic State militants and Kurdish "
        "YPG fighters in Hasakah on Thursday. Residents said Kurdish YPG fighters shelled the "
        "outskirts of Hasakah overnight. Thousands of families fled Hasakah towards the border "
        "as the fighting spread.\n", "utf-8")
    (root / "txt" / "empty.txt").write_bytes(b"")
    (root / "txt" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "notes.pdf").write_bytes(b"%PDF-1.4 not really")
    (root / "txt" / "short.txt").write_text("Too short.\n", "utf-8")
    return [root, root / "missing-folder"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def both(corpus, cluster, module_databases):
    """DB A by the local engine, DB B by the dask engine, over the same corpus."""
    url_a, url_b = module_databases.new(), module_databases.new()
    t0 = time.perf_counter()
    db_a = Database(url_a)
    rep_a = ingest_paths(corpus, db_a)
    ana_a = analyse_and_date(db_a)
    db_a.dispose()
    t1 = time.perf_counter()
    db_b = Database(url_b)
    rep_b, ana_b = ingest_and_analyse_dask(corpus, db_b, scheduler=cluster.scheduler_address)
    db_b.dispose()
    t2 = time.perf_counter()
    print(f"{module_databases.backend}: local {t1 - t0:.1f}s, dask {t2 - t1:.1f}s")
    return url_a, url_b, (rep_a, ana_a), (rep_b, ana_b)


def test_corpus_exercises_every_path(both):
    url_a, _, (rep, ana), _ = both
    s = rep.summary()
    assert s["copies"] == 1 and s["duplicates"] == 1 and s["rejected"] >= 6, s
    rows = dump(url_a)
    assert any(r[ArticleRow.__table__.columns.keys().index("published_source")] == "inferred"
               for r in rows["articles"]), "the undated article should be dated from the corpus"
    assert rows["mentions"] and rows["claims"] and len(rows["analysis_state"]) == s["new"] + s["copies"]
    assert ana.articles == s["new"] + s["copies"] and not ana.failed


def test_same_database_as_local_engine(both):
    url_a, url_b, (rep_a, ana_a), (rep_b, ana_b) = both
    a, b = dump(url_a), dump(url_b)
    for table in a:
        assert a[table] == b[table], table
    assert rep_a.summary() == rep_b.summary()
    assert [(o.status, o.origin, o.record, o.duplicate_of) for o in rep_a.outcomes] == \
           [(o.status, o.origin, o.record, o.duplicate_of) for o in rep_b.outcomes]
    assert (ana_a.articles, ana_a.mentions, ana_a.failed) == (ana_b.articles, ana_b.mentions, ana_b.failed)
    assert ana_a.inferred == ana_b.inferred


def test_second_dask_run_changes_nothing(both, corpus, cluster):
    _, url_b, _, (first, _) = both
    before = dump(url_b)
    db = Database(url_b)
    rep, ana = ingest_and_analyse_dask(corpus, db, scheduler=cluster.scheduler_address)
    db.dispose()
    assert rep.summary()["new"] == 0 and rep.summary()["copies"] == 0
    assert rep.summary()["duplicates"] == first.stored + first.summary()["duplicates"]
    assert ana.articles == 0  # nothing left to analyse
    assert dump(url_b) == before


def test_seed_events_match(cluster, seeds_dir, databases):
    from sitrep.resolve.run import events_from_store

    db_a, db_b = Database(databases.new()), Database(databases.new())
    ingest_paths([seeds_dir], db_a)
    analyse_and_date(db_a)
    ingest_and_analyse_dask([seeds_dir], db_b, scheduler=cluster.scheduler_address)
    events_a, events_b = events_from_store(db_a), events_from_store(db_b)
    assert events_a and events_a == events_b
    db_a.dispose()
    db_b.dispose()


# --------------------------------------------------------------------------- the parts

def test_partition_keeps_order_and_balances():
    items = list(range(100))
    weights = [1000] * 100
    batches = partition(items, weights, parts_hint=4)
    assert [i for b in batches for i in b] == items
    assert 1 < len(batches) <= 25  # MIN_BATCH keeps tiny inputs from becoming tiny tasks
    assert partition([], [], 8) == []
    big = partition(["a", "b", "c"], [dask_engine.MAX_BATCH * 2, 1, 1], parts_hint=2)
    assert big == [["a"], ["b", "c"]]


def test_ordered_results_in_submission_order(cluster):
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        # later batches finish first (a lambda travels by value: workers cannot import tests/)
        slow = lambda x: (__import__("time").sleep(0.05 * (3 - x % 4)), x)[1]  # noqa: E731
        assert list(ordered_results(client, slow, list(range(10)), window=3)) == list(range(10))


def test_worker_reads_like_the_local_engine(corpus, tmp_path):
    from sitrep.ingest.article import build_article
    from sitrep.ingest.readers import read_file
    from sitrep.models import Rejection

    root = corpus[0]
    files = [root / "feed.jsonl", root / "txt" / "a01.txt", tmp_path / "gone.txt"]
    results = dask_engine.read_batch(files, 1 << 20)
    assert [r.path for r in results] == files
    assert results[2].visible is False and results[2].items == ()  # driver decides what this means
    for r in results[:2]:
        expected = tuple(build_article(d) if not isinstance(d, Rejection) else d
                         for d in read_file(r.path, 1 << 20))
        assert r.visible and r.error is None and r.items == expected
