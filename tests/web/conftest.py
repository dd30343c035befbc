"""Fixtures of the web tests: the seeds plus one hostile article, ingested once per
backend (SQLite, and PostgreSQL when the server is up), and a live `sitrep serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sitrep.analyse.run import analyse_and_date
from sitrep.ingest.run import ingest_paths
from sitrep.resolve.run import events_from_store
from sitrep.store.db import Database

#: an article whose every field tries to run script in a page that shows it
HOSTILE = {
    "title": "<script>window.__xss='title'</script>Hasakah <b>siege</b>",
    "outlet": "<img src=x onerror=\"window.__xss='outlet'\">Evil Daily",
    "url": "javascript:window.__xss='url'",
    "published": "2015-06-26",
    "text": ("<script>window.__xss='text'</script> Islamic State militants attacked the Syrian city of "
             "Hasakah on Thursday, killing 12 civilians <img src=x onerror=\"window.__xss='onerror'\">, "
             "the Syrian Observatory for Human Rights said.\n\n"
             "The attack on <iframe src=\"javascript:window.__xss='iframe'\"></iframe> the city's southern "
             "districts <svg onload=\"window.__xss='svg'\"> was repelled by government forces."),
}


def _ingest(url: str, seeds: Path, extra: Path) -> None:
    db = Database(url)
    ingest_paths([seeds, extra], db)
    analyse_and_date(db)
    events_from_store(db)
    db.dispose()


@pytest.fixture(scope="session")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.jsonl"
    path.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def sqlite_seeded(tmp_path_factory, seeds_dir, hostile_file) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('webdb') / 'web.db'}"
    _ingest(url, seeds_dir, hostile_file)
    return url


@pytest.fixture(scope="session")
def pg_seeded(pg_server, seeds_dir, hostile_file):
    from tests.conftest import pg_database

    with pg_database(pg_server, prefix="sitrep_web") as url:
        _ingest(url, seeds_dir, hostile_file)
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], scope="session")
def seeded_url(request) -> str:
    """The seeded database on each backend."""
    return request.getfixturevalue("sqlite_seeded" if request.param == "sqlite" else "pg_seeded")


@pytest.fixture(scope="session")
def client_for():
    """client_for(url, token=None) -> a FastAPI TestClient on that database."""
    import warnings

    from fastapi.testclient import TestClient

    from sitrep.show.web.app import Settings, create_app

    clients = []

    def make(url: str, token: str | None = None, **kw):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            c = TestClient(create_app(Settings(db=url, token=token, **kw)))
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def client(seeded_url, client_for):
    return client_for(seeded_url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(sqlite_seeded, tmp_path_factory):
    """`sitrep serve` on the seeded SQLite database, in its own process: its base URL."""
    port = free_port()
    env = dict(os.environ, SITREP_TOKEN="")
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sitrep", "serve", "--db", sqlite_seeded,
                                 "--port", str(port), "--no-refresh"], stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"sitrep serve did not start: {log.read_text()[-2000:]}")
        time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
