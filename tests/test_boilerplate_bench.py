"""Real text nobody on the project wrote: the cleaner must stay quiet, URL dates must agree.

- TimeBank + AQUAINT (TempEval-3 development data): wire stories without page furniture;
  clean_text should remove nothing from their TEXT element.
- LGL: local news with URLs and a download time; a date read from the URL should not be
  after the download and rarely far before it.
Skips when /work/shared/bench is absent. Nothing here was tuned on these sets.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET

import pytest

from sitrep.config import shared_path
from sitrep.ingest import boilerplate, textmeta


def _bench(*parts):
    path = shared_path("bench", *parts)
    if path is None or not path.exists():
        pytest.skip(f"benchmark {'/'.join(parts)} absent")
    return path


def test_timebank_wire_stories_lose_nothing():
    root = _bench("tempeval3", "TBAQ-cleaned")
    removed = []
    docs = sorted(root.glob("*/*.tml"))
    assert docs
    for path in docs:
        source = path.read_text(encoding="utf-8")
        body = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
        title = re.search(r"<TITLE>(.*?)</TITLE>", source, re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", body.group(1)))
        raw = (title.group(1).strip() + "\n\n" if title else "") + text
        clean = boilerplate.clean_text(raw)
        removed += [(path.name, line, why) for _, line, why in clean.lines_removed if line.strip()]
        assert textmeta.date_from_text(raw) is None or textmeta.date_from_text(raw).source == "text"
    print(f"\n{len(docs)} TimeBank/AQUAINT documents, {len(removed)} lines removed: {removed[:10]}")
    assert removed == []


def test_lgl_url_dates_agree_with_download_time():
    root = ET.parse(_bench("geo", "lgl.xml")).getroot()
    found = close = 0
    for article in root.iter("article"):
        guess = textmeta.date_from_url(article.findtext("url") or "")
        if guess is None:
            continue
        found += 1
        downloaded = dt.date.fromisoformat((article.findtext("dltime") or "")[:10])
        assert guess.date <= downloaded + dt.timedelta(days=1), (guess, downloaded)
        close += (downloaded - guess.date).days <= 10
    print(f"\nLGL: URL date for {found} articles, {close} within 10 days before download")
    assert found >= 150 and close / found >= 0.95
