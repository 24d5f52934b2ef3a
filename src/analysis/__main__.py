"""Command line of the book: ``python -m analysis <command>``.

Commands:
  data                 fetch and verify every raw file of the registry (make data)
  deps                 drop cached executions whose inputs changed (run before each build);
                       --explain [NB ...] shows what each notebook depends on
  execute [NB ...]     regenerate the outputs stored in notebooks (make notebooks)
  bench                measure cold/warm builds, rebuilds after edits, make test, make pdf,
                       page weight, tidy loads against raw parses (make bench)
  new-article PATH     scaffold the annotation file, chapter and toc entry of a new article
                       from its text file with front matter (make new-article FILE=PATH)
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


def _deps(args: argparse.Namespace) -> int:
    from analysis.book import BookDeps, invalidate_stale, notebooks, stale_notebooks

    if args.explain is not None:
        analysis = BookDeps()
        for nb in [Path(p) for p in args.explain] or notebooks():
            deps = analysis.deps(nb)
            print(f"{nb}")
            print(f"  modules:  {', '.join(deps.modules) or '-'}")
            print(f"  loaders:  {', '.join(deps.loaders) or '-'}")
            print(f"  datasets: {', '.join(deps.datasets) or '-'}")
            print(f"  registry entries: {', '.join(deps.registry_ids) or '-'}")
            other = [str(p.relative_to(analysis.root)) if p.is_relative_to(analysis.root) else str(p)
                     for p in deps.files if p.suffix != ".py"]
            print(f"  other files: {', '.join(other) or '-'}")
            print(f"  derived: {', '.join(deps.derived) or '-'}")
        return 0
    if args.dry_run:
        stale, _ = stale_notebooks()
        print(f"{len(stale)} notebook(s) would be executed again" + (":" if stale else "."))
        for nb in stale:
            print(f"  {nb}")
        return 0
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


def _new_article(args: argparse.Namespace) -> int:
    from analysis.new_article import new_article

    done = new_article(Path(args.path), report=lambda msg: print(msg, flush=True))
    print(f"New article {done.slug!r}:")
    for path in done.created:
        print(f"  created {path}")
    for path in done.changed:
        print(f"  updated {path}")
    print(f"Next: annotate data/articles/{done.slug}.yml, then `make book` (README: Adding an article).")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from analysis.bench import bench

    return bench(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("data", help="fetch and verify every raw file").set_defaults(func=_data)
    deps = sub.add_parser("deps", help="invalidate cached executions with changed inputs")
    deps.add_argument("--explain", nargs="*", metavar="NB",
                      help="print what each notebook (default: all) depends on; change nothing")
    deps.add_argument("--dry-run", action="store_true",
                      help="list the notebooks whose inputs changed; change nothing")
    deps.set_defaults(func=_deps)
    ex = sub.add_parser("execute", help="regenerate stored notebook outputs")
    ex.add_argument("notebooks", nargs="*", help="notebooks (default: all under chapters/)")
    ex.set_defaults(func=_execute)
    from analysis.bench import add_arguments

    bench = sub.add_parser("bench", help="measure builds, rebuilds, tests, PDF, page weight, loaders")
    add_arguments(bench)
    bench.set_defaults(func=_bench)
    na = sub.add_parser("new-article", help="scaffold the chapter of a new article")
    na.add_argument("path", help="article text file with front matter (slug, title, outlet, page_date, ...)")
    na.set_defaults(func=_new_article)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BookDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
