"""Web security: untrusted text is escaped everywhere, a strict CSP on every page, no
file outside the fixed lists is reachable, SQL only through bound parameters, and
writes only with the token."""

from __future__ import annotations

import json

import pytest

from sitrep.show.web.app import CSP
from tests.web.conftest import HOSTILE

PAGES = ["/", "/map", "/articles", "/search?q=Hasakah", "/api", "/report"]


def _hostile_article(client) -> dict:
    [a] = [a for a in client.get("/api/articles", params={"limit": 500}).json()["items"]
           if a["title"] and "Evil" in (a["outlet"] or "")]
    return a


def _hostile_pages(client) -> list[str]:
    art = _hostile_article(client)
    events = [e for e in client.get("/api/events", params={"limit": 500}).json()["items"]
              if any(s["article_id"] == art["article_id"] for s in e["sources"])]
    assert events, "the hostile article should report an event"
    return PAGES + [f"/articles/{art['article_id']}", *(f"/events/{e['event_id']}" for e in events),
                    "/search?q=" + "%3Cscript%3E"]


def test_every_page_has_the_security_headers(client):
    for path in PAGES + ["/api/events", "/static/style.css"]:
        r = client.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp or "script-src" not in csp and "default-src 'none'" in csp, path
        assert "unsafe-inline" not in csp.split("style-src")[0], path  # never for scripts
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in CSP and "'unsafe-eval'" not in CSP


def test_hostile_text_is_escaped_on_every_page(client):
    for path in _hostile_pages(client):
        html = client.get(path).text
        for needle in ("<script>window", "<img src=x", "<iframe", "<svg", "onerror=\"window", "href=\"javascript:"):
            assert needle not in html, (path, needle)
    art = client.get(f"/articles/{_hostile_article(client)['article_id']}").text
    assert "&lt;script&gt;window.__xss=" in art  # shown as text, not dropped
    assert "&lt;img src=x onerror=" in art


def test_pages_have_no_inline_script(client):
    import re

    for path in _hostile_pages(client):
        html = client.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert re.search(r'src="/(static|vendor)/[\w.-]+"', tag), (path, tag)
        assert not re.search(r"<[^>]+\son\w+\s*=", html), path  # no inline event handler at all


def test_api_returns_the_hostile_text_verbatim_as_json(client):
    art = client.get(f"/api/articles/{_hostile_article(client)['article_id']}")
    assert art.headers["content-type"].startswith("application/json")
    assert art.json()["article"]["text"].startswith(HOSTILE["text"][:40])


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/app.py", "/static/..%5capp.py",
    "/vendor/../../../../etc/passwd", "/vendor/leaflet%2f..%2f..%2fpackage.json", "/vendor/leaflet/package.json",
    "/static/templates/base.html", "/static//etc/passwd", "/vendor/%2fetc%2fpasswd", "/static/style.css%00.py",
    "/vendor/..%2f..%2f..%2fqueries.py",
])
def test_no_path_traversal(client, path):
    r = client.get(path)
    assert r.status_code == 404, (path, r.status_code)
    assert "root:" not in r.text and "import" not in r.text


def test_only_the_listed_vendor_files_are_served(client):
    assert client.get("/vendor/leaflet.js").status_code == 200
    assert client.get("/vendor/countries-50m.json").headers["content-type"].startswith("application/json")
    assert client.get("/vendor/leaflet-src.js").status_code == 404


@pytest.mark.parametrize("value", ["' OR 1=1 --", "x'; DROP TABLE events; --", "%", "s_a", "\\", "\" OR \"\"=\"",
                                   "1; SELECT pg_sleep(5)"])
def test_sql_metacharacters_are_just_text(client, value):
    before = client.get("/api/stats").json()
    for path, key in [("/api/events", "q"), ("/api/events", "actor"), ("/api/events", "type"),
                      ("/api/articles", "q"), ("/api/claims", "attributed_to"), ("/api/claims", "event_id")]:
        r = client.get(path, params={key: value})
        assert r.status_code == 200, (path, key)
        assert r.json()["total"] == 0, (path, key, value)  # matched literally: nothing has that text
    assert client.get(f"/api/events/{value}").status_code in (404, 422)
    assert client.get("/api/stats").json() == before


def test_like_wildcards_are_literal(client):
    everything = client.get("/api/events").json()["total"]
    assert everything > 0
    assert client.get("/api/events", params={"q": "%"}).json()["total"] == 0


def test_writes_are_refused_without_a_token(client):
    body = json.dumps({"text": "x"})
    r = client.post("/api/ingest", content=body)
    assert r.status_code == 403 and "read-only" in r.json()["detail"]
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)("/api/events").status_code == 405


def test_writes_need_the_right_token(seeded_url, client_for):
    c = client_for(seeded_url, token="s3cret-token")
    body = json.dumps({"text": "x"})
    assert c.post("/api/ingest", content=body).status_code == 401
    assert c.post("/api/ingest", content=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.post("/api/ingest", content=body, headers={"Authorization": "Basic s3cret-token"}).status_code == 401
    assert c.post("/api/ingest", content=body, headers={"Authorization": "Bearer s3cret-token-x"}).status_code == 401
