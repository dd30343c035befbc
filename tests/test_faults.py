"""Faults: a killed ingest, a full disk, a locked database, a lost connection.

- kill -9 in the middle of `sitrep ingest`, then the same command again: the database
  ends exactly as after one uninterrupted run (each file is one transaction, every insert
  is insert-or-ignore on a natural key). Both backends.
- disk full (SQLite only): the ingest process may not grow files beyond a few hundred KB
  (RLIMIT_FSIZE, so the kernel refuses the write as a full disk would; no mounts, no
  root tricks): one clear error line, exit 2, no traceback or SQL dump, the database
  stays intact and a re-run completes it. On PostgreSQL the server, not the ingest,
  writes the files; filling its disk would take a small mounted tablespace (root), so
  the PostgreSQL fault tested instead is the server dropping the ingest's connection
  in the middle of a file.
- database locked: another connection holds SQLite's write lock, or on PostgreSQL an
  ACCESS EXCLUSIVE lock on the articles table; with a short SITREP_DB_TIMEOUT the
  ingest fails fast with a clear message, and works once released.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import fetch

SRC = str(Path(__file__).resolve().parents[1] / "src")
SENTENCE = ("Fighters attacked the town of Hasakah on Tuesday, killing twelve people, "
            "officials said. The army responded with air strikes on their positions.")


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, **extra}


def _article(i: int, paragraphs: int) -> str:
    return f"Report number {i}\n\n" + "\n\n".join(
        f"{SENTENCE} Paragraph {k} of report {i} from the field." for k in range(paragraphs))


def make_folder(root: Path, n: int = 40, paragraphs: int = 120) -> Path:
    """n articles: mostly distinct, a few exact duplicates, near-copies and bad files, so
    that every table and the copy_of links are exercised."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        if i % 10 == 3:  # exact duplicate of the article before it
            text = _article(i - 1, paragraphs)
        elif i % 10 == 6:  # near-copy: the article before it with a new last paragraph
            text = _article(i - 1, paragraphs) + "\n\nA closing line only this outlet has."
        elif i % 10 == 9:  # rejected
            text = "too short"
        else:
            text = _article(i, paragraphs)
        (root / f"{i:03d}.txt").write_text(text)
    return root


def _ingest_cmd(folder: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "sitrep", "ingest", str(folder), "--no-analyse", "--quiet", "--db", url]


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Table contents without timestamps and surrogate ids, in a stable order."""
    return {
        "articles": fetch(url,
            "SELECT article_id, url, title, outlet, outlet_source, published, published_source,"
            " published_evidence, byline, text, word_count, format, copy_of, copy_similarity,"
            " minhash, removed_lines FROM articles ORDER BY article_id"),
        "article_origins": fetch(url, "SELECT article_id, origin, record FROM article_origins"
                                      " ORDER BY origin, record"),
        "rejections": fetch(url, "SELECT origin, record, reason, detail FROM rejections"
                                 " ORDER BY origin, record, reason"),
    }


def _count(url: str, table: str) -> int:
    """Rows committed so far (0 while the table does not exist yet)."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
            try:
                return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            finally:
                con.close()
        except sqlite3.Error:
            return 0  # not created yet, or mid-migration
    import psycopg

    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True,
                             connect_timeout=3) as con:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except psycopg.Error:
        return 0  # not created yet


def _check_integrity(url: str) -> None:
    if url.startswith("sqlite"):
        assert fetch(url, "PRAGMA integrity_check") == [("ok",)]
    # every origin and copy link points at a stored article (PostgreSQL's foreign keys
    # guarantee it there; SQLite's only with the pragma on, so it is checked on both)
    assert fetch(url, "SELECT count(*) FROM article_origins o LEFT JOIN articles a"
                      " ON a.article_id = o.article_id WHERE a.article_id IS NULL") == [(0,)]
    assert fetch(url, "SELECT count(*) FROM articles c LEFT JOIN articles a"
                      " ON a.article_id = c.copy_of WHERE c.copy_of IS NOT NULL AND a.article_id IS NULL") == [(0,)]


