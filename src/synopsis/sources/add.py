"""``synopsis add``: put articles into the store from links, feeds, sitemaps, files and WARCs.

Each input is one of:

- an **http(s) URL**, fetched once (:mod:`synopsis.sources.fetch`) and told apart by its body:
  an RSS/Atom feed (:mod:`~synopsis.sources.feeds`) or a sitemap / news sitemap
  (:mod:`~synopsis.sources.sitemaps`; an index's sub-sitemaps are fetched too, at most
  ``MAX_SITEMAPS``) yields article links; anything else is an article page. Links already in
  the store are not fetched again ("known"); a page given directly is re-checked with a
  conditional GET (a 304 is "not modified");
- a **WARC** file (``.warc``, ``.warc.gz``), imported offline (:mod:`~synopsis.sources.warc`),
  extraction spread over worker processes;
- any other **file or folder**, read as ``synopsis brief`` reads it.

Every page, fetched or archived, goes through :func:`synopsis.ingest.html_document` (charset,
page rules, trafilatura) and :func:`synopsis.clean.clean_document`: the same path as an HTML
file. Nothing is dropped silently: each input or page that could not be used is listed in
:attr:`AddReport.failed` with the reason.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import SkipInput
from ..files import is_url  # noqa: F401  (sources.add.is_url as before)
from ..store import Incoming, SourceState, Store
from ..store.keys import page_key
from .feeds import Discovered, looks_like_feed, parse_feed
from .fetch import Fetcher, FetchResult, FetchSettings, host_key
from .outlets import OutletBook
from .sitemaps import looks_like_sitemap, parse_sitemap
from .warc import WarcCounts, is_warc, iter_warc

#: Sub-sitemaps fetched for one sitemap input (news sites list thousands of archive sitemaps).
MAX_SITEMAPS = 50
#: Links fetched at once before their pages are extracted and stored.
PAGE_CHUNK = 64
#: Articles written per transaction when importing a WARC.
WARC_BATCH = 64
#: Pages sent to a worker at a time.
WARC_CHUNK = 8
#: Pages of a WARC read ahead of the extraction workers.
WARC_WINDOW = 256
HTML_TYPES = ("text/html", "application/xhtml+xml")
Report = Callable[[str], None]


@dataclass(slots=True)
class AddReport:
    """What an add did. `articles` are the store ids of every article the inputs resolved to
    (new, copies, updated, unchanged, not modified), in input order, once each."""

    new: int = 0
    copies: int = 0
    updated: int = 0
    unchanged: int = 0
    not_modified: int = 0
    known: int = 0  # links from feeds/sitemaps already stored: not fetched
    fetched: int = 0
    sources: int = 0  # feeds and sitemaps read
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)

    def count(self, status: str, article_id: int) -> None:
        attr = {"new": "new", "copy": "copies", "updated": "updated", "unchanged": "unchanged"}[status]
        setattr(self, attr, getattr(self, attr) + 1)
        if article_id not in self.articles:
            self.articles.append(article_id)

    def summary(self) -> str:
        parts = [f"{self.new} new", f"{self.copies} copies", f"{self.updated} updated",
                 f"{self.unchanged + self.not_modified} unchanged", f"{self.known} known links not fetched"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def add_inputs(store: Store, inputs: Sequence[str], settings: FetchSettings | None = None, *,
               outlets: OutletBook | None = None, refetch: bool = False, max_bytes: int | None = None,
               workers: int | None = None, report: Report | None = None) -> AddReport:
    """Add every input to `store`; see the module docstring. Never raises for a bad input."""
    settings = settings or FetchSettings()
    if max_bytes is not None:
        settings.max_bytes = max_bytes
    outlets = outlets or OutletBook()
    result = AddReport()
    if outlets.profiles:  # types and leans, for the reading room's filters and the briefs of stored stories
        store.save_outlet_profiles(outlets.profiles)
    urls, files, warcs = [], [], []
    for item in inputs:
        item = str(item)
        if is_url(item):
            urls.append(item)
        elif item == "-" or Path(item).exists():
            (warcs if Path(item).is_file() and is_warc(item) else files).append(item)
        else:
            result.failed.append((item, "not a file, a folder or an http(s) URL: check the path or the address"))
    if files:
        _add_files(store, files, outlets, settings.max_bytes, result)
    for path in warcs:
        import_warc(store, path, outlets=outlets, max_bytes=settings.max_bytes, workers=workers, result=result,
                    report=report)
    if urls:
        asyncio.run(_add_urls(store, urls, settings, outlets, refetch, result, report))
    return result


# --- files ------------------------------------------------------------------------------------

def _add_files(store: Store, files: list[str], outlets: OutletBook, max_bytes: int, result: AddReport) -> None:
    from ..core import load_articles
    from ..options import Options

    try:
        loaded = load_articles(files, Options(outlets=outlets.names, max_bytes=max_bytes))
    except SkipInput as err:
        result.failed.append((", ".join(files), str(err)))
        return
    except Exception as err:  # InputError and friends: one line, the rest goes on
        from ..errors import SynopsisError

        if not isinstance(err, SynopsisError):
            raise
        result.failed.append((", ".join(files), str(err)))
        return
    result.failed += [(s.source, s.reason) for s in loaded.skipped]
    items = [Incoming(a, raw=(a.raw_text or a.text).encode("utf-8"), raw_kind="text",
                      outlet_from=_origin(a, outlets)) for a in loaded.articles]
    for outcome in store.add_many(items):
        result.count(outcome.status, outcome.id)


def _origin(article, outlets: OutletBook) -> str:
    from .outlets import outlet_origin

    return outlet_origin(article, outlets.names)


# --- pages --------------------------------------------------------------------------------------

def page_incoming(body: bytes, *, url: str, final_url: str | None = None, content_type: str | None = None,
                  outlets: OutletBook | None = None, hint: Discovered | None = None, etag: str | None = None,
                  last_modified: str | None = None, fetched_at: str | None = None) -> Incoming:
    """A page's bytes -> what the store keeps: extraction and cleaning on the ingest path.
    Raises :class:`SkipInput` with the reason when the page holds no article."""
    from ..clean import clean_document
    from ..ingest import html_document, outlet_choice

    final_url = final_url or url
    names = outlets.names if outlets else {}
    doc = html_document(body, source=url, stem=_stem(final_url), url=final_url, content_type=content_type)
    canonical = doc.url
    doc.url = final_url if not canonical or page_key(final_url, canonical) == page_key(final_url) else canonical
    if hint is not None:
        if not doc.outlet and hint.outlet:
            doc.outlet = hint.outlet
        if hint.published:  # a feed's or news sitemap's date is given, a page's may be guessed (htmldate)
            doc.published = hint.published[:10]
    origin = outlet_choice(doc, names)[1]
    article = clean_document(doc, outlets=names)
    return Incoming(article, key=page_key(final_url, canonical), raw=body, raw_kind="html", etag=etag,
                    last_modified=last_modified, fetched_at=fetched_at, outlet_from=origin,
                    aliases=[url, final_url])


def _stem(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL urllib can split: a neutral stem
        return "page"
    tail = [p for p in parts.path.split("/") if p]
    slug = re.sub(r"[^\w-]+", "-", tail[-1] if tail else parts.hostname or "page").strip("-")
    return (slug or "page")[:60]


def _is_html(result: FetchResult) -> bool:
    kind = (result.content_type or "").split(";")[0].strip().lower()
    if kind in HTML_TYPES:
        return True
    head = result.body[:1024].lstrip().lower()
    return not kind and (head.startswith(b"<!doctype html") or b"<html" in head)


async def _add_urls(store: Store, urls: list[str], settings: FetchSettings, outlets: OutletBook, refetch: bool,
                    result: AddReport, report: Report | None) -> None:
    async with Fetcher(settings) as fetcher:
        first = await asyncio.gather(*(_fetch_known(fetcher, store, u, refetch) for u in urls))
        pages: list[tuple[str, Discovered | None]] = []
        seen: set[str] = set()
        for url, fetched in zip(urls, first):
            if fetched is None:
                continue
            if fetched.not_modified:
                known = store.known(url)
                if not known:  # a feed or sitemap that has not changed: no new link
                    result.sources += 1
                    continue
                result.not_modified += 1
                if known:
                    store.mark_checked(known[0], etag=fetched.etag, last_modified=fetched.last_modified)
                    if known[0] not in result.articles:
                        result.articles.append(known[0])
                continue
            if fetched.error:
                result.failed.append((url, fetched.error))
                continue
            result.fetched += 1
            body = fetched.body
            if looks_like_feed(body) or looks_like_sitemap(body) or body.startswith(b"\x1f\x8b"):
                links = await _read_source(fetcher, store, url, fetched, result)
                for link in links:
                    if link.url in seen:
                        continue
                    seen.add(link.url)
                    if not refetch and store.known(link.url):
                        result.known += 1
                        continue
                    pages.append((link.url, link))
                continue
            _store_page(store, url, fetched, outlets, None, result)
        if report and pages:
            report(f"fetching {len(pages)} articles from feeds and sitemaps")
        # Fetch a chunk at a time, then extract it: extraction is CPU work that would hold the
        # event loop while requests wait to be sent, bunching them up (the per-host delay is
        # kept between request starts, not between arrivals).
        pages = _round_robin(pages)
        done = 0
        for at in range(0, len(pages), PAGE_CHUNK):
            chunk = pages[at:at + PAGE_CHUNK]
            fetched_pages = await asyncio.gather(*(fetcher.fetch(u) for u, _ in chunk))
            for (url, hint), fetched in zip(chunk, fetched_pages):
                done += 1
                if fetched.error:
                    result.failed.append((url, fetched.error))
                    continue
                result.fetched += 1
                _store_page(store, url, fetched, outlets, hint, result)
            if report:
                report(f"fetched {done}/{len(pages)} articles")


def _round_robin(pages: list[tuple[str, Discovered | None]]) -> list[tuple[str, Discovered | None]]:
    """Links interleaved by host, so that each chunk keeps every host busy at its own pace."""
    by_host: dict[str, list] = {}
    for page in pages:
        by_host.setdefault(host_key(page[0]), []).append(page)
    queues = list(by_host.values())
    out = []
    while queues:
        out += [q.pop(0) for q in queues]
        queues = [q for q in queues if q]
    return out


async def _fetch_known(fetcher: Fetcher, store: Store, url: str, refetch: bool) -> FetchResult:
    known = None if refetch else store.known(url)
    source = store.source(url)
    if known:
        return await fetcher.fetch(url, etag=known[1], last_modified=known[2])
    if source and not refetch:
        return await fetcher.fetch(url, etag=source.etag, last_modified=source.last_modified)
    return await fetcher.fetch(url)


def _store_page(store: Store, url: str, fetched: FetchResult, outlets: OutletBook, hint: Discovered | None,
                result: AddReport) -> None:
    if not _is_html(fetched):
        kind = (fetched.content_type or "no content type").split(";")[0]
        result.failed.append((url, f"not an HTML page ({kind}): give the article's web page"))
        return
    try:
        item = page_incoming(fetched.body, url=url, final_url=fetched.final_url, content_type=fetched.content_type,
                             outlets=outlets, hint=hint, etag=fetched.etag, last_modified=fetched.last_modified)
    except SkipInput as err:
        result.failed.append((url, str(err)))
        return
    outcome = store.add(item)
    result.count(outcome.status, outcome.id)


async def _read_source(fetcher: Fetcher, store: Store, url: str, fetched: FetchResult,
                       result: AddReport) -> list[Discovered]:
    """Links of a feed or sitemap (an index: its sub-sitemaps fetched too); the source's validators kept."""
    result.sources += 1
    body = fetched.body
    links: list[Discovered] = []
    if looks_like_feed(body):
        feed = parse_feed(body, fetched.final_url, fetched.content_type)
        if feed.warning:
            result.notes.append(f"{url}: {feed.warning}")
        links, kind, error = feed.entries, "feed", None
    else:
        kind = "sitemap"
        queue, seen, error = [(fetched.final_url, body)], {fetched.final_url}, None
        fetched_maps = 0
        while queue:
            where, data = queue.pop(0)
            parsed = parse_sitemap(data, where, max_bytes=fetcher.settings.max_bytes * 10)
            if parsed.error:
                if where == fetched.final_url:
                    error = parsed.error
                else:
                    result.failed.append((where, parsed.error))
                continue
            links += parsed.pages
            for sub in parsed.sitemaps:
                if sub in seen:
                    continue
                seen.add(sub)
                if fetched_maps >= MAX_SITEMAPS:
                    result.notes.append(f"{url}: more than {MAX_SITEMAPS} sub-sitemaps; the rest were not read")
                    break
                fetched_maps += 1
                sub_result = await fetcher.fetch(sub, max_bytes=fetcher.settings.max_bytes * 10)
                if sub_result.error:
                    result.failed.append((sub, sub_result.error))
                    continue
                queue.append((sub_result.final_url, sub_result.body))
        if error:
            result.failed.append((url, error))
    store.save_source(SourceState(url, kind, fetched.etag, fetched.last_modified, None, fetched.status, error,
                                  len(links)))
    return links


