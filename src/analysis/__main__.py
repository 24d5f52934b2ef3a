"""Command line of the book: ``python -m analysis <command>``.

Commands:
  data                 fetch and verify every raw file of the registry (make data)
  deps                 drop cached executions whose inputs changed (run before each build)
  execute [NB ...]     regenerate the outputs stored in notebooks (make notebooks)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.errors import BookDataError


def _data(_: argparse.Namespace) -> int:
    from analysis.fetch import fetch_all, mirror_dir
    from analysis.registry import datasets

    mirror = mirror_dir()
    where = f"mirror {mirror}" if mirror else "pinned URLs"
    all_ = datasets()
    n_files = sum(len(d.files) for d in all_.values())
    print(f"Fetching {n_files} raw files of {len(all_)} datasets from {where}, verifying sha256:")
    start = time.perf_counter()
    got = fetch_all(report=print)
    total = sum(f.size for f in got)
    print(f"{len(got)} files, {total:,} bytes, all verified, in {time.perf_counter() - start:.1f} s.")
    return 0


def _deps(_: argparse.Namespace) -> int:
    from analysis.book import invalidate_stale

    stale = invalidate_stale()
    if stale:
        print(f"Inputs changed for {len(stale)} notebook(s); they will be executed again:")
        for nb in stale:
            print(f"  {nb}")
    else:
        print("No notebook inputs changed since the last build.")
    return 0


def _execute(args: argparse.Namespace) -> int:
    from analysis.book import execute_in_place, notebooks

    targets = [Path(p) for p in args.notebooks] or notebooks()
    for rel in targets:
        print(f"Executing {rel} ...", flush=True)
        timings = execute_in_place([rel])
        print(f"  stored outputs in {rel} ({timings[str(rel)]:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("data", help="fetch and verify every raw file").set_defaults(func=_data)
    sub.add_parser("deps", help="invalidate cached executions with changed inputs").set_defaults(func=_deps)
    ex = sub.add_parser("execute", help="regenerate stored notebook outputs")
    ex.add_argument("notebooks", nargs="*", help="notebooks (default: all under chapters/)")
    ex.set_defaults(func=_execute)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BookDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
