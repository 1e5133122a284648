"""The store: one SQLite file (WAL, FTS5), one writer, any number of read-only readers.

Writes run in ``BEGIN IMMEDIATE`` transactions (:meth:`Store.write`): the write lock is taken
at the start, so a second writer waits (``busy_timeout``) instead of failing halfway with
"database is locked" as a deferred transaction does when another connection committed first
(measured in the ecosystem notes; datasette#2358 made the same move). Each article is written
with its FTS row and its history in one transaction, so a process killed at any moment leaves
either the whole article or nothing. Readers open the file ``mode=ro``.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, SynopsisError
from ..records import Article, Block, RemovedLine
from . import schema
from .keys import canonical_url, content_hash, file_key, text_hash

if TYPE_CHECKING:
    import numpy as np

#: Snippet markers: control characters that never occur in stored text (they are replaced by
#: spaces on the way in), so the snippet can be HTML-escaped and the markers turned into <mark>.
MARK_START, MARK_END = "\x02", "\x03"
_MARKERS = {ord(MARK_START): " ", ord(MARK_END): " "}
#: Search ranks (BM25) the matches among this many most recently added matching articles.
RANK_WINDOW = 2000
#: zlib level of the raw pages kept (HTML as fetched): level 1 takes a third of level 6's time
#: (1.1 ms against 3.2 ms for a 170 KB page of the Zyte set) for blobs 18% larger (24% of the
#: page's size against 20%); the page reads back the same.
RAW_ZLIB_LEVEL = 1
#: Most values bound in one SQL statement (SQLite's default limit is 32,766; old builds 999).
_SQL_CHUNK = 500


#: ORDER BY of :meth:`Store.list_stories`.
_STORY_ORDER = {"latest": "coalesce(s.last, '') DESC, s.size DESC, s.id",
                "largest": "s.size DESC, coalesce(s.last, '') DESC, s.id"}


class StoreError(SynopsisError):
    """A store that cannot be opened or used: missing, not a synopsis store, another version, locked."""


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def default_store_path() -> Path:
    """``$SYNOPSIS_STORE``, else the platform's user data folder (``$XDG_DATA_HOME/synopsis/store.db``
    on Linux, ``~/Library/Application Support/synopsis`` on macOS, ``%LOCALAPPDATA%`` on Windows)."""
    import os

    env = os.environ.get("SYNOPSIS_STORE")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("synopsis", appauthor=False)) / "store.db"


@dataclass(slots=True)
class AddOutcome:
    """What adding one article did: ``new``, ``copy`` (same body as `duplicate_of`, kept under
    its own URL), ``updated`` (the text changed; the old one went to the history) or ``unchanged``."""

    status: str
    id: int
    key: str
    duplicate_of: int | None = None


@dataclass(slots=True)
class StoredArticle:
    """An article as stored, with its audit trail (removed lines) and history count."""

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
    text: str
    blocks: list[Block]
    removed: list[RemovedLine]
    credits: list[str]
    warnings: list[str]
    versions: int = 0
    story_id: str | None = None
    #: Where `published` comes from (``Article.published_from``); None when undated, or stored
    #: before the store kept it.
    published_from: str | None = None

    def to_article(self) -> Article:
        """The pipeline's record (``Article.id`` is the store id as text)."""
        return Article(id=str(self.id), source=self.url or self.source, outlet=self.outlet, title=self.title,
                       text=self.text, published=self.published, published_from=self.published_from, url=self.url,
                       blocks=list(self.blocks),
                       removed=list(self.removed), credits=list(self.credits), warnings=list(self.warnings))

    def to_dict(self) -> dict:
        data = {k: getattr(self, k) for k in self.__slots__ if k not in ("blocks", "removed")}
        data["blocks"] = [asdict(b) for b in self.blocks]
        data["removed"] = [asdict(r) for r in self.removed]
        return data


@dataclass(slots=True)
class StorySummary:
    """A story as listed: label, date span, size, outlets, and the id of its latest brief."""

    id: str
    label: str
    first: str | None
    last: str | None
    size: int
    originals: int
    outlets: list[str]
    updated_at: str
    brief_id: int | None = None

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class StoryArticle:
    id: int
    title: str
    outlet: str
    published: str | None
    url: str | None
    duplicate_of: int | None
    similarity: float


