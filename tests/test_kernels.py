"""Kernels forked from the kernel server (booktools.kernels): which modules it imports,
and that it steps aside, leaving every kernel to start afresh, when forking is unsafe.

That a forked kernel gives a fresh kernel's outputs is tested on a mini book in
tests/test_execute_parallel.py."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from booktools.kernels import KernelServer, imported_modules


def _notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# x")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def test_imported_modules_lists_every_import_and_submodule(tmp_path: Path) -> None:
    one = _notebook(
        tmp_path / "one.ipynb",
        "import os.path, json as j\nfrom analysis.pages import publish",
        "%matplotlib inline\nimport beside_a_magic",
        "def f():\n    import csv\n    from . import relative",
    )
    two = _notebook(tmp_path / "two.ipynb", "from analysis.pages.map import ledger as page")
    assert imported_modules([one, two]) == [
        "analysis.pages",
        "analysis.pages.map",
        "analysis.pages.map.ledger",
        "analysis.pages.publish",
        "beside_a_magic",
        "csv",
        "json",
        "os.path",
    ]


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="kernels are forked on Linux only")
@pytest.mark.parametrize(
    ("module", "why"),
    [
        (
            "import threading\nthreading.Thread(target=threading.Event().wait, daemon=True).start()",
            "threads",
        ),
        ("get_ipython().events.register('post_run_cell', print)", "asked the kernel's shell"),
    ],
)
def test_server_refuses_when_forking_is_unsafe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, why: str
) -> None:
    (tmp_path / "unsafe_at_import.py").write_text(module + "\n")
    monkeypatch.setenv("PYTHONPATH", f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    monkeypatch.delenv("BOOK_KERNELS", raising=False)
    nb = _notebook(tmp_path / "nb.ipynb", "import unsafe_at_import")
    with KernelServer([nb], tmp_path) as server:
        assert server.address is None
        assert why in server.describe() and "afresh" in server.describe()
        assert "BOOK_KERNEL_SERVER" not in os.environ


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="kernels are forked on Linux only")
def test_server_runs_and_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOK_KERNELS", raising=False)
    nb = _notebook(tmp_path / "nb.ipynb", "import json")
    with KernelServer([nb], tmp_path) as server:
        assert server.address and os.environ["BOOK_KERNEL_SERVER"] == server.address
        assert "forked" in server.describe()
        process = server.process
    assert process is not None and process.poll() is not None
    assert "BOOK_KERNEL_SERVER" not in os.environ
    monkeypatch.setenv("BOOK_KERNELS", "fresh")
    with KernelServer([nb], tmp_path) as server:
        assert server.address is None and "BOOK_KERNELS=fresh" in server.describe()
