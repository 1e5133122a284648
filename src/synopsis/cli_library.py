"""Command line of the sources and the store: ``synopsis add``, ``collect``, ``search``, ``export``,
``outlets``, and the store and URL inputs of ``brief`` and ``stories``.

Thin functions over :mod:`synopsis.sources` and :mod:`synopsis.store`; registered on the app of
:mod:`synopsis.cli`, which imports this module.
"""

import json
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from .cli_app import Progress as _Progress
from .cli_app import app, choices, stderr
from .cli_app import note as _note
from .errors import InputError
from .options import DEFAULT_MAX_BYTES, Options

StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", help="The store (SQLite file). Default: $SYNOPSIS_STORE, else the user data folder.")]
ContactOption = Annotated[Optional[str], typer.Option(
    help="How site operators can reach you (an e-mail or URL), sent in the User-Agent.")]


def outlet_book(path: Path | None):
    """The user's outlets file (.json or .toml), or an empty book."""
    from .sources.outlets import OutletBook, read_outlets

    return read_outlets(path) if path else OutletBook()


def fetch_settings(contact: str | None = None, delay: float | None = None, per_host: int | None = None,
                   max_bytes: int | None = None):
    from .sources.fetch import FetchSettings

    settings = FetchSettings(contact=contact)
    if delay is not None:
        if delay < 0:
            raise InputError(f"--delay {delay} must not be negative")
        settings.delay = delay
    if per_host is not None:
        if per_host < 1:
            raise InputError(f"--per-host {per_host} must be at least 1")
        settings.per_host = per_host
    if max_bytes is not None:
        settings.max_bytes = max_bytes
    return settings


def open_store(path: Path | None, *, readonly: bool = False):
    from .store import Store

    return Store(path, readonly=readonly)


def _print_add_report(result, quiet: bool) -> None:
    for source, reason in result.failed:
        _note("skipped", f"{source}: {reason}")
    if quiet:
        return
    for note in result.notes:
        _note("note", note)
    stderr.print(result.summary())


@app.command()
def add(
    inputs: Annotated[list[str], typer.Argument(help="URLs (articles, RSS/Atom feeds, sitemaps), files, folders, WARCs.")],
    store: StoreOption = None,
    outlets: Annotated[Optional[Path], typer.Option(help="Outlets file (.json or .toml): names, types, leans.")] = None,
    contact: ContactOption = None,
    delay: Annotated[Optional[float], typer.Option(help="Seconds between two requests to one host (default 1; robots.txt Crawl-delay can raise it).")] = None,
    per_host: Annotated[Optional[int], typer.Option(help="Requests at once to one host (default 2).")] = None,
    refetch: Annotated[bool, typer.Option(help="Fetch links already in the store again.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Skip pages and files larger than this many bytes (decoded).")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Put articles into the store: fetch URLs, read feeds and news sitemaps, import files and WARCs."""
    from .sources.add import add_inputs

    book = outlet_book(outlets)
    settings = fetch_settings(contact, delay, per_host, max_bytes)
    with open_store(store) as db, _Progress(not quiet) as progress:
        progress("adding")
        result = add_inputs(db, inputs, settings, outlets=book, refetch=refetch, report=progress)
    _print_add_report(result, quiet)
    if not result.articles and result.failed:
        raise typer.Exit(2)


def parse_every(text: str) -> float:
    """``30s``, ``15m``, ``2h``, ``1d`` or plain seconds -> seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not match or float(match[1]) <= 0:
        raise InputError(f"--every {text!r}: give a duration such as 30s, 15m, 2h or 1d")
    return float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]]


