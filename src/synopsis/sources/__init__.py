"""Sources: getting articles from the web and from web archives into the store.

One module per concern (trafilatura's layout):

- :mod:`.fetch`: polite, robust HTTP (aiohttp): robots.txt (Protego), per-host delay and
  concurrency, retries honouring Retry-After, redirect limits, a cap on the decoded body,
  conditional GET;
- :mod:`.feeds`: RSS/Atom links with titles and UTC dates (feedparser);
- :mod:`.sitemaps`: sitemaps and Google News sitemaps (ultimate-sitemap-parser), fetched by us;
- :mod:`.warc`: HTML responses of WARC files, as CC-NEWS is laid out (fastwarc);
- :mod:`.charset`: the browser's charset order (w3lib);
- :mod:`.extract`: structural page rules applied before trafilatura;
- :mod:`.outlets`: outlet names (a table of well-known news domains, ``news_domains.json``) and
  the user's outlets file (.json or .toml, with type and lean);
- :mod:`.add`: ``synopsis add`` / ``collect``: inputs -> fetch or read -> the ingest path ->
  :class:`synopsis.store.Store`.

Discovery follows what news crawlers do (Common Crawl's news-crawl, fundus): feeds and news
sitemaps name the articles; links inside pages are never followed.

The names below are imported lazily, so ``import synopsis.sources.outlets`` does not load aiohttp.
"""

from __future__ import annotations

_LAZY = {
    "AddReport": ".add", "add_inputs": ".add", "import_warc": ".add", "page_incoming": ".add",
    "read_sources_file": ".add",
    "Fetcher": ".fetch", "FetchResult": ".fetch", "FetchSettings": ".fetch",
    "Discovered": ".feeds", "parse_feed": ".feeds", "parse_sitemap": ".sitemaps",
    "iter_warc": ".warc", "OutletBook": ".outlets", "OutletProfile": ".outlets", "read_outlets": ".outlets",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value
