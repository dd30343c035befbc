"""Two `sitrep ingest` processes writing into one fresh PostgreSQL database at once.

Both get the same 30 articles (the same files) plus 10 of their own and 5 near-copies of
each other's; both start on an empty database, so they also race to create the schema.
Nothing may be lost or stored twice and no near-copy may go unnoticed: the final tables
equal those of one sequential run, and neither process fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.postgres

SRC = str(Path(__file__).resolve().parents[1] / "src")
SENTENCE = ("Fighters attacked the town of Hasakah on Tuesday, killing twelve people, "
            "officials said. The army responded with air strikes on their positions.")


def _article(tag: str, paragraphs: int = 40) -> str:
    return f"Report {tag}\n\n" + "\n\n".join(
        f"{SENTENCE} Paragraph {k} of report {tag} from the field." for k in range(paragraphs))


def _corpus(root: Path) -> tuple[list[Path], list[Path]]:
    """(inputs of process A, inputs of process B): a shared folder plus one folder each."""
    shared, only_a, only_b = root / "shared", root / "only_a", root / "only_b"
    for d in (shared, only_a, only_b):
        d.mkdir(parents=True)
    for i in range(30):
        (shared / f"s{i:02d}.txt").write_text(_article(f"shared-{i}"))
    (shared / "bad.txt").write_text("too short")  # the same rejection from both
    for i in range(10):
        (only_a / f"a{i:02d}.txt").write_text(_article(f"a-{i}"))
        (only_b / f"b{i:02d}.txt").write_text(_article(f"b-{i}"))
    # the same article as a shared one, in a file of A's own: one article, two origins
    (only_a / "dup_of_s00.txt").write_text(_article("shared-0"))
    # near-copies across the two processes: the same story in A's and B's folders, one
    # line apart; whichever is stored first is the original, the other its copy
    for i in range(5):
        (only_a / f"wire{i}.txt").write_text(_article(f"wire-{i}"))
        (only_b / f"wire{i}.txt").write_text(_article(f"wire-{i}") + "\n\nOne line only B has.")
    return [shared, only_a], [shared, only_b]


def _cmd(paths: list[Path], url: str) -> list[str]:
    return [sys.executable, "-m", "sitrep", "ingest", *map(str, paths), "--no-analyse", "--quiet", "--db", url]


def _tables(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = list(conn.execute(text(
                "SELECT article_id, title, text, word_count, copy_of, minhash FROM articles"
                " ORDER BY article_id")))
            # which of two near-copies came first depends on timing: compare the families
            # (unordered pairs), and everything else exactly
            families = sorted(tuple(sorted((r.article_id, r.copy_of))) for r in rows if r.copy_of)
            return {
                "articles": [tuple(r[:4]) + (r[5],) for r in rows],
                "families": families,
                "article_origins": [tuple(r) for r in conn.execute(text(
                    "SELECT article_id, origin, record FROM article_origins ORDER BY origin, record"))],
                "rejections": [tuple(r) for r in conn.execute(text(
                    "SELECT origin, record, reason, detail FROM rejections ORDER BY origin, record"))],
            }
    finally:
        engine.dispose()


@pytest.fixture
def second_pg_url(pg_server):
    """A second fresh database (for the sequential reference run)."""
    from tests.conftest import pg_database

    with pg_database(pg_server) as url:
        yield url


@pytest.mark.slow
def test_two_concurrent_ingests_equal_a_sequential_run(tmp_path, pg_url, second_pg_url):
    inputs_a, inputs_b = _corpus(tmp_path)
    env = {**os.environ, "PYTHONPATH": SRC}

    t0 = time.monotonic()
    procs = [subprocess.Popen(_cmd(p, pg_url), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in (inputs_a, inputs_b)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    concurrent_s = time.monotonic() - t0
    for code, _out, err in results:
        assert code == 0, err
        assert "error" not in err.lower(), err

    for paths in (inputs_a, inputs_b):  # the same inputs, one process after the other
        subprocess.run(_cmd(paths, second_pg_url), env=env, check=True, capture_output=True, timeout=300)

    got, expected = _tables(pg_url), _tables(second_pg_url)
    # 30 shared + 10 + 10 + 5 wire stories twice (the dup is one of the 30)
    assert len(expected["articles"]) == 60 and len(expected["families"]) == 5
    assert len(expected["article_origins"]) == 61 and len(expected["rejections"]) == 1
    assert got == expected
    print(f"two concurrent ingests: {concurrent_s:.1f} s")


def test_a_writer_stuck_on_the_lock_fails_clearly_after_the_timeout(tmp_path, pg_url):
    """Another session holds the ingest lock (as a stopped ingest would): with
    SITREP_DB_TIMEOUT=0.5 the ingest gives up with one clear line instead of hanging."""
    from sitrep.store.db import Database
    from sitrep.store.repo import INGEST_LOCK

    Database(pg_url).dispose()  # schema first: the wait under test is the ingest lock's
    (tmp_path / "a.txt").write_text(_article("locked"))
    holder = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    env = {**os.environ, "PYTHONPATH": SRC, "SITREP_DB_TIMEOUT": "0.5"}
    with holder.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": INGEST_LOCK})
        proc = subprocess.run(_cmd([tmp_path], pg_url), env=env, capture_output=True, text=True, timeout=120)
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": INGEST_LOCK})
    holder.dispose()
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("error: ingest stopped:") and "Traceback" not in proc.stderr
    assert "lock" in proc.stderr and "SITREP_DB_TIMEOUT" in proc.stderr and "[SQL:" not in proc.stderr
    again = subprocess.run(_cmd([tmp_path], pg_url), env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
