"""What ``make bench`` measures besides whole ``make`` runs (:mod:`booktools.bench`):

* the peak resident memory of a process and all its descendants (sampled);
* per loader, a tidy load from the cache against a parse of the raw files;
* a notebook's fixed cost: starting a kernel, and each notebook's import cells.
"""

from __future__ import annotations

import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from booktools.bench_report import built_notebooks


class PeakMemory:
    """The largest resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        import threading

        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def stop(self) -> float:
        """Stop sampling; the peak in MB."""
        self._stop.set()
        self._thread.join()
        return self.peak / 1e6


# --- tidy cache against raw parse ---------------------------------------------------------


def loader_times(runs: int) -> dict[str, Any]:
    """Per loader: median seconds to load the cached tidy table (what a notebook pays:
    verify the raw files' sha256 (from their stamps), read the Arrow file) and to parse
    the raw files."""
    import analysis.inputs.loaders as loaders_module
    from analysis.inputs.fetch import fetch_file
    from analysis.inputs.loaders import LOADERS

    out: dict[str, Any] = {}
    for name, info in sorted(LOADERS.items()):
        load = getattr(loaders_module, name, None)
        if load is None:
            continue
        load()  # build the cache if needed
        paths = [fetch_file(info.dataset_id, f).path for f in info.files]
        tidy, raw = [], []
        for _ in range(runs):
            start = time.perf_counter()
            load()
            tidy.append(time.perf_counter() - start)
            start = time.perf_counter()
            load.__wrapped__(*paths)
            raw.append(time.perf_counter() - start)
        out[name] = {
            "dataset": info.dataset_id,
            "tidy_s": [round(t, 4) for t in tidy],
            "raw_s": [round(t, 4) for t in raw],
        }
    return out


def fixed_costs(root: Path, runs: int) -> dict[str, Any]:
    """A notebook's fixed cost: the median seconds to start a kernel and execute an empty
    cell, and per notebook the seconds its import-only code cells take in a fresh
    interpreter (what every execution pays before computing anything); then the seconds
    to start the kernel server (:mod:`booktools.kernels`, which imports what the notebooks
    import, once per execution run) and to execute the empty cell in a kernel forked from
    it (what each notebook pays instead, imports included)."""
    import ast

    import nbformat
    from nbclient import NotebookClient

    starts = []
    for _ in range(runs):
        empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
        start = time.perf_counter()
        NotebookClient(empty, kernel_name="python3", timeout=120).execute()
        starts.append(time.perf_counter() - start)
    imports: dict[str, float] = {}
    for rel in built_notebooks(root):
        cells = []
        for cell in nbformat.read(root / rel, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            if tree.body and all(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body):
                cells.append(cell.source)
        if not cells:
            continue
        code = (
            "import time\n_t = time.perf_counter()\n"
            + "\n".join(cells)
            + "\nprint(time.perf_counter() - _t)"
        )
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=root / rel.parent, capture_output=True, text=True
        )
        if proc.returncode == 0:
            imports[str(rel)] = round(float(proc.stdout.strip().splitlines()[-1]), 3)
    from booktools.kernels import KernelServer, kernel_manager

    forked = []
    start = time.perf_counter()
    with KernelServer([root / rel for rel in built_notebooks(root)], root) as server:
        server_start = time.perf_counter() - start
        for _ in range(runs if server.address else 0):
            empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
            start = time.perf_counter()
            NotebookClient(empty, kernel_name="python3", timeout=120, **kernel_manager()).execute()
            forked.append(time.perf_counter() - start)
    return {
        "forked_kernel_start_s": round(statistics.median(forked), 3) if forked else None,
        "forked_kernel_start_runs": [round(t, 3) for t in forked],
        "kernel_server_start_s": round(server_start, 3) if forked else None,
        "kernel_start_s": round(statistics.median(starts), 3),
        "kernel_start_runs": [round(t, 3) for t in starts],
        "imports_s": imports,
        "imports_median_s": round(statistics.median(imports.values()), 3) if imports else None,
    }


def per_dataset(loaders: dict[str, Any]) -> dict[str, Any]:
    """Sum of the loaders' medians per dataset, and raw / tidy."""
    out: dict[str, Any] = {}
    for info in loaders.values():
        entry = out.setdefault(info["dataset"], {"loaders": 0, "tidy_s": 0.0, "raw_s": 0.0})
        entry["loaders"] += 1
        entry["tidy_s"] += statistics.median(info["tidy_s"])
        entry["raw_s"] += statistics.median(info["raw_s"])
    for entry in out.values():
        entry["ratio"] = round(entry["raw_s"] / entry["tidy_s"], 1) if entry["tidy_s"] else None
        entry["tidy_s"], entry["raw_s"] = round(entry["tidy_s"], 4), round(entry["raw_s"], 4)
    return dict(sorted(out.items()))
