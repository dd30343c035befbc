"""Shared fixtures: databases on both backends, the shared/ folder, builders.

Every test that touches a database asks for one through `db_url` / `db` (a fresh
database for the test) or `module_databases` (databases that live for one module), all
parametrised over SQLite and PostgreSQL. The PostgreSQL cases carry the `postgres`
marker (`pytest -m postgres` runs only them, `-m "not postgres"` none of them); each
PostgreSQL database is created for its test or module and dropped afterwards; when the
server is unreachable they are skipped with a warning, never failed.
"""

from __future__ import annotations

import os
import uuid
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitrep.config import shared_path

PG_ADMIN_URL = os.environ.get("SITREP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")

#: parametrise a fixture with these to run its tests on both backends
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _pg_admin_engine():
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    with engine.connect() as conn:
        conn.execute(text("select 1"))
    return engine


@pytest.fixture(scope="session")
def pg_server():
    """An admin engine on the PostgreSQL server, or a loud skip."""
    try:
        engine = _pg_admin_engine()
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server"
        msg = f"PostgreSQL at {PG_ADMIN_URL} is unreachable ({type(exc).__name__}): PostgreSQL tests SKIPPED"
        warnings.warn(msg)
        pytest.skip(msg)
    yield engine
    engine.dispose()


def pytest_collection_modifyitems(items):
    """Whatever needs the server (pg_url, pg_server) is a `postgres` test, marked or not."""
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@contextmanager
def pg_database(server, prefix: str = "sitrep_test"):
    """A fresh, empty PostgreSQL database (its URL), dropped on exit even if still in use."""
    from sqlalchemy import text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with server.connect() as conn:
            conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with pg_database(pg_server) as url:
        yield url


def _sqlite(tmp_path_factory) -> str:
    # outside the test's tmp_path, so that ingesting tmp_path never reads the database
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


class Databases:
    """Fresh, empty databases on one backend (`.backend`: "sqlite" or "postgresql");
    `new()` gives the URL of another one. The PostgreSQL ones are dropped by close()."""

    def __init__(self, backend: str, request, tmp_path_factory):
        self.backend = backend
        self._tmp = tmp_path_factory
        self._server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
        self._open: list = []

    def new(self) -> str:
        if self.backend == "sqlite":
            return _sqlite(self._tmp)
        cm = pg_database(self._server)
        url = cm.__enter__()
        self._open.append(cm)
        return url

    def close(self) -> None:
        while self._open:
            self._open.pop().__exit__(None, None, None)


@pytest.fixture(params=BACKENDS)
def databases(request, tmp_path_factory):
    """Both backends: every test using this (or db_url, db) runs on SQLite and on PostgreSQL."""
    dbs = Databases(request.param, request, tmp_path_factory)
    yield dbs
    dbs.close()


@pytest.fixture(scope="module", params=BACKENDS)
def module_databases(request, tmp_path_factory):
    """As `databases`, for module-scoped fixtures (a corpus ingested once per backend)."""
    dbs = Databases(request.param, request, tmp_path_factory)
    yield dbs
    dbs.close()


@pytest.fixture
def sqlite_url(tmp_path_factory) -> str:
    """SQLite only: for the tests that are about SQLite itself (say why where it is used)."""
    return _sqlite(tmp_path_factory)


@pytest.fixture
def db_url(databases) -> str:
    """A fresh database on each backend in turn."""
    return databases.new()


@pytest.fixture
def db(db_url):
    from sitrep.store.db import Database

    database = Database(db_url)
    yield database
    database.dispose()


def fetch(url: str, sql: str, **params) -> list[tuple]:
    """Rows of one query on any backend (plain SQL: the tests' view of the tables)."""
    from sqlalchemy import create_engine, text

    from sitrep.store.db import normalise_url

    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = shared_path("seeds")
    if path is None or not path.is_dir():
        pytest.skip("shared/seeds not present")
    return path
