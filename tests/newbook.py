"""One copy of the book with three new articles, shared by two test modules.

``python -m booktools new-article`` is checked end to end by tests/test_new_article.py
(the scaffold, and the new chapter with the map chapter passing nbval at once) and by
tests/test_context.py (the data-context pages: a strict build of the new chapters,
nbval, glued numbers equal to the metrics). Each used to copy the book, scaffold its
articles and run nbval on its own; here it is done once per test session, for all three
articles, by :func:`build` (through the ``new_article_book`` fixture of tests/conftest.py,
under a file lock, so pytest-xdist workers share it):

1. the project tree is copied (without .venv, _build, .git, the tool caches and the data
   caches; the copy reads this checkout's verified data caches, as ``make book`` would);
2. ``new-article`` runs once on the three files of :data:`ARTICLES` (scaffolded one
   after another, then the map chapter, whose outputs read every annotation file,
   executed again once);
3. the two context chapters are built strictly (``-n -W --keep-going``) under their own
   table of contents, from the outputs ``new-article`` stored (``execute_notebooks:
   off``: step 4 shows that executing them again gives the same outputs; the copy's
   ``_toc.yml`` and ``_config.yml`` are restored afterwards);
4. nbval runs once over the union of both modules' targets (:data:`NBVAL_TARGETS`),
   with every notebook item's outcome recorded, so each test checks its own targets.

Everything is recorded in ``result.json`` beside the copy (:class:`NewBook`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: The article of tests/test_new_article.py: a slug, an event date with its description.
SLUG = "test-airbase-dispute"
ARTICLE = f"""---
slug: {SLUG}
title: "Minsk and Moscow argue over a Russian air base"
outlet: Test Outlet
url: https://example.org/airbase
page_date: 2015-10-08   # the date the page shows
event_date: 2015-10-06  # Lukashenka says Belarus does not need a Russian air base
---
Minsk and Moscow argue over a Russian air base

October 08, 2015 10:00

Minsk has said no to a Russian air base for now. The decision surprised many observers.

Moscow had announced the base in September. The talks are expected to continue.
"""
#: The articles of tests/test_context.py: one naming four of the book's countries and a
#: year in 2005-2020, one naming none.
KNOWN = """---
slug: test-context-drills
title: "Drills near the border: «Minsk», Moscow and Kyiv"
outlet: Test Outlet
url: https://example.org/drills
page_date: 2016-03-02
---
Drills near the border

March 02, 2016 10:00

Belarusian and Russian units held joint drills in 2015, and Ukrainian officials protested.

Polish observers compared them with the exercises of 2013. More troops may come by 2018.
"""
NONE = """---
slug: test-context-nowhere
title: A story about nowhere in particular
outlet: Test Outlet
url: null
page_date: 2012-05-01
---
A story about nowhere in particular

Nobody in this story is from anywhere the book follows; it happened in 2011.
"""
#: Incoming file name and text, in the order they are scaffolded.
ARTICLES = ((f"{SLUG}.txt", ARTICLE), ("known.txt", KNOWN), ("none.txt", NONE))
CONTEXT_SLUGS = ("test-context-drills", "test-context-nowhere")
#: What each module runs nbval on (one nbval run over their union).
NBVAL_TARGETS = {
    "new_article": (f"chapters/{SLUG}/annotations.ipynb", "chapters/map"),
    "context": tuple(f"chapters/{s}" for s in CONTEXT_SLUGS),
}
SKIP = {".venv", "_build", ".git", ".mypy_cache", ".ruff_cache", "__pycache__", ".pytest_cache"}
SKIP |= {".ipynb_checkpoints"}


@dataclass(frozen=True)
class NewBook:
    """The shared copy and what happened to it (see the module docstring)."""

    root: Path
    #: incoming file name -> returncode, stdout, stderr of the ``new-article`` run (one
    #: run for all three files)
    scaffolds: dict[str, dict[str, Any]]
    #: the copy's ``_toc.yml`` before the first ``new-article`` run
    toc_before: str
    #: the strict build of the context chapters: returncode, stdout, stderr
    build: dict[str, Any]
    #: the nbval run: returncode, stdout (tail) and each notebook item's outcome
    nbval: dict[str, Any]

    def nbval_problems(self, targets: tuple[str, ...]) -> list[str]:
        """What went wrong for ``targets`` in the shared nbval run (empty: all passed)."""
        if self.nbval["returncode"] not in (0, 1):  # 0 passed, 1 some test failed
            return [f"nbval did not run (exit {self.nbval['returncode']}): {self.nbval['tail']}"]
        problems = []
        for target in targets:
            if not (self.root / target).exists():  # (a book without the map chapter)
                continue
            mine = {
                nodeid: outcome
                for nodeid, outcome in self.nbval["outcomes"].items()
                if _under(nodeid.split("::", 1)[0], target)
            }
            if not mine:
                problems.append(f"{target}: no notebook cell was checked")
            problems += [f"{n}: {o}" for n, o in mine.items() if o != "PASSED"]
        if problems:
            problems.append(self.nbval["tail"])
        return problems


def _under(file: str, target: str) -> bool:
    return file == target or file.startswith(target.rstrip("/") + "/")


def copy_book(target: Path) -> Path:
    """The project tree in ``target``, without .venv, _build, .git, caches and data caches."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        rel = Path(folder).resolve().relative_to(ROOT)
        out = {n for n in names if n in SKIP or n.startswith(".new-article-")}
        return out | ({"raw", "processed"} if rel == Path("data") else set())

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def env(root: Path) -> dict[str, str]:
    """The environment of a command run in the copy (its articles folder beside it)."""
    out = dict(os.environ, BOOK_ROOT=str(root), BOOK_ARTICLES_DIR=str(root.parent / "articles"))
    for name in ("raw", "processed"):  # this checkout's verified caches, when present
        if (ROOT / "data" / name).is_dir():
            out[f"BOOK_{name.upper()}_DIR"] = str(ROOT / "data" / name)
    return out


