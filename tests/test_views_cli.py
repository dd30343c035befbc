"""End to end: two small .txt articles (one a near-copy of the other) through `sitrep
ingest` into a temporary database (SQLite, then PostgreSQL), then timeline / events / show / report."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sitrep.cli import app

runner = CliRunner()

STORY = """Islamic State attacks army positions in Hasakah <script>alert(1)</script>

HASAKAH, Syria, June 3, 2015 (AFP) - Islamic State fighters attacked Syrian army positions on the southern edge of Hasakah city on Tuesday, a monitoring group said.

At least {n} soldiers were killed in the clashes, the Syrian Observatory for Human Rights said. The group said the jihadists used three car bombs in the assault on the city.

Residents said the fighting continued into the night as government aircraft struck the attackers near the city's main prison. Thousands of civilians and aid workers have fled the area in recent weeks, aid workers said.

The army said reinforcements had arrived from Qamishli and that the attack had been repelled after hours of fighting. Officials did not say how many attackers were killed.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory, module_databases) -> str:
    src = tmp_path_factory.mktemp("articles")
    (src / "a.txt").write_text(STORY.format(n=20), encoding="utf-8")
    (src / "b.txt").write_text(STORY.format(n=25), encoding="utf-8")  # the same story, another figure
    url = module_databases.new()  # on each backend in turn
    r = runner.invoke(app, ["ingest", str(src), "--db", url, "--quiet"])
    assert r.exit_code == 0, r.output
    return url


def _json(args: list[str]):
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_timeline_counts_near_copies_once(db):
    arts = _json(["articles", "--db", db, "--json"])
    assert len(arts) == 2 and sum(1 for a in arts if a["copy_of"]) == 1
    rows = _json(["timeline", "--db", db, "--json"])
    assert rows, "the story reports at least one event"
    for row in rows:
        assert row["sources"] in (1, 2) and row["independent_sources"] == 1
    assert any(row["sources"] == 2 for row in rows)
    r = runner.invoke(app, ["timeline", "--db", db])
    assert r.exit_code == 0 and "timeline" in r.stdout and rows[0]["event_id"] in r.stdout


def test_events_filters_and_errors(db):
    evs = _json(["events", "--db", db, "--json"])
    assert evs and {"event_id", "sources", "claims", "disputed", "mention_ids"} <= set(evs[0])
    e = next(x for x in evs if x["latitude"] is not None)
    near = _json(["events", "--db", db, "--json", "--place", f"{e['latitude']},{e['longitude']}", "--radius", "1"])
    assert e["event_id"] in [x["event_id"] for x in near]
    assert _json(["events", "--db", db, "--json", "--place", "0,0", "--radius", "10"]) == []
    typed = _json(["events", "--db", db, "--json", "--type", e["sub_event_type"].upper()])
    assert e["event_id"] in [x["event_id"] for x in typed]
    assert all(e["sub_event_type"] in (x["sub_event_type"], x["event_type"]) for x in typed)
    assert _json(["events", "--db", db, "--json", "--since", "2100-01-01"]) == []
    assert _json(["events", "--db", db, "--json", "--min-fatalities", "1000000"]) == []
    assert _json(["events", "--db", db, "--json", "--actor", "no such actor xyz"]) == []
    assert runner.invoke(app, ["events", "--db", db, "--since", "yesterday"]).exit_code == 2
    assert runner.invoke(app, ["events", "--db", db, "--place", "Qqqzzxv Nowhere"]).exit_code == 1
    r = runner.invoke(app, ["events", "--db", db])
    assert r.exit_code == 0 and f"of {len(evs)} events" in r.stdout


def test_show_full_provenance(db):
    evs = _json(["events", "--db", db, "--json"])
    e = max(evs, key=lambda x: len(x["sources"]))
    p = _json(["show", e["event_id"], "--db", db, "--json"])
    assert p["event_id"] == e["event_id"] and p["mention_ids"] == e["mention_ids"]
    assert len(p["sources"]) == len(e["sources"]) and p["independent_sources"] == 1
    assert all(s["sentence"] for s in p["sources"]) and "published_source" in p["sources"][0]
    assert p["fields"]["event_date"] == e["event_date"]
    r = runner.invoke(app, ["show", e["event_id"], "--db", db])
    assert r.exit_code == 0 and "sources" in r.stdout and "claims" in r.stdout
    assert runner.invoke(app, ["show", "ev_doesnotexist", "--db", db]).exit_code == 1


def test_report_md_and_html(db, tmp_path):
    r = runner.invoke(app, ["report", "--db", db])
    assert r.exit_code == 0 and "## Timeline" in r.stdout and "## Sources" in r.stdout
    assert "<script>" not in r.stdout
    out = tmp_path / "report.html"
    r = runner.invoke(app, ["report", "--db", db, "--format", "html", "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert "<h2>Casualty ledger</h2>" in page and "<script" not in page
    assert "Hasakah &lt;script&gt;alert(1)&lt;/script&gt;" in page  # the article title, escaped
    empty = runner.invoke(app, ["report", "--db", db, "--until", "1900-01-01"])
    assert empty.exit_code == 0 and "No events." in empty.stdout
    assert runner.invoke(app, ["report", "--db", db, "--format", "pdf"]).exit_code == 2
