"""Where the book lives online, from the one setting ``repository.url`` (booktools.site).

Unit tests of the derivation (site URL, launch links, errors naming ``_config.yml``), of
the hidden set-up cell every notebook starts with (the same short cell everywhere, in sync
with the setting; run in a kernel without the package, it fetches booktools.hosted, which
clones the book and puts its package on the path), and
checks of the built site: ``sitemap.xml``, canonical and OpenGraph metadata, and the
Binder/Colab buttons of notebook pages (``site`` tests: they read ``_build/html`` only when
``make book`` built it after the last change to its inputs, see tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from booktools import site as S

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
REQUIRED = os.environ.get("BOOK_BROWSER_REQUIRED") == "1"


# --- the setting ---------------------------------------------------------------------------


def test_site_from_repository_url() -> None:
    site = S.site_from_settings("https://github.com/Some-Org/my.book")
    assert site is not None
    assert (site.owner, site.name, site.branch) == ("Some-Org", "my.book", "main")
    assert site.site_url == "https://some-org.github.io/my.book/"
    assert site.repository_url == "https://github.com/Some-Org/my.book"
    assert site.clone_url == "https://github.com/Some-Org/my.book.git"
    assert site.binder_url("chapters/a/b.ipynb") == (
        "https://mybinder.org/v2/gh/Some-Org/my.book/main?urlpath=tree/chapters/a/b.ipynb"
    )
    assert site.colab_url("chapters/a/b.ipynb") == (
        "https://colab.research.google.com/github/Some-Org/my.book/blob/main/chapters/a/b.ipynb"
    )
    assert site.page_url("chapters/a/b") == "https://some-org.github.io/my.book/chapters/a/b.html"


@pytest.mark.parametrize(
    "url", ["https://github.com/o/r.git", "https://github.com/o/r/", " https://github.com/o/r "]
)
def test_repository_url_spellings(url: str) -> None:
    site = S.site_from_settings(url)
    assert site is not None and (site.owner, site.name) == ("o", "r")


def test_user_pages_repository_is_served_at_the_root() -> None:
    site = S.site_from_settings("https://github.com/Owner/owner.github.io")
    assert site is not None and site.site_url == "https://owner.github.io/"


def test_custom_domain_and_branch() -> None:
    site = S.site_from_settings(
        "https://github.com/o/r", "gh-pages-src", "https://book.example.org"
    )
    assert site is not None
    assert site.site_url == "https://book.example.org/" and site.branch == "gh-pages-src"
    assert "/r/gh-pages-src?" in site.binder_url("x.ipynb")


def test_no_setting_means_no_site() -> None:
    assert S.site_from_settings(None) is None
    assert S.site_from_settings("") is None


@pytest.mark.parametrize(
    ("url", "branch", "base", "words"),
    [
        ("https://gitlab.com/o/r", None, None, "repository.url must be a GitHub repository"),
        ("http://github.com/o/r", None, None, "repository.url must be a GitHub repository"),
        ("https://github.com/o", None, None, "repository.url must be a GitHub repository"),
        (
            "https://github.com/o/r/tree/main",
            None,
            None,
            "repository.url must be a GitHub repository",
        ),
        ("https://github.com/o/r", "bad branch", None, "repository.branch"),
        ("https://github.com/o/r", "a/../b", None, "repository.branch"),
        ("https://github.com/o/r", None, "http://insecure.example.org", "html.baseurl"),
    ],
)
def test_bad_settings_name_the_file(
    url: str, branch: str | None, base: str | None, words: str
) -> None:
    with pytest.raises(S.SiteConfigError, match=re.escape(words)) as err:
        S.site_from_settings(url, branch, base, where="/x/_config.yml")
    assert "/x/_config.yml" in str(err.value)


def test_load_site_reads_config(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://github.com/a/b\n  branch: dev\nhtml:\n  baseurl: ''\n",
        encoding="utf-8",
    )
    site = S.load_site(tmp_path)
    assert site is not None and (site.owner, site.name, site.branch) == ("a", "b", "dev")
    (tmp_path / "_config.yml").write_text("repository: [unclosed\n", encoding="utf-8")
    with pytest.raises(S.SiteConfigError, match="_config.yml"):
        S.load_site(tmp_path)


def test_the_book_has_its_setting() -> None:
    site = S.load_site(ROOT)
    assert site is not None, "repository.url is missing from _config.yml"
    assert site.site_url.startswith("https://") and site.site_url.endswith("/")


# --- the set-up cell -----------------------------------------------------------------------


def test_every_notebook_starts_with_its_setup_cell() -> None:
    site = S.load_site(ROOT)
    assert site is not None
    notebooks = S.chapter_notebooks(ROOT)
    assert len(notebooks) >= 19
    wrong = {
        nb.relative_to(ROOT).as_posix(): state
        for nb in notebooks
        if (state := S.launch_cell_state(nb, site)) != "ok"
    }
    assert not wrong, f"run `python -m booktools site --write`: {wrong}"
    for nb in notebooks:
        first = json.loads(nb.read_text(encoding="utf-8"))["cells"][0]
        assert first["outputs"] == [], (
            f"{nb}: the set-up cell must print nothing where the book runs"
        )


def _notebook(path: Path, cells: list[dict[str, object]]) -> None:
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


def test_write_launch_cell_inserts_replaces_and_keeps_the_rest(tmp_path: Path) -> None:
    site = S.site_from_settings("https://github.com/o/r")
    assert site is not None
    nb = tmp_path / "chapters" / "c" / "n.ipynb"
    body = {
        "cell_type": "code",
        "execution_count": 1,
        "id": "x1",
        "metadata": {},
        "outputs": [{"output_type": "stream", "name": "stdout", "text": ["é 1\n"]}],
        "source": ["print('é', 1)"],
    }
    _notebook(nb, [body])
    assert S.launch_cell_state(nb, site) == "missing"
    assert S.write_launch_cell(nb, site) is True
    assert S.launch_cell_state(nb, site) == "ok"
    assert S.write_launch_cell(nb, site) is False  # idempotent
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    assert len(cells) == 2 and cells[1] == body
    assert cells[0]["metadata"]["tags"] == ["remove-cell"]
    other = S.site_from_settings("https://github.com/o/other")
    assert other is not None
    assert S.launch_cell_state(nb, other) == "stale"
    assert S.write_launch_cell(nb, other) is True
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    assert len(cells) == 2 and "github.com/o/other.git" in "".join(cells[0]["source"])
    assert not list(nb.parent.glob(".*.tmp")), "no temporary file left behind"


def test_setup_cell_is_short_and_the_same_in_every_notebook() -> None:
    """One shared mechanism: the cell only fetches and calls booktools.hosted, whose
    address (and the clone's) follow from the setting; the set-up logic is not repeated."""
    site = S.site_from_settings("https://github.com/o/r", "dev")
    assert site is not None
    source = S.launch_cell_source(site)
    assert len(source.splitlines()) <= 6
    assert "https://raw.githubusercontent.com/o/r/dev/src/booktools/hosted.py" in source
    assert 'hosted_setup("https://github.com/o/r.git", "dev")' in source
    assert (ROOT / S.HOSTED_PATH).is_file()
    sources = {
        "".join(json.loads(nb.read_text(encoding="utf-8"))["cells"][0]["source"])
        for nb in S.chapter_notebooks(ROOT)
    }
    assert len(sources) == 1, "every notebook's set-up cell must be the same"


def test_hosted_setup_needs_only_the_standard_library() -> None:
    """booktools.hosted runs before the book's package (and its dependencies) exist."""
    import ast

    tree = ast.parse((ROOT / S.HOSTED_PATH).read_text(encoding="utf-8"))
    imported = {
        (alias.name if isinstance(node, ast.Import) else str(node.module)).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    assert defined == ["hosted_setup"]


_RUN_CELL = textwrap.dedent("""
    import json, os, subprocess, sys

    # A Python without the book's package, as on Colab: drop the editable install's path
    # entry (and finder, if setuptools made one).
    sys.path[:] = [p for p in sys.path if not p.endswith("/src")]
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
    for name in [m for m in sys.modules if m == "analysis" or m.startswith("analysis.")]:
        del sys.modules[name]
    calls, real_run = [], subprocess.run

    def run(cmd, *args, **kwargs):
        calls.append(list(cmd))
        if "pip" in cmd:  # the package's dependencies are here already; don't touch this venv
            return subprocess.CompletedProcess(cmd, 0)
        return real_run(cmd, *args, **kwargs)

    subprocess.run = run
    exec(open(sys.argv[1], encoding="utf-8").read())
    import analysis
    print(json.dumps({"calls": calls, "cwd": os.getcwd(), "package": analysis.__file__}))
""")


def test_setup_cell_fetches_the_book_where_the_package_is_missing(tmp_path: Path) -> None:
    """Run the cell in a Python that cannot import ``analysis``: it fetches
    ``booktools.hosted`` (here from this checkout), which clones the repository (here a
    local one) into the working folder, asks pip for an editable install and imports the
    package from the clone; run again, it reuses the clone."""
    remote = tmp_path / "remote"
    (remote / "src" / "analysis").mkdir(parents=True)
    (remote / "src" / "analysis" / "__init__.py").write_text("CLONED = True\n", encoding="utf-8")
    git = [
        "git",
        "-c",
        "user.email=t@example.org",
        "-c",
        "user.name=t",
        "-c",
        "init.defaultBranch=main",
    ]
    for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "book"]):
        subprocess.run([*git, *cmd], cwd=remote, check=True)
    site = S.site_from_settings("https://github.com/o/r")
    assert site is not None
    cell = tmp_path / "cell.py"
    cell.write_text(
        S.launch_cell_source(
            site, bootstrap_url=(ROOT / S.HOSTED_PATH).as_uri(), clone_url=remote.as_uri()
        ),
        encoding="utf-8",
    )
    runner = tmp_path / "runner.py"
    runner.write_text(_RUN_CELL, encoding="utf-8")
    work = tmp_path / "content"
    work.mkdir()
    for attempt in (1, 2):
        out = subprocess.run(
            [sys.executable, str(runner), str(cell)],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": ""},
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        clone = work / "remote"
        assert Path(result["package"]) == clone / "src" / "analysis" / "__init__.py"
        assert Path(result["cwd"]) == work
        clones = [c for c in result["calls"] if c[:2] == ["git", "clone"]]
        assert len(clones) == (1 if attempt == 1 else 0), result["calls"]
        if clones:
            assert clones[0][2:6] == ["--depth", "1", "--branch", "main"]
        pips = [c for c in result["calls"] if "pip" in c]
        assert pips and pips[0][-2:] == ["-e", str(clone)]


# --- Binder ----------------------------------------------------------------------------------


def test_binder_environment_is_the_lock() -> None:
    binder = ROOT / "binder"
    lock_python = "3.11"
    assert (binder / "runtime.txt").read_text(encoding="utf-8").strip() == f"python-{lock_python}"
    reqs = [
        line.strip()
        for line in (binder / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert reqs == ["-r ../requirements.lock"]
    post = binder / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable"
    text = post.read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in text and "python -m booktools data" in text


# --- the built site --------------------------------------------------------------------------


def _built_pages() -> list[str]:
    return sorted(
        p.relative_to(HTML).with_suffix("").as_posix()
        for p in HTML.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(p.relative_to(HTML).parts)
        and p.relative_to(HTML).as_posix() not in {"genindex.html", "search.html", "index.html"}
    )


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.anchors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and "property" in a:
            self.meta.setdefault(a["property"], a.get("content", ""))
        elif tag == "link":
            self.links.append(a)
        elif tag == "a" and "href" in a:
            self.anchors.append(a["href"])


def _head(rel: str) -> _Head:
    parser = _Head()
    parser.feed((HTML / f"{rel}.html").read_text(encoding="utf-8"))
    return parser


def test_sitemap_lists_every_page(built_site: Path) -> None:
    site = S.load_site(ROOT)
    assert site is not None
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(HTML / "sitemap.xml")
    urls = sorted(e.text or "" for e in tree.getroot().findall("s:url/s:loc", ns))
    assert urls == sorted(site.page_url(p) for p in _built_pages())
    for nb in S.chapter_notebooks(ROOT):
        assert site.page_url(nb.relative_to(ROOT).with_suffix("").as_posix()) in urls, nb


def test_pages_carry_canonical_and_opengraph_metadata(built_site: Path) -> None:
    site = S.load_site(ROOT)
    assert site is not None
    with_image = 0
    for rel in _built_pages():
        head = _head(rel)
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert canonical == [site.page_url(rel)], rel
        assert head.meta.get("og:url") == site.page_url(rel), rel
        assert head.meta.get("og:site_name") == "Belarus between Moscow and Kyiv", rel
        assert head.meta.get("og:title"), rel
        assert head.meta.get("og:type") == "website", rel
        assert '<meta name="twitter:card" content="summary_large_image" />' in (
            HTML / f"{rel}.html"
        ).read_text(encoding="utf-8"), rel
        image = head.meta.get("og:image", "")
        own_chart = image.startswith(f"{site.site_url}_static/charts/chart-") and image.endswith(
            ".png"
        )
        with_image += own_chart
        # A page without a chart of its own previews the book's summary chart.
        assert own_chart or image == f"{site.site_url}_static/book/preview.png", f"{rel}: {image!r}"
        assert (HTML / image.removeprefix(site.site_url)).is_file(), (
            f"{rel}: {image} not in the site"
        )
        assert head.meta.get("og:image:alt"), rel
    assert with_image >= 15, f"only {with_image} pages have a chart preview image"
    dashboard = _head("chapters/map/dashboard").meta["og:image"].removeprefix(site.site_url)
    assert (HTML / "_static/book/preview.png").read_bytes() == (HTML / dashboard).read_bytes()


def test_notebook_pages_have_launch_buttons(built_site: Path) -> None:
    site = S.load_site(ROOT)
    assert site is not None
    notebooks = S.chapter_notebooks(ROOT)
    for nb in notebooks:
        rel = nb.relative_to(ROOT).as_posix()
        anchors = _head(rel.removesuffix(".ipynb")).anchors
        assert site.binder_url(rel) in anchors, f"{rel}: no Binder button"
        assert site.colab_url(rel) in anchors, f"{rel}: no Colab button"
    intro = _head("intro").anchors
    assert not any("mybinder.org" in a or "colab.research" in a for a in intro), (
        "launch buttons on a text page"
    )
    assert site.repository_url in intro, "no repository button"


# --- the command line and the workflow's guard ------------------------------------------------


def test_site_command_checks_cells_and_refuses_another_repository(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from booktools.__main__ import main

    site = S.load_site(ROOT)
    assert site is not None
    assert (
        main(["site", "--check", "--expect-repository", f"{site.owner}/{site.name}".upper()]) == 0
    )
    assert "Every notebook starts with its set-up cell." in capsys.readouterr().out
    assert main(["site", "--check", "--expect-repository", "someone/fork"]) == 1
    err = capsys.readouterr().err
    assert "this is someone/fork" in err and "https://github.com/someone/fork" in err
    assert main(["site", "--expect-site-url", "https://book.example.org/"]) == 1
    assert "html.baseurl" in capsys.readouterr().err


def test_site_command_finds_a_stale_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from booktools.__main__ import main

    (tmp_path / "_config.yml").write_text(
        "repository:\n  url: https://github.com/o/r\n", encoding="utf-8"
    )
    nb = tmp_path / "chapters" / "c" / "n.ipynb"
    _notebook(nb, [{"cell_type": "markdown", "id": "m", "metadata": {}, "source": ["# N"]}])
    monkeypatch.setenv("BOOK_ROOT", str(tmp_path))
    assert main(["site", "--check"]) == 1
    assert "chapters/c/n.ipynb: Colab set-up cell missing" in capsys.readouterr().err
    assert main(["site", "--write"]) == 0
    assert main(["site", "--check"]) == 0


def test_workflow_refuses_to_publish_another_repositorys_links() -> None:
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    runs = [str(step.get("run", "")) for step in wf["jobs"]["build"]["steps"]]
    guard = [i for i, r in enumerate(runs) if "booktools site --check --expect-repository" in r]
    assert guard and '"$GITHUB_REPOSITORY"' in runs[guard[0]]
    assert guard[0] < runs.index("make test PYTHON=python3.11")


def test_root_page_redirects_with_the_landing_pages_preview() -> None:
    site = S.site_from_settings("https://github.com/o/r")
    landing = (
        '<meta property="og:title" content="T" />\n<meta property="og:url" content="https://o.github.io/r/intro.html" />\n'
        '<meta name="description" content="D &amp; more" />\n<meta name="viewport" content="x" />'
    )
    page = S.root_page("A & B", "intro.html", site, landing)
    assert '<meta http-equiv="Refresh" content="0; url=intro.html" />' in page
    assert "<title>A &amp; B</title>" in page and '<html lang="en">' in page
    assert '<link rel="canonical" href="https://o.github.io/r/intro.html" />' in page
    assert '<meta property="og:url" content="https://o.github.io/r/" />' in page
    assert '<meta property="og:title" content="T" />' in page and 'content="D &amp; more"' in page
    assert "viewport" not in page
    bare = S.root_page("A", "intro.html", None, landing)
    assert "og:" not in bare and "canonical" not in bare and "url=intro.html" in bare


def test_built_root_page_previews_like_the_book(built_site: Path) -> None:
    site = S.load_site(ROOT)
    assert site is not None
    head = _head("index")
    assert head.meta.get("og:url") == site.site_url
    assert head.meta.get("og:title") == _head("intro").meta.get("og:title")
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [
        site.page_url("intro")
    ]


def test_sitemap_keeps_pages_an_incremental_build_did_not_write() -> None:
    """sphinx-sitemap queues only the pages written in this build; booktools.site adds the
    rest of the book's pages before it writes sitemap.xml (sorted, each once)."""
    import queue
    from types import SimpleNamespace

    links: queue.Queue[tuple[str, str | None]] = queue.Queue()
    links.put(("b.html", "2026-01-01T00:00:00Z"))
    links.put(("search.html", None))

    class HTMLBuilder:
        format = "html"

    app = SimpleNamespace(
        sitemap_links=links,
        builder=HTMLBuilder(),
        env=SimpleNamespace(found_docs={"a", "b", "chapters/c/n", "genindex"}),
        config=SimpleNamespace(
            html_file_suffix=None, sitemap_excludes=["search.html", "genindex.html"]
        ),
    )
    S._complete_sitemap(app, None)
    out = []
    while not links.empty():
        out.append(links.get_nowait())
    assert out == [
        ("a.html", None),
        ("b.html", "2026-01-01T00:00:00Z"),
        ("chapters/c/n.html", None),
        ("search.html", None),
    ]
    S._complete_sitemap(app, RuntimeError("build failed"))  # nothing to do after a failure
    assert links.empty()


# --- the setting in a real build --------------------------------------------------------------


def _build_mini(
    tmp_path: Path, repository_block: str
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    from conftest import mini_book

    root = mini_book(tmp_path / "book", "page", "# A small book\n\nText.\n")
    (root / "chapters" / "demo" / "page.md").write_text(
        "# A page\n\nMore text.\n", encoding="utf-8"
    )
    config = (root / "_config.yml").read_text(encoding="utf-8")
    config, n = re.subn(r"(?m)^repository:\n(?:  .*\n)+", repository_block, config)
    assert n == 1, "the repository block of _config.yml moved"
    (root / "_config.yml").write_text(config, encoding="utf-8")
    os.utime(root / "_config.yml", (0, 0))
    venv = Path(sys.executable).parent.parent  # the venv running the tests (make's $(VENV))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOK_RAW", "BOOK_PROCESSED"))}
    env.update(BOOK_ROOT=str(root), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    run = subprocess.run(
        ["make", "book", f"VENV={venv}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return root, run


@pytest.mark.build
def test_a_book_without_the_setting_builds_strictly_without_site_links(tmp_path: Path) -> None:
    root, run = _build_mini(tmp_path, "repository:\n  url: ''\n")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    html = root / "_build" / "html"
    assert (html / "intro.html").is_file()
    assert not (html / "sitemap.xml").exists(), "a sitemap needs absolute URLs"
    page = (html / "chapters" / "demo" / "page.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page and "github.io" not in page


@pytest.mark.build
def test_a_bad_setting_fails_the_build_naming_it(tmp_path: Path) -> None:
    _, run = _build_mini(tmp_path, "repository:\n  url: https://gitlab.com/o/r\n")
    assert run.returncode != 0
    out = run.stdout + run.stderr
    assert "repository.url must be a GitHub repository" in out and "gitlab.com/o/r" in out
