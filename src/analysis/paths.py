"""Where the book's folders are.

The project root is found from this file's location (the package is installed in
editable mode from ``src/``); ``BOOK_ROOT`` overrides it, which the tests use to
run the pipeline inside a temporary copy of the book.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """Return the book's root folder (the one holding ``_config.yml``)."""
    env = os.environ.get("BOOK_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """``data/``: registry, curated facts, article annotations and caches."""
    return project_root() / "data"


def raw_dir() -> Path:
    """``data/raw/``: verified raw bytes, laid out ``<dataset-id>/<file>`` (gitignored)."""
    return Path(os.environ.get("BOOK_RAW_DIR", data_dir() / "raw"))


def processed_dir() -> Path:
    """``data/processed/``: tidy parquet caches (gitignored)."""
    return Path(os.environ.get("BOOK_PROCESSED_DIR", data_dir() / "processed"))


def registry_path() -> Path:
    """``data/sources.yml``: the data registry."""
    return data_dir() / "sources.yml"
