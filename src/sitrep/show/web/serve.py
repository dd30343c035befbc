"""The `sitrep serve` command: resolve what is stored, then run the web app with uvicorn.

Read-only unless a token is given (--token-file, or $SITREP_TOKEN): then POST
/api/ingest accepts articles from clients holding it. With --workers N > 1 each uvicorn
worker builds the app from the environment (app_from_env), so the settings travel as
SITREP_DB / SITREP_TOKEN environment variables, never on a command line that `ps`
would show.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

err = Console(stderr=True)


def serve(
    db: Annotated[Optional[str], typer.Option("--db", help="SQLAlchemy URL or SQLite path (default: $SITREP_DB or sitrep.db)")] = None,
    host: Annotated[str, typer.Option("--host", help="address to listen on (127.0.0.1: this machine only)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="worker processes (PostgreSQL: one per core)")] = 1,
    token_file: Annotated[Optional[Path], typer.Option(
        "--token-file", help="a file holding the token that allows POST /api/ingest (or set $SITREP_TOKEN)")] = None,
    refresh: Annotated[bool, typer.Option("--refresh/--no-refresh",
                                          help="bring the stored events up to date before serving")] = True,
    log_level: Annotated[str, typer.Option("--log-level")] = "warning",
):
    """Serve the web app and the JSON API over a sitrep database."""
    import uvicorn

    from sitrep.store.db import normalise_url, open_db
    from sitrep.config import db_url

    url = normalise_url(db_url(db))
    token = os.environ.get("SITREP_TOKEN") or None
    if token_file is not None:
        try:
            token = token_file.read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            err.print(f"[red]error:[/red] cannot read --token-file: {exc}")
            raise typer.Exit(2) from exc
        if token is None:
            err.print("[red]error:[/red] --token-file is empty")
            raise typer.Exit(2)
    try:
        database = open_db(url)
        if refresh:
            from sitrep.resolve.run import update_events

            update_events(database)
        database.dispose()
    except Exception as exc:  # noqa: BLE001 - a bad URL, a server that is down, not a database
        err.print(f"[red]error:[/red] cannot open database {url}: {exc}", markup=True, highlight=False)
        raise typer.Exit(2) from exc
    os.environ["SITREP_DB"] = url
    if token:
        os.environ["SITREP_TOKEN"] = token
    else:
        os.environ.pop("SITREP_TOKEN", None)
    mode = "ingest allowed with the token" if token else "read-only"
    err.print(f"sitrep serving {url.split('@')[-1]} on http://{host}:{port}/ ({mode}, {workers} worker"
              f"{'s' if workers > 1 else ''})", markup=False, highlight=False)
    uvicorn.run("sitrep.show.web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level=log_level, access_log=False, proxy_headers=False, server_header=False)
