"""Executing notebooks, in parallel, and naming the cell that failed.

Two destinations, one pool of workers (one per core, :func:`workers`):

* **in place** (``python -m booktools execute``, ``make notebooks``, the scaffolder
  :mod:`booktools.new_article`): the stored outputs of the ``.ipynb`` files are replaced;
  a notebook that raises is left unchanged and the error names the notebook and the cell
  (position and id), as the Sphinx extension does when a notebook fails during the build.
* **into the build's execution cache** (``python -m booktools execute --cache``, run by
  ``make book`` and ``make pdf`` after ``validate`` and ``deps``): every notebook of
  the table of contents that has no jupyter-cache record is executed exactly as MyST-NB
  would (jupyter-cache's ``single_nb_execution`` in the notebook's folder) and its record
  written with ``cache_notebook_bundle``; Sphinx then finds every notebook cached and
  executes none. Jupyter Book 1 executes serially; this uses every core.

The notebooks are independent (each runs in its own kernel, in its own process); the
executions run in worker processes and only the parent writes the cache, one record at a
time. The longest notebooks start first (their last execution times are kept beside the
cache), so the two workers finish close together.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from analysis.errors import NotebookError
from analysis.paths import project_root

if TYPE_CHECKING:
    from booktools.kernels import KernelServer

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


#: Environment variable overriding the number of workers (``BOOK_JOBS=1``: one at a time).
JOBS_ENV = "BOOK_JOBS"
#: Last execution seconds per notebook, kept beside the execution cache (longest first).
TIMES_FILE = "execution-times.json"


def workers() -> int:
    """Worker processes: ``$BOOK_JOBS`` when set, else one per core this process may use."""
    value = os.environ.get(JOBS_ENV, "").strip()
    if value:
        return max(1, int(value))
    return max(1, len(os.sched_getaffinity(0)))


@dataclass(frozen=True)
class Executed:
    """One notebook's execution: the executed notebook (JSON) or the failure, and its time."""

    path: str
    seconds: float
    notebook: str | None
    error: str | None = None


def _strip_volatile(nb: Any) -> None:
    for index, cell in enumerate(nb.cells):
        for key in _VOLATILE_META:
            cell.metadata.pop(key, None)
        cell.setdefault("id", f"cell-{index}")
    nb.metadata.pop("widgets", None)


def _run_in_place(path: str, timeout: int) -> Executed:
    """Worker: execute one notebook as ``make notebooks`` does (nbclient, its folder)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from booktools.kernels import kernel_manager

    nb = nbformat.read(path, as_version=4)
    failed: list[int] = []
    start = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        **kernel_manager(),
        resources={"metadata": {"path": str(Path(path).parent)}},
        record_timing=False,
        on_cell_error=lambda cell, cell_index, execute_reply, failed=failed: failed.append(
            cell_index
        ),
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        where = cell_label(nb, failed[0]) if failed else "a cell"
        return Executed(
            path,
            time.perf_counter() - start,
            None,
            f"{where} raised {exc.ename}: {exc.evalue}. The notebook file was left "
            f"unchanged.\n{exc}",
        )
    seconds = time.perf_counter() - start
    _strip_volatile(nb)
    return Executed(path, seconds, nbformat.writes(nb))


def _chart_outputs(nb: Any) -> list[tuple[str, str]]:
    """``(chart id, SVG)`` of every chart output of an executed notebook (displayed or
    glued): the contract's id and the SVG the kernel rendered beside it."""
    from booktools.charts import CHART_MIME

    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            for key, contract in data.items():
                if not key.endswith(CHART_MIME) or not isinstance(contract, dict):
                    continue
                svg = data.get(key.removesuffix(CHART_MIME) + "image/svg+xml")
                if isinstance(svg, list):
                    svg = "".join(svg)
                if isinstance(svg, str) and contract.get("id"):
                    found.append((str(contract["id"]), svg))
    return found


