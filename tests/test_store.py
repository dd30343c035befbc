"""The store on SQLite and PostgreSQL: migrations, idempotent writes, schema agreement."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect

from sitrep.ingest.identity import article_id, minhash, to_bytes
from sitrep.models import Article, Rejection, RemovedLine
from sitrep.store import repo
from sitrep.store.db import Database, current_revision, normalise_url
from sitrep.store.schema import Base


def make_article(text="IS fighters attacked Hasakeh on Tuesday, the Observatory said.", **kw) -> Article:
    base = dict(article_id=article_id(text), text=text, title="T", outlet="Ex", outlet_source="url",
                url="https://ex.com/a", published=dt.date(2015, 6, 3), published_source="url",
                published_evidence="/2015/06/03/", origin="/x/a.txt", record=None, format="txt",
                word_count=len(text.split()), removed_lines=(RemovedLine(1, "Skip to main content", "nav"),),
                minhash=to_bytes(minhash(text)))
    base.update(kw)
    return Article(**base)


def test_migrations_create_schema_matching_models(db):
    assert current_revision(db.engine) is not None
    insp = inspect(db.engine)
    for table in Base.metadata.sorted_tables:
        assert insp.has_table(table.name), table.name
        db_cols = {c["name"] for c in insp.get_columns(table.name)}
        assert db_cols == {c.name for c in table.columns}, table.name


def test_migrate_twice_is_harmless(db_url):
    Database(db_url).dispose()
    again = Database(db_url)
    assert current_revision(again.engine) is not None
    again.dispose()


def test_article_round_trip_and_idempotent_insert(db):
    art = make_article()
    with db.session() as s, s.begin():
        assert repo.add_article(s, art) is True
        assert repo.add_article(s, art) is False  # same id: nothing new
    with db.session() as s:
        [row] = repo.list_articles(s)
        assert row.published == dt.date(2015, 6, 3) and row.removed_lines == [[1, "Skip to main content", "nav"]]
        assert repo.counts(s) == {"articles": 1, "copies": 0, "origins": 1, "rejections": 0, "mentions": 0}


def test_second_origin_of_same_article_is_recorded(db):
    art = make_article()
    with db.session() as s, s.begin():
        repo.add_article(s, art)
        repo.add_origin(s, art.article_id, "/y/copy.txt", None)
        repo.add_origin(s, art.article_id, "/y/copy.txt", None)
    with db.session() as s:
        assert repo.counts(s)["origins"] == 2


def test_rejections_are_stored_once(db):
    rej = Rejection("/x/bad.bin", None, "binary", "NUL bytes")
    with db.session() as s, s.begin():
        assert repo.add_rejection(s, rej)
        assert not repo.add_rejection(s, rej)
        assert repo.add_rejection(s, Rejection("/x/a.jsonl", 3, "malformed_json", "line 4"))
    with db.session() as s:
        rows = repo.list_rejections(s)
        assert [(r.origin, r.record, r.reason) for r in rows] == [
            ("/x/a.jsonl", 3, "malformed_json"), ("/x/bad.bin", -1, "binary")]


def test_hostile_text_is_stored_verbatim(db):
    nasty = "Robert'); DROP TABLE articles;-- <script>alert(1)</script> \u202e \U0001F600 said the monitor."
    art = make_article(text=nasty)
    with db.session() as s, s.begin():
        repo.add_article(s, art)
    with db.session() as s:
        assert repo.list_articles(s)[0].text == nasty


def test_url_normalisation():
    assert normalise_url("my.db") == "sqlite:///my.db"
    assert normalise_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_mentions_replace_and_cascade(db):
    from sitrep.models import Claim, EventMention

    art = make_article()
    claim = Claim("killed", 27, 27, 27, "exact", "regime fighters", "Syrian Observatory for Human Rights",
                  None, False, "s", "27 regime fighters")
    m = EventMention(mention_id="m1", article_id=art.article_id, sentence_index=0, sentence="s",
                     trigger="attacked", event_type="Battles", sub_event_type="Armed clash",
                     event_date=dt.date(2015, 6, 2), claims=(claim,), assoc_actor_1=("NDF",))
    with db.session() as s, s.begin():
        repo.add_article(s, art)
        repo.replace_mentions(s, art.article_id, [m], "v1")
    with db.session() as s:
        assert [r.mention_id for r in repo.list_mentions(s)] == ["m1"]
        assert repo.list_mentions(s)[0].assoc_actor_1 == ["NDF"]
        assert [c.value for c in repo.list_claims(s)] == [27]
        assert repo.articles_needing_analysis(s, "v1") == []
        assert len(repo.articles_needing_analysis(s, "v2")) == 1
    with db.session() as s, s.begin():
        repo.replace_mentions(s, art.article_id, [m], "v2")  # re-analysis replaces, never duplicates
    with db.session() as s:
        assert repo.counts(s)["mentions"] == 1 and len(repo.list_claims(s)) == 1
