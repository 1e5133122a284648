"""Tests of synopsis.spark.grouping: the driver's copy of Spark's hash partitioning."""

from __future__ import annotations

import pytest

from synopsis.spark.grouping import spark_hash_long, spread_keys


@pytest.mark.parametrize(("value", "expected"), [
    (0, -1670924195),  # Spark 4: SELECT hash(CAST(0 AS BIGINT))
    (1, -1712319331),
    (-1, -939490007),
])
def test_spark_hash_long(value, expected):
    assert spark_hash_long(value) == expected


@pytest.mark.parametrize("n", [1, 2, 5, 8, 31])
def test_spread_keys_land_one_a_partition(n):
    keys = spread_keys(n)
    assert len(keys) == n
    assert sorted(spark_hash_long(k) % n for k in keys) == list(range(n))


def test_spark_hash_long_matches_spark(spark):
    from pyspark.sql import functions as F

    values = [*range(-50, 50), 2**31, -(2**31) - 1, 2**40 + 7, 2**63 - 1, -(2**63)]
    rows = (spark.createDataFrame([(v,) for v in values], "v long")
            .select("v", F.hash("v").alias("h")).collect())
    assert {r["v"]: r["h"] for r in rows} == {v: spark_hash_long(v) for v in values}
    keys = spread_keys(6)
    placed = (spark.createDataFrame([(k,) for k in keys], "k long").repartition(6, "k")
              .select("k", F.spark_partition_id().alias("p")).collect())
    assert {r["k"]: r["p"] for r in placed} == {k: i for i, k in enumerate(keys)}
