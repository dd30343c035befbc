"""The ingest stage end to end: files -> articles and rejections in the database."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sitrep.config import IngestOptions
from sitrep.ingest.article import build_article, parse_date
from sitrep.ingest.run import ingest_paths
from sitrep.models import Article, RawDocument, Rejection
from sitrep.store import repo

PARAS = [
    "Islamic State fighters launched an attack on government positions south of the city on Tuesday night, "
    "the Syrian Observatory for Human Rights said.",
    "The monitor said at least 20 fighters were killed in the clashes, which continued into the morning.",
    "Regime helicopters dropped barrel bombs on jihadist positions in the area, residents said.",
    "The group has seized several towns in the province in recent weeks despite months of air strikes.",
]
STORY = "\n\n".join(PARAS)


def html_page(body: str, date_meta: str | None = "2015-06-03T09:00:00Z", site="Example News") -> str:
    meta = f'<meta property="article:published_time" content="{date_meta}">' if date_meta else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html><head><title>Fighting in the north</title><meta property='og:site_name' content='{site}'>"
            f"{meta}</head><body><nav>Home | World | Sport</nav><article><h1>Fighting in the north</h1>"
            f"{paras}</article><footer>Copyright 2015 {site}</footer></body></html>")


def test_parse_date_never_invents():
    assert parse_date("2015-06-03T09:00:00Z") == dt.date(2015, 6, 3)
    assert parse_date("Wed, 03 Jun 2015 10:00:00 GMT") == dt.date(2015, 6, 3)
    for bad in (None, "", "soon", "yesterday", "3000-01-01", "n/a"):
        assert parse_date(bad) is None, bad


def test_html_article_metadata():
    art = build_article(RawDocument(origin="/a.html", format="html", html=html_page(STORY)))
    assert isinstance(art, Article)
    assert art.title == "Fighting in the north" and art.outlet == "Example News"
    assert art.outlet_source == "metadata"
    assert art.published == dt.date(2015, 6, 3) and art.published_source == "metadata"
    for p in PARAS:
        assert p in art.text
    assert "Home | World" not in art.text and "Copyright" not in art.text


def test_date_from_url_when_no_metadata():
    raw = RawDocument(origin="/a.jsonl", record=0, format="jsonl", text=STORY,
                      url="https://www.example.org/world/2015/07/28/story.html")
    art = build_article(raw)
    assert art.published == dt.date(2015, 7, 28) and art.published_source == "url"
    assert art.outlet_source == "url"


def test_container_metadata_beats_url():
    raw = RawDocument(origin="/a.jsonl", record=0, format="jsonl", text=STORY, published="2015-07-29",
                      url="https://www.example.org/2015/07/28/story.html", outlet="Wire")
    art = build_article(raw)
    assert art.published == dt.date(2015, 7, 29) and art.published_source == "metadata"
    assert art.outlet == "Wire" and art.outlet_source == "metadata"


def test_undated_text_stays_unknown():
    art = build_article(RawDocument(origin="/a.txt", text="Big news\n\n" + STORY))
    assert art.published is None and art.published_source is None


def test_text_dateline():
    raw = RawDocument(origin="/a.txt", text="Published December 24th, 2014 - 08:53 GMT\n\n" + STORY)
    art = build_article(raw)
    assert art.published == dt.date(2014, 12, 24) and art.published_source == "text"


def test_too_short_is_rejected():
    rej = build_article(RawDocument(origin="/a.txt", text="Hello."))
    assert isinstance(rej, Rejection) and rej.reason == "too_short"


def test_html_without_text_is_rejected():
    rej = build_article(RawDocument(origin="/a.html", format="html", html="<html><body><nav>Home</nav></body></html>"))
    assert isinstance(rej, Rejection) and rej.reason in ("no_text", "too_short")


def test_ingest_folder_all_formats_and_idempotence(tmp_path, db):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text("Fighting in the north\n\n" + STORY)
    (d / "b.html").write_text(html_page(STORY.replace("20", "30")))
    (d / "sub" / "c.jsonl").write_text(
        json.dumps({"text": STORY.replace("Tuesday", "Monday") + " " + "Extra sentence here. " * 30,
                    "url": "https://ex.com/2015/06/02/x"}) + "\n{oops\n")
    (d / "empty.txt").write_text("")
    (d / ".hidden.txt").write_text(STORY)
    (d / "notes.pdf").write_bytes(b"%PDF-1.4")
    report = ingest_paths([d, tmp_path / "missing"], db)
    s = report.summary()
    assert s["rejected"] == 4  # empty, malformed json line, pdf, missing path
    reasons = sorted(o.rejection.reason for o in report.by_status("rejected"))
    assert reasons == ["empty", "malformed_json", "not_found", "unsupported"]
    assert s["new"] + s["copies"] == 3
    with db.session() as session:
        assert repo.counts(session)["articles"] == 3
        assert repo.counts(session)["rejections"] == 4
    again = ingest_paths([d, tmp_path / "missing"], db)
    assert again.summary()["new"] == 0 and again.summary()["copies"] == 0
    assert again.summary()["duplicates"] == 3
    with db.session() as session:
        c = repo.counts(session)
        assert (c["articles"], c["copies"], c["origins"], c["rejections"]) == (3, s["copies"], 3, 4)


def test_same_article_in_two_files_is_stored_once(tmp_path, db):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("\n\n", "\n\n\n") + "\n")
    report = ingest_paths([tmp_path], db)
    assert [o.status for o in report.outcomes] == ["new", "duplicate"]
    with db.session() as session:
        c = repo.counts(session)
        assert c["articles"] == 1 and c["origins"] == 2


def test_near_duplicate_is_a_linked_copy(tmp_path, db):
    long_story = STORY + "\n\n" + "\n\n".join(
        f"Paragraph {i} of the wire story describes the fighting around the city and the losses." for i in range(25))
    (tmp_path / "a.txt").write_text("Outlet one headline\n\n" + long_story)
    (tmp_path / "b.txt").write_text("A different headline\n\n" + long_story.replace("losses.", "losses there.", 2)
                                    + "\n\nOfficials in the capital declined to comment on the reports, the agency said.")
    report = ingest_paths([tmp_path], db)
    statuses = [o.status for o in report.outcomes]
    assert statuses == ["new", "copy"]
    copy = report.outcomes[1]
    assert copy.duplicate_of == report.outcomes[0].article.article_id and copy.similarity >= 0.8
    with db.session() as session:
        rows = {r.article_id: r for r in repo.list_articles(session)}
        assert rows[copy.article.article_id].copy_of == copy.duplicate_of


def test_unrelated_articles_are_not_copies(tmp_path, db):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text("\n\n".join(
        ["The city council approved a new budget for road repairs and school buildings on Monday evening."] * 3))
    report = ingest_paths([tmp_path], db)
    assert [o.status for o in report.outcomes] == ["new", "new"]


def test_oversize_limit(tmp_path, db):
    (tmp_path / "a.txt").write_text(STORY)
    report = ingest_paths([tmp_path], db, IngestOptions(max_bytes=50))
    assert report.by_status("rejected")[0].rejection.reason == "too_large"
    assert not report.ingested_anything
