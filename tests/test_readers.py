"""Every input format, built by the tests themselves, plus each bad-input class."""

from __future__ import annotations

import gzip
import io
import json

import pytest

from sitrep.ingest.decode import DecodeError, decode_bytes
from sitrep.ingest.readers import read_file
from sitrep.models import RawDocument, Rejection

STORY = ("Islamic State fighters attacked government positions south of Hasakeh on Tuesday, "
         "the Syrian Observatory for Human Rights said. At least 20 fighters were killed.")

HTML = f"""<!doctype html><html><head><title>Fighting near Hasakeh | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2015-06-03T09:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Fighting near Hasakeh</h1><p>{STORY}</p>
<p>Regime helicopters dropped barrel bombs on jihadist positions, the monitor said.</p></article>
<footer>Copyright 2015 Example News. All rights reserved.</footer></body></html>"""


def items(tmp_path, name, data: bytes, max_bytes=10_000_000):
    p = tmp_path / name
    p.write_bytes(data)
    return list(read_file(p, max_bytes))


def test_txt(tmp_path):
    [doc] = items(tmp_path, "a.txt", STORY.encode())
    assert isinstance(doc, RawDocument) and doc.format == "txt" and doc.text == STORY


def test_txt_in_windows_1252_is_decoded(tmp_path):
    text = "Caf\u00e9 owners said the \u201cattack\u201d began at dawn in the old quarter of the city, witnesses said."
    [doc] = items(tmp_path, "a.txt", text.encode("cp1252"))
    assert isinstance(doc, RawDocument)
    assert "Caf\u00e9" in doc.text and "\u201cattack\u201d" in doc.text


def test_utf16_with_bom(tmp_path):
    [doc] = items(tmp_path, "a.txt", STORY.encode("utf-16"))
    assert isinstance(doc, RawDocument) and doc.text == STORY


def test_html(tmp_path):
    [doc] = items(tmp_path, "a.html", HTML.encode())
    assert isinstance(doc, RawDocument) and doc.format == "html" and "<article>" in doc.html


def test_txt_that_is_html_is_sniffed(tmp_path):
    [doc] = items(tmp_path, "a.txt", HTML.encode())
    assert doc.format == "html"


def test_jsonl_records_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"text": STORY, "url": "https://ex.com/2015/06/03/a", "title": "T", "outlet": "Ex"}),
        "{not json",
        json.dumps({"html": HTML, "published": "2015-06-03"}),
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        json.dumps([1, 2]),
        "",
    ]
    out = items(tmp_path, "a.jsonl", "\n".join(lines).encode())
    kinds = [(type(x).__name__, x.record) for x in out]
    assert kinds == [("RawDocument", 0), ("Rejection", 1), ("RawDocument", 2),
                     ("Rejection", 3), ("Rejection", 4), ("Rejection", 5)]
    assert out[0].url == "https://ex.com/2015/06/03/a" and out[0].outlet == "Ex"
    assert out[2].html and out[2].published == "2015-06-03"
    assert out[1].reason == "malformed_json" and out[3].reason == "empty"
    assert "must be a string" in out[4].detail


def test_json_array_and_single_object(tmp_path):
    arr = items(tmp_path, "a.json", json.dumps([{"text": STORY}, {"text": STORY + " More."}]).encode())
    assert [x.record for x in arr] == [0, 1]
    one = items(tmp_path, "b.json", json.dumps({"text": STORY, "title": "x"}, indent=2).encode())
    assert len(one) == 1 and isinstance(one[0], RawDocument)


def test_deeply_nested_json_is_rejected_not_crashing(tmp_path):
    out = items(tmp_path, "a.json", b"[" * 100_000 + b"]" * 100_000)
    assert len(out) == 1 and isinstance(out[0], Rejection)


