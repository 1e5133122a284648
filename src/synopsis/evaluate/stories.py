"""Evaluate story grouping: pooled benchmark clusters, BCubed and pairwise scores, a baseline.

- `pooled_multinews`: every source document of every Multi-News cluster, pooled and shuffled with
  a fixed seed; the gold story of a document is its cluster. By default the documents judged
  relevant (``cleansed_document``) are pooled. Multi-News clusters share some near-identical
  documents (web-archive notices, social-media embeds, comment prompts that survived the
  relevance vote); the gold labels of such copies contradict each other. With
  ``cross_cluster_copies="drop"`` (the default of `evaluate_stories`) every document that is a
  near-copy (MinHash Jaccard >= 0.5) of a document of *another* gold cluster is left out of the
  pool, all copies of it; ``"keep"`` pools them as they are. The report says how many.
- `duc_stream`: the documents of all DUC clusters as one dated stream (dates from the DOCNO).
- `bcubed`, `pairwise`: clustering scores (Bagga and Baldwin 1998; Amigó et al. 2009).
- `tfidf_single_link`: the baseline, TF-IDF cosine (scikit-learn) with single-link grouping
  at a fixed threshold (connected components of the pairs at or above it).

Documents become :class:`~synopsis.records.Article` records through the regular cleaner
(regular expressions only; spaCy is never loaded here).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..copies import DedupOptions, NearDuplicateIndex
from ..records import Article
from .datasets import DatasetError, Document, document_article, read_duc, read_multinews

DATASETS = ("multinews", "duc")
#: Baseline thresholds tried in every run; the report gives each and the best.
BASELINE_THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)


@dataclass(slots=True)
class Pool:
    """Articles to group, in stream order, with the gold story of each (by article id)."""

    articles: list[Article]
    gold: dict[str, str]
    dropped: int = 0  # documents left out (cross-cluster copies)
    dropped_clusters: int = 0  # gold clusters those copies came from
    notes: list[str] = field(default_factory=list)


def _cross_cluster_copies(items: list[tuple[Document, str]], options: DedupOptions) -> set[str]:
    """Ids of documents that are near-copies of a document of another gold cluster (all copies)."""
    index = NearDuplicateIndex(options)
    groups: dict[str, list[str]] = {}  # first copy id -> ids of all its copies
    gold_of: dict[str, str] = {}
    for doc, gold in items:
        gold_of[doc.id] = gold
        sig = index.signature(doc.text)
        found = index.query(sig)
        if found is None:
            index.add(doc.id, sig)
            groups[doc.id] = [doc.id]
        else:
            groups[found[0]].append(doc.id)
    out: set[str] = set()
    for ids in groups.values():
        if len({gold_of[i] for i in ids}) > 1:
            out.update(ids)
    return out


def pooled_multinews(
    path: str | Path,
    *,
    field: str = "cleansed_document",
    seed: int = 13,
    limit: int | None = None,
    cross_cluster_copies: str = "drop",
) -> Pool:
    """All documents of the Multi-News clusters in `path`, shuffled with `seed`; gold = cluster.

    `limit` reads the first that many clusters only. `cross_cluster_copies`: "drop" or "keep"
    (see the module docstring).
    """
    if cross_cluster_copies not in ("drop", "keep"):
        raise ValueError(f"cross_cluster_copies must be 'drop' or 'keep' (got {cross_cluster_copies!r})")
    items = [(doc, c.id) for c in read_multinews(path, field=field, limit=limit) for doc in c.documents]
    if not items:
        raise DatasetError(f"{path}: no documents in field {field!r}")
    pool = Pool([], {})
    if cross_cluster_copies == "drop":
        # The pool is fixed data, not the product: its filter stays the symmetric Jaccard >= 0.5 it
        # was built with (LSH candidates at 0.5 too), so scores before and after a change of the
        # copy rule are measured on the same documents.
        drop = _cross_cluster_copies(items, DedupOptions(candidates=0.5))
        pool.dropped = len(drop)
        pool.dropped_clusters = len({g for d, g in items if d.id in drop})
        items = [(d, g) for d, g in items if d.id not in drop]
        pool.notes.append(f"left out {pool.dropped} documents that are near-copies of a document of another "
                          f"cluster ({pool.dropped_clusters} clusters touched)")
    random.Random(seed).shuffle(items)
    for doc, gold in items:
        pool.articles.append(document_article(doc, f"multinews:{doc.id}", "multinews"))
        pool.gold[doc.id] = gold
    return pool


def duc_stream(path: str | Path) -> Pool:
    """The documents of all DUC clusters as one stream in date order (dates from the DOCNO,
    outlets from its agency prefix); gold = cluster."""
    clusters = read_duc(path)
    pool = Pool([], {})
    items = [(doc, c.id) for c in clusters for doc in c.documents]
    items.sort(key=lambda dg: (dg[0].date or "9999", dg[0].id))
    seen: Counter[str] = Counter()
    for doc, gold in items:
        seen[doc.id] += 1
        if seen[doc.id] > 1:  # the same document in two clusters: one item per document
            pool.dropped += 1
            continue
        outlet = "".join(ch for ch in doc.id.split(".")[0] if ch.isalpha()) or "DUC"
        pool.articles.append(document_article(doc, f"duc:{doc.id}", outlet))
        pool.gold[doc.id] = gold
    if pool.dropped:
        pool.notes.append(f"{pool.dropped} documents are in two clusters; each is scored once, in its first "
                          "cluster (by cluster id order)")
    return pool


# --- scores -----------------------------------------------------------------------------------

@dataclass(slots=True, frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _check(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> list[str]:
    if set(predicted) != set(gold):
        missing, extra = set(gold) - set(predicted), set(predicted) - set(gold)
        raise ValueError(f"predicted and gold label different items ({len(missing)} without a prediction, "
                         f"{len(extra)} without a gold label)")
    if not gold:
        raise ValueError("no items to score")
    return list(gold)


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """BCubed precision, recall and F1 (Bagga and Baldwin 1998), averaged over items."""
    items = _check(predicted, gold)
    joint = Counter((predicted[i], gold[i]) for i in items)
    p_size = Counter(predicted[i] for i in items)
    g_size = Counter(gold[i] for i in items)
    p = sum(n * n / p_size[pc] for (pc, _), n in joint.items()) / len(items)
    r = sum(n * n / g_size[gc] for (_, gc), n in joint.items()) / len(items)
    return Scores(p, r, _f1(p, r))


def pairwise(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """Pairwise precision, recall and F1 over the pairs put in one cluster. With no predicted
    (gold) pair, precision (recall) is 1."""
    items = _check(predicted, gold)

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter((predicted[i], gold[i]) for i in items))
    pred = pairs(Counter(predicted[i] for i in items))
    true = pairs(Counter(gold[i] for i in items))
    p = both / pred if pred else 1.0
    r = both / true if true else 1.0
    return Scores(p, r, _f1(p, r))


# --- baseline ---------------------------------------------------------------------------------

def tfidf_single_link(
    texts: Sequence[str], thresholds: Sequence[float] = (0.3,), *, chunk: int = 1000
) -> dict[float, list[int]]:
    """Cluster labels per threshold: TF-IDF (English stop words, sublinear tf) cosine, single
    link = connected components of the pairs with cosine >= threshold."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32).fit_transform(texts)
    n = x.shape[0]
    low = min(thresholds)
    rows, cols, vals = [], [], []
    xt = x.T.tocsc()
    for start in range(0, n, chunk):
        sims = (x[start:start + chunk] @ xt).tocoo()
        keep = (sims.data >= low) & (sims.row + start < sims.col)
        rows.append(sims.row[keep] + start)
        cols.append(sims.col[keep])
        vals.append(sims.data[keep])
    r, c, v = (np.concatenate(a) if a else np.zeros(0) for a in (rows, cols, vals))
    out = {}
    for t in thresholds:
        keep = v >= t
        graph = coo_matrix((np.ones(int(keep.sum())), (r[keep], c[keep])), shape=(n, n))
        out[t] = connected_components(graph, directed=False)[1].tolist()
    return out


