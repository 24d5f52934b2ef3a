"""The book as a finished publication: what a reader of the HTML and the PDF sees.

Checks the builds of this run: ``make test`` and ``make report-test`` run ``make book`` and
``make pdf`` first; the fixture refuses an HTML build older than its inputs and a PDF older
than the HTML build. Needs TeX Live and poppler-utils (``pdftotext``, ``pdfinfo``), like
``make pdf``.

Each test guards a defect once seen in a built book (issue 14): markdown tables printed
as pipes, analysis pages missing from the PDF's contents, blank pages, lines running
into the margin, build telemetry in the report, a header whose ".pdf" only printed the
page, and a bibliography mixing alpha labels with author-year citations.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "book.pdf"

#: Markdown table syntax as text: a delimiter row such as ``|---|:--:|``, which docutils'
#: smart quotes turn into ``|—|`` (an em dash) in HTML, and a row of cells ``| a | b |``.
PIPE_TABLE = re.compile(
    r"\|\s*:?(?:-{3,}|[\u2014\u2013]-*)\s*:?\s*\||^\s*\|[^|\n]+\|[^|\n]+\|\s*$", re.M
)


@pytest.fixture(scope="session")
def built(built_site: Path) -> Path:
    """The HTML and PDF builds of this run: the HTML checked against its stamp (conftest),
    the PDF made after it (``make test`` and ``make report-test`` run ``make pdf`` after
    ``make book``). Skips without TeX Live or a fresh PDF, and fails instead under
    ``BOOK_BROWSER_REQUIRED=1`` (CI)."""
    required = os.environ.get("BOOK_BROWSER_REQUIRED") == "1"
    problem = next(
        (
            f"{tool} not found: the report tests need TeX Live and poppler-utils"
            for tool in ("pdftotext", "pdfinfo", "xelatex")
            if shutil.which(tool) is None
        ),
        None,
    )
    stamp = HTML / ".book-built"
    if problem is None and (not PDF.is_file() or PDF.stat().st_mtime < stamp.stat().st_mtime):
        problem = f"{PDF} is missing or older than the HTML build: run 'make pdf'"
    if problem:
        pytest.fail(f"{problem} (BOOK_BROWSER_REQUIRED=1)") if required else pytest.skip(problem)
    assert (HTML / "intro.html").is_file()
    return ROOT


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part["chapters"])
    walk(toc.get("chapters", []))
    return files


def _html_pages() -> list[Path]:
    return sorted(
        p for p in HTML.rglob("*.html") if not {"_static", "_sources", "_images"} & set(p.parts)
    )


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@cache
def _pdf_text() -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True
    ).stdout


def _pdf_pages() -> list[str]:
    return _pdf_text().split("\f")[:-1] if _pdf_text().endswith("\f") else _pdf_text().split("\f")


def _title_of(docname: str) -> str:
    """A page's title as the HTML edition prints it (its first heading)."""
    page = (HTML / f"{docname}.html").read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S)
    assert match, f"{docname}.html has no title"
    return " ".join(_visible_text(match.group(1)).replace("#", "").split())


def _tex_toc() -> list[tuple[str, str, str]]:
    """(level, number, title) of every entry of the PDF's table of contents."""
    entries = []
    for line in (LATEX / "book.toc").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\\contentsline \{(\w+)\}\{(.*)\}\{[^{}]*\}\{[^{}]*\}%?$", line)
        if not match:
            continue
        level, title = match.groups()
        number = re.match(r"\\numberline \{([^{}]*)\}", title)
        title = re.sub(r"\\numberline \{[^{}]*\}", "", title)
        title = title.replace("\\sphinxhyphen {}", "-").replace("\\sphinxhyphen{}", "-")
        title = re.sub(r"\\[a-zA-Z]+ ?", "", title).replace("{", "").replace("}", "")
        entries.append((level, number.group(1) if number else "", " ".join(title.split())))
    return entries


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2010", "-").split()).casefold()


# -- tables --------------------------------------------------------------------------------


def test_no_markdown_table_syntax_in_html(built: Path) -> None:
    offenders = [
        str(p.relative_to(HTML))
        for p in _html_pages()
        if PIPE_TABLE.search(_visible_text(p.read_text(encoding="utf-8")))
    ]
    assert not offenders, f"literal markdown tables (|---|) in: {offenders}"


