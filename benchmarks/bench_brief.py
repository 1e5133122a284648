"""Speed of `synopsis brief`: model load time and warm time to brief a set of articles.

Usage: python benchmarks/bench_brief.py [PATH ...]   (default: ../shared/seeds, else examples/event)
Target (issue 2): the five seeds briefed in under 1.5 s warm on 2 cores.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def input_files(paths: list[str]) -> list[Path]:
    """The files to brief: each PATH (a folder: its .txt, .html and .jsonl files, sorted); by
    default ../shared/seeds, else examples/event. bench_same_fact.py briefs the same files."""
    paths = paths or [str(p) for p in [ROOT.parent / "shared" / "seeds"] if p.exists()] or [str(ROOT / "examples" / "event")]
    inputs = []
    for p in map(Path, paths):
        inputs += sorted(x for x in p.glob("*") if x.suffix in {".txt", ".html", ".jsonl"}) if p.is_dir() else [p]
    return inputs


def main(argv: list[str]) -> None:
    import synopsis
    from synopsis import models

    inputs = input_files(argv)

    t = time.perf_counter()
    models.nlp()
    spacy_load = time.perf_counter() - t
    t = time.perf_counter()
    models.sentence_encoder()
    encoder_load = time.perf_counter() - t

    t = time.perf_counter()
    synopsis.brief(inputs)
    first = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        result = synopsis.brief(inputs)
        warm.append(time.perf_counter() - t)
    words = sum(len(a.text.split()) for a in result.articles)
    print(f"inputs: {len(inputs)} files, {len(result.articles)} articles, {words} words kept")
    print(f"model load: spaCy {spacy_load:.2f} s, sentence encoder {encoder_load:.2f} s")
    print(f"first brief after load: {first:.2f} s")
    print(f"warm brief: median {statistics.median(warm):.2f} s, min {min(warm):.2f} s over {len(warm)} runs")


if __name__ == "__main__":
    main(sys.argv[1:])
