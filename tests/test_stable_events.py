"""Stored events keep their ids as articles are added; the merge trail says why."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.resolve.run import assign_stable_ids
from tests.conftest import fetch

runner = CliRunner()


def ev(eid, mentions, date="2015-06-03", notes=""):
    return {"event_id": eid, "mention_ids": mentions, "event_date": date, "notes": notes}


def test_an_event_keeps_its_old_id_when_new_mentions_join():
    events = [ev("ev_new", ["m0", "m1"]), ev("ev_other", ["m2"])]
    assign_stable_ids(events, {"m1": "ev_old"})
    assert {e["event_id"] for e in events} == {"ev_old", "ev_other"}


def test_ids_never_collide_and_notes_follow():
    events = [ev("ev_a", ["m1"], notes="see ev_b"), ev("ev_b", ["m2"])]
    assign_stable_ids(events, {"m1": "ev_z", "m2": "ev_z"})  # both claim the same old id
    ids = [e["event_id"] for e in events]
    assert len(set(ids)) == 2 and "ev_z" in ids
    a = next(e for e in events if "see" in e["notes"])
    b = next(e for e in events if e is not a)
    assert a["notes"] == f"see {b['event_id']}"


def test_ids_are_stable_across_incremental_ingest(tmp_path, db_url):
    db = db_url
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.txt").write_text(
        "Regime warplanes struck the town of Douma on Tuesday, killing six civilians, the Syrian "
        "Observatory for Human Rights said.\n\nPublished December 24th, 2014 - 08:53 GMT\n")
    runner.invoke(app, ["ingest", str(first), "--db", db, "--quiet"])
    before = [json.loads(x) for x in runner.invoke(app, ["export", "--db", db]).output.splitlines()]
    assert len(before) == 1
    (second / "b.txt").write_text(
        "Syrian government warplanes carried out an air strike on Douma on Tuesday that killed seven "
        "civilians, activists said.\n\nPublished December 24th, 2014 - 10:00 GMT\n")
    runner.invoke(app, ["ingest", str(second), "--db", db, "--quiet"])
    after = [json.loads(x) for x in runner.invoke(app, ["export", "--db", db]).output.splitlines()]
    assert len(after) == 1 and after[0]["event_id"] == before[0]["event_id"]
    assert len(after[0]["sources"]) == 2 and after[0]["fatalities_high"] == 7

    rows = fetch(db, "select joined_with, why from event_mentions order by joined_with is not null")
    assert rows[0] == (None, "first report of the event")
    assert rows[1][0] is not None and "another article" in rows[1][1]