# --- WARC -------------------------------------------------------------------------------------

_WORKER_OUTLETS: OutletBook | None = None


def _init_worker(outlets: OutletBook) -> None:
    """A worker's outlets file, sent once rather than with every page."""
    global _WORKER_OUTLETS
    _WORKER_OUTLETS = outlets


def _warc_page(page, outlets: OutletBook | None = None) -> tuple[str, Incoming | None, str | None]:
    """Worker: one WARC page -> Incoming (or the reason it holds no article)."""
    outlets = outlets if outlets is not None else _WORKER_OUTLETS
    try:
        item = page_incoming(page.body, url=page.url, content_type=page.content_type, outlets=outlets,
                             fetched_at=page.date)
    except SkipInput as err:
        return page.url, None, str(err)
    import zlib

    from ..store.db import RAW_ZLIB_LEVEL

    item.raw = zlib.compress(item.raw, RAW_ZLIB_LEVEL) if item.raw is not None else None
    item.raw_kind = "html+zlib"
    item.article.raw_text = ""  # the extracted text before cleaning: not stored, so not sent back
    return page.url, item, None


def _warm_for_workers() -> None:
    """Load what every page needs (trafilatura, its options, the language identifier: about
    0.6 s) once in this process, so that forked workers share it instead of each loading it."""
    from ..ingest import extraction_options
    from ..models import language_identifier

    extraction_options(None)
    language_identifier()


