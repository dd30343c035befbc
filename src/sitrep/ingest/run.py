"""The ingest stage end to end: paths -> stored articles and rejections.

    discover(paths) -> files -> readers -> RawDocument -> build_article -> store

Each file is committed on its own, so an interrupted run loses at most the file in
flight and a re-run completes it (every write is insert-or-ignore on a natural key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.config import IngestOptions
from sitrep.ingest.article import build_article
from sitrep.ingest.identity import NearDuplicateIndex, from_bytes
from sitrep.ingest.readers import origin_of, read_file
from sitrep.models import Article, Rejection
from sitrep.store import repo
from sitrep.store.db import Database


@dataclass
class Outcome:
    """What happened to one input document."""

    status: str  # new | duplicate | copy | rejected
    origin: str
    record: int | None
    article: Article | None = None
    rejection: Rejection | None = None
    duplicate_of: str | None = None  # for duplicate (same id) and copy (near-duplicate)
    similarity: float | None = None


@dataclass
class IngestReport:
    files: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    def by_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def stored(self) -> int:
        return len(self.by_status("new")) + len(self.by_status("copy"))

    @property
    def ingested_anything(self) -> bool:
        """True if at least one document became (or already was) an article."""
        return any(o.status != "rejected" for o in self.outcomes)

    def summary(self) -> dict[str, int]:
        return {"files": self.files, "new": len(self.by_status("new")),
                "copies": len(self.by_status("copy")),
                "duplicates": len(self.by_status("duplicate")),
                "rejected": len(self.by_status("rejected"))}


def discover(paths: Iterable[str | Path]) -> Iterator[Path | Rejection]:
    """Files under the given paths, in a stable order. Hidden files and folders inside a
    folder are skipped (editor/OS litter); a missing path becomes a rejection."""
    for p in paths:
        path = Path(p).expanduser()
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file():
                    yield child.resolve()
                elif child.is_symlink() and not child.is_dir():
                    # a dangling link or a link loop: say so instead of skipping it silently
                    # (links to folders are not followed, which also keeps loops finite)
                    yield Rejection(origin_of(child), None, "unreadable", "broken symbolic link or link loop")
                elif not child.is_dir() and not child.is_symlink():
                    # a pipe, socket or device: never opened (reading a pipe could block forever)
                    yield Rejection(origin_of(child), None, "unsupported", "not a regular file")
        elif path.is_file():
            yield path.resolve()
        else:
            yield Rejection(origin_of(path), None, "not_found", "no such file or folder")


def ingest_paths(paths: Iterable[str | Path], db: Database,
                 options: IngestOptions = IngestOptions(),
                 on_file: Callable[[Path], None] | None = None) -> IngestReport:
    report = IngestReport()
    index, sync = load_index(db, options)
    files = list(discover(paths))
    for item in files:
        if isinstance(item, Rejection):
            with db.session() as session, session.begin():
                repo.add_rejection(session, item)
            report.outcomes.append(Outcome("rejected", item.origin, item.record, rejection=item))
            continue
        report.files += 1
        # Read, clean and hash outside the transaction (the slow part, in parallel with
        # other ingest processes), then store the file's documents under the ingest lock.
        report.outcomes.extend(_store_file(db, list(_built(item, options.max_bytes)), index, sync))
        if on_file:
            on_file(item)
    return report


def load_index(db: Database, options: IngestOptions) -> tuple[NearDuplicateIndex, "IndexSync"]:
    """The near-duplicate index over every stored article, and its sync state."""
    index = NearDuplicateIndex(options.near_duplicate_threshold)
    with db.session() as session:
        # counted first: rows another process adds meanwhile make the count look stale,
        # which only triggers a catch-up (never a miss)
        sync = IndexSync(index, repo.count_articles(session))
        for article_id, sig in repo.iter_signatures(session):
            index.add(article_id, from_bytes(sig))
    return index, sync


@dataclass
class IndexSync:
    """The in-memory near-duplicate index and how many articles the database held when
    the index last caught up with it (plus those this process stored since)."""

    index: NearDuplicateIndex
    stored: int


def begin_file(session, sync: IndexSync) -> None:
    """Start storing one file: take the ingest lock, then add to the near-duplicate index
    the articles that other processes stored since this one last looked. Without this,
    two processes ingesting at once each miss the other's articles and keep near-copies
    as unrelated originals. Cost: a count(*) per file (an index scan, ~0.1 ms for 20k
    articles), and a scan of the article ids only when another writer has been at work."""
    repo.lock_for_ingest(session)
    total = repo.count_articles(session)
    if total == sync.stored:
        return
    missing = [i for i in repo.signature_ids(session) if i not in sync.index]
    for article_id, sig in repo.iter_signatures(session, missing):
        sync.index.add(article_id, from_bytes(sig))
    sync.stored = total


def ingest_upload(origin: str, data: bytes, db: Database,
                  options: IngestOptions = IngestOptions()) -> IngestReport:
    """Ingest JSON / JSON Lines records sent over the API as if they were one file named
    `origin` (the same reading, cleaning, de-duplication and rejections as a file)."""
    from sitrep.ingest.readers import read_json

    index, sync = load_index(db, options)
    items = list(_documents(read_json(origin, data), origin))
    return IngestReport(files=1, outcomes=_store_file(db, items, index, sync))


def _store_file(db: Database, items: list[Article | Rejection], index: NearDuplicateIndex,
                sync: "IndexSync") -> list[Outcome]:
    """Store one file's documents in one transaction, under the ingest lock."""
    with db.session() as session, session.begin():
        begin_file(session, sync)
        outcomes = [_store(session, built, index) for built in items]
    sync.stored += sum(1 for o in outcomes if o.status in ("new", "copy"))
    return outcomes


