"""Shared test set-up: read raw data from the mirror when no mirror is configured."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MIRROR = ROOT.parent / "shared" / "data" / "raw"

if not os.environ.get("BOOK_DATA_MIRROR") and DEFAULT_MIRROR.is_dir():
    os.environ["BOOK_DATA_MIRROR"] = str(DEFAULT_MIRROR)
elif os.environ.get("BOOK_DATA_MIRROR"):
    # subprocesses (kernels, nbval, make) run elsewhere: pin a relative mirror to the root
    os.environ["BOOK_DATA_MIRROR"] = str((ROOT / os.environ["BOOK_DATA_MIRROR"]).resolve())


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The raw-data mirror folder (skips nothing: the book cannot be tested without data)."""
    path = Path(os.environ["BOOK_DATA_MIRROR"])
    assert path.is_dir(), f"BOOK_DATA_MIRROR={path} is not a folder"
    return path


def mini_book(root: Path, page: str, intro: str) -> Path:
    """Lay out a minimal book in ``root`` with the project's real Makefile and config.

    The table of contents holds ``intro`` and one page, ``chapters/demo/<page>``; the
    caller writes that notebook. The registry is empty, so no data is fetched.
    """
    (root / "chapters" / "demo").mkdir(parents=True)
    (root / "data").mkdir()
    for name in (
        "Makefile",
        "_config.yml",
        "references.bib",
        "requirements.lock",
        "pyproject.toml",
    ):
        shutil.copy(ROOT / name, root / name)
        os.utime(root / name, (0, 0))  # never newer than the venv's install stamp
    (root / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nchapters:\n  - file: chapters/demo/{page}\n"
    )
    (root / "intro.md").write_text(intro)
    (root / "data" / "sources.yml").write_text("datasets: []\n")
    return root


def make_test_step(target: str) -> str:
    """Assert ``make test`` runs ``target`` (a prerequisite of ``test``, declared phony)
    and return the target's recipe, for the caller to check its commands."""
    import re

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test = re.search(r"^test: (.*)$", makefile, flags=re.MULTILINE)
    assert test and target in test.group(1).split(), f"make test does not run {target}: {test}"
    assert re.search(rf"^\.PHONY: .*\b{re.escape(target)}\b", makefile, flags=re.MULTILINE)
    return makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
