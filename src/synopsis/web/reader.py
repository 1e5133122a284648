"""Read access for the request handlers: read-only connections, one per thread, and a cache of
rendered responses that is dropped whenever the store changes.

Every GET handler reads through :class:`Reader`: ``Store(path, readonly=True)`` (SQLite
``mode=ro``), so no page can write, whatever it is asked. sqlite3 connections are not shared
between threads; FastAPI runs handlers on a thread pool, so each thread opens its own (reused).

:meth:`Reader.version` is cheap enough to ask on every request: the size and modification
time of the database file and of its write-ahead log, which change with every commit by any
process (``synopsis add`` or ``collect`` writing while the app is open). Cached responses are
keyed by it, so a page is never served stale, and a store that nothing writes is served from
memory (datasette does the same with ``immutable`` databases and cache headers).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from ..store import Store


class Reader:
    """Read-only stores for the current thread, the store's version, and a response cache."""

    def __init__(self, path: str | Path, *, cache_size: int = 512) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        self._cache: OrderedDict = OrderedDict()
        self._cache_size = cache_size

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

    def cached(self, key: tuple, build):
        """The value built for `key` at the store's current version (built and kept if new)."""
        full = (key, self.version())
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = build()
        with self._lock:
            self._cache[full] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
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
