"""Crash safety of the store: kill -9 at random moments of a WARC import, then check.

Usage: python benchmarks/bench_crash.py [--n 2000] [--rounds 20] [--seed 3]

Writes a WARC of `n` synthetic pages once. Each round starts `synopsis add WARC --store NEW`
in its own process group, sends SIGKILL to the whole group at a random moment (uniform over
the time a full import takes), then checks the store: it opens, `PRAGMA integrity_check` is
ok, the FTS index's own integrity-check passes, every committed article is whole (its body
hash recomputed from the stored text equals the stored hash; blocks and removed lines are valid
JSON; its search row exists), and no URL or body is stored twice. It then reruns the import
to completion and checks that all `n` articles are there, once each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import write_warc  # noqa: E402


def run_import(warc: Path, store: Path, kill_after: float | None) -> tuple[float, bool]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "synopsis", "add", str(warc), "--store", str(store), "--quiet"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    if kill_after is None:
        _, err = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"import failed: {err.decode()[-500:]}")
        return time.monotonic() - start, False
    try:
        proc.wait(timeout=kill_after)
        return time.monotonic() - start, False  # finished before the kill
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return time.monotonic() - start, True


def check(store: Path) -> tuple[int, list[str]]:
    """Articles stored and the problems found (empty: none)."""
    from synopsis.records import Article, Block
    from synopsis.store.keys import content_hash

    from synopsis.store import Store

    problems = []
    try:
        Store(store).close()  # the store opens (one killed before its first commit is created)
    except Exception as err:  # noqa: BLE001 - any failure to open is the finding
        return 0, [f"does not open: {err}"]
    conn = sqlite3.connect(store)
    if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        problems.append("integrity_check failed")
    try:
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as err:
        problems.append(f"FTS integrity-check: {err}")
    rows = conn.execute("SELECT id, title, text, blocks, removed, content_hash FROM articles").fetchall()
    for aid, title, text, blocks, removed, digest in rows:
        try:
            parsed = [Block(*b) for b in json.loads(blocks)]
            json.loads(removed)
        except (ValueError, TypeError):
            problems.append(f"article {aid}: damaged JSON")
            continue
        article = Article(id=str(aid), source="", outlet="", title=title, text=text, blocks=parsed)
        if not text or content_hash(article) != digest:
            problems.append(f"article {aid}: text does not match its hash (partial)")
    indexed = conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0]
    if indexed != len(rows):
        problems.append(f"{len(rows)} articles but {indexed} search rows")
    keys, hashes = conn.execute("SELECT count(DISTINCT key), count(DISTINCT content_hash) FROM articles").fetchone()
    if keys != len(rows) or hashes != len(rows):
        problems.append(f"duplicates: {len(rows)} rows, {keys} keys, {hashes} bodies")
    conn.close()
    return len(rows), problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "news.warc.gz"
        write_warc(warc, args.n)
        full, _ = run_import(warc, Path(tmp) / "full.db", None)
        total, problems = check(Path(tmp) / "full.db")
        print(f"uninterrupted import: {total} articles in {full:.1f} s; problems: {problems or 'none'}")
        failures = 0
        killed_at = []
        for r in range(1, args.rounds + 1):
            store = Path(tmp) / f"round{r}.db"
            moment = rng.uniform(0.05, 0.95) * full
            elapsed, killed = run_import(warc, store, moment)
            stored, problems = check(store) if store.exists() else (0, [])
            rerun, _ = run_import(warc, store, None)
            final, final_problems = check(store)
            ok = not problems and not final_problems and final == total
            failures += not ok
            killed_at.append(stored)
            print(f"round {r:2d}: killed at {elapsed:5.1f} s ({'killed' if killed else 'had finished'}) with "
                  f"{stored:4d} articles committed; checks: {problems or 'ok'}; rerun {rerun:4.1f} s -> {final} "
                  f"articles, {final_problems or 'ok'}")
            store.unlink(missing_ok=True)
            for extra in ("-wal", "-shm"):
                Path(str(store) + extra).unlink(missing_ok=True)
        print(f"{args.rounds} rounds, {failures} failed; committed at the kill: min {min(killed_at)}, "
              f"max {max(killed_at)} of {total}")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
