"""``python -m booktools new-article``: a new article becomes a chapter, all or nothing.

The scaffolder runs on a synthetic article in a temporary copy of the book (the project
tree without .venv, _build and the data caches; BOOK_ROOT points at the copy), shared
with tests/test_context.py and made once per session (tests/newbook.py). The new
chapter's starter notebook and the map chapter, whose outputs the new annotation file
changes, must pass nbval in the copy at once. Bad input and failures half-way must leave
every file of the copy as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from booktools import new_article as na
from newbook import ARTICLE, NBVAL_TARGETS, SLUG, NewBook, copy_book

ROOT = Path(__file__).resolve().parents[1]
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"


def _snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file of the copy, except the data caches a run may fill."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (
            path.is_file()
            and rel.parts[:2] not in (("data", "raw"), ("data", "processed"))
            and "__pycache__" not in rel.parts
        ):
            out[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ, BOOK_ROOT=str(root), BOOK_ARTICLES_DIR=str(root.parent / "articles"))
    env.pop("BOOK_RAW_DIR", None)
    env.pop("BOOK_PROCESSED_DIR", None)
    return env


def _run(root: Path, *args: str, timeout: int = 1200) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "booktools", *args],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _drop_entry(toc: str, file: str) -> str:
    """``toc`` without the entry of ``file`` and its sections."""
    out, skip_deeper = [], None
    for line in toc.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if skip_deeper is not None and line.strip() and indent > skip_deeper:
            continue
        skip_deeper = None
        if line.strip() == f"- file: {file}":
            skip_deeper = indent
            continue
        out.append(line)
    return "".join(out)


# --------------------------------------------------------------------------- pure parts


def test_reads_the_front_matter_of_the_shared_articles() -> None:
    if not (SHARED_ARTICLES / "mic-bridge.txt").is_file():
        pytest.skip("no ../shared/articles in this checkout")
    src = na.read_article_source(SHARED_ARTICLES / "mic-bridge.txt")
    assert src.slug == "mic-bridge" and str(src.page_date) == "2016-04-22"
    assert src.url and src.url.startswith("https://belarusinfocus.info/")
    ((date, what),) = src.event_dates
    assert str(date) == "2012-10-23" and what.startswith("Semashko and Rogozin sign")
    spiral = na.read_article_source(SHARED_ARTICLES / "confrontation-spiral.txt")
    assert spiral.url is None and spiral.event_dates == ()


def test_toc_insertion_keeps_comments_and_goes_before_the_map() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    new = na.toc_with_chapter(toc, "new-one")
    assert new.startswith(toc.split("\n", 1)[0])  # the comment header survives
    assert (
        new.replace(
            "      - file: chapters/new-one/index\n        sections:\n"
            "          - file: chapters/new-one/annotations\n"
            "          - file: chapters/new-one/context\n",
            "",
            1,
        )
        == toc
    )
    files = na._files_in_toc(yaml.safe_load(new))
    if "chapters/map/index" in files:
        assert files.index("chapters/new-one/index") < files.index("chapters/map/index")
    without_map = _drop_entry(toc, "chapters/map/index")
    appended = na._files_in_toc(yaml.safe_load(na.toc_with_chapter(without_map, "new-one")))
    chapters_part = yaml.safe_load(na.toc_with_chapter(without_map, "new-one"))["parts"][0]
    assert chapters_part["chapters"][-1]["file"] == "chapters/new-one/index"
    assert appended.index("chapters/new-one/index") < appended.index(
        "chapters/appendix/data-and-sources"
    )
    with pytest.raises(na.NewArticleError, match="_toc.yml"):
        na.toc_with_chapter("format: jb-book\nroot: intro\n", "new-one")


def test_starter_notebook_declares_its_input() -> None:
    nb = na.starter_notebook("some-slug")
    assert nb.metadata["book"]["depends_on"] == ["data/articles/some-slug.yml"]
    source = "\n".join(c.source for c in nb.cells)
    assert "load_article(SLUG)" in source and "fig-some-slug-network" in source
    assert all(
        c.metadata.get("tags") == ["remove-input"] for c in nb.cells if c.cell_type == "code"
    )
    from booktools.site import launch_cell_source, site_from_settings

    site = site_from_settings("https://github.com/o/r")
    assert site is not None
    with_setup = na.starter_notebook("some-slug", site)
    assert with_setup.cells[1:] == nb.cells
    assert with_setup.cells[0].metadata["tags"] == ["remove-cell"]
    assert with_setup.cells[0].source == launch_cell_source(site)  # the one shared cell


# --------------------------------------------------------------------------- the scaffolder


def test_scaffold_creates_annotation_chapter_and_toc_entry(
    new_article_book: NewBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_article_book.root
    result = new_article_book.scaffolds[f"{SLUG}.txt"]
    assert result["returncode"] == 0, result["stdout"] + result["stderr"]
    yml = root / "data" / "articles" / f"{SLUG}.yml"
    assert yml.is_file()
    assert (root / "chapters" / SLUG / "index.md").is_file()
    assert (root / "chapters" / SLUG / "annotations.ipynb").is_file()
    assert not list(root.glob(".new-article-*")), "staging folder left behind"
    assert f"New article '{SLUG}'" in result["stdout"]
    # one run for the three files (tests/newbook.py): the map chapter ran once, for all
    again = [line for line in result["stdout"].splitlines() if "reads every annotation" in line]
    assert again and len(again) == len(set(again)), again

    doc = yaml.safe_load(yml.read_text(encoding="utf-8"))
    meta = doc["metadata"]
    assert meta["slug"] == SLUG and meta["outlet"] == "Test Outlet"
    assert str(meta["page_date"]) == "2015-10-08"
    text = root.parent / "articles" / f"{SLUG}.txt"  # copied into the articles folder
    assert meta["text"] == {
        "file": f"{SLUG}.txt",
        "sha256": hashlib.sha256(text.read_bytes()).hexdigest(),
    }
    assert "incoming" not in yml.read_text(encoding="utf-8")  # no machine path
    assert [str(e["date"]) for e in meta["event_dates"]] == ["2015-10-06"]
    assert meta["event_dates"][0]["what"].startswith("Lukashenka says")
    assert doc["entities"] == [] and doc["relations"] == [] and doc["claims"] == []

    monkeypatch.setenv("BOOK_ROOT", str(root))
    monkeypatch.setenv("BOOK_ARTICLES_DIR", str(root.parent / "articles"))
    from analysis.inputs.articles import article_paragraphs, load_article

    article = load_article(SLUG)  # validates, reading the text from the articles folder
    assert article.metadata.title == "Minsk and Moscow argue over a Russian air base"
    assert len(article_paragraphs(SLUG) or []) == 2

    toc_text = (root / "_toc.yml").read_text(encoding="utf-8")
    before = new_article_book.toc_before
    assert toc_text.startswith(before.split("\n", 1)[0])
    files = na._files_in_toc(yaml.safe_load(toc_text))
    assert f"chapters/{SLUG}/index" in files and f"chapters/{SLUG}/annotations" in files
    if "chapters/map/index" in files:
        assert files.index(f"chapters/{SLUG}/index") < files.index("chapters/map/index")

    from booktools.site import launch_cell_state, load_site

    site = load_site(root)
    assert site is not None
    assert launch_cell_state(root / "chapters" / SLUG / "annotations.ipynb", site) == "ok"
    nb = nbformat.read(root / "chapters" / SLUG / "annotations.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    names = {o.get("metadata", {}).get("scrapbook", {}).get("name") for o in outputs}
    assert {"n_entities", "n_claims", f"fig-{SLUG}-network", "claims-table"} <= names


def test_new_chapter_and_map_pass_nbval_at_once(new_article_book: NewBook) -> None:
    """nbval on the new chapter's starter notebook and the map chapter (if the book has
    one), after the scaffold: one nbval run over the shared copy (tests/newbook.py)."""
    problems = new_article_book.nbval_problems(NBVAL_TARGETS["new_article"])
    assert not problems, "\n".join(problems)


def test_annotations_flow_into_the_map_without_code_changes(
    new_article_book: NewBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_article_book.root
    monkeypatch.setenv("BOOK_ROOT", str(root))
    from analysis.inputs.articles import all_articles
    from analysis.metrics import bookmap
    from analysis.metrics.ledger import claims_ledger

    before = len(claims_ledger(all_articles()))
    yml = root / "data" / "articles" / f"{SLUG}.yml"
    original = yml.read_text(encoding="utf-8")
    try:
        doc = yaml.safe_load(original)
        doc["entities"] = [
            {
                "id": "belarus",
                "name": "Belarus",
                "kind": "state",
                "country": "BLR",
                "description": "Republic of Belarus.",
                "wikidata": "Q184",
            }
        ]
        doc["claims"] = [
            {
                "id": "c-no-base",
                "statement": "Belarus turned the Russian base down for the time being.",
                "kind": "fact",
                "paragraph": 1,
                "evidence": [],
                "verdict": None,
            }
        ]
        yml.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        articles = all_articles()
        assert len(claims_ledger(articles)) == before + 1
        G = bookmap.union_graph(articles)
        assert SLUG in G.nodes["belarus"]["articles"]
    finally:
        yml.write_text(original, encoding="utf-8")


# --------------------------------------------------------------------------- bad input


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_book(tmp_path_factory.mktemp("pristine") / "book")


@pytest.mark.parametrize(
    ("name", "text", "needles"),
    [
        ("no-front-matter.txt", "Just a title\n\nA paragraph.\n", ["no front matter"]),
        ("unclosed.txt", "---\nslug: x\ntitle: y\n", ["not closed"]),
        (
            "missing-outlet.txt",
            ARTICLE.replace("outlet: Test Outlet\n", ""),
            ["'outlet'", "required"],
        ),
        (
            "bad-date.txt",
            ARTICLE.replace("page_date: 2015-10-08", "page_date: 8 October 2015"),
            ["'page_date'", "not a date"],
        ),
        (
            "bad-slug.txt",
            ARTICLE.replace(f"slug: {SLUG}", "slug: Air Base"),
            ["'slug'", "not a slug"],
        ),
        (
            "exists.txt",
            ARTICLE.replace(f"slug: {SLUG}", "slug: mic-bridge"),
            ["'slug'", "exists already"],
        ),
        ("reserved.txt", ARTICLE.replace(f"slug: {SLUG}", "slug: map"), ["'slug'", "reserved"]),
        (
            "future.txt",
            ARTICLE.replace("page_date: 2015-10-08", "page_date: 2999-01-01"),
            ["'page_date'", "in the future"],
        ),
        (
            "title-only.txt",
            ARTICLE.split("Minsk has said")[0].rsplit("October", 1)[0],
            ["no article text"],
        ),
        (
            "no-body.txt",
            ARTICLE.split("---\n", 2)[0] + "---\n" + ARTICLE.split("---\n", 2)[1] + "---\n",
            ["no article text"],
        ),
    ],
)
def test_bad_input_names_file_and_field_and_changes_nothing(
    pristine: Path, name: str, text: str, needles: list[str]
) -> None:
    path = _write(pristine.parent / "incoming", name, text)
    before = _snapshot(pristine)
    result = _run(pristine, "new-article", str(path), timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and str(path) in result.stderr, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr
    assert _snapshot(pristine) == before


def test_non_utf8_bytes_are_refused(pristine: Path) -> None:
    path = pristine.parent / "incoming" / "latin1.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ARTICLE.replace("Test Outlet", "Outlet \u00e9").encode("latin-1"))
    before = _snapshot(pristine)
    result = _run(pristine, "new-article", str(path), timeout=300)
    assert result.returncode == 1 and "not UTF-8" in result.stderr, result.stderr
    assert _snapshot(pristine) == before


def test_title_with_quotes_colons_and_cyrillic_round_trips() -> None:
    """Such a title is written safely into the annotation and the chapter page."""
    import tempfile

    title = "Минск: \"Quotes\", colons: and 'apostrophes'"
    with tempfile.TemporaryDirectory() as folder:
        text = ARTICLE.replace(
            'title: "Minsk and Moscow argue over a Russian air base"',
            "title: " + json.dumps(title, ensure_ascii=False),
        )
        path = _write(Path(folder), "cyr.txt", text)
        src = na.read_article_source(path)
    assert src.title == title
    doc = yaml.safe_load(na.annotation_yaml(src, None))
    assert doc["metadata"]["title"] == title
    assert doc["metadata"]["text"]["file"] == "cyr.txt"
    assert na.chapter_index(src).splitlines()[0].startswith("# Минск")


def test_missing_file(pristine: Path) -> None:
    result = _run(pristine, "new-article", str(pristine.parent / "nowhere.txt"), timeout=300)
    assert result.returncode == 1 and "no such file" in result.stderr


def test_failure_half_way_restores_every_file(
    pristine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notebook that fails after the files are in place: all is rolled back."""
    import booktools.execute

    path = _write(pristine.parent / "incoming", "half-way.txt", ARTICLE)
    monkeypatch.setenv("BOOK_ROOT", str(pristine))
    monkeypatch.setenv("BOOK_ARTICLES_DIR", str(pristine.parent / "half-way-articles"))
    before = _snapshot(pristine)
    dependents = na.dependent_notebooks(SLUG, pristine)
    calls: list[str] = []

    def flaky(paths: list[Path], timeout: int = 600) -> dict[str, float]:
        for rel in paths:
            calls.append(str(rel))
            nb = pristine / rel
            nb.write_text(nb.read_text(encoding="utf-8").replace('"cells"', '"cells"', 1) + "\n")
            if len(calls) > len(dependents) + 1:  # the last notebook raises
                raise RuntimeError(f"{rel}: a cell raised")
        return {str(rel): 0.0 for rel in paths}

    monkeypatch.setattr(booktools.execute, "execute_in_place", flaky)
    with pytest.raises(na.NewArticleError, match="nothing was changed"):
        na.new_article(path)
    assert calls[:2] == [f"chapters/{SLUG}/annotations.ipynb", f"chapters/{SLUG}/context.ipynb"]
    assert len(calls) == len(dependents) + 2
    assert not (pristine.parent / "half-way-articles" / "half-way.txt").exists()
    assert _snapshot(pristine) == before
    assert not (pristine / "chapters" / SLUG).exists()
    assert not list(pristine.glob(".new-article-*"))


