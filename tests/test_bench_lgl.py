"""LGL scorer on a tiny corpus written by the test."""

import json

from sitrep.bench import lgl

XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Clashes near Aleppo and in Damascus. Flights to Tokyo resumed.]]></text>
    <toponyms>
      <toponym><start>13</start><end>19</end><phrase>Aleppo</phrase>
        <gaztag geonameid="170063"><lat>36.20124</lat><lon>37.16117</lon></gaztag></toponym>
      <toponym><start>27</start><end>35</end><phrase>Damascus</phrase>
        <gaztag geonameid="170654"><lat>33.5102</lat><lon>36.29128</lon></gaztag></toponym>
      <toponym><start>48</start><end>53</end><phrase>Tokyo</phrase>
        <gaztag geonameid="0"><lat>0.0</lat><lon>0.0</lon></gaztag></toponym>
      <toponym><start>0</start><end>7</end><phrase>Clashes</phrase></toponym>
    </toponyms>
  </article>
  <article docid="2">
    <text><![CDATA[The xyzzy quux met.]]></text>
    <toponyms>
      <toponym><start>4</start><end>9</end><phrase>xyzzy</phrase>
        <gaztag geonameid="1"><lat>10.0</lat><lon>10.0</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_haversine():
    assert abs(lgl.haversine_km(0, 0, 0, 1) - 111.2) < 0.5
    assert lgl.haversine_km(36.2, 37.16, 36.2, 37.16) == 0


def test_run_on_tiny_corpus(tmp_path):
    path = tmp_path / "tiny.xml"
    path.write_text(XML, encoding="utf-8")
    arts = lgl.load(path)
    assert [len(a.toponyms) for a in arts] == [3, 1]  # the toponym without gaztag is dropped
    out = lgl.run(path)
    json.dumps(out)  # JSON-serialisable
    assert out["name"] == "lgl"
    m = out["metrics"]
    assert m["n_toponyms"] == 4
    # Aleppo and Damascus right; Tokyo placed at (0, 0) by the fake gold is wrong;
    # "xyzzy" is unknown -> a miss that is excluded from the mean error.
    assert m["resolution_acc@161km"] == 0.5
    assert out["details"]["resolution_all"]["n_with_prediction"] == 3
    assert out["details"]["resolution_odd"]["n_toponyms"] == 3
    assert out["details"]["resolution_even"]["acc@161km"] == 0.0
    assert m["acc@161km"] == 0.5  # end to end finds the same three
    assert m["mean_error_km"] > 1000  # Tokyo vs (0, 0)
    assert lgl.DEFAULT_DATA == ("bench", "geo", "lgl.xml")
