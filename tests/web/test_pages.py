"""The pages without a browser (they read without JavaScript): what the story page shows against
the brief it renders, that every citation link lands on the cited words highlighted, the
article page's anchors and audit, the stories list's filters, caching, `synopsis serve`'s
checks, and the pages over a store built from the seeds and a dev set."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape

from synopsis.text.sentences import split_sentences
from synopsis.render import common
from synopsis.store import Store
from synopsis.web.story_view import records, text_hash

from web_fixtures import make_client, need_shared


def story_brief(store_path, story_id):
    with Store(store_path, readonly=True) as store:
        return store.get_story(story_id)


def highlight_links(page: str) -> list[str]:
    return sorted(set(html.unescape(h) for h in re.findall(r'href="(/articles/\d+\?hl=[^"]+)"', page)))


def marked_text(page: str) -> str:
    return html.unescape("".join(re.findall(r'<mark class="hl"[^>]*>(.*?)</mark>', page, re.S)))


def test_story_page_shows_every_section(client, ids):
    page = client.get(f"/stories/{ids['example']}").text
    for section in ("outlets", "summary", "grid", "quotes", "figures", "disputes", "timeline", "framing", "articles"):
        assert f'<section id="{section}"' in page, section
    assert "Off-event notes" in page and "Northgate Herald</strong> may cover another event" in page
    assert page.count('class="card') >= 5


def test_summary_chips_carry_the_cited_sentences(client, ids, web_store):
    detail = story_brief(web_store, ids["example"])
    page = client.get(f"/stories/{ids['example']}").text
    texts = {a["id"]: a["text"] for a in detail.brief["articles"]}
    for sentence in detail.brief["summary"]:
        assert str(escape(common.one_line(sentence["text"]))) in page
        for c in sentence["citations"]:
            cited = texts[c["article"]][c["start"]:c["end"]]
            href = f'/articles/{c["article"]}?hl={c["start"]}-{c["end"]}&amp;h={text_hash(cited)}#hl'
            assert f'href="{href}"' in page  # the chip opens the article there
            assert str(escape(common.one_line(cited))) in page  # and its tooltip holds the words


def test_every_citation_link_lands_on_its_words_highlighted(client, ids, web_store):
    detail = story_brief(web_store, ids["example"])
    texts = {a["id"]: a["text"] for a in detail.brief["articles"]}
    links = highlight_links(client.get(f"/stories/{ids['example']}?full=1").text)
    assert len(links) > 100
    for link in links:
        parts = urlsplit(link)
        start, end = map(int, parse_qs(parts.query)["hl"][0].split("-"))
        page = client.get(link).text
        assert 'id="hl"' in page and "changed since the brief" not in page, link
        assert marked_text(page) == texts[parts.path.rsplit("/", 1)[1]][start:end]


def test_grid_rows_are_the_facts_and_cells_each_outlets_words(client, ids, web_store):
    detail = story_brief(web_store, ids["example"])
    brief = records(detail.brief)
    page = client.get(f"/stories/{ids['example']}").text
    table = page[page.index('data-kind="agreed"'):page.index("</table>", page.index('data-kind="agreed"'))]
    outlets = list(dict.fromkeys(a.outlet for a in brief.articles))
    rows = re.findall(r"<tr id=\"fact-(\d+)\".*?</tr>", table, re.S)
    assert len(rows) == len(brief.consensus)
    bodies = re.findall(r"<tr id=\"fact-\d+\"[^>]*>(.*?)</tr>", table, re.S)
    for fact, body in zip(common.consensus(brief), bodies):
        cells = re.findall(r"<td( class=\"none\")?>(.*?)</td>", body, re.S)
        assert len(cells) == len(outlets)
        said = {c.outlet: c for c in fact.citations}
        for outlet, (empty, cell) in zip(outlets, cells):
            if outlet in said:
                words = detail.brief["articles"][[a.id for a in brief.articles].index(said[outlet].article)]["text"]
                assert str(escape(common.one_line(words[said[outlet].start:said[outlet].end]))) in cell
            else:
                assert empty and f"not stated by {escape(outlet)}" in cell


def test_long_sections_fold_and_their_rest_loads_or_shows_in_full(client, ids, web_store):
    brief = records(story_brief(web_store, ids["example"]).brief)
    page = client.get(f"/stories/{ids['example']}").text
    full = client.get(f"/stories/{ids['example']}?full=1").text
    assert len(page) < len(full) / 1.5
    for section, shown, total, anchor in (("quotes", 12, len(brief.quotes), "quotes"),
                                          ("figures", 12, len(brief.figures), "figures"),
                                          ("timeline", 16, len(brief.timeline), "timeline"),
                                          ("single", 10, len(brief.unique), "grid")):
        assert total > shown, section
        assert f'hx-get="/stories/{ids["example"]}/more/{section}"' in page
        assert f'href="/stories/{ids["example"]}?full=1#{anchor}"' in page  # without JavaScript
        assert f'/more/{section}"' not in full
        rest = client.get(f"/stories/{ids['example']}/more/{section}").text
        assert "<html" not in rest
        assert highlight_links(rest), section
    every_quote = [common.one_line(q.text) for q in common.ledger(brief)]
    rest = html.unescape(client.get(f"/stories/{ids['example']}/more/quotes").text)
    assert all(q in rest for q in every_quote[12:]) and every_quote[0] not in rest
    assert all(q in html.unescape(full) for q in every_quote)
    ids_in_page = re.findall(r'id="([^"]+)"', page + rest)
    assert len(ids_in_page) == len(set(ids_in_page))  # tooltip ids stay unique once the rest is loaded
    assert client.get(f"/stories/{ids['example']}/more/nothing").status_code == 404


def test_grid_marks_rows_with_conflicting_figures(client, ids, web_store):
    brief = records(story_brief(web_store, ids["example"]).brief)
    page = client.get(f"/stories/{ids['example']}").text
    conflicted = [f for f in brief.figures if f.conflicts_with]
    assert conflicted  # the example's 210,000 against 180,000 residents
    assert "⚠ figures differ" in page or "⚠ disputed" in page


def test_article_page_anchors_every_sentence_and_lists_removed_lines(client, ids, web_store):
    aid = ids["articles"]["Brannock Valley Courier"]
    with Store(web_store, readonly=True) as store:
        stored = store.get_article(aid)
    page = client.get(f"/articles/{aid}").text
    for s in split_sentences(stored.to_article()):
        assert f'<span class="s" id="s-{s.start}">' in page
    assert page.count('<td class="reason">') == len(stored.removed) > 0
    assert "Read the original" in page and f'href="{stored.url}"' in page
    assert "<mark" not in page


@pytest.mark.parametrize("query,note", [
    ("hl=10-20&h=00000000", "changed since the brief"),
    ("hl=10-999999&h=00000000", "outside this article's text"),
    ("hl=abc", "not START-END"),
    ("hl=20-10", "outside this article's text"),
])
def test_a_highlight_that_does_not_fit_is_said_not_shown(client, ids, query, note):
    page = html.unescape(client.get(f"/articles/{ids['articles']['The Civic Lantern']}?{query}").text)
    assert note in page and "<mark" not in page


def test_stories_list_filters_and_htmx_partial(client, ids):
    full = client.get("/?outlet=The%20Civic%20Lantern")
    assert full.status_code == 200 and f'href="/stories/{ids["example"]}"' in full.text
    assert f'href="/stories/{ids["hostile"]}"' not in full.text
    partial = client.get("/?q=ferry", headers={"HX-Request": "true", "HX-Target": "results"}).text
    assert "<html" not in partial and f'href="/stories/{ids["hostile"]}"' in partial
    assert "Articles matching" in partial and "<mark>" in partial
    bad = client.get("/?since=soon&type=zine&offset=-4").text
    assert "is not YYYY-MM-DD" in bad and "no outlet is of type" in bad
    types = client.get("/").text
    assert '<option value="opinion">opinion</option>' in types


def test_story_page_is_cached_and_revalidated_until_the_store_changes(web_store, tmp_path, book):
    import shutil

    store = tmp_path / "s.db"
    shutil.copyfile(web_store, store)
    with make_client(store, book) as c:
        sid = c.get("/api/stories?order=largest").json()["stories"][0]["id"]
        first = c.get(f"/stories/{sid}")
        etag = first.headers["etag"]
        assert c.get(f"/stories/{sid}", headers={"If-None-Match": etag}).status_code == 304
        with Store(store) as writer:
            detail = writer.get_story(sid)
            brief = detail.brief
            brief["summary"][0]["text"] = "A sentence that only the newer brief has."
            writer.save_brief(brief, writer.articles(writer.story_article_ids(sid)), story_id=sid)
        again = c.get(f"/stories/{sid}", headers={"If-None-Match": etag})
        assert again.status_code == 200 and again.headers["etag"] != etag  # the store changed: rebuilt
        assert "A sentence that only the newer brief has." in again.text
        assert c.get(f"/api/stories/{sid}/brief").json()["summary"][0]["text"].startswith("A sentence that only")


def test_missing_story_is_a_404_page(client):
    response = client.get("/stories/s999999")
    assert response.status_code == 404 and "no story" in response.text and "<html" in response.text


def test_add_page_is_a_plain_form_that_works_without_javascript(client):
    page = client.get("/add").text
    assert '<form class="add" method="post" action="/add"' in page and 'name="token"' in page
    assert "needs JavaScript" not in page and "--allow-private" in page


def test_serve_refuses_a_port_in_use(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "synopsis", "serve", "--store", str(tmp_path / "s.db"),
                                 "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "s.db").is_file()  # an empty store was created to add to


def test_serve_refuses_a_file_that_is_not_a_store(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("just text")
    result = subprocess.run([sys.executable, "-m", "synopsis", "serve", "--store", str(bad), "--port", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not a synopsis store" in result.stderr and "Traceback" not in result.stderr


def test_demo_needs_the_bundled_example(monkeypatch):
    from synopsis.errors import InputError
    from synopsis.web import serve

    assert (serve.example_dir() / "event").is_dir()
    monkeypatch.setattr(serve, "__file__", "/nowhere/synopsis/web/serve.py")
    with pytest.raises(InputError, match="--demo needs the bundled example"):
        serve.example_dir()


# --- the seeds and a dev set ----------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    from synopsis.sources.add import add_inputs
    from synopsis.sources.outlets import read_outlets
    from synopsis.store.library import update_stories

    seeds = need_shared("seeds")
    cluster = need_shared("data", "gold-clusters-duc2003", "d31022t")
    path = tmp_path_factory.mktemp("shared") / "s.db"
    with Store(path) as store:
        add_inputs(store, [str(seeds)])
        add_inputs(store, [str(cluster / "articles")], outlets=read_outlets(cluster / "outlets.json"))
        run = update_stories(store)
        assert not run.errors
    return path


def test_pages_over_the_seeds_and_a_dev_set(shared_store):
    with make_client(shared_store) as c:
        stories = c.get("/api/stories?limit=100").json()["stories"]
        assert len(stories) >= 2 and any("Associated Press" in s["outlets"] for s in stories)
        links = []
        for s in stories:
            page = c.get(f"/stories/{s['id']}?full=1")
            assert page.status_code == 200, s["id"]
            links += highlight_links(page.text)
            assert c.get(f"/api/stories/{s['id']}/brief").status_code in (200, 404)
        assert len(links) > 50
        for link in links:
            page = c.get(link).text
            assert 'id="hl"' in page and "changed since the brief" not in page, link
        for a in range(1, 16):
            assert c.get(f"/articles/{a}").status_code == 200
        assert c.get("/?q=fire").status_code == 200 and c.get("/api/search?q=court").status_code == 200


def test_response_cache_keeps_api_answers_at_once_and_serves_gzip(client, ids):
    import gzip

    url = f"/api/articles/{ids['articles']['Northgate Herald']}"
    reader = client.app.state.reader
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip" and first.headers["etag"]  # kept at the first request
    assert any(key[:2] == ("response", url) for key, _version in reader._cache)
    second = client.get(url, headers={"Accept-Encoding": "gzip"})
    third = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert third.headers["content-encoding"] == "gzip" and third.json() == first.json()
    assert third.headers["etag"] == first.headers["etag"] == second.headers["etag"]
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == first.json()
    assert client.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert any(key[:2] == ("response", url) for key, _version in reader._cache)
    for _ in range(3):
        assert client.get("/api/articles/999999").status_code == 404  # errors are never kept
        client.get("/add")
    assert not any(key[1:2] in (("/api/articles/999999",), ("/add",)) for key, _version in reader._cache)


def test_outlet_types_kept_in_the_store_filter_the_stories_and_show_on_the_story_page(web_store, tmp_path, ids):
    """No outlets file given to the app: the types and leans `synopsis add --outlets` kept in the
    store are the Stories page's type filter and show beside the outlets on the story page."""
    import sqlite3

    from synopsis.records import OutletProfile
    from synopsis.store import Store

    store = tmp_path / "typed.db"
    with sqlite3.connect(web_store) as src, sqlite3.connect(store) as dst:
        src.backup(dst)
    with Store(store) as s:
        s.save_outlet_profiles({"The Ardenport Ledger": OutletProfile("wire", "centre")})
    with make_client(store) as c:
        assert '<option value="wire">wire</option>' in c.get("/").text
        wire = c.get("/?type=wire").text
        assert f'href="/stories/{ids["example"]}"' in wire and f'href="/stories/{ids["hostile"]}"' not in wire
        assert "no outlet is of type" in c.get("/?type=advocacy").text
        assert "(wire, lean: centre)" in c.get(f"/stories/{ids['example']}").text