def test_several_files_refresh_the_map_once_and_roll_back_together(
    pristine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``new-article A B``: both chapters' notebooks run, then the map chapter's once, for
    both; when that fails, both articles are removed and every file is as it was."""
    import booktools.execute

    other = "test-several-second"
    first = _write(pristine.parent / "incoming", "several-first.txt", ARTICLE)
    second = _write(
        pristine.parent / "incoming",
        "several-second.txt",
        ARTICLE.replace(f"slug: {SLUG}", f"slug: {other}"),
    )
    monkeypatch.setenv("BOOK_ROOT", str(pristine))
    monkeypatch.setenv("BOOK_ARTICLES_DIR", str(pristine.parent / "several-articles"))
    before = _snapshot(pristine)
    dependents = [str(rel) for rel in na.dependent_notebooks(SLUG, pristine)]
    assert dependents, "no notebook reads every annotation file"
    calls: list[str] = []

    def flaky(paths: list[Path], timeout: int = 600) -> dict[str, float]:
        for rel in paths:
            calls.append(str(rel))
            nb = pristine / rel
            nb.write_text(nb.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            if str(rel) == dependents[-1]:
                raise RuntimeError(f"{rel}: a cell raised")
        return {str(rel): 0.0 for rel in paths}

    monkeypatch.setattr(booktools.execute, "execute_in_place", flaky)
    with pytest.raises(na.NewArticleError, match="nothing was changed"):
        na.new_articles([first, second])
    own = [
        f"chapters/{s}/{n}" for s in (SLUG, other) for n in ("annotations.ipynb", "context.ipynb")
    ]
    assert calls == own + dependents
    assert _snapshot(pristine) == before
    assert (
        not (pristine / "chapters" / SLUG).exists() and not (pristine / "chapters" / other).exists()
    )
    assert not list((pristine.parent / "several-articles").glob("several-*.txt"))