def test_data_appendix_tables_are_tables(built: Path) -> None:
    page = (HTML / "chapters" / "appendix" / "data-and-sources.html").read_text(encoding="utf-8")
    assert page.count("<table") >= 2, "the data appendix's registry is not rendered as tables"


def test_no_markdown_table_syntax_in_pdf(built: Path) -> None:
    found = [line.strip() for line in _pdf_text().splitlines() if PIPE_TABLE.search(line)]
    assert not found, f"literal markdown tables in the PDF: {found[:3]}"


def test_no_overfull_line_over_10pt(built: Path) -> None:
    log = (LATEX / "book.log").read_text(encoding="utf-8", errors="replace")
    over = [
        float(m.group(1))
        for m in re.finditer(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)
        if float(m.group(1)) > 10
    ]
    assert not over, (
        f"{len(over)} lines run into the margin by more than 10 pt (max {max(over)} pt)"
    )


# -- the PDF as a report ---------------------------------------------------------------------


def test_pdf_is_a4(built: Path) -> None:
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and abs(float(size.group(1)) - 595.3) < 1 and abs(float(size.group(2)) - 841.9) < 1


def test_title_page_has_version_and_release_date(built: Path) -> None:
    from booktools.report import citation_metadata, release_date

    meta = citation_metadata(ROOT)
    first = " ".join(_pdf_pages()[0].split())
    assert f"Version {meta['version']}" in first
    assert release_date(meta["date-released"]) in first


def test_every_toc_page_in_pdf_contents(built: Path) -> None:
    from booktools.report import FRONT_MATTER_TITLE

    listed = {_norm(title) for _, _, title in _tex_toc()}
    toc = _toc_files()
    missing = [
        (docname, title) for docname in toc[1:] if _norm(title := _title_of(docname)) not in listed
    ]
    assert not missing, f"pages of _toc.yml missing from the PDF's contents: {missing}"
    assert _norm(FRONT_MATTER_TITLE) in listed, "the landing page is not in the PDF's contents"


def test_appendix_is_lettered_and_no_stub_chapters(built: Path) -> None:
    chapters = [(number, title) for level, number, title in _tex_toc() if level == "chapter"]
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    appendix = next(p for p in toc["parts"] if p["caption"] == "Appendix")["chapters"]
    expected = [_norm(_title_of(entry["file"])) for entry in appendix]
    lettered = [_norm(title) for number, title in chapters if re.fullmatch(r"[A-Z]", number)]
    assert lettered == expected, f"appendix chapters not lettered A, B, ...: {chapters}"
    stubs = {"how to cite", "licences", "bibliography"} & {_norm(t) for _, t in chapters}
    assert not stubs, f"one-paragraph chapters in the PDF: {stubs}"


def test_no_duplicate_heading_within_a_chapter(built: Path) -> None:
    seen: dict[str, list[str]] = {}
    chapter = ""
    for level, _, title in _tex_toc():
        if level == "chapter":
            chapter = title
            continue
        seen.setdefault(chapter, []).append(_norm(title))
    doubled = {c: {t for t in ts if ts.count(t) > 1} for c, ts in seen.items()}
    assert not any(doubled.values()), f"headings twice in one chapter: {doubled}"


def test_contents_not_named_after_a_toc_caption(built: Path) -> None:
    lines = {line.strip() for page in _pdf_pages()[:4] for line in page.splitlines()}
    assert "CONTENTS" in lines or "Contents" in lines
    assert not {"CHAPTERS", "Chapters"} & lines, "the contents (and its running foot) read CHAPTERS"


