"""Speed of the summarizer: a 10-document cluster warm, and the DUC 2003 evaluation end to end.

Usage: python benchmarks/bench_summary.py [--data ../shared/data/summarization/duc2003]
Targets (issue 3), 2 cores: a 10-document cluster summarised in under 0.5 s warm (cleaning,
sentence splitting and the default summarizer, from the cluster's documents); the DUC 2003
evaluation (60 clusters, the system and three baselines, ROUGE) in under 3 minutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    from synopsis.analyse.summary import summarize
    from synopsis.evaluate.datasets import read_duc
    from synopsis.evaluate.summaries import cluster_articles, evaluate_summaries, summary_input

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/summarization/duc2003")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"{args.data}: not found; give the DUC 2003 root with --data", file=sys.stderr)
        return 2

    clusters = [c for c in read_duc(args.data) if len(c.documents) == 10]
    timings = []
    for cluster in clusters:
        summarize(summary_input(cluster_articles(cluster)), 100)  # warm caches for this cluster's words
        t = time.perf_counter()
        summarize(summary_input(cluster_articles(cluster)), 100)
        timings.append(time.perf_counter() - t)
    words = statistics.mean(sum(len(d.text.split()) for d in c.documents) for c in clusters)
    print(f"10-document cluster (DUC 2003, {len(clusters)} clusters, {words:.0f} words each on average): "
          f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms warm")

    t = time.perf_counter()
    result = evaluate_summaries("duc", args.data)
    print(f"DUC 2003 evaluation end to end ({len(result.clusters)} clusters, {len(result.systems)} systems): "
          f"{time.perf_counter() - t:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
