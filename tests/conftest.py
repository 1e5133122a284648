"""Shared fixtures. Material in ../shared is read in place, never copied.

Tests that need ../shared fail with a clear message when it is missing under CI=true,
and skip with a reason elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paths import EXAMPLE, ROOT, SHARED, need_shared  # noqa: E402,F401 - re-exported for the fixtures


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
