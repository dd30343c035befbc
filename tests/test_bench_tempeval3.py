"""Tests for the TempEval-3 benchmark runner (on a tiny TimeML file written here)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.analyse.timex import Timex
from sitrep.bench import tempeval3 as te3

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2015-06-03" temporalFunction="false" functionInDocument="CREATION_TIME">2015-06-03</TIMEX3></DCT>
<TEXT>
Jets <EVENT eid="e1" class="OCCURRENCE">struck</EVENT> the city on <TIMEX3 tid="t1" type="DATE" value="2015-06-02">Tuesday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3> of clashes. The town fell <TIMEX3 tid="t3" type="DATE" value="2015-05">last month</TIMEX3>. Rebels are <TIMEX3 tid="t4" type="DATE" value="PRESENT_REF">now</TIMEX3> near.
</TEXT>
</TimeML>
"""


def test_parse_tml_offsets_and_dct():
    doc = te3.parse_tml(TML, "t1.tml")
    assert doc.dct == dt.date(2015, 6, 3)
    assert [g.text for g in doc.gold] == ["Tuesday", "three days", "last month", "now"]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text
    # the creation-time TIMEX3 sits in the header and is not a gold body timex
    assert all(g.value != "2015-06-03" or g.text != "2015-06-03" for g in doc.gold)


def _tx(text: str, start: int, value: str) -> Timex:
    return Timex(text, start, start + len(text), "DATE", value, None, None, None, True)


def test_score_relaxed_overlap_and_value():
    doc = te3.parse_tml(TML)
    by = {g.text: g for g in doc.gold}
    system = [
        _tx("on Tuesday", by["Tuesday"].start - 3, "2015-06-02"),  # overlap, right value
        _tx("three days", by["three days"].start, "P4D"),  # overlap, wrong value
        _tx("struck", 5, "XXXX"),  # overlaps no gold: false positive
    ]
    c, errors = te3.score(doc.gold, system)
    assert (c.n_gold, c.n_sys, c.extent_match, c.value_correct) == (4, 3, 2, 1)
    m = c.metrics()
    assert m["value_precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert m["value_recall"] == pytest.approx(1 / 4, abs=1e-3)
    assert m["extent_f1_relaxed"] == pytest.approx(2 * (2 / 3) * (2 / 4) / (2 / 3 + 2 / 4), abs=1e-3)
    kinds = sorted(e["kind"] for e in errors)
    assert kinds == ["missed", "missed", "spurious", "value"]


def test_run_on_a_tiny_corpus(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "doc1.tml").write_text(TML, encoding="utf-8")
    res = te3.run(tmp_path)
    assert res["name"] == "tempeval3"
    m = res["metrics"]
    assert m["n_gold"] == 4
    # the finder gets all four right on this easy text
    assert m["value_f1"] == pytest.approx(1.0)
    assert set(m) >= {"value_f1", "value_precision", "value_recall", "extent_f1_relaxed", "n_gold"}
    assert res["details"]["even_held_out"]["n_gold"] == 4  # the only file has index 0


def test_default_data_path_shape():
    assert te3.DEFAULT_DATA == ("bench", "tempeval3", "TBAQ-cleaned")


def test_real_corpus_score_and_speed():
    """Regression guard on the shared development corpus (skips when it is absent)."""
    import time

    from sitrep.config import shared_path

    data = shared_path(*te3.DEFAULT_DATA)
    if data is None or not data.exists():
        pytest.skip("shared TempEval-3 data not available")
    t0 = time.perf_counter()
    res = te3.run(data)
    assert time.perf_counter() - t0 < 30
    assert res["details"]["n_docs"] == 256
    assert res["metrics"]["n_gold"] > 1800
    assert res["metrics"]["value_f1"] >= 0.785  # 0.796 on 2026-12-01
    assert res["details"]["even_held_out"]["value_f1"] >= 0.775  # 0.782 (held out)
