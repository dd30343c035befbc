"""End to end in a real browser: `sitrep serve` on the seeded database, Debian's headless
chromium driven by Playwright. The timeline and the map load (with the offline basemap
and every event with coordinates), an event page shows its sources, and the hostile
article's <script> and onerror= show as text and run nothing.

Screenshots go to $SITREP_SCREENSHOTS when set (`make screenshots` writes the README's).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SITREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: as root, without a sandbox; nothing of chromium's own talks to the network
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM} (make test installs Debian's): browser tests SKIPPED")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    pg = context.new_page()
    pg.errors = []  # uncaught exceptions in the page
    pg.dialogs = []  # alert()/confirm(): a script that ran
    pg.external = []  # any request that leaves the server
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("request", lambda r: pg.external.append(r.url) if not r.url.startswith((live_server, "data:")) else None)
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    folder = os.environ.get("SITREP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def _no_script_ran(pg) -> None:
    assert pg.evaluate("typeof window.__xss") == "undefined", pg.evaluate("String(window.__xss)")
    assert pg.dialogs == [] and pg.errors == [], (pg.dialogs, pg.errors)
    assert pg.external == [], pg.external


def test_timeline_lists_the_events_by_day(page):
    page.goto("/")
    rows = page.locator("tr.event-row")
    assert rows.count() >= 10
    assert page.locator("section.day h2").first.inner_text().startswith("20")
    assert page.locator("tr.event-row.disputed").count() >= 2
    _shot(page, "timeline")
    _no_script_ran(page)


def test_map_shows_the_basemap_and_every_located_event(page, live_server):
    import json
    import urllib.request

    with urllib.request.urlopen(live_server + "/api/events.geojson") as r:
        n = len(json.load(r)["features"])
    page.goto("/map")
    page.wait_for_selector("#map[data-events]", timeout=20000)
    page.wait_for_selector("#map[data-basemap]", timeout=20000)
    assert page.get_attribute("#map", "data-basemap") == "loaded"
    assert page.get_attribute("#map", "data-events") == str(n) and n > 0
    assert page.locator("path.event-marker").count() == n  # one circle per event
    assert page.locator("path.leaflet-interactive").count() >= n
    _shot(page, "map")
    page.locator("path.event-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content a")
    popup.wait_for(timeout=5000)
    assert popup.get_attribute("href").startswith("/events/ev_")
    _no_script_ran(page)


def test_open_an_event_from_the_timeline_and_see_its_sources(page):
    page.goto("/")
    page.locator("tr.event-row.disputed a").first.click()
    page.wait_for_url("**/events/ev_*")
    assert page.locator("h1").inner_text()
    assert page.locator("table.sources tr.source").count() >= 1
    assert page.locator("#disagreements").count() == 1
    assert page.locator(".claim-col").count() >= 2
    _shot(page, "event")
    page.locator("table.sources tr.source a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("article.text mark").count() >= 1
    _no_script_ran(page)


def test_hostile_article_shows_as_text_and_runs_nothing(page):
    page.goto("/articles")
    page.locator("a", has_text="Hasakah <b>siege</b>").first.click()  # the title, as typed
    page.wait_for_url("**/articles/*")
    assert "<script>window.__xss='title'</script>" in page.locator("h1").inner_text()
    body = page.locator("article.text").inner_text()
    assert "<script>window.__xss='text'</script>" in body and "onerror=" in body
    assert page.locator("article.text script, article.text img, article.text iframe, article.text svg").count() == 0
    _no_script_ran(page)
    # and wherever its event shows up: the timeline, its event page, the map popup
    page.goto("/")
    _no_script_ran(page)
    link = page.locator("tr.event-row", has_text="Evil").locator("a").first
    if link.count():
        link.click()
        _no_script_ran(page)
    page.goto("/search?q=%3Cscript%3E")
    _no_script_ran(page)
    page.goto("/map")
    page.wait_for_selector("#map[data-events]", timeout=20000)
    opened = page.evaluate("""() => { let n = 0; window.sitrepMap.eachLayer(l => {
        if (l.getPopup && l.getPopup()) { l.openPopup(); n += 1; } }); return n; }""")
    assert opened == int(page.get_attribute("#map", "data-events"))  # every popup was built
    _no_script_ran(page)
