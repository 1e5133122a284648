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
