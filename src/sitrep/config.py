"""Settings shared by every stage.

Everything a user can change lives here, read from the environment once, so that a
newcomer finds all the knobs in one file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///sitrep.db"

#: Input files larger than this are rejected (not read into memory). Override with
#: SITREP_MAX_BYTES or `sitrep ingest --max-bytes`.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def db_url(explicit: str | None = None) -> str:
    """The database URL: `--db` beats `SITREP_DB` beats `sqlite:///sitrep.db`."""
    return explicit or os.environ.get("SITREP_DB") or DEFAULT_DB_URL


def max_bytes(explicit: int | None = None) -> int:
    if explicit:
        return explicit
    env = os.environ.get("SITREP_MAX_BYTES")
    return int(env) if env else DEFAULT_MAX_BYTES


def cache_dir() -> Path:
    """Where derived data (e.g. the compact gazetteer index) is cached.

    SITREP_CACHE, else $XDG_CACHE_HOME/sitrep, else ~/.cache/sitrep.
    """
    if os.environ.get("SITREP_CACHE"):
        path = Path(os.environ["SITREP_CACHE"])
    elif os.environ.get("XDG_CACHE_HOME"):
        path = Path(os.environ["XDG_CACHE_HOME"]) / "sitrep"
    else:
        path = Path.home() / ".cache" / "sitrep"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_dir() -> Path | None:
    """The project's `shared/` folder (seeds, gold, public benchmarks), if present.

    Looked for in SITREP_SHARED, then beside the working directory, then beside the
    repository checkout this package was installed from.
    """
    candidates = []
    if os.environ.get("SITREP_SHARED"):
        candidates.append(Path(os.environ["SITREP_SHARED"]))
    candidates.append(Path.cwd().parent / "shared")
    candidates.append(Path(__file__).resolve().parents[3] / "shared")
    for c in candidates:
        if (c / "README.md").exists() or (c / "seeds").is_dir():
            return c
    return None


def shared_path(*parts: str) -> Path | None:
    base = shared_dir()
    return base.joinpath(*parts) if base else None


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    #: Jaccard similarity (MinHash estimate) above which two articles are copies.
    near_duplicate_threshold: float = 0.8
    extensions: tuple[str, ...] = field(
        default=(".txt", ".html", ".htm", ".jsonl", ".json", ".xml", ".rss", ".atom",
                 ".warc", ".warc.gz", ".arc.gz")
    )
