"""The HTML pages: stories (search and filters), a story, an article, and the add page.

Every page is complete HTML that reads without JavaScript: links and GET forms do everything
but adding. With JavaScript, htmx swaps the stories list in place as the user types or
filters (the same URL, so the address bar and the back button keep working) and polls an
add job's progress; ``/static/app.js`` positions citation tooltips and closes them on Escape.

Pages are built once per store version and served from memory after that, gzip-compressed,
with an ``ETag`` (:class:`synopsis.web.reader.ResponseCache`); a store that changes (an add,
``synopsis collect``) changes the version, so nothing stale is served.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .jobs import parse_inputs
from .story_view import StoryView

router = APIRouter(include_in_schema=False)

#: Stories per page of the list.
PAGE = 30
#: Longest search text accepted (longer text is cut, and the page says so).
MAX_QUERY = 200
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def outlet_profiles(request: Request) -> dict:
    """Outlet name -> profile (type, lean): those the store keeps (``synopsis add --outlets``),
    overridden by the outlets file given to ``synopsis serve``."""
    reader = request.app.state.reader
    kept = reader.cached(("outlet profiles",), reader.store().outlet_profiles)
    return {**kept, **request.app.state.profiles} if request.app.state.profiles else kept


def _outlet_types(request: Request) -> dict[str, list[str]]:
    """Outlet type -> outlet names (:func:`outlet_profiles`)."""
    types: dict[str, list[str]] = {}
    for name, profile in outlet_profiles(request).items():
        if getattr(profile, "type", None):
            types.setdefault(profile.type, []).append(name)
    return types


def story_filters(request: Request, q: str, outlet: str, type_: str, since: str, until: str, order: str,
                  offset: str) -> tuple[dict, list[str]]:
    """The list's filters, checked: bad values are dropped with a note, never an error page."""
    notes = []
    q = " ".join(q.split())
    if len(q) > MAX_QUERY:
        q = q[:MAX_QUERY]
        notes.append(f"the search was cut to its first {MAX_QUERY} characters")
    for label, value in (("from", since), ("to", until)):
        if value and not _DATE.match(value):
            notes.append(f"the {label} date {value!r} is not YYYY-MM-DD and was left out")
    since = since if _DATE.match(since or "") else ""
    until = until if _DATE.match(until or "") else ""
    if order not in ("latest", "largest"):
        order = "latest"
    start = int(offset) if offset.isdigit() and int(offset) < 1_000_000 else 0
    types = _outlet_types(request)
    if type_ and type_ not in types:
        notes.append(f"no outlet is of type {type_!r} (types come from the outlets file given to "
                     "synopsis add --outlets or synopsis serve --outlets)")
    return {"q": q, "outlet": outlet, "type": type_, "since": since, "until": until, "order": order,
            "offset": start}, notes


def list_stories(request: Request, f: dict, limit: int = PAGE):
    """Stories matching the filters (one more than `limit`, to know whether there is a next page)."""
    store = request.app.state.reader.store()
    outlets = None
    if f["type"]:
        outlets = _outlet_types(request).get(f["type"], [])
        if f["outlet"]:
            outlets = [o for o in outlets if o == f["outlet"]]
    elif f["outlet"]:
        outlets = [f["outlet"]]
    return store.list_stories(search=f["q"] or None, outlets=outlets, since=f["since"] or None,
                              until=f["until"] or None, order=f["order"], limit=limit + 1, offset=f["offset"])


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, q: str = "", outlet: str = "", type: str = "", since: str = "",
                       until: str = "", order: str = "latest", offset: str = "0"):
    partial = request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "results"

    def build():
        f, notes = story_filters(request, q, outlet, type, since, until, order, offset)
        reader = request.app.state.reader
        store = reader.store()
        found = list_stories(request, f)
        hits = store.search(f["q"], limit=8) if f["q"] else []
        context = {"f": f, "notes": notes, "stories": found[:PAGE], "more": len(found) > PAGE, "hits": hits,
                   "page": PAGE, "outlets": reader.cached(("outlets",), store.outlets),
                   "types": sorted(_outlet_types(request)), "profiles": outlet_profiles(request),
                   "total": reader.cached(("count",), store.count)}
        return _render(request, "_results.html" if partial else "stories.html", context)

    return build()


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, full: str = ""):
    """A story. Its long sections show their first items and fold the rest, loaded when opened
    (``/stories/{id}/more/{section}``); ``?full=1`` shows everything (the page without JavaScript)."""
    everything = full == "1"

    def build():
        store, detail, brief = _story_parts(request, story_id)
        view = StoryView(detail, outlet_profiles(request), brief, full=everything)
        return _render(request, "story.html", {"v": view, "story": detail.story})

    return build()


@router.get("/stories/{story_id}/more/{section}", response_class=HTMLResponse)
def story_more(request: Request, story_id: str, section: str):
    """The folded rest of a section of the story page (an HTML fragment)."""
    if section not in StoryView.SHOWN:
        raise HTTPException(404, f"no section {section!r}: use one of {', '.join(StoryView.SHOWN)}")

    def build():
        store, detail, brief = _story_parts(request, story_id)
        if brief is None:
            raise HTTPException(404, f"story {story_id!r} has no brief yet")
        view = StoryView(detail, outlet_profiles(request), brief, part=section)
        return _render(request, "_more.html", {"v": view, "story": detail.story})

    return build()


def _story_parts(request: Request, story_id: str):
    store = request.app.state.reader.store()
    detail = store.get_story(story_id, with_brief=False)
    if detail is None:
        raise HTTPException(404, f"no story {story_id!r} in this store")
    return store, detail, store.latest_brief_json(story_id)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: int, hl: str = "", h: str = ""):
    from .article_view import build as build_view

    hl, h = hl[:40], h[:16]

    def build():
        store = request.app.state.reader.store()
        stored = store.get_article(article_id)
        if stored is None:
            raise HTTPException(404, f"no article {article_id} in this store")
        view = build_view(stored, hl=hl or None, h=h or None,
                          versions=store.versions(article_id) if stored.versions else [])
        original = store.get_article(stored.duplicate_of) if stored.duplicate_of else None
        return _render(request, "article.html", {"v": view, "a": stored, "original": original})

    return build()


#: Seconds between reloads of an add job's progress page without JavaScript (meta refresh).
REFRESH_SECONDS = 2


def _add_context(request: Request, **extra) -> dict:
    jobs = request.app.state.jobs
    return {"busy": jobs.busy(), "job": None, "error": None, "allow_private": jobs.allow_private,
            "form_token": request.app.state.form_token, "refresh": None, **extra}


@router.get("/add", response_class=HTMLResponse)
def add_page(request: Request):
    return _render(request, "add.html", _add_context(request))


@router.post("/add", response_class=HTMLResponse)
async def add_submit(request: Request):
    """Start an add job. The same-origin check ran already (Origin, Sec-Fetch-Site); the form
    must carry the app's form token. From htmx (``HX-Request``): the job's progress fragment.
    A plain form post (no JavaScript): a redirect to the job's progress page, which reloads
    itself (meta refresh) while the job runs."""
    from .security import form_token_ok

    body = await request.body()
    form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=10)
    htmx = request.headers.get("hx-request") == "true"
    if not form_token_ok(request.app.state.form_token, (form.get("token") or [None])[0]):
        return Response("request refused: the form token is missing or wrong (reload the Add page and send "
                        "the form again)", status_code=403, media_type="text/plain")
    inputs = parse_inputs((form.get("urls") or [""])[0])
    group = (form.get("group") or ["on"])[-1] == "on"
    jobs = request.app.state.jobs
    try:
        job = jobs.start(inputs, group=group)
    except ValueError as err:
        if not htmx:
            return _render(request, "add.html", _add_context(request, error=str(err)), status=400)
        return _render(request, "_job.html", {"job": None, "error": str(err)}, status=400)
    except RuntimeError as err:
        if not htmx:
            return _render(request, "add.html", _add_context(request, error=str(err)), status=409)
        return _render(request, "_job.html", {"job": jobs.busy(), "error": str(err)}, status=409)
    if not htmx:
        return RedirectResponse(f"/add/jobs/{job.id}", status_code=303)
    return _render(request, "_job.html", {"job": job, "error": None}, status=202)


@router.get("/add/jobs/{job_id}", response_class=HTMLResponse)
def add_job(request: Request, job_id: str):
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such add job (jobs are kept while the app runs)")
    if request.headers.get("hx-request") == "true":
        return _render(request, "_job.html", {"job": job, "error": None})
    return _render(request, "add.html", _add_context(request, busy=job if job.running else None, job=job,
                                                     refresh=REFRESH_SECONDS if job.running else None))


@router.get("/search")
def search_redirect(q: str = ""):
    """``/search?q=`` is the stories page's search."""
    return RedirectResponse("/" + (f"?{urlencode({'q': q[:MAX_QUERY]})}" if q else ""), status_code=303)


@router.get("/favicon.ico")
def favicon():
    return RedirectResponse("/static/icon.svg", status_code=301)
