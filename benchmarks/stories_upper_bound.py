"""How far offline clustering gets on the story benchmarks: a ceiling for `synopsis stories`.

    python benchmarks/stories_upper_bound.py duc ../shared/data/summarization/duc2003
    python benchmarks/stories_upper_bound.py multinews ../shared/data/summarization/multinews/multinews_val.jsonl.gz
    python benchmarks/stories_upper_bound.py multinews PATH --embeddings    # + MiniLM (about 4 min)
    python benchmarks/stories_upper_bound.py multinews PATH --limit 400 --learned [--embeddings]
        # the same-event model's probability (synopsis.analyse.same_event; `fast`, or `full` with
        # --embeddings) in place of the cosine, beside the TF-IDF cosine on the same pool

Every pair of documents is compared (TF-IDF cosine, scikit-learn; optionally mixed 0.7/0.3 with
the cosine of MiniLM embeddings of each document's first 200 words), then hierarchical
clustering (SciPy: single, average or complete link) is cut at every threshold of a grid and the
BCubed F1 of each cut is printed with the best one; before the cuts, the ROC AUC and average
precision of the similarity over all pairs (same story or not) say how well it ranks them. The pool is the one `synopsis evaluate
stories` scores (same cleaning, same shuffling, same cross-cluster copies left out).

This is not a usable method: it sees the whole pool at once, ignores time, needs memory
quadratic in the pool, and picks its threshold by looking at the gold labels. Its best F1 is an
optimistic bound on what these similarity features can give an online, time-aware grouper.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from synopsis.evaluate.stories import bcubed, duc_stream, pooled_multinews  # noqa: E402

LINKAGES = ("single", "average", "complete")


def similarity_matrix(texts: list[str], embeddings: bool) -> np.ndarray:
    """Cosine of TF-IDF vectors (sublinear tf, English stop words out, words in two documents or
    more), mixed 0.7/0.3 with MiniLM cosine when `embeddings`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2).fit_transform(texts)
    sim = (matrix @ matrix.T).toarray().astype(np.float32)
    if embeddings:
        from synopsis.models import sentence_encoder

        started = time.perf_counter()
        vectors = sentence_encoder().encode([" ".join(t.split()[:200]) for t in texts])
        print(f"encoded {len(texts)} documents in {time.perf_counter() - started:.0f} s", flush=True)
        sim = 0.7 * sim + 0.3 * (vectors @ vectors.T)
    return sim


def pair_ranking(sim: np.ndarray, ids: list[str], gold: dict[str, str]) -> None:
    """Print how well the similarity ranks same-story pairs above the others, over every pair of
    the pool: ROC AUC and average precision (scikit-learn), no threshold involved."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    labels = np.array([gold[i] for i in ids])
    upper = np.triu_indices(len(ids), 1)
    same = labels[upper[0]] == labels[upper[1]]
    scores = sim[upper]
    print(f"pairs: {len(same)} ({int(same.sum())} same story); ROC AUC {roc_auc_score(same, scores):.4f}, "
          f"average precision {average_precision_score(same, scores):.4f}", flush=True)


def best_cuts(sim: np.ndarray, ids: list[str], gold: dict[str, str], thresholds: np.ndarray) -> None:
    """Print the pair ranking (:func:`pair_ranking`), then, for each linkage, the BCubed scores of
    the cut at each distance threshold and the best."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    pair_ranking(sim, ids, gold)

    distance = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    condensed = squareform(distance, checks=False)
    for method in LINKAGES:
        tree = linkage(condensed, method)
        rows = []
        for t in thresholds:
            scores = bcubed(dict(zip(ids, fcluster(tree, t, "distance"))), gold)
            rows.append((scores.f1, t, scores.precision, scores.recall))
            print(f"{method:<9} cosine >= {1 - t:.2f}  P {scores.precision:.3f}  R {scores.recall:.3f}  F1 {scores.f1:.4f}")
        f1, t, p, r = max(rows)
        print(f"best {method}: F1 {f1:.4f} (P {p:.3f}, R {r:.3f}) at cosine >= {1 - t:.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", choices=("duc", "multinews"))
    parser.add_argument("path")
    parser.add_argument("--embeddings", action="store_true", help="mix in MiniLM document embeddings")
    parser.add_argument("--learned", action="store_true",
                        help="also cut the same-event model's probability (memory: n x n x 9 floats)")
    parser.add_argument("--limit", type=int, default=None, help="Multi-News: first LIMIT clusters only")
    args = parser.parse_args()
    pool = duc_stream(args.path) if args.dataset == "duc" else pooled_multinews(args.path, limit=args.limit)
    ids = [a.id for a in pool.articles]
    texts = [f"{a.title or ''}\n{a.text}" for a in pool.articles]
    print(f"{args.dataset}: {len(ids)} documents, {len(set(pool.gold.values()))} gold stories", flush=True)
    sim = similarity_matrix(texts, args.embeddings)
    best_cuts(sim, ids, pool.gold, np.round(np.arange(0.50, 0.99, 0.02), 2))
    if args.learned:
        from synopsis.analyse.same_event import lead_texts, same_event_scores

        leads = None
        if args.embeddings:
            from synopsis.models import sentence_encoder

            leads = np.asarray(sentence_encoder().encode(lead_texts(pool.articles)), dtype=np.float32)
            leads /= np.linalg.norm(leads, axis=1, keepdims=True)
        print(f"learned same-event probability ({'full' if args.embeddings else 'fast'} model):", flush=True)
        best_cuts(same_event_scores(pool.articles, leads), ids, pool.gold, np.round(np.arange(0.02, 0.99, 0.04), 2))


if __name__ == "__main__":
    main()
