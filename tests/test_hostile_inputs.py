"""Hostile input: a corpus of broken, absurd and malicious files, generated here.

Every input must end as a clean article or as a rejection with a reason and a detail;
nothing may crash the run, nothing unforeseen ("internal_error") may happen, markup and
entities are data and are never executed or resolved, and `sitrep ingest` exits non-zero
only when nothing at all could be ingested. Runs through `ingest_paths` (both database
backends) and through the CLI (`--json`).
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.cli import app
from sitrep.config import IngestOptions
from sitrep.ingest import article as article_mod
from sitrep.ingest.run import ingest_paths
from sitrep.store import repo

SENTENCE = ("Fighters attacked the town of Hasakah on Tuesday, killing twelve people, "
            "officials said. The army responded with air strikes on their positions.")
SECRET = "TOPSECRET-XXE-MARKER-7f3a"


def _body(tag: str) -> str:
    """A distinct article text per file, so that each good file is a new article."""
    return f"{tag} report. " + " ".join(f"{SENTENCE} Item {tag}-{i}." for i in range(4))


def _warc_record(uri: str, html: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032d}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def _html(tag: str) -> bytes:
    return f"<html><body><article><p>{_body(tag)}</p></article></body></html>".encode()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><description>&lol9; and some words of text</description></item>
</channel></rss>"""


def _xxe(secret_path: Path) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret_path}">]>
<rss version="2.0"><channel><title>Feed</title>
<item><title>Leak</title><description>Text &xxe; is here, with enough words to be kept.</description></item>
</channel></rss>"""


def make_corpus(root: Path, secret_path: Path) -> dict[str, set[str]]:
    """Write the hostile corpus under root; return {file name: allowed statuses/reasons}.

    An expectation is a set of outcome labels: "article" (new/copy/duplicate) or a
    rejection reason. A file with records may produce several outcomes; each must be in
    its set."""
    root.mkdir(parents=True, exist_ok=True)
    exp: dict[str, set[str]] = {}

    def put(name: str, data: bytes | str, allowed: set[str]):
        path = root / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        exp[name] = allowed

    put("good.txt", f"A good article\n\n{_body('good')}\n", {"article"})
    put("empty.txt", b"", {"empty"})
    put("blank.txt", b" \n\t\r\n ", {"empty"})
    put("nul.txt", b"text\x00with\x00nuls" * 200, {"binary"})
    # a NUL byte after the first 8 KiB is not seen by the binary sniffer: it must be
    # stripped, not stored (PostgreSQL refuses NUL in text)
    put("late_nul.txt", (_body("latenul") + " ") * 40 + "\x00 end \x01 of \x1b text.", {"article"})
    put("invalid_utf8.txt", b"Caf\xe9 \xff\xfe\xfa broken \xc3\x28 bytes " * 40, {"article", "undecodable", "binary"})
    put("utf16_nobom.txt", _body("utf16").encode("utf-16-le"), {"article"})
    put("utf16be_nobom.txt", _body("utf16be").encode("utf-16-be"), {"article"})
    put("deep.html", "<html><body>" + "<div>" * 100_000 + _body("deep") + "</div>" * 100_000 + "</body></html>",
        {"article", "no_text", "malformed_html"})
    put("malformed.html", f"<html><body><p>Unclosed <b>tags <i>all <div><table><tr><td>{_body('malformed')}"
                          "</p></span></html></html><<>>&&;", {"article", "no_text", "malformed_html"})
    put("script.html", f"""<html><head><title>Attack</title><script>alert('head-script')</script>
        <style>body {{ background: url(javascript:alert('style')) }}</style></head>
        <body><article><p>{_body('script')}</p>
        <script type="text/javascript">document.cookie='stolen-cookie'</script>
        <iframe src="https://evil.example/frame">iframe-fallback-text</iframe>
        <img src="x" onerror="alert('onerror-attr')"><a href="javascript:alert('href')">link</a>
        <p>{SENTENCE} More text about the fighting.</p></article></body></html>""", {"article"})
    put("not_really.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20, {"binary"})
    put("types.jsonl", "\n".join([
        json.dumps({"text": 123}),                                   # wrong type
        json.dumps({"text": _body("types-title"), "title": ["a"]}),  # wrong type
        json.dumps({"text": _body("types-pub"), "published": 1e308}),
        '{"text": "x", "n": 1' + "0" * 5000 + "}",                  # > int digit limit
        "[" * 100_000,                                               # deep nesting
        json.dumps({"text": _body("types-good"), "published": "2015-06-02", "url": "https://ex.com/a"}),
        "not json at all",
        json.dumps([1, 2, 3]),
        json.dumps({"text": _body("types-null"), "url": None, "title": None}),
        '{"text": "' + _body("surrogate") + ' \\ud800 lone surrogate \\u0000 nul"}',
        json.dumps({"html": "<p>" + _body("types-html") + "</p>", "published": "not a date 99999"}),
        json.dumps({"text": _body("types-date"), "published": "9999999999-99-99"}),
    ]), {"article", "malformed_json", "empty"})
    put("huge_number.json", '{"text": "' + _body("huge") + '", "published": ' + "9" * 100_000 + "}",
        {"malformed_json"})
    put("deep.json", '{"a":' * 100_000 + "1" + "}" * 100_000, {"malformed_json"})
    put("wrong_top.json", "12345", {"malformed_json"})
    put("bomb.xml", BILLION_LAUGHS, {"unsafe_xml"})
    put("xxe.rss", _xxe(secret_path), {"unsafe_xml"})
    put("broken.rss", "<rss><channel><item><title>Half", {"malformed_feed", "empty"})

    warc = (_warc_record("https://a.example/2015/06/02/one", _html("warc-one"))
            + _warc_record("https://a.example/2015/06/03/two", _html("warc-two")))
    put("truncated.warc", warc[:-300], {"article", "malformed_warc"})
    gz = (gzip.compress(_warc_record("https://b.example/2015/06/02/one", _html("gz-one")))
          + gzip.compress(_warc_record("https://b.example/2015/06/03/two", _html("gz-two"))))
    put("truncated.warc.gz", gz[:-120], {"article", "malformed_warc"})
    put("garbage.warc.gz", gzip.compress(b"not a warc at all") + b"\x00trailing", {"malformed_warc"})

    loop = root / "loop"
    loop.mkdir()
    os.symlink(loop, loop / "self")  # a folder link: not followed
    os.symlink(loop / "b", loop / "a")  # a <-> b: a link loop
    os.symlink(loop / "a", loop / "b")
    exp["loop/a"] = {"unreadable"}
    exp["loop/b"] = {"unreadable"}
    # file names: bytes that are not UTF-8 (stored with \xNN escapes), a newline
    (root / os.fsdecode(b"caf\xe9 latin-1 name.txt")).write_text(_body("badname"))
    exp["caf\\xe9 latin-1 name.txt"] = {"article"}
    (root / os.fsdecode(b"empty\xff.txt")).write_bytes(b"")
    exp["empty\\xff.txt"] = {"empty"}
    put("new\nline.txt", _body("newline"), {"article"})
    os.mkfifo(root / "pipe.txt")  # opening it to read would block for ever
    exp["pipe.txt"] = {"unsupported"}
    return exp


def _label(outcome) -> str:
    return "article" if outcome.status in ("new", "copy", "duplicate") else outcome.rejection.reason


def _check_outcomes(outcomes: list[tuple[str, str, str]], root: Path, exp: dict[str, set[str]]) -> None:
    """outcomes: (origin, label, detail) triples."""
    seen: dict[str, set[str]] = {}
    for origin, label, detail in outcomes:
        name = os.path.relpath(origin, root.resolve() if origin.startswith(str(root.resolve())) else root)
        assert name in exp, f"unexpected origin {origin}"
        assert label in exp[name], f"{name}: {label} ({detail}) not in {exp[name]}"
        assert label == "article" or detail, f"{name}: rejection {label} without detail"
        seen.setdefault(name, set()).add(label)
    missing = set(exp) - set(seen)
    assert not missing, f"inputs that left no trace: {sorted(missing)}"


@pytest.fixture
def corpus(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    root = tmp_path / "corpus"
    return root, make_corpus(root, secret)


def test_hostile_corpus_ingest_paths(corpus, db):
    """Both backends: every file ends as article or rejection, nothing crashes."""
    root, exp = corpus
    report = ingest_paths([root], db)
    _check_outcomes([(o.origin, _label(o), o.rejection.detail if o.rejection else "")
                     for o in report.outcomes], root, exp)
    labels = [_label(o) for o in report.outcomes]
    assert "internal_error" not in labels
    # the good inputs in the corpus did become articles
    assert sum(1 for lab in labels if lab == "article") >= 10
    with db.session() as s:
        arts = repo.list_articles(s)
        rejections = repo.list_rejections(s)
    assert len(rejections) == sum(1 for o in report.outcomes if o.status == "rejected")
    for a in arts:
        assert "\x00" not in a.text and SECRET not in a.text
        assert not any(ord(c) < 32 and c not in "\t\n\r\x0c" for c in a.text)
    assert not any(SECRET in (r.detail or "") for r in rejections)
    texts = [a.text for a in arts]
    for tag in ("utf16", "utf16be", "latenul", "surrogate", "types-good", "gz-one", "warc-one"):
        assert any(f"Item {tag}-0." in t for t in texts), f"{tag} was not stored"
    assert any("\ufffd lone surrogate" in t for t in texts)


def test_script_iframe_and_handlers_are_not_kept(corpus, db_url):
    from sitrep.store.db import Database

    root, _ = corpus
    db = Database(db_url)
    report = ingest_paths([root / "script.html"], db)
    [outcome] = report.outcomes
    assert outcome.status == "new"
    text = outcome.article.text
    assert "Item script-0" in text and "More text about the fighting" in text
    for bad in ("<script", "alert(", "document.cookie", "stolen-cookie", "<iframe", "onerror",
                "javascript:", "<style", "<img"):
        assert bad not in text, bad
    with db.session() as s:
        [stored] = repo.list_articles(s)
    assert stored.text == text
    db.dispose()


def test_entities_are_never_expanded_nor_resolved(corpus, db_url):
    from sitrep.store.db import Database

    root, _ = corpus
    db = Database(db_url)
    report = ingest_paths([root / "bomb.xml", root / "xxe.rss"], db)
    assert [o.rejection.reason for o in report.outcomes] == ["unsafe_xml", "unsafe_xml"]
    assert all(SECRET not in (o.rejection.detail or "") for o in report.outcomes)
    db.dispose()


@pytest.mark.slow
def test_hostile_corpus_through_the_cli(corpus, db_url):
    root, exp = corpus
    (root / "absurd.txt").write_text("Absurd figures\n\nAt least 1" + "0" * 400 + " people were killed "
                                     "in Hasakah on Monday, the army said. " + _body("absurd"))
    exp["absurd.txt"] = {"article"}
    # with the analysis: hostile text must not break it either
    result = CliRunner().invoke(app, ["ingest", str(root), "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["analysis"]["failed"] == [] and out["analysis"]["articles"] >= 10, out["analysis"]
    _check_outcomes([(d["origin"], "article" if d["status"] != "rejected" else d["reason"],
                      d.get("detail", "")) for d in out["documents"]], root, exp)
    assert out["summary"]["new"] >= 10 and out["summary"]["rejected"] >= 15
    # a second run stores nothing new and still succeeds (already stored = ingested)
    again = CliRunner().invoke(app, ["ingest", str(root), "--db", db_url, "--json", "--no-analyse"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["summary"]["new"] == 0


def test_a_crashing_analysis_is_reported_and_the_articles_stay(tmp_path, db_url, monkeypatch):
    """Ingest's own work is committed before the analysis: if the analysis stage itself
    stops (not one article: the whole stage), one error line, the JSON still printed,
    and the exit code follows the ingest rule."""
    def boom(*_a, **_k):
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr("sitrep.analyse.run.analyse_and_date", boom)
    (tmp_path / "a.txt").write_text(_body("analysed"))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["summary"]["new"] == 1
    assert out["analysis"] == {"error": "OverflowError: cannot convert float infinity to integer"}
    assert "analysis stopped" in result.stderr and "Traceback" not in result.stderr


def test_only_hostile_input_exits_non_zero(corpus, db_url):
    root, exp = corpus
    bad = [str(root / n) for n, allowed in exp.items() if "article" not in allowed and "/" not in n]
    result = CliRunner().invoke(app, ["ingest", *bad, "--db", db_url, "--json", "--no-analyse"])
    assert result.exit_code == 1, result.output
    out = json.loads(result.stdout)
    assert out["summary"]["rejected"] == len(bad) and out["summary"]["new"] == 0
    # one good file among them is enough for success
    result = CliRunner().invoke(app, ["ingest", *bad, str(root / "good.txt"), "--db", db_url,
                                      "--json", "--no-analyse"])
    assert result.exit_code == 0, result.output


def test_unreadable_file(tmp_path, db_url):
    from sitrep.store.db import Database

    path = tmp_path / "locked.txt"
    path.write_text(_body("locked"))
    path.chmod(0)
    try:
        try:
            path.read_bytes()
        except PermissionError:
            pass
        else:
            pytest.skip("running as root: chmod 000 does not stop reading, nothing to test")
        db = Database(db_url)
        [o] = ingest_paths([path], db).outcomes
        assert o.status == "rejected" and o.rejection.reason == "unreadable"
        db.dispose()
    finally:
        path.chmod(0o644)


def test_unreadable_file_as_root_simulated(tmp_path, db_url, monkeypatch):
    """Where chmod 000 cannot be tested (root reads anything), a read that fails with
    PermissionError is simulated: it must be a rejection and the run must go on."""
    from sitrep.store.db import Database

    locked, fine = tmp_path / "locked.txt", tmp_path / "fine.txt"
    locked.write_text(_body("locked"))
    fine.write_text(_body("fine"))
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    db = Database(db_url)
    outcomes = ingest_paths([tmp_path], db).outcomes
    assert [(Path(o.origin).name, o.status) for o in outcomes] == [("fine.txt", "new"), ("locked.txt", "rejected")]
    assert outcomes[1].rejection.reason == "unreadable" and "Permission denied" in outcomes[1].rejection.detail
    db.dispose()


def test_an_unforeseen_crash_is_one_rejection_and_the_run_goes_on(tmp_path, db_url, monkeypatch):
    """The last line of defence: a builder bug on one record does not stop the run."""
    from sitrep.store.db import Database

    real = article_mod.build_article

    def flaky(raw):
        if "explode" in (raw.text or ""):
            raise RuntimeError("simulated bug")
        return real(raw)

    monkeypatch.setattr("sitrep.ingest.run.build_article", flaky)
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps({"text": t}) for t in
                                                (_body("one"), _body("explode"), _body("two"))))
    (tmp_path / "b.txt").write_text(_body("three"))
    db = Database(db_url)
    report = ingest_paths([tmp_path], db)
    assert [(o.record, o.status) for o in report.outcomes] == [(0, "new"), (1, "rejected"), (2, "new"),
                                                               (None, "new")]
    assert report.outcomes[1].rejection.reason == "internal_error"
    assert "simulated bug" in report.outcomes[1].rejection.detail
    db.dispose()


def test_minhash_of_a_long_text_is_batched(monkeypatch):
    """update_batch makes a (shingles x 128) uint64 matrix: it must be fed in batches,
    with the same signature as one batch."""
    import numpy as np
    from datasketch import MinHash

    from sitrep.ingest import identity

    sizes: list[int] = []
    real = MinHash.update_batch

    def spy(self, b):
        sizes.append(len(b))
        return real(self, b)

    monkeypatch.setattr(MinHash, "update_batch", spy)
    text = " ".join(f"word{i % 997} w{i}" for i in range(20_000))
    sig = identity.minhash(text)
    assert max(sizes) <= 10_000 and sum(sizes) == len(text.split()) - identity.SHINGLE + 1
    words = identity._WORD.findall(identity.normalise(text))
    whole = MinHash(num_perm=identity.NUM_PERM, scheme=identity.SCHEME)
    real(whole, [" ".join(words[i:i + 5]).encode() for i in range(len(words) - 4)])
    assert np.array_equal(sig.hashvalues, whole.hashvalues)


# ------------------------------------------------------------------ a 50 MB text file

_RSS_PROBE = r"""
import json, resource, sys
from sitrep.config import IngestOptions
from sitrep.ingest.run import ingest_paths
from sitrep.store.db import Database
import sitrep.ingest.article, trafilatura, feedparser, warcio  # imports are not the input's cost

def rss_kb(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))

db = Database(sys.argv[1])
before = rss_kb("VmRSS")
try:  # reset the peak (VmHWM) to now, so that the imports' peak does not hide the input's
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
except OSError:
    pass
report = ingest_paths(sys.argv[3:], db, IngestOptions(max_bytes=int(sys.argv[2])))
after = rss_kb("VmHWM")
print(json.dumps({"growth_mb": (after - before) / 1024, "outcomes": [
    [o.status, o.rejection.reason if o.rejection else None] for o in report.outcomes]}))
"""


def _probe(url: str, max_bytes: int, *paths: Path) -> dict:
    """Ingest paths in a fresh process; its outcomes and how much its RSS peak grew."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run([sys.executable, "-c", _RSS_PROBE, url, str(max_bytes), *map(str, paths)],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _gzip_warc_of_one_huge_record(path: Path, body_bytes: int) -> Path:
    """A .warc.gz whose single HTML record is body_bytes of 'a': it compresses ~1000x."""
    import zlib

    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>"
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + body_bytes}\r\n\r\n").encode()
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as fh:
        fh.write(z.compress(head + http))
        block = b"a" * 2**20
        for _ in range(body_bytes // 2**20):
            fh.write(z.compress(block))
        fh.write(z.compress(b"\r\n\r\n") + z.flush())
    return path


@pytest.mark.slow
def test_gzip_bombs_are_refused_in_bounded_memory(tmp_path, db_url):
    """300 KB that expand to 300 MB: refused as a bomb while decompressing (streamed,
    nothing kept); 60 KB that expand to one 60 MB record: under the ratio floor, so read,
    but the record is cut at MAX_RECORD_BYTES and refused as too_long. Before: the whole
    archive was decompressed in memory (786 MB RSS for the first)."""
    from sitrep.ingest import readers

    bomb = _gzip_warc_of_one_huge_record(tmp_path / "bomb.warc.gz", 300 * 2**20)
    one_big = _gzip_warc_of_one_huge_record(tmp_path / "one_big.warc.gz", 60 * 2**20)
    assert bomb.stat().st_size < 1_000_000 and one_big.stat().st_size < 200_000
    out = _probe(db_url, 20 * 2**20, bomb, one_big)
    assert out["outcomes"] == [["rejected", "too_large"], ["rejected", "too_long"]]
    print(f"RSS growth on the gzip bombs: {out['growth_mb']:.0f} MB")
    assert out["growth_mb"] < 3 * readers.MAX_RECORD_BYTES / 2**20 + 50


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.txt"
    para = (SENTENCE + " ") * 6 + "\n\n"
    with path.open("w") as fh:
        fh.write("A very long file\n\n")
        written, i = 0, 0
        while written < 50 * 1024 * 1024:
            chunk = f"Paragraph {i}. {para}"
            fh.write(chunk)
            written += len(chunk)
            i += 1
    return path


def test_50mb_file_is_too_large_by_default(big_file, db_url):
    result = CliRunner().invoke(app, ["ingest", str(big_file), "--db", db_url, "--json"])
    assert result.exit_code == 1
    [doc] = json.loads(result.stdout)["documents"]
    assert doc["reason"] == "too_large" and "--max-bytes" in doc["detail"]


@pytest.mark.slow
def test_50mb_file_with_a_raised_limit_is_refused_cleanly_in_bounded_memory(big_file, db_url):
    """With --max-bytes raised the file is read, but 50 MB of text is no article: it is
    refused as too_long before the (slow) cleaner and the MinHash run over it. Before,
    it took 105 s and 9.7 GB of RSS (the MinHash matrix)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = _probe(db_url, 80 * 2**20, big_file)
    assert out["outcomes"] == [["rejected", "too_long"]]
    print(f"RSS growth on the 50 MB file: {out['growth_mb']:.0f} MB")
    assert out["growth_mb"] < 600  # bytes + text + split lines, not gigabytes


def test_html_whose_extracted_text_is_too_long(monkeypatch):
    """Markup under the HTML limit can still hold more text than any article (a 9.5 MB
    page of paragraphs gave 8 M characters): the text limit applies after extraction too."""
    from sitrep.models import RawDocument

    long_text = "word " * (article_mod.MAX_TEXT_CHARS // 5 + 10)
    monkeypatch.setattr(article_mod, "_html_parts", lambda raw: (long_text, "t", None, None, None))
    got = article_mod.build_article(RawDocument(origin="x.html", format="html", html="<p>x</p>"))
    assert got.reason == "too_long" and "HTML" in got.detail


def test_a_long_but_acceptable_text_is_ingested(tmp_path, db_url):
    """Just under the text limit still becomes an article (with the MinHash batched)."""
    from sitrep.store.db import Database

    n = article_mod.MAX_TEXT_CHARS // 2 // len(SENTENCE)
    path = tmp_path / "long.txt"
    path.write_text("Long read\n\n" + "\n\n".join(f"{SENTENCE} Part {i}." for i in range(n // 4)))
    db = Database(db_url)
    [o] = ingest_paths([path], db, IngestOptions()).outcomes
    assert o.status == "new" and o.article.word_count > 10_000
    db.dispose()
