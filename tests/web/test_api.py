"""The JSON API: stories with filters, a story, its brief (the contract as stored), articles,
search; versioned; the OpenAPI document served."""

from __future__ import annotations

import json

import pytest

from synopsis.store import Store
from synopsis.web.api import API_VERSION

from web_fixtures import XSS_OUTLET


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:300])
    assert response.headers["synopsis-api-version"] == API_VERSION
    return response.json()


def test_stories_list_and_its_links(client, ids):
    data = get(client, "/api/stories")
    assert data["api_version"] == API_VERSION and data["next"] is None
    by_id = {s["id"]: s for s in data["stories"]}
    story = by_id[ids["example"]]
    assert story["size"] == 5 and "The Ardenport Ledger" in story["outlets"]
    assert story["links"] == {"html": f"/stories/{story['id']}", "api": f"/api/stories/{story['id']}",
                              "brief": f"/api/stories/{story['id']}/brief"}


@pytest.mark.parametrize("query,expected", [
    ("outlet=The%20Civic%20Lantern", {"example"}),
    ("type=opinion", {"example"}),
    ("type=public%20broadcaster&outlet=The%20Civic%20Lantern", set()),
    ("type=nonexistent", set()),
    ("since=2026-05-01", {"hostile"}),
    ("until=2026-03-31", {"example"}),
    ("q=rationing", {"example"}),
    ("q=ferry%20strike", {"hostile"}),
    ("q=zebra%20crossing%20unicorn", set()),
    ("order=largest", {"example", "hostile"}),
])
def test_story_filters(client, ids, query, expected):
    data = get(client, f"/api/stories?{query}")
    found = {name for name, sid in ids.items() if name != "articles" and sid in {s["id"] for s in data["stories"]}}
    assert found == expected


def test_largest_first_and_pagination(client, ids):
    assert get(client, "/api/stories?order=largest")["stories"][0]["id"] == ids["example"]
    first = get(client, "/api/stories?limit=1&order=largest")
    assert len(first["stories"]) == 1 and first["next"] == "/api/stories?order=largest&offset=1&limit=1"
    second = get(client, first["next"])
    assert second["stories"][0]["id"] == ids["hostile"] and second["next"] is None


@pytest.mark.parametrize("url", ["/api/stories?since=yesterday", "/api/stories?limit=0", "/api/stories?limit=500",
                                 "/api/stories?order=oldest", "/api/stories?q=" + "x" * 201, "/api/search?q=",
                                 "/api/search", "/api/articles/abc"])
def test_bad_parameters_are_422_with_a_message(client, url):
    response = client.get(url)
    assert response.status_code == 422 and response.json()["error"]


def test_story_and_its_articles(client, ids):
    data = get(client, f"/api/stories/{ids['example']}")
    assert data["story"]["id"] == ids["example"] and len(data["articles"]) == 5
    assert all(a["links"]["html"] == f"/articles/{a['id']}" for a in data["articles"])
    assert data["brief_created_at"]


def test_brief_is_the_stored_contract(client, ids, web_store):
    response = client.get(f"/api/stories/{ids['example']}/brief")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    with Store(web_store, readonly=True) as store:
        stored = store.get_story(ids["example"]).brief
    assert response.json() == stored
    assert stored["schema_version"] and stored["summary"] and stored["consensus"]


def test_unknown_story_article_and_brief(client, web_store):
    assert get(client, "/api/stories/nope", 404)["error"] == "no story 'nope'"
    assert get(client, "/api/stories/nope/brief", 404)["error"] == "no story 'nope'"
    assert get(client, "/api/articles/999999", 404)["status"] == 404
    assert get(client, "/api/nothing-here", 404)["status"] == 404


def test_article_with_its_audit(client, ids):
    aid = ids["articles"]["The Civic Lantern"]
    data = get(client, f"/api/articles/{aid}")
    assert data["id"] == aid and data["outlet"] == "The Civic Lantern"
    assert data["removed"] and {"line", "text", "reason"} <= set(data["removed"][0])
    assert data["blocks"][0]["kind"] == "title" and data["text"].startswith(data["title"][:20])


@pytest.mark.parametrize("q", ["U.S.", "district's", "dam AND", '"unbalanced', "title:dam", "NEAR(a b)", "-dam",
                               "(", "*", "^"])
def test_search_takes_any_text(client, q):
    data = get(client, f"/api/search?q={q}")
    assert data["query"] == q and isinstance(data["hits"], list)


def test_search_hits_snippets_are_escaped(client):
    data = get(client, "/api/search?q=onerror")
    assert data["hits"]
    for hit in data["hits"]:
        assert "<mark>onerror</mark>" in hit["snippet_html"]
        assert "&lt;img src=x" in hit["snippet_html"]
        assert "<img" not in hit["snippet_html"].replace("<mark>", "").replace("</mark>", "")


def test_search_pagination(client):
    first = get(client, "/api/search?q=dam&limit=2")
    assert len(first["hits"]) == 2 and first["next"] == "/api/search?q=dam&offset=2&limit=2"
    second = get(client, first["next"])
    assert {h["id"] for h in second["hits"]}.isdisjoint({h["id"] for h in first["hits"]})


def test_hostile_outlet_comes_back_as_data(client, ids):
    data = get(client, f"/api/stories/{ids['hostile']}")
    assert XSS_OUTLET in data["story"]["outlets"]


def test_openapi_document_and_brief_schema(client):
    doc = client.get("/api/openapi.json").json()
    assert doc["info"]["version"] == API_VERSION
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/brief", "/api/articles/{article_id}",
            "/api/search"} <= set(doc["paths"])
    assert not any(p.startswith(("/stories", "/articles", "/add")) for p in doc["paths"])  # pages are not API
    brief = doc["paths"]["/api/stories/{story_id}/brief"]["get"]["responses"]["200"]
    assert brief["content"]["application/json"]["schema"]["$ref"] == "/api/schema/brief.json"
    schema = client.get("/api/schema/brief.json")
    assert schema.status_code == 200 and json.loads(schema.text)["$schema"].startswith("https://json-schema.org")
    assert client.get("/docs").status_code == 404  # the CDN-loading docs page is off
    index = client.get("/api").json()
    assert index["openapi"] == "/api/openapi.json" and len(index["endpoints"]) == 5
