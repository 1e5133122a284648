"""Train the same-event pair model shipped as src/synopsis/analyse/same_event.json.

    .venv/bin/python scripts/train_same_event.py ../shared/data [--clusters 800] [--no-embeddings]

Pairs (reproducible: fixed seed, first clusters of the file):

- Multi-News train (``summarization/multinews/multinews_train.jsonl.gz``, the first
  ``--clusters`` clusters, documents judged relevant): every pair inside a cluster is positive;
  for each document, ``RANDOM_NEGATIVES`` documents of other clusters drawn at random and the
  ``HARD_NEGATIVES`` of other clusters closest in TF-IDF words cosine (same topic, other event:
  the over-sampling of same-topic pairs) are negative;
- DUC 2003 event clusters (``summarization/duc2003/docs.without.headlines/d30*``, dated by
  their DOCNO): every pair inside a cluster positive, every pair across clusters negative.

Features are those of :mod:`synopsis.analyse.same_event`; two logistic regressions (scikit-learn,
balanced class weights) are fitted: ``fast`` without the embedding signal and ``full`` with it.
Affordable on a shared 2-core machine: about 2,000 documents, one encoder pass over their leads.

    .venv/bin/python scripts/train_same_event.py ../shared/data --join [--join-clusters 5000]

fits the ``join`` model instead (the stories grouper's learned join decision, the other models
kept as they are): the grouper (bars only) runs over the pooled first ``--join-clusters``
Multi-News train clusters (shuffled as ``synopsis evaluate stories`` does) and the DUC 2003 d30
stream; for each article, its ``JOIN_CANDIDATES`` best candidate stories give a row of
``JOIN_FEATURES``, positive when the story's most common gold cluster is the article's. The DUC
rows weigh ``JOIN_DUC_WEIGHT`` each (about 1% of the rows; weighing them 20 did not help DUC). About 2 CPU min.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from synopsis.analyse.same_event import FAST_FEATURES, FEATURES, lead_texts, pair_features  # noqa: E402
from synopsis.evaluate.datasets import document_article, read_duc, read_multinews  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "synopsis" / "analyse" / "same_event.json"
SEED = 21
RANDOM_NEGATIVES = 3
HARD_NEGATIVES = 3


def multinews_articles(path: Path, clusters: int):
    articles, gold = [], []
    for c in read_multinews(path, field="cleansed_document", limit=clusters):
        for doc in c.documents:
            articles.append(document_article(doc, f"multinews:{doc.id}", "multinews"))
            gold.append(c.id)
    return articles, np.array(gold)


def duc_articles(root: Path):
    clusters = [c for c in read_duc(root) if c.id.startswith("d30")]
    articles, gold = [], []
    for c in clusters:
        for doc in c.documents:
            a = document_article(doc, f"duc:{doc.id}", "".join(ch for ch in doc.id.split(".")[0] if ch.isalpha()))
            articles.append(a)
            gold.append(c.id)
    return articles, np.array(gold)


def encode(articles) -> np.ndarray:
    from synopsis.models import sentence_encoder

    vectors = np.asarray(sentence_encoder().encode(lead_texts(articles)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def rows(x: np.ndarray, gold: np.ndarray, rng: random.Random, sample_negatives: bool):
    n = len(gold)
    same = gold[:, None] == gold[None, :]
    iu = np.triu_indices(n, 1)
    pos = [(i, j) for i, j in zip(*iu) if same[i, j]]
    if sample_negatives:
        words = x[:, :, FEATURES.index("words")]
        neg = set()
        for i in range(n):
            others = np.nonzero(~same[i])[0]
            for j in rng.sample(list(others), min(RANDOM_NEGATIVES, len(others))):
                neg.add((min(i, j), max(i, j)))
            hard = others[np.argsort(-words[i, others])[:HARD_NEGATIVES]]
            neg.update((min(i, int(j)), max(i, int(j))) for j in hard)
        neg = sorted(neg)
    else:
        neg = [(i, j) for i, j in zip(*iu) if not same[i, j]]
    idx = pos + neg
    y = np.array([1] * len(pos) + [0] * len(neg))
    return np.array([x[i, j] for i, j in idx], dtype=np.float64), y


JOIN_DUC_WEIGHT = 1.0


def join_rows(articles, gold: dict[str, str]) -> tuple[list[list[float]], list[int]]:
    """Rows of the join decision's features and labels, recorded while grouping `articles`."""
    from collections import Counter

    from synopsis.stories import StoryGrouper, StoryOptions, group_articles

    X, y = [], []

    def observe(article, rows) -> None:
        for story, features, _margin in rows:
            major = Counter(gold[m.id] for m in story.originals).most_common(1)[0][0]
            X.append(features)
            y.append(int(major == gold[article.id]))

    grouper = StoryGrouper(StoryOptions(join_model=None))
    grouper.join_observer = observe
    group_articles(articles, grouper=grouper)
    return X, y


