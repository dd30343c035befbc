"""Sanity checks of the scorer on the real gold (skipped when shared/ is absent)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from sitrep.config import shared_path
from sitrep.evaluation.report import render_table, to_json
from sitrep.evaluation.scoring import evaluate, gold_as_predictions, load_gold, score_events, score_mentions

GOLD_PATH = shared_path("eval", "seeds.gold.json") or Path("/work/shared/eval/seeds.gold.json")

pytestmark = pytest.mark.skipif(not GOLD_PATH.exists(), reason="shared gold not present")


@pytest.fixture(scope="module")
def gold():
    return load_gold(GOLD_PATH)


def test_gold_loads_with_expected_shape(gold):
    assert len(gold.events) == len(json.loads(GOLD_PATH.read_text())["events"])
    assert sorted(gold.articles) == ["000", "001", "002", "003", "004"]
    assert sum(not a.published_in_text for a in gold.articles.values()) == 3
    assert all(e.date_tolerance_days == 31 for e in gold.events if e.background)


def test_gold_scored_against_itself_is_perfect(gold):
    s = score_events(gold_as_predictions(gold), gold)
    assert s.precision == 1.0 and s.recall == 1.0 and s.f1 == 1.0
    assert all(m.gold_id == m.pred_id for m in s.matches)  # each event matched to itself
    assert len(s.matches) == len(gold.events)
    assert s.false_positives == () and s.missed_core == ()
    assert s.fatalities.rate == 1.0 and s.merge.rate == 1.0
    assert s.not_event_violations == 0


def test_core_events_alone_without_sources(gold):
    preds = gold_as_predictions(gold, gold.core_events)
    for p in preds:
        p["sources"] = []
    s = score_events(preds, gold)
    assert s.precision == 1.0 and s.recall == 1.0
    assert all(m.gold_id == m.pred_id for m in s.matches)
    assert s.merge.rate == 0.0  # nothing carries its seeds


def test_gold_as_single_source_mentions(gold):
    mentions = [dict(p, article_id=src["article_id"], sources=[]) for p in gold_as_predictions(gold)
                for src in p["sources"]]
    m = score_mentions(mentions, gold)
    assert m.precision == 1.0 and m.recall == 1.0 and m.off_seed == 0
    assert m.per_gold["H01"] == 3


def test_report_renders(gold):
    preds = gold_as_predictions(gold)
    preds[0]["latitude"] = 30.0  # G01 moved far away: a miss and a false positive
    preds.append(dict(preds[5], event_id="dup"))
    r = evaluate(preds, None, {"000": {"published": "2015-06-03"}, "001": {"published": None}}, gold)
    buf = io.StringIO()
    Console(file=buf, width=200).print(render_table(r))
    out = buf.getvalue()
    assert "events precision" in out and "merge recall" in out
    assert "G01" in out and "dup" in out and "radius 50" in out
    d = json.loads(to_json(r))
    assert d["events"]["missed_core"][0]["gold_id"] == "G01"
    assert {f["pred_id"] for f in d["events"]["false_positives"]} == {"G01", "dup"}
    assert d["dates"]["undated_right"] == 1 and d["dates"]["undated_unknown"] == 1
