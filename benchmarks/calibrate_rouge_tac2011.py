"""Calibrate synopsis.evaluate.rouge against the published TAC 2011 MultiLing ROUGE scores.

Scores the submitted English system summaries (correctedSubmissions/ID*/English) against the
three model summaries per topic and compares with the scores the organisers published, which
came from ROUGE-1.5.5 -a -x -2 4 -u -c 95 -r 1000 -n 2 -f A -p 0.5 -t 0 -d (no stemming, no
length limit, pooled over references). Prints:

1. our convention (250-word cut, Porter stemming, mean over references) against the published
   average ROUGE-1/ROUGE-2 recall per system: difference, mean offset, rank correlation;
2. our scorer switched to the published settings against the published per-summary scores
   (how exactly rouge-score reproduces ROUGE-1.5.5 here);
3. the mean offset as each setting moves from ours to the published one.

    PYTHONPATH=src python benchmarks/calibrate_rouge_tac2011.py [--data DIR] [--words 250]

The data is read in place from ../shared (never copied). Takes about 10 s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.stats import kendalltau, spearmanr

from synopsis.evaluate.datasets import (
    TAC2011_EVAL_TOPICS,
    Cluster,
    PublishedScore,
    read_tac2011,
    read_tac2011_peers,
    read_tac2011_rouge,
    read_tac2011_rouge_detailed,
)
from synopsis.evaluate.rouge import RougeScores, aggregate, score_recall_at

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "summarization" / "tac2011-multiling-en"
METRICS = (("ROUGE-1", "rouge1"), ("ROUGE-2", "rouge2"))
PUBLISHED_SETTINGS = dict(n_words=None, average="pooled", use_stemmer=False)

Scored = dict[str, dict[str, RougeScores]]  # system -> topic -> scores


def score_systems(clusters: list[Cluster], peers: dict[str, dict[str, str]], **options: object) -> Scored:
    """{system: {topic: scores}} for every submitted summary of a topic we have references for."""
    return {
        system: {
            c.id: score_recall_at(summaries[c.id], c.references, **options)  # type: ignore[arg-type]
            for c in clusters
            if c.id in summaries
        }
        for system, summaries in peers.items()
    }


def system_recall(scored: Scored, systems: list[str], attr: str) -> np.ndarray:
    return np.array([getattr(aggregate(scored[s].values()), attr).recall for s in systems])


def published_recall(published: dict[str, dict[str, PublishedScore]], systems: list[str], metric: str) -> np.ndarray:
    return np.array([published[s][metric].recall for s in systems])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="tac2011-multiling-en folder (default: ../shared/...)"
    )
    ap.add_argument("--words", type=int, default=250, help="word limit for candidate and references (default 250)")
    args = ap.parse_args(argv)

    clusters = read_tac2011(args.data)
    peers = read_tac2011_peers(args.data)
    published = read_tac2011_rouge(args.data)
    detailed = read_tac2011_rouge_detailed(args.data)
    systems = [s for s in peers if s in published]
    left_out = sorted(set(peers) ^ set(published))
    if left_out:
        print(f"left out (outputs or published scores missing): {', '.join(left_out)}", file=sys.stderr)

    # 1. Our convention against the published averages.
    ours = score_systems(clusters, peers, n_words=args.words, average="mean", use_stemmer=True)
    print(f"TAC 2011 MultiLing English, {len(clusters)} topics, {len(systems)} systems. Recall %.")
    print(f"ours = rouge-score, first {args.words} words, Porter stemming, mean over 3 references")
    print(f"published = ROUGE-1.5.5 -n 2 -f A, no stemming, no length limit\n")
    print(f"{'system':<7} {'pub R-1':>8} {'ours R-1':>9} {'diff':>6}   {'pub R-2':>8} {'ours R-2':>9} {'diff':>6}")
    table = {m: (published_recall(published, systems, m), system_recall(ours, systems, a)) for m, a in METRICS}
    for i, s in enumerate(systems):
        cells = [f"{100 * p[i]:8.2f} {100 * o[i]:9.2f} {100 * (o[i] - p[i]):+6.2f}" for p, o in table.values()]
        print(f"{s:<7} " + "   ".join(cells))
    print()
    for metric, (pub, our) in table.items():
        rho, tau = spearmanr(pub, our).statistic, kendalltau(pub, our).statistic
        print(f"{metric}: mean offset {100 * (our - pub).mean():+.2f} points (ours - published), "
              f"range {100 * (our - pub).min():+.2f} to {100 * (our - pub).max():+.2f}; "
              f"Spearman rho {rho:.3f}, Kendall tau {tau:.3f}")

    # 2. Our scorer with the published settings against the published per-summary scores.
    replica = score_systems(clusters, peers, **PUBLISHED_SETTINGS)
    diffs = []
    for s in systems:
        for k, topic in TAC2011_EVAL_TOPICS.items():
            for metric, attr in METRICS:
                pub = detailed.get(s, {}).get(metric, {}).get(k)
                if pub is None or topic not in replica[s]:
                    continue
                our = getattr(replica[s][topic], attr)
                diffs += [abs(pub.recall - our.recall), abs(pub.precision - our.precision), abs(pub.f1 - our.f1)]
    sys_diffs = [
        abs(a - b)
        for m, a_ in METRICS
        for a, b in zip(published_recall(published, systems, m), system_recall(replica, systems, a_))
    ]
    print(f"\nWith the published settings (no stemming, no limit, pooled over references):")
    print(f"  per-summary R/P/F of ROUGE-1 and ROUGE-2: {len(diffs)} values, max |diff| {max(diffs):.6f} "
          f"({sum(d <= 0.5e-5 + 1e-12 for d in diffs)} equal at the 5 published decimals; the rest differ in the last "
          f"digit because ROUGE-1.5.5 computes F from rounded R and P)")
    # ROUGE-1.5.5 reports as "Average" the mean of its bootstrap resamples (-r 1000), not the plain
    # mean of the per-summary scores, so the published averages carry a little sampling noise.
    boot = [
        abs(published[s][m].recall - float(np.mean([v.recall for v in detailed[s][m].values()])))
        for s in systems
        for m, _ in METRICS
        if detailed.get(s, {}).get(m)
    ]
    print(f"  system averages: max |diff| {100 * max(sys_diffs):.3f} points; the published averages differ as much "
          f"from the mean of the published per-summary scores (max {100 * max(boot):.3f}): ROUGE-1.5.5 reports "
          "the mean of its 1000 bootstrap resamples")

    # 3. Where the offset of our convention comes from.
    print("\nMean offset (ours - published, points) as each setting moves to the published one:")
    variants = [
        (f"ours: first {args.words} words, stemmed, mean", ours),
        (f"first {args.words} words, no stemming, mean",
         score_systems(clusters, peers, n_words=args.words, average="mean", use_stemmer=False)),
        ("no limit, no stemming, pooled (published settings)", replica),
    ]
    for label, scored in variants:
        cells = [
            f"{m} {100 * (system_recall(scored, systems, a) - published_recall(published, systems, m)).mean():+.2f}"
            for m, a in METRICS
        ]
        print(f"  {label:<52} " + "  ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
