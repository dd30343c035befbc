"""The `sitrep` command line (typer). Command names follow shared/docs/cli.md.

Each command is a thin wrapper: it opens the database, calls one stage, and renders the
result with rich (or JSON with --json). No pipeline logic lives here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from sitrep import __version__
from sitrep.config import IngestOptions, max_bytes

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="sitrep: news reporting about an armed conflict -> a sourced situation record.")
# When piped (CI logs, `| less`, the README's examples) rich would assume 80 columns and
# squeeze the tables; 120 keeps them readable.
console = Console(width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True)

DbOpt = Annotated[Optional[str], typer.Option("--db", help="SQLAlchemy URL or SQLite path (default: $SITREP_DB or sqlite:///sitrep.db)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="machine-readable JSON on stdout")]


def _open(db: str | None):
    from sitrep.store.db import open_db

    try:
        return open_db(db)
    except Exception as exc:  # connection refused, bad URL, locked file, disk full
        _error(f"cannot open database {db or ''}: {_db_error(exc) or exc}")
        raise typer.Exit(2) from exc


def _error(message: str) -> None:
    """`error: message` on stderr; the message is shown as is (it may quote input or SQL
    text with brackets, which rich would otherwise read as markup)."""
    err.print("[red]error:[/red] ", end="")
    err.print(message, markup=False, highlight=False)


def _db_error(exc: BaseException) -> str | None:
    """A database failure in one or two plain lines (no SQL, no parameters), with what to
    do about it; None if `exc` is no database error."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(exc, DBAPIError) or exc.orig is None:
        return None
    orig = exc.orig
    first = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    code = getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None) or ""
    low = first.lower()
    if "locked" in low or "busy" in low or code in ("55P03", "40P01"):
        from sitrep.store.db import busy_timeout

        hint = (f"another process holds a lock on the database (waited {busy_timeout():g} s; "
                "set SITREP_DB_TIMEOUT to wait longer)")
    elif ("full" in low or "no space" in low or "disk i/o" in low or code.startswith("53")
          or code.startswith("SQLITE_IOERR") or code == "SQLITE_FULL"):
        hint = "the database could not be written: is the disk full or failing?"
    elif "readonly" in low or "read-only" in low or code == "SQLITE_READONLY":
        hint = "the database (or its folder) is read-only"
    else:
        hint = ""
    detail = f"{first} [{code}]" if code else first
    return f"{detail}: {hint}" if hint else detail


