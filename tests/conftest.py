"""Shared fixtures. Material in ../shared is read in place, never copied.

Tests that need ../shared fail with a clear message when it is missing under CI=true,
and skip with a reason elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "event"


def need_shared(*parts: str) -> Path:
    """Path below ../shared, or fail (CI) / skip (elsewhere) when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing: clone the project beside its shared/ folder (../shared)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared("seeds")


@pytest.fixture(scope="session")
def seeds_gold(seeds_dir):
    import json

    return json.loads((seeds_dir / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_brief(seeds_dir):
    import synopsis

    return synopsis.brief(sorted(seeds_dir.glob("*.txt")))


@pytest.fixture(scope="session")
def example_brief():
    import json

    import synopsis

    outlets = json.loads((ROOT / "examples" / "outlets.json").read_text(encoding="utf-8"))
    return synopsis.brief([EXAMPLE], synopsis.Options(outlets=outlets))
