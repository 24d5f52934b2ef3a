"""Shared test set-up: what each test needs, the data mirror, mini books, the built site.

Tests are split by what they need, with one pytest marker each, applied here
(:func:`pytest_collection_modifyitems`) so that a test file rarely names one itself:

``unit``
    nothing: no data mirror, no build. ``make check`` runs ``pytest -m unit``, with the
    mirror and the data caches hidden (:func:`pytest_configure`), so a unit test that
    reads raw data fails loudly instead of passing on a warm cache.
``data``
    the raw-data mirror: tests that use the :func:`mirror` fixture, and every test of the
    modules in :data:`DATA_MODULES` (they load the real data through the loaders).
``build``
    a mini book built with the real Makefile and config (slow): tests using one of
    :data:`BUILD_FIXTURES`, or marked ``@pytest.mark.build``.
``site``
    the HTML book in ``_build/html``, only when it is newer than every input
    (:func:`require_fresh_build`): tests using :func:`built_site`, or marked
    ``@pytest.mark.site``. ``make test`` builds the book first, so they read its build.

A test's own marker wins; otherwise the first of site, build, data that applies, else unit.
A notebook checked by nbval (``pytest --nbval chapters/``) is ``data``.

Under pytest-xdist with ``--dist loadfile --no-loadscope-reorder`` (``make test``), each
test module and each notebook goes to one worker as a whole (its module fixtures, or its
kernel, are made once), the two modules sharing the new-article book
(:func:`new_article_book`) go to one worker together, and the browser checks of each
page go to one worker together, its visits first (:func:`scope_of`); the longest units are
handed out first (:func:`schedule`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from booktools import book

ROOT = Path(__file__).resolve().parents[1]

# The article texts' folder, made absolute once for the whole session, so a test that runs
# the book in a temporary copy (BOOK_ROOT) reads the same texts (as the Makefile does).
if os.environ.get("BOOK_ARTICLES_DIR"):
    os.environ["BOOK_ARTICLES_DIR"] = str((ROOT / os.environ["BOOK_ARTICLES_DIR"]).resolve())
else:
    os.environ["BOOK_ARTICLES_DIR"] = str((ROOT.parent / "shared" / "articles").resolve())
DEFAULT_MIRROR = ROOT.parent / "shared" / "data" / "raw"
HTML = ROOT / "_build" / "html"
#: Touched by ``make book`` when the HTML build succeeded (the Makefile's BUILD_STAMP).
BUILD_STAMP = HTML / ".book-built"
#: What the HTML build is made from: a file here newer than the stamp makes it stale.
BUILD_INPUTS = book.BUILD_INPUTS
KINDS = ("unit", "data", "build", "site")
#: Fixtures that build a mini book (defined in the test modules, or below).
BUILD_FIXTURES = frozenset({"tiny_book", "failing_book", "new_article_book"})
#: Modules whose tests load the real data through the loaders (without the ``mirror``
#: fixture): all their tests are ``data`` unless marked otherwise (``@pytest.mark.unit``).
DATA_MODULES = frozenset(
    {
        "test_bookmap",
        "test_faults",
        "test_fetch",
        "test_new_article",
    }
)
#: Module name prefixes with the same meaning (the chapters' figures, metrics and pages).
DATA_PREFIXES = ("test_loaders_", "test_figures_", "test_metrics_", "test_pages_")

if not os.environ.get("BOOK_DATA_MIRROR") and DEFAULT_MIRROR.is_dir():
    os.environ["BOOK_DATA_MIRROR"] = str(DEFAULT_MIRROR)
elif os.environ.get("BOOK_DATA_MIRROR"):
    # subprocesses (kernels, nbval, make) run elsewhere: pin a relative mirror to the root
    os.environ["BOOK_DATA_MIRROR"] = str((ROOT / os.environ["BOOK_DATA_MIRROR"]).resolve())


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers; under ``-m unit`` hide the data mirror and the data caches."""
    for kind in KINDS:
        config.addinivalue_line("markers", f"{kind}: needs {_NEEDS[kind]} (tests/conftest.py)")
    if str(config.getoption("markexpr", "") or "").strip() == "unit":
        empty = Path(tempfile.mkdtemp(prefix="book-unit-"))
        os.environ["BOOK_DATA_MIRROR"] = str(empty / "no-mirror-in-unit-tests")
        os.environ["BOOK_RAW_DIR"] = str(empty / "raw")
        os.environ["BOOK_PROCESSED_DIR"] = str(empty / "processed")


_NEEDS = {
    "unit": "nothing (no data mirror, no build)",
    "data": "the raw-data mirror (BOOK_DATA_MIRROR)",
    "build": "mini-book builds (slow)",
    "site": "the HTML build of this run (make book)",
}


