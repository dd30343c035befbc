"""Readers: one input file -> RawDocuments and Rejections.

Each reader is a generator over (RawDocument | Rejection). A reader never raises for bad
content: a malformed record becomes a Rejection with its record index and the run goes
on. Container formats are handled by well-kept libraries (feedparser, warcio); only the
dispatch and the error bookkeeping are ours.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from sitrep.ingest.decode import DecodeError, decode_bytes
from sitrep.models import RawDocument, Rejection

Item = RawDocument | Rejection

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSON_SUFFIXES = (".jsonl", ".json", ".ndjson")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
TEXT_SUFFIXES = (".txt", ".text", ".md")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSON_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES


def detect_format(path: Path, head: bytes) -> str | None:
    """The reader to use, by file name first and content sniffing second."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES) or head.startswith(b"WARC/"):
        return "warc"
    if name.endswith(JSON_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(TEXT_SUFFIXES):
        sniff = head.lstrip()[:200].lower()
        if sniff.startswith((b"<!doctype html", b"<html")):
            return "html"
        return "txt"
    return None


def origin_of(path: Path) -> str:
    """A path as the text an origin is stored and shown as. A file name that is not valid
    UTF-8 (Python keeps its bytes as lone surrogates, which no database or terminal
    accepts) gets those bytes as \\xNN escapes; every other path is unchanged."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


def read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    origin = origin_of(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Rejection(origin, None, "unreadable", str(exc))
        return
    if size == 0:
        yield Rejection(origin, None, "empty", "file is empty")
        return
    if size > max_bytes:
        yield Rejection(origin, None, "too_large", f"{size:,} bytes > limit {max_bytes:,} (--max-bytes)")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Rejection(origin, None, "unreadable", str(exc))
        return
    fmt = detect_format(path, data[:512])
    if fmt is None:
        yield Rejection(origin, None, "unsupported", f"unknown file type {path.suffix!r}")
        return
    reader = {"txt": read_text, "html": read_html, "jsonl": read_json,
              "feed": read_feed, "warc": read_warc}[fmt]
    yield from reader(origin, data)


def _decoded(origin: str, data: bytes, record: int | None = None) -> str | Rejection:
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        return Rejection(origin, record, exc.reason, exc.detail)
    return text


def read_text(origin: str, data: bytes) -> Iterator[Item]:
    text = _decoded(origin, data)
    if isinstance(text, Rejection):
        yield text
    elif not text.strip():
        yield Rejection(origin, None, "empty", "only whitespace")
    else:
        yield RawDocument(origin=origin, format="txt", text=text)


def read_html(origin: str, data: bytes) -> Iterator[Item]:
    html = _decoded(origin, data)
    if isinstance(html, Rejection):
        yield html
    elif not html.strip():
        yield Rejection(origin, None, "empty", "only whitespace")
    else:
        yield RawDocument(origin=origin, format="html", html=html)


def _str_field(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"field {key!r} must be a string, not {type(value).__name__}")
    return value.strip() or None


def _json_record(origin: str, index: int | None, obj: object) -> Item:
    if not isinstance(obj, dict):
        return Rejection(origin, index, "malformed_json", f"record is a {type(obj).__name__}, not an object")
    try:
        text = _str_field(obj, "text")
        html = _str_field(obj, "html")
        meta = {k: _str_field(obj, k) for k in ("url", "title", "outlet")}
        published = obj.get("published", obj.get("date"))
        if published is not None and not isinstance(published, str):
            raise TypeError("field 'published' must be a string date")
    except TypeError as exc:
        return Rejection(origin, index, "malformed_json", str(exc))
    if not text and not html:
        return Rejection(origin, index, "empty", "record has neither 'text' nor 'html'")
    return RawDocument(origin=origin, record=index, format="jsonl",
                       text=None if html else text, html=html,
                       published=published, **meta)


def read_json(origin: str, data: bytes) -> Iterator[Item]:
    """JSON Lines (one object a line), or a single JSON object / array of objects."""
    content = _decoded(origin, data)
    if isinstance(content, Rejection):
        yield content
        return
    stripped = content.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(content)
        except (ValueError, RecursionError) as exc:
            yield Rejection(origin, None, "malformed_json", f"invalid JSON array: {exc}")
            return
        for i, obj in enumerate(records):
            yield _json_record(origin, i, obj)
        return
    lines = content.splitlines()
    if stripped.startswith("{") and len([ln for ln in lines if ln.strip()]) > 1:
        # A pretty-printed single object spans several lines: try it whole first.
        try:
            yield _json_record(origin, 0, json.loads(content))
            return
        except (ValueError, RecursionError):
            pass  # fall through: JSON Lines
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield Rejection(origin, i, "malformed_json", f"line {i + 1}: {exc}")
            continue
        yield _json_record(origin, i, obj)


def read_feed(origin: str, data: bytes) -> Iterator[Item]:
    """RSS / Atom. The XML is first checked with defusedxml so that entity-expansion
    bombs and external entities are refused before feedparser sees them."""
    import defusedxml.ElementTree as safe_et
    import feedparser
    from defusedxml import DefusedXmlException

    try:
        safe_et.fromstring(data)
    except DefusedXmlException as exc:
        yield Rejection(origin, None, "unsafe_xml", f"refused: {type(exc).__name__}")
        return
    except safe_et.ParseError as exc:
        # feedparser copes with some broken XML; only give up if it finds nothing.
        parse_error = str(exc)
    else:
        parse_error = ""
    feed = feedparser.parse(data)
    if not feed.entries:
        reason = "malformed_feed" if (feed.bozo or parse_error) else "empty"
        detail = parse_error or str(feed.get("bozo_exception", "")) or "feed has no items"
        yield Rejection(origin, None, reason, detail)
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(feed.entries):
        body = ""
        if entry.get("content"):
            body = " ".join(c.get("value", "") for c in entry.content)
        body = body or entry.get("summary", "") or ""
        if not body.strip():
            yield Rejection(origin, i, "empty", "feed item has no content or summary")
            continue
        is_html = "<" in body and ">" in body
        yield RawDocument(
            origin=origin, record=i, format="feed",
            html=body if is_html else None, text=None if is_html else body,
            url=entry.get("link"), title=(entry.get("title") or "").strip() or None,
            outlet=outlet, published=entry.get("published") or entry.get("updated"),
        )


#: A .warc.gz expanding to more than this many times its size (and more than 64 MiB) is a
#: decompression bomb: real archives of HTML expand 5 to 15 times.
MAX_GZIP_RATIO = 100
MIN_GZIP_ALLOWANCE = 64 * 2**20
#: The largest WARC response body read; larger HTML is no article (article.MAX_HTML_CHARS).
MAX_RECORD_BYTES = 10_000_000


def _gunzip_check(data: bytes, cap: int) -> tuple[int, str]:
    """(bytes decompressed, error) for all members of a gzip stream, decompressed 1 MiB at
    a time and thrown away; stops as soon as more than `cap` bytes came out."""
    total = 0
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            while chunk := fh.read(1 << 20):
                total += len(chunk)
                if total > cap:
                    return total, ""
    except (OSError, EOFError, zlib.error) as exc:
        return total, str(exc)
    return total, ""


def read_warc(origin: str, data: bytes) -> Iterator[Item]:
    """HTML response records of a WARC / WARC.gz; other record types are skipped (not
    articles), truncated or corrupt records become rejections."""
    from warcio.archiveiterator import ArchiveIterator

    if data[:2] == b"\x1f\x8b":
        # warcio streams gzip members itself; decompress-check first (streamed, output
        # discarded) so that a truncated .gz is reported rather than silently ending the
        # iteration, and a decompression bomb is refused before anything is built from it.
        cap = max(MIN_GZIP_ALLOWANCE, MAX_GZIP_RATIO * len(data))
        size, truncated = _gunzip_check(data, cap)
        if size > cap:
            yield Rejection(origin, None, "too_large",
                            f"expands to more than {cap:,} bytes, over {MAX_GZIP_RATIO} times "
                            "its size: a decompression bomb, not an archive")
            return
    else:
        truncated = ""
    index = -1
    try:
        for index, rec in enumerate(ArchiveIterator(io.BytesIO(data))):
            if rec.rec_type != "response":
                continue
            ctype = rec.http_headers.get_header("Content-Type", "") if rec.http_headers else ""
            if "html" not in ctype.lower():
                continue
            body = rec.content_stream().read(MAX_RECORD_BYTES + 1)
            if len(body) > MAX_RECORD_BYTES:  # the rest is skipped, streamed, by warcio
                yield Rejection(origin, index, "too_long",
                                f"HTML response record over {MAX_RECORD_BYTES:,} bytes")
                continue
            if getattr(rec.raw_stream, "limit", 0):
                # fewer bytes than the record's Content-Length: the archive was cut off
                yield Rejection(origin, index, "malformed_warc",
                                f"record truncated: {rec.raw_stream.limit} bytes missing")
                continue
            html = _decoded(origin, body, index)
            if isinstance(html, Rejection):
                yield html
                continue
            if not html.strip():
                yield Rejection(origin, index, "empty", "empty HTML response record")
                continue
            yield RawDocument(
                origin=origin, record=index, format="warc", html=html,
                url=rec.rec_headers.get_header("WARC-Target-URI"),
            )
    except Exception as exc:  # warcio raises several types for corrupt archives
        yield Rejection(origin, index + 1, "malformed_warc", f"{type(exc).__name__}: {exc}")
        return
    if truncated:
        yield Rejection(origin, index + 1, "malformed_warc", f"truncated archive: {truncated}")
    elif index == -1:
        yield Rejection(origin, None, "malformed_warc", "no WARC records found")
