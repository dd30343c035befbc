"""Migration 0004 copies the filterable fields of stored event records into columns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from sitrep.store import db as store_db
from sitrep.store.schema import event_columns

RECORD = {"event_id": "ev_1", "event_date": "2015-06-25", "date_end": "2015-06-26", "event_type": "Battles",
          "sub_event_type": "Armed clash", "actor1": "Islamic State", "actor2": "Military Forces of Syria",
          "assoc_actor_1": [], "assoc_actor_2": ["YPG"], "country": "Syria", "admin1": "Al-Hasakah",
          "location": "Al Hasakah", "latitude": 36.5, "longitude": 40.75, "fatalities": 7,
          "disputed": ["fatalities", "event_date"], "sources": [{"article_id": "a"}, {"article_id": "b"}],
          "background": False}


def test_upgrade_from_0003_fills_the_columns_from_the_records(db_url):
    engine = store_db.make_engine(db_url)
    store_db.migrate(engine, "0003")
    import json
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO events (event_id, event_date, record) VALUES (:i, :d, :r)"),
                     {"i": "ev_1", "d": dt.date(2015, 6, 25), "r": json.dumps(RECORD)})
    store_db.migrate(engine)
    with engine.connect() as conn:
        row = conn.execute(text("SELECT event_type, country, fatalities, actors, disputed, n_sources, "
                                "latitude, date_end, background FROM events")).one()
    engine.dispose()
    assert row.event_type == "Battles" and row.country == "Syria" and row.fatalities == 7
    assert row.actors.split("\n") == ["islamic state", "military forces of syria", "ypg"]
    assert row.disputed == "fatalities,event_date" and row.n_sources == 2 and row.latitude == 36.5
    assert str(row.date_end) == "2015-06-26" and not row.background


def test_event_columns_of_a_sparse_record():
    cols = event_columns({"event_id": "x", "event_date": None})
    assert cols["event_date"] is None and cols["actors"] == "" and cols["n_sources"] == 0
