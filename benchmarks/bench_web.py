"""Load on the reading room: concurrent clients on story pages and the JSON API, over loopback.

Usage: python benchmarks/bench_web.py [--store PATH] [--articles 10000] [--clients 50] [--seconds 60]
       [--requests N]  (stop after N requests: the same requests every run, so the server's CPU
                        per request compares across runs and code versions on a busy machine)

Target (issue 23): 50 concurrent clients for 60 s, 0 errors, p95 latency under 200 ms, on a
store of 10,000 articles. Bounded and self-stopping: the clients stop at the deadline, the
server (``synopsis serve`` in a subprocess on 127.0.0.1, one process) is stopped at the end,
and nothing but 127.0.0.1 is ever addressed.

The store (built once, reused with --store): the bundled example as ``synopsis serve --demo``
builds it (5 real articles and their real brief), plus synthetic articles up to --articles
(about 350 words each from bench_search.py's Zipf vocabulary of 30,000 invented words) from 20 outlets over 60
days, grouped into stories of 1 to 9 articles (mean 5). Every story gets the example's brief
(about 170 KB of JSON: 87 quotes, 25 figures, 44 timeline events), so each story page costs what
a real five-outlet brief costs to render; briefing 2,000 synthetic stories for real would take
hours and say nothing more about the web app.

Clients are closed loops with no think time: each sends its next request as soon as the last
answered. The mix: 40% story pages (the story of recency rank r opened with weight 1/r, as
readers open stories from the list, latest first: about half of them first visits, rendered
from the store), 15% the stories list (random filters and pages), 10% a story's JSON, 10% a
brief's JSON, 10% an article's JSON (those three uniform over the store: mostly first visits),
15% a search (300 queries of bench_search.py's mix). Responses are gzip-compressed for the
clients, which accept gzip as browsers do. Reported: count,
errors, requests per second, p50/p95/p99/max per kind and overall; the exit code is 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace as NS
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import queries, vocabulary  # noqa: E402
from newsgen import NAMES  # noqa: E402

OUTLETS = [f"{a} {b}" for a in ("Ardenport", "Valley", "Riverline", "Northgate", "Civic")
           for b in ("Ledger", "Courier", "Radio", "Herald")]
#: The searches: bench_search.py's mix (common, middle and rare words, names, two and three
#: words, phrases, U.S.-style punctuation) over the same Zipf vocabulary as the articles.
SEARCHES = queries(random.Random(5), 300)


def build(path: Path, articles: int, seed: int = 23) -> None:
    from synopsis.records import Article, Block
    from synopsis.store import Store
    from synopsis.web.serve import demo_store

    started = time.perf_counter()
    demo_store(path, report=lambda line: print(f"  {line}", file=sys.stderr))
    rng = random.Random(seed)
    vocab = vocabulary(random.Random(11))
    cumulative, total = [], 0.0
    for rank in range(len(vocab)):
        total += 1.0 / (rank + 1) ** 1.05
        cumulative.append(total)

    def sentence(n: int | None = None) -> str:
        words = rng.choices(vocab, cum_weights=cumulative, k=n or rng.randint(12, 26))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(NAMES))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    with Store(path) as store:
        (example,) = store.list_stories()
        brief = store.get_story(example.id).brief
        example_articles = store.articles(store.story_article_ids(example.id))
        ids, batch = [], []
        for i in range(articles - store.count()):
            outlet = OUTLETS[i % len(OUTLETS)]
            paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(6)]
            title = sentence(9).rstrip(".")
            text = title + "\n\n" + "\n\n".join(paragraphs)
            blocks, at = [Block("title", 0, len(title), 1)], len(title) + 2
            for p in paragraphs:
                blocks.append(Block("body", at, at + len(p), 0))
                at += len(p) + 2
            day = 1 + (i // 170)  # about 60 days
            host = outlet.lower().replace(" ", "")
            batch.append(Article(id=str(i), source=f"https://{host}.example/{i}", outlet=outlet, title=title, text=text,
                                 published=f"2026-{1 + (day - 1) // 28:02d}-{1 + (day - 1) % 28:02d}",
                                 url=f"https://{host}.example/2026/story-{i}", blocks=blocks))
            if len(batch) == 1000:
                ids += [o.id for o in store.add_many(batch)]
                batch = []
        if batch:
            ids += [o.id for o in store.add_many(batch)]
        stories, k, n = [], 0, 1
        meta = {a.id: (a.title, a.published) for a in store.iter_articles()}
        while k < len(ids):
            size = rng.randint(1, 9)
            members = ids[k:k + size]
            k += size
            outlets = sorted({OUTLETS[(m - ids[0]) % len(OUTLETS)] for m in members})
            span = sorted(meta[m][1] for m in members)
            stories.append(NS(id=f"b{n:06d}", label=meta[members[0]][0], first=span[0], last=span[-1], size=len(members),
                              originals=members, outlets=outlets,
                              members=[NS(id=str(m), duplicate_of=None, similarity=1.0) for m in members]))
            n += 1
        store.save_grouping(NS(stories=stories), store.grouper_state() or {})
        for s in stories:
            store.save_brief(brief, example_articles, story_id=s.id)
        store.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        total, count = store.count(), len(store.list_stories(limit=100_000))
    print(f"built {total} articles in {count} stories in {time.perf_counter() - started:.0f} s "
          f"({path.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "synopsis", "serve", "--store", str(store), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"synopsis serve exited: {proc.stderr.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("synopsis serve did not start within 30 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to report the server's cost per request
    apart from how busy the machine is."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def plan(store: Path, rng: random.Random):
    """A function returning the next (kind, path) of the mix."""
    from synopsis.store import Store

    with Store(store, readonly=True) as s:
        stories = [x.id for x in s.list_stories(limit=100_000)]
        articles = s.count()
        outlets = [o for o, _ in s.outlets()]
    # Readers open stories from the list, latest first: the story of recency rank r is opened
    # with weight 1/r (Zipf); API clients read anything (uniform).
    ranks = list(range(len(stories)))
    cumulative, total = [], 0.0
    for r in ranks:
        total += 1.0 / (r + 1)
        cumulative.append(total)

    def next_request():
        r = rng.random()
        if r < 0.40:
            sid = stories[rng.choices(ranks, cum_weights=cumulative)[0]]
            return "story page", f"/stories/{sid}"
        if r < 0.55:
            params = rng.choice([f"offset={30 * rng.randint(0, 20)}", f"outlet={quote(rng.choice(outlets))}",
                                 "order=largest", f"since=2026-02-{rng.randint(1, 28):02d}", ""])
            return "stories list", f"/api/stories?{params}"
        if r < 0.65:
            return "story JSON", f"/api/stories/{rng.choice(stories)}"
        if r < 0.75:
            return "brief JSON", f"/api/stories/{rng.choice(stories)}/brief"
        if r < 0.85:
            return "article JSON", f"/api/articles/{rng.randint(1, articles)}"
        return "search", "/api/search?q=" + quote(rng.choice(SEARCHES))

    return next_request, len(stories), articles


async def load(base: str, next_request, clients: int, seconds: float, requests: int | None = None):
    import aiohttp

    results: list[tuple[str, float, bool, str]] = []
    deadline = time.monotonic() + seconds
    sent = 0
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)
    # Browsers accept gzip; aiohttp decompresses for us (its cost counts on the clients' side).
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     headers={"Accept-Encoding": "gzip"}) as session:
        async def client():
            nonlocal sent
            while time.monotonic() < deadline and (requests is None or sent < requests):
                sent += 1
                kind, path = next_request()
                started = time.perf_counter()
                ok, why = False, ""
                try:
                    async with session.get(base + path) as response:
                        await response.read()
                        ok = response.status == 200
                        why = "" if ok else f"HTTP {response.status}"
                except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as err:
                    why = f"{type(err).__name__}: {err}"
                results.append((kind, (time.perf_counter() - started) * 1000, ok, why if not ok else path))

        await asyncio.gather(*(client() for _ in range(clients)))
    return results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def report(results, seconds: float) -> dict:
    by_kind: dict[str, list[float]] = {}
    for kind, ms, _ok, _why in results:
        by_kind.setdefault(kind, []).append(ms)
    errors = [r for r in results if not r[2]]
    lines = [f"{'kind':<14}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
    for kind, values in sorted(by_kind.items()):
        lines.append(f"{kind:<14}{len(values):>8}{statistics.median(values):>9.1f}{pct(values, .95):>9.1f}"
                     f"{pct(values, .99):>9.1f}{max(values):>9.1f}")
    every = [ms for _, ms, _, _ in results]
    lines.append(f"{'all':<14}{len(every):>8}{statistics.median(every):>9.1f}{pct(every, .95):>9.1f}"
                 f"{pct(every, .99):>9.1f}{max(every):>9.1f}")
    print("\n".join(lines))
    summary = {"requests": len(results), "errors": len(errors), "rps": len(results) / seconds,
               "p50_ms": statistics.median(every), "p95_ms": pct(every, .95), "p99_ms": pct(every, .99),
               "max_ms": max(every)}
    print(f"{len(results)} requests in {seconds:.0f} s ({summary['rps']:.0f}/s), {len(errors)} errors"
          + (f" (first: {errors[0][3]})" if errors else ""))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="reuse (or build once into) this store")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--requests", type=int, help="stop after this many requests (the same ones every run)")
    parser.add_argument("--json", type=Path, help="also write the summary figures there")
    args = parser.parse_args()
    if args.clients < 1 or not 0 < args.seconds <= 600:
        raise SystemExit("--clients must be at least 1 and --seconds between 0 and 600")
    tmp = None
    store = args.store
    if store is None:
        tmp = tempfile.TemporaryDirectory()
        store = Path(tmp.name) / "web.db"
    if not store.exists():
        build(store, args.articles)
    next_request, n_stories, n_articles = plan(store, random.Random(args.seed))
    port = free_port()
    server = start_server(store, port)
    try:
        print(f"store: {n_articles} articles, {n_stories} stories; {args.clients} clients for {args.seconds:.0f} s "
              f"on http://127.0.0.1:{port} (one synopsis serve process; {os.cpu_count()} cores shared with the clients)")
        cpu_before, started = cpu_seconds(server.pid), time.monotonic()
        results = asyncio.run(load(f"http://127.0.0.1:{port}", next_request, args.clients, args.seconds, args.requests))
        server_cpu = cpu_seconds(server.pid) - cpu_before
        args.seconds = min(args.seconds, time.monotonic() - started)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()
    summary = report(results, args.seconds)
    summary["server_cpu_ms_per_request"] = 1000 * server_cpu / max(1, len(results))
    load1 = os.getloadavg()[0]
    print(f"server CPU {summary['server_cpu_ms_per_request']:.1f} ms per request; load average {load1:.1f} "
          f"on {os.cpu_count()} cores at the end")
    summary.update(load_average=load1, clients=args.clients, seconds=args.seconds, articles=n_articles, stories=n_stories)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    met = summary["errors"] == 0 and summary["p95_ms"] < 200
    print("target (0 errors, p95 < 200 ms): " + ("met" if met else "NOT met"))
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
