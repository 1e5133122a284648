"""`synopsis search` speed over a large store of synthetic articles.

Usage: python benchmarks/bench_search.py [--n 100000] [--queries 300] [--store PATH] [--cli 20]

Builds (or reuses, with --store) a store of `n` synthetic articles: about 350 words each, drawn
from a Zipf-distributed vocabulary of 30,000 invented words plus news words, with names, so
that queries match from a handful of articles to most of them. Then times `Store.search` (the
query `synopsis search` runs, read-only connection, snippets included) for a mix of queries:
common words, rare words, names, two- and three-word queries, phrases, U.S.-style
punctuation. Reports p50/p95/max. With --cli N it also times N whole `synopsis search`
processes (Python start-up and imports included). Target (issue 22): p95 < 50 ms at 100,000.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import NAMES, OUTLETS, WORDS  # noqa: E402

SYLLABLES = "ka ri to ne la mo su vi de pa lo ru mi ze ba no ti se ga fu".split()


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return list(WORDS) + sorted(words)


def build(path: Path, n: int, seed: int = 11) -> None:
    from synopsis.records import Article, Block
    from synopsis.store import Store

    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1.0 / (rank + 1) ** 1.05 for rank in range(len(vocab))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    start = time.perf_counter()
    with Store(path) as store:
        batch = []
        for i in range(n):
            words = rng.choices(vocab, cum_weights=cumulative, k=350)
            for _ in range(3):
                words.insert(rng.randrange(len(words)), rng.choice(NAMES))
            if rng.random() < 0.1:
                words.insert(rng.randrange(len(words)), "U.S.")
            paragraphs = [" ".join(words[k:k + 50]).capitalize() + "." for k in range(0, len(words), 50)]
            title = " ".join(rng.choices(vocab[:3000], k=8)).capitalize()
            text = title + "\n\n" + "\n\n".join(paragraphs)
            blocks, at = [Block("title", 0, len(title), 1)], len(title) + 2
            for p in paragraphs:
                blocks.append(Block("body", at, at + len(p), 0))
                at += len(p) + 2
            day = 1 + i % 28
            batch.append(Article(id=str(i), source=f"https://{OUTLETS[i % 5].replace(' ', '').lower()}.example/{i}",
                                 outlet=OUTLETS[i % 5], title=title, text=text, published=f"2026-03-{day:02d}",
                                 url=f"https://{OUTLETS[i % 5].replace(' ', '').lower()}.example/{i}", blocks=blocks))
            if len(batch) == 1000:
                store.add_many(batch)
                batch = []
        if batch:
            store.add_many(batch)
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    print(f"built {n} articles in {time.perf_counter() - start:.0f} s ({path.stat().st_size / 1e6:.0f} MB)")


def queries(rng: random.Random, count: int) -> list[str]:
    vocab = vocabulary(random.Random(11))
    common, middle, rare = vocab[:40], vocab[200:3000], vocab[10_000:]
    out = []
    kinds = ["common", "middle", "rare", "name", "two", "three", "phrase", "punct"]
    for i in range(count):
        kind = kinds[i % len(kinds)]
        if kind == "common":
            out.append(rng.choice(common))
        elif kind == "middle":
            out.append(rng.choice(middle))
        elif kind == "rare":
            out.append(rng.choice(rare))
        elif kind == "name":
            out.append(rng.choice(NAMES))
        elif kind == "two":
            out.append(f"{rng.choice(common)} {rng.choice(middle)}")
        elif kind == "three":
            out.append(f"{rng.choice(middle)} {rng.choice(common)} {rng.choice(middle)}")
        elif kind == "phrase":
            out.append(f'"{rng.choice(common)} {rng.choice(common)}"')
        else:
            out.append(f"U.S. {rng.choice(middle)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=320)
    parser.add_argument("--store", type=Path, help="reuse (or build once into) this store")
    parser.add_argument("--cli", type=int, default=0, help="also time this many whole `synopsis search` processes")
    args = parser.parse_args()
    from synopsis.store import Store

    tmp = None
    path = args.store
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = Path(tmp.name) / "search.db"
    if not path.exists():
        build(path, args.n)
    qs = queries(random.Random(5), args.queries)
    times, cpu, hits = [], [], []
    with Store(path, readonly=True) as store:
        print(f"store: {store.count()} articles")
        store.search("warm up")
        for q in qs:
            start, start_cpu = time.perf_counter(), time.process_time()
            found = store.search(q, limit=20)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            hits.append(len(found))

    def p95(values):
        return sorted(values)[int(0.95 * (len(values) - 1))]

    import os

    print(f"{len(qs)} queries: wall p50 {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms, "
          f"max {max(times):.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms, p95 {p95(cpu):.1f} ms; "
          f"queries with no hit: {sum(1 for h in hits if h == 0)}; load average {os.getloadavg()[0]:.1f}")
    worst = sorted(zip(times, qs), reverse=True)[:5]
    print("slowest: " + "; ".join(f"{q!r} {t:.0f} ms" for t, q in worst))
    if args.cli:
        walls = []
        for q in qs[: args.cli]:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "synopsis", "search", q, "--store", str(path), "--format", "json"],
                           capture_output=True, check=True)
            walls.append((time.perf_counter() - start) * 1000)
        walls.sort()
        print(f"whole `synopsis search` process ({args.cli} runs): median {statistics.median(walls):.0f} ms, "
              f"p95 {walls[int(0.95 * (len(walls) - 1))]:.0f} ms (Python start-up and imports included)")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
