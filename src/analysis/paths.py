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
    """``data/processed/``: tidy-table caches, Arrow files (gitignored)."""
    return Path(os.environ.get("BOOK_PROCESSED_DIR", data_dir() / "processed"))


def registry_path() -> Path:
    """``data/sources.yml``: the data registry."""
    return data_dir() / "sources.yml"


#: Setting naming the folder of the article texts (inputs, never committed).
ARTICLES_DIR_ENV = "BOOK_ARTICLES_DIR"
#: Setting that makes a missing article text an error instead of a one-line notice (CI).
ARTICLES_REQUIRED_ENV = "BOOK_ARTICLES_REQUIRED"


def articles_text_dir() -> Path:
    """The folder holding the article texts (``<file>`` named by each annotation's
    ``metadata.text.file``): ``BOOK_ARTICLES_DIR`` when set (relative to the project
    root), else ``../shared/articles`` beside the project root. The texts are inputs like
    the raw data: their sha256 is recorded in the annotation, their bytes never committed.
    """
    env = os.environ.get(ARTICLES_DIR_ENV)
    if env:
        path = Path(env)
        return path if path.is_absolute() else project_root() / path
    return project_root().parent / "shared" / "articles"


def articles_required() -> bool:
    """Whether a missing article text fails the build and the tests (CI sets
    ``BOOK_ARTICLES_REQUIRED=1``; ``BOOK_BROWSER_REQUIRED=1`` implies it)."""
    return "1" in (os.environ.get(ARTICLES_REQUIRED_ENV), os.environ.get("BOOK_BROWSER_REQUIRED"))
