"""Command line of the book: ``python -m booktools <command>``.

Commands:
  data                 fetch and verify every raw file of the registry (make data)
  validate             check every curated table and article annotation (make book runs it
                       first, so a bad row in a table no chapter reads still stops the build)
  deps                 drop cached executions whose inputs changed (run before each build);
                       --explain [NB ...] shows what each notebook depends on;
                       --current exits 0 when the HTML build is current (make book then
                       does nothing more)
  execute [NB ...]     regenerate the outputs stored in notebooks (make notebooks), one
                       worker per core; --cache instead executes the book's notebooks
                       that have no execution-cache record into that cache (make book
                       and make pdf, after deps), so Sphinx executes none
  bench                measure cold/warm builds, rebuilds after edits, make test, make pdf,
                       page weight, tidy loads against raw parses (make bench)
  site                 print where the book lives (from repository.url in _config.yml) and
                       whether every notebook starts with its Colab set-up cell; --write
                       puts the cells in, --check fails on a missing or stale one,
                       --expect-repository/--expect-site-url fail on another address
  opendata [PATH]      validate the built data package (_build/html/_static/charts/datapackage.json)
                       with frictionless; print its resource count and size
  release VERSION      versioned archive of the built book and its What changed page
                       (make release VERSION=x.y.z); --check only refuses an existing version
  new-article PATH...  scaffold the annotation file, chapter and toc entry of a new article
                       from its text file with front matter (make new-article FILE=PATH)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from analysis.errors import BookDataError


def _data(_: argparse.Namespace) -> int:
    from analysis.inputs.fetch import fetch_all, mirror_dir
    from analysis.inputs.registry import datasets

    mirror = mirror_dir()
    where = f"mirror {mirror}" if mirror else "pinned URLs"
    all_ = datasets()
    n_files = sum(len(d.files) for d in all_.values())
    print(f"Fetching {n_files} raw files of {len(all_)} datasets from {where}, verifying sha256:")
    start = time.perf_counter()
    got = fetch_all(report=print)
    total = sum(f.size for f in got)
    print(
        f"{len(got)} files, {total:,} bytes, all verified, in {time.perf_counter() - start:.1f} s."
    )
    return 0


def _validate(_: argparse.Namespace) -> int:
    from analysis.inputs.validate import validate_all

    notice: list[str] = []
    summary = validate_all(notice)
    for line in notice:
        print(f"notice: {line}")
    tables = sum(1 for k in summary if k.startswith("curated/"))
    rows = sum(v for k, v in summary.items() if k.startswith("curated/"))
    articles = sum(1 for k in summary if k.startswith("articles/"))
    claims = sum(v for k, v in summary.items() if k.startswith("articles/"))
    print(
        f"Inputs valid: {tables} curated tables ({rows} rows), "
        f"{articles} article annotations ({claims} claims)."
    )
    return 0


def _deps(args: argparse.Namespace) -> int:
    from booktools.book import BookDeps, invalidate_stale, notebooks, stale_notebooks

    if args.explain is not None:
        analysis = BookDeps()
        for nb in [Path(p) for p in args.explain] or notebooks():
            deps = analysis.deps(nb)
            print(f"{nb}")
            print(f"  modules:  {', '.join(deps.modules) or '-'}")
            print(f"  loaders:  {', '.join(deps.loaders) or '-'}")
            print(f"  datasets: {', '.join(deps.datasets) or '-'}")
            print(f"  registry entries: {', '.join(deps.registry_ids) or '-'}")
            other = [
                str(p.relative_to(analysis.root)) if p.is_relative_to(analysis.root) else str(p)
                for p in deps.files
                if p.suffix != ".py"
            ]
            print(f"  other files: {', '.join(other) or '-'}")
            print(f"  derived: {', '.join(deps.derived) or '-'}")
        return 0
    if args.current:
        from booktools.book import book_current

        current, why = book_current()
        print(f"The HTML book is current: {why}." if current else f"The book must be built: {why}.")
        return 0 if current else 1
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


#: What make book prints before each step (make bench times the steps by these lines).
VALIDATE_LINE = "== Validating every curated table and article annotation"
DEPS_LINE = "== Checking which notebooks must run again"
EXECUTE_LINE = "== Executing notebooks without a cache record, one worker per core (into _build/.jupyter_cache)"


def _start_kernel_server(chosen: list[Path] | None) -> Any:
    """The kernel server for the notebooks to execute, started (it imports on a core of
    its own while ``validate`` and ``deps`` run on the other)."""
    from analysis.paths import project_root
    from booktools.bench_report import built_notebooks
    from booktools.kernels import KernelServer

    root = project_root()
    return KernelServer([root / p for p in (chosen or built_notebooks(root))], root).start()


def _execute(args: argparse.Namespace) -> int:
    from analysis.errors import NotebookError
    from booktools.book import notebooks
    from booktools.execute import execute_in_place, execute_into_cache, workers

    def say(msg: str) -> None:
        print(msg, flush=True)

    start = time.perf_counter()
    if args.cache:
        chosen = [Path(p) for p in args.notebooks] or None
        server = _start_kernel_server(chosen) if args.validate_and_deps else None
        try:
            if server is not None:  # the two steps make book runs first, meanwhile
                for step, line in (("validate", VALIDATE_LINE), ("deps", DEPS_LINE)):
                    say(line)
                    if subprocess.run([sys.executable, "-m", "booktools", step]).returncode:
                        return 1
                say(EXECUTE_LINE)
            done = execute_into_cache(chosen, jobs=args.jobs, report=say, server=server)
        except NotebookError as exc:
            print(f"\n{exc}\n", file=sys.stderr, flush=True)
            return 1
        finally:
            if server is not None:
                server.stop()
        if done:
            print(
                f"{len(done)} notebook(s) executed in {time.perf_counter() - start:.1f} s "
                f"(their serial sum: {sum(done.values()):.1f} s)."
            )
        else:
            print("Every notebook of the book has an execution-cache record.")
        return 0
    targets = [Path(p) for p in args.notebooks] or notebooks()
    jobs = min(args.jobs or workers(), len(targets))
    print(f"Executing {len(targets)} notebook(s) on {jobs} worker(s) ...", flush=True)
    execute_in_place(targets, jobs=jobs, report=say)
    return 0


def _new_article(args: argparse.Namespace) -> int:
    from booktools.new_article import new_articles

    paths = [Path(p) for p in args.path]
    for done in new_articles(paths, report=lambda msg: print(msg, flush=True)):
        print(f"New article {done.slug!r}:")
        for path in done.created:
            print(f"  created {path}")
        for path in done.changed:
            print(f"  updated {path}")
        print(
            f"Next: review the machine-proposed section of data/articles/{done.slug}.yml (set "
            "confirmed: true), annotate claims, then `make book` (README: Adding an article)."
        )
    return 0


def _site(args: argparse.Namespace) -> int:
    from analysis.paths import project_root
    from booktools.site import chapter_notebooks, launch_cell_state, load_site, write_launch_cell

    site = load_site()
    if site is None:
        print("No repository.url in _config.yml: no site URL, sitemap or launch buttons.")
        return 1 if (args.check or args.expect_repository or args.expect_site_url) else 0
    print(f"repository: {site.repository_url} (branch {site.branch})")
    print(f"site:       {site.site_url}  (sitemap: {site.site_url}sitemap.xml)")
    problems: list[str] = []
    if (
        args.expect_repository
        and args.expect_repository.lower() != f"{site.owner}/{site.name}".lower()
    ):
        problems.append(
            f"_config.yml names repository {site.owner}/{site.name}, but this is "
            f"{args.expect_repository}: set repository.url to "
            f"https://github.com/{args.expect_repository} and run "
            "`python -m booktools site --write`"
        )
    if args.expect_site_url and args.expect_site_url.rstrip("/") + "/" != site.site_url:
        problems.append(
            f"the book's site URL is {site.site_url}, but the site is published at "
            f"{args.expect_site_url}: set html.baseurl in _config.yml to it"
        )
    root = project_root()
    for nb in chapter_notebooks(root):
        rel = nb.relative_to(root).as_posix()
        state = launch_cell_state(nb, site)
        if state == "ok":
            continue
        if args.write:
            write_launch_cell(nb, site)
            print(f"  {rel}: set-up cell {'added' if state == 'missing' else 'updated'}")
        else:
            problems.append(
                f"{rel}: Colab set-up cell {state}; run `python -m booktools site --write`"
            )
    enforce = bool(args.check or args.expect_repository or args.expect_site_url)
    for problem in problems:
        print(
            f"error: {problem}" if enforce else f"  {problem}",
            file=sys.stderr if enforce else sys.stdout,
        )
    if not problems:
        print("Every notebook starts with its set-up cell.")
    return 1 if problems and enforce else 0


def _bench(args: argparse.Namespace) -> int:
    from booktools.bench import bench

    return bench(args)


def _opendata(args: argparse.Namespace) -> int:
    from booktools.opendata import OpenDataError, validate_package

    path = Path(args.path)
    try:
        found = validate_package(path)
    except OpenDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: valid; {found['resources']} resources, {found['bytes']:,} bytes of CSV")
    return 0


def _release(args: argparse.Namespace) -> int:
    from booktools.release import ReleaseError, check_new, release

    root = Path.cwd()
    try:
        if args.check:
            check_new(root, args.version)
            return 0
        done = release(root, args.version)
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"release {done['version']}: {done['archive']}; compared with "
        f"{done['previous'] or 'nothing (first release)'}: {done['numbers']} numbers, "
        f"{done['verdicts']} verdicts, {done['charts']} charts differ "
        f"(releases/{done['version']}/what-changed.md)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m booktools",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("data", help="fetch and verify every raw file").set_defaults(func=_data)
    sub.add_parser(
        "validate", help="check every curated table and article annotation"
    ).set_defaults(func=_validate)
    deps = sub.add_parser("deps", help="invalidate cached executions with changed inputs")
    deps.add_argument(
        "--explain",
        nargs="*",
        metavar="NB",
        help="print what each notebook (default: all) depends on; change nothing",
    )
    deps.add_argument(
        "--dry-run",
        action="store_true",
        help="list the notebooks whose inputs changed; change nothing",
    )
    deps.add_argument(
        "--current",
        action="store_true",
        help="exit 0 when the HTML build is current (stamped after every input, no notebook "
        "stale, every notebook cached), else 1; change nothing",
    )
    deps.set_defaults(func=_deps)
    ex = sub.add_parser("execute", help="regenerate stored notebook outputs")
    ex.add_argument("notebooks", nargs="*", help="notebooks (default: all under chapters/)")
    ex.add_argument(
        "--cache",
        action="store_true",
        help="execute uncached notebooks (default: the table of contents') into the build's "
        "execution cache; leave the files alone",
    )
    ex.add_argument(
        "--jobs", type=int, help="worker processes (default: $BOOK_JOBS, else one per core)"
    )
    ex.add_argument(
        "--validate-and-deps",
        action="store_true",
        help="with --cache: first run `validate` and `deps` (as make book does), while the "
        "kernel server starts on the other core",
    )
    ex.set_defaults(func=_execute)
    from booktools.bench import add_arguments

    bench = sub.add_parser(
        "bench", help="measure builds, rebuilds, tests, PDF, page weight, loaders"
    )
    add_arguments(bench)
    bench.set_defaults(func=_bench)
    site = sub.add_parser("site", help="where the book lives; Colab set-up cells of the notebooks")
    site.add_argument("--write", action="store_true", help="add or update the set-up cells")
    site.add_argument("--check", action="store_true", help="fail on a missing or stale set-up cell")
    site.add_argument(
        "--expect-repository",
        metavar="OWNER/NAME",
        help="fail unless repository.url names this GitHub repository",
    )
    site.add_argument(
        "--expect-site-url", metavar="URL", help="fail unless the derived site URL is this one"
    )
    site.set_defaults(func=_site)
    od = sub.add_parser("opendata", help="validate the built data package (frictionless)")
    od.add_argument("path", nargs="?", default="_build/html/_static/charts/datapackage.json")
    od.set_defaults(func=_opendata)
    rel = sub.add_parser("release", help="versioned archive and What changed page")
    rel.add_argument("version", help="x.y.z, not yet in releases/")
    rel.add_argument("--check", action="store_true", help="only refuse a bad or existing version")
    rel.set_defaults(func=_release)
    na = sub.add_parser("new-article", help="scaffold the chapter of a new article")
    na.add_argument(
        "path",
        nargs="+",
        help="article text file(s) with front matter (slug, title, outlet, page_date, ...);"
        " several: the map chapter is executed again once, for all",
    )
    na.set_defaults(func=_new_article)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BookDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
