"""Connected components of an edge list in Spark (min-label propagation with pointer jumping).

Used twice: for near-duplicate candidates (star edges from each MinHash bucket's first article,
so a hot bucket costs n edges, not n²: text-dedup, NeMo Curator) and for story merges across
blocks. Each round gives every node the least label among itself and its neighbours, then
jumps each label to its own label; it stops when no label changes. Deterministic: a
component's label is its least node.
"""

from __future__ import annotations


def connected_components(edges, *, max_rounds: int = 64):
    """``edges`` (src long, dst long) -> DataFrame (node long, component long) for every node of an edge."""
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