def kind_of(item: pytest.Item) -> str:
    """The one kind of a test: its own marker, else by fixtures and module (see above)."""
    own = [k for k in KINDS if item.get_closest_marker(k) is not None]
    if own:
        return own[-1]
    fixtures = set(getattr(item, "fixturenames", ()))
    module = item.path.stem
    if item.path.suffix == ".ipynb":  # nbval: the notebook reads the data
        return "data"
    if "built_site" in fixtures:
        return "site"
    if fixtures & BUILD_FIXTURES:
        return "build"
    if "mirror" in fixtures or module in DATA_MODULES or module.startswith(DATA_PREFIXES):
        return "data"
    return "unit"


#: Test modules that make one unit of work for pytest-xdist (they share the new-article
#: book, :func:`new_article_book`, which one worker then builds for both).
SHARED_SCOPES = {
    "tests/test_context.py": "new-article-book",
    "tests/test_new_article.py": "new-article-book",
}
#: Test modules whose tests xdist hands out page by page: the browser checks, which share
#: only session fixtures (one browser and one HTTP server per worker), and, for one page,
#: the measurements its visits take (test_browser.LAYOUT), which the layout tests read. A
#: page's unit holds the tests of that page (the same parameter), the visits first (the
#: order here); a test without a page is a unit of its own.
SPREAD_MODULES = ("tests/test_browser.py", "tests/test_reader_layout.py")


def scope_of(nodeid: str) -> str:
    """The unit of work of a test under ``--dist loadfile`` (see :func:`schedule`): its
    file (a test module, or a notebook for nbval), except as above."""
    file, _, name = nodeid.partition("::")
    if file in SPREAD_MODULES:
        page = name.partition("[")[2].removesuffix("]")
        return f"browser page {page}" if page else nodeid
    return SHARED_SCOPES.get(file, file)


def schedule(items: list[pytest.Item]) -> list[pytest.Item]:
    """The order of the tests, which xdist keeps (``--no-loadscope-reorder``) when it hands
    out units of work: the longest first, so that no long unit starts last. The unit with
    the new-article book (copies, scaffolds, builds and checks a book), then units with a
    mini-book build, then notebooks (nbval) and the other modules, then the browser pages
    page by page. Stable within each rank (a unit's tests stay in their order), but for a
    page's browser checks: those of :data:`SPREAD_MODULES` in its order."""

    def file_of(item: pytest.Item) -> str:
        return item.nodeid.split("::", 1)[0]

    def rank(unit: list[pytest.Item]) -> int:
        fixtures = {f for item in unit for f in getattr(item, "fixturenames", ())}
        if "new_article_book" in fixtures:
            return 0
        if file_of(unit[0]) in SPREAD_MODULES:
            return 4
        if any(kind_of(item) == "build" for item in unit):
            return 1
        return 2 if unit[0].path.suffix == ".ipynb" else 3

    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(scope_of(item.nodeid), []).append(item)
    ranks = {scope: rank(unit) for scope, unit in units.items()}

    def key(item: pytest.Item) -> tuple[int, int]:
        file = file_of(item)
        spread = SPREAD_MODULES.index(file) if file in SPREAD_MODULES else 0
        return ranks[scope_of(item.nodeid)], spread

    return sorted(items, key=key)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        kind = kind_of(item)
        if item.get_closest_marker(kind) is None:
            item.add_marker(getattr(pytest.mark, kind))
    items[:] = schedule(items)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadfile`` with the units of :func:`scope_of` (xdist's own ``loadgroup``,
    which reads marks, does not group under pytest 9: pytest-xdist issue 1386)."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return Units(config, log)


def stale_inputs() -> list[str]:
    """Inputs of the HTML build newer than its stamp (all of them when there is no stamp)."""
    return book.newer_than_build(ROOT, BUILD_STAMP)


