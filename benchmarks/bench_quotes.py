"""Quote extraction speed: articles per second, spaCy parsing included (target >= 5 of ~800 words).

Reads the GenderGapTracker article texts in place (../shared/data/quotes-ggt/annotations.jsonl;
nothing is copied) or, with --example, the bundled invented articles in examples/event. The
model is loaded before timing; each run parses and extracts every article through `models.parse`.

    python benchmarks/bench_quotes.py [--runs 3] [--limit 30] [--example]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GGT = ROOT.parent / "shared" / "data" / "quotes-ggt" / "annotations.jsonl"


def load(example: bool, limit: int):
    if example:
        import synopsis

        return synopsis.load_articles([ROOT / "examples" / "event"]).articles[:limit]
    from synopsis.evaluate.quotes import article_from_text, read_ggt

    logging.disable(logging.WARNING)
    gold = read_ggt(GGT)
    # ~800-word articles: the GGT texts of 500 to 1,200 words
    chosen = [g for g in gold if 500 <= len(g.text.split()) <= 1200][:limit]
    return [article_from_text(g.id, g.text) for g in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--example", action="store_true", help="use examples/event instead of ../shared")
    args = parser.parse_args()

    from synopsis import models
    from synopsis.analyse.article import ArticleAnalysis
    from synopsis.analyse.quotes import extract_quotes

    articles = load(args.example, args.limit)
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    models.nlp()
    print(f"spaCy load: {time.perf_counter() - t0:.1f} s")
    list(models.parse([articles[0].text]))  # warm-up
    rates = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        n_quotes = 0
        for article, doc in zip(articles, models.parse((a.text for a in articles), batch_size=8)):
            n_quotes += len(extract_quotes(ArticleAnalysis(article, doc)))
        seconds = time.perf_counter() - t0
        rates.append(len(articles) / seconds)
    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(models.parse((a.text for a in articles), batch_size=8))
    parse, parse_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for article, doc in zip(articles, docs):
        extract_quotes(ArticleAnalysis(article, doc))
    extract, extract_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{len(articles)} articles, {words / len(articles):.0f} words on average, {n_quotes} quotes")
    print(f"one run split: parsing {parse:.2f} s, extraction {extract:.2f} s")
    # CPU time of this process (a loaded machine's wall clock says little): compare runs by these
    print(f"one run CPU: parsing {parse_cpu:.2f} s, extraction {extract_cpu:.2f} s")
    print(f"articles/s: median {statistics.median(rates):.2f} (runs: {', '.join(f'{r:.2f}' for r in rates)})")
    print(f"words/s: median {statistics.median(rates) * words / len(articles):.0f}")


if __name__ == "__main__":
    main()