# --- the evaluation ---------------------------------------------------------------------------

@dataclass(slots=True)
class MethodResult:
    name: str
    bcubed: Scores
    pairwise: Scores
    clusters: int
    seconds: float


@dataclass(slots=True)
class StoriesReport:
    """System and baseline scores on one pooled data set."""

    dataset: str
    path: str
    documents: int
    gold_stories: int
    system: MethodResult
    baselines: list[MethodResult]
    duplicates: int  # articles the system collapsed as near-copies
    notes: list[str] = field(default_factory=list)

    @property
    def best_baseline(self) -> MethodResult:
        return max(self.baselines, key=lambda m: (m.bcubed.f1, m.name))

    def format(self) -> str:
        head = (f"{self.dataset}: {self.documents} documents, {self.gold_stories} gold stories ({self.path})")
        lines = [head, f"{'method':<28} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pair P':>7} {'pair R':>7} "
                       f"{'pair F1':>7} {'stories':>7} {'secs':>6}"]
        best = self.best_baseline.name
        for m in [self.system, *self.baselines]:
            mark = " *" if m.name == best else ""
            lines.append(f"{m.name + mark:<28} {m.bcubed.precision:6.3f} {m.bcubed.recall:6.3f} {m.bcubed.f1:6.3f} "
                         f"{m.pairwise.precision:7.3f} {m.pairwise.recall:7.3f} {m.pairwise.f1:7.3f} "
                         f"{m.clusters:7d} {m.seconds:6.1f}")
        lines.append(f"(* best baseline threshold; system collapsed {self.duplicates} near-copies)")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def evaluate_stories(
    dataset: str,
    path: str | Path,
    *,
    options=None,
    limit: int | None = None,
    seed: int = 13,
    cross_cluster_copies: str = "drop",
    baseline_thresholds: Sequence[float] = BASELINE_THRESHOLDS,
) -> StoriesReport:
    """Score story grouping (:mod:`synopsis.stories`, `options`) and the TF-IDF single-link
    baseline on "multinews" (a .jsonl[.gz] file, pooled and shuffled with `seed`, `limit`
    clusters) or "duc" (a DUC root, as a dated stream)."""
    from ..stories import StoryOptions, group_articles

    if dataset == "multinews":
        pool = pooled_multinews(path, seed=seed, limit=limit, cross_cluster_copies=cross_cluster_copies)
    elif dataset == "duc":
        pool = duc_stream(path)
    else:
        raise ValueError(f"unknown dataset {dataset!r}: choose one of {', '.join(DATASETS)}")
    gold = pool.gold
    ids = [a.id for a in pool.articles]

    start = time.perf_counter()
    result = group_articles(pool.articles, options or StoryOptions())
    seconds = time.perf_counter() - start
    predicted = {a.article: a.story for a in result.assignments}
    system = MethodResult("synopsis stories", bcubed(predicted, gold), pairwise(predicted, gold),
                          len(set(predicted.values())), seconds)
    duplicates = sum(1 for a in result.assignments if a.duplicate_of is not None)

    start = time.perf_counter()
    labels = tfidf_single_link([a.text for a in pool.articles], baseline_thresholds)
    seconds = time.perf_counter() - start
    baselines = []
    for t, lab in labels.items():
        pred = dict(zip(ids, lab))
        baselines.append(MethodResult(f"tf-idf single link @{t:.2f}", bcubed(pred, gold), pairwise(pred, gold),
                                      len(set(lab)), seconds))
    return StoriesReport(dataset, str(path), len(ids), len(set(gold.values())), system, baselines, duplicates,
                         list(pool.notes))
