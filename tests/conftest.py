"""Shared fixtures: databases on both backends, the shared/ folder, builders."""

from __future__ import annotations

import os
import uuid
import warnings
from pathlib import Path

import pytest

from sitrep.config import shared_path

PG_ADMIN_URL = os.environ.get("SITREP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


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


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import text

    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    with pg_server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with pg_server.connect() as conn:
        conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))


def _sqlite(tmp_path_factory) -> str:
    # outside the test's tmp_path, so that ingesting tmp_path never reads the database
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture
def sqlite_url(tmp_path_factory) -> str:
    return _sqlite(tmp_path_factory)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path_factory) -> str:
    """Both backends: every test using this runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return _sqlite(tmp_path_factory)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url):
    from sitrep.store.db import Database

    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = shared_path("seeds")
    if path is None or not path.is_dir():
        pytest.skip("shared/seeds not present")
    return path
