"""Executing notebooks in place, and naming the cell that failed.

``python -m booktools execute`` (and the scaffolder, :mod:`booktools.new_article`) run
notebooks with their stored outputs replaced, one after another; a notebook that raises
is left unchanged and the error names the notebook and the cell (position and id), as
the Sphinx extension does when a notebook fails during the build.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat

from analysis.errors import NotebookError
from analysis.paths import project_root

_VOLATILE_META = ("execution", "collapsed", "scrolled")


def cell_label(nb: Any, index: int) -> str:
    """``cell 3 (code cell 2, id 2c99f2ee)``: how errors name the cell at ``index``."""
    cell = nb.cells[index]
    number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    return f"cell {index + 1} (code cell {number}, id {cell.get('id', '?')})"


def describe_failure(path: Path, error: BaseException) -> str:
    """One line naming the notebook and the cell behind an nbclient ``CellExecutionError``.

    The error carries the failing cell's source, not its position; the cell is found by
    its source among the notebook's code cells.
    """
    root = project_root()
    name = os.path.relpath(path, root) if Path(path).is_relative_to(root) else str(path)
    where = "a cell"
    text = str(error)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        nb = None
    if nb is not None:
        blocks = text.split("------------------\n")
        source = blocks[1].rstrip("\n") if len(blocks) > 2 else None
        hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source == source]
        if hits:
            where = cell_label(nb, hits[0])
    ename, evalue = getattr(error, "ename", type(error).__name__), getattr(error, "evalue", "")
    return f"{name}: {where} raised {ename}: {evalue}"


def execute_in_place(paths: Iterable[Path], timeout: int = 600) -> dict[str, float]:
    """Execute notebooks and store their outputs in the files; return seconds per notebook.

    Runs each notebook in its own folder (as the book build does), strips volatile
    metadata, and writes atomically. A notebook that raises leaves its file untouched and
    raises :class:`NotebookError` naming the notebook and the cell (number and id).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    root = project_root()
    timings: dict[str, float] = {}
    for rel in paths:
        path = (root / rel) if not Path(rel).is_absolute() else Path(rel)
        nb = nbformat.read(path, as_version=4)
        failed: list[int] = []
        start = time.perf_counter()
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
            on_cell_error=lambda cell, cell_index, execute_reply, failed=failed: failed.append(
                cell_index
            ),
        )
        try:
            client.execute()
        except CellExecutionError as exc:
            where = cell_label(nb, failed[0]) if failed else "a cell"
            raise NotebookError(
                f"{rel}: {where} raised {exc.ename}: {exc.evalue}. The notebook file was "
                f"left unchanged.\n{exc}"
            ) from exc
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
