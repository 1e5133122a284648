"""The local library: every article added, its history, the stories and their briefs, searchable.

One SQLite file (stdlib ``sqlite3``; WAL; FTS5) at ``--store PATH``, ``$SYNOPSIS_STORE``, or the
platform's user data folder (:func:`default_store_path`: ``$XDG_DATA_HOME/synopsis/store.db``
on Linux). Layout: :mod:`synopsis.store.schema`; keys and hashes: :mod:`synopsis.store.keys`.

Articles are deduplicated twice: by **key** (the canonical URL, via courlan, without the
fragment; a file's absolute path) and by **content hash** (SHA-1 of the body's letters and
digits). Adding the same key again with the same text changes nothing (``unchanged``); with a
new text it keeps the old one in ``article_versions`` (``updated``). A new key whose body is
already stored is a ``copy``: it keeps its own URL and points at the original (``duplicate_of``).

Writing: one writer, ``BEGIN IMMEDIATE`` transactions; an article, its search index row and its
history are written together, so a killed process never leaves half an article.

Read API (what ``synopsis search``/``export``/``brief --store`` and a web app use; open with
``Store(path, readonly=True)``; every method returns plain dataclasses with ``to_dict()``)::

    store.list_stories(search=None, outlet=None, since=None, until=None, min_size=1, limit=50, offset=0,
                       outlets=None (any of these), order="latest"|"largest")
        -> [StorySummary(id, label, first, last, size, originals, outlets, updated_at, brief_id)]
    store.outlets() -> [(outlet, originals stored)]      # most first: a filter's choices
    store.get_story(story_id, with_brief=True)
        -> StoryDetail(story, articles=[StoryArticle(id, title, outlet, published, url, duplicate_of,
                       similarity)], brief=<latest brief JSON (docs/schema.md) or None>, brief_created_at)
    store.latest_brief_json(story_id) -> (JSON text, created_at) or None   # unparsed, to serve as is
    store.get_article(article_id)
        -> StoredArticle(id, key, url, source, outlet, outlet_from, title, published, fetched_at,
                         checked_at, content_hash, duplicate_of, text, blocks, removed (the audit:
                         RemovedLine(line, text, reason)), credits, warnings, versions, story_id)
    store.versions(article_id) -> [{fetched_at, replaced_at, title, text, content_hash}]
    store.search(query, raw=False, limit=20, offset=0, copies=False)
        -> [SearchHit(id, title, outlet, published, url, story_id, duplicate_of, score,
                      snippet (matches in [ ]), snippet_html (escaped, matches in <mark>))]
    store.articles(ids) -> [synopsis.records.Article]   # to brief them
    store.iter_articles(after_id=0, unassigned=False)   # export, grouping

Adding URLs (a web app's "add" page) goes through the same fetching path as the CLI:
``synopsis.sources.add_inputs(store, ["https://..."], FetchSettings())`` returns an
:class:`~synopsis.sources.AddReport` (counts and one line per input that failed).

User search text is quoted by default (``U.S.``, ``Ruiz's``, ``-``, ``AND`` are searched as
written); ``raw=True`` takes FTS5 syntax. Snippets are built with control-character markers,
HTML-escaped, then marked: ``snippet_html`` is safe in a page even when the article holds markup.
"""

from .db import (
    AddOutcome,
    Incoming,
    SearchHit,
    SourceState,
    Store,
    StoreError,
    StoredArticle,
    StoryArticle,
    StoryDetail,
    StorySummary,
    default_store_path,
    fts_query,
)
from .keys import canonical_url, content_hash, page_key

__all__ = [
    "AddOutcome", "Incoming", "SearchHit", "SourceState", "Store", "StoreError", "StoredArticle", "StoryArticle",
    "StoryDetail", "StorySummary", "canonical_url", "content_hash", "default_store_path", "fts_query", "page_key",
]