@dataclass(slots=True)
class StoryDetail:
    """A story, its articles (originals and copies) and its latest brief (the JSON contract) if any."""

    story: StorySummary
    articles: list[StoryArticle]
    brief: dict | None = None
    brief_created_at: str | None = None

    def to_dict(self) -> dict:
        return {"story": self.story.to_dict(), "articles": [asdict(a) for a in self.articles],
                "brief": self.brief, "brief_created_at": self.brief_created_at}


@dataclass(slots=True)
class SearchHit:
    """One search result. `snippet` marks matches with ``[`` ``]`` for a terminal; `snippet_html`
    is HTML-escaped text with ``<mark>`` around matches, safe to put in a page as is."""

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

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


@dataclass(slots=True)
class SourceState:
    url: str
    kind: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str | None = None
    status: int | None = None
    error: str | None = None
    entries: int = 0


@dataclass(slots=True)
class Incoming:
    """An article to add, with what the store keeps besides the pipeline's record."""

    article: Article
    key: str | None = None  # default: canonical URL, else the file's path, else the content hash
    raw: bytes | None = None  # the page's bytes (HTML) or the file's text, kept compressed
    raw_kind: str = ""  # "html" or "text"
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None
    outlet_from: str = ""
    aliases: list[str] = field(default_factory=list)  # other URLs of the same page (as given, redirected)


def fts_query(text: str) -> str:
    """User text as an FTS5 query of quoted terms (all must match; ``"a phrase"`` kept as a
    phrase), so ``U.S.``, apostrophes, ``-`` or ``AND`` are searched as written, never parsed as
    syntax (datasette#651; sqlite-utils ``quote=True``). An unbalanced quote is closed."""
    if text.count('"') % 2:
        text += '"'
    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        term = (phrase if phrase else word).replace('"', " ").strip()
        if term:
            terms.append(f'"{term}"')
    return " ".join(terms)


