"""The serve load benchmark's parts: its request mix is valid, and its wrk run parses.
(No timing is asserted: `sitrep bench serve` reports numbers, tests check the method.)"""

from __future__ import annotations

import shutil

import pytest

from sitrep.bench import serve as bench_serve


def test_every_request_of_the_mix_answers_200(seeded_url, client_for):
    paths = bench_serve.request_mix(seeded_url)
    assert len(set(paths)) >= 30
    kinds = {p.split("?")[0].rsplit("/", 1)[0] if p.count("/") > 2 else p.split("?")[0] for p in paths}
    assert {"/api/events", "/api/articles", "/api/claims", "/api/events.geojson", "/api/timeline"} <= kinds
    client = client_for(seeded_url)
    bad = [p for p in sorted(set(paths)) if client.get(p).status_code != 200]
    assert bad == []


def test_an_empty_database_is_refused(sqlite_url):
    with pytest.raises(RuntimeError, match="no events"):
        bench_serve.request_mix(sqlite_url)


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk not installed (apt-get install wrk)")
def test_wrk_summary_is_read(live_server, sqlite_seeded):
    paths = bench_serve.request_mix(sqlite_seeded)[:20]
    out = bench_serve.wrk(live_server, paths, seconds=1, connections=2)
    assert out["requests"] > 0 and out["error_total"] == 0
    assert 0 < out["p50_ms"] <= out["p99_ms"] <= out["max_ms"]
