"""RawDocument -> Article: main text, title, outlet, publication date, identity.

Precedence (issue #2):
  publication date: container/HTML metadata > URL pattern > explicit text dateline > unknown
  outlet:           container/HTML metadata > URL domain > text signature > unknown
A date is never taken from the clock or from a file's mtime: unknown stays None.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from dateutil import parser as dateparser

from sitrep.ingest import boilerplate, textmeta
from sitrep.ingest.identity import article_id, minhash, to_bytes
from sitrep.models import Article, RawDocument, Rejection, RemovedLine

MIN_WORDS = 5
EARLIEST = dt.date(1900, 1, 1)
#: A document longer than this is no news article (the longest long-reads are ~0.3 M
#: characters) but a dump, a log or an attack; the text cleaner is linear but slow
#: (~2 s a MB), so it is refused with the reason "too_long" before any work is done.
MAX_TEXT_CHARS = 2_000_000
#: Markup is mostly scripts and styles, so a page may be larger than its text.
MAX_HTML_CHARS = 10_000_000

# NUL and the other C0 controls (tab, newline, carriage return and form feed aside) are
# never part of a text; PostgreSQL cannot even store NUL. Lone UTF-16 surrogates (from
# JSON "\ud800" escapes) cannot be encoded as UTF-8 and would fail hashing and storing.
_CONTROLS = dict.fromkeys([c for c in range(32) if c not in (9, 10, 12, 13)] + [127])
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_chars(value: str | None) -> str | None:
    """`value` without control characters, lone surrogates replaced by U+FFFD."""
    if value is None:
        return None
    return _SURROGATE.sub("\ufffd", value.translate(_CONTROLS))


def _sanitised(raw: RawDocument) -> RawDocument:
    return dataclasses.replace(raw, **{
        f: clean_chars(getattr(raw, f))
        for f in ("text", "html", "url", "title", "outlet", "published")})


def parse_date(value: str | None) -> dt.date | None:
    """A container's date string -> date, or None if it is not a plausible date."""
    if not value or not value.strip():
        return None
    try:
        # default= only fills missing fields of a partial date ("June 2015"); a string
        # with no date at all raises instead of silently becoming a made-up date.
        parsed = dateparser.parse(value, fuzzy=False, default=dt.datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    day = parsed.date()
    if not (EARLIEST <= day <= dt.date.today() + dt.timedelta(days=1)):
        return None
    return day


def _html_parts(raw: RawDocument):
    """(text, title, sitename, url, metadata date) from HTML via trafilatura/htmldate."""
    import htmldate
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw.html, url=raw.url, with_metadata=True, include_comments=False,
        include_tables=False, favor_precision=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        return None
    try:
        # Without the URL: a date read from the URL is recorded as source "url" below.
        meta_date = htmldate.find_date(raw.html, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises on some hostile markup; treat as no date
        meta_date = None
    text = doc.text.strip()
    title = (doc.title or "").strip() or None
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    return "\n\n".join(lines), title, doc.sitename, doc.url or raw.url, meta_date


def build_article(raw: RawDocument) -> Article | Rejection:
    if raw.text is not None and len(raw.text) > MAX_TEXT_CHARS:
        return Rejection(raw.origin, raw.record, "too_long",
                         f"{len(raw.text):,} characters of text > {MAX_TEXT_CHARS:,}")
    if raw.html is not None and len(raw.html) > MAX_HTML_CHARS:
        return Rejection(raw.origin, raw.record, "too_long",
                         f"{len(raw.html):,} characters of HTML > {MAX_HTML_CHARS:,}")
    raw = _sanitised(raw)
    removed: tuple[RemovedLine, ...] = ()
    byline = None
    meta_date = None
    sitename = None
    url = raw.url
    if raw.html is not None:
        try:
            parts = _html_parts(raw)
        except Exception as exc:  # lxml/trafilatura on hostile or absurd markup
            return Rejection(raw.origin, raw.record, "malformed_html", f"{type(exc).__name__}: {exc}")
        if parts is None:
            return Rejection(raw.origin, raw.record, "no_text", "no article text found in the HTML")
        text, title, sitename, url, meta_date = parts
        if len(text) > MAX_TEXT_CHARS:
            return Rejection(raw.origin, raw.record, "too_long",
                             f"{len(text):,} characters of text in the HTML > {MAX_TEXT_CHARS:,}")
        title = raw.title or title
        source_text = text
    else:
        source_text = raw.text or ""
        cleaned = boilerplate.clean_text(source_text)
        removed = tuple(RemovedLine(n, line, why) for n, line, why in cleaned.lines_removed)
        text = cleaned.body  # as for HTML, the title is metadata, not part of the text
        title = raw.title or cleaned.title
        byline = cleaned.byline

    if len(text.split()) < MIN_WORDS:
        return Rejection(raw.origin, raw.record, "too_short", f"{len(text.split())} words of text")

    # Publication date, in order of trust.
    published, published_source, evidence = None, None, None
    container_date = parse_date(raw.published)
    if container_date:
        published, published_source, evidence = container_date, "metadata", raw.published
    elif meta_date and parse_date(meta_date):
        published, published_source, evidence = parse_date(meta_date), "metadata", meta_date
    elif url and (guess := textmeta.date_from_url(url)):
        published, published_source, evidence = guess.date, "url", guess.evidence
    elif guess := textmeta.date_from_text(source_text):
        published, published_source, evidence = guess.date, "text", guess.evidence

    # Outlet, in order of trust.
    outlet, outlet_source = None, None
    if raw.outlet or sitename:
        outlet, outlet_source = raw.outlet or sitename, "metadata"
    elif url and (name := textmeta.outlet_from_url(url)):
        outlet, outlet_source = name, "url"
    elif name := textmeta.outlet_from_text(source_text):
        outlet, outlet_source = name, "text"

    return Article(
        article_id=article_id(text), text=text, title=title, outlet=outlet,
        outlet_source=outlet_source, url=url, published=published,
        published_source=published_source, published_evidence=evidence,
        origin=raw.origin, record=raw.record, format=raw.format, byline=byline,
        word_count=len(text.split()), removed_lines=removed,
        minhash=to_bytes(minhash(text)),
    )
