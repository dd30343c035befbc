"""The HTML pages: what an analyst sees on each, and the evidence highlighting."""

from __future__ import annotations

import json

from sitrep.show.web.pages import highlight


def test_timeline_groups_events_by_day_with_links(client):
    html = client.get("/").text
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    for e in events:
        assert f'href="/events/{e["event_id"]}"' in html
    assert html.count('<section class="day">') == len({e["event_date"] for e in events})
    assert 'class="badge">event_date<' in html  # the rival start dates of the assault


def test_timeline_filters(client):
    html = client.get("/", params={"type": "Explosions/Remote violence"}).text
    n = client.get("/api/events", params={"type": "Explosions/Remote violence"}).json()["total"]
    assert html.count('class="event-row') == n
    assert client.get("/", params={"since": "not-a-date"}).status_code == 422


def test_event_page_shows_sources_claims_and_disagreements_side_by_side(client):
    ev = client.get("/api/events", params={"disputed": "true"}).json()["items"][0]
    detail = client.get(f"/api/events/{ev['event_id']}").json()
    html = client.get(f"/events/{ev['event_id']}").text
    assert 'id="disagreements"' in html and html.count('class="claim-col"') >= 2
    for s in detail["sources"]:
        assert f'href="/articles/{s["article_id"]}"' in html
    for v in detail["disputes"][0]["values"]:
        assert v["value"] in html


def test_event_page_claims_table(client):
    ev = next(e for e in client.get("/api/events", params={"limit": 500}).json()["items"] if e["claims"])
    html = client.get(f"/events/{ev['event_id']}").text
    assert html.count('<tr class="claim') == len(ev["claims"])


def test_article_page_marks_the_evidence(client):
    arts = client.get("/api/articles", params={"limit": 500}).json()["items"]
    art = max(arts, key=lambda a: a["word_count"])
    detail = client.get(f"/api/articles/{art['article_id']}").json()
    html = client.get(f"/articles/{art['article_id']}").text
    assert html.count("<mark") >= len({m["sentence"] for m in detail["mentions"]}) > 0
    linked = {m["event_id"] for m in detail["mentions"] if m["event_id"]}
    for event_id in linked:
        assert f'href="/events/{event_id}"' in html


def test_search_finds_events_and_articles(client):
    html = client.get("/search", params={"q": "Hasakah"}).text
    assert "Events (" in html and 'href="/events/' in html
    html = client.get("/search", params={"q": "Hasakeh"}).text  # in article text
    assert 'href="/articles/' in html
    assert "No events." in client.get("/search", params={"q": "zzqqxx"}).text


def test_unknown_pages_are_friendly_404s(client):
    r = client.get("/events/ev_nope")
    assert r.status_code == 404 and "ev_nope" in r.text and "<html" in r.text


def test_report_page_is_the_situation_report(client):
    r = client.get("/report")
    assert r.status_code == 200 and "Situation report" in r.text
    assert "script-src" not in r.headers["content-security-policy"]  # none allowed (default-src 'none')


def test_highlight_cuts_the_text_into_marked_and_plain_segments():
    text = "First one. IS attacked Hasakah. Then quiet. 12 were killed."
    mentions = [{"sentence": "IS attacked Hasakah.", "event_id": "ev_1", "sub_event_type": "Attack", "trigger": "attacked"}]
    claims = [{"sentence": "12 were killed.", "value": 12, "kind": "killed", "attributed_to": None},
              {"sentence": "not in the text", "value": 1, "kind": "killed"}]
    segs = highlight(text, mentions, claims)
    assert "".join(s["text"] for s in segs) == text
    marked = [s for s in segs if s["mark"]]
    assert [s["text"] for s in marked] == ["IS attacked Hasakah.", "12 were killed."]
    assert marked[0]["event_id"] == "ev_1" and "claim: 12 killed" in marked[1]["label"]
    assert highlight("", [], []) == []


def test_ingest_over_the_api_with_the_token(db_url, client_for):
    c = client_for(db_url, token="tok")
    auth = {"Authorization": "Bearer tok"}
    body = "\n".join([
        json.dumps({"title": "Clashes in Kobani", "published": "2015-06-26", "outlet": "Wire",
                    "text": "Islamic State fighters attacked the Syrian town of Kobani on Thursday, killing "
                            "at least 20 civilians, the Syrian Observatory for Human Rights said."}),
        json.dumps({"title": 5, "text": "wrong types"}),
        "not json"])
    r = c.post("/api/ingest", content=body, headers=auth)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["new"] == 1 and out["rejected"] == 2 and out["events"] >= 1
    assert {x["reason"] for x in out["rejections"]} == {"malformed_json"}
    again = c.post("/api/ingest", content=body, headers=auth).json()
    assert again["new"] == 0 and again["duplicates"] == 1  # a retried upload stores nothing twice
    assert c.get("/api/stats").json()["articles"] == 1
    events = c.get("/api/events", params={"place": "Kobani", "radius_km": 30}).json()
    assert events["total"] >= 1 and events["items"][0]["fatalities"] == 20
    assert c.post("/api/ingest", content=b"", headers=auth).status_code == 422


def test_ingest_refuses_an_upload_over_the_limit(db_url, client_for):
    c = client_for(db_url, token="tok", max_upload_bytes=1000)
    r = c.post("/api/ingest", content=json.dumps({"text": "x" * 5000}), headers={"Authorization": "Bearer tok"})
    assert r.status_code == 413