def _version(value: bool):
    if value:
        console.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False):
    """sitrep: articles in, sourced conflict events out."""


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="files or folders (recursive)")],
    db: DbOpt = None,
    no_analyse: Annotated[bool, typer.Option("--no-analyse", help="store articles only")] = False,
    max_size: Annotated[Optional[int], typer.Option("--max-bytes", help="reject files larger than this")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="print only errors")] = False,
    as_json: JsonOpt = False,
    engine: Annotated[str, typer.Option("--engine", help="local | dask (ingest + analysis on a Dask cluster)")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="Dask scheduler address, e.g. tcp://HOST:8786 (default: a local 2-worker cluster)")] = None,
):
    """Read articles (.txt .html .jsonl .json RSS/Atom WARC), clean them and store them."""
    from sitrep.ingest.run import ingest_paths

    if engine not in ("local", "dask"):
        _error(f"--engine must be local or dask, not {engine!r}")
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        _error("--scheduler goes with --engine dask")
        raise typer.Exit(2)
    database = _open(db)
    if engine == "dask":
        _ingest_dask(paths, database, max_size, no_analyse, quiet, as_json, scheduler)
        return
    options = IngestOptions(max_bytes=max_bytes(max_size))
    show_progress = not (quiet or as_json) and sys.stderr.isatty()
    done: list[Path] = []  # files committed so far, for the message if the run stops
    try:
        if show_progress:
            from rich.progress import Progress

            with Progress(console=err, transient=True) as progress:
                task = progress.add_task("ingesting", total=None)
                report = ingest_paths(paths, database, options,
                                      on_file=lambda p: (done.append(p), progress.advance(task)))
        else:
            report = ingest_paths(paths, database, options, on_file=done.append)
    except Exception as exc:
        # Readers turn bad input into rejections, so what stops a run is the database
        # (locked, disk full, connection lost) or a bug: one clear line, no SQL dump.
        reason = _db_error(exc) or f"{type(exc).__name__}: {exc}"
        _error(f"ingest stopped: {reason}")
        err.print(f"{len(done)} files were stored before the stop; running the same command "
                  "again continues (stored files are skipped).", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    analysed = None
    analysis_error = None
    if not no_analyse and report.ingested_anything:
        try:
            analysed = _run_analyse(database, redo=False, quiet=quiet or as_json)
        except Exception as exc:  # noqa: BLE001 - the articles are stored; say so and go on
            analysis_error = _db_error(exc) or f"{type(exc).__name__}: {exc}"
            _error(f"analysis stopped: {analysis_error}")
            err.print("The articles are stored; `sitrep analyse` runs the analysis again.",
                      markup=False, highlight=False)
    _finish_ingest(report, database, analysed, analysis_error, quiet, as_json)


def _finish_ingest(report, database, analysed, analysis_error, quiet: bool, as_json: bool) -> None:
    """Print what an ingest did (table or JSON) and set the exit code by the ingest rule."""
    if as_json:
        out = _report_json(report, database.url)
        if analysed is not None:
            out["analysis"] = {"articles": analysed.articles, "mentions": analysed.mentions,
                               "failed": analysed.failed}
        elif analysis_error is not None:
            out["analysis"] = {"error": analysis_error}
        typer.echo(json.dumps(out, indent=2))
    elif not quiet:
        _print_ingest(report, database)
        if analysed is not None:
            _print_analyse(analysed, database)
    if not report.ingested_anything:
        raise typer.Exit(1)


def _ingest_dask(paths, database, max_size, no_analyse, quiet, as_json, scheduler) -> None:
    """`ingest --engine dask`: the same pipeline with reading and analysis on a Dask
    cluster and every write on this process, in the local engine's order (identical
    database contents; see docs/scale.md)."""
    from sitrep.scale.dask_engine import ingest_and_analyse_dask

    try:
        report, analysed = ingest_and_analyse_dask(
            paths, database, IngestOptions(max_bytes=max_bytes(max_size)), scheduler=scheduler,
            analyse=not no_analyse)
    except Exception as exc:
        reason = _db_error(exc) or f"{type(exc).__name__}: {exc}"
        _error(f"ingest stopped: {reason}")
        raise typer.Exit(2) from exc
    _finish_ingest(report, database, analysed, None, quiet, as_json)


def _run_analyse(database, redo: bool, quiet: bool):
    from sitrep.analyse.run import analyse_and_date as analyse_stored

    show_progress = not quiet and sys.stderr.isatty()
    if show_progress:
        from rich.progress import Progress

        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("analysing", total=None)
            return analyse_stored(database, redo=redo, on_article=lambda _a: progress.advance(task))
    return analyse_stored(database, redo=redo)


def _print_analyse(analysed, database) -> None:
    from sitrep.resolve.run import events_from_store

    events = events_from_store(database)
    console.print(f"analysed {analysed.articles} articles: {analysed.mentions} event mentions -> "
                  f"{len(events)} events ({sum(1 for e in events if e['background'])} background)")
    for article_id, error in analysed.failed:
        err.print(f"[red]analysis failed[/red] for article {article_id}: {error}")


@app.command()
def analyse(db: DbOpt = None,
            redo: Annotated[bool, typer.Option("--redo", help="re-analyse every article")] = True,
            as_json: JsonOpt = False):
    """Re-run the analysis over stored articles (e.g. after a lexicon change)."""
    database = _open(db)
    analysed = _run_analyse(database, redo=redo, quiet=as_json)
    if as_json:
        typer.echo(json.dumps({"articles": analysed.articles, "mentions": analysed.mentions,
                               "failed": analysed.failed}, indent=2))
    else:
        _print_analyse(analysed, database)
    if analysed.failed:
        raise typer.Exit(1)


@app.command()
def resolve(db: DbOpt = None, as_json: JsonOpt = False):
    """Merge stored mentions into events and summarise them."""
    from sitrep.resolve.run import events_from_store

    database = _open(db)
    events = events_from_store(database)
    if as_json:
        typer.echo(json.dumps({"events": len(events)}, indent=2))
    else:
        console.print(f"{len(events)} events")


def _published(row) -> str:
    if row.published is None:
        return "unknown"
    extra = f" {row.published_confidence:.2f}" if row.published_source == "inferred" and row.published_confidence else ""
    return f"{row.published.isoformat()} ({row.published_source}{extra})"


def _report_json(report, url: str) -> dict:
    docs = []
    for o in report.outcomes:
        entry = {"status": o.status, "origin": o.origin, "record": o.record}
        if o.article:
            a = o.article
            entry.update(article_id=a.article_id, outlet=a.outlet, title=a.title,
                         published=a.published.isoformat() if a.published else None,
                         published_source=a.published_source, words=a.word_count,
                         boilerplate_removed=len(a.removed_lines),
                         duplicate_of=o.duplicate_of, similarity=o.similarity)
        if o.rejection:
            entry.update(reason=o.rejection.reason, detail=o.rejection.detail)
        docs.append(entry)
    return {"db": url, "summary": report.summary(), "documents": docs}


def _print_ingest(report, database) -> None:
    """The ingest table; dates as stored now (inferred dates included, with confidence)."""
    from sitrep.store import repo

    ids = [o.article.article_id for o in report.outcomes if o.article is not None]
    with database.session() as s:
        stored = {r.article_id: r for r in repo.list_articles(s, ids)}
    table = Table(title=f"ingested into {database.url}", show_lines=False)
    table.add_column("status", no_wrap=True)
    table.add_column("outlet", max_width=20, overflow="fold")
    table.add_column("title", max_width=40, no_wrap=True, overflow="ellipsis")
    table.add_column("published (source)", no_wrap=True)
    table.add_column("words", justify="right")
    table.add_column("boiler-\nplate", justify="right")
    table.caption = "boilerplate: lines removed; inferred dates show their confidence"
    for o in report.outcomes:
        if o.article is None:
            continue
        a = o.article
        row = stored.get(a.article_id)
        pub = _published(row) if row is not None else "unknown"
        status = o.status if o.status != "copy" else f"copy ({o.similarity:.2f})"
        table.add_row(status, a.outlet or "unknown", a.title or "", pub,
                      str(a.word_count), str(len(a.removed_lines)))
    console.print(table)
    rejected = report.by_status("rejected")
    if rejected:
        rt = Table(title="rejected input (stored in the rejections table)")
        for col in ("origin", "record", "reason", "detail"):
            rt.add_column(col, overflow="fold")
        for o in rejected:
            r = o.rejection
            rt.add_row(r.origin, "" if r.record is None else str(r.record), r.reason, r.detail[:120])
        console.print(rt)
    s = report.summary()
    console.print(f"{s['files']} files: {s['new']} new articles, {s['copies']} near-copies, "
                  f"{s['duplicates']} already stored, {s['rejected']} rejected")


@app.command()
def articles(db: DbOpt = None, as_json: JsonOpt = False):
    """List stored articles."""
    from sitrep.store import repo

    database = _open(db)
    with database.session() as s:
        rows = repo.list_articles(s)
    if as_json:
        typer.echo(json.dumps([_article_record(r, text=False) for r in rows], indent=2))
        return
    table = Table(title=f"{len(rows)} articles in {database.url}")
    for col in ("article_id", "outlet", "title", "published (source)", "words", "copy of"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r.article_id, r.outlet or "unknown", (r.title or "")[:70], _published(r),
                      str(r.word_count), r.copy_of or "")
    console.print(table)


@app.command()
def rejections(db: DbOpt = None, as_json: JsonOpt = False):
    """List rejected input with the reason."""
    from sitrep.store import repo

    database = _open(db)
    with database.session() as s:
        rows = repo.list_rejections(s)
    records = [{"origin": r.origin, "record": None if r.record < 0 else r.record,
                "reason": r.reason, "detail": r.detail} for r in rows]
    if as_json:
        typer.echo(json.dumps(records, indent=2))
        return
    table = Table(title=f"{len(rows)} rejections")
    for col in ("origin", "record", "reason", "detail"):
        table.add_column(col, overflow="fold")
    for r in records:
        table.add_row(r["origin"], "" if r["record"] is None else str(r["record"]), r["reason"], r["detail"])
    console.print(table)


def _article_record(r, text: bool = True) -> dict:
    from sitrep.show.export import article_record

    return article_record(r, text=text)


@app.command()
def export(
    what: Annotated[str, typer.Option("--what", help="events | articles | mentions | claims")] = "events",
    fmt: Annotated[str, typer.Option("--format", help="jsonl | csv | geojson")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="file (default stdout)")] = None,
    db: DbOpt = None,
):
    """Export stored records: events (default), articles, mentions or claims."""
    from sitrep.show import export as exporter

    if what not in exporter.WHAT:
        err.print(f"[red]error:[/red] --what must be one of {', '.join(exporter.WHAT)}")
        raise typer.Exit(2)
    if fmt not in exporter.FORMATS:
        err.print(f"[red]error:[/red] --format must be one of {', '.join(exporter.FORMATS)}")
        raise typer.Exit(2)
    database = _open(db)
    records = exporter.records(database, what)
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        exporter.write(records, what, fmt, out)
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    finally:
        if output:
            out.close()


