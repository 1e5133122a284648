"""Tests of synopsis.spark.grouping: the driver's copy of Spark's hash partitioning, and the
balanced placement of the brief stage's stories."""

from __future__ import annotations

import pytest

from synopsis.spark.grouping import balanced_tasks, spark_hash_long, spread_keys


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


def test_balanced_tasks_costliest_first_to_the_least_loaded():
    placed = balanced_tasks([("s4", 1), ("s2", 9), ("s3", 2), ("s1", 10)], 2)
    assert placed == {"s1": 0, "s2": 1, "s3": 1, "s4": 0}  # loads 11 and 11
    # What the tasks hold already counts: task 0 starts full, the big story goes to task 1.
    assert balanced_tasks([("s1", 10), ("s2", 1)], 2, loads=[20.0, 0.0]) == {"s1": 1, "s2": 1}
    # Ties (equal costs, equal loads) broken by story id and task number: the same answer every run.
    assert balanced_tasks([("b", 1), ("a", 1), ("c", 1)], 2) == {"a": 0, "b": 1, "c": 0}
    with pytest.raises(ValueError):
        balanced_tasks([("a", 1)], 0)


def test_balanced_tasks_bound():
    """No task more than the costliest story over an even split (LPT's bound)."""
    import random

    rng = random.Random(5)
    costs = [(f"s{i:04d}", rng.choice([1, 1, 1, 2, 3, 8, 40])) for i in range(500)]
    for n in (2, 3, 4, 8):
        placed = balanced_tasks(costs, n)
        assert set(placed) == {s for s, _ in costs} and set(placed.values()) <= set(range(n))
        loads = [0] * n
        for story, cost in costs:
            loads[placed[story]] += cost
        assert max(loads) <= sum(loads) / n + max(c for _, c in costs)


@pytest.mark.parametrize(("rows", "schema"), [
    ([(2, 10), (0, 30)], "block int, task long"),
    ([(1, "s000003", 0.5)], "order long, story string, similarity double"),
    ([], "order long, new_id string, note string"),
])
def test_driver_table_is_a_local_relation(spark, rows, schema):
    """Small tables made on the driver are local relations (sized, broadcast in a join with no
    job), with the schema's types and the rows as given."""
    from pyspark.sql.types import _parse_datatype_string

    from synopsis.spark.session import driver_table

    table = driver_table(spark, rows, schema)
    assert table.schema == _parse_datatype_string(schema)
    assert [tuple(r) for r in table.collect()] == rows
    assert "LocalTableScan" in table._jdf.queryExecution().executedPlan().toString()
