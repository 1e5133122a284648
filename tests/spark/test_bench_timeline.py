"""bench_spark's reading of Spark's event log: where one task ran alone, and where none ran (no Spark here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_spark.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_spark", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _events(jobs, tasks, stages):
    """jobs: (job, submitted, stage ids, call site); tasks: (stage, launch, finish) in ms; stages: id -> name."""
    out = [{"Event": "SparkListenerJobStart", "Job ID": j, "Submission Time": at,
            "Stage Infos": [{"Stage ID": s} for s in ids], "Properties": {"callSite.short": call}}
           for j, at, ids, call in jobs]
    out += [{"Event": "SparkListenerTaskEnd", "Stage ID": s, "Task Info": {"Launch Time": a, "Finish Time": b}}
            for s, a, b in tasks]
    out += [{"Event": "SparkListenerStageCompleted", "Stage Info": {"Stage ID": s, "Stage Name": name}}
            for s, name in stages.items()]
    out += [{"Event": "SparkListenerJobEnd", "Completion Time": max(b for _, _, b in tasks)}]
    return out


CASES = [
    # two tasks side by side, then a straggler of stage 1 alone for 3 s; stage 2 after 2 s of nothing
    (
        [(0, 0, [1], "collect at a.py:1"), (1, 5000, [2], "count at b.py:2")],
        [(1, 0, 1000), (1, 0, 4000), (2, 6000, 7000)],
        {1: "collect at a.py:1", 2: "count at b.py:2"},
        {"stage": 1, "name": "collect", "alone_s": 3.0, "tasks": 2, "longest_task_s": 4.0, "tasks_sum_s": 5.0},
        {"job": 1, "call": "count at b.py:2", "idle_s": 2.0},
    ),
    # tasks of two stages overlapping: alone only where exactly one runs
    (
        [(0, 0, [1, 2], "collect at c.py:3")],
        [(1, 0, 2000), (2, 1000, 5000), (2, 5500, 6000)],
        {1: "map at c.py:3", 2: "collect at c.py:3"},
        {"stage": 2, "name": "collect", "alone_s": 3.5, "tasks": 2, "longest_task_s": 4.0, "tasks_sum_s": 4.5},
        {"job": 0, "call": "collect at c.py:3", "idle_s": 0.5},
    ),
]


@pytest.mark.parametrize("jobs, tasks, stages, first_alone, first_idle", CASES)
def test_alone_and_idle(jobs, tasks, stages, first_alone, first_idle):
    bench = _bench()
    events = _events(jobs, tasks, stages)
    assert bench.alone_by_stage(events)[0] == first_alone
    assert bench.idle_before_job(events)[0] == first_idle
