"""CPU time per article of a WARC import, by stage, in one process (no workers).

Usage: python benchmarks/profile_warc.py [--n 600] [--cprofile]

Writes a WARC of `n` synthetic pages (benchmarks/newsgen.py), then runs the import's stages one
after another on every page, timing each with ``time.process_time`` (CPU, not wall clock: the
figures hold on a loaded machine): fastwarc read, charset decoding, parsing the tree, the page
rules, trafilatura, the audit of what extraction left out, the cleaner, URL keys (courlan),
zlib compression of the raw HTML, pickling an article for the parent process, and the store
(SQLite inserts with the FTS5 index, in transactions of ``WARC_BATCH``). The stages are those of
:func:`synopsis.sources.add.import_warc` as written; what they cost together is compared with
the import itself, run in-process on the same WARC (``--workers 1``).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import write_warc  # noqa: E402


def stages(warc: Path, db: Path) -> tuple[dict[str, float], int]:
    import trafilatura

    from synopsis.clean import clean_document
    from synopsis.ingest import (RawDocument, _extractor, _normalise_newlines, _site_name, normalise_date,
                                 outlet_choice, page_blocks, text_left_out, tree_depth)
    from synopsis.sources.add import WARC_BATCH, _stem
    from synopsis.sources.charset import decode_html
    from synopsis.sources.extract import parse_page, prepare_page
    from synopsis.sources.warc import iter_warc
    from synopsis.store import Incoming, Store
    from synopsis.store.db import RAW_ZLIB_LEVEL
    from synopsis.store.keys import page_key

    cost: dict[str, float] = defaultdict(float)
    clock = time.process_time
    n = 0
    with Store(db) as store:
        batch = []
        pages = iter(iter_warc(warc))
        while True:
            t = clock()
            page = next(pages, None)
            cost["fastwarc read"] += clock() - t
            if page is None:
                break
            t = clock()
            store.known(page.url)
            cost["store.known (parent, per page)"] += clock() - t
            t = clock()
            text, _ = decode_html(page.body, page.content_type)
            cost["charset (w3lib)"] += clock() - t
            t = clock()
            tree = parse_page(text)
            depth = tree_depth(tree)
            cost["parse (lxml) + depth"] += clock() - t
            t = clock()
            blocks = page_blocks(tree)
            cost["audit of left-out text"] += clock() - t
            t = clock()
            prepared = prepare_page(tree)
            cost["page rules"] += clock() - t
            t = clock()
            doc = trafilatura.bare_extraction(prepared, options=_extractor(page.url))
            cost["trafilatura (copies the tree)"] += clock() - t
            t = clock()
            body = _normalise_newlines(doc.text)
            title = (doc.title or "").strip() or None
            if title and body.split("\n", 1)[0].strip() != title:
                body = f"{title}\n{body}"
            dropped = text_left_out(blocks, body)
            cost["audit of left-out text"] += clock() - t
            raw = RawDocument(id=_stem(page.url), source=page.url, text=body, title=title, url=doc.url or page.url,
                              outlet=_site_name(doc.sitename, doc.url or page.url),
                              published=normalise_date(doc.date) if doc.date else None, from_html=True,
                              dropped=dropped)
            t = clock()
            key = page_key(page.url, raw.url)
            cost["URL keys (courlan)"] += clock() - t
            t = clock()
            outlet_choice(raw, {})
            article = clean_document(raw, outlets={})
            cost["cleaner"] += clock() - t
            t = clock()
            import zlib

            packed = zlib.compress(page.body, RAW_ZLIB_LEVEL)
            cost[f"zlib level {RAW_ZLIB_LEVEL} raw HTML"] += clock() - t
            item = Incoming(article, key=key, raw=packed, raw_kind="html+zlib", fetched_at=page.date,
                            aliases=[page.url, page.url])
            t = clock()
            article.raw_text = ""
            pickle.loads(pickle.dumps(page))
            pickle.loads(pickle.dumps((page.url, item, None)))
            cost["pickling (page out, article back)"] += clock() - t
            assert depth
            batch.append(item)
            n += 1
            if len(batch) >= WARC_BATCH:
                t = clock()
                store.add_many(batch)
                cost["store.add_many (SQLite + FTS5)"] += clock() - t
                batch = []
        if batch:
            t = clock()
            store.add_many(batch)
            cost["store.add_many (SQLite + FTS5)"] += clock() - t
    return cost, n


def whole(warc: Path, db: Path, workers: int) -> tuple[float, float, int]:
    """CPU seconds (this process and its workers) and wall seconds of import_warc itself."""
    import resource

    from synopsis.sources.add import import_warc
    from synopsis.store import Store

    def cpu():
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    before, start = cpu(), time.perf_counter()
    with Store(db) as store:
        import_warc(store, warc, workers=workers)
        n = store.count()
    return cpu() - before, time.perf_counter() - start, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--cprofile", action="store_true", help="also print cProfile's top functions of the stages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "news.warc.gz"
        write_warc(warc, args.n)
        whole(warc, Path(tmp) / "warm.db", 1)  # imports, caches: not counted
        if args.cprofile:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
            cost, n = stages(warc, Path(tmp) / "stages.db")
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        else:
            cost, n = stages(warc, Path(tmp) / "stages.db")
        total = sum(cost.values())
        print(f"{n} pages; CPU ms per article by stage (one process):")
        for name, seconds in sorted(cost.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<38}{1000 * seconds / n:>7.2f}  {100 * seconds / total:>4.0f}%")
        print(f"  {'sum of stages':<38}{1000 * total / n:>7.2f}")
        cpu, wall, stored = whole(warc, Path(tmp) / "whole.db", 1)
        print(f"import_warc --workers 1: CPU {1000 * cpu / stored:.2f} ms per article ({stored} stored)")
        cpu, wall, stored = whole(warc, Path(tmp) / "whole2.db", 2)
        print(f"import_warc --workers 2: CPU {1000 * cpu / stored:.2f} ms per article, all processes ({stored} stored)")
    print(f"load average: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
