"""Near-duplicate folding at scale, with the single machine's rule (:mod:`synopsis.deduplication`).

1. Each article's MinHash signature is the single machine's (``NearDuplicateIndex.signature`` of
   ``body_text``: the same shingles, hashes and permutations), cut into the bands of the
   single machine's LSH index (datasketch's ``MinHashLSH`` with the same threshold and number of
   permutations: the same b bands of r rows).
2. Articles sharing a band are candidates; each bucket gives star edges from its first article,
   and connected components of those edges hold every candidate pair.
3. Inside each component the single machine's rule runs as it does on one machine: articles in
   processing order (publication date, undated last, then input order), each checked against the
   originals indexed so far (``NearDuplicateIndex.query``: the earliest original whose estimated
   Jaccard similarity reaches the threshold); a copy is not indexed, an original is. Pairs in
   different components are never candidates, so this equals the single machine's answer over
   the whole input, article for article.
"""

from __future__ import annotations

import copy
from functools import lru_cache, partial

import numpy as np


def band_ranges(index) -> list[tuple[int, int]]:
    """The (start, end) rows of each band of the single machine's LSH index."""
    return [tuple(r) for r in index._lsh.hashranges]  # datasketch's MinHashLSH, as the index built it


def signature_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u4").tobytes()


def band_keys(signature: np.ndarray, ranges) -> list[bytes]:
    """One key per band: the band's number and its rows (two articles share a key iff the
    datasketch index puts them in the same bucket of that band)."""
    return [bytes([k]) + signature[a:b].astype("<u4").tobytes() for k, (a, b) in enumerate(ranges)]


def processing_key(published, order: int) -> tuple:
    """The single machine's order of grouping: by date, undated last, then input order."""
    missing = published is None or (isinstance(published, float) and published != published)
    return (missing, "" if missing else published, int(order))


@lru_cache(maxsize=4)
def _empty_index(dedup_options):
    from ..copies import NearDuplicateIndex

    return NearDuplicateIndex(dedup_options)


def fresh_index(dedup_options):
    """An empty index of the single machine's kind: a copy of one built once per worker process
    (building one solves datasketch's band parameters, ~7 ms: more than a component's rule)."""
    return copy.deepcopy(_empty_index(dedup_options))


def copy_rule(frame, dedup_options):
    """``applyInPandas`` over a share of the components: (component, order, published, signature,
    shingles) -> (order, original, similarity) for the copies, by the single machine's index (its
    Jaccard and containment rules: ``NearDuplicateIndex.query`` with the shingle counts), one
    component after the other (a fresh index each). One pandas call per share, not per component."""
    import pandas as pd

    components: dict[int, list] = {}
    for row in zip(frame["component"].tolist(), frame["order"].tolist(), frame["published"].tolist(),
                   frame["signature"].tolist(), frame["shingles"].tolist()):
        components.setdefault(int(row[0]), []).append(row[1:])
    out_order, out_original, out_sim = [], [], []
    for component in sorted(components):
        index = fresh_index(dedup_options)
        for order, _published, sig, shingles in sorted(components[component], key=lambda r: processing_key(r[1], r[0])):
            signature = np.frombuffer(bytes(sig), dtype="<u4").astype(np.uint32)
            size = None if shingles is None or shingles != shingles else int(shingles)
            found = index.query(signature, size)
            if found is not None:
                out_order.append(int(order))
                out_original.append(int(found[0]))
                out_sim.append(float(found[1]))
            else:
                index.add(str(int(order)), signature, size)
    return pd.DataFrame({"order": pd.Series(out_order, dtype="int64"), "original": pd.Series(out_original, dtype="int64"),
                         "similarity": pd.Series(out_sim, dtype="float64")})


def find_copies(signatures, dedup_options, *, partitions: int | None = None, counts=None):
    """``signatures`` (order, published, signature, shingles, bands) -> DataFrame (order, original, similarity)
    of the copies; every article not listed is an original."""
    from pyspark.sql import functions as F

    from .graph import connected_components
    from .session import cpu_timed

    shares = partitions or int(signatures.sparkSession.conf.get("spark.sql.shuffle.partitions"))
    buckets = (signatures.select("order", F.explode("bands").alias("band"))
               .groupBy("band").agg(F.min("order").alias("root"), F.collect_list("order").alias("members"))
               .where(F.size("members") > 1))
    edges = (buckets.select(F.col("root").alias("src"), F.explode("members").alias("dst"))
             .where(F.col("src") != F.col("dst")))
    components = connected_components(edges)
    members = components.join(signatures.select("order", "published", "signature", "shingles"),
                              components.node == signatures.order).drop("node")
    return members.withColumn("share", F.pmod(F.hash("component"), F.lit(shares))).groupBy("share").applyInPandas(
        cpu_timed(partial(copy_rule, dedup_options=dedup_options), counts, "copies"),
        "order long, original long, similarity double")
