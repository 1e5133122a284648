"""WARC import speed end to end: read (fastwarc), extract (page rules + trafilatura), clean, store.

Usage: python benchmarks/bench_warc.py [--n 2000] [--workers 2] [--workers 1]

Writes a WARC of `n` synthetic news pages (benchmarks/newsgen.py; not timed), then imports it
into a new store with `synopsis.sources.import_warc` and reports articles per second. Target
(issue 22): >= 200 articles/s on 2 cores.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import write_warc  # noqa: E402


def _cpu() -> float:
    """User + system CPU seconds of this process and its finished children (the workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, action="append", help="worker processes (repeatable)")
    args = parser.parse_args()
    from synopsis.sources.add import import_warc
    from synopsis.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "news.warc.gz"
        write_warc(warc, args.n)
        print(f"WARC: {args.n} pages, {warc.stat().st_size / 1e6:.1f} MB")
        for workers in args.workers or [2, 1]:
            path = Path(tmp) / f"store-{workers}.db"
            cpu_before = _cpu()
            start = time.perf_counter()
            with Store(path) as store:
                report = import_warc(store, warc, workers=workers)
                seconds = time.perf_counter() - start
                cpu = _cpu() - cpu_before
                stored = store.count()
                problems = store.integrity()
            print(f"workers={workers}: {stored} articles stored ({report.new} new, {report.copies} copies, "
                  f"{len(report.failed)} failed) in {seconds:.1f} s = {stored / seconds:.0f} articles/s; "
                  f"CPU {cpu / stored * 1000:.1f} ms per article (all processes) = "
                  f"{min(workers, 2) * stored / cpu:.0f} articles/s on {min(workers, 2)} free core(s); integrity {'ok' if not problems else problems}; "
                  f"store {path.stat().st_size / 1e6:.0f} MB")
        import os

        print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores; other jobs share them)")


if __name__ == "__main__":
    main()