def store_chart_files(nb: Any, store: Path) -> int:
    """Put each chart's download SVG and PNG into ``store`` (``<chart id>.svg``/``.png``),
    where the HTML build takes them instead of rendering (:mod:`booktools.charts`); return
    how many files were written.

    The SVG is the one the notebook's output carries (rendered by the kernel, the one the
    PDF prints); the PNG is rasterised from it (the same bytes as rendering the spec to
    PNG). Run in the execution workers, so that this work is spread over the cores instead
    of being done one chart after another while Sphinx writes the pages. The chart id
    hashes the spec: a file already there is current.
    """
    import vl_convert as vlc

    from booktools.charts import PRINT_PPI

    written = 0
    for chart_id, svg in _chart_outputs(nb):
        for ext in ("svg", "png"):
            target = store / f"{chart_id}.{ext}"
            if target.exists():
                continue
            data = (
                svg.encode("utf-8") if ext == "svg" else bytes(vlc.svg_to_png(svg, ppi=PRINT_PPI))
            )
            store.mkdir(parents=True, exist_ok=True)
            tmp = store / f".{target.name}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, target)
            written += 1
    return written


def _run_for_cache(path: str, timeout: int) -> Executed:
    """Worker: execute one notebook exactly as MyST-NB's cache mode would (its folder),
    then store its charts' download files (:func:`store_chart_files`)."""
    from jupyter_cache.executors.utils import single_nb_execution

    from booktools.book import CHART_STORE
    from booktools.kernels import kernel_manager

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(
        nb,
        cwd=str(Path(path).parent),
        timeout=timeout,
        allow_errors=False,
        meta_override=True,
        **kernel_manager(),
    )
    if result.err is not None:
        line = describe_failure(Path(path), result.err)
        return Executed(path, result.time, None, f"{line}\n{result.exc_string}")
    with contextlib.suppress(Exception):  # the HTML build renders whatever is missing
        store_chart_files(result.nb, project_root() / CHART_STORE)
    return Executed(path, result.time, nbformat.writes(result.nb))


def run_pool(
    worker: Callable[[str, int], Executed],
    paths: list[Path],
    jobs: int | None = None,
    timeout: int = 600,
    on_done: Callable[[Executed], None] | None = None,
    report: Callable[[str], None] | None = None,
    server: KernelServer | None = None,
) -> list[Executed]:
    """Execute notebooks with ``worker`` over ``jobs`` processes (in order of ``paths``:
    the first start first); ``on_done`` sees each result as it arrives, in the parent.
    Their kernels are forked from one kernel server (:mod:`booktools.kernels`) that has
    imported what the notebooks import, unless ``BOOK_KERNELS=fresh``: ``server``, one the
    caller started earlier (:meth:`~booktools.kernels.KernelServer.start`), else one
    started here."""
    from booktools.kernels import KernelServer

    jobs = min(jobs or workers(), len(paths)) or 1
    with contextlib.ExitStack() as stack:
        if server is None:
            server = stack.enter_context(KernelServer(paths, project_root()))
        else:  # started by the caller, who stops it
            server.ready()
        if report:
            report(f"  kernels: {server.describe()}")
        return _run_pool(worker, paths, jobs, timeout, on_done)


def _run_pool(
    worker: Callable[[str, int], Executed],
    paths: list[Path],
    jobs: int,
    timeout: int,
    on_done: Callable[[Executed], None] | None,
) -> list[Executed]:
    results: list[Executed] = []
    if jobs == 1:  # one at a time, in this process
        for path in paths:
            results.append(worker(str(path), timeout))
            if on_done:
                on_done(results[-1])
        return results
    import multiprocessing

    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: set[Future[Executed]] = {pool.submit(worker, str(p), timeout) for p in paths}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                results.append(future.result())
                if on_done:
                    on_done(results[-1])
    return results


def _times(cache_dir: Path) -> dict[str, float]:
    try:
        return {
            str(k): float(v) for k, v in json.loads((cache_dir / TIMES_FILE).read_text()).items()
        }
    except (OSError, ValueError, AttributeError):
        return {}


