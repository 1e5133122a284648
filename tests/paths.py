"""Where the tests find the project and ../shared, and `need_shared`: a module of its own (not
conftest.py) because several test folders hold a conftest.py, and ``from conftest import`` would
get whichever of them was imported first."""

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
