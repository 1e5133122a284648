"""Read access for the request handlers: read-only connections, one per thread, and a cache of
finished responses that is dropped whenever the store changes.

Every GET handler reads through :class:`Reader`: ``Store(path, readonly=True)`` (SQLite
``mode=ro``), so no page can write, whatever it is asked. sqlite3 connections are not shared
between threads; handlers that read run on the thread pool, so each thread opens its own.

:meth:`Reader.version` is cheap enough to ask on every request: the size and modification
time of the database file and of its write-ahead log, which change with every commit by any
process (``synopsis add`` or ``collect`` writing while the app is open). Responses are cached
under it (:func:`cached`): a page or a JSON answer is built once per store version, kept
gzip-compressed (a story page of 250 KB keeps as about 30 KB), sent compressed to clients that
accept gzip, with an ``ETag`` so that a repeated visit costs a 304. A store that nothing writes
is served from memory; one that changes is never served stale. datasette does the same for
``immutable`` databases; measured in benchmarks/bench_web.py.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from ..store import Store

#: Bodies smaller than this are kept as they are; larger ones gzip-compressed.
COMPRESS_FROM = 1024
#: gzip level: 5 keeps a story page to about 12% of its size in about 2 ms.
GZIP_LEVEL = 5


@dataclass(slots=True)
class Cached:
    """A finished 200 response: its body (gzip-compressed when `gzipped`), type, ETag."""

    body: bytes
    gzipped: bool
    media_type: str
    etag: str
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, response: Response) -> Cached:
        raw = bytes(response.body)
        etag = '"' + hashlib.blake2s(raw, digest_size=12).hexdigest() + '"'
        extra = tuple((k, v) for k, v in response.headers.items()
                      if k.lower() not in ("content-length", "content-type", "etag"))
        if len(raw) >= COMPRESS_FROM:
            return cls(gzip.compress(raw, GZIP_LEVEL, mtime=0), True, response.media_type or "", etag, extra)
        return cls(raw, False, response.media_type or "", etag, extra)

    def respond(self, request_headers) -> Response:
        headers = {**dict(self.headers), "ETag": self.etag, "Cache-Control": "no-cache", "Vary": "Accept-Encoding"}
        if request_headers.get("if-none-match") == self.etag:
            return Response(status_code=304, headers=headers)
        if self.gzipped:
            if "gzip" in request_headers.get("accept-encoding", ""):
                headers["Content-Encoding"] = "gzip"
                return Response(self.body, media_type=self.media_type, headers=headers)
            return Response(gzip.decompress(self.body), media_type=self.media_type, headers=headers)
        return Response(self.body, media_type=self.media_type, headers=headers)


class Reader:
    """Read-only stores for the current thread, the store's version, and the response cache."""

    def __init__(self, path: str | Path, *, cache_bytes: int = 128 * 2**20) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, object] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._cache_bytes = cache_bytes
        self._used = 0

    def store(self) -> Store:
        """This thread's read-only store (opened on first use)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path, readonly=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def version(self) -> tuple:
        """Changes with every commit to the store (file and WAL size and mtime)."""
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(f"{self.path}{suffix}")
                out += [st.st_size, st.st_mtime_ns]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

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
            self._cache.clear()
            self._sizes.clear()
            self._used = 0


async def cached(request, key: tuple, build) -> Response:
    """The response `build()` makes (on the thread pool: it reads the store), built once per store
    version. A hit is answered on the event loop without touching the store. Only 200s are kept;
    an ``HTTPException`` raised by `build` passes through."""
    reader: Reader = request.app.state.reader
    entry = reader.get(("response", *key))
    if entry is None:
        response = await run_in_threadpool(build)
        if response.status_code != 200:
            return response
        entry = await run_in_threadpool(Cached.of, response)
        reader.put(("response", *key), entry, len(entry.body) + 200)
    return entry.respond(request.headers)
