"""The block plan of the Spark grouping (plain Python: no Spark, no Java needed)."""

from __future__ import annotations

import pytest

from synopsis.spark.blocks import UNDATED, plan_blocks, window_of


@pytest.mark.parametrize("published, days, expected", [
    ("2026-01-01", 30, 739617 // 30),
    ("2026-01-01T23:00:00+00:00", 1, 739617),
    (None, 30, UNDATED),
])
def test_window_of(published, days, expected):
    assert window_of(published, days) == expected


@pytest.mark.parametrize("windows, terms, size, blocks, sizes, neighbours", [
    # small input: one block, grouped exactly as on one machine
    ({1: 3, 2: 4, UNDATED: 1}, {}, 10, {1: 0, 2: 0, UNDATED: 0}, [8], []),
    # consecutive windows (gaps included) packed up to the size; neighbours: blocks whose spans touch
    ({1: 3, 2: 4, 3: 5, 7: 2}, {}, 8, {1: 0, 2: 0, 3: 1, 7: 1}, [7, 7], [(0, 1)]),
    # a window over the size is split by strongest term, terms packed in order
    ({1: 2, 2: 9}, {(2, "alpha"): 4, (2, "beta"): 3, (2, "gamma"): 2}, 5,
     {1: 0, (2, "alpha"): 1, (2, "beta"): 2, (2, "gamma"): 2}, [2, 4, 5], [(0, 1), (0, 2), (1, 2)]),
])
def test_plan_blocks(windows, terms, size, blocks, sizes, neighbours):
    plan = plan_blocks(windows, terms, size)
    got = {key: (plan.block(*key) if isinstance(key, tuple) else plan.block(key)) for key in blocks}
    assert got == blocks
    assert plan.sizes == sizes and sum(plan.sizes) == sum(windows.values())
    assert plan.neighbours() == neighbours


def test_story_json_round_trip():
    """Block stories travel between stages as JSON: members, dates, seq and centroid come back equal."""
    from synopsis.spark.blocks import story_from_json, story_json
    from synopsis.stories import Member, Story

    story = Story(id="s000007", members=[
        Member("a1", "r1", "Outlet A", "Dam opens", "2026-03-01", None, 1.0, "r1#abc"),
        Member("a2", "r2", "Outlet B", "Dam opens — again", None, "a1", 0.8731, None)],
        first="2026-03-01", last="2026-03-01", seq=12, centroid={"dam": 0.1 + 0.2, "spillway": 1 / 3})
    assert story_from_json("s000007", story_json(story)) == story