def train_join(data: Path, clusters: int) -> None:
    from sklearn.linear_model import LogisticRegression

    from synopsis.evaluate.stories import duc_stream, pooled_multinews
    from synopsis.stories.grouping import JOIN_FEATURES

    started = time.perf_counter()
    mn = pooled_multinews(data / "summarization/multinews/multinews_train.jsonl.gz", limit=clusters)
    duc = duc_stream(data / "summarization/duc2003")
    d30 = [a for a in duc.articles if duc.gold[a.id].startswith("d30")]
    X1, y1 = join_rows(mn.articles, mn.gold)
    X2, y2 = join_rows(d30, duc.gold)
    X, y = np.array(X1 + X2), np.array(y1 + y2)
    w = np.concatenate([np.ones(len(y1)), np.full(len(y2), JOIN_DUC_WEIGHT)])
    clf = LogisticRegression(C=1.0, max_iter=5000).fit(X, y, sample_weight=w)
    print(f"join: {len(mn.articles)} Multi-News train documents, {len(d30)} DUC d30; {len(y)} rows "
          f"({int(y.sum())} positive); " + ", ".join(f"{f} {c:+.2f}" for f, c in zip(JOIN_FEATURES, clf.coef_[0]))
          + f", intercept {clf.intercept_[0]:+.2f}", flush=True)
    data_out = json.loads(OUT.read_text(encoding="utf-8"))
    data_out["models"]["join"] = {
        "features": list(JOIN_FEATURES), "weights": [round(float(c), 6) for c in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6), "training_accuracy": round(clf.score(X, y, sample_weight=w), 4),
        "data": {"multinews_train_clusters": clusters, "multinews_documents": len(mn.articles),
                 "duc2003_d30_documents": len(d30), "rows": int(len(y)), "positive_rows": int(y.sum()),
                 "duc_weight": JOIN_DUC_WEIGHT}}
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data_out, indent=1) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote the join model to {OUT} in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    parser.add_argument("--clusters", type=int, default=800, help="Multi-News train clusters read (default 800)")
    parser.add_argument("--no-embeddings", action="store_true", help="fit the fast model only")
    parser.add_argument("--join", action="store_true", help="fit the stories grouper's join model only")
    parser.add_argument("--join-clusters", type=int, default=5000, help="Multi-News train clusters pooled for --join")
    args = parser.parse_args()
    if args.join:
        train_join(args.data, args.join_clusters)
        return
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(SEED)
    started = time.perf_counter()
    mn, mn_gold = multinews_articles(args.data / "summarization/multinews/multinews_train.jsonl.gz", args.clusters)
    duc, duc_gold = duc_articles(args.data / "summarization/duc2003")
    print(f"{len(mn)} Multi-News documents ({len(set(mn_gold))} clusters), {len(duc)} DUC 2003 d30 documents "
          f"({len(set(duc_gold))} clusters)", flush=True)
    blocks = []
    for articles, gold, sample in ((mn, mn_gold, True), (duc, duc_gold, False)):
        leads = None if args.no_embeddings else encode(articles)
        x = pair_features(articles, leads)
        blocks.append(rows(x, gold, rng, sample))
        del x
    X = np.vstack([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    print(f"{len(y)} pairs, {int(y.sum())} positive; features in {time.perf_counter() - started:.0f} s", flush=True)
    models = {}
    for name, feats in (("fast", FAST_FEATURES), ("full", FEATURES)):
        if name == "full" and args.no_embeddings:
            continue
        cols = [FEATURES.index(f) for f in feats]
        clf = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(X[:, cols], y)
        acc = clf.score(X[:, cols], y)
        models[name] = {"features": list(feats), "weights": [round(float(w), 6) for w in clf.coef_[0]],
                        "intercept": round(float(clf.intercept_[0]), 6), "training_accuracy": round(acc, 4)}
        print(f"{name}: training accuracy {acc:.3f}; " + ", ".join(f"{f} {w:+.2f}" for f, w in zip(feats, clf.coef_[0]))
              + f", intercept {clf.intercept_[0]:+.2f}", flush=True)
    data = {"trained_by": "scripts/train_same_event.py", "seed": SEED,
            "data": {"multinews_train_clusters": args.clusters, "multinews_documents": len(mn),
                     "duc2003_d30_documents": len(duc), "pairs": int(len(y)), "positive_pairs": int(y.sum())},
            "models": models}
    tmp = OUT.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
