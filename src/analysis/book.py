"""The book as a build: its notebooks, their inputs, and keeping outputs fresh.

jupyter-cache (which executes the notebooks for ``jupyter-book build``) decides whether
a notebook must run again from its code cells alone. A new raw file, a new loader or
a new curated fact would leave a stale chart in the book. This module closes that gap:

* :func:`notebook_inputs` lists what each notebook depends on besides its own cells:
  the package ``src/analysis``, the lock file, the data registry, the curated facts and
  the article annotations, plus any globs the notebook declares in its metadata
  (``{"book": {"depends_on": ["chapters/**/*.ipynb"]}}``).
* :func:`invalidate_stale` hashes those inputs per notebook, compares them with the
  hashes recorded at the previous build, and removes the jupyter-cache record of every
  notebook whose inputs changed, so the next build executes it again.
* :func:`execute_in_place` regenerates the outputs stored in the ``.ipynb`` files,
  which nbval compares against a fresh run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

import nbformat

from analysis.paths import project_root

#: Inputs every notebook depends on (globs relative to the project root).
GLOBAL_INPUTS: tuple[str, ...] = (
    "src/analysis/**/*.py",
    "requirements.lock",
    "data/sources.yml",
    "data/curated/*.csv",
    "data/articles/*.yml",
)
CACHE_DIR = "_build/.jupyter_cache"
STATE_FILE = "book-inputs.json"


def notebooks(root: Path | None = None) -> list[Path]:
    """Every notebook under ``chapters/``, sorted, as paths relative to the root."""
    root = root or project_root()
    return sorted(
        p.relative_to(root)
        for p in (root / "chapters").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def _expand(root: Path, patterns: Iterable[str]) -> list[Path]:
    found: set[Path] = set()
    for pattern in patterns:
        found.update(p for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)


def _code_sources(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def notebook_inputs(notebook: Path, root: Path | None = None) -> list[Path]:
    """The files (absolute) a notebook's outputs depend on, besides its own code cells."""
    root = root or project_root()
    nb = nbformat.read(root / notebook, as_version=4)
    extra = nb.metadata.get("book", {}).get("depends_on", [])
    return [p for p in _expand(root, [*GLOBAL_INPUTS, *extra]) if p != (root / notebook)]


def inputs_hash(notebook: Path, root: Path | None = None) -> str:
    """sha256 over the names and contents of a notebook's inputs (notebooks: code only)."""
    root = root or project_root()
    digest = hashlib.sha256()
    for path in notebook_inputs(notebook, root):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        if path.suffix == ".ipynb":
            digest.update(_code_sources(path).encode())
        else:
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def invalidate_stale(root: Path | None = None) -> list[Path]:
    """Drop the jupyter-cache record of each notebook whose inputs changed; return them.

    The hashes are recorded in ``_build/.jupyter_cache/book-inputs.json``. A notebook
    with no recorded hash (first build, new notebook) is dropped too, since its cache
    record, if any, cannot be trusted.
    """
    from jupyter_cache import get_cache

    root = root or project_root()
    cache_dir = root / CACHE_DIR
    state_path = cache_dir / STATE_FILE
    before: dict[str, str] = json.loads(state_path.read_text()) if state_path.exists() else {}
    now = {str(nb): inputs_hash(nb, root) for nb in notebooks(root)}
    stale = [Path(nb) for nb, h in now.items() if before.get(nb) != h]
    if stale and cache_dir.exists():
        cache = get_cache(str(cache_dir))
        for nb in stale:
            try:
                record = cache.match_cache_file(str(root / nb))
            except KeyError:
                continue
            cache.remove_cache(record.pk)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = state_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(now, indent=1, sort_keys=True))
    os.replace(tmp, state_path)
    return stale


_VOLATILE_META = ("execution", "collapsed", "scrolled")


def execute_in_place(paths: Iterable[Path], timeout: int = 600) -> dict[str, float]:
    """Execute notebooks and store their outputs in the files; return seconds per notebook.

    Runs each notebook in its own folder (as the book build does), strips volatile
    metadata, and writes atomically. A notebook that raises leaves its file untouched
    and the error propagates, naming the notebook and the cell.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    root = project_root()
    timings: dict[str, float] = {}
    for rel in paths:
        path = (root / rel) if not Path(rel).is_absolute() else Path(rel)
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        try:
            client.execute()
        except CellExecutionError as exc:
            raise RuntimeError(f"{rel}: a cell raised:\n{exc}") from exc
        timings[str(rel)] = time.perf_counter() - start
        for index, cell in enumerate(nb.cells):
            for key in _VOLATILE_META:
                cell.metadata.pop(key, None)
            cell.setdefault("id", f"cell-{index}")
        nb.metadata.pop("widgets", None)
        tmp = path.with_name(f".{path.name}.tmp")
        nbformat.write(nb, tmp)
        os.replace(tmp, path)
    return timings


_LOADER_CALL = re.compile(r"\b(load_[a-z0-9_]+)\s*\(")


def dataset_usage(root: Path | None = None) -> dict[str, list[str]]:
    """Which notebooks call which dataset's loaders: ``{dataset_id: [notebook, ...]}``."""
    from analysis import loaders  # noqa: F401  (registers every loader)
    from analysis.loaders import LOADERS

    root = root or project_root()
    usage: dict[str, set[str]] = {}
    for nb in notebooks(root):
        for name in set(_LOADER_CALL.findall(_code_sources(root / nb))):
            info = LOADERS.get(name)
            if info:
                usage.setdefault(info.dataset_id, set()).add(str(nb))
    return {k: sorted(v) for k, v in usage.items()}
