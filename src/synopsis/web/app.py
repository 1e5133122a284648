"""The app factory: FastAPI with server-rendered Jinja2 pages, static files and the JSON API.

``create_app(WebSettings(store=PATH))`` wires the pieces: the defences of
:mod:`synopsis.web.security` as pure ASGI middleware (outermost first: host allow-list,
security headers, same-origin writes), the response cache and read-only access
(:mod:`synopsis.web.reader`), the add
jobs (:mod:`synopsis.web.jobs`), the pages (:mod:`synopsis.web.pages`) and the API
(:mod:`synopsis.web.api`). The OpenAPI document is served at ``/api/openapi.json``; the
interactive docs pages are off, since they load scripts from a CDN, which the policy forbids
and an offline machine cannot reach.
"""

from __future__ import annotations

import json
import re
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..records import SCHEMA_VERSION
from ..store import StoreError
from .api import API_VERSION
from .jobs import Jobs
from .reader import Reader, ResponseCache
from .security import HostAllowList, SameOriginWrites, SecurityHeaders, allowed_hosts, new_form_token, safe_href
from .story_view import chips_html, query_string

HERE = Path(__file__).resolve().parent
_MARK_TAGS = re.compile(r"</?mark>")


@dataclass
class WebSettings:
    """What `synopsis serve` passes to the app."""

    store: Path
    host: str = "127.0.0.1"
    port: int = 8765
    allow_private: bool = False
    outlets: object | None = None  # synopsis.sources.outlets.OutletBook (names, types, leans)
    fetch_settings: object | None = None  # synopsis.sources.fetch.FetchSettings for the add page
    demo: bool = False
    extra_hosts: tuple[str, ...] = field(default_factory=tuple)


def vendor() -> dict:
    """The vendored files' record (file names, versions, hashes): static/vendor/vendor.json."""
    return json.loads((HERE / "static" / "vendor" / "vendor.json").read_text(encoding="utf-8"))


def marked(snippet_html: str) -> Markup:
    """A search snippet as markup. The store escapes the text and adds only ``<mark>`` and
    ``</mark>`` (sentinel markers, then escaping, then tags); should anything else look like a
    tag, the whole snippet is escaped again rather than trusted."""
    if "<" in _MARK_TAGS.sub("", snippet_html or ""):
        return escape(snippet_html)
    return Markup(snippet_html or "")


def templates() -> Jinja2Templates:
    env_templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = env_templates.env
    env.autoescape = True  # every {{ }} is escaped; nothing in the templates is marked |safe
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.filters["href"] = safe_href
    env.filters["marked"] = marked
    env.filters["chips"] = chips_html
    env.globals.update(htmx=vendor()["htmx"], version=__version__, api_version=API_VERSION,
                       schema_version=SCHEMA_VERSION, qs=query_string)
    return env_templates


def create_app(settings: WebSettings) -> FastAPI:
    from . import api, pages

    @asynccontextmanager
    async def lifespan(app_: FastAPI):
        yield
        app_.state.reader.close()

    app = FastAPI(
        lifespan=lifespan,
        title="synopsis reading room API",
        version=API_VERSION,
        summary="Stories, briefs (the JSON contract of docs/schema.md), articles and search of a synopsis store.",
        description=("Read-only JSON over the store the app serves. Every response carries the header "
                     f"`Synopsis-API-Version: {API_VERSION}`; the brief endpoint returns the brief exactly "
                     "as stored, with its own `schema_version` (docs/schema.md)."),
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.reader = Reader(settings.store)
    app.state.jobs = Jobs(settings.store, allow_private=settings.allow_private, outlets=settings.outlets,
                          fetch_settings=settings.fetch_settings)
    app.state.templates = templates()
    app.state.profiles = dict(getattr(settings.outlets, "profiles", {}) or {})
    app.state.form_token = new_form_token()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors())
        return error_response(request, 422, f"bad parameters ({problems})")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return error_response(request, 503, str(exc))

    # Pure ASGI middleware; the last added runs first: host allow-list, headers, same-origin
    # writes, then the response cache in front of the routes.
    app.add_middleware(ResponseCache, reader=app.state.reader)
    app.add_middleware(SameOriginWrites)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HostAllowList, hosts=allowed_hosts(settings.host) | set(settings.extra_hosts))
    return app


def error_response(request: Request, status: int, message: str):
    """JSON for the API, a page for everything else."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status,
                            headers={"Synopsis-API-Version": API_VERSION})
    templates_ = request.app.state.templates
    return templates_.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                       status_code=status)
