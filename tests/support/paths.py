"""Where things are: this checkout, its ``src/``, and the real public data beside the clone."""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["ROOT", "SRC", "FIXTURES", "SHARED", "SHARED_DATA", "SEEDS", "shared_data"]

#: the checkout (the folder holding ``pyproject.toml``)
ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
FIXTURES = ROOT / "tests" / "fixtures"

#: ``../shared/data`` beside the clone: real public datasets, never committed.
SHARED = ROOT.parent / "shared"
SHARED_DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def shared_data(*parts: str) -> Path:
    """Path below ``../shared/data``; skip the test, saying why, when it is absent."""
    p = SHARED_DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is absent: the real public data lives in ../shared/data beside the clone")
    return p
