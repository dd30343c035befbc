"""Connecting to the database and bringing its schema up to date.

SQLite (default, zero set-up, WAL mode) or PostgreSQL (`postgresql+psycopg://...`),
chosen by URL; both wait SITREP_DB_TIMEOUT seconds (default 30) for a lock held by
another writer (SQLite's busy timeout, PostgreSQL's lock_timeout). `open_db()` always runs the Alembic migrations to head first, so a user
never has to think about schema versions.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from sitrep.config import db_url

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x5174_7265_7000  # any constant shared by every sitrep process ("sitrep")


def normalise_url(url: str) -> str:
    """Accept a bare file path as a SQLite database; default the PostgreSQL driver."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


DEFAULT_TIMEOUT = 30.0


def busy_timeout() -> float:
    """Seconds a write waits for another writer's lock before failing ("database is
    locked" on SQLite, lock_timeout on PostgreSQL): SITREP_DB_TIMEOUT, default 30."""
    value = os.environ.get("SITREP_DB_TIMEOUT", "").strip()
    try:
        return max(0.0, float(value)) if value else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(db_url(url))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        timeout = busy_timeout()
        engine = create_engine(url, connect_args={"timeout": timeout})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001 - DBAPI objects
            cur = dbapi_conn.cursor()
            if parsed.database not in (None, "", ":memory:"):
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            cur.close()

        return engine
    # the same wait for PostgreSQL locks (the ingest and migration locks included), so
    # that a stuck writer elsewhere is an error after a while, not a silent hang
    return create_engine(url, pool_pre_ping=True,
                         connect_args={"options": f"-c lock_timeout={int(busy_timeout() * 1000)}"})


def alembic_config(engine: Engine):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (idempotent)."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes opening a fresh database at once would both create the tables
            # (and one fail on a duplicate type). A transaction-scoped advisory lock makes
            # the second wait, then find the schema at head and do nothing.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class Database:
    """An engine plus a session factory, migrated on open."""

    def __init__(self, url: str | None = None, *, migrate_schema: bool = True):
        self.engine = make_engine(url)
        if migrate_schema:
            migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        return self.sessions()

    def dispose(self) -> None:
        self.engine.dispose()


def open_db(url: str | None = None) -> Database:
    return Database(url)
