"""Exports: events, articles, mentions and claims as JSON Lines, CSV or GeoJSON.

Event fields follow shared/docs/event-schema.md; in CSV every field is one column and
lists are joined with "; " so the file opens as an ACLED-style table in pandas, R or a
spreadsheet.
"""

from __future__ import annotations

import csv
import json
from typing import IO

WHAT = ("events", "articles", "mentions", "claims")
FORMATS = ("jsonl", "csv", "geojson")

EVENT_FIELDS = ["event_id", "event_date", "date_end", "time_precision", "event_type", "sub_event_type",
                "actor1", "actor2", "assoc_actor_1", "assoc_actor_2", "country", "admin1", "admin2",
                "location", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low",
                "fatalities_high", "claims", "disputed", "sources", "notes", "background"]
ARTICLE_FIELDS = ["article_id", "outlet", "url", "title", "published", "published_source", "text",
                  "rejected", "copy_of", "words"]
CLAIM_FIELDS = ["mention_id", "article_id", "sentence_index", "kind", "value", "low", "high", "qualifier",
                "party", "attributed_to", "via", "cumulative", "sentence", "text"]


def article_record(r, text: bool = True) -> dict:
    rec = {"article_id": r.article_id, "outlet": r.outlet, "url": r.url, "title": r.title,
           "published": r.published.isoformat() if r.published else None,
           "published_source": r.published_source, "rejected": None, "copy_of": r.copy_of,
           "words": r.word_count}
    if text:
        rec["text"] = r.text
    return rec


def records(db, what: str) -> list[dict]:
    from sitrep.resolve.run import events_from_store, mention_records
    from sitrep.store import repo

    if what == "events":
        return [{k: e.get(k) for k in EVENT_FIELDS} for e in events_from_store(db)]
    if what == "mentions":
        return mention_records(db)
    with db.session() as session:
        if what == "articles":
            return [article_record(r) for r in repo.list_articles(session)]
        return [{k: getattr(c, k) for k in CLAIM_FIELDS} for c in repo.list_claims(session)]


#: a cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str | int | float | None:
    if isinstance(value, list):
        value = "; ".join(_item(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # article text is untrusted: a title like "=HYPERLINK(...)" must open as text,
        # not run as a formula (OWASP's CSV-injection advice: prefix a quote)
        return "'" + value
    return value


def _item(v) -> str:
    if not isinstance(v, dict):
        return str(v)
    if "kind" in v:  # a claim
        who = f" per {v['attributed_to']}" if v.get("attributed_to") else ""
        party = f" {v['party']}" if v.get("party") else ""
        return f"{v['kind']}={v.get('value')}{party} ({v.get('qualifier')}){who} [{v.get('outlet') or v.get('article_id')}]"
    if "article_id" in v:  # a source
        return f"{v.get('outlet') or 'unknown outlet'}: {v.get('title') or v['article_id']} ({v.get('published') or 'undated'})"
    return json.dumps(v, ensure_ascii=False)


def write(rows: list[dict], what: str, fmt: str, out: IO[str]) -> None:
    if fmt == "jsonl":
        for rec in rows:
            out.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        fields = {"events": EVENT_FIELDS, "articles": ARTICLE_FIELDS, "claims": CLAIM_FIELDS}.get(what)
        if fields is None:
            fields = list(rows[0].keys()) if rows else []
        w = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for rec in rows:
            w.writerow({k: _cell(rec.get(k)) for k in fields})
    elif fmt == "geojson":
        if what not in ("events", "mentions"):
            raise ValueError("GeoJSON is for events and mentions (they have coordinates)")
        features = []
        for rec in rows:
            geom = None
            if rec.get("latitude") is not None and rec.get("longitude") is not None:
                geom = {"type": "Point", "coordinates": [rec["longitude"], rec["latitude"]]}
            features.append({"type": "Feature", "id": rec.get("event_id") or rec.get("mention_id"),
                             "geometry": geom, "properties": rec})
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False,
                  default=str)
        out.write("\n")
    else:
        raise ValueError(f"unknown format {fmt}")
