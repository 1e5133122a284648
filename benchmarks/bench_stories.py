"""Throughput and peak memory of story grouping + wire-copy collapse (no briefing).

    python benchmarks/bench_stories.py                 # 10,000 and 100,000 synthetic articles
    python benchmarks/bench_stories.py --n 20000 --days 60

Articles are synthetic and made here (nothing is read from ../shared): each belongs to one of
many invented stories (story-specific words mixed with a Zipf-distributed common vocabulary),
dated over `--days` days, and about 10% are wire copies of an earlier article with a new
headline and the last paragraph trimmed. With `--text english` (the default here) the most
frequent words of the common vocabulary are English function words ("the", "of", "and", ...),
about a third of the running words as in English news, so the cleaner's language check takes
its English fast path as it does on English pages; `--text nonsense` leaves them out (the input
of the figures before 2026-12-01, and of ``bench_spark.py``): every page then reaches the
language identifier, which costs about 0.3 ms a page, as a page in another language does. End to end per run: JSON lines written to a temporary
file, read and cleaned with `synopsis.load_articles`, grouped with `synopsis.stories`. CPU
figures (``*_cpu_s``, ``articles_per_cpu_s``) are the process's own CPU time, the figure to
compare on a loaded machine. Peak memory is the process's maximum resident set size
(resource.getrusage), measured in a fresh subprocess per size so that the runs do not share a
high-water mark.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# English function words, put at the top of the Zipf vocabulary by `english=True`.
FUNCTION_WORDS = ("the of and to a in is that for it on was with as said he by at from his be are has have had "
                  "not but they their this were will an who been").split()
SYLLABLES = ["ka", "lo", "mi", "ten", "ra", "vo", "sun", "del", "ar", "bi", "co", "nu", "pe", "zor", "ith", "an"]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def make_articles(n: int, days: int, seed: int = 7, *, english: bool = False) -> list[dict]:
    """`n` synthetic articles over `days` days; `english` puts English function words at the
    top of the common vocabulary (the random draws are the same either way)."""
    rng = random.Random(seed)
    common = [_word(rng, rng.randint(2, 3)) for _ in range(20_000)]
    if english:
        common = FUNCTION_WORDS + common
    cum, total = [], 0.0
    for i in range(len(common)):
        total += 1 / (i + 1)
        cum.append(total)
    start = date(2026, 1, 1)
    out: list[dict] = []
    stories: list[tuple[list[str], int]] = []
    for i in range(n):
        if out and rng.random() < 0.1:  # a wire copy of a recent article
            src = out[rng.randrange(max(0, len(out) - 500), len(out))]
            paragraphs = src["text"].split("\n\n")[1:]
            text = "\n\n".join([f"{_word(rng, 3).title()} {_word(rng, 2)} {_word(rng, 3)}", *paragraphs[:-1]])
            out.append({"id": f"a{i}", "text": text, "outlet": f"outlet{rng.randrange(300)}",
                        "published": src["published"]})
            continue
        if not stories or rng.random() < 0.35:
            stories.append(([_word(rng, 4) for _ in range(12)], min(days - 1, i * days // n)))
        topic, day0 = stories[rng.randrange(max(0, len(stories) - 400), len(stories))]
        day = min(days - 1, day0 + rng.randrange(3))
        paragraphs = []
        for _ in range(5):
            words = rng.choices(common, cum_weights=cum, k=30) + rng.sample(topic, 6)
            rng.shuffle(words)
            paragraphs.append(" ".join(words).capitalize() + ".")
        title = " ".join(rng.sample(topic, 3) + rng.choices(common, cum_weights=cum, k=3)).capitalize()
        out.append({"id": f"a{i}", "text": "\n\n".join([title, *paragraphs]), "outlet": f"outlet{rng.randrange(300)}",
                    "published": (start + timedelta(days=day)).isoformat()})
    return out


def run_one(n: int, days: int, english: bool = True) -> dict:
    from synopsis.core import load_articles
    from synopsis.stories import StoryGrouper

    records = make_articles(n, days, english=english)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        del records
        t0, c0 = time.perf_counter(), time.process_time()
        loaded = load_articles([path])
        t1, c1 = time.perf_counter(), time.process_time()
        grouper = StoryGrouper()
        assignments = grouper.add_all(loaded.articles)
        t2, c2 = time.perf_counter(), time.process_time()
    copies = sum(1 for a in assignments if a.duplicate_of is not None)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    return {"articles": len(loaded.articles), "load_s": round(t1 - t0, 2), "group_s": round(t2 - t1, 2),
            "articles_per_s": round(len(loaded.articles) / (t2 - t0), 1),
            "group_articles_per_s": round(len(loaded.articles) / (t2 - t1), 1),
            "load_cpu_s": round(c1 - c0, 2), "group_cpu_s": round(c2 - c1, 2),
            "articles_per_cpu_s": round(len(loaded.articles) / (c2 - c0), 1),
            "stories_touched": len(grouper.touched), "live_stories": len(grouper.live),
            "copies_collapsed": copies, "peak_rss_mb": round(peak_mb, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, nargs="*", default=[10_000, 100_000], help="numbers of articles")
    parser.add_argument("--days", type=int, default=0, help="days the articles span (default: n / 300)")
    parser.add_argument("--text", choices=("english", "nonsense"), default="english",
                        help="synthetic text with English function words (default) or without")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.n[0], args.days or max(1, args.n[0] // 300), args.text == "english")))
        return
    for n in args.n:
        cmd = [sys.executable, __file__, "--child", "--n", str(n), "--days", str(args.days), "--text", args.text]
        result = subprocess.run(cmd, capture_output=True, text=True, check=True)
        print(json.dumps({"n": n, "text": args.text, **json.loads(result.stdout.strip().splitlines()[-1])}), flush=True)


if __name__ == "__main__":
    main()