def _snippets(raw: str) -> tuple[str, str]:
    escaped = html.escape(raw, quote=True)
    return (raw.replace(MARK_START, "[").replace(MARK_END, "]"),
            escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


class Store:
    """A synopsis store. ``Store(path)`` opens (and creates) it for writing; ``Store(path, readonly=True)``
    opens an existing one read-only. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False, timeout: float = 30.0) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self.readonly = readonly
        if readonly:
            if not self.path.is_file():
                raise StoreError(f"{self.path}: no store there yet; add articles first "
                                 f"(`synopsis add URL|FEED|FILE --store {self.path}`) or give --store")
            from urllib.parse import quote

            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            self.conn = self._connect(uri, timeout, uri=True)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise StoreError(f"{self.path.parent}: cannot create the store's folder ({err.strerror}); "
                                 "give --store PATH in a writable folder") from None
            self.conn = self._connect(str(self.path), timeout)
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError as err:
                self.conn.close()
                raise StoreError(f"{self.path}: not a synopsis store ({err}); give another --store path") from None
            self.conn.execute("PRAGMA synchronous=NORMAL")
            with self.write():
                schema.create(self.conn)
        self._check_version()

    @staticmethod
    def _connect(target: str, timeout: float, uri: bool = False) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=timeout, isolation_level=None, uri=uri, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _check_version(self) -> None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: not a synopsis store ({err}); give another --store path") from None
        if row is None or row[0] != str(schema.SCHEMA_VERSION):
            raise StoreError(f"{self.path}: store layout version {row[0] if row else 'unknown'}, this synopsis "
                             f"reads version {schema.SCHEMA_VERSION}; export it with the synopsis that wrote it, "
                             "or start a new store")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, ``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on any error)."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise StoreError(f"{self.path}: cannot write ({err}); another synopsis may be writing: "
                             "wait for it or use another --store") from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    # --- writing articles -----------------------------------------------------------------

    def add(self, incoming: Incoming | Article) -> AddOutcome:
        """Add one article in its own transaction."""
        return self.add_many([incoming])[0]

    def add_many(self, items: Iterable[Incoming | Article]) -> list[AddOutcome]:
        """Add articles in one transaction: by key, a known article is ``unchanged`` or
        ``updated`` (old text to the history); a new key whose body hash is already stored is a
        ``copy`` of that article."""
        outcomes = []
        with self.write() as conn:
            for item in items:
                outcomes.append(self._add(conn, item if isinstance(item, Incoming) else Incoming(item)))
        return outcomes

    def _add(self, conn: sqlite3.Connection, item: Incoming) -> AddOutcome:
        outcome = self._add_row(conn, item)
        for url in {outcome.key, *(canonical_url(a) for a in item.aliases if a)}:
            conn.execute("INSERT OR IGNORE INTO article_urls(url, article_id) VALUES (?, ?)", (url, outcome.id))
        return outcome

    def _add_row(self, conn: sqlite3.Connection, item: Incoming) -> AddOutcome:
        article = item.article
        digest = content_hash(article)
        key = item.key or (canonical_url(article.url) if article.url else
                           file_key(article.source) if article.source and not article.source.startswith("<")
                           else f"sha1:{digest}")
        now = utc_now()
        fetched = item.fetched_at or now
        text = article.text.translate(_MARKERS)
        title = (article.title or "").translate(_MARKERS)
        raw, raw_kind = _compressed(item)
        row = conn.execute("SELECT id, content_hash, fetched_at, title, text, removed, raw, raw_kind, duplicate_of "
                           "FROM articles WHERE key=?", (key,)).fetchone()
        removed = _removed_json(article)
        if row is not None:
            if row["content_hash"] == digest:
                conn.execute("UPDATE articles SET checked_at=?, etag=coalesce(?, etag), "
                             "last_modified=coalesce(?, last_modified) WHERE id=?",
                             (now, item.etag, item.last_modified, row["id"]))
                return AddOutcome("unchanged", row["id"], key, row["duplicate_of"])
            conn.execute("INSERT INTO article_versions(article_id, fetched_at, replaced_at, title, text, content_hash, "
                         "removed, raw, raw_kind) VALUES (?,?,?,?,?,?,?,?,?)",
                         (row["id"], row["fetched_at"], now, row["title"], row["text"], row["content_hash"],
                          row["removed"], row["raw"], row["raw_kind"]))
            conn.execute(
                "UPDATE articles SET source=?, outlet=?, outlet_from=?, title=?, published=coalesce(?, published), "
                "published_from=CASE WHEN ? IS NULL THEN published_from ELSE ? END, "
                "fetched_at=?, checked_at=?, etag=?, last_modified=?, content_hash=?, text=?, blocks=?, removed=?, "
                "credits=?, warnings=?, raw=?, raw_kind=? WHERE id=?",
                (article.source, article.outlet, item.outlet_from, title, article.published, article.published,
                 article.published_from, fetched, now,
                 item.etag, item.last_modified, digest, text, _blocks_json(article), removed,
                 json.dumps(article.credits, ensure_ascii=False), json.dumps(article.warnings, ensure_ascii=False),
                 raw, raw_kind, row["id"]))
            return AddOutcome("updated", row["id"], key, row["duplicate_of"])
        original = conn.execute("SELECT id FROM articles WHERE content_hash=? AND duplicate_of IS NULL "
                                "ORDER BY id LIMIT 1", (digest,)).fetchone()
        duplicate_of = original["id"] if original else None
        cursor = conn.execute(
            "INSERT INTO articles(key, url, source, outlet, outlet_from, title, published, published_from, fetched_at, "
            "checked_at, etag, last_modified, content_hash, duplicate_of, text, blocks, removed, credits, warnings, raw, "
            "raw_kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, article.url, article.source, article.outlet, item.outlet_from, title, article.published,
             article.published_from if article.published else None, fetched,
             now, item.etag, item.last_modified, digest, duplicate_of, text, _blocks_json(article), removed,
             json.dumps(article.credits, ensure_ascii=False), json.dumps(article.warnings, ensure_ascii=False),
             raw, raw_kind))
        return AddOutcome("copy" if duplicate_of else "new", cursor.lastrowid, key, duplicate_of)

    def mark_checked(self, article_id: int, *, etag: str | None = None, last_modified: str | None = None) -> None:
        """Record that a stored page was checked and had not changed (an HTTP 304)."""
        with self.write() as conn:
            conn.execute("UPDATE articles SET checked_at=?, etag=coalesce(?, etag), "
                         "last_modified=coalesce(?, last_modified) WHERE id=?",
                         (utc_now(), etag, last_modified, int(article_id)))

    # --- sources (feeds and sitemaps) ------------------------------------------------------

    def source(self, url: str) -> SourceState | None:
        row = self.conn.execute("SELECT url, kind, etag, last_modified, checked_at, status, error, entries "
                                "FROM sources WHERE url=?", (url,)).fetchone()
        return SourceState(**dict(row)) if row else None

    def save_source(self, state: SourceState) -> None:
        with self.write() as conn:
            conn.execute(
                "INSERT INTO sources(url, kind, etag, last_modified, checked_at, status, error, entries) "
                "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(url) DO UPDATE SET kind=excluded.kind, etag=excluded.etag, "
                "last_modified=excluded.last_modified, checked_at=excluded.checked_at, status=excluded.status, "
                "error=excluded.error, entries=excluded.entries",
                (state.url, state.kind, state.etag, state.last_modified, state.checked_at or utc_now(),
                 state.status, state.error, state.entries))

    # --- outlets (the user's outlets file: type and lean) -------------------------------------

    def save_outlet_profiles(self, profiles: dict) -> None:
        """Keep each outlet's type and lean (``{name: OutletProfile}``, from the outlets file
        given to ``synopsis add``); an outlet given again is updated."""
        rows = [(name, p.type, p.lean, utc_now()) for name, p in profiles.items() if p.type or p.lean]
        if not rows:
            return
        with self.write() as conn:
            conn.executemany("INSERT INTO outlets(name, type, lean, updated_at) VALUES (?,?,?,?) ON CONFLICT(name) "
                             "DO UPDATE SET type=excluded.type, lean=excluded.lean, updated_at=excluded.updated_at",
                             rows)

    def outlet_profiles(self) -> dict:
        """``{outlet name: OutletProfile(type, lean)}`` as kept by :meth:`save_outlet_profiles`."""
        from ..records import OutletProfile

        try:
            rows = self.conn.execute("SELECT name, type, lean FROM outlets ORDER BY name").fetchall()
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):  # a store opened read-only, made before the table
                return {}
            raise
        return {r["name"]: OutletProfile(r["type"], r["lean"]) for r in rows}

    # --- stories and briefs ----------------------------------------------------------------

    def grouper_state(self) -> dict | None:
        row = self.conn.execute("SELECT state FROM grouper_state WHERE id=1").fetchone()
        return json.loads(row[0]) if row else None

    def save_grouping(self, result, state: dict) -> None:
        """Stories and assignments of a grouping run (:class:`synopsis.stories.GroupingResult`,
        article ids are store ids) and the grouper's state, in one transaction."""
        now = utc_now()
        with self.write() as conn:
            conn.execute("INSERT INTO grouper_state(id, state, updated_at) VALUES (1, ?, ?) "
                         "ON CONFLICT(id) DO UPDATE SET state=excluded.state, updated_at=excluded.updated_at",
                         (json.dumps(state, ensure_ascii=False, separators=(",", ":")), now))
            for story in result.stories:
                conn.execute(
                    "INSERT INTO stories(id, label, first, last, size, originals, outlets, updated_at) "
                    "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET label=excluded.label, first=excluded.first, "
                    "last=excluded.last, size=excluded.size, originals=excluded.originals, outlets=excluded.outlets, "
                    "updated_at=excluded.updated_at",
                    (story.id, story.label, story.first, story.last, story.size, len(story.originals),
                     json.dumps(story.outlets, ensure_ascii=False), now))
                for member in story.members:
                    if not member.id.isdigit():
                        continue
                    conn.execute(
                        "INSERT INTO story_articles(article_id, story_id, duplicate_of, similarity, assigned_at) "
                        "VALUES (?,?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET story_id=excluded.story_id, "
                        "duplicate_of=excluded.duplicate_of, similarity=excluded.similarity",
                        (int(member.id), story.id, int(member.duplicate_of) if member.duplicate_of else None,
                         float(member.similarity), now))
            # Stories merged into others during the run keep no member: drop them.
            conn.execute("DELETE FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles) "
                         "AND id NOT IN (SELECT story_id FROM briefs WHERE story_id IS NOT NULL)")

    def save_brief(self, brief: dict, articles: Sequence[Article], *, story_id: str | None = None,
                   query: str | None = None, options: dict | None = None) -> int:
        """Keep a brief (``brief_to_dict``) with the articles (store id and body hash) and versions that made it."""
        from .. import __version__

        used = [[int(a.id) if a.id.isdigit() else a.id, content_hash(a)] for a in articles]
        with self.write() as conn:
            cur = conn.execute(
                "INSERT INTO briefs(story_id, query, articles, brief, schema_version, synopsis_version, options, created_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (story_id, query, json.dumps(used), json.dumps(brief, ensure_ascii=False),
                 str(brief.get("schema_version", "")), __version__, json.dumps(options or {}, ensure_ascii=False),
                 utc_now()))
            return cur.lastrowid

    # --- what briefs computed: sentence vectors and parses (the briefs' cache) ---------------

    def sentence_vectors(self, encoder: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors kept for these sentence texts by the encoder named `encoder` (a
        ``SentenceEncoder.cache_key``): text -> float32 vector, for the texts found."""
        import numpy as np

        by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
        hashes = list(by_hash)
        found: dict[str, np.ndarray] = {}
        try:
            for start in range(0, len(hashes), _SQL_CHUNK):
                chunk = hashes[start:start + _SQL_CHUNK]
                rows = self.conn.execute(
                    f"SELECT sentence, vector FROM sentence_vectors WHERE encoder=? AND sentence IN "
                    f"({','.join('?' * len(chunk))})", (encoder, *chunk)).fetchall()
                for sentence, vector in rows:
                    found[by_hash[bytes(sentence)]] = np.frombuffer(vector, dtype="<f4").astype(np.float32)
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):  # a store opened read-only, made before the table
                return {}
            raise
        return found

    def save_sentence_vectors(self, encoder: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep the vectors (one row per text, as :meth:`sentence_vectors` gives them back) in
        one write transaction; a sentence already kept by this encoder is left as it is, so
        concurrent writers of the same sentences agree."""
        import numpy as np

        rows = [(encoder, text_hash(t), np.asarray(v, dtype="<f4").tobytes()) for t, v in zip(texts, vectors)]
        if not rows:
            return
        try:
            with self.write() as conn:
                conn.executemany("INSERT OR IGNORE INTO sentence_vectors(encoder, sentence, vector) VALUES (?,?,?)",
                                 rows)
        except sqlite3.Error as err:  # a read-only file, a full disk
            raise StoreError(f"{self.path}: cannot keep sentence vectors ({err})") from None

    def parses(self, pipeline: str, texts: Sequence[str]) -> dict[str, bytes]:
        """Parses kept for these article texts by the spaCy pipeline named `pipeline`
        (``models.parse_cache_key()``): text -> the Doc's bytes, for the texts found."""
        by_hash = {text_hash(t): t for t in dict.fromkeys(texts)}
        hashes = list(by_hash)
        found: dict[str, bytes] = {}
        try:
            for start in range(0, len(hashes), _SQL_CHUNK):
                chunk = hashes[start:start + _SQL_CHUNK]
                rows = self.conn.execute(
                    f"SELECT text, doc FROM parses WHERE pipeline=? AND text IN ({','.join('?' * len(chunk))})",
                    (pipeline, *chunk)).fetchall()
                for key, doc in rows:
                    found[by_hash[bytes(key)]] = zlib.decompress(doc)
        except sqlite3.OperationalError as err:
            if "no such table" in str(err):  # a store opened read-only, made before the table
                return {}
            raise
        return found

    def save_parses(self, pipeline: str, texts: Sequence[str], docs: Sequence[bytes]) -> None:
        """Keep the parses (a Doc's bytes per text) in one write transaction, as :meth:`save_sentence_vectors`."""
        rows = [(pipeline, text_hash(t), zlib.compress(d, 1)) for t, d in zip(texts, docs)]
        if not rows:
            return
        try:
            with self.write() as conn:
                conn.executemany("INSERT OR IGNORE INTO parses(pipeline, text, doc) VALUES (?,?,?)", rows)
        except sqlite3.Error as err:  # a read-only file, a full disk
            raise StoreError(f"{self.path}: cannot keep parses ({err})") from None

    # --- reading -----------------------------------------------------------------------------

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def known(self, url: str) -> tuple[int, str | None, str | None] | None:
        """(id, ETag, Last-Modified) of the stored page reached by this URL (or key), or None."""
        key = url if url.startswith(("file:", "sha1:")) else canonical_url(url)
        row = self.conn.execute("SELECT a.id, a.etag, a.last_modified FROM article_urls u JOIN articles a "
                                "ON a.id=u.article_id WHERE u.url=?", (key,)).fetchone()
        if row is None:
            row = self.conn.execute("SELECT id, etag, last_modified FROM articles WHERE key=?", (key,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def get_article(self, article_id: int) -> StoredArticle | None:
        row = self.conn.execute(
            "SELECT a.*, (SELECT count(*) FROM article_versions v WHERE v.article_id=a.id) AS versions, "
            "s.story_id AS story_id FROM articles a LEFT JOIN story_articles s ON s.article_id=a.id WHERE a.id=?",
            (int(article_id),)).fetchone()
        return _stored(row) if row else None

    def articles(self, ids: Iterable[int]) -> list[Article]:
        """Pipeline records of these stored articles, in the order given (unknown ids left out)."""
        out = []
        for article_id in ids:
            stored = self.get_article(int(article_id))
            if stored is not None:
                out.append(stored.to_article())
        return out

    def iter_articles(self, *, after_id: int = 0, unassigned: bool = False, batch: int = 500) -> Iterator[StoredArticle]:
        """Every stored article by id (only those in no story when `unassigned`), read in batches."""
        last = after_id
        extra = "AND a.id NOT IN (SELECT article_id FROM story_articles)" if unassigned else ""
        while True:
            rows = self.conn.execute(
                "SELECT a.*, 0 AS versions, s.story_id AS story_id FROM articles a "
                f"LEFT JOIN story_articles s ON s.article_id=a.id WHERE a.id>? {extra} ORDER BY a.id LIMIT ?",
                (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = rows[-1]["id"]

    def versions(self, article_id: int) -> list[dict]:
        """Earlier texts of an article, oldest first."""
        rows = self.conn.execute("SELECT fetched_at, replaced_at, title, text, content_hash FROM article_versions "
                                 "WHERE article_id=? ORDER BY id", (int(article_id),)).fetchall()
        return [dict(r) for r in rows]

    def raw(self, article_id: int) -> tuple[bytes, str] | None:
        """The page's bytes (or a text file's text) as fetched, and its kind."""
        row = self.conn.execute("SELECT raw, raw_kind FROM articles WHERE id=?", (int(article_id),)).fetchone()
        if row is None or row["raw"] is None:
            return None
        return zlib.decompress(row["raw"]), row["raw_kind"]

    def list_stories(self, *, search: str | None = None, outlet: str | None = None, since: str | None = None,
                     until: str | None = None, min_size: int = 1, limit: int = 50, offset: int = 0,
                     outlets: Sequence[str] | None = None, order: str = "latest") -> list[StorySummary]:
        """Stories by latest date then size (``order="largest"``: by size, then latest). `search`:
        only stories with an article matching the words (quoted as in :meth:`search`); `outlet`:
        with an article from it; `outlets`: from any of them (an empty list matches none);
        `since`/`until`: ISO dates the story's span overlaps."""
        if order not in ("latest", "largest"):
            raise ValueError(f"order {order!r}: use 'latest' or 'largest'")
        where, params = ["s.size >= ?"], [min_size]
        if outlets is not None:
            names = list(dict.fromkeys(outlets))
            if not names:
                return []
            where.append("EXISTS (SELECT 1 FROM story_articles m JOIN articles a ON a.id=m.article_id "
                         f"WHERE m.story_id=s.id AND a.outlet IN ({','.join('?' * len(names))}))")
            params.extend(names)
        if since:
            where.append("coalesce(s.last, s.first) >= ?")
            params.append(since)
        if until:
            where.append("coalesce(s.first, s.last) <= ?")
            params.append(until + "\uffff")
        if outlet:
            where.append("EXISTS (SELECT 1 FROM story_articles m JOIN articles a ON a.id=m.article_id "
                         "WHERE m.story_id=s.id AND a.outlet=?)")
            params.append(outlet)
        if search:
            query = fts_query(search)
            if not query:
                return []
            where.append("s.id IN (SELECT m.story_id FROM articles_fts f JOIN story_articles m ON m.article_id=f.rowid "
                         "WHERE articles_fts MATCH ?)")
            params.append(query)
        rows = self.conn.execute(
            "SELECT s.*, (SELECT max(b.id) FROM briefs b WHERE b.story_id=s.id) AS brief_id FROM stories s "
            f"WHERE {' AND '.join(where)} ORDER BY {_STORY_ORDER[order]} LIMIT ? OFFSET ?",
            (*params, int(limit), int(offset))).fetchall()
        return [_story(r) for r in rows]

    def outlets(self) -> list[tuple[str, int]]:
        """Every outlet with its number of stored originals (copies left out), most first."""
        rows = self.conn.execute("SELECT outlet, count(*) AS n FROM articles WHERE duplicate_of IS NULL "
                                 "GROUP BY outlet ORDER BY n DESC, outlet").fetchall()
        return [(r["outlet"], r["n"]) for r in rows]

    def get_story(self, story_id: str, *, with_brief: bool = True) -> StoryDetail | None:
        """A story, its articles and (unless not `with_brief`) its latest brief, parsed."""
        row = self.conn.execute("SELECT s.*, (SELECT max(b.id) FROM briefs b WHERE b.story_id=s.id) AS brief_id "
                                "FROM stories s WHERE s.id=?", (story_id,)).fetchone()
        if row is None:
            return None
        members = self.conn.execute(
            "SELECT a.id, a.title, a.outlet, a.published, a.url, m.duplicate_of, m.similarity FROM story_articles m "
            "JOIN articles a ON a.id=m.article_id WHERE m.story_id=? ORDER BY coalesce(a.published, '~'), a.id",
            (story_id,)).fetchall()
        detail = StoryDetail(_story(row), [StoryArticle(**dict(m)) for m in members])
        brief = self.latest_brief_json(story_id) if with_brief else None
        if brief:
            detail.brief, detail.brief_created_at = json.loads(brief[0]), brief[1]
        return detail

    def latest_brief_json(self, story_id: str) -> tuple[str, str] | None:
        """(JSON text, created at) of the story's latest brief, unparsed (to serve as is, or to
        parse another way), or None."""
        row = self.conn.execute("SELECT brief, created_at FROM briefs WHERE story_id=? ORDER BY id DESC LIMIT 1",
                                (story_id,)).fetchone()
        return (row["brief"], row["created_at"]) if row else None

    def story_article_ids(self, story_id: str, *, originals_only: bool = True) -> list[int]:
        extra = "AND duplicate_of IS NULL" if originals_only else ""
        rows = self.conn.execute(f"SELECT article_id FROM story_articles WHERE story_id=? {extra} ORDER BY article_id",
                                 (story_id,)).fetchall()
        return [r[0] for r in rows]

    def search(self, query: str, *, raw: bool = False, limit: int = 20, offset: int = 0,
               copies: bool = False) -> list[SearchHit]:
        """Full-text search, best first (BM25, the title weighted 5x). The user's text is
        quoted (:func:`fts_query`) unless `raw`, which takes FTS5 syntax (``NEAR``, ``title:``,
        ``crack*``, ``OR``); a syntax error raises :class:`InputError`. Copies of an article
        (same body under another URL) are left out unless `copies`. When more than
        ``RANK_WINDOW`` articles match, the best among the most recently added ``RANK_WINDOW``
        are returned (a word found in most of the library ranks recent articles first)."""
        match = query if raw else fts_query(query)
        if not match.strip():
            return []
        extra = "" if copies else "AND a.duplicate_of IS NULL"
        try:
            # BM25 is computed for every match it ranks; a word found in most of a large library
            # would cost a score per article (0.5-0.7 s at 100,000). So the index is walked in
            # rowid order, newest first, scoring at most RANK_WINDOW matches (FTS5 serves
            # ORDER BY rowid DESC without sorting, and LIMIT stops the walk); the best of those
            # are kept. Fewer matches than the window: all are ranked.
            scored = self.conn.execute(
                "SELECT f.rowid AS id, bm25(articles_fts, 5.0, 1.0) AS score FROM articles_fts f "
                f"JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH ? {extra} "
                "ORDER BY f.rowid DESC LIMIT ?", (match, RANK_WINDOW)).fetchall()
        except sqlite3.OperationalError as err:
            if raw:
                raise InputError(f"search {query!r}: not valid FTS5 syntax ({err}); leave out --raw to search "
                                 "the words as typed") from None
            raise
        page = sorted(scored, key=lambda r: (r[1], -r[0]))[int(offset):int(offset) + int(limit)]
        rows = []
        for article_id, score in page:  # snippets only for the page shown
            row = self.conn.execute(
                "SELECT a.id, a.title, a.outlet, a.published, a.url, a.duplicate_of, m.story_id, ? AS score, "
                "snippet(articles_fts, 1, char(2), char(3), '…', 16) AS snip FROM articles_fts "
                "JOIN articles a ON a.id = articles_fts.rowid LEFT JOIN story_articles m ON m.article_id = a.id "
                "WHERE articles_fts MATCH ? AND articles_fts.rowid = ?", (score, match, article_id)).fetchone()
            if row is not None:
                rows.append(row)
        hits = []
        for r in rows:
            plain, marked = _snippets(r["snip"] or "")
            hits.append(SearchHit(r["id"], r["title"], r["outlet"], r["published"], r["url"], r["story_id"],
                                  r["duplicate_of"], float(r["score"]), plain, marked))
        return hits

    def integrity(self) -> list[str]:
        """Problems found by SQLite's ``integrity_check`` and the FTS index's own check (empty: none)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall() if r[0] != "ok"]
        if not self.readonly:
            try:
                self.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
            except sqlite3.DatabaseError as err:
                problems.append(f"full-text index: {err}")
        return problems


def _compressed(item: Incoming) -> tuple[bytes | None, str]:
    """The raw bytes zlib-compressed (a worker may have compressed them already: kind ``"html+zlib"``)."""
    if item.raw is None:
        return None, item.raw_kind
    if item.raw_kind.endswith("+zlib"):
        return item.raw, item.raw_kind[:-5]
    return zlib.compress(item.raw, RAW_ZLIB_LEVEL), item.raw_kind


def _removed_json(article: Article) -> str:
    """The audit as JSON, as ``[asdict(r) for r in removed]`` gives it (written out: asdict
    recurses and copies, a tenth of a millisecond per article on an import)."""
    return json.dumps([{"line": r.line, "text": r.text, "reason": r.reason} for r in article.removed],
                      ensure_ascii=False)


def _blocks_json(article: Article) -> str:
    return json.dumps([[b.kind, b.start, b.end, b.line] for b in article.blocks])


def _stored(row: sqlite3.Row) -> StoredArticle:
    return StoredArticle(
        id=row["id"], key=row["key"], url=row["url"], source=row["source"], outlet=row["outlet"],
        outlet_from=row["outlet_from"], title=row["title"], published=row["published"], fetched_at=row["fetched_at"],
        checked_at=row["checked_at"], content_hash=row["content_hash"], duplicate_of=row["duplicate_of"],
        text=row["text"], blocks=[Block(*b) for b in json.loads(row["blocks"])],
        removed=[RemovedLine(**r) for r in json.loads(row["removed"])], credits=json.loads(row["credits"]),
        warnings=json.loads(row["warnings"]), versions=row["versions"], story_id=row["story_id"],
        published_from=row["published_from"] if "published_from" in row.keys() else None)


def _story(row: sqlite3.Row) -> StorySummary:
    return StorySummary(row["id"], row["label"], row["first"], row["last"], row["size"], row["originals"],
                        json.loads(row["outlets"]), row["updated_at"], row["brief_id"])
