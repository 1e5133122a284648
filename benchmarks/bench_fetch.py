"""Polite fetching at scale on loopback: 500 article URLs across 5 local hosts.

Usage: python benchmarks/bench_fetch.py [--per-host 100] [--delay 0.05]

Five aiohttp servers, one per loopback address 127.0.0.1 ... 127.0.0.5 (the same port), each
serve a robots.txt (``Disallow: /private``; host 5 also ``Crawl-delay: 0.1``), a sitemap
listing `per-host` synthetic articles plus one disallowed URL, and the articles (with ETags).
`synopsis.sources.add_inputs` is given the five sitemaps. The servers log every request's
arrival time. Checks (issue 22's targets): each host's requests are at least its delay apart
(the configured `--delay`, or its Crawl-delay when larger) and its rate within 1/delay; every
article is stored once; a second run fetches no article (they are known) and the sitemaps
answer 304; the disallowed URLs are never requested.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import OUTLETS, article_page  # noqa: E402

HOSTS = [f"127.0.0.{k}" for k in range(1, 6)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sites:
    """The five servers, on one event loop in a thread; `log[host]` = [(monotonic time, path)]."""

    def __init__(self, per_host: int, port: int) -> None:
        self.per_host, self.port = per_host, port
        self.log: dict[str, list[tuple[float, str]]] = {h: [] for h in HOSTS}
        self.loop = asyncio.new_event_loop()
        self.runners = []
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _app(self, host: str, index: int):
        from aiohttp import web

        base = f"http://{host}:{self.port}"
        crawl_delay = "Crawl-delay: 0.1\n" if index == 4 else ""
        urls = [f"{base}/news/{i}" for i in range(self.per_host)] + [f"{base}/private/secret"]
        sitemap = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>").encode()
        sitemap_etag = '"' + hashlib.sha1(sitemap).hexdigest()[:16] + '"'

        async def handle(request):
            self.log[host].append((time.monotonic(), request.path))
            if request.path == "/robots.txt":
                return web.Response(text=f"User-agent: *\nDisallow: /private\n{crawl_delay}")
            if request.path == "/sitemap.xml":
                if request.headers.get("If-None-Match") == sitemap_etag:
                    return web.Response(status=304)
                return web.Response(body=sitemap, content_type="application/xml", headers={"ETag": sitemap_etag})
            if request.path.startswith("/news/"):
                i = int(request.path.rsplit("/", 1)[1])
                page = article_page(index * 100_000 + i, outlet=OUTLETS[index])
                return web.Response(text=page, content_type="text/html", headers={"ETag": f'"{index}-{i}"'})
            return web.Response(status=404)

        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", handle)
        return app

    def _run(self) -> None:
        from aiohttp import web

        asyncio.set_event_loop(self.loop)

        async def start():
            for index, host in enumerate(HOSTS):
                runner = web.AppRunner(self._app(host, index), access_log=None)
                await runner.setup()
                await web.TCPSite(runner, host, self.port).start()
                self.runners.append(runner)
            self.ready.set()

        self.loop.run_until_complete(start())
        self.loop.run_forever()

    def __enter__(self):
        self.thread.start()
        self.ready.wait(10)
        return self

    def __exit__(self, *exc):
        async def stop():
            for runner in self.runners:
                await runner.cleanup()
        asyncio.run_coroutine_threadsafe(stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def serve(per_host: int, port: int, log_path: Path, stop_path: Path) -> None:
    """Run the five sites in this process until `stop_path` exists, then write the log."""
    with Sites(per_host, port) as sites:
        log_path.with_suffix(".ready").write_text("ready")
        while not stop_path.exists():
            time.sleep(0.05)
        log_path.write_text(json.dumps(sites.log))


class SitesProcess:
    """The sites in a process of their own, so that their clock is not the client's GIL."""

    def __init__(self, per_host: int, port: int, tmp: Path) -> None:
        self.per_host, self.port, self.tmp = per_host, port, tmp
        self.log_path, self.stop_path = tmp / "log.json", tmp / "stop"

    def __enter__(self):
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", str(self.port), "--per-host",
                                      str(self.per_host), "--tmp", str(self.tmp)])
        deadline = time.monotonic() + 20
        while not self.log_path.with_suffix(".ready").exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit("the test servers did not start")
            time.sleep(0.05)
        return self

    def log(self) -> dict[str, list[tuple[float, str]]]:
        """Stop the servers and read their log."""
        self.stop_path.write_text("stop")
        self.proc.wait(20)
        return json.loads(self.log_path.read_text())

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()


def rates(log: list, window: float = 1.0) -> tuple[int, float, int]:
    """(requests, smallest gap between two arrivals in s, most requests in any `window` seconds)."""
    times = sorted(t for t, _ in log)
    gaps = [b - a for a, b in zip(times, times[1:])]
    most, j = 0, 0
    for i, t in enumerate(times):
        while times[j] < t - window:
            j += 1
        most = max(most, i - j + 1)
    return len(times), min(gaps) if gaps else float("inf"), most


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-host", type=int, default=100)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.per_host, args.serve, args.tmp / "log.json", args.tmp / "stop")
        return
    from synopsis.sources.add import add_inputs
    from synopsis.sources.fetch import FetchSettings
    from synopsis.store import Store

    port = free_port()
    settings = FetchSettings(delay=args.delay, per_host=2, concurrency=16, retries=1, backoff=0.1)
    ok = True
    with tempfile.TemporaryDirectory() as tmp, SitesProcess(args.per_host, port, Path(tmp)) as sites:
        maps = [f"http://{h}:{port}/sitemap.xml" for h in HOSTS]
        with Store(Path(tmp) / "fetch.db") as store:
            start = time.perf_counter()
            first = add_inputs(store, maps, settings)
            seconds = time.perf_counter() - start
            first_end = time.monotonic()
            expected = len(HOSTS) * args.per_host
            print(f"run 1: {first.summary()} in {seconds:.1f} s; stored {store.count()} (expected {expected})")
            ok &= store.count() == expected and first.new == expected
            refused = [src for src, why in first.failed if "robots.txt" in why]
            ok &= len(refused) == len(HOSTS) and len(first.failed) == len(HOSTS)
            start = time.perf_counter()
            second = add_inputs(store, maps, settings)
            seconds2 = time.perf_counter() - start
            stored = store.count()
        log = sites.log()
        for index, host in enumerate(HOSTS):
            delay = max(args.delay, 0.1) if index == 4 else args.delay
            run1 = [(t, p) for t, p in log[host] if t <= first_end]
            n, gap, most = rates(run1)
            limit = math.floor(1.0 / delay) + 1  # requests a 1-second window can hold at one per `delay`
            host_ok = most <= limit
            ok &= host_ok
            print(f"  {host}: {n} requests; most in any 1 s: {most} (limit {limit}); smallest gap between "
                  f"arrivals {gap * 1000:.0f} ms (delay {delay * 1000:.0f} ms) {'ok' if host_ok else 'OVER THE LIMIT'}")
        private = sum(1 for h in HOSTS for _, p in log[h] if p.startswith("/private"))
        print(f"  disallowed URLs requested: {private}")
        ok &= private == 0
        again = [p for h in HOSTS for t, p in log[h] if t > first_end]
        articles_again = [p for p in again if p.startswith("/news/")]
        print(f"run 2: {second.summary()} in {seconds2:.1f} s; requests: {len(again)} "
              f"({len(articles_again)} articles; sitemaps answered 304); stored {stored}")
        ok &= not articles_again and stored == expected and second.new == 0
    print("all checks passed" if ok else "SOME CHECKS FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
