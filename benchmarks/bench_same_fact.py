"""Cost of the calibrated same-fact decision in a brief, as a ratio to the brief's warm time.

Usage: python benchmarks/bench_same_fact.py [PATH ...]   (default: ../shared/seeds, else examples/event)

Times, in one run, a warm `synopsis.brief` and, on the same articles, what the decision adds
once it is wired in: SentenceFacts of every sentence from the article's spaCy parse, and the
model on every cross-article pair at or above its cosine floor (`same_fact_matches`). The target
(issue 20) is a brief no more than 15% slower warm.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_brief import input_files  # noqa: E402 (the same inputs as the brief benchmark)


def main(argv: list[str]) -> None:
    import numpy as np

    import synopsis
    from synopsis import models
    from synopsis.analyse.alignment import SentenceSpace, same_fact_pairs
    from synopsis.analyse.same_fact import same_fact_matches, sentence_facts, span_of
    from synopsis.text.sentences import split_sentences
    from synopsis.core import reading_order

    inputs = input_files(argv)
    articles = reading_order(synopsis.load_articles(inputs).articles)
    sentences = [s for a in articles for s in split_sentences(a)]
    docs = {a.id: doc for a, doc in zip(articles, models.parse(a.text for a in articles))}
    space = SentenceSpace.build(sentences, models.sentence_encoder().encode([s.text for s in sentences]))
    model = models.same_fact_model()
    synopsis.brief(inputs)  # warm

    brief, added, rule = [], [], []
    for _ in range(5):
        t = time.perf_counter()
        synopsis.brief(inputs)
        brief.append(time.perf_counter() - t)
        t = time.perf_counter()
        facts = [sentence_facts(s.text, span_of(docs[s.article], s.start, s.end), space.tokens[k])
                 for k, s in enumerate(sentences)]
        matches = same_fact_matches(space, facts, model)
        added.append(time.perf_counter() - t)
        t = time.perf_counter()
        old = same_fact_pairs(space, 0.64)
        rule.append(time.perf_counter() - t)
    sim = space.similarity()
    art = np.array([s.article for s in sentences], dtype=object)
    candidates = int((np.triu(sim >= model.floor, 1) & (art[:, None] != art[None, :])).sum())
    b, a, r = statistics.median(brief), statistics.median(added), statistics.median(rule)
    print(f"{len(articles)} articles, {len(sentences)} sentences, {candidates} candidate pairs (cosine >= {model.floor})")
    print(f"warm brief: median {b:.3f} s; same-fact decision: {a:.3f} s; today's rule (same_fact_pairs): {r:.3f} s")
    print(f"brief with the decision added / brief: {(b + a) / b:.3f} (replacing the rule: {(b + a - r) / b:.3f})")
    print(f"pairs the model calls the same: {sum(len(v) for v in matches.values()) // 2}; "
          f"the rule: {sum(len(v) for v in old.values()) // 2}")


if __name__ == "__main__":
    main(sys.argv[1:])
