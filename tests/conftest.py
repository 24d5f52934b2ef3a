"""Shared test set-up: read raw data from the mirror when no mirror is configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = ROOT.parent / "shared" / "data" / "raw"

if not os.environ.get("BOOK_DATA_MIRROR") and DEFAULT_MIRROR.is_dir():
    os.environ["BOOK_DATA_MIRROR"] = str(DEFAULT_MIRROR)


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The raw-data mirror folder (skips nothing: the book cannot be tested without data)."""
    path = Path(os.environ["BOOK_DATA_MIRROR"])
    assert path.is_dir(), f"BOOK_DATA_MIRROR={path} is not a folder"
    return path
