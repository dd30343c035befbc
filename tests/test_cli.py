"""The command line: contract names from shared/docs/cli.md, exit codes, JSON output."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from sitrep.cli import app

runner = CliRunner()
STORY = ("Islamic State fighters attacked army positions near the city on Tuesday, a monitoring group said. "
         "At least 20 fighters were killed in the clashes, the group said.")


def test_ingest_json_idempotent_and_exit_codes(tmp_path, db_url):
    db = db_url
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(STORY)
    (src / "b.bin").write_bytes(b"\x00\x01" * 100)
    r = runner.invoke(app, ["ingest", str(src), "--db", db, "--json", "--no-analyse"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["summary"]["new"] == 1 and out["summary"]["rejected"] == 1
    rej = [d for d in out["documents"] if d["status"] == "rejected"][0]
    assert rej["reason"] == "unsupported" and rej["origin"].endswith("b.bin")
    r2 = runner.invoke(app, ["ingest", str(src), "--db", db, "--json", "--no-analyse"])
    assert json.loads(r2.output)["summary"]["duplicates"] == 1
    r3 = runner.invoke(app, ["rejections", "--db", db, "--json"])
    assert [x["reason"] for x in json.loads(r3.output)] == ["unsupported"]


def test_nothing_ingested_is_nonzero(tmp_path, db_url):
    (tmp_path / "e.txt").write_text("")
    r = runner.invoke(app, ["ingest", str(tmp_path / "e.txt"), "--db", db_url, "--quiet",
                            "--no-analyse"])
    assert r.exit_code == 1


def test_unreachable_database_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    r = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--no-analyse",
                            "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert r.exit_code == 2 and "cannot open database" in r.output


def test_export_articles_csv_and_jsonl(tmp_path, db_url):
    db = db_url
    (tmp_path / "a.txt").write_text("A headline\n\n" + STORY)
    runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--quiet", "--no-analyse"])
    r = runner.invoke(app, ["export", "--what", "articles", "--db", db])
    rec = json.loads(r.output.splitlines()[0])
    assert rec["title"] == "A headline" and rec["published"] is None and rec["published_source"] is None
    assert set(rec) >= {"article_id", "outlet", "url", "title", "published", "published_source", "text", "rejected"}
    out = tmp_path / "a.csv"
    r = runner.invoke(app, ["export", "--what", "articles", "--format", "csv", "-o", str(out), "--db", db])
    assert r.exit_code == 0 and out.read_text().startswith("article_id,outlet,url,title")
    bad = runner.invoke(app, ["export", "--format", "xml", "--db", db])
    assert bad.exit_code == 2


def test_db_info(db_url):
    r = runner.invoke(app, ["db", "--db", db_url, "--json"])
    info = json.loads(r.output)
    assert info["revision"] and info["articles"] == 0


def test_a_bare_path_is_a_sqlite_database(tmp_path):
    """SQLite only: `--db x.db` (no URL scheme) means a SQLite file."""
    path = tmp_path / "x.db"
    r = runner.invoke(app, ["db", "--db", str(path), "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["articles"] == 0 and path.is_file()


def test_python_dash_m_is_the_same_cli(tmp_path):
    r = subprocess.run([sys.executable, "-m", "sitrep", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.startswith("sitrep ")


def test_engine_options_are_validated(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    db = str(tmp_path / "x.db")
    r = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--engine", "spark"])
    assert r.exit_code == 2 and "--engine" in r.output
    r = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db, "--scheduler", "tcp://x:8786"])
    assert r.exit_code == 2 and "--engine dask" in r.output