def _built(path: Path, max_bytes: int) -> Iterator[Article | Rejection]:
    """The articles and rejections of one file. Readers and the article builder turn bad
    content into rejections themselves; should one still raise on input nobody foresaw,
    that record (or, for a reader, the rest of the file) becomes an "internal_error"
    rejection and the run goes on. Database errors are not caught here: they happen in
    `_store` and stop the run, since going on would only fail again."""
    return _documents(read_file(path, max_bytes), origin_of(path))


def _documents(docs: Iterator, origin: str) -> Iterator[Article | Rejection]:
    while True:
        try:
            doc = next(docs)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - one file must not stop the run
            yield Rejection(origin, None, "internal_error", _describe(exc))
            return
        if isinstance(doc, Rejection):
            yield doc
            continue
        try:
            yield build_article(doc)
        except Exception as exc:  # noqa: BLE001 - one record must not stop the run
            yield Rejection(doc.origin, doc.record, "internal_error", _describe(exc))


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def _store(session, built: Article | Rejection, index: NearDuplicateIndex) -> Outcome:
    if isinstance(built, Rejection):
        repo.add_rejection(session, built)
        return Outcome("rejected", built.origin, built.record, rejection=built)
    art = built
    if repo.article_exists(session, art.article_id):
        repo.add_origin(session, art.article_id, art.origin, art.record)
        return Outcome("duplicate", art.origin, art.record, article=art, duplicate_of=art.article_id)
    sig = from_bytes(art.minhash) if art.minhash else None
    match = index.best_match(sig) if sig is not None else None
    copy_of, sim = match if match else (None, None)
    if copy_of:  # link to the first article of the family, not to another copy
        copy_of = repo.root_of(session, copy_of)
    inserted = repo.add_article(session, art, copy_of=copy_of, similarity=sim)
    if not inserted:  # another process stored it between our check and our insert
        return Outcome("duplicate", art.origin, art.record, article=art, duplicate_of=art.article_id)
    if sig is not None:
        index.add(art.article_id, sig)
    status = "copy" if copy_of else "new"
    return Outcome(status, art.origin, art.record, article=art, duplicate_of=copy_of, similarity=sim)
