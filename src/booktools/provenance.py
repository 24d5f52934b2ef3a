"""Where a chart or a glued number comes from: notebook, function, datasets, book version.

Read from the book's own files, never from HTML:

* the notebook and the function: each chapter notebook's stored outputs name what a cell
  glued (``scrapbook`` metadata) or showed (the chart contract's ``name``); the cell's
  ``publish(<module>.<function>(...))`` call, resolved through the notebook's imports,
  names the page function that computed it (``analysis.pages.map.ledger.verdicts``);
* the datasets: the book's dependency analysis (:func:`booktools.book.dataset_usage`) says
  which registry datasets a notebook reads; the registry gives each raw file's pinned URL,
  the publisher's landing page and the sha256;
* the version: ``CITATION.cff`` (:func:`booktools.report.citation_metadata`).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from booktools.report import citation_metadata

#: The chart contract's mime type (as in :mod:`booktools.charts`).
CHART_MIME = "application/vnd.book.chart+json"


@dataclass(frozen=True)
class Origin:
    """What produced one glued value or chart: its notebook page and the function."""

    docname: str
    function: str | None = None
    source_file: str | None = None
    line: int | None = None


@dataclass
class NotebookIndex:
    """Glue keys and chart names of every notebook, mapped to their :class:`Origin`."""

    keys: dict[tuple[str, str], Origin] = field(default_factory=dict)
    charts: dict[str, Origin] = field(default_factory=dict)


def _imports(tree: ast.AST) -> dict[str, str]:
    """``{local name: dotted module or object}`` of a cell's imports."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def published_function(source: str, imports: dict[str, str]) -> str | None:
    """The function whose result a cell publishes or shows: ``publish(page.fn())`` ->
    ``analysis.pages.<chapter>.<page>.fn``; else the cell's last call, resolved."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    for call in calls:
        if _dotted(call.func) in ("publish", "glue") and call.args:
            inner = call.args[-1] if _dotted(call.func) == "glue" else call.args[0]
            if isinstance(inner, ast.Call):
                calls = [inner]
                break
    for call in calls:
        name = _dotted(call.func)
        if not name:
            continue
        head, _, rest = name.partition(".")
        if head in imports:
            return f"{imports[head]}.{rest}" if rest else imports[head]
    return None


def _locate(function: str | None) -> tuple[str | None, int | None]:
    """The source file (relative to ``src``'s parent) and first line of a dotted function."""
    if not function or not function.startswith("analysis."):
        return None, None
    import importlib
    import inspect

    module_name, _, attr = function.rpartition(".")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
        path = Path(inspect.getsourcefile(obj) or "")
        line = inspect.getsourcelines(obj)[1]
    except (ImportError, AttributeError, OSError, TypeError):
        return None, None
    parts = path.parts
    rel = "/".join(parts[parts.index("src") :]) if "src" in parts else path.name
    return rel, line


def scan_notebook(path: Path, docname: str, index: NotebookIndex) -> None:
    """Add the glue keys and chart names of one stored notebook to ``index``."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return
    imports: dict[str, str] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        try:
            imports.update(_imports(ast.parse(source)))
        except SyntaxError:
            continue
        function = published_function(source, imports)
        file, line = _locate(function)
        origin = Origin(docname, function, file, line)
        for output in cell.get("outputs", []):
            key = (output.get("metadata") or {}).get("scrapbook", {}).get("name")
            if key:
                index.keys.setdefault((docname, str(key)), origin)
                if str(key).startswith("fig-"):
                    index.charts.setdefault(str(key)[4:], origin)
            contract = (output.get("data") or {}).get(CHART_MIME)
            if isinstance(contract, dict) and contract.get("name"):
                index.charts.setdefault(str(contract["name"]), origin)


def notebook_index(srcdir: Path, docnames: list[str]) -> NotebookIndex:
    """The :class:`NotebookIndex` of the given pages (only ``.ipynb`` pages count)."""
    index = NotebookIndex()
    for docname in sorted(docnames):
        path = Path(srcdir) / f"{docname}.ipynb"
        if path.is_file():
            scan_notebook(path, docname, index)
    return index


def raw_files(dataset_ids: list[str]) -> list[dict[str, Any]]:
    """Every raw file of the given datasets: dataset, file, pinned URL, landing page,
    sha256 and size, from the registry (unknown ids are skipped)."""
    from analysis.inputs.registry import datasets

    known = datasets()
    out = []
    for dataset_id in dataset_ids:
        ds = known.get(dataset_id)
        if ds is None:
            continue
        for raw in ds.files:
            out.append(
                {
                    "dataset": ds.id,
                    "file": raw.name,
                    "pinned_url": raw.url,
                    "landing_page": ds.homepage,
                    "sha256": raw.sha256,
                    "bytes": raw.size,
                }
            )
    return out


@lru_cache(maxsize=4)
def _usage(root: Path) -> dict[str, list[str]]:
    from booktools.book import dataset_usage

    try:
        return dataset_usage(root)
    except Exception:  # a book without notebooks or registry: no usage known
        return {}


def notebook_datasets(root: Path, docname: str) -> list[str]:
    """Registry ids of the datasets the notebook ``docname`` reads (dependency analysis)."""
    target = f"{docname}.ipynb"
    return sorted(
        ds for ds, notebooks in _usage(Path(root)).items() if any(nb == target for nb in notebooks)
    )


def book_version(root: Path) -> str:
    """The book's version (``CITATION.cff``), or ``"unversioned"``."""
    return citation_metadata(Path(root)).get("version", "unversioned")