@pytest.mark.slow
def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path, databases):
    folder = make_folder(tmp_path / "in")
    clean_db, killed_db = databases.new(), databases.new()

    t0 = time.monotonic()
    done = subprocess.run(_ingest_cmd(folder, clean_db), env=_env(),
                          capture_output=True, text=True, timeout=300)
    clean_seconds = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    expected = snapshot(clean_db)
    total_origins = len(expected["article_origins"])
    assert len(expected["articles"]) >= 30 and expected["rejections"]
    assert any(a[12] for a in expected["articles"]), "the corpus should contain near-copies"

    proc = subprocess.Popen(_ingest_cmd(folder, killed_db), env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and proc.poll() is None:
        committed = _count(killed_db, "article_origins")
        if committed >= 5:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed: make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    partial = _count(killed_db, "article_origins")
    assert 5 <= partial < total_origins, (partial, total_origins)

    # on PostgreSQL the server rolls back the killed client's open transaction (and
    # frees its ingest lock) when it sees the connection close
    again = subprocess.run(_ingest_cmd(folder, killed_db), env=_env(),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert snapshot(killed_db) == expected
    _check_integrity(killed_db)
    print(f"{databases.backend}: clean run {clean_seconds:.1f} s; killed after {partial}/{total_origins} origins")


def _limit_file_size(limit: int):
    def apply():  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def _assert_clean_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    err = proc.stderr
    assert "Traceback" not in err and "[SQL:" not in err and "[parameters:" not in err, err
    assert err.startswith("error: ingest stopped:"), err
    flat = " ".join(err.split())  # rich wraps long lines on stderr
    for w in words:
        assert w in flat, (w, err)
    assert len(err.splitlines()) <= 6, err


def test_disk_full_is_a_clear_error_and_the_database_survives(tmp_path):
    """SQLite only: RLIMIT_FSIZE limits the files this process writes, and only SQLite's
    are (see the module docstring for PostgreSQL, and the lost-connection test below)."""
    from sitrep.store.db import Database

    folder = make_folder(tmp_path / "in", n=12, paragraphs=60)
    db_path = tmp_path / "full.db"
    Database(f"sqlite:///{db_path}").dispose()  # schema in place: the ingest writes fail
    limit = os.path.getsize(db_path) + 150_000
    proc = subprocess.run(_ingest_cmd(folder, f"sqlite:///{db_path}"), env=_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_file_size(limit))
    _assert_clean_error(proc, "disk", "running the same command again continues")
    stored = _count(f"sqlite:///{db_path}", "article_origins")
    assert stored < 12

    # with room again, the same command completes what was started
    again = subprocess.run(_ingest_cmd(folder, f"sqlite:///{db_path}"), env=_env(),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    _check_integrity(f"sqlite:///{db_path}")
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    subprocess.run(_ingest_cmd(folder, reference), env=_env(), check=True,
                   capture_output=True, timeout=120)
    assert snapshot(f"sqlite:///{db_path}") == snapshot(reference)


def test_disk_full_while_creating_the_database(tmp_path):
    """SQLite only (as above): the database file cannot even be created."""
    folder = make_folder(tmp_path / "in", n=3, paragraphs=5)
    proc = subprocess.run(_ingest_cmd(folder, f"sqlite:///{tmp_path / 'new.db'}"), env=_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_file_size(8_192))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "[SQL:" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: cannot open database") and "disk" in proc.stderr


@contextmanager
def _lock_held(url: str):
    """Hold a lock that blocks every ingest write, as another writer would: SQLite's
    write lock (BEGIN EXCLUSIVE), or on PostgreSQL an ACCESS EXCLUSIVE lock on the
    articles table (what an ALTER TABLE, a VACUUM FULL or a careless `LOCK` holds)."""
    if url.startswith("sqlite:///"):
        holder = sqlite3.connect(url[len("sqlite:///"):], isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.rollback()
            holder.close()
        return
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as holder:
        holder.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE")  # held until rollback
        try:
            yield
        finally:
            holder.rollback()


def test_locked_database_fails_fast_with_a_clear_message(tmp_path, db_url):
    from sitrep.store.db import Database

    folder = make_folder(tmp_path / "in", n=3, paragraphs=5)
    Database(db_url).dispose()
    with _lock_held(db_url):
        t0 = time.monotonic()
        proc = subprocess.run(_ingest_cmd(folder, db_url), env=_env(SITREP_DB_TIMEOUT="0.5"),
                              capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - t0
    _assert_clean_error(proc, "locked" if db_url.startswith("sqlite") else "lock timeout",
                        "another process holds a lock", "SITREP_DB_TIMEOUT", "0.5 s")
    assert waited < 30, waited  # the 0.5 s, not the default 30 s
    print(f"locked: failed after {waited:.1f} s (timeout 0.5 s, process start included)")
    again = subprocess.run(_ingest_cmd(folder, db_url), env=_env(SITREP_DB_TIMEOUT="0.5"),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert _count(db_url, "articles") == 3


def test_busy_timeout_setting(monkeypatch):
    from sitrep.store import db

    monkeypatch.delenv("SITREP_DB_TIMEOUT", raising=False)
    assert db.busy_timeout() == 30.0
    monkeypatch.setenv("SITREP_DB_TIMEOUT", "2.5")
    assert db.busy_timeout() == 2.5
    engine = db.make_engine("sqlite:///:memory:")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
    engine.dispose()
    monkeypatch.setenv("SITREP_DB_TIMEOUT", "soon")
    assert db.busy_timeout() == 30.0


@pytest.mark.postgres
def test_lock_timeout_setting_on_postgresql(monkeypatch, pg_url):
    from sitrep.store import db

    monkeypatch.setenv("SITREP_DB_TIMEOUT", "2.5")
    engine = db.make_engine(pg_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "2500ms"
    engine.dispose()


@pytest.mark.postgres
def test_connection_lost_mid_file_is_a_clear_error_and_rerun_completes(tmp_path, pg_url, pg_server):
    """PostgreSQL: the server ends the ingest's connection (a restart, an admin's
    pg_terminate_backend) while a file's transaction is open. To be sure it is open, a
    second session takes the ingest lock once a few files are stored, so the ingest
    waits for it inside its next file's transaction; that backend is then terminated.
    One clear error line, exit 2, nothing half-stored; the same command completes."""
    from sitrep.store.repo import INGEST_LOCK
    from tests.conftest import pg_database

    folder = make_folder(tmp_path / "in", n=30, paragraphs=60)
    dbname = pg_url.rsplit("/", 1)[1]
    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    import psycopg

    proc = subprocess.Popen(_ingest_cmd(folder, pg_url), env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with psycopg.connect(admin, autocommit=True) as holder:
        deadline = time.monotonic() + 120
        while _count(pg_url, "article_origins") < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "ingest finished before the lock was taken: make the corpus larger"
        holder.execute("SELECT pg_advisory_lock(%s)", (INGEST_LOCK,))  # waits for the file in hand
        waiting = None
        while waiting is None and proc.poll() is None and time.monotonic() < deadline:
            waiting = holder.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
                " AND wait_event_type = 'Lock' AND state = 'active'", (dbname,)).fetchone()
            time.sleep(0.02)
        assert waiting, "the ingest never waited for the lock"
        stored = _count(pg_url, "article_origins")
        holder.execute("SELECT pg_terminate_backend(%s)", waiting)
        _, stderr = proc.communicate(timeout=60)
        holder.execute("SELECT pg_advisory_unlock(%s)", (INGEST_LOCK,))
    assert proc.returncode == 2, stderr
    assert stderr.startswith("error: ingest stopped:") and "Traceback" not in stderr, stderr
    assert "[SQL:" not in stderr and len(stderr.splitlines()) <= 6, stderr
    assert "running the same command again continues" in " ".join(stderr.split()), stderr
    print(stderr)
    assert _count(pg_url, "article_origins") == stored  # the open file was rolled back

    again = subprocess.run(_ingest_cmd(folder, pg_url), env=_env(), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    _check_integrity(pg_url)
    with pg_database(pg_server) as reference:
        subprocess.run(_ingest_cmd(folder, reference), env=_env(), check=True, capture_output=True, timeout=120)
        assert snapshot(pg_url) == snapshot(reference)


def test_two_concurrent_ingests_on_sqlite_miss_no_near_copy(tmp_path):
    """Two writers on one SQLite file: each file is stored under the write lock (BEGIN
    IMMEDIATE) after catching up with the other's articles, so near-copies split across
    the two inputs are linked as in a sequential run, and nothing is lost. SQLite only:
    the PostgreSQL counterpart (advisory lock) is tests/test_concurrency_pg.py."""
    from sitrep.store.db import Database

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    for i in range(8):
        (a / f"{i}.txt").write_text(_article(i, 30))
        (b / f"{i}.txt").write_text(_article(i, 30) + "\n\nA closing line only this outlet has.")
        (b / f"own{i}.txt").write_text(_article(100 + i, 30))
    db_path = tmp_path / "both.db"
    Database(f"sqlite:///{db_path}").dispose()
    procs = [subprocess.Popen(_ingest_cmd(d, f"sqlite:///{db_path}"), env=_env(),
                              stderr=subprocess.PIPE, text=True) for d in (a, b)]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.communicate()[1]
    con = sqlite3.connect(db_path)
    articles, copies = con.execute("SELECT count(*), count(copy_of) FROM articles").fetchone()
    origins = con.execute("SELECT count(*) FROM article_origins").fetchone()[0]
    con.close()
    assert (articles, copies, origins) == (24, 8, 24)
