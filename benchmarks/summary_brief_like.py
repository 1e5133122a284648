"""The summary benchmark run the way a brief runs the summarizer (D11 of the architecture review).

`synopsis evaluate summaries` (and the CI floors) build the summarizer's input without embeddings,
so its repeat check is TF-IDF cosine >= 0.72. A brief builds it from a `Corpus`: MiniLM cosine
>= 0.72 plus the alignment's same-fact pairs. This script scores `coverage` both ways on the same
clusters, in one run, so the two redundancy rules can be compared. (The brief's third rule, leaving
out articles flagged as covering another event, needs the whole brief and is not run here.)

Usage: python benchmarks/summary_brief_like.py duc|tac|multinews PATH [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main(argv: list[str]) -> None:
    from synopsis.analyse.corpus import Corpus
    from synopsis.analyse.summary import summarize
    from synopsis.evaluate.rouge import aggregate, score_f1, score_recall_at, truncate_words
    from synopsis.evaluate.summaries import DATASETS, cluster_articles, read_clusters, summary_input

    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=sorted(DATASETS))
    parser.add_argument("path")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    words, measure = DATASETS[args.dataset]

    def score(text, refs):  # as evaluate/summaries._score
        return score_recall_at(text, refs, words) if measure == "recall" else score_f1(truncate_words(text, words), refs)

    benchmark, brief_like = [], []
    started = time.perf_counter()
    for cluster in read_clusters(args.dataset, args.path, args.limit):
        if not cluster.references:
            continue
        articles = cluster_articles(cluster, [])
        inp = summary_input(articles)
        benchmark.append(score("\n".join(inp.sentences[i].text for i in summarize(inp, words, "coverage", fill=True)),
                               cluster.references))
        corpus = Corpus(articles, sentences=inp.sentences)
        like, _ = corpus.summary_input()
        brief_like.append(score("\n".join(like.sentences[i].text for i in summarize(like, words, "coverage", fill=True)),
                                cluster.references))
    print(f"{args.dataset}: {len(benchmark)} clusters, coverage, {time.perf_counter() - started:.0f} s")
    print(f"  benchmark input (TF-IDF cosine >= 0.72):             {aggregate(benchmark).format(measure)}")
    print(f"  brief-like input (MiniLM cosine >= 0.72 + same-fact): {aggregate(brief_like).format(measure)}")


if __name__ == "__main__":
    main(sys.argv[1:])