@app.command("eval")
def eval_cmd(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="articles to score in a fresh temporary database")] = None,
    gold: Annotated[Path, typer.Option("--gold", help="gold file, e.g. ../shared/eval/seeds.gold.json")] = ...,
    db: DbOpt = None,
    as_json: JsonOpt = False,
):
    """Score what is stored (or, given PATHs, a fresh database of them) against gold."""
    import tempfile

    from sitrep.evaluation import report as eval_report
    from sitrep.evaluation.run import evaluate_db

    if paths:
        with tempfile.TemporaryDirectory() as tmp:
            from sitrep.ingest.run import ingest_paths
            from sitrep.store.db import open_db

            database = open_db(f"sqlite:///{Path(tmp) / 'eval.db'}")
            ingest_paths(paths, database)
            _run_analyse(database, redo=False, quiet=True)
            result = evaluate_db(database, gold)
            database.dispose()
    else:
        result = evaluate_db(_open(db), gold)
    if as_json:
        typer.echo(eval_report.to_json(result))
    else:
        console.print(eval_report.render_table(result))


@app.command()
def bench(
    name: Annotated[str, typer.Argument(help="case2021 | tempeval3 | lgl | speed | serve")],
    data: Annotated[Optional[Path], typer.Option("--data", help="another file/folder in the same format")] = None,
    as_json: JsonOpt = False,
    db: Annotated[Optional[str], typer.Option("--db", help="serve: load this database instead of building one")] = None,
    seconds: Annotated[int, typer.Option("--seconds", min=1, help="serve: how long wrk loads the server")] = 30,
    connections: Annotated[int, typer.Option("--connections", min=1, help="serve: concurrent connections")] = 16,
    workers: Annotated[int, typer.Option("--workers", min=1, help="serve: uvicorn worker processes")] = 2,
):
    """Score a public benchmark (development sets in ../shared/bench/), or measure speed
    (`speed`: the pipeline; `serve`: the web API under load, see sitrep/bench/serve.py)."""
    import importlib

    from sitrep.config import shared_path

    modules = {"case2021": "case2021", "tempeval3": "tempeval3", "lgl": "lgl", "speed": "speed", "serve": "serve"}
    if name not in modules:
        err.print(f"[red]error:[/red] unknown benchmark {name!r}; choose from {', '.join(modules)}")
        raise typer.Exit(2)
    mod = importlib.import_module(f"sitrep.bench.{modules[name]}")
    path = data or shared_path(*mod.DEFAULT_DATA)
    if path is None or not Path(path).exists():
        err.print(f"[red]error:[/red] benchmark data not found ({path}); pass --data")
        raise typer.Exit(2)
    if name == "serve":
        try:
            result = mod.run(Path(path), db=db, seconds=seconds, connections=connections, workers=workers)
        except RuntimeError as exc:
            err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
            raise typer.Exit(2) from exc
    else:
        result = mod.run(Path(path))
    if as_json:
        typer.echo(json.dumps(result, indent=2, default=str))
        return
    table = Table(title=name, caption=str(path))
    table.add_column("metric")
    table.add_column("value", justify="right")
    for k, v in result["metrics"].items():
        table.add_row(k, f"{v:.3f}" if isinstance(v, float) else str(v))
    console.print(table)


@app.command("db")
def db_info(db: DbOpt = None, as_json: JsonOpt = False):
    """Migrate the database to the latest schema and show what it holds."""
    from sitrep.store import repo
    from sitrep.store.db import current_revision

    database = _open(db)
    with database.session() as s:
        info = {"db": database.url, "revision": current_revision(database.engine), **repo.counts(s)}
    if as_json:
        typer.echo(json.dumps(info, indent=2))
    else:
        for k, v in info.items():
            console.print(f"{k:>12}: {v}")


from sitrep.show.commands import register as _register_views; _register_views(app)  # noqa: E402,E702
from sitrep.show.web.serve import serve as _serve; app.command("serve")(_serve)  # noqa: E402,E702


def main() -> None:
    app()


if __name__ == "__main__":
    main()
