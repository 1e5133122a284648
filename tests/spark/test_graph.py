"""Connected components on the driver (plain Python: no Spark, no Java needed)."""

from __future__ import annotations

import pytest

from synopsis.spark.graph import components_of


@pytest.mark.parametrize("edges, expected", [
    ([], {}),
    ([(1, 2)], {1: 1, 2: 1}),
    # chains in any order and direction end at the least node
    ([(5, 4), (3, 4), (9, 3)], {3: 3, 4: 3, 5: 3, 9: 3}),
    # two components; a self-loop and a repeated edge change nothing
    ([(10, 11), (2, 7), (7, 2), (11, 11), (7, 1)], {10: 10, 11: 10, 1: 1, 2: 1, 7: 1}),
    # a star from its first member (the copy candidates' edges) and a star into a late node
    ([(3, 8), (3, 6), (3, 4), (20, 6)], {3: 3, 4: 3, 6: 3, 8: 3, 20: 3}),
])
def test_components_of(edges, expected):
    assert components_of(edges) == expected


@pytest.mark.parametrize("at_most", [None, 10, 0])
def test_connected_components_with_a_bound(spark, at_most):
    """A known bound within the local limit collects at once (no count first); the answer and
    the edge count are the same whichever way (a bound of 0 is over no limit: 0 <= local_edges)."""
    from synopsis.spark.graph import connected_components

    edges = spark.createDataFrame([(5, 4), (3, 4), (9, 3), (7, 7), (20, 21)], "src long, dst long")
    found, n = connected_components(edges, with_count=True, at_most=at_most)
    assert n == 4  # the self-loop left out
    assert {r["node"]: r["component"] for r in found.collect()} == {3: 3, 4: 3, 5: 3, 9: 3, 20: 20, 21: 20}
