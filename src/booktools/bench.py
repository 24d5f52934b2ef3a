"""``make bench``: how long the book takes to build, rebuild, test and print.

Measures, on this machine, with medians over ``--runs`` runs (``--cold-runs`` for the
cold build):

* **cold build**: ``make book`` with empty ``_build``, ``data/raw`` and
  ``data/processed`` (raw files from ``BOOK_DATA_MIRROR``, or the network without it);
  each cold run is followed by a **serial cold build** (``make book JOBS=1
  BOOK_KERNELS=fresh``: one worker, each notebook in a kernel started afresh, as Jupyter
  Book executes), whose notebooks' execution times add up to the serial sum the parallel
  build (two workers, kernels forked from a warm server, :mod:`booktools.kernels`) is held
  against, measured side by side in the same run;
* **peak memory** of every ``make`` (the resident memory of make and all its
  descendants, kernels included, sampled every 0.2 s);
* **warm rebuild**: ``make book`` again, nothing changed;
* **one notebook edited**: a comment appended to a code cell of one notebook (and,
  separately, words appended to one of its markdown cells), then ``make book``;
* **one loader changed**: a comment appended to a loader module in ``src/analysis``,
  then ``make book``;
* ``make test`` (with its data, unit-test and nbval phases) and ``make pdf``;
* the weight of the heaviest HTML page (the page and every file it loads);
* the fixed cost of a notebook: starting a kernel (an empty notebook executed), and, per
  notebook, its import cells run in a fresh interpreter; then the same empty notebook in
  a kernel forked from the kernel server, and that server's start;
* per dataset, loading each tidy table from the cache against parsing its raw files.

Every edit is undone in a ``finally`` block, even when a build fails or the bench is
interrupted, and a build after the undo (a "settle" run, timed but not counted) brings
the caches back to the unedited book before the next step. For each build the bench
records which notebooks were executed, from the build log (MyST-NB's "Executing
notebook" lines), cross-checked against the new jupyter-cache records.

By default everything runs in a temporary copy of the book (``.venv``, ``_build`` and
the data caches left out; the copy imports its own ``src`` through ``PYTHONPATH`` and
uses this venv), so the bench neither empties this checkout's caches nor edits its
files while others work in it. ``--in-place`` measures the checkout itself.

Results: ``_build/bench.json`` (every run, every figure), and, for a full run, the
committed snapshot ``data/bench.json``, which the "Reproducing this book" page renders
at build time (``{bench-table}``, :mod:`booktools.sphinxext`), with a warning when the
book's notebooks are no longer those that were measured.

``--runs 1`` is one run of every step, so every target figure, without a snapshot (the
snapshot needs three runs); ``--quick`` (one run of each step, no ``make test`` or
``make pdf``, no snapshot) is for developing the bench itself.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.paths import project_root
from booktools.bench_costs import PeakMemory, fixed_costs, loader_times, per_dataset
from booktools.bench_edits import _append_to_cell, _choose_loader, _choose_notebook
from booktools.bench_report import (
    SNAPSHOT,
    built_notebooks,
    median,
    page_weights,
    report_tables,
    targets,
)

STEPS = (
    "cold",
    "serial",
    "warm",
    "edit-code",
    "edit-markdown",
    "edit-loader",
    "test",
    "pdf",
    "pages",
    "loaders",
    "fixed",
)
QUICK_STEPS = tuple(s for s in STEPS if s not in ("test", "pdf"))
RESULT = "_build/bench.json"
LOG_DIR = "_build/bench-logs"
#: What the copy leaves out (top-level paths of the book).
SKIP = {".venv", "_build", ".git", ".mypy_cache", ".ruff_cache", ".pytest_cache"}
SKIP_DATA = {"raw", "processed"}

_EXECUTING = re.compile(r"^(?:\x1b\[[0-9;]*m)*(\S+\.ipynb): Executing notebook", re.M)


# --- running make in a workspace ----------------------------------------------------------


@dataclass
class Workspace:
    """Where the bench builds: a temporary copy of the book, or the book itself."""

    root: Path
    venv: Path
    env: dict[str, str]
    temporary: Path | None = None
    logs: Path = field(default_factory=Path)

    def close(self) -> None:
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)


def _ignore(source_root: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        skipped = {n for n in names if n in ("__pycache__", ".ipynb_checkpoints")}
        if here == source_root:
            skipped |= SKIP & set(names)
        elif here == source_root / "data":
            skipped |= SKIP_DATA & set(names)
        return skipped

    return ignore


def workspace(source_root: Path, in_place: bool, logs: Path) -> Workspace:
    """Prepare the folder the bench builds in, with its environment."""
    venv = Path(sys.prefix)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BOOK_ROOT", "BOOK_RAW_DIR", "BOOK_PROCESSED_DIR")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if in_place:
        return Workspace(source_root, venv, env, None, logs)
    base = Path(tempfile.mkdtemp(prefix="book-bench-"))
    root = base / source_root.name
    shutil.copytree(source_root, root, ignore=_ignore(source_root), symlinks=True)
    shared = source_root.parent / "shared"
    if shared.is_dir():  # article texts and the published checksums the tests read
        (base / "shared").symlink_to(shared)
    stamp = venv / ".installed-lock"
    if stamp.exists():  # never let make reinstall this venv from the copy
        old = stamp.stat().st_mtime - 60
        for name in ("requirements.lock", "pyproject.toml"):
            if (root / name).exists():
                os.utime(root / name, (old, old))
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), *filter(None, [env.get("PYTHONPATH")])])
    ws = Workspace(root, venv, env, base, logs)
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import analysis.paths as p; print(p.project_root())"],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if Path(where).resolve() != root.resolve():
        ws.close()
        raise RuntimeError(f"the copy imports analysis from {where}, not from {root}")
    return ws


@dataclass
class Run:
    """One timed command."""

    label: str
    seconds: float
    returncode: int
    log: str
    executed: list[str] = field(default_factory=list)
    cache_executed: list[str] = field(default_factory=list)
    exec_seconds: dict[str, float] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float | None = None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seconds": round(self.seconds, 2), "returncode": self.returncode}
        if self.executed or self.cache_executed or self.label.startswith("make book"):
            out["executed"] = self.executed
            if sorted(self.cache_executed) != sorted(self.executed):
                out["cache_executed"] = self.cache_executed
            out["exec_seconds"] = {k: round(v, 2) for k, v in self.exec_seconds.items()}
        if self.marks:
            out["phases"] = {k: round(v, 2) for k, v in self.marks.items()}
        if self.peak_rss_mb is not None:
            out["peak_rss_mb"] = round(self.peak_rss_mb)
        return out


def _cache_records(root: Path) -> dict[int, tuple[str, float]]:
    """jupyter-cache records: pk -> (notebook relative to root, execution seconds)."""
    folder = root / "_build" / ".jupyter_cache"
    if not folder.exists():
        return {}
    from jupyter_cache import get_cache

    out = {}
    for record in get_cache(str(folder)).list_cache_records():
        uri = os.path.relpath(record.uri, root)
        out[record.pk] = (uri, float((record.data or {}).get("execution_seconds", 0.0)))
    return out


def make(
    ws: Workspace,
    target: str,
    label: str,
    marks: dict[str, str] | None = None,
    variables: dict[str, str] | None = None,
) -> Run:
    """Run ``make <target>`` in the workspace: time it, keep its log, see what executed,
    and sample its peak memory (make and every descendant).

    ``marks`` maps phase names to lines of make's output; the time from the start to the
    first line containing each is recorded (``make test``: its unit and nbval phases).
    ``variables`` are passed to make (``{"JOBS": "1"}``).
    """
    before = _cache_records(ws.root)
    cmd = ["make", target, f"VENV={ws.venv}", *(f"{k}={v}" for k, v in (variables or {}).items())]
    start = time.perf_counter()
    seen: dict[str, float] = {}
    lines: list[str] = []
    proc = subprocess.Popen(
        cmd,
        cwd=ws.root,
        env=ws.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    assert proc.stdout is not None
    memory = PeakMemory(proc.pid)
    for line in proc.stdout:
        lines.append(line)
        for name, needle in (marks or {}).items():
            if name not in seen and needle in line:
                seen[name] = time.perf_counter() - start
    returncode = proc.wait()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    log = "".join(lines)
    ws.logs.mkdir(parents=True, exist_ok=True)
    (ws.logs / f"{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}.log").write_text(log)
    after = _cache_records(ws.root)
    new = {pk: v for pk, v in after.items() if pk not in before}
    executed = sorted(
        {os.path.relpath(p, ws.root) if os.path.isabs(p) else p for p in _EXECUTING.findall(log)}
    )
    run = Run(
        label,
        seconds,
        returncode,
        log,
        executed,
        sorted(uri for uri, _ in new.values()),
        {uri: secs for uri, secs in new.values()},
        seen,
        peak,
    )
    status = "ok" if returncode == 0 else f"FAILED (exit {returncode}, log in {ws.logs})"
    ran = f", executed {len(executed)}: {', '.join(executed)}" if executed else ""
    print(f"  {label:<34} {seconds:8.1f} s  {peak:6.0f} MB  {status}{ran}", flush=True)
    return run


def _step(runs: list[Run], **extra: Any) -> dict[str, Any]:
    ok = [r.seconds for r in runs if r.returncode == 0]
    return {"median": median(ok), "runs": [r.summary() for r in runs], **extra}


@contextlib.contextmanager
def restoring(*paths: Path) -> Iterator[None]:
    """Put the files' bytes back on the way out, whatever happened.

    The modification time is left new: Sphinx must see the page change back.
    """
    saved = [(p, p.read_bytes()) for p in paths]
    try:
        yield
    finally:
        for path, data in saved:
            if not path.exists() or path.read_bytes() != data:
                tmp = path.with_name(f".{path.name}.bench-restore")
                tmp.write_bytes(data)
                os.replace(tmp, path)


# --- the bench ----------------------------------------------------------------------------


def _bench_helper(ws: Workspace, flag: str, runs: int, what: str) -> Any:
    """Run ``python -m booktools.bench FLAG RUNS`` in the workspace's venv; its last line of
    output is JSON."""
    proc = subprocess.run(
        [str(ws.venv / "bin" / "python"), "-m", "booktools.bench", flag, str(runs)],
        cwd=ws.root,
        env=ws.env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_bench(args: argparse.Namespace) -> dict[str, Any]:
    from booktools.book import notebooks

    source = project_root()
    steps = set(args.steps.split(",")) if args.steps else set(QUICK_STEPS if args.quick else STEPS)
    unknown = steps - set(STEPS)
    if unknown:
        raise SystemExit(f"unknown step(s) {sorted(unknown)}; known: {', '.join(STEPS)}")
    runs = 1 if args.quick else args.runs
    cold_runs = 1 if args.quick else (args.cold_runs or args.runs)
    ws = workspace(source, args.in_place, source / LOG_DIR)
    print(
        f"Bench in {ws.root} ({'the checkout itself' if args.in_place else 'a temporary copy'}); "
        f"{runs} run(s) per step, {cold_runs} cold; logs in {ws.logs}",
        flush=True,
    )
    mirror = ws.env.get("BOOK_DATA_MIRROR")
    result: dict[str, Any] = {
        "schema": 1,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "book": {
            "notebooks": [str(nb) for nb in built_notebooks(ws.root)],
            "notebooks_not_in_toc": [
                str(nb) for nb in notebooks(ws.root) if nb not in built_notebooks(ws.root)
            ],
            "where": "in place" if args.in_place else "temporary copy",
            "data": "mirror" if mirror else "network",
        },
        "runs": runs,
        "cold_runs": cold_runs,
        "quick": bool(args.quick),
        "steps": {},
    }
    started = time.perf_counter()
    book_marks = {
        "deps": "== Checking which notebooks",
        "execute": "== Executing notebooks without",
        "sphinx": "== Building the HTML book",
    }
    try:
        if "cold" in steps or "serial" in steps or not (ws.root / "_build" / "html").exists():
            cold: list[Run] = []
            serial: list[Run] = []
            for i in range(cold_runs if "cold" in steps or "serial" in steps else 1):
                # side by side: a serial cold build right after each parallel one
                for kind in ("serial", "cold") if "serial" in steps else ("cold",):
                    for folder in ("_build", "data/processed", "data/raw"):
                        shutil.rmtree(ws.root / folder, ignore_errors=True)
                    if kind == "cold":
                        cold.append(make(ws, "book", f"make book cold {i + 1}", book_marks))
                    else:
                        label = f"make book cold serial {i + 1}"
                        fresh = {"JOBS": "1", "BOOK_KERNELS": "fresh"}
                        serial.append(make(ws, "book", label, book_marks, fresh))
            exec_sums = [sum(r.exec_seconds.values()) for r in cold if r.returncode == 0]
            result["steps"]["cold_build"] = _step(
                cold, notebook_exec_seconds=median(exec_sums), measured="cold" in steps
            )
            if serial:
                sums = [sum(r.exec_seconds.values()) for r in serial if r.returncode == 0]
                result["steps"]["cold_build_serial"] = _step(
                    serial, notebook_exec_seconds=median(sums)
                )
        if "warm" in steps:
            warm = [make(ws, "book", f"make book warm {i + 1}", book_marks) for i in range(runs)]
            result["steps"]["warm_build"] = _step(warm, expected=[])
        if "edit-code" in steps or "edit-markdown" in steps:
            nb = _choose_notebook(ws.root, args.notebook)
            for kind, key in (("code", "edit_code"), ("markdown", "edit_markdown")):
                if f"edit-{kind}" not in steps:
                    continue
                edited: list[Run] = []
                with restoring(ws.root / nb):
                    for i in range(runs):
                        mark = uuid.uuid4().hex[:8]
                        text = f"\n# bench edit {mark}" if kind == "code" else f" (bench {mark})"
                        _append_to_cell(ws.root / nb, kind, text)
                        label = f"make book edit {kind} {i + 1}"
                        edited.append(make(ws, "book", label, book_marks))
                settle = make(ws, "book", f"make book undo {kind} edit", book_marks)
                result["steps"][key] = _step(
                    edited,
                    notebook=str(nb),
                    expected=[str(nb)] if kind == "code" else [],
                    settle=settle.summary(),
                )
        if "edit-loader" in steps:
            module, users = _choose_loader(ws.root, args.loader)
            changed: list[Run] = []
            with restoring(ws.root / module):
                for i in range(runs):
                    with open(ws.root / module, "a", encoding="utf-8") as handle:
                        handle.write(f"# bench change {uuid.uuid4().hex[:8]}\n")
                    changed.append(make(ws, "book", f"make book loader change {i + 1}", book_marks))
            settle = make(ws, "book", "make book undo loader change", book_marks)
            result["steps"]["edit_loader"] = _step(
                changed,
                module=str(module),
                expected=[str(u) for u in users],
                settle=settle.summary(),
            )
        if "test" in steps:
            marks = {"unit": "== Unit tests", "nbval": "== Notebooks against"}
            tested = [make(ws, "test", f"make test {i + 1}", marks) for i in range(runs)]
            result["steps"]["make_test"] = _step(tested)
        if "pdf" in steps:
            printed = [make(ws, "pdf", f"make pdf {i + 1}") for i in range(runs)]
            pdf = ws.root / "_build" / "latex" / "book.pdf"
            size = pdf.stat().st_size if pdf.exists() else None
            result["steps"]["make_pdf"] = _step(printed, pdf_bytes=size)
        if "pages" in steps and (ws.root / "_build" / "html").exists():
            result["pages"] = page_weights(ws.root / "_build" / "html")
            print(
                f"  heaviest page: {result['pages']['largest']} "
                f"({result['pages']['largest_bytes'] / 1e6:.2f} MB)",
                flush=True,
            )
        if "loaders" in steps:
            print("  timing tidy loads against raw parses ...", flush=True)
            result["loaders"] = _bench_helper(ws, "--loader-times", max(runs, 3), "loader timing")
            result["datasets"] = per_dataset(result["loaders"])
        if "fixed" in steps:
            print("  timing kernel start and each notebook's imports ...", flush=True)
            result["fixed_costs"] = _bench_helper(
                ws, "--fixed-costs", max(runs, 3), "fixed-cost timing"
            )
    except Exception as exc:  # keep what was measured; the bench still fails
        import traceback

        result["error"] = "".join(traceback.format_exception(exc))
        print(f"bench failed: {exc!r} (the figures so far are kept)", flush=True)
    finally:
        result["total_seconds"] = round(time.perf_counter() - started, 1)
        result["targets"] = targets(result)
        if not args.keep:
            ws.close()
        elif ws.temporary:
            print(f"Kept the copy: {ws.root}")
    return result


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def snapshot(result: dict[str, Any]) -> dict[str, Any]:
    """The committed summary: figures and targets, not logs or every page's weight."""
    small = json.loads(json.dumps(result))
    if small.get("pages"):
        largest = small["pages"]["largest"]
        small["pages"]["pages"] = {largest: small["pages"]["pages"][largest]} if largest else {}
    for step in small.get("steps", {}).values():
        for run in step.get("runs", []):
            run.pop("cache_executed", None)
    return small


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m booktools bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    parser.add_argument("--loader-times", type=int, metavar="N", help=argparse.SUPPRESS)
    parser.add_argument("--fixed-costs", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.loader_times:
        print(json.dumps(loader_times(args.loader_times)))
        return 0
    if args.fixed_costs:
        print(json.dumps(fixed_costs(project_root(), args.fixed_costs)))
        return 0
    return bench(args)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=3, help="runs per step (median; default 3)")
    parser.add_argument("--cold-runs", type=int, help="runs of the cold build (default: --runs)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run per step, no make test / make pdf, no snapshot",
    )
    parser.add_argument("--steps", help=f"comma-separated subset of: {', '.join(STEPS)}")
    parser.add_argument("--notebook", help="notebook to edit (default: the first chapter notebook)")
    parser.add_argument(
        "--loader", help="loader module to change, e.g. src/analysis/inputs/loaders/wdi.py"
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="measure this checkout (empties its caches, edits and restores files)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    parser.add_argument("--no-snapshot", action="store_true", help=f"do not write {SNAPSHOT}")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help=f"write {SNAPSHOT} from fewer than three runs too (it records the run count)",
    )


def bench(args: argparse.Namespace) -> int:
    source = project_root()
    result = run_bench(args)
    _write_json(source / RESULT, result)
    print(f"\nWrote {RESULT}")
    every_step = not args.quick and not args.steps and not result.get("error")
    full = every_step and (args.runs >= 3 or args.snapshot)
    if full and not args.no_snapshot:
        _write_json(source / SNAPSHOT, snapshot(result))
        print(f"Wrote {SNAPSHOT} (rendered by chapters/appendix/reproducing.md)")
    print()
    print(report_tables(result))
    failed = [r for s in result["steps"].values() for r in s.get("runs", []) if r["returncode"]]
    if result.get("error"):
        print(result["error"], file=sys.stderr)
    return 1 if failed or result.get("error") else 0


if __name__ == "__main__":
    sys.exit(main())
