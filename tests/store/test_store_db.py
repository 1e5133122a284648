"""The store on real SQLite files: keys and copies, history, search (quoted, raw, escaped
snippets), one writer at a time, read-only readers, and what a bad store says."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace

import pytest
from helpers import make_article

from synopsis.errors import InputError
from synopsis.records import Article
from synopsis.store import Incoming, Store, StoreError, canonical_url, fts_query
from synopsis.store.keys import page_key


def article(aid: str, title: str, body: str, *, url: str | None = None, outlet: str = "Ledger",
            published: str | None = "2026-03-10") -> Article:
    """A headline and one body paragraph (tests/helpers.make_article), fetched from `url`."""
    made = make_article(title, body, id=aid, outlet=outlet, title=True, published=published,
                        source=url or f"/tmp/{aid}.txt")
    return replace(made, url=url)


BODY = "The Greyhaven district voted to fund repairs to the cracked Kestrel Falls Dam on Tuesday."


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as s:
        yield s


@pytest.mark.parametrize("url,key", [
    ("HTTPS://News.Example/a/b?utm_source=x#comments", "https://news.example/a/b"),
    ("https://news.example/a/b?b=2&a=1", "https://news.example/a/b?a=1&b=2"),
    ("https://news.example", "https://news.example/"),
    ("http://[news.example/a", "http://[news.example/a"),  # urllib cannot split it: the text is the key
])
def test_canonical_url(url, key):
    assert canonical_url(url) == key


@pytest.mark.parametrize("canonical,key", [
    ("https://news.example/dam-story", "https://news.example/dam-story"),  # the page's own canonical
    ("https://news.example/", "https://news.example/dam?id=7"),  # the site's root: not the page
    ("https://other.example/dam-story", "https://news.example/dam?id=7"),  # another host
    ("https://[news.example/dam-story", "https://news.example/dam?id=7"),  # not a URL urllib can split
])
def test_page_key_takes_the_canonical_link_only_when_it_names_this_page(canonical, key):
    assert page_key("https://news.example/dam?id=7", canonical) == key


def test_same_url_twice_is_stored_once(store):
    a = article("a", "Dam repairs", BODY, url="https://ledger.example/dam#top")
    first, second = store.add(a), store.add(article("b", "Dam repairs", BODY, url="https://ledger.example/dam"))
    assert (first.status, second.status) == ("new", "unchanged") and first.id == second.id
    assert store.count() == 1


def test_wire_copy_keeps_its_url_and_points_at_the_original(store):
    original = store.add(article("a", "Dam repairs", BODY, url="https://wire.example/dam"))
    copy = store.add(article("b", "Another headline", BODY + "  ", url="https://courier.example/dam", outlet="Courier"))
    assert copy.status == "copy" and copy.duplicate_of == original.id
    assert store.get_article(copy.id).url == "https://courier.example/dam"


def test_changed_text_keeps_the_history(store):
    store.add(article("a", "Dam repairs", BODY, url="https://ledger.example/dam"))
    again = store.add(article("a", "Dam repairs", BODY + " Rationing starts Monday.", url="https://ledger.example/dam"))
    assert again.status == "updated"
    stored = store.get_article(again.id)
    assert stored.versions == 1 and "Rationing" in stored.text
    assert store.versions(again.id)[0]["text"].endswith("on Tuesday.")
    assert store.integrity() == []


def test_one_transaction_per_batch_rolls_back_whole(store):
    good = article("a", "Dam repairs", BODY, url="https://ledger.example/1")
    bad = Incoming(article("b", "Bad", BODY + " x", url="https://ledger.example/2"))
    bad.article.removed = object()  # not serialisable: the batch must fail whole
    with pytest.raises(TypeError):
        store.add_many([good, bad])
    assert store.count() == 0


@pytest.mark.parametrize("query,found", [
    ("cracked dam", True), ("U.S.", True), ("Ruiz's", True), ("dams", True),  # stemming
    ('"Kestrel Falls"', True), ("Falls Kestrel AND", True), ("-cafe", True),  # AND and - are words here
    ('unbalanced "quote', False), ("Kestrel NOT dam", False),
    ("cafe", True),  # diacritics folded: café
])
def test_quoted_search(store, query, found):
    store.add(article("a", "Dam repairs", BODY + " U.S. officials and Ana Ruiz's team met at the café.",
                      url="https://ledger.example/dam"))
    assert bool(store.search(query)) is found


def test_raw_search_syntax_and_errors(store):
    store.add(article("a", "Dam repairs", BODY, url="https://ledger.example/dam"))
    store.add(article("b", "Rationing begins", "Customers face mandatory rationing from Monday.",
                      url="https://ledger.example/rationing"))
    assert [h.id for h in store.search("title:rationing", raw=True)] == [2]
    assert len(store.search("crack*", raw=True)) == 1
    assert len(store.search("NEAR(district repairs, 5)", raw=True)) == 1
    assert len(store.search("dam OR rationing", raw=True)) == 2
    with pytest.raises(InputError, match="not valid FTS5 syntax"):
        store.search('"unbalanced', raw=True)


def test_snippets_are_escaped_around_marks(store):
    store.add(article("a", "Notice", 'Inspectors said <img src=x onerror="alert(1)"> the dam <b>again</b>.',
                      url="https://ledger.example/x"))
    (hit,) = store.search("dam")
    assert "<img" not in hit.snippet_html and "&lt;img" in hit.snippet_html
    assert "<mark>" in hit.snippet_html and "[" in hit.snippet
    assert "\x02" not in hit.snippet_html + hit.snippet


def test_title_weighs_more_than_text(store):
    store.add(article("a", "Budget talks", "The dam was mentioned once among many other budget items.",
                      url="https://ledger.example/a"))
    store.add(article("b", "Dam repairs", "Officials spoke about the budget.", url="https://ledger.example/b"))
    assert [h.id for h in store.search("dam")] == [2, 1]


def test_copies_are_left_out_of_search_unless_asked(store):
    store.add(article("a", "Dam repairs", BODY, url="https://wire.example/dam"))
    store.add(article("b", "Dam repairs", BODY, url="https://courier.example/dam"))
    assert len(store.search("dam")) == 1 and len(store.search("dam", copies=True)) == 2


def test_readers_are_read_only_and_not_blocked_by_a_writer(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as writer:
        writer.add(article("a", "Dam repairs", BODY, url="https://ledger.example/dam"))
        reader = Store(path, readonly=True)
        with writer.write() as conn:  # a long write transaction is open
            conn.execute("UPDATE articles SET outlet='x'")
            start = time.monotonic()
            assert reader.count() == 1 and reader.search("dam")
            assert time.monotonic() - start < 0.5
        with pytest.raises(StoreError, match="read-only"):
            reader.add(article("b", "T", BODY + " b", url="https://ledger.example/b"))
        reader.close()


def test_second_writer_waits_for_the_first(tmp_path):
    path = tmp_path / "s.db"
    first = Store(path)
    second = Store(path)
    done = []

    def hold():
        with first.write() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
            time.sleep(0.6)

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.1)
    start = time.monotonic()
    second.add(article("a", "Dam repairs", BODY, url="https://ledger.example/dam"))
    done.append(time.monotonic() - start)
    thread.join()
    assert done[0] >= 0.3 and second.count() == 1  # waited (BEGIN IMMEDIATE + busy_timeout), did not fail
    first.close()
    second.close()


def test_missing_and_foreign_stores_say_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="no store there yet"):
        Store(tmp_path / "none.db", readonly=True)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a synopsis store"):
        Store(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="version 99"):
        Store(other, readonly=True)


@pytest.mark.parametrize("text,query", [
    ("U.S. officials", '"U.S." "officials"'), ('"found cracks" early', '"found cracks" "early"'),
    ('a "b', '"a" "b"'), ("", ""), ('""', ""),
])
def test_fts_query(text, query):
    assert fts_query(text) == query


def test_json_columns_are_checked(store):
    with pytest.raises(sqlite3.IntegrityError):
        with store.write() as conn:
            conn.execute("INSERT INTO briefs(articles, brief, schema_version, synopsis_version, options, created_at) "
                         "VALUES ('[]', 'not json', '1.2', '0', '{}', 'now')")


def _grouping(stories):
    """A stand-in for synopsis.stories.GroupingResult: stories of (id, first, last, [(member id, outlet)])."""
    from types import SimpleNamespace as NS

    return NS(stories=[NS(id=sid, label=f"story {sid}", first=first, last=last, size=len(members),
                          originals=members, outlets=sorted({o for _, o in members}),
                          members=[NS(id=str(m), duplicate_of=None, similarity=1.0) for m, _ in members])
                       for sid, first, last, members in stories])


def test_list_stories_any_outlet_and_order(store):
    ids = {}
    for n, outlet in enumerate(["Ledger", "Courier", "Radio", "Ledger", "Radio", "Radio"]):
        ids[n] = store.add(article(str(n), f"Title {n}", f"Body number {n} of the story. " * 3,
                                   url=f"https://example.org/{n}", outlet=outlet)).id
    store.save_grouping(_grouping([
        ("a", "2026-03-01", "2026-03-02", [(ids[0], "Ledger")]),
        ("b", "2026-03-05", "2026-03-05", [(ids[1], "Courier"), (ids[2], "Radio"), (ids[3], "Ledger")]),
        ("c", "2026-03-09", "2026-03-09", [(ids[4], "Radio"), (ids[5], "Radio")]),
    ]), {})
    assert [s.id for s in store.list_stories()] == ["c", "b", "a"]
    assert [s.id for s in store.list_stories(order="largest")] == ["b", "c", "a"]
    assert [s.id for s in store.list_stories(outlets=["Courier", "Ledger"])] == ["b", "a"]
    assert store.list_stories(outlets=[]) == []
    assert store.outlets() == [("Radio", 3), ("Ledger", 2), ("Courier", 1)]
    with pytest.raises(ValueError):
        store.list_stories(order="oldest")


def test_story_without_its_brief_and_the_brief_as_text(store):
    import json

    a = store.add(article("1", "Title 1", "Body of the story. " * 3, url="https://example.org/1")).id
    store.save_grouping(_grouping([("a", "2026-03-01", "2026-03-01", [(a, "Ledger")])]), {})
    assert store.latest_brief_json("a") is None
    store.save_brief({"schema_version": "1.3", "summary": []}, [], story_id="a")
    store.save_brief({"schema_version": "1.3", "summary": [{"text": "newer"}]}, [], story_id="a")
    text, created = store.latest_brief_json("a")
    assert json.loads(text)["summary"] == [{"text": "newer"}] and created
    assert store.get_story("a").brief == json.loads(text)
    light = store.get_story("a", with_brief=False)
    assert light.brief is None and light.story.brief_id and [m.id for m in light.articles] == [a]


def test_read_only_path_with_uri_characters(tmp_path):
    path = tmp_path / "my news #1?.db"
    with Store(path) as writer:
        writer.add(article("a", "Dam repairs", BODY, url="https://ledger.example/dam"))
    with Store(path, readonly=True) as reader:
        assert reader.count() == 1


@pytest.mark.parametrize("published, published_from", [
    ("2026-03-10", "metadata"), ("2026-03-10", "url"), ("2026-03-09", "photo caption"), (None, None),
])
def test_published_from_is_stored_and_returned(store, published, published_from):
    a = article("a", "Dam repairs", BODY, url="https://ledger.example/dam", published=published)
    a.published_from = published_from
    stored = store.get_article(store.add(a).id)
    assert (stored.published, stored.published_from) == (published, published_from)
    assert (stored.to_article().published, stored.to_article().published_from) == (published, published_from)
    assert store.articles([stored.id])[0].published_from == published_from


def test_updated_text_keeps_the_date_and_its_origin_unless_a_new_one_comes(store):
    a = article("a", "Dam repairs", BODY, url="https://ledger.example/dam")
    a.published_from = "url"
    store.add(a)
    undated = article("a", "Dam repairs", BODY + " More.", url="https://ledger.example/dam", published=None)
    again = store.add(undated)
    assert again.status == "updated"
    assert (store.get_article(again.id).published, store.get_article(again.id).published_from) == ("2026-03-10", "url")
    dated = article("a", "Dam repairs", BODY + " Still more.", url="https://ledger.example/dam", published="2026-03-11")
    dated.published_from = "metadata"
    store.add(dated)
    assert store.get_article(again.id).published_from == "metadata"


def test_a_store_made_before_published_from_and_outlets_gets_them(tmp_path):
    """A layout-1 store without the column and the table: read-only it reads (None, {}); opened
    for writing it gains both, its rows keep their data, new rows store the origin."""
    path = tmp_path / "old.db"
    with Store(path) as s:
        first = s.add(article("a", "Dam repairs", BODY, url="https://ledger.example/dam")).id
        s.conn.execute("DROP TABLE outlets")
        s.conn.execute("ALTER TABLE articles DROP COLUMN published_from")
    with Store(path, readonly=True) as s:
        old = s.get_article(first)
        assert (old.published, old.published_from) == ("2026-03-10", None) and s.outlet_profiles() == {}
    with Store(path) as s:
        assert s.get_article(first).published == "2026-03-10"
        b = article("b", "Spillway", BODY + " Other.", url="https://ledger.example/spillway")
        b.published_from = "dateline"
        assert s.get_article(s.add(b).id).published_from == "dateline"
        assert s.integrity() == []


def test_outlet_profiles_are_kept_and_updated(store):
    from synopsis.records import OutletProfile

    store.save_outlet_profiles({"Ledger": OutletProfile("news", "centre"), "Lantern": OutletProfile("opinion", None),
                                "Plain": OutletProfile(None, None)})
    store.save_outlet_profiles({"Lantern": OutletProfile("advocacy", "left")})
    assert store.outlet_profiles() == {"Lantern": OutletProfile("advocacy", "left"),
                                       "Ledger": OutletProfile("news", "centre")}
