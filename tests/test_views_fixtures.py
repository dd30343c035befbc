"""Hand-built event and article records for the view and report tests (no database).

A1 and A2 are the same wire story (A2.copy_of = A1); A3 is independent; A4 carries
hostile text in its title, outlet, URL and evidence sentence.
"""

from __future__ import annotations

import copy

HOSTILE_TITLE = 'Fall of <script>alert(1)</script> town " onerror="x | [x](javascript:y) *bold*'
HOSTILE_SENTENCE = 'The fighters " onerror="x took the <img src=x> town.'
HOSTILE_OUTLET = "Evil <b>Outlet</b> & Co"

ARTICLES = {
    "A1": {"article_id": "A1", "outlet": "Wire One", "url": "https://wire.example/a1", "title": "Clashes in Hasakah",
           "published": "2015-06-03", "published_source": "metadata", "copy_of": None},
    "A2": {"article_id": "A2", "outlet": "Reprint Daily", "url": "https://reprint.example/a2",
           "title": "Clashes in Hasakah (reprint)", "published": "2015-06-04", "published_source": "text",
           "copy_of": "A1"},
    "A3": {"article_id": "A3", "outlet": "Monitor News", "url": None, "title": "Strikes near Raqqa",
           "published": "2015-06-11", "published_source": "inferred", "copy_of": None},
    "A4": {"article_id": "A4", "outlet": HOSTILE_OUTLET, "url": "javascript:alert(1)", "title": HOSTILE_TITLE,
           "published": "2015-06-01", "published_source": "text", "copy_of": None},
}


def _src(aid: str, sentence: str) -> dict:
    a = ARTICLES[aid]
    return {"article_id": aid, "outlet": a["outlet"], "url": a["url"], "title": a["title"],
            "published": a["published"], "sentence": sentence}


def _claim(aid: str, kind: str, value, party, attributed_to, sentence: str, qualifier: str = "exact") -> dict:
    return {"kind": kind, "value": value, "qualifier": qualifier, "party": party,
            "attributed_to": attributed_to, "article_id": aid, "outlet": ARTICLES[aid]["outlet"],
            "sentence": sentence}


def _event(**kw) -> dict:
    base = {"event_id": None, "event_date": None, "date_end": None, "time_precision": 1, "event_type": None,
            "sub_event_type": None, "actor1": None, "actor2": None, "assoc_actor_1": [], "assoc_actor_2": [],
            "country": None, "admin1": None, "admin2": None, "location": None, "latitude": None,
            "longitude": None, "geo_precision": 1, "fatalities": None, "fatalities_low": None,
            "fatalities_high": None, "claims": [], "disputed": [], "sources": [], "notes": "",
            "background": False, "mention_ids": []}
    base.update(kw)
    return base


S1 = "At least 20 regime fighters were killed in Hasakah, the Observatory said."
S3 = "State media said 35 regime fighters died in the Hasakah battle."
S5 = "Coalition strikes near Raqqa killed five IS fighters."

# Hasakah 36.50, 40.75; Raqqa 35.95, 39.01 (about 165 km apart); Ramadi 33.42, 43.30
EVENTS = [
    _event(event_id="ev_hasakah", event_date="2015-06-02", date_end="2015-06-02", event_type="Battles",
           sub_event_type="Armed clash", actor1="Islamic State", actor2="Military Forces of Syria",
           assoc_actor_2=["National Defence Forces"], country="Syria", admin1="Al-Hasakah", location="Hasakah",
           latitude=36.50, longitude=40.75, fatalities=20, fatalities_low=20, fatalities_high=35,
           claims=[_claim("A1", "killed", 20, "regime fighters", "Syrian Observatory for Human Rights", S1,
                          "at_least"),
                   _claim("A2", "killed", 20, "regime fighters", "Syrian Observatory for Human Rights", S1,
                          "at_least"),
                   _claim("A3", "killed", 35, "Regime  Fighters", "SANA", S3),
                   _claim("A3", "wounded", 10, "civilians", None, S3)],
           disputed=["fatalities"], sources=[_src("A1", S1), _src("A2", S1), _src("A3", S3)],
           mention_ids=["m1", "m2", "m3"]),
    _event(event_id="ev_raqqa", event_date="2015-06-10", date_end="2015-06-10",
           event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", actor1="US-led coalition",
           actor2="Islamic State", country="Syria", admin1="Raqqa", location="Raqqa", latitude=35.95,
           longitude=39.01, fatalities=5, fatalities_low=5, fatalities_high=5,
           claims=[_claim("A3", "killed", 5, "IS fighters", None, S5),
                   _claim("A3", "strikes", 4, None, None, S5)],
           sources=[_src("A3", S5)], mention_ids=["m4"]),
    _event(event_id="ev_ramadi", event_date="2015-05-01", date_end="2015-05-31", time_precision=3,
           event_type="Battles", sub_event_type="Non-state actor overtakes territory", actor1="Islamic State",
           country="Iraq", admin1="Anbar", location="Ramadi <b>", latitude=33.42, longitude=43.30,
           sources=[_src("A4", HOSTILE_SENTENCE)], background=True, mention_ids=["m5"]),
    _event(event_id="ev_undated", event_type="Protests", sub_event_type="Peaceful protest",
           actor1="Protesters (Syria)", sources=[_src("A3", "People protested.")], mention_ids=["m6"]),
]

# claims that belong to no event (stored with mention_id null): two differing cumulative tolls
CLAIMS_APART = [
    {"mention_id": None, "article_id": "A3", "kind": "killed", "value": 220000, "low": 220000, "high": None,
     "qualifier": "more_than", "party": "people", "attributed_to": None, "via": None, "cumulative": True,
     "outlet": "Monitor News", "sentence": 'More than 220,000 people <script>alert(1)</script> " onerror="x have been killed.'},
    {"mention_id": None, "article_id": "A1", "kind": "killed", "value": 230000, "low": 230000, "high": None,
     "qualifier": "more_than", "party": "People", "attributed_to": "the UN", "via": None, "cumulative": True,
     "outlet": "Wire One", "sentence": "More than 230,000 people have died, the UN says."},
]


def events() -> list[dict]:
    return copy.deepcopy(EVENTS)


def articles() -> dict[str, dict]:
    return copy.deepcopy(ARTICLES)
