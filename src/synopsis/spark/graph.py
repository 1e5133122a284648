"""Connected components of an edge list in Spark.

Used twice: for near-duplicate candidates (star edges from each MinHash bucket's first article,
so a hot bucket costs n edges, not n²: text-dedup, NeMo Curator) and for story merges across
blocks. A component's label is its least node, whichever way it is computed:

- an edge list of at most ``local_edges`` edges (the merges across blocks, and the copy
  candidates of inputs up to millions of articles: a few bytes an edge) is collected once and
  joined on the driver by union-find (:func:`components_of`): one Spark job instead of the
  iterative rounds below, each of which is several jobs with a checkpoint;
- a larger one stays distributed: min-label propagation with pointer jumping, each round giving
  every node the least label among itself and its neighbours, then jumping each label to its own
  label, until no label changes.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Edge lists up to this size are joined on the driver (about 50 bytes an edge there).
LOCAL_EDGES = 1_000_000


def components_of(edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Union-find over (src, dst) pairs -> {node: least node of its component}."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        top = x
        while parent[top] != top:
            top = parent[top]
        while parent[x] != top:  # path compression
            parent[x], x = top, parent[x]
        return top

    for a, b in edges:
        ra, rb = root(int(a)), root(int(b))
        if ra != rb:
            if ra < rb:
                parent[rb] = ra
            else:
                parent[ra] = rb
    return {node: root(node) for node in parent}


def connected_components(edges, *, max_rounds: int = 64, local_edges: int = LOCAL_EDGES, with_count: bool = False,
                         at_most: int | None = None):
    """``edges`` (src long, dst long) -> DataFrame (node long, component long) for every node of an
    edge; with `with_count`, (that DataFrame, the number of edges between two nodes). `at_most`:
    a bound on the edges known beforehand; within ``local_edges`` they are collected at once, in
    one job, with no count before."""
    from pyspark.sql import functions as F

    spark = edges.sparkSession
    edges = edges.select("src", "dst").where(F.col("src") != F.col("dst"))
    # Counted first, then collected: a limit would compute the partitions a few at a time (one,
    # then four, ...), leaving cores idle; the count runs them all at once and the collect reads
    # the shuffle (or cache) they left.
    n_edges = None if at_most is not None and at_most <= local_edges else edges.count()
    if n_edges is None or n_edges <= local_edges:
        few = edges.collect()
        n_edges = len(few)
        import pandas as pd

        labels = components_of((r["src"], r["dst"]) for r in few)
        nodes = sorted(labels)
        frame = pd.DataFrame({"node": pd.Series(nodes, dtype="int64"),
                              "component": pd.Series([labels[n] for n in nodes], dtype="int64")})
        found = spark.createDataFrame(frame, "node long, component long")
    else:
        found = _propagated(edges, max_rounds=max_rounds)
    return (found, n_edges) if with_count else found


def _propagated(edges, *, max_rounds: int):
    from pyspark.sql import functions as F

    both = edges.select("src", "dst").union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    both = both.where(F.col("src") != F.col("dst")).distinct().localCheckpoint()
    labels = both.groupBy(F.col("src").alias("node")).agg(F.least(F.min("dst"), F.first("src")).alias("label"))
    labels = labels.localCheckpoint()
    for _ in range(max_rounds):
        spread = both.join(labels, both.src == labels.node).select(both.dst.alias("node"), labels.label)
        new = labels.union(spread).groupBy("node").agg(F.min("label").alias("label"))
        parent = new.select(F.col("node").alias("p"), F.col("label").alias("plabel"))
        new = new.join(parent, new.label == parent.p, "left").select(
            "node", F.least(F.col("label"), F.coalesce(F.col("plabel"), F.col("label"))).alias("label"))
        new = new.localCheckpoint()
        changed = new.alias("n").join(labels.alias("o"), "node").where(F.col("n.label") < F.col("o.label")).count()
        labels = new
        if changed == 0:
            break
    else:  # pragma: no cover - graphs here have a small diameter
        raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")
    return labels.select("node", F.col("label").alias("component"))
