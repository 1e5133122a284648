"""A writer killed with SIGKILL mid-import leaves a whole store: integrity ok, every committed
article whole, and a rerun completes the rest with no duplicate. Bounded: 300 articles, 4
kills (the 2,000-article, 20-kill run is benchmarks/bench_crash.py)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
N = 300

WRITER = f"""
import sys
from synopsis.records import Article, Block
from synopsis.store import Store
store = Store(sys.argv[1])
for i in range({N}):
    url = f"https://ledger.example/story-{{i}}"
    if store.known(url):
        continue
    body = " ".join(f"word{{(i * 7 + k) % 997}}" for k in range(400)) + f" story {{i}}."
    title = f"Story {{i}}"
    text = title + "\\n\\n" + body
    store.add(Article(id=str(i), source=url, outlet="Ledger", title=title, text=text, url=url,
                      blocks=[Block("title", 0, len(title), 1), Block("body", len(title) + 2, len(text), 3)]))
"""


def start(store: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.Popen([sys.executable, "-c", WRITER, str(store)], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def check(store: Path) -> int:
    from synopsis.records import Article, Block
    from synopsis.store.keys import content_hash
    import json

    from synopsis.store import Store

    Store(store).close()  # the store opens (and a store killed before its first commit is created)
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    rows = conn.execute("SELECT id, title, text, blocks, content_hash FROM articles").fetchall()
    for aid, title, text, blocks, digest in rows:
        article = Article(id=str(aid), source="", outlet="", title=title, text=text,
                          blocks=[Block(*b) for b in json.loads(blocks)])
        assert content_hash(article) == digest, f"article {aid} is partial"
    assert conn.execute("SELECT count(*) FROM articles_fts_docsize").fetchone()[0] == len(rows)
    assert conn.execute("SELECT count(DISTINCT key) FROM articles").fetchone()[0] == len(rows)
    conn.close()
    return len(rows)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX process groups")
def test_kill_minus_nine_then_rerun(tmp_path):
    rng = random.Random(4)
    store = tmp_path / "crash.db"
    counts = []
    for _ in range(4):
        proc = start(store)
        time.sleep(rng.uniform(0.3, 1.2))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        counts.append(check(store))
    proc = start(store)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()[-400:]
    assert check(store) == N
    assert counts == sorted(counts)  # what was committed stays committed