def test_no_page_without_body_text(built: Path) -> None:
    empty = []
    for number, page in enumerate(_pdf_pages(), start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        body = lines[1:-1]  # without the running head and the running foot
        if sum(len(line.split()) for line in body) < 3:
            empty.append(number)
    assert not empty, f"PDF pages with no body text: {empty}"


def test_no_build_telemetry_in_pdf_but_kept_in_html(built: Path) -> None:
    text = _pdf_text()
    pins = re.findall(r"^\s*[A-Za-z0-9_.\-]+==\d[\w.+]*\s*$", text, flags=re.M)
    assert not pins, f"the package list is in the PDF: {pins[:3]}"
    for marker in ("Run Time", "Execution times", "Build benchmark", "cold build"):
        assert marker.casefold() not in text.casefold(), f"{marker!r} in the PDF"
    page = _visible_text(
        (HTML / "chapters" / "appendix" / "reproducing.html").read_text(encoding="utf-8")
    )
    for marker in ("Execution times", "Build benchmark", "Environment", "myst-nb=="):
        assert marker in page, f"{marker!r} gone from the HTML reproducing page"


def test_no_hover_in_pdf(built: Path) -> None:
    found = [line.strip() for line in _pdf_text().splitlines() if "hover" in line.casefold()]
    assert not found, f"the PDF tells its readers to hover: {found}"


def test_no_hover_in_pdf_from_markdown_pages(built: Path) -> None:
    """The book's own markdown pages keep hover wording HTML-only (``{only} html``)."""
    for docname in _toc_files():
        path = ROOT / f"{docname}.md"
        if not path.is_file():
            continue
        outside_only = re.sub(r":::\{only\} html.*?:::", "", path.read_text(), flags=re.S)
        assert "hover" not in outside_only.casefold(), f"{path.name}: hover outside {{only}} html"


# -- HTML: the book PDF from every page ------------------------------------------------------


def test_every_html_page_header_links_the_book_pdf(built: Path) -> None:
    missing = []
    for page in _html_pages():
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text.casefold():
            continue  # index.html: a redirect to the landing page
        header = re.search(
            r'<div class="article-header-buttons">(.*?)</div>\s*</div>', text, flags=re.S
        )
        links = re.findall(r'href="([^"]*book\.pdf)"', header.group(1) if header else "")
        if not links:
            missing.append(str(page.relative_to(HTML)))
            continue
        target = urlparse(urljoin(page.relative_to(HTML).as_posix(), links[0])).path
        assert (HTML / target).is_file(), f"{page.name}: {links[0]} does not resolve"
    assert not missing, f"pages whose header does not link the book PDF: {missing}"


def test_header_pdf_entry_is_the_book_not_a_print(built: Path) -> None:
    page = (HTML / "chapters" / "mic-bridge" / "index.html").read_text(encoding="utf-8")
    assert "window.print()" not in page, "the header's .pdf entry still prints the page"


# -- citations -------------------------------------------------------------------------------


def test_bibliography_is_author_year_with_capitals_kept(built: Path) -> None:
    page = (HTML / "chapters" / "appendix" / "references.html").read_text(encoding="utf-8")
    labels = re.findall(r'fn-bracket">\[</span>(.*?)<span class="fn-bracket', page)
    assert labels, "no bibliography labels found"
    bad = [label for label in labels if not re.fullmatch(r".+, (\d{4}[a-z]?|n\.d\.)", label)]
    assert not bad, f"labels that are not author-year: {bad}"
    text = _visible_text(page)
    for name in ("United Nations General Assembly", "Correlates of War", "Poisson", "SIPRI"):
        assert name in text, f"{name!r} lost its capitals in the bibliography"
    keys = [label.rsplit(", ", 1)[0].casefold() for label in labels]
    assert keys == sorted(keys), "the bibliography is not sorted by author"


def test_citations_in_text_are_author_year(built: Path) -> None:
    page = (HTML / "chapters" / "mic-bridge" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "(Belarus in Focus, 2012)" in text
    assert not re.search(r"\[[A-Z][A-Za-z+]{1,6}\d{2}\]", text), "alpha labels in the text"


# -- landing page ----------------------------------------------------------------------------


def test_landing_page_states_findings_and_links_the_pdf(built: Path) -> None:
    page = (HTML / "intro.html").read_text(encoding="utf-8")
    main = re.search(r"<main\b.*?</main>", page, flags=re.S)
    assert main
    body = main.group(0)
    assert re.search(r"<h1[^>]*>\s*Belarus between Moscow and Kyiv", body)
    assert 'href="book.pdf"' in re.sub(
        r'<div class="article-header-buttons">.*?</div>', "", body, flags=re.S
    )
    text = " ".join(_visible_text(body).split())
    assert "What the book found" in text
    assert "{glue" not in text and "::" not in text, "glue left unresolved on the landing page"
    assert re.search(r"\d+ claims", text), "the verdict counts are missing"
    assert "book-chart" in body, "no headline chart on the landing page"
