"""`sitrep serve` refuses bad set-ups with one clear line (and the live server runs)."""

from __future__ import annotations

import json
import urllib.request

from typer.testing import CliRunner

from sitrep.cli import app


def test_an_unreachable_database_is_exit_2_with_a_reason():
    r = CliRunner().invoke(app, ["serve", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x", "--no-refresh"])
    assert r.exit_code == 2 and "cannot open database" in r.output


def test_an_empty_or_missing_token_file_is_refused(tmp_path, sqlite_url):
    empty = tmp_path / "token"
    empty.write_text("  \n")
    r = CliRunner().invoke(app, ["serve", "--db", sqlite_url, "--token-file", str(empty)])
    assert r.exit_code == 2 and "empty" in r.output
    r = CliRunner().invoke(app, ["serve", "--db", sqlite_url, "--token-file", str(tmp_path / "nope")])
    assert r.exit_code == 2 and "cannot read --token-file" in r.output


def test_the_live_server_answers_and_is_read_only(live_server):
    with urllib.request.urlopen(live_server + "/api/stats") as r:
        assert json.load(r)["articles"] == 6
    req = urllib.request.Request(live_server + "/api/ingest", data=b'{"text": "x"}', method="POST")
    try:
        urllib.request.urlopen(req)
        raise AssertionError("a write went through on a read-only server")
    except urllib.error.HTTPError as exc:
        assert exc.code == 403