def _benched_times(root: Path) -> dict[str, float]:
    """Per notebook, the median execution seconds of the committed benchmark snapshot
    (``data/bench.json``, :mod:`booktools.bench`): the durations a cold build, whose
    execution cache is gone, still knows."""
    import statistics

    from booktools.bench_report import SNAPSHOT

    try:
        steps = json.loads((root / SNAPSHOT).read_text(encoding="utf-8"))["steps"]
        seen: dict[str, list[float]] = {}
        for key in ("cold_build_serial", "cold_build"):
            for run in steps.get(key, {}).get("runs", []):
                for name, seconds in (run.get("exec_seconds") or {}).items():
                    seen.setdefault(str(name), []).append(float(seconds))
            if seen:
                break
        return {name: statistics.median(values) for name, values in seen.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _longest_first(paths: list[Path], root: Path, cache_dir: Path) -> list[Path]:
    """Longest last-known execution first (the times kept beside the execution cache, else
    those of the benchmark snapshot); a notebook never timed before them all."""
    known = _times(cache_dir) or _benched_times(root)
    key = {p: known.get(os.path.relpath(p, root), float("inf")) for p in paths}
    return sorted(paths, key=lambda p: (-key[p], str(p)))


def _save_times(cache_dir: Path, root: Path, results: list[Executed]) -> None:
    times = _times(cache_dir)
    times.update({os.path.relpath(r.path, root): round(r.seconds, 3) for r in results})
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache_dir / f".{TIMES_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(times, indent=1, sort_keys=True))
    os.replace(tmp, cache_dir / TIMES_FILE)


def execute_into_cache(
    notebooks: Iterable[Path] | None = None,
    jobs: int | None = None,
    timeout: int = 600,
    report: Callable[[str], None] | None = None,
    server: KernelServer | None = None,
) -> dict[str, float]:
    """Execute, in parallel, each notebook with no record in the build's jupyter-cache,
    and record it there as MyST-NB would; return seconds per executed notebook.

    ``notebooks`` defaults to those the table of contents lists. A notebook that raises
    gets no record; the error (notebook, cell, traceback) is raised as
    :class:`NotebookError` once the others are done and recorded.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from booktools.bench_report import built_notebooks
    from booktools.book import CACHE_DIR

    root = project_root()
    cache_dir = root / CACHE_DIR
    cache = get_cache(str(cache_dir))
    wanted = [root / p for p in (notebooks if notebooks is not None else built_notebooks(root))]
    todo: list[Path] = []
    for path in wanted:
        try:
            cache.match_cache_file(str(path))
        except KeyError:
            todo.append(path)
    if not todo:
        return {}
    todo = _longest_first(todo, root, cache_dir)
    jobs = min(jobs or workers(), len(todo))
    say = report or (lambda _msg: None)
    say(f"Executing {len(todo)} notebook(s) on {jobs} worker(s), longest first:")
    failures: list[str] = []

    def store(result: Executed) -> None:
        rel = os.path.relpath(result.path, root)
        if result.notebook is None:
            failures.append(f"{result.error}")
            say(f"  {rel}: FAILED after {result.seconds:.1f} s")
            return
        nb = nbformat.reads(result.notebook, as_version=4)
        cache.cache_notebook_bundle(
            CacheBundleIn(nb, result.path, data={"execution_seconds": result.seconds}),
            check_validity=False,
            overwrite=True,
        )
        say(f"{rel}: Executing notebook in a worker: cached ({result.seconds:.1f} s)")

    results = run_pool(_run_for_cache, todo, jobs, timeout, store, say, server)
    _save_times(cache_dir, root, [r for r in results if r.notebook is not None])
    if failures:
        raise NotebookError("\n\n".join(f"Notebook failed: {f}" for f in failures))
    return {os.path.relpath(r.path, root): r.seconds for r in results}


def execute_in_place(
    paths: Iterable[Path],
    timeout: int = 600,
    jobs: int | None = None,
    report: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Execute notebooks (in parallel) and store their outputs in the files; return seconds
    per notebook.

    Runs each notebook in its own folder (as the book build does), strips volatile
    metadata, and writes atomically. A notebook that raises leaves its file untouched;
    once the others are stored, :class:`NotebookError` names it and the cell (number
    and id).
    """
    root = project_root()
    rels = [Path(p) for p in paths]
    by_path = {str((root / rel) if not rel.is_absolute() else rel): rel for rel in rels}
    say = report or (lambda _msg: None)
    failures: list[str] = []
    timings: dict[str, float] = {}

    def store(result: Executed) -> None:
        rel = by_path[result.path]
        if result.notebook is None:
            failures.append(f"{rel}: {result.error}")
            say(f"  {rel}: FAILED after {result.seconds:.1f} s")
            return
        path = Path(result.path)
        tmp = path.with_name(f".{path.name}.tmp")
        text = result.notebook if result.notebook.endswith("\n") else result.notebook + "\n"
        tmp.write_text(text, encoding="utf-8")  # as nbformat.write
        os.replace(tmp, path)
        timings[str(rel)] = result.seconds
        say(f"  stored outputs in {rel} ({result.seconds:.1f} s)")

    ordered = _longest_first([Path(p) for p in by_path], root, root / "_build/.jupyter_cache")
    run_pool(_run_in_place, ordered, jobs, timeout, store, say)
    if failures:
        raise NotebookError("\n\n".join(failures))
    return timings
