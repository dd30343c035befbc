"""`sitrep serve`: the web app (FastAPI) over a sitrep database.

    create_app(Settings(db="sqlite:///sitrep.db"))   # an ASGI app
    uvicorn sitrep.show.web.app:app_from_env --factory   # what `sitrep serve` runs

Three parts, one module each: `api` (JSON under /api, described by /openapi.json and
the /api page), `pages` (the HTML UI: timeline, map, event, article, search), and this
module, which wires them with the security rules every response follows:

* read-only unless a token is configured; writes (POST /api/ingest) need
  `Authorization: Bearer <token>` and are refused (403) when no token is set;
* a strict Content-Security-Policy (scripts, styles, images and data only from this
  server; no inline script; no frames), nosniff, no referrer, no framing;
* files are served only from fixed lists (our static folder, and the named front-end
  files installed by npm): no path from a request ever reaches the file system.

Nothing is fetched from the internet at run time: Leaflet, the TopoJSON decoder and the
Natural Earth borders come from `assets/node_modules` (npm ci at `make setup`).
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep import __version__
from sitrep.store.db import Database

HERE = Path(__file__).parent
STATIC = HERE / "static"
#: where npm put the front-end packages (SITREP_WEB_ASSETS overrides, for installs
#: outside this repository)
ASSETS = Path(os.environ.get("SITREP_WEB_ASSETS") or HERE / "assets" / "node_modules")

#: the only front-end files served, by URL name: nothing else under node_modules is reachable
VENDOR = {
    "leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet.css": "leaflet/dist/leaflet.css",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "countries-110m.json": "world-atlas/countries-110m.json",
}
STATIC_FILES = {"style.css", "map.js"}
_TYPES = {".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".png": "image/png"}

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
#: the self-contained HTML report carries its own <style>; it has no script at all
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'"

MAX_UPLOAD = 20 * 2**20


@dataclass(frozen=True)
class Settings:
    db: str | None = None  # SQLAlchemy URL or SQLite path; None = $SITREP_DB or sitrep.db
    token: str | None = None  # enables writes; None = read-only
    max_upload_bytes: int = MAX_UPLOAD


def settings_from_env() -> Settings:
    token = os.environ.get("SITREP_TOKEN") or None
    return Settings(db=os.environ.get("SITREP_DB") or None, token=token,
                    max_upload_bytes=int(os.environ.get("SITREP_MAX_UPLOAD") or MAX_UPLOAD))


def vendor_path(name: str) -> Path | None:
    """The installed file behind a /vendor/ name, or None (unknown name or not installed)."""
    rel = VENDOR.get(name)
    if rel is None:
        return None
    path = ASSETS / rel
    return path if path.is_file() else None


def create_app(settings: Settings | None = None) -> FastAPI:
    from sitrep.show.web import api, pages

    settings = settings or settings_from_env()
    database = Database(settings.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        database.dispose()

    app = FastAPI(title="sitrep", version=__version__, lifespan=lifespan,
                  description="Sourced conflict events from news reporting: events, articles, claims.",
                  docs_url=None, redoc_url=None)  # the stock docs pages load scripts from a CDN
    app.state.settings = settings
    app.state.db = database

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api") or request.url.path.endswith(".json"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return pages.error_page(request, exc.status_code, str(exc.detail))

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str):
        if name not in STATIC_FILES:
            raise StarletteHTTPException(404, "not found")
        return FileResponse(STATIC / name, media_type=_TYPES[Path(name).suffix],
                            headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str):
        path = vendor_path(name)
        if path is None:
            detail = ("front-end files are not installed: run `make setup` (npm ci in "
                      "src/sitrep/show/web/assets)" if name in VENDOR else "not found")
            raise StarletteHTTPException(404, detail)
        return FileResponse(path, media_type=_TYPES[path.suffix], headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"ok": True, "version": __version__}

    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def app_from_env() -> FastAPI:
    """The app factory uvicorn calls in each worker (settings from the environment)."""
    return create_app(settings_from_env())