RSS = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>One</title><link>https://ex.com/2015/06/03/one</link>
<pubDate>Wed, 03 Jun 2015 10:00:00 GMT</pubDate><description>{STORY}</description></item>
<item><title>Empty</title><link>https://ex.com/e</link></item>
<item><title>Two</title><description><![CDATA[<p>{STORY}</p><p>Second paragraph of the story.</p>]]></description></item>
</channel></rss>"""


def test_rss(tmp_path):
    out = items(tmp_path, "feed.rss", RSS.encode())
    assert [type(x).__name__ for x in out] == ["RawDocument", "Rejection", "RawDocument"]
    assert out[0].outlet == "Example Wire" and out[0].published.startswith("Wed, 03 Jun 2015")
    assert out[0].text == STORY and out[2].html.startswith("<p>")


def test_atom(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <title>Atom News</title><entry><title>A</title><link href="https://ex.com/a"/>
    <updated>2015-06-03T10:00:00Z</updated><content type="html">&lt;p&gt;{STORY}&lt;/p&gt;</content></entry></feed>"""
    [doc] = items(tmp_path, "a.atom", atom.encode())
    assert doc.outlet == "Atom News" and doc.url == "https://ex.com/a" and "Hasakeh" in doc.html


def test_feed_entity_bomb_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
            + ']><rss><channel><title>&lol9;</title></channel></rss>')
    [rej] = items(tmp_path, "bomb.xml", bomb.encode())
    assert isinstance(rej, Rejection) and rej.reason == "unsafe_xml"


def test_malformed_feed(tmp_path):
    [rej] = items(tmp_path, "bad.rss", b"<rss><channel><item><title>x</ti")
    assert isinstance(rej, Rejection) and rej.reason in ("malformed_feed", "empty")


def _warc(records, gz=True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, ctype, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=http))
    return buf.getvalue()


def test_warc_html_records(tmp_path):
    data = _warc([("https://ex.com/2015/06/03/a", "text/html; charset=utf-8", HTML.encode()),
                  ("https://ex.com/logo.png", "image/png", b"\x89PNG...."),
                  ("https://ex.com/b", "text/html", b"")])
    out = items(tmp_path, "a.warc.gz", data)
    docs = [x for x in out if isinstance(x, RawDocument)]
    assert len(docs) == 1 and docs[0].url == "https://ex.com/2015/06/03/a" and docs[0].format == "warc"
    assert any(isinstance(x, Rejection) and x.reason == "empty" for x in out)


def test_truncated_warc_keeps_good_records_and_reports(tmp_path):
    data = _warc([("https://ex.com/a", "text/html", HTML.encode()),
                  ("https://ex.com/b", "text/html", HTML.encode())], gz=False)
    out = items(tmp_path, "t.warc", data[: len(data) - 300])
    assert isinstance(out[0], RawDocument)
    assert any(isinstance(x, Rejection) and x.reason == "malformed_warc" for x in out)


def test_truncated_warc_gz(tmp_path):
    data = _warc([("https://ex.com/a", "text/html", HTML.encode())])
    out = items(tmp_path, "t.warc.gz", data[:-40])
    assert any(isinstance(x, Rejection) and x.reason == "malformed_warc" for x in out)


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n", "empty"),
    ("bin.txt", b"\x00\x01\x02binary\x00" * 50, "binary"),
    ("image.png", b"\x89PNG\r\n", "unsupported"),
])
def test_bad_input_classes(tmp_path, name, data, reason):
    [rej] = items(tmp_path, name, data)
    assert isinstance(rej, Rejection) and rej.reason == reason and rej.detail


def test_too_large_is_rejected_without_reading(tmp_path):
    [rej] = items(tmp_path, "big.txt", b"word " * 1000, max_bytes=100)
    assert rej.reason == "too_large" and "limit" in rej.detail


def test_decode_rejects_undecodable():
    with pytest.raises(DecodeError):
        decode_bytes(bytes(range(128, 256)) * 3 + b"\x00")


def test_gzip_not_warc_is_rejected(tmp_path):
    [rej] = items(tmp_path, "x.warc.gz", gzip.compress(b"hello world"))
    assert isinstance(rej, Rejection) and rej.reason == "malformed_warc"
