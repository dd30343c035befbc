"""Faults: a killed ingest, a full disk, a locked database.

- kill -9 in the middle of `sitrep ingest`, then the same command again: the database
  ends exactly as after one uninterrupted run (each file is one transaction, every insert
  is insert-or-ignore on a natural key).
- disk full: the ingest process may not grow files beyond a few hundred KB
  (RLIMIT_FSIZE, so the kernel refuses the write as a full disk would; no mounts, no
  root tricks): one clear error line, exit 2, no traceback or SQL dump, the database
  stays intact and a re-run completes it.
- database locked: another connection holds SQLite's write lock; with a short
  SITREP_DB_TIMEOUT the ingest fails fast with a clear message, and works once released.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Table contents without timestamps and surrogate ids, in a stable order."""
    con = sqlite3.connect(path)
    try:
        arts = con.execute(
            "SELECT article_id, url, title, outlet, outlet_source, published, published_source,"
            " published_evidence, byline, text, word_count, format, copy_of, copy_similarity,"
            " minhash, removed_lines FROM articles ORDER BY article_id").fetchall()
        origins = con.execute("SELECT article_id, origin, record FROM article_origins"
                              " ORDER BY origin, record").fetchall()
        rejections = con.execute("SELECT origin, record, reason, detail FROM rejections"
                                 " ORDER BY origin, record, reason").fetchall()
    finally:
        con.close()
    return {"articles": arts, "article_origins": origins, "rejections": rejections}


def _count(path: Path, table: str) -> int:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.2)
        try:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0  # not created yet, or mid-migration


@pytest.mark.slow
def test_kill_9_then_rerun_equals_an_uninterrupted_run(tmp_path):
    folder = make_folder(tmp_path / "in")
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"

    t0 = time.monotonic()
    done = subprocess.run(_ingest_cmd(folder, f"sqlite:///{clean_db}"), env=_env(),
                          capture_output=True, text=True, timeout=300)
    clean_seconds = time.monotonic() - t0
    assert done.returncode == 0, done.stderr
    expected = snapshot(clean_db)
    total_origins = len(expected["article_origins"])
    assert len(expected["articles"]) >= 30 and expected["rejections"]
    assert any(a[12] for a in expected["articles"]), "the corpus should contain near-copies"

    proc = subprocess.Popen(_ingest_cmd(folder, f"sqlite:///{killed_db}"), env=_env(),
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

    again = subprocess.run(_ingest_cmd(folder, f"sqlite:///{killed_db}"), env=_env(),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert snapshot(killed_db) == expected
    con = sqlite3.connect(killed_db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    print(f"clean run {clean_seconds:.1f} s; killed after {partial}/{total_origins} origins")


def _limit_file_size(limit: int):
    def apply():  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def _assert_clean_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    err = proc.stderr
    assert "Traceback" not in err and "[SQL:" not in err and "[parameters:" not in err, err
    assert err.startswith("error: ingest stopped:"), err
    for w in words:
        assert w in err, (w, err)
    assert len(err.splitlines()) <= 6, err


def test_disk_full_is_a_clear_error_and_the_database_survives(tmp_path):
    from sitrep.store.db import Database

    folder = make_folder(tmp_path / "in", n=12, paragraphs=60)
    db_path = tmp_path / "full.db"
    Database(f"sqlite:///{db_path}").dispose()  # schema in place: the ingest writes fail
    limit = os.path.getsize(db_path) + 150_000
    proc = subprocess.run(_ingest_cmd(folder, f"sqlite:///{db_path}"), env=_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_file_size(limit))
    _assert_clean_error(proc, "disk", "running the same command again continues")
    stored = _count(db_path, "article_origins")
    assert stored < 12

    # with room again, the same command completes what was started
    again = subprocess.run(_ingest_cmd(folder, f"sqlite:///{db_path}"), env=_env(),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    reference = tmp_path / "reference.db"
    subprocess.run(_ingest_cmd(folder, f"sqlite:///{reference}"), env=_env(), check=True,
                   capture_output=True, timeout=120)
    assert snapshot(db_path) == snapshot(reference)


def test_disk_full_while_creating_the_database(tmp_path):
    folder = make_folder(tmp_path / "in", n=3, paragraphs=5)
    proc = subprocess.run(_ingest_cmd(folder, f"sqlite:///{tmp_path / 'new.db'}"), env=_env(),
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_file_size(8_192))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "[SQL:" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error: cannot open database") and "disk" in proc.stderr


def test_locked_database_fails_fast_with_a_clear_message(tmp_path):
    from sitrep.store.db import Database

    folder = make_folder(tmp_path / "in", n=3, paragraphs=5)
    db_path = tmp_path / "locked.db"
    Database(f"sqlite:///{db_path}").dispose()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # the write lock, as another writer would hold it
    try:
        t0 = time.monotonic()
        proc = subprocess.run(_ingest_cmd(folder, f"sqlite:///{db_path}"),
                              env=_env(SITREP_DB_TIMEOUT="0.5"),
                              capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - t0
        _assert_clean_error(proc, "locked", "SITREP_DB_TIMEOUT")
        assert "0.5 s" in proc.stderr
    finally:
        holder.rollback()
        holder.close()
    print(f"locked: failed after {waited:.1f} s (timeout 0.5 s, process start included)")
    again = subprocess.run(_ingest_cmd(folder, f"sqlite:///{db_path}"), env=_env(SITREP_DB_TIMEOUT="0.5"),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert _count(db_path, "articles") == 3


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


def test_two_concurrent_ingests_on_sqlite_miss_no_near_copy(tmp_path):
    """Two writers on one SQLite file: each file is stored under the write lock (BEGIN
    IMMEDIATE) after catching up with the other's articles, so near-copies split across
    the two inputs are linked as in a sequential run, and nothing is lost."""
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
