"""The JSON API on both backends: filters, pagination, one event's provenance, errors."""

from __future__ import annotations

from sitrep.show.export import EVENT_FIELDS


def _all(client, path, **params):
    out, offset = [], 0
    while True:
        page = client.get(path, params={**params, "limit": 3, "offset": offset}).json()
        out += page["items"]
        offset += 3
        if offset >= page["total"]:
            return out, page["total"]


def test_events_are_schema_records_and_pages_add_up(client):
    first = client.get("/api/events").json()
    assert first["total"] >= 10 and first["limit"] == 50 and first["offset"] == 0
    assert all(list(e) == EVENT_FIELDS for e in first["items"])
    paged, total = _all(client, "/api/events")
    assert total == first["total"]
    assert [e["event_id"] for e in paged] == [e["event_id"] for e in first["items"]]
    days = [e["event_date"] for e in paged]
    assert days == sorted(days)


def test_event_filters(client):
    everything = client.get("/api/events", params={"limit": 500}).json()["items"]
    def ids(**params):
        return {e["event_id"] for e in client.get("/api/events", params={**params, "limit": 500}).json()["items"]}

    june = ids(since="2015-06-01", until="2015-06-30")
    assert june and all("2015-06-01" <= e["date_end"] and e["event_date"] <= "2015-06-30"
                        for e in everything if e["event_id"] in june)
    assert june == {e["event_id"] for e in everything
                    if e["date_end"] >= "2015-06-01" and e["event_date"] <= "2015-06-30"}
    battles = ids(type="battles")
    assert battles == {e["event_id"] for e in everything if e["event_type"] == "Battles"}
    assert ids(type="Armed clash") == {e["event_id"] for e in everything if e["sub_event_type"] == "Armed clash"}
    isis = ids(actor="islamic")
    assert isis and all(any("Islamic" in (a or "") for a in [e["actor1"], e["actor2"], *e["assoc_actor_1"],
                                                              *e["assoc_actor_2"]])
                        for e in everything if e["event_id"] in isis)
    deadly = ids(min_fatalities=10)
    assert deadly == {e["event_id"] for e in everything if (e["fatalities"] or 0) >= 10}
    disputed = ids(disputed="true")
    assert disputed == {e["event_id"] for e in everything if e["disputed"]}
    assert ids(disputed="false") == {e["event_id"] for e in everything} - disputed
    assert ids(background="false") == {e["event_id"] for e in everything if not e["background"]}


def test_place_and_radius(client):
    near = client.get("/api/events", params={"place": "36.50,40.75", "radius_km": 25, "limit": 500}).json()
    assert near["total"] >= 3
    assert all(abs(e["latitude"] - 36.5) < 0.3 for e in near["items"])
    by_name = client.get("/api/events", params={"place": "Hasakah", "radius_km": 25, "limit": 500}).json()
    assert {e["event_id"] for e in by_name["items"]} == {e["event_id"] for e in near["items"]}
    far = client.get("/api/events", params={"place": "48.85,2.35", "radius_km": 100}).json()
    assert far["total"] == 0
    assert client.get("/api/events", params={"place": "Nowhereville Qqq"}).status_code == 422


def test_one_event_with_its_provenance(client):
    disputed = client.get("/api/events", params={"disputed": "true"}).json()["items"]
    assert disputed
    d = client.get(f"/api/events/{disputed[0]['event_id']}").json()
    assert d["event"]["event_id"] == disputed[0]["event_id"]
    assert d["sources"] and d["independent_sources"] >= 1 and d["merge_trail"]
    assert d["disputes"] and all(v["articles"] for x in d["disputes"] for v in x["values"])
    assert {x["field"] for x in d["disputes"]} <= set(d["event"]["disputed"]) | {"territory"}


def test_articles_claims_timeline_stats(client):
    arts = client.get("/api/articles").json()
    assert arts["total"] == 6 and all("text" not in a for a in arts["items"])
    one = client.get(f"/api/articles/{arts['items'][0]['article_id']}").json()
    assert one["article"]["text"] and isinstance(one["mentions"], list)
    assert client.get("/api/articles", params={"q": "Hasakeh"}).json()["total"] >= 1
    claims = client.get("/api/claims", params={"kind": "killed", "limit": 500}).json()
    assert claims["total"] >= 4 and all(c["kind"] == "killed" for c in claims["items"])
    ev = next(e for e in client.get("/api/events", params={"limit": 500}).json()["items"] if e["claims"])
    of_event = client.get("/api/claims", params={"event_id": ev["event_id"]}).json()
    assert of_event["total"] >= 1
    timeline = client.get("/api/timeline").json()
    assert timeline["total"] == client.get("/api/events").json()["total"]
    assert {"date", "event_id", "independent_sources", "disputed"} <= set(timeline["items"][0])
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 6 and stats["events"] == timeline["total"]


def test_geojson(client):
    fc = client.get("/api/events.geojson").json()
    assert fc["type"] == "FeatureCollection" and fc["features"]
    lon, lat = fc["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert len(client.get("/api/events.geojson", params={"type": "battles"}).json()["features"]) <= len(fc["features"])


def test_errors_are_json_with_a_reason(client):
    r = client.get("/api/events/ev_nope")
    assert r.status_code == 404 and "ev_nope" in r.json()["detail"]
    assert client.get("/api/events", params={"since": "June"}).status_code == 422
    assert client.get("/api/events", params={"limit": 0}).status_code == 422
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422
    assert client.get("/api/articles/nope").status_code == 404


def test_openapi_describes_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/claims", "/api/ingest",
                 "/api/timeline", "/api/events.geojson"):
        assert path in spec["paths"], path
    page = client.get("/api")
    assert page.status_code == 200 and "/api/events" in page.text


def test_geojson_says_when_it_is_cut_short(seeded_url):
    from sitrep.show.web import queries
    from sitrep.show.web.queries import EventFilter
    from sitrep.store.db import Database

    db = Database(seeded_url)
    with db.engine.connect() as conn:
        full = queries.geojson(conn, EventFilter())
        cut = queries.geojson(conn, EventFilter(), limit=3)
    db.dispose()
    assert not full["truncated"] and full["matched"] >= len(full["features"])
    assert cut["truncated"] and len(cut["features"]) <= 3 and cut["matched"] == full["matched"]
