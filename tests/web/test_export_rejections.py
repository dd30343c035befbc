"""Downloads of the filtered events, and the rejected-input list, in the web app."""

from __future__ import annotations

import csv
import io
import json

from sitrep.ingest.run import ingest_paths
from sitrep.show.export import EVENT_FIELDS, write
from sitrep.store.db import Database


def test_csv_export_is_the_acled_style_table_of_the_filtered_events(client):
    r = client.get("/api/export", params={"format": "csv", "type": "battles"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == EVENT_FIELDS
    assert {x["event_type"] for x in rows} == {"Battles"}
    assert len(rows) == client.get("/api/events", params={"type": "battles"}).json()["total"]


def test_jsonl_and_geojson_exports(client):
    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == client.get("/api/events").json()["total"]
    assert list(json.loads(lines[0])) == EVENT_FIELDS
    fc = client.get("/api/export", params={"format": "geojson"}).json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(lines)
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


def test_csv_cells_never_start_a_formula():
    rows = [{"event_id": "=HYPERLINK(\"http://x\")", "notes": "+1 cmd", "location": "@SUM(A1)",
             "actor1": "-2+3", "claims": [], "sources": [], "disputed": [], "fatalities": -1}]
    out = io.StringIO()
    write(rows, "events", "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["event_id"].startswith("'=") and row["notes"].startswith("'+")
    assert row["location"].startswith("'@") and row["actor1"].startswith("'-")
    assert row["fatalities"] == "-1"  # numbers are numbers


def test_rejections_are_listed_with_their_reasons(db_url, client_for, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"text": 5}\n<b onmouseover=alert(1)>not json</b>\n')
    db = Database(db_url)
    ingest_paths([tmp_path], db)
    db.dispose()
    c = client_for(db_url)
    page = c.get("/api/rejections").json()
    assert page["total"] == 3
    assert {r["reason"] for r in page["items"]} >= {"empty", "malformed_json"}
    html = c.get("/rejections").text
    assert html.count("<tr>") - 1 == 3 and "<b onmouseover" not in html
    assert c.get("/api/rejections", params={"reason": "empty"}).json()["total"] == 1