def require_fresh_build() -> Path:
    """``_build/html`` when ``make book`` built it after the last change to its inputs;
    else skip (fail under ``BOOK_BROWSER_REQUIRED=1``): a site test never reads a stale build."""
    newer = stale_inputs()
    if not newer:
        return HTML
    if newer == ["(no build stamp)"]:
        reason = f"no HTML build stamped by make book in {HTML}; run 'make book'"
    else:
        reason = (
            f"the HTML build is older than {len(newer)} of its inputs (e.g. {newer[0]}); "
            "run 'make book' (make test builds it first)"
        )
    if os.environ.get("BOOK_BROWSER_REQUIRED") == "1":
        pytest.fail(f"{reason} (BOOK_BROWSER_REQUIRED=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The HTML book of this run (see :func:`require_fresh_build`)."""
    return require_fresh_build()


@pytest.fixture(scope="session")
def mirror() -> Path:
    """The raw-data mirror folder (skips nothing: the book cannot be tested without data)."""
    path = Path(os.environ["BOOK_DATA_MIRROR"])
    assert path.is_dir(), f"BOOK_DATA_MIRROR={path} is not a folder"
    return path


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """This run's HTML build served over HTTP on 127.0.0.1 (one server per worker)."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    html = require_fresh_build()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(html)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium through Playwright, one per worker, for the page tests (tests/test_browser.py:
    which Chromium, and the skips)."""
    from test_browser import CHROMIUM, CHROMIUM_ARGS, _unavailable

    require_fresh_build()
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (it is in requirements.lock)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def new_article_book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The copy of the book with three new articles (tests/newbook.py), made once per
    session: the first worker to ask builds it under a file lock, the others read it."""
    from filelock import FileLock

    import newbook

    if not (ROOT / "data" / "raw").is_dir() and not os.environ.get("BOOK_DATA_MIRROR"):
        pytest.skip("needs the raw data (make data or BOOK_DATA_MIRROR)")
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # the workers' folders share this parent
        shared = shared.parent
    base = shared / "new-article-book"
    with FileLock(str(base) + ".lock"):
        if (base / "result.json").is_file():
            return newbook.load(base)
        if base.exists():  # a build interrupted half-way
            shutil.rmtree(base)
        return newbook.build(base)


def mini_book(root: Path, page: str, intro: str) -> Path:
    """Lay out a minimal book in ``root`` with the project's real Makefile and config.

    The table of contents holds ``intro`` and one page, ``chapters/demo/<page>``; the
    caller writes that notebook. The registry is empty, so no data is fetched.
    """
    (root / "chapters" / "demo").mkdir(parents=True)
    (root / "data").mkdir()
    for name in (
        "Makefile",
        "_config.yml",
        "references.bib",
        "requirements.lock",
        "pyproject.toml",
    ):
        shutil.copy(ROOT / name, root / name)
        os.utime(root / name, (0, 0))  # never newer than the venv's install stamp
    (root / "_toc.yml").write_text(
        f"format: jb-book\nroot: intro\nchapters:\n  - file: chapters/demo/{page}\n"
    )
    (root / "intro.md").write_text(intro)
    (root / "data" / "sources.yml").write_text("datasets: []\n")
    return root


def make_prerequisites(target: str) -> list[str]:
    """Every target ``make <target>`` reaches through prerequisites and the recipe lines
    that run make on other targets, depth first, in order."""
    import re

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    seen: list[str] = []

    variables = dict(re.findall(r"^([A-Z_]+) := (.*)$", makefile, flags=re.MULTILINE))

    def expand(text: str) -> str:
        return re.sub(r"\$\(([A-Z_]+)\)", lambda m: variables.get(m.group(1), m.group(0)), text)

    def visit(name: str) -> None:
        rule = re.search(rf"^{re.escape(name)}:(?!=)(.*)$", makefile, flags=re.MULTILINE)
        deps = expand(rule.group(1)) if rule else ""
        if rule:  # and the targets of recipe lines that are a make of their own
            recipe = makefile[rule.end() :].split("\n\n", 1)[0]
            for line in re.findall(r"^\t@?\$\(MAKE\) (.*)$", recipe, flags=re.MULTILINE):
                deps += " " + " ".join(w for w in expand(line).split() if not w.startswith("-"))
        for dep in deps.split():
            if dep not in seen and not dep.startswith("$("):
                seen.append(dep)
                visit(dep)

    visit(target)
    return seen


def make_test_step(target: str, via: str = "test") -> str:
    """Assert ``make <via>`` (``make test`` by default) runs ``target`` (declared phony)
    and return the target's recipe, for the caller to check its commands."""
    import re

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    reached = make_prerequisites(via)
    assert target in reached, f"make {via} does not run {target}: {reached}"
    assert re.search(rf"^\.PHONY: .*\b{re.escape(target)}\b", makefile, flags=re.MULTILINE)
    return makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]


def spec_views(node: Any) -> Iterator[dict[str, Any]]:
    """Every view of a spec that has a mark or an encoding (layers, concats, facets)."""
    if isinstance(node, dict):
        if "mark" in node or "encoding" in node:
            yield node
        for key, value in node.items():
            if key not in ("datasets", "data", "usermeta", "config"):
                yield from spec_views(value)
    elif isinstance(node, list):
        for value in node:
            yield from spec_views(value)