def import_warc(store: Store, path: str | Path, *, outlets: OutletBook | None = None, max_bytes: int = 5_000_000,
                workers: int | None = None, result: AddReport | None = None, report: Report | None = None,
                skip_known: bool = True) -> AddReport:
    """Import the HTML pages of one WARC. Extraction runs in `workers` processes (default: the
    CPU count); the store is written by this process alone, ``WARC_BATCH`` articles per
    transaction. Pages whose URL is already stored are skipped without extraction (a rerun
    after a crash completes the rest)."""
    import os

    if result is None:  # called directly, not through add_inputs
        result = AddReport()
        if outlets is not None and outlets.profiles:
            store.save_outlet_profiles(outlets.profiles)
    outlets = outlets or OutletBook()
    counts = WarcCounts()
    workers = workers or os.cpu_count() or 1

    # At most WARC_WINDOW pages are read ahead of the results (the pool's feeder thread would
    # otherwise read the whole WARC into its queue).
    window = threading.Semaphore(WARC_WINDOW)

    def todo():
        for page in iter_warc(path, counts, max_bytes=max_bytes):
            if skip_known and store.known(page.url):
                result.known += 1
                continue
            window.acquire()
            yield page

    batch: list[Incoming] = []

    def flush():
        for outcome in store.add_many(batch):
            result.count(outcome.status, outcome.id)
        batch.clear()
        if report:
            report(f"{path}: {result.new + result.copies + result.updated} articles stored")

    if workers > 1:
        import multiprocessing

        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        if context.get_start_method() == "fork":
            _warm_for_workers()
        with context.Pool(workers, initializer=_init_worker, initargs=(outlets,)) as pool:
            for url, item, error in pool.imap(_warc_page, todo(), chunksize=WARC_CHUNK):
                window.release()
                _collect(url, item, error, batch, result, flush)
    else:
        for page in todo():
            window.release()
            _collect(*_warc_page(page, outlets), batch, result, flush)
    if batch:
        flush()
    skipped = sum(counts.skipped.values())
    if skipped:
        detail = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.skipped.items()))
        result.notes.append(f"{path}: {skipped} records skipped ({detail})")
    if counts.error:
        result.failed.append((str(path), counts.error))
    return result


def _collect(url: str, item: Incoming | None, error: str | None, batch: list[Incoming], result: AddReport,
             flush: Callable[[], None]) -> None:
    if item is None:
        result.failed.append((url, error or "no article"))
        return
    batch.append(item)
    if len(batch) >= WARC_BATCH:
        flush()


def read_sources_file(path: str | Path) -> list[str]:
    """Lines of a sources list (feeds, sitemaps, URLs, paths); blank lines, ``#`` comment lines
    and `` # comments`` after an entry are left out."""
    lines = []
    for raw in Path(path).read_text(encoding="utf-8-sig").splitlines():
        line = re.split(r"\s#", raw, maxsplit=1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines
