"""Sphinx extension: the book as a finished report, in both editions.

Loaded by ``_config.yml`` (``sphinx: extra_extensions``). It

* takes the version and the release date from ``CITATION.cff`` (``version``,
  ``date-released``) when ``release`` and ``today`` are not set in the configuration: the
  PDF's title page then reads "Version 0.1.0" and that date, never the build clock, so
  two builds of one commit print the same title page;
* puts a link to the whole book's PDF (``book.pdf``, which ``make pdf`` copies into the
  site) in the header of every HTML page, and turns the theme's ".pdf" download entry,
  which only prints the current page, into that link;
* shapes the PDF (the LaTeX builder's assembled document): the landing page becomes an
  unnumbered front-matter chapter ("About this book", its sections unnumbered too) ahead
  of chapter 1, rather than a nameless preface and one-paragraph chapters at the end;
  ``\\appendix`` opens the appendix part of ``_toc.yml`` (chapters A, B, ...); and
* lets long unbroken tokens in literal text of tables (sha256 hashes, pinned URLs, file
  names) break across lines in the PDF, where a table cell cannot stretch.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.texescape import escape as tex_escape

logger = logging.getLogger(__name__)

#: The file ``make pdf`` copies into the HTML site, next to index.html.
PDF_NAME = "book.pdf"
#: Title of the PDF's front matter, made from the landing page.
FRONT_MATTER_TITLE = "About this book"
#: Literal text in table cells longer than this, without a space, gets break points
#: (after punctuation and every 8 characters): dataset ids, file names, hashes.
LONG_TOKEN = 12


# -- version and date ------------------------------------------------------------------


def citation_metadata(confdir: Path) -> dict[str, str]:
    """``version`` and ``date-released`` of ``CITATION.cff`` (empty when absent).

    A two-key reader on purpose: the file is YAML, but these keys are plain scalars.
    """
    path = Path(confdir) / "CITATION.cff"
    found: dict[str, str] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(version|date-released):\s*[\"']?([^\"'#]+?)[\"']?\s*$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found


def release_date(value: str) -> str:
    """``2026-11-27`` -> ``27 November 2026`` (the book's date style)."""
    day = dt.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def _version_and_date(app: Sphinx, config: Config) -> None:
    meta = citation_metadata(Path(app.confdir))
    if not config.release and meta.get("version"):
        config.release = meta["version"]
    if not config.version and meta.get("version"):
        config.version = meta["version"]
    if not config.today and meta.get("date-released"):
        config.today = release_date(meta["date-released"])


# -- citations: author-year in round brackets --------------------------------------------


def _register_citation_style() -> None:
    """``author_year_round``: "(Belarus in Focus, 2012)" for ``{cite}`` / ``{cite:p}`` and
    "Belarus in Focus (2012)" for ``{cite:t}``; sphinxcontrib-bibtex ships only square
    brackets."""
    from dataclasses import dataclass, field

    import sphinxcontrib.bibtex.plugin
    from sphinxcontrib.bibtex.style.referencing import BracketStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def round_brackets() -> BracketStyle:
        return BracketStyle(left="(", right=")")

    @dataclass
    class AuthorYearRound(AuthorYearReferenceStyle):
        bracket_parenthetical: BracketStyle = field(default_factory=round_brackets)
        bracket_textual: BracketStyle = field(default_factory=round_brackets)
        bracket_author: BracketStyle = field(default_factory=round_brackets)
        bracket_label: BracketStyle = field(default_factory=round_brackets)
        bracket_year: BracketStyle = field(default_factory=round_brackets)

    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", AuthorYearRound, force=True
    )

    # The bibliography's labels, author and year like the citations in the text
    # ("Voeten et al., 2009"), never alpha labels ("VSB09"); entries sorted by those
    # labels (pybtex's own sort puts braced corporate authors after every person).
    import pybtex.plugin
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries: Any) -> Any:
            seen: dict[str, int] = {}
            for entry in sorted_entries:
                label = author_year_label(entry)
                seen[label] = seen.get(label, 0) + 1
                yield label if seen[label] == 1 else f"{label}{'abcdefghij'[seen[label] - 1]}"

    from pybtex.style.sorting import BaseSortingStyle

    class AuthorYearSorting(BaseSortingStyle):
        def sorting_key(self, entry: Any) -> Any:
            who, _, year = author_year_label(entry).rpartition(", ")
            return (who.lower(), year, entry.fields.get("title", "").lower())

    class BookStyle(PlainStyle):
        default_label_style = "book_author_year"
        default_sorting_style = "book_author_year"

    pybtex.plugin.register_plugin("pybtex.style.labels", "book_author_year", AuthorYearLabels)
    pybtex.plugin.register_plugin("pybtex.style.sorting", "book_author_year", AuthorYearSorting)
    pybtex.plugin.register_plugin("pybtex.style.formatting", "book", BookStyle)


def author_year_label(entry: Any) -> str:
    """ "Belarus in Focus, 2012", "Barbieri and Keshk, 2016", "Voeten et al., 2009"."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [
        " ".join(p.prelast_names + p.last_names).replace("{", "").replace("}", "") for p in persons
    ]
    if not names:
        who = entry.fields.get("organization") or entry.fields.get("title", "?")
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = entry.fields.get("year", "n.d.")
    return f"{who}, {year}"


# -- HTML: the book PDF in every page's header -------------------------------------------


#: The header's book-PDF button: its label on one line, and the icon alone on phones.
REPORT_CSS = """\
/* booktools.report: the book PDF in the header of every page. */
.btn-book-pdf-header-button .btn__text-container { white-space: nowrap; font-size: 0.9rem; }
@media (max-width: 575.98px) {
  .btn-book-pdf-header-button .btn__text-container { display: none; }
}
"""
REPORT_CSS_NAME = "book/report.css"


def _write_css(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    path = Path(app.outdir) / "_static" / REPORT_CSS_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != REPORT_CSS:
        path.write_text(REPORT_CSS, encoding="utf-8")


def book_pdf_button(url: str) -> dict[str, Any]:
    return {
        "type": "link",
        "url": url,
        "text": "Book (PDF)",
        "tooltip": "The whole book as a PDF",
        "icon": "fas fa-file-pdf",
        "label": "book-pdf-button",
    }


def _header_pdf_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Runs after sphinx-book-theme's own header buttons (priority 501)."""
    buttons = context.get("header_buttons")
    if buttons is None:
        return
    url = context["pathto"](PDF_NAME, 1)
    for button in buttons:
        if button.get("label") == "download-buttons":
            button["tooltip"] = "Download this page's source, or the whole book as a PDF"
            button["buttons"] = [
                b for b in button["buttons"] if b.get("label") != "download-pdf-button"
            ] + [book_pdf_button(url)]
    # A button of its own, first in the row: one click, no menu to open.
    top = book_pdf_button(url)
    top["label"] = "book-pdf-header-button"
    top["classes"] = "pst-navbar-icon"
    buttons.insert(0, top)


# -- PDF: front matter and appendix ------------------------------------------------------


def _raw(tex: str) -> nodes.raw:
    return nodes.raw("", tex, format="latex")


def _flatten_sections(node: nodes.Element, depth: int) -> list[nodes.Node]:
    """A section's content with its headings as unnumbered LaTeX headings."""
    commands = ["section", "subsection", "subsubsection", "paragraph"]
    out: list[nodes.Node] = []
    for child in list(node.children):
        if isinstance(child, nodes.section):
            title = child.next_node(nodes.title)
            body = _flatten_sections(child, depth + 1)
            if not any(not isinstance(b, (nodes.target, nodes.comment)) for b in body):
                continue  # a heading left without content (it held only the toctree)
            text = tex_escape(title.astext()) if title is not None else ""
            command = commands[min(depth, len(commands) - 1)]
            out.append(_raw(f"\\{command}*{{{text}}}\n"))
            out.extend(body)
        elif isinstance(child, nodes.title):
            continue
        elif isinstance(child, nodes.compound) and "toctree-wrapper" in child.get("classes", []):
            continue  # the printed table of contents lists the chapters
        else:
            out.append(child)
    return out


def _outermost_files(tree: nodes.Element) -> list[tuple[nodes.Element, addnodes.start_of_file]]:
    """The included pages not inside another included page, each with its container.

    A top-down walk: Sphinx's ``inline_all_toctrees`` assigns ``children`` lists
    directly, so ``parent`` links inside an included page still point to its own
    document and cannot be followed upwards.
    """
    found: list[tuple[nodes.Element, addnodes.start_of_file]] = []

    def walk(node: nodes.Element) -> None:
        for child in node.children:
            if isinstance(child, addnodes.start_of_file):
                found.append((node, child))
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(tree)
    return found


def shape_latex_tree(tree: nodes.document, appendix_prefix: str) -> None:
    """Front matter from the root page, ``\\appendix`` before the appendix's first page."""
    top = next(iter(tree.findall(nodes.section)), None)
    if top is None:
        return
    found = _outermost_files(tree)
    for container, node in found:
        container.remove(node)
    files = [node for _, node in found]
    title = top.next_node(nodes.title)
    front = _flatten_sections(top, 0)
    heading = tex_escape(FRONT_MATTER_TITLE)
    opening = _raw(
        f"\\chapter*{{{heading}}}\\addcontentsline{{toc}}{{chapter}}{{{heading}}}"
        f"\\markboth{{{heading}}}{{{heading}}}\n"
    )
    top.children = []
    if title is not None:
        top += title  # the writer takes it as the document's title and prints nothing
    top += opening
    top.extend(front)
    top += _raw("\\clearpage\n")
    opened = False
    for node in files:
        if not opened and node.get("docname", "").startswith(appendix_prefix):
            top += _raw("\\appendix\n")
            opened = True
        top += node


def _breakable(text: str) -> list[nodes.Node]:
    """Text with ``\\allowbreak`` after punctuation and every 8 characters of a long token."""
    out: list[nodes.Node] = []
    for token in re.split(r"(\s+)", text):
        if len(token) <= LONG_TOKEN:
            out.append(nodes.Text(token))
            continue
        pieces = re.findall(r"[^/._\-:=?&]{1,8}[/._\-:=?&]*|[/._\-:=?&]+", token)
        for piece in pieces:
            out.append(nodes.Text(piece))
            out.append(_raw("\\allowbreak{}"))
        out.pop()
    return out


def break_long_literals(tree: nodes.Element) -> None:
    for table in tree.findall(nodes.table):
        for literal in list(table.findall(nodes.literal)):
            text = literal.astext()
            if not any(len(tok) > LONG_TOKEN for tok in text.split()):
                continue
            literal.children = []
            literal.extend(_breakable(text))


def move_bibliography(tree: nodes.Element, docname: str) -> None:
    """Sphinx gathers every citation of the PDF into one bibliography at the end of the
    book, a chapter of its own after the appendix; put it in the references page."""
    from sphinx.builders.latex.nodes import thebibliography

    bib = next(iter(tree.findall(thebibliography)), None)
    page = next(
        (n for n in tree.findall(addnodes.start_of_file) if n.get("docname") == docname), None
    )
    if bib is None or page is None:
        return
    section = next(iter(page.findall(nodes.section)), None) or page
    bib.parent.remove(bib)
    section.append(bib)


#: A table column's width in the PDF, in characters of the table's type: every column gets
#: at least its longest unbreakable word, the rest of the line goes by average content.
TABLE_CHARS = 100


def _cell_needs(cell: nodes.Element) -> tuple[int, int]:
    """(longest unbreakable token, text length) of one table cell, in characters."""
    breakable = {id(t) for lit in cell.findall(nodes.literal) for t in lit.findall(nodes.Text)}
    breakable |= {
        id(t)
        for ref in cell.findall(nodes.reference)
        if ref.get("refuri", "") == ref.astext()
        for t in ref.findall(nodes.Text)
    }
    longest = 0
    for text in cell.findall(nodes.Text):
        for token in str(text).split():
            size = min(len(token), LONG_TOKEN) if id(text) in breakable else len(token)
            longest = max(longest, size)
    return longest, len(cell.astext())


def table_widths(table: nodes.table) -> list[int] | None:
    """Column widths (characters, summing to about TABLE_CHARS) for one table."""
    group = next(iter(table.findall(nodes.tgroup)), None)
    if group is None:
        return None
    ncols = int(group.get("cols", 0))
    need = [0] * ncols
    total = [0] * ncols
    rows = 0
    for row in group.findall(nodes.row):
        entries = [e for e in row.children if isinstance(e, nodes.entry)]
        if len(entries) != ncols:
            return None  # spanning cells: leave it to Sphinx
        rows += 1
        for i, entry in enumerate(entries):
            longest, length = _cell_needs(entry)
            need[i] = max(need[i], longest + 2)
            total[i] += length
    if not rows or not ncols:
        return None
    average = [t / rows for t in total]
    floor = sum(need)
    spare = max(TABLE_CHARS - floor, 0)
    extra = [max(a - n, 0) for a, n in zip(average, need, strict=True)]
    weight = sum(extra) or 1
    return [max(1, round(n + spare * e / weight)) for n, e in zip(need, extra, strict=True)]


def fit_tables(tree: nodes.Element) -> None:
    """Give the PDF's tables column widths from their content (``\\X{n}{total}``
    columns), unless their source gave widths: tabulary's own guess starves short
    numeric columns when another column holds long URLs, which then overflow."""
    for table in tree.findall(nodes.table):
        if "colwidths-given" in table.get("classes", []):
            continue
        widths = table_widths(table)
        if widths is None:
            continue
        for spec, width in zip(table.findall(nodes.colspec), widths, strict=False):
            spec["colwidth"] = width
        table["classes"].append("colwidths-given")


def _shape_pdf(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "latex" or docname != app.config.root_doc:
        return
    if next(iter(doctree.findall(addnodes.start_of_file)), None) is None:
        return  # a single page, not the assembled book
    shape_latex_tree(doctree, app.config.book_appendix_prefix)
    move_bibliography(doctree, app.config.book_references_page)
    break_long_literals(doctree)
    fit_tables(doctree)


def setup(app: Sphinx) -> dict[str, Any]:
    _register_citation_style()
    app.add_config_value("book_appendix_prefix", "chapters/appendix/", "env")
    app.add_config_value("book_references_page", "chapters/appendix/references", "env")
    app.connect("config-inited", _version_and_date)
    app.connect("builder-inited", _write_css)
    app.add_css_file(REPORT_CSS_NAME)
    app.connect("html-page-context", _header_pdf_link, priority=600)
    app.connect("doctree-resolved", _shape_pdf)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