def _run(root: Path, *cmd: str) -> dict[str, Any]:
    start = time.monotonic()
    done = subprocess.run(
        list(cmd), cwd=root, env=env(root), capture_output=True, text=True, timeout=1800
    )
    return {
        "returncode": done.returncode,
        "stdout": done.stdout,
        "stderr": done.stderr,
        "seconds": round(time.monotonic() - start, 1),
    }


_OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S.*?\.ipynb::.*?)(?: - .*)?$")


def build(base: Path) -> NewBook:
    """Make the shared copy in ``base`` (see the module docstring); write ``result.json``."""
    root = copy_book(base / "book")
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    paths = []
    for name, text in ARTICLES:
        path = base / "incoming" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    # One run for the three files: the map chapter is executed again once, for all.
    run = _run(root, sys.executable, "-m", "booktools", "new-article", *paths)
    scaffolds = {name: run for name, _ in ARTICLES}
    # Build only the two context chapters, strictly (the whole book is make book's job).
    first, second = CONTEXT_SLUGS
    small = f"format: jb-book\nroot: chapters/{first}/index\nchapters:\n"
    small += f"  - file: chapters/{first}/annotations\n  - file: chapters/{first}/context\n"
    small += "".join(
        f"  - file: chapters/{second}/{p}\n" for p in ("index", "annotations", "context")
    )
    # The build reads the outputs new-article stored (no execution: nbval below checks
    # that executing each notebook again gives the same outputs).
    saved = {
        name: (root / name).read_text(encoding="utf-8") for name in ("_toc.yml", "_config.yml")
    }
    (root / "_toc.yml").write_text(small, encoding="utf-8")
    config = saved["_config.yml"].replace("execute_notebooks: cache", 'execute_notebooks: "off"', 1)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    jb = str(Path(sys.executable).parent / "jupyter-book")
    try:
        built = _run(root, jb, "build", ".", "--builder", "html", "-n", "-W", "--keep-going")
    finally:
        for name, text in saved.items():
            (root / name).write_text(text, encoding="utf-8")
    targets = sorted({t for ts in NBVAL_TARGETS.values() for t in ts if (root / t).exists()})
    checked = _run(root, sys.executable, "-m", "pytest", "--nbval", "-q", "-rA", *targets)
    outcomes = {}
    for line in checked["stdout"].splitlines():
        match = _OUTCOME.match(line)
        if match:
            outcomes[match.group(2)] = match.group(1)
    tail = checked["stdout"][-4000:] + checked["stderr"][-2000:]
    nbval = {"returncode": checked["returncode"], "outcomes": outcomes, "tail": tail}
    book = NewBook(root, scaffolds, toc, built, nbval)
    record = {
        "root": str(root),
        "scaffolds": scaffolds,
        "toc_before": toc,
        "build": built,
        "nbval": nbval,
    }
    (base / "result.json").write_text(json.dumps(record), encoding="utf-8")
    return book


def load(base: Path) -> NewBook:
    """The shared copy made by :func:`build` in ``base`` (by this or another worker)."""
    record = json.loads((base / "result.json").read_text(encoding="utf-8"))
    return NewBook(
        Path(record["root"]),
        record["scaffolds"],
        record["toc_before"],
        record["build"],
        record["nbval"],
    )
