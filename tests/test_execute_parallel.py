"""Notebooks executed side by side give what one at a time gives.

``make book`` executes the notebooks that have no execution-cache record in worker
processes, one per core (``python -m booktools execute --cache``), before Sphinx reads
them, each in a kernel forked from a kernel server that has made the notebooks' imports
(:mod:`booktools.kernels`). That is only sound if the notebooks are independent and a
forked kernel behaves as a fresh one. Two proofs:

* on a mini book (a build test): four notebooks that glue numbers, print, display and
  print what a kernel's process is (paths, environment, warning filters, signals, the
  display defaults pandas chose at import), executed into the cache with two workers and
  forked kernels and then, from an empty cache, with one worker and fresh kernels; every
  cell's outputs (glue records included) and the cache's keys are byte-identical;
* on the book itself (a site test): the records this run's ``make book`` wrote, executed
  in parallel, hold exactly the outputs stored in the notebooks, which nbval (strict)
  checks against a fresh run of each notebook alone.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest

from conftest import ROOT, mini_book

VENV = Path(sys.executable).parent.parent

CELLS = {
    "alpha": ["from myst_nb import glue", "total = sum(range(10))\nglue('alpha-total', total)"],
    "beta": [
        "from myst_nb import glue",
        "import math\nglue('beta-root', round(math.sqrt(2), 6), display=False)",
        "print('beta ran')",
    ],
    "gamma": [
        "from IPython.display import Markdown, display",
        "display(Markdown('| a | b |\\n|---|---|\\n| 1 | 2 |'))",
        "from myst_nb import glue\nglue('gamma-text', 'three words here')",
    ],
    # What a kernel forked from the kernel server must share with a fresh one: the
    # interpreter's paths, folder, arguments, environment, warning filters, signals and
    # session, and what pandas chose at import (it asks whether it runs in a kernel).
    "delta": [
        "import os, signal, sys, warnings\nimport pandas as pd",
        "print(sys.path, os.getcwd(), sys.argv[1:2], sys.stdin.read())",
        "print(pd.get_option('display.max_columns'), pd.get_option('display.width'))",
        "print(sorted((k, v) for k, v in os.environ.items()"
        " if not k.startswith('JPY') and k != 'BOOK_KERNELS'))",
        "print([repr(f) for f in warnings.filters])",
        "print([str(signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGTERM,"
        " signal.SIGCHLD, signal.SIGPIPE, signal.SIGHUP)], os.getpgid(0) == os.getpid())",
    ],
}


def _records(root: Path) -> dict[str, Any]:
    """Per notebook: the cache key and every cell's outputs, as canonical JSON."""
    from jupyter_cache import get_cache

    cache = get_cache(str(root / "_build" / ".jupyter_cache"))
    out: dict[str, Any] = {}
    for record in cache.list_cache_records():
        nb = cache.get_cache_bundle(record.pk).nb
        outputs = [c.get("outputs", []) for c in nb.cells if c.cell_type == "code"]
        out[os.path.relpath(record.uri, root)] = {
            "hashkey": record.hashkey,
            "outputs": json.dumps(outputs, sort_keys=True),
        }
    return out


def _execute(
    root: Path, jobs: int | None, clear: bool = True, kernels: str = ""
) -> tuple[dict[str, Any], str]:
    """``python -m booktools execute --cache`` in the mini book (from an empty cache);
    ``kernels="fresh"``: every kernel started afresh, as Jupyter Book and nbval do."""
    if clear:
        shutil.rmtree(root / "_build" / ".jupyter_cache", ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOK_RAW", "BOOK_PROCESSED"))}
    env["BOOK_ROOT"] = str(root)
    env["BOOK_KERNELS"] = kernels
    # with SIGHUP ignored, as under nohup: a kernel inherits that, forked or fresh
    run = subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "booktools", "execute", "--cache"]
        + ([f"--jobs={jobs}"] if jobs else []),
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return _records(root), run.stdout


@pytest.mark.build
def test_parallel_execution_matches_serial(tmp_path: Path) -> None:
    root = mini_book(tmp_path / "book", "alpha", "# Three notebooks\n")
    toc = "format: jb-book\nroot: intro\nchapters:\n"
    for name, sources in CELLS.items():
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}")]
        nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
        nbformat.write(nb, root / "chapters" / "demo" / f"{name}.ipynb")
        toc += f"  - file: chapters/demo/{name}\n"
    (root / "_toc.yml").write_text(toc)

    parallel, log = _execute(root, 2)
    assert "on 2 worker(s)" in log and "forked from a kernel server" in log, log
    assert sorted(parallel) == [f"chapters/demo/{n}.ipynb" for n in sorted(CELLS)]
    glued = json.loads(parallel["chapters/demo/alpha.ipynb"]["outputs"])
    assert any("alpha-total" in json.dumps(o) for cell in glued for o in cell), glued
    delta = json.loads(parallel["chapters/demo/delta.ipynb"]["outputs"])
    assert all(cell for cell in delta[1:]), delta  # each fingerprint cell printed
    serial, log = _execute(root, 1, kernels="fresh")
    assert "on 1 worker(s)" in log and "each started afresh" in log, log
    assert serial == parallel
    # A second run finds every record and executes nothing.
    again, log = _execute(root, None, clear=False)
    assert again == serial and "Every notebook of the book has an execution-cache record" in log


def test_book_cache_holds_the_stored_outputs(built_site: Path) -> None:
    """The book's notebooks, executed in parallel by ``make book``, give the outputs
    stored in their files (which nbval checks against each notebook run alone)."""
    from jupyter_cache import get_cache

    from booktools.bench_report import built_notebooks

    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    notebooks = built_notebooks(ROOT)
    assert notebooks
    differ = []
    for rel in notebooks:
        stored = nbformat.read(ROOT / rel, as_version=4)
        record = cache.match_cache_notebook(stored)
        executed = cache.get_cache_bundle(record.pk).nb
        mine = [c.get("outputs", []) for c in stored.cells if c.cell_type == "code"]
        theirs = [c.get("outputs", []) for c in executed.cells if c.cell_type == "code"]
        if json.dumps(mine, sort_keys=True) != json.dumps(theirs, sort_keys=True):
            differ.append(str(rel))
    assert not differ, f"outputs of the parallel build differ from the stored ones: {differ}"
