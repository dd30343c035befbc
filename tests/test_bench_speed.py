"""Speed benchmark on a tiny corpus: the output's shape and the measurements' sanity
(no timed assertions: speed is reported, not asserted)."""

from __future__ import annotations

import datetime as dt
import json

from sitrep.bench import speed

XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <title>Clashes near Aleppo</title>
    <url>http://example.org/1</url>
    <dltime>2015-06-03 12:24:52.002364-05</dltime>
    <text><![CDATA[Clashes near Aleppo. Islamic State fighters attacked government positions near Aleppo on Monday, killing 12 soldiers, the Syrian Observatory for Human Rights said.]]></text>
  </article>
  <article docid="2">
    <title>Council meets</title>
    <dltime>not a date</dltime>
    <text><![CDATA[The town council of Springfield met on Tuesday to discuss the new library.]]></text>
  </article>
</articles>
"""


def test_load_lgl_takes_text_title_and_download_day(tmp_path):
    path = tmp_path / "tiny.xml"
    path.write_text(XML, encoding="utf-8")
    a, b = speed.load_lgl(path)
    assert (a.published, a.title, a.url) == ("2015-06-03", "Clashes near Aleppo", "http://example.org/1")
    assert b.published is None and b.text.startswith("The town council")
    lines = speed.write_jsonl([a, b], tmp_path).read_text().splitlines()
    assert json.loads(lines[0])["published"] == "2015-06-03" and "published" not in json.loads(lines[1])


def test_synthetic_mentions_are_plausible_and_reproducible():
    ms, articles = speed.synthetic_mentions(500, seed=3)
    again, _ = speed.synthetic_mentions(500, seed=3)
    assert len(ms) == 500 and [m.mention_id for m in ms] == [m.mention_id for m in again]
    assert {m.article_id for m in ms} <= set(articles)
    days = [m.event_date for m in ms]
    assert min(days) >= dt.date(2014, 12, 31) and max(days) <= dt.date(2016, 1, 1)
    assert 50 < len({m.location for m in ms}) <= 215
    assert any(m.latitude is None for m in ms) and any(m.geo_precision == 3 for m in ms)


def test_slope_is_the_log_log_gradient():
    assert speed._slope([10, 100], [1.0, 10.0]) == 1.0
    assert speed._slope([10, 100], [1.0, 100.0]) == 2.0
    assert speed._slope([10], [1.0]) is None


def test_run_on_a_tiny_corpus_reports_every_stage(tmp_path):
    # SQLite only: the benchmark times the pipeline into a scratch SQLite file of its own
    # (sitrep.bench.speed picks it, no URL to pass); the stages' PostgreSQL behaviour is
    # covered by the database tests, e.g. test_dask_engine and test_seeds_pipeline
    path = tmp_path / "tiny.xml"
    path.write_text(XML, encoding="utf-8")
    result = speed.run(path, seeds=False, sizes=(100, 300))
    assert result["name"] == "speed"
    m, d = result["metrics"], result["details"]
    pipe = d["lgl"]["pipeline"]
    assert pipe["articles"] == 2 and pipe["failed"] == 0
    assert pipe["mentions"] >= 1 and pipe["events"] >= 1  # the Aleppo attack
    for stage in ("load", "ingest", "analyse", "date_inference", "reanalyse_redated", "resolve"):
        assert pipe["seconds"][stage] >= 0
    assert abs(pipe["seconds"]["total"] - sum(v for k, v in pipe["seconds"].items()
                                              if k not in ("load", "total"))) < 0.01
    assert 50 < pipe["peak_rss_mb"] < 4096  # the child's own peak, with the models loaded
    ref = d["lgl"]["spacy"]
    assert ref["articles"] == 2 and "parser" in ref["pipes"] and "ner" in ref["pipes"]
    assert m["ratio_vs_spacy"] == round(pipe["articles_per_s"] / ref["articles_per_s"], 3)
    rows = d["scaling"]["sizes"]
    assert [r["mentions"] for r in rows] == [100, 300]
    assert all(0 < r["events"] <= r["clusters"] < r["mentions"] for r in rows)
    assert m["resolve_slope"] == d["scaling"]["slope_resolve"] is not None
    assert "seeds" not in d and all(isinstance(v, (int, float)) for v in m.values())
