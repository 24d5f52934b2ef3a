"""The analysis package never imports the build tooling (``booktools``).

Walks every module of ``src/analysis`` with :mod:`ast` (no import runs): an ``import``
or ``from ... import`` of ``booktools`` anywhere (top level, inside a function, under
``TYPE_CHECKING``) fails, and so does an ``importlib.import_module("booktools...")`` or
``__import__("booktools...")`` with a literal name. The tooling may import the analysis;
the analysis stands alone (a notebook, a test or another project can use it without
Sphinx, the benchmark or the CLI).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
TOOLING = "booktools"


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import in a module, relative ones left out."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((node.lineno, first.value))
    return found


def _offending(package: Path) -> list[str]:
    """``<path>:<line> imports <module>`` for every import of the tooling under ``package``."""
    bad = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imports(tree):
            if module == TOOLING or module.startswith(f"{TOOLING}."):
                bad.append(f"{path.relative_to(package.parent).as_posix()}:{line} imports {module}")
    return bad


def test_analysis_imports_nothing_from_the_tooling() -> None:
    modules = list((SRC / "analysis").rglob("*.py"))
    assert len(modules) > 20, "src/analysis not found"
    assert not _offending(SRC / "analysis")


def test_the_walk_finds_every_spelling(tmp_path: Path) -> None:
    package = tmp_path / "analysis"
    package.mkdir()
    (package / "a.py").write_text("import booktools.site\n", encoding="utf-8")
    (package / "b.py").write_text(
        "def f():\n    from booktools import book\n    return book\n", encoding="utf-8"
    )
    (package / "c.py").write_text(
        "import importlib\nm = importlib.import_module('booktools.bench')\n", encoding="utf-8"
    )
    (package / "d.py").write_text(
        "from . import booktools\nimport booktoolsx\nfrom analysis import charts\n",
        encoding="utf-8",
    )
    assert _offending(package) == [
        "analysis/a.py:1 imports booktools.site",
        "analysis/b.py:2 imports booktools",
        "analysis/c.py:2 imports booktools.bench",
    ]


def test_no_module_in_src_over_600_lines() -> None:
    """One home per stage, kept small: a module that grows past 600 lines is split."""
    src = Path(__file__).resolve().parents[1] / "src"
    long = {
        str(p.relative_to(src)): n
        for p in src.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert not long, long
