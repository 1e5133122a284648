"""The store's tables (SQLite, FTS5, JSON1), created by :func:`create`.

Design points (see docs/store.md): ``INTEGER PRIMARY KEY`` on every table that an FTS index or
a foreign key points at, so VACUUM can never renumber what the index refers to; JSON columns
are ``TEXT`` with ``CHECK(json_valid(...))`` (STRICT tables reject a JSON type); the full-text
index is an external-content FTS5 table over ``articles(title, text)`` kept in sync by
triggers, so the text is stored once.
"""

from __future__ import annotations

import sqlite3

#: Version of the store's layout. A store with another version is refused with what to do.
SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per article. `key` is what deduplicates: the canonical URL (courlan, no fragment)
-- for web pages, 'file:' + absolute path for files without a URL, 'sha1:' + hash otherwise.
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    url TEXT,
    source TEXT NOT NULL,
    outlet TEXT NOT NULL,
    outlet_from TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    published TEXT,
    published_from TEXT,
    fetched_at TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES articles(id),
    text TEXT NOT NULL,
    blocks TEXT NOT NULL CHECK (json_valid(blocks)),
    removed TEXT NOT NULL CHECK (json_valid(removed)),
    credits TEXT NOT NULL CHECK (json_valid(credits)),
    warnings TEXT NOT NULL CHECK (json_valid(warnings)),
    raw BLOB,
    raw_kind TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_content_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);

-- Every URL an article was reached by (as given, after redirects, declared canonical), so a
-- link seen again in a feed is known without fetching it.
CREATE TABLE IF NOT EXISTS article_urls (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id)
);

-- Earlier texts of an article whose re-fetch changed the text: the history.
CREATE TABLE IF NOT EXISTS article_versions (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id),
    fetched_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    removed TEXT NOT NULL CHECK (json_valid(removed)),
    raw BLOB,
    raw_kind TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS article_versions_article ON article_versions(article_id);

-- Feeds and sitemaps polled by `synopsis add` / `collect`, with their HTTP validators.
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT,
    status INTEGER,
    error TEXT,
    entries INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first TEXT,
    last TEXT,
    size INTEGER NOT NULL,
    originals INTEGER NOT NULL,
    outlets TEXT NOT NULL CHECK (json_valid(outlets)),
    updated_at TEXT NOT NULL
);

-- Which story each article is in (the assignments); a copy names its original.
CREATE TABLE IF NOT EXISTS story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id),
    story_id TEXT NOT NULL REFERENCES stories(id),
    duplicate_of INTEGER REFERENCES articles(id),
    similarity REAL NOT NULL,
    assigned_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);

-- The story grouper's state (synopsis.stories.StoryGrouper.state()), so `synopsis stories
-- --store` continues yesterday's stories without a state file.
CREATE TABLE IF NOT EXISTS grouper_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL CHECK (json_valid(state)),
    updated_at TEXT NOT NULL
);

-- Briefs (the JSON contract) with what produced them: the articles and their content hashes,
-- synopsis's version, the JSON schema version and the options.
CREATE TABLE IF NOT EXISTS briefs (
    id INTEGER PRIMARY KEY,
    story_id TEXT REFERENCES stories(id),
    query TEXT,
    articles TEXT NOT NULL CHECK (json_valid(articles)),
    brief TEXT NOT NULL CHECK (json_valid(brief)),
    schema_version TEXT NOT NULL,
    synopsis_version TEXT NOT NULL,
    options TEXT NOT NULL CHECK (json_valid(options)),
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS briefs_story ON briefs(story_id, id);

-- What earlier briefs computed, so a re-brief of a story that gained an article encodes and
-- parses only the new one. Added within layout version 1: a store made before these tables
-- gets them when opened for writing. Keys are keys.text_hash of the exact text.
-- sentence_vectors: `encoder` names the encoder, the model and their versions
-- (SentenceEncoder.cache_key: torch and onnx vectors never mix, an upgrade starts afresh);
-- `vector` is the float32 vector.
CREATE TABLE IF NOT EXISTS sentence_vectors (
    encoder TEXT NOT NULL,
    sentence BLOB NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (encoder, sentence)
);
-- parses: an article text's spaCy parse (Doc.to_bytes, zlib); `pipeline` names the spaCy
-- package, its version and spaCy's (models.parse_cache_key).
CREATE TABLE IF NOT EXISTS parses (
    pipeline TEXT NOT NULL,
    text BLOB NOT NULL,
    doc BLOB NOT NULL,
    PRIMARY KEY (pipeline, text)
);

-- What the user's outlets file says about each outlet (its type: news, opinion, advocacy,
-- wire ...; its lean), kept by `synopsis add --outlets` so the reading room can filter
-- stories by outlet type and show both. Added within layout version 1 (as the caches above).
CREATE TABLE IF NOT EXISTS outlets (
    name TEXT PRIMARY KEY,
    type TEXT,
    lean TEXT,
    updated_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"""


#: Columns added within layout version 1, and their definitions: a store made before gets them
#: (``ALTER TABLE ... ADD COLUMN``, NULL in the rows it holds) when it is opened for writing;
#: a reader of such a store opened read-only sees them as missing (:func:`columns`).
ADDED_COLUMNS = (("articles", "published_from", "TEXT"),)


def create(conn: sqlite3.Connection) -> None:
    """Create the tables (idempotent) inside the caller's write transaction, add the columns
    of :data:`ADDED_COLUMNS` to a store made before them, and record the version."""
    for statement in _statements(TABLES):
        conn.execute(statement)
    for table, column, definition in ADDED_COLUMNS:
        if column not in columns(conn, table):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _statements(script: str) -> list[str]:
    """Split the DDL into statements (triggers hold semicolons inside BEGIN ... END)."""
    out, current = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        joined = "\n".join(current)
        if sqlite3.complete_statement(joined):
            out.append(joined)
            current = []
    return out