@app.command()
def collect(
    sources: Annotated[Path, typer.Argument(help="A text file: one feed, sitemap or URL a line (# comments).")],
    store: StoreOption = None,
    every: Annotated[Optional[str], typer.Option(help="Keep running: poll again after this long (15m, 2h). Ctrl-C stops.")] = None,
    outlets: Annotated[Optional[Path], typer.Option(help="Outlets file (.json or .toml).")] = None,
    contact: ContactOption = None,
    delay: Annotated[Optional[float], typer.Option(help="Seconds between two requests to one host.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Poll a list of feeds and sitemaps and add what is new (once, for cron; or --every 15m)."""
    from .sources.add import add_inputs, read_sources_file

    try:
        entries = read_sources_file(sources)
    except FileNotFoundError:
        raise InputError(f"{sources}: no such file; give a text file with one feed or sitemap URL a line") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{sources}: cannot be read ({err}); give a UTF-8 text file of URLs") from None
    if not entries:
        raise InputError(f"{sources}: lists no feed or sitemap; put one URL a line")
    interval = parse_every(every) if every else None
    book = outlet_book(outlets)
    settings = fetch_settings(contact, delay)
    rounds = 0
    total = 0
    with open_store(store) as db:
        while True:
            rounds += 1
            try:
                result = add_inputs(db, entries, settings, outlets=book)
            except KeyboardInterrupt:
                stderr.print(f"synopsis collect: interrupted during round {rounds}; what was added is stored "
                             f"({total} new articles before this round)")
                raise typer.Exit(130) from None
            total += result.new + result.copies
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            for source, reason in result.failed:
                _note("skipped", f"{source}: {reason}")
            if not quiet:
                stderr.print(f"{stamp} round {rounds}: {result.summary()}")
            if interval is None:
                return
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                if not quiet:
                    stderr.print(f"synopsis collect: stopped after {rounds} rounds, {total} new articles")
                return


SearchFormat = choices("SearchFormat", "table", "json")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (searched as typed; --raw for FTS5 syntax).")],
    store: StoreOption = None,
    raw: Annotated[bool, typer.Option(help="Take the query as FTS5 syntax: NEAR(), title:, prefix*, OR, NOT.")] = False,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    copies: Annotated[bool, typer.Option(help="Also list copies of the same text under other URLs.")] = False,
    fmt: Annotated[SearchFormat, typer.Option("--format", "-f", help="A table, or JSON lines.")] = SearchFormat.table,
) -> None:
    """Search the stored articles (best matches first, the title weighted 5x)."""
    if limit < 1:
        raise InputError(f"--limit {limit} must be at least 1")
    with open_store(store, readonly=True) as db:
        hits = db.search(query, raw=raw, limit=limit, copies=copies)
    if fmt is SearchFormat.json:
        for hit in hits:
            sys.stdout.write(json.dumps(hit.to_dict(), ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not hits:
        _note("note", f"no stored article matches {query!r}")
        return
    table = Table(expand=True)
    for column, style, ratio in (("id", "dim", 1), ("outlet", "cyan", 2), ("date", "", 2), ("title / snippet", "", 8)):
        table.add_column(column, style=style, ratio=ratio, overflow="fold")
    for hit in hits:
        snippet = Text()
        for i, part in enumerate(re.split(r"[\[\]]", " ".join(hit.snippet.split()))):
            snippet.append(part, style="bold yellow" if i % 2 else "")
        cell = Text.assemble((hit.title, "bold"), "\n", snippet)
        table.add_row(str(hit.id), hit.outlet, (hit.published or "–")[:10], cell)
    Console().print(table)


ExportFormat = choices("ExportFormat", "jsonl", "parquet")


@app.command()
def export(
    store: StoreOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="JSON lines or Parquet (needs pyarrow).")] = ExportFormat.jsonl,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write there (needed for Parquet); default stdout.")] = None,
) -> None:
    """Write every stored article (text, metadata, removed lines, story) as JSON lines or Parquet."""
    from .store.library import export as run

    with open_store(store, readonly=True) as db:
        if out is None and fmt is ExportFormat.parquet:
            raise InputError("Parquet is binary: give --out FILE.parquet")
        n = run(db, out if out is not None else sys.stdout, fmt.value)
    if out is not None:
        stderr.print(f"wrote {n} articles to {out}")


TemplateFormat = choices("TemplateFormat", "toml", "json")


@app.command()
def outlets(
    inputs: Annotated[list[str], typer.Argument(help="The articles (folders, files) whose outlets to name.")],
    fmt: Annotated[TemplateFormat, typer.Option("--format", "-f", help="TOML or JSON.")] = TemplateFormat.toml,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the template there (default stdout).")] = None,
) -> None:
    """Write an outlets file to edit: one entry per input, with its current outlet name, a type and a lean."""
    from .core import load_articles
    from .sources.outlets import template

    loaded = load_articles(inputs)
    entries = []
    for a in loaded.articles:
        key = Path(a.source.split(":")[0]).name if not a.url else (a.url.split("/")[2].removeprefix("www."))
        if key not in dict(entries):
            entries.append((key, a.outlet))
    text = template(entries, fmt.value)
    if out is None:
        sys.stdout.write(text)
    else:
        if out.exists():
            raise InputError(f"{out}: exists; give a new file name (it is never overwritten)")
        out.write_text(text, encoding="utf-8")
        stderr.print(f"wrote {out}: edit the names, types and leans, then pass --outlets {out}")


# --- inputs of `brief` and `stories` -----------------------------------------------------------

def brief_inputs(inputs: list[str], options: Options, *, store: Path | None, story: str | None,
                 search_query: str | None, contact: str | None, report=None):
    """The articles of a brief: a stored story or search, fetched URLs, and files as before.
    Returns a LoadResult; with `store`, URLs are added to it (else to a temporary store)."""
    from .core import LoadResult, load_articles
    from .files import is_url

    loaded = LoadResult()  # the store and the fetcher imported only when used (cold start)
    if story or search_query:
        from .store import Store
        from .store.library import search_articles, story_articles

        if store is None and not _default_store_exists():
            raise InputError("--story and --search read a store: give --store PATH")
        with Store(store, readonly=True) as db:
            loaded.articles += story_articles(db, story) if story else search_articles(db, search_query)
    urls = [i for i in inputs if is_url(i)]
    files = [i for i in inputs if not is_url(i)]
    if files:
        got = load_articles(files, options)
        loaded.articles += got.articles
        loaded.skipped += got.skipped
    if urls:
        import tempfile

        from .records import SkippedInput
        from .sources.add import add_inputs
        from .sources.outlets import OutletBook
        from .store import Store

        book = OutletBook(dict(options.outlets), dict(options.outlet_profiles))
        settings = fetch_settings(contact, max_bytes=options.max_bytes)
        with tempfile.TemporaryDirectory() as tmp:
            with Store(store if store is not None else Path(tmp) / "fetched.db") as db:
                if report:
                    report(f"fetching {len(urls)} pages")
                result = add_inputs(db, urls, settings, outlets=book)
                loaded.articles += db.articles(result.articles)
        loaded.skipped += [SkippedInput(src, reason) for src, reason in result.failed]
    if not inputs and not story and not search_query:
        raise InputError("nothing to brief: give folders, files, URLs, or --store with --story/--search")
    return loaded


def _default_store_exists() -> bool:
    from .store import default_store_path

    return default_store_path().is_file()


@contextmanager
def brief_cache(store: Path | None):
    """The store given with --store, open for writing, as the brief's cache of sentence
    vectors and parses (a re-brief of a story encodes and parses only its new articles); None
    without --store."""
    if store is None:
        yield None
        return
    from .store import Store

    with Store(store) as db:
        yield db


def remember_brief(store: Path | None, result, loaded, *, story: str | None, search_query: str | None,
                   options: Options) -> None:
    """Keep a brief of a stored story or search in the store, with the versions that made it."""
    if store is None or not (story or search_query):
        return
    from .render.to_json import brief_to_dict
    from .store import Store

    with Store(store) as db:
        db.save_brief(brief_to_dict(result), loaded.articles, story_id=story, query=search_query,
                      options={"words": options.words, "summarizer": options.summarizer, "date": options.date})


def note_file_name_outlets(articles, options: Options, inputs: list[str]) -> None:
    """Say once when outlets fall back to file names, and how to write a template."""
    from .sources.outlets import file_name_fallbacks

    fallbacks = file_name_fallbacks(articles, options.outlets)
    if not fallbacks:
        return
    names = ", ".join(a.outlet for a in fallbacks[:4]) + (" …" if len(fallbacks) > 4 else "")
    files = " ".join(i for i in inputs if not i.startswith(("http://", "https://")))[:80] or "INPUTS"
    _note("note", f"outlets of {len(fallbacks)} article(s) are their file names ({names}); to name them, "
                  f"write a template with `synopsis outlets {files} -o outlets.toml`, edit it, and pass "
                  "--outlets outlets.toml")


def stories_from_store(store: Path | None, inputs: list[str], options: Options, story_options, *, briefs: bool,
                       min_brief_size: int, list_only: bool, quiet: bool) -> None:
    """``synopsis stories --store DB [INPUTS]``: add INPUTS, continue the stored stories, brief them."""
    from .sources.add import add_inputs
    from .sources.outlets import OutletBook
    from .store import Store
    from .store.library import update_stories

    with Store(store) as db, _Progress(not quiet) as progress:
        if inputs:
            progress("adding inputs to the store")
            added = add_inputs(db, inputs, fetch_settings(max_bytes=options.max_bytes),
                               outlets=OutletBook(dict(options.outlets), dict(options.outlet_profiles)), report=progress)
            _print_add_report(added, quiet)
        if not list_only:
            run = update_stories(db, story_options=story_options, brief_options=options, briefs=briefs,
                                 min_brief_size=min_brief_size, report=progress)
        listed = db.list_stories(limit=30)
    if not list_only and not quiet:
        for error in run.errors:
            _note("note", f"no brief for story {error}")
        stderr.print(f"{run.grouped} new articles -> {len(run.stories)} stories touched ({run.copies} copies folded), "
                     f"{len(run.briefed)} briefed; stored in {db.path}")
    from rich.console import Console
    from rich.table import Table

    table = Table(expand=True, title="Stories (latest first)")
    for column, style, ratio in (("story", "dim", 1), ("label", "bold", 6), ("articles", "", 1),
                                 ("outlets", "cyan", 4), ("dates", "", 3)):
        table.add_column(column, style=style, ratio=ratio, overflow="fold")
    for s in listed:
        dates = s.first or "undated"
        if s.last and s.last != s.first:
            dates = f"{(s.first or '')[:10]} – {s.last[:10]}"
        table.add_row(s.id, s.label, str(s.size), ", ".join(s.outlets[:6]) + (" …" if len(s.outlets) > 6 else ""),
                      dates[:25])
    Console().print(table)
