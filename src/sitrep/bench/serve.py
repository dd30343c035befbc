"""Load benchmark of `sitrep serve`: mixed JSON API reads on loopback, measured by wrk.

    sitrep bench serve [--db URL] [--seconds 30] [--connections 16] [--workers 2]

Without --db it builds a PostgreSQL database on the local server ($SITREP_BENCH_PG,
default postgresql+psycopg://postgres@127.0.0.1:5432/postgres) from the 588 LGL
articles plus the seeds (ingest, analysis, resolve: the same store a team would
serve), and drops it afterwards. It then starts `sitrep serve --workers N` in its own
process and points wrk (Debian's `wrk`, a C load generator, so that the load tool takes
little of the two cores) at a rotating mix of API reads whose ids and places come from
the database itself:

    event lists (plain, by type, actor, date range, place + radius, disputed, paged),
    single events, the timeline, GeoJSON, article lists and searches, single articles,
    claims of an event, stats.

Reported: requests/s, latency p50/p90/p99 (wrk's own histogram), and every error wrk
counts (connect, read, write, timeout, non-2xx/3xx status). The target of issue #5 is
at least 200 requests/s with zero errors. Nothing is asserted here: a benchmark
reports; the numbers go to the README with the command that produced them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from sitrep import config

DEFAULT_DATA = ("bench", "geo", "lgl.xml")
TARGET_RPS = 200
_SENTINEL = "SITREP-WRK "

#: wrk's Lua: rotate through the paths in `paths.txt`; print a JSON summary at the end
_LUA = r"""
local paths = {}
for line in io.lines("%(paths)s") do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(sentinel)s{"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "mean_us": %%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def bench_database(corpus: Path):
    """A fresh PostgreSQL database holding the LGL articles and the seeds, dropped after."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from sitrep.analyse.run import analyse_and_date
    from sitrep.bench.speed import load_lgl, write_jsonl
    from sitrep.ingest.run import ingest_paths
    from sitrep.resolve.run import events_from_store
    from sitrep.store.db import Database

    admin_url = os.environ.get("SITREP_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"sitrep_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            inputs = [write_jsonl(load_lgl(corpus), Path(tmp))]
            seeds = config.shared_path("seeds")
            if seeds is not None and seeds.is_dir():
                inputs.append(seeds)
            db = Database(url)
            ingest_paths(inputs, db)
            analyse_and_date(db)
            events_from_store(db)
            db.dispose()
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                         {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def request_mix(url: str) -> list[str]:
    """The rotating list of API reads, with ids, places and dates taken from the database."""
    from sqlalchemy import select

    from sitrep.store.db import Database
    from sitrep.store.schema import ArticleRow, EventRow

    db = Database(url)
    with db.engine.connect() as conn:
        events = conn.execute(select(EventRow.event_id, EventRow.event_date, EventRow.latitude, EventRow.longitude,
                                     EventRow.country).order_by(EventRow.event_id)).all()
        articles = conn.execute(select(ArticleRow.article_id).order_by(ArticleRow.article_id)).scalars().all()
    db.dispose()
    if not events or not articles:
        raise RuntimeError(f"the database {url.split('@')[-1]} holds no events or articles to read")
    q = urllib.parse.urlencode
    located = [e for e in events if e.latitude is not None]
    dated = sorted(e.event_date for e in events if e.event_date)
    mid = dated[len(dated) // 2] if dated else None
    countries = sorted({e.country for e in events if e.country})
    paths = []
    for k in range(40):
        e = events[(k * 7919) % len(events)]
        a = articles[(k * 104729) % len(articles)]
        p = located[(k * 31) % len(located)] if located else None
        paths += [
            "/api/events",
            f"/api/events/{e.event_id}",
            "/api/events?" + q({"type": ["Battles", "Explosions/Remote violence", "Protests"][k % 3], "limit": 20}),
            "/api/events?" + q({"actor": ["islamic", "military", "police", "civilians"][k % 4]}),
            f"/api/articles/{a}",
            "/api/articles?" + q({"limit": 20, "offset": (k * 20) % max(1, len(articles))}),
            f"/api/claims?event_id={e.event_id}",
            "/api/events?" + q({"offset": (k * 50) % max(1, len(events)), "limit": 50}),
        ]
        if p is not None:
            paths.append("/api/events?" + q({"place": f"{p.latitude:.4f},{p.longitude:.4f}", "radius_km": 50}))
        if mid is not None:
            lo, hi = mid.replace(day=1), mid
            paths.append("/api/events?" + q({"since": lo.isoformat(), "until": hi.isoformat()}))
        if k % 4 == 0:
            paths += ["/api/stats", "/api/events?disputed=true",
                      "/api/articles?" + q({"q": ["killed", "police", "protest", "army"][k // 4 % 4]})]
        if k % 8 == 0:
            country = countries[(k // 8) % len(countries)] if countries else None
            paths.append("/api/events.geojson" + (("?" + q({"country": country})) if country else ""))
            paths.append("/api/timeline?" + q({"limit": 200}))
    return paths


@contextmanager
def running_server(url: str, workers: int):
    port = _free_port()
    env = dict(os.environ, SITREP_TOKEN="")
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "serve", "--db", url, "--port", str(port),
                             "--workers", str(workers), "--no-refresh"], stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"sitrep serve did not start: {log.read()[-2000:]}")
                time.sleep(0.3)
        # every worker up: a few sequential requests reach each of them
        for _ in range(4 * workers):
            with urllib.request.urlopen(base + "/api/stats", timeout=10):
                pass
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        os.unlink(log.name)


def check_paths(base: str, paths: list[str]) -> list[str]:
    """Each distinct path once: the ones that do not answer 200 (a broken mix is no benchmark)."""
    bad = []
    for p in sorted(set(paths)):
        try:
            with urllib.request.urlopen(base + p, timeout=30) as r:
                if r.status != 200:
                    bad.append(f"{p}: {r.status}")
        except OSError as exc:
            bad.append(f"{p}: {exc}")
    return bad


def wrk(base: str, paths: list[str], seconds: int, connections: int, threads: int = 1) -> dict:
    exe = shutil.which("wrk")
    if exe is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        list_file = Path(tmp) / "paths.txt"
        list_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        script = Path(tmp) / "mix.lua"
        script.write_text(_LUA % {"paths": str(list_file), "sentinel": _SENTINEL}, encoding="utf-8")
        out = subprocess.run([exe, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                              "-s", str(script), base], capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith(_SENTINEL)), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {out.stdout[-1000:]} {out.stderr[-1000:]}")
    r = json.loads(line[len(_SENTINEL):])
    secs = r["duration_us"] / 1e6
    errors = {k: r[k] for k in ("connect", "read", "write", "status", "timeout")}
    return {"requests": r["requests"], "seconds": round(secs, 2), "requests_per_s": round(r["requests"] / secs, 1),
            "p50_ms": round(r["p50_us"] / 1000, 2), "p90_ms": round(r["p90_us"] / 1000, 2),
            "p99_ms": round(r["p99_us"] / 1000, 2), "max_ms": round(r["max_us"] / 1000, 2),
            "mb_per_s": round(r["bytes"] / secs / 2**20, 2), "errors": errors, "error_total": sum(errors.values())}


def run(path: Path, db: str | None = None, seconds: int = 30, connections: int = 16, workers: int = 2) -> dict:
    """Build (or use) the database, serve it, load it, report."""
    @contextmanager
    def given(url):
        yield url

    started = time.monotonic()
    with (given(db) if db else bench_database(path)) as url:
        built_s = time.monotonic() - started
        paths = request_mix(url)
        with running_server(url, workers) as base:
            bad = check_paths(base, paths)
            if bad:
                raise RuntimeError("some requests of the mix fail: " + "; ".join(bad[:5]))
            wrk(base, paths, min(5, seconds), connections)  # warm-up: caches, pools, workers
            result = wrk(base, paths, seconds, connections)
    backend = url.split("://", 1)[0].split("+")[0]
    metrics = {"requests_per_s": result["requests_per_s"], "p50_ms": result["p50_ms"], "p90_ms": result["p90_ms"],
               "p99_ms": result["p99_ms"], "max_ms": result["max_ms"], "errors": result["error_total"],
               "requests": result["requests"], "seconds": result["seconds"], "connections": connections,
               "workers": workers, "distinct_paths": len(set(paths)), "backend": backend,
               "target_requests_per_s": TARGET_RPS,
               "target_met": result["requests_per_s"] >= TARGET_RPS and result["error_total"] == 0}
    return {"metrics": metrics, "errors": result["errors"], "setup_s": round(built_s, 1),
            "mb_per_s": result["mb_per_s"]}
