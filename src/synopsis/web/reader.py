"""Read access for the request handlers: read-only connections, one per thread, and a cache of
finished responses that is dropped whenever the store changes.

Every GET handler reads through :class:`Reader`: ``Store(path, readonly=True)`` (SQLite
``mode=ro``), so no page can write, whatever it is asked. sqlite3 connections are not shared
between threads; handlers that read run on the thread pool, so each thread opens its own.

:meth:`Reader.version` is cheap enough to ask on every request: SQLite's ``data_version``,
which changes with every commit by any other connection or process (``synopsis add`` or
``collect`` writing while the app is open). Responses are cached
under it (:class:`ResponseCache`): a page or a JSON answer is built once per store version, kept
gzip-compressed (a story page of 250 KB keeps as about 30 KB), sent compressed to clients that
accept gzip, with an ``ETag`` so that a repeated visit costs a 304. A store that nothing writes
is served from memory; one that changes is never served stale. datasette does the same for
``immutable`` databases; measured in benchmarks/bench_web.py.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..store import Store

#: Bodies smaller than this are kept as they are; larger ones gzip-compressed.
COMPRESS_FROM = 1024
#: gzip level 1: a story page keeps to about a fifth of its size in 0.5 ms (level 5: a sixth, in twice the time).
GZIP_LEVEL = 1


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2s(body, digest_size=12).hexdigest() + '"'


@dataclass(slots=True)
class Cached:
    """A finished 200 response: its body (gzip-compressed when `gzipped`), headers, ETag."""

    body: bytes
    gzipped: bool
    etag: str
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, body: bytes, headers: list[tuple[bytes, bytes]]) -> Cached:
        etag = etag_of(body)
        kept = tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in headers
                     if k.lower() not in (b"content-length", b"etag", b"cache-control", b"vary"))
        if len(body) >= COMPRESS_FROM:
            return cls(gzip.compress(body, GZIP_LEVEL, mtime=0), True, etag, kept)
        return cls(body, False, etag, kept)

    def respond(self, request_headers: dict) -> Response:
        headers = {**dict(self.headers), "ETag": self.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
        if request_headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers={k: v for k, v in headers.items() if k.lower() != "content-type"})
        if self.gzipped:
            if "gzip" in request_headers.get("accept-encoding", ""):
                headers["Content-Encoding"] = "gzip"
                return Response(self.body, headers=headers)
            return Response(gzip.decompress(self.body), headers=headers)
        return Response(self.body, headers=headers)


class Reader:
    """Read-only stores for the current thread, the store's version, and the response cache."""

    def __init__(self, path: str | Path, *, cache_bytes: int = 256 * 2**20) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._cache_bytes = cache_bytes
        self._used = 0
        self._version_conn: Store | None = None
        self._version_lock = threading.Lock()

    def store(self) -> Store:
        """This thread's read-only store (opened on first use)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path, readonly=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def version(self) -> int:
        """Changes with every commit to the store by any other connection, in this process or
        another (SQLite's ``PRAGMA data_version``, read from the WAL index in shared memory: no
        system call; a ``stat()`` of the files cost 0.4 ms under load here)."""
        with self._version_lock:
            if self._version_conn is None:
                self._version_conn = Store(self.path, readonly=True)
            return self._version_conn.conn.execute("PRAGMA data_version").fetchone()[0]

    def get(self, key: tuple):
        """What was kept for `key` at the store's current version, or None."""
        full = (key, self.version())
        with self._lock:
            value = self._cache.get(full)
            if value is not None:
                self._cache.move_to_end(full)
            return value

    def put(self, key: tuple, value, size: int = 256) -> None:
        """Keep `value` for `key` at the current version; the oldest go beyond the byte budget."""
        full = (key, self.version())
        with self._lock:
            if full in self._cache:
                return
            self._cache[full] = value
            self._sizes[full] = size
            self._used += size
            while self._used > self._cache_bytes and len(self._cache) > 1:
                old, _ = self._cache.popitem(last=False)
                self._used -= self._sizes.pop(old)

    def cached(self, key: tuple, build):
        """A small value (a list of outlets, a count) built once per store version."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                try:
                    store.close()
                except Exception:  # a connection of a finished thread: nothing to do
                    pass
            self._opened.clear()
            if self._version_conn is not None:
                self._version_conn.close()
                self._version_conn = None
            self._cache.clear()
            self._sizes.clear()
            self._used = 0


#: Paths whose GET responses are cached (the pages and the API's reads; not the add page, its
#: jobs, or the static files, which StaticFiles answers with its own ETags).
CACHED_PREFIXES = ("/stories/", "/articles/", "/api/stories", "/api/articles/", "/api/search")


def cacheable(path: str) -> bool:
    return path == "/" or path.startswith(CACHED_PREFIXES)


class ResponseCache:
    """ASGI middleware in front of the app: a GET of a cacheable path is answered from the cache
    when the store has not changed since the response was built, without routing, parameter
    parsing or a thread (those cost about 1 ms a request under uvicorn here, most of a hit's
    time); otherwise the app answers, and a 200 is kept. The key is the path, the query and the
    htmx headers that select a fragment; the value a :class:`Cached` response."""

    def __init__(self, app, reader: Reader) -> None:
        self.app, self.reader = app, reader

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not cacheable(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
        key = ("response", scope["path"], scope.get("query_string", b""), headers.get("hx-request", ""),
               headers.get("hx-target", ""))
        entry = self.reader.get(key)
        if entry is None:
            start, chunks = {}, []

            async def capture(message):
                if message["type"] == "http.response.start":
                    start.update(message)
                elif message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))

            await self.app(scope, receive, capture)
            status = start.get("status", 500)
            raw_headers = start.get("headers", [])
            names = {k.lower() for k, _ in raw_headers}
            body = b"".join(chunks)
            if status != 200 or b"set-cookie" in names or b"content-encoding" in names:
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            entry = await run_in_threadpool(Cached.of, body, raw_headers)
            self.reader.put(key, entry, len(entry.body) + 200)
        await entry.respond(headers)(scope, receive, send)
