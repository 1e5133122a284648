"""Stories continued from the store (no state file), briefs kept with their versions, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from synopsis.core import load_articles
from synopsis.errors import InputError
from synopsis.store import Store
from synopsis.store.library import export, update_stories

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "event"


@pytest.fixture
def example_articles():
    outlets = json.loads((EXAMPLE.parent / "outlets.json").read_text(encoding="utf-8"))
    from synopsis.options import Options

    return load_articles([EXAMPLE], Options(outlets=outlets)).articles


def test_stories_continue_from_the_store(tmp_path, example_articles):
    with Store(tmp_path / "s.db") as store:
        store.add_many(example_articles[:3])
        first = update_stories(store, briefs=False)
        assert first.grouped == 3
        (story,) = store.list_stories()
        store.add_many(example_articles[3:])
        second = update_stories(store, briefs=False)
        assert second.grouped == 2  # only the new articles are grouped
        stories = store.list_stories()
        assert len(stories) <= 2 and stories[0].id == story.id and stories[0].size >= 4
        detail = store.get_story(story.id)
        assert {a.outlet for a in detail.articles} >= {"The Ardenport Ledger"}
        third = update_stories(store, briefs=False)
        assert third.grouped == 0 and store.grouper_state()["n_docs"] == 5


def test_story_brief_is_kept_with_its_versions(tmp_path, example_articles):
    with Store(tmp_path / "s.db") as store:
        store.add_many(example_articles)
        run = update_stories(store, min_brief_size=3)
        assert run.briefed and not run.errors
        detail = store.get_story(run.briefed[0])
        assert detail.brief["schema_version"] and detail.brief["summary"]
        row = store.conn.execute("SELECT articles, synopsis_version, options FROM briefs").fetchone()
        used = json.loads(row["articles"])
        assert all(isinstance(i, int) and len(h) == 40 for i, h in used)
        assert row["synopsis_version"] and json.loads(row["options"])["words"] == 150


def test_list_stories_filters(tmp_path, example_articles):
    with Store(tmp_path / "s.db") as store:
        store.add_many(example_articles)
        update_stories(store, briefs=False)
        assert store.list_stories(search="rationing")
        assert store.list_stories(search="zebra crossing") == []
        assert store.list_stories(outlet="The Ardenport Ledger")
        assert store.list_stories(outlet="Nobody") == []
        assert store.list_stories(since="2030-01-01") == []
        assert store.list_stories(until="2026-03-31")


def test_export_json_lines_and_parquet(tmp_path, example_articles):
    with Store(tmp_path / "s.db") as store:
        store.add_many(example_articles)
        out = tmp_path / "a.jsonl"
        assert export(store, out) == 5
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {r["outlet"] for r in rows} >= {"The Ardenport Ledger"} and rows[0]["removed"]
        pq = pytest.importorskip("pyarrow.parquet")
        path = tmp_path / "a.parquet"
        assert export(store, path, "parquet") == 5
        table = pq.read_table(path)
        assert table.num_rows == 5 and "text" in table.column_names
        assert not list(tmp_path.glob("*.tmp"))


def test_parquet_without_pyarrow_says_how_to_get_it(tmp_path, example_articles, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    with Store(tmp_path / "s.db") as store:
        store.add_many(example_articles[:1])
        with pytest.raises(InputError, match=r"pip install 'synopsis\[parquet\]'"):
            export(store, tmp_path / "a.parquet", "parquet")


def test_export_keeps_where_each_date_came_from(tmp_path, example_articles):
    """A date read from a photo caption stays weak evidence after export and re-import."""
    from dataclasses import replace

    from synopsis.options import Options

    dated = [a for a in example_articles if a.published]
    assert len(dated) >= 2
    articles = [replace(dated[0], published_from="photo caption"), replace(dated[1], published_from="url")]
    with Store(tmp_path / "s.db") as store:
        store.add_many(articles)
        out = tmp_path / "a.jsonl"
        export(store, out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["published_from"] for r in rows] == ["photo caption", "url"]
    again = load_articles([out], Options()).articles
    assert [(a.published, a.published_from) for a in again] == [(a.published, a.published_from) for a in articles]
