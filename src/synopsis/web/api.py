"""The JSON API: a read-only twin of the pages (datasette's ``.json`` idea), versioned.

``/api/stories`` (the list, with the stories page's filters), ``/api/stories/{id}`` (a story
and its articles), ``/api/stories/{id}/brief`` (the latest brief, exactly as stored: the JSON
contract of docs/schema.md with its own ``schema_version``), ``/api/articles/{id}`` (a stored
article with its removed lines), ``/api/search?q=`` (full-text search, the user's words
quoted; snippets HTML-escaped with ``<mark>`` around matches in ``snippet_html``).

Every response has the header ``Synopsis-API-Version`` and every object an ``api_version``
(:data:`API_VERSION`): minor versions add fields or endpoints, a major
version renames, removes or changes the meaning of one (docs/web.md lists the changes). The
OpenAPI document is at ``/api/openapi.json``; the brief's own schema at ``/api/schema/brief.json``.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from .pages import MAX_QUERY, list_stories, story_filters

#: Version of the JSON API (docs/web.md): minor for added fields or endpoints, major for changes.
API_VERSION = "1.0"
HEADERS = {"Synopsis-API-Version": API_VERSION}

router = APIRouter(prefix="/api", tags=["api"])


class Links(BaseModel):
    html: str | None = None
    api: str | None = None
    brief: str | None = None
    original: str | None = None


class StoryItem(BaseModel):
    id: str
    label: str
    first: str | None
    last: str | None
    size: int
    originals: int
    outlets: list[str]
    updated_at: str
    brief_id: int | None
    links: Links


class StoriesPage(BaseModel):
    api_version: str
    stories: list[StoryItem]
    limit: int
    offset: int
    next: str | None


class StoryMember(BaseModel):
    id: int
    title: str
    outlet: str
    published: str | None
    url: str | None
    duplicate_of: int | None
    similarity: float
    links: Links


class StoryOut(BaseModel):
    api_version: str
    story: StoryItem
    articles: list[StoryMember]
    brief_created_at: str | None


class RemovedLineOut(BaseModel):
    line: int
    text: str
    reason: str


class BlockOut(BaseModel):
    kind: str
    start: int
    end: int
    line: int


class ArticleOut(BaseModel):
    api_version: str
    id: int
    key: str
    url: str | None
    source: str
    outlet: str
    outlet_from: str
    title: str
    published: str | None
    fetched_at: str
    checked_at: str
    content_hash: str
    duplicate_of: int | None
    story_id: str | None
    text: str
    blocks: list[BlockOut]
    removed: list[RemovedLineOut]
    credits: list[str]
    warnings: list[str]
    versions: int
    links: Links


class SearchHitOut(BaseModel):
    id: int
    title: str
    outlet: str
    published: str | None
    url: str | None
    story_id: str | None
    duplicate_of: int | None
    score: float
    snippet: str
    snippet_html: str
    links: Links


class SearchPage(BaseModel):
    api_version: str
    query: str
    hits: list[SearchHitOut]
    limit: int
    offset: int
    next: str | None


class ErrorOut(BaseModel):
    error: str
    status: int


ERRORS = {404: {"model": ErrorOut, "description": "Not found"}, 422: {"model": ErrorOut, "description": "Bad parameters"}}


def _story_item(s) -> dict:
    return {**s.to_dict(), "links": {"html": f"/stories/{s.id}", "api": f"/api/stories/{s.id}",
                                     "brief": f"/api/stories/{s.id}/brief" if s.brief_id else None}}


def _json(data: dict, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=HEADERS)


def _next(path: str, params: dict, offset: int, limit: int, more: bool) -> str | None:
    if not more:
        return None
    from urllib.parse import urlencode

    return f"{path}?{urlencode({**{k: v for k, v in params.items() if v}, 'offset': offset + limit, 'limit': limit})}"


Limit = Annotated[int, Query(ge=1, le=100, description="At most this many items.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many items.")]


@router.get("/stories", response_model=StoriesPage, responses=ERRORS, summary="Stories, latest (or largest) first")
def api_stories(request: Request,
              q: Annotated[str, Query(max_length=MAX_QUERY, description="Words (searched as typed)")] = "",
              outlet: str = "", type: Annotated[str, Query(description="Outlet type from the outlets file")] = "",
              since: Annotated[str, Query(description="YYYY-MM-DD")] = "",
              until: Annotated[str, Query(description="YYYY-MM-DD")] = "",
              order: Annotated[str, Query(pattern="^(latest|largest)$")] = "latest",
              limit: Limit = 30, offset: Offset = 0):
    f, notes = story_filters(request, q, outlet, type, since, until, order, str(offset))
    bad_dates = [n for n in notes if "date" in n]
    if bad_dates:
        raise HTTPException(422, "; ".join(bad_dates))

    def build():
        found = list_stories(request, f, limit=limit)
        params = {"q": f["q"], "outlet": outlet, "type": type, "since": f["since"], "until": f["until"],
                  "order": order if order != "latest" else ""}
        return _json({"api_version": API_VERSION, "stories": [_story_item(s) for s in found[:limit]], "limit": limit,
                      "offset": offset, "next": _next("/api/stories", params, offset, limit, len(found) > limit)})

    return build()


@router.get("/stories/{story_id}", response_model=StoryOut, responses=ERRORS, summary="A story and its articles")
def api_story(request: Request, story_id: str):
    def build():
        store = request.app.state.reader.store()
        detail = store.get_story(story_id, with_brief=False)
        if detail is None:
            raise HTTPException(404, f"no story {story_id!r}")
        brief = store.latest_brief_json(story_id) if detail.story.brief_id else None
        members = [{**{k: getattr(a, k) for k in a.__slots__},
                    "links": {"html": f"/articles/{a.id}", "api": f"/api/articles/{a.id}",
                              "original": f"/api/articles/{a.duplicate_of}" if a.duplicate_of else None}}
                   for a in detail.articles]
        return _json({"api_version": API_VERSION, "story": _story_item(detail.story), "articles": members,
                      "brief_created_at": brief[1] if brief else None})

    return build()


@router.get("/stories/{story_id}/brief", summary="The story's latest brief (the JSON contract)",
            responses={200: {"description": "The brief as stored (docs/schema.md; schema at /api/schema/brief.json)",
                             "content": {"application/json": {"schema": {"$ref": "/api/schema/brief.json"}}}},
                       **ERRORS})
def api_brief(request: Request, story_id: str):
    def build():
        store = request.app.state.reader.store()
        found = store.latest_brief_json(story_id)
        if found is None:
            if store.get_story(story_id, with_brief=False) is None:
                raise HTTPException(404, f"no story {story_id!r}")
            raise HTTPException(404, f"story {story_id!r} has no brief yet: run `synopsis stories --store` to brief it")
        return Response(found[0].encode("utf-8"), media_type="application/json", headers=HEADERS)

    return build()


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=ERRORS,
            summary="A stored article: cleaned text, blocks, removed lines")
def api_article(request: Request, article_id: int):
    def build():
        stored = request.app.state.reader.store().get_article(article_id)
        if stored is None:
            raise HTTPException(404, f"no article {article_id}")
        data = stored.to_dict()
        data["links"] = {"html": f"/articles/{stored.id}",
                         "original": f"/api/articles/{stored.duplicate_of}" if stored.duplicate_of else None}
        return _json({"api_version": API_VERSION, **data})

    return build()


@router.get("/search", response_model=SearchPage, responses=ERRORS, summary="Full-text search of the articles")
def api_search(request: Request,
               q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Words, searched as typed")],
               limit: Limit = 20, offset: Offset = 0):
    def build():
        hits = request.app.state.reader.store().search(q, limit=limit + 1, offset=offset)
        out = [{**h.to_dict(), "links": {"html": f"/articles/{h.id}", "api": f"/api/articles/{h.id}"}}
               for h in hits[:limit]]
        return _json({"api_version": API_VERSION, "query": q, "hits": out, "limit": limit, "offset": offset,
                      "next": _next("/api/search", {"q": q}, offset, limit, len(hits) > limit)})

    return build()


@router.get("/schema/brief.json", include_in_schema=False)
def brief_schema():
    text = resources.files("synopsis").joinpath("schema", "brief.schema.json").read_text(encoding="utf-8")
    return Response(text, media_type="application/schema+json", headers=HEADERS)


@router.get("", include_in_schema=False)
def api_index():
    return _json({"api_version": API_VERSION, "openapi": "/api/openapi.json",
                  "endpoints": ["/api/stories", "/api/stories/{id}", "/api/stories/{id}/brief",
                                "/api/articles/{id}", "/api/search?q="],
                  "brief_schema": "/api/schema/brief.json"})
