"""The book's one table renderer: markdown pipe tables, MyST list-tables, the claims tables.

Every table a page shows or glues is written here, so all of them escape text the same
way and look the same:

* :func:`md_escape`: text made safe inside MyST markdown, on one line;
* :func:`markdown_table`: a pipe table (short tables of numbers and labels);
* :func:`list_table`: a MyST ``list-table`` with relative column widths, which the PDF
  honours (long text, or tables that must break across PDF pages);
* :func:`claims_markdown`: one article's claims, with links to the pages that test them
  and the reason for each verdict;
* :func:`ledger_markdown`: every article's claims in one list-table (the map's ledger).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

#: The verdict column's text for a claim without a verdict. The same text as
#: :data:`analysis.inputs.articles.NOT_JUDGED` (a test checks it): not imported from there,
#: because importing that module makes every page that renders a table depend, for the
#: notebook dependency analysis (``BOOK_INPUTS``), on the annotation files and on every
#: notebook's name.
NOT_JUDGED = "not yet judged"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|$~])")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")

#: Where the registry's datasets are listed (a ``{doc}`` target from the book's root).
DATA_APPENDIX = "/chapters/appendix/data-and-sources"

#: Columns of :func:`claims_markdown` and their relative widths (the PDF honours them).
CLAIMS_COLUMNS: dict[str, int] = {
    "No.": 5,
    "Para.": 6,
    "Claim (our words)": 44,
    "Kind": 11,
    "Verdict": 13,
    "Pages": 21,
}

#: Columns of :func:`ledger_markdown` and their relative widths.
LEDGER_TABLE_COLUMNS: dict[str, int] = {
    "Article": 14,
    "Claim (our words) and why the verdict": 56,
    "Kind": 9,
    "Verdict": 10,
    "Weighed in": 11,
}

#: What a table with no rows shows.
NO_ROWS = "*None.*"
#: What a claims table with no claims shows.
NO_CLAIMS = "*No claims are annotated yet.*"
_EN_DASH = "\u2013"
_RIGHT = frozenset({"r", "right"})


def md_escape(text: object) -> str:
    """Text safe inside MyST markdown (no emphasis, math, roles or links by accident), on
    one line: whitespace runs (line breaks of folded YAML) become one space."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _missing(value: Any) -> bool:
    """True for None, NaN and ``pd.NA`` (not for lists or other containers)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and value != value


def markdown_table(
    frame: pd.DataFrame,
    align: Mapping[str, str] | None = None,
    *,
    escape: bool = True,
    empty: str = NO_ROWS,
) -> str:
    """A markdown pipe table of ``frame``: one row per row, the column names as header.

    ``align`` maps a column to ``"r"`` (or ``"right"``) to right-align it, for numbers;
    other columns are left-aligned. Cells are written as text, missing values (None,
    NaN) as empty cells. With ``escape`` (the default) every header and cell goes
    through :func:`md_escape`; without it, cells keep their markdown (code spans, links)
    and only ``|`` is escaped and line breaks become spaces. A frame without rows gives
    ``empty``.
    """
    if frame.empty:
        return empty
    align = align or {}

    def cell(value: Any) -> str:
        if _missing(value):
            return ""
        if escape:
            return md_escape(value)
        return " ".join(str(value).replace("|", "\\|").split())

    head = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("--:" if align.get(c) in _RIGHT else ":--" for c in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _list_cell(value: Any) -> str:
    """A list-table cell: whitespace folded within paragraphs; paragraphs (text split by a
    blank line) kept, indented under the cell; empty or missing: an en dash."""
    if _missing(value):
        return _EN_DASH
    paragraphs = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(str(value))]
    paragraphs = [p for p in paragraphs if p]
    return "\n\n    ".join(paragraphs) or _EN_DASH


def list_table(
    frame: pd.DataFrame,
    widths: Sequence[int],
    *,
    longtable: bool = False,
    css_class: str | None = None,
    fence: str = "```",
) -> str:
    """A MyST ``list-table`` of ``frame`` with relative column ``widths`` (the PDF honours
    them, unlike a pipe table's automatic widths).

    Cells are written as given (escape text with :func:`md_escape` first); whitespace
    runs fold to one space, a blank line in a cell starts a second paragraph in it, and
    an empty cell shows an en dash. ``longtable`` lets the PDF break a long table across
    pages; ``css_class`` sets another class; ``fence`` is the directive's fence (````` ```
    ````` or ``:::``). Raises ValueError when ``widths`` does not match the columns.
    """
    if len(widths) != len(frame.columns):
        raise ValueError(f"{len(widths)} widths for {len(frame.columns)} columns")
    classes = " ".join(c for c in ("longtable" if longtable else "", css_class or "") if c)
    lines = [f"{fence}{{list-table}}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}"]
    lines += [f":class: {classes}", ""] if classes else [""]
    for row in [list(frame.columns), *frame.itertuples(index=False)]:
        values = [_list_cell(v) for v in row]
        lines.append(f"* - {values[0]}")
        lines.extend(f"  - {v}" for v in values[1:])
    lines.append(fence)
    return "\n".join(lines)


# --------------------------------------------------------------------------- claims tables


def _page_title(stem: str) -> str:
    """``"arms-dependence"`` -> ``"Arms dependence"``: the default link text of a page."""
    return stem.replace("-", " ").capitalize()


def _judged(verdict: object) -> bool:
    return isinstance(verdict, str) and verdict.strip() != "" and verdict != NOT_JUDGED


def claims_markdown(
    claims: pd.DataFrame,
    *,
    chapter: str,
    titles: Mapping[str, str] | None = None,
    only: Collection[str] | None = None,
) -> str:
    """An article's claims as a MyST ``list-table``, then why each verdict was reached.

    ``claims`` is :func:`analysis.inputs.articles.claims_frame` (columns ``id``, ``statement``,
    ``kind``, ``paragraph``, ``evidence`` as a list of references, ``verdict`` or None,
    ``why``). The table has the columns of :data:`CLAIMS_COLUMNS`:

    * **No.**: the claim's position in the annotation file (1-based), kept when ``only``
      (a collection of claim ids) shows a subset, so a claim has the same number on every
      page;
    * **Para.**: the paragraph of the article the claim comes from;
    * **Claim (our words)**, **Kind**;
    * **Verdict**: bold, or :data:`NOT_JUDGED` for a claim without one;
    * **Pages**: ``{doc}`` links to the book's pages (``notebook:`` evidence) that test the
      claim; a page of ``chapter`` (the folder of the page showing the table, e.g.
      ``"chapters/mic-bridge"``) is linked relatively, a page elsewhere from the book's
      root. ``titles`` maps a notebook's file stem to its link text; otherwise the stem
      reads as a title (``arms-dependence`` -> "Arms dependence").

    Under the table, **Why each verdict** lists, one bullet per judged claim and by its
    number ("Claim 3, mixed."), the reason for the verdict and the sources it rests on:
    registry datasets (``dataset:``, linked to the data appendix, :data:`DATA_APPENDIX`)
    and curated tables (``curated:``, by file name under ``data/curated/``). Unjudged
    claims get no reason.

    The table carries fixed column widths and the ``longtable`` class, so the PDF breaks it
    across pages. Render the output as MyST (cell metadata ``mystnb: {markdown_format:
    myst}``, or ``{glue:md}`` with ``:format: myst``). No claims to show: one sentence
    saying so. Raises ValueError for an evidence reference of an unknown kind.
    """
    titles = dict(titles or {})
    chapter = chapter.strip("/")
    wanted = None if only is None else set(only)
    chosen = [
        (n, c)
        for n, c in enumerate(claims.itertuples(index=False), start=1)
        if wanted is None or c.id in wanted
    ]
    if not chosen:
        return NO_CLAIMS
    rows: list[list[str]] = []
    reasons: list[str] = []
    for n, c in chosen:
        pages: list[str] = []
        data: list[str] = []
        curated: list[str] = []
        for ref in c.evidence:
            prefix, _, value = str(ref).partition(":")
            if prefix == "notebook":
                path = value.removesuffix(".ipynb")
                folder, _, stem = path.rpartition("/")
                target = stem if folder == chapter else "/" + path
                pages.append(
                    f"{{doc}}`{md_escape(titles.get(stem, _page_title(stem)))} <{target}>`"
                )
            elif prefix == "dataset":
                data.append(f"{{doc}}`{value} <{DATA_APPENDIX}>`")
            elif prefix == "curated":
                curated.append(f"`{value}`")
            else:
                raise ValueError(f"unknown evidence reference {ref!r} of claim {c.id!r}")
        judged = _judged(c.verdict)
        paragraph = _EN_DASH if _missing(c.paragraph) else str(int(c.paragraph))
        rows.append(
            [
                str(n),
                paragraph,
                md_escape(c.statement),
                md_escape(c.kind),
                f"**{md_escape(c.verdict)}**" if judged else NOT_JUDGED,
                "; ".join(pages) or "none",
            ]
        )
        if judged and isinstance(c.why, str) and c.why.strip():
            sources = "; ".join(
                part
                for part in (
                    f"data: {', '.join(data)}" if data else "",
                    f"curated: {', '.join(curated)}" if curated else "",
                )
                if part
            )
            reasons.append(
                f"- **Claim {n}, {md_escape(c.verdict)}.** {md_escape(c.why)}"
                + (f" ({sources})" if sources else "")
            )
    table = list_table(
        pd.DataFrame(rows, columns=list(CLAIMS_COLUMNS)),
        list(CLAIMS_COLUMNS.values()),
        longtable=True,
    )
    return table + ("\n\n**Why each verdict**\n\n" + "\n".join(reasons) if reasons else "")


def _where(row: Any, root: Path | None) -> str:
    """A ``{doc}`` link to where a claim is weighed, if that page exists; else plain text.

    The link text is the page's own title (Sphinx fills in an empty ``{doc}`` title), so
    the reader sees "Arms dependence", not a file name; a claim weighed in its chapter's
    own text links "The chapter"."""
    link = str(row.link)
    if root is not None and not (Path(root) / link).is_file():
        return md_escape(_page_title(Path(link).stem))
    target = "/" + re.sub(r"\.(ipynb|md)$", "", link)
    if not row.notebook:  # weighed in the chapter's own text
        return f"{{doc}}`The chapter <{target}>`"
    return f"{{doc}}`{target}`"


def ledger_markdown(ledger: pd.DataFrame, *, root: Path | None = None) -> str:
    """Every article's claims as one MyST ``list-table`` (glue it with ``{glue:md}`` and
    ``:format: myst``). One article's claims table is :func:`claims_markdown`.

    ``ledger`` is :func:`analysis.metrics.ledger.claims_ledger`. Columns
    (:data:`LEDGER_TABLE_COLUMNS`): the article (a link to its chapter, titled by the
    chapter), the statement (with the verdict's reason, when judged, as a second paragraph
    starting "Why:"), kind, verdict and where the claim is weighed (a ``{doc}`` link
    titled by the page; ``root``, the project root, lets links to missing pages fall back
    to plain text). Claim ids stay out of the reader's table (they are in the data). The
    table has the ``book-ledger`` class (the HTML edition colours verdicts, folds the
    reasons and offers filters: ``booktools.ledger``) and is a ``longtable`` in the PDF.
    No claims: one sentence saying so.
    """
    if ledger.empty:
        return NO_CLAIMS
    rows = []
    for row in ledger.itertuples(index=False):
        statement = md_escape(row.statement)
        if _judged(row.verdict) and isinstance(row.why, str) and row.why.strip():
            statement += f"\n\n*Why:* {md_escape(row.why)}"
        chapter = f"chapters/{row.slug}/index.md"
        if root is not None and not (Path(root) / chapter).is_file():
            article = md_escape(row.article_title)
        else:
            article = f"{{doc}}`/chapters/{row.slug}/index`"
        rows.append([article, statement, str(row.kind), md_escape(row.verdict), _where(row, root)])
    frame = pd.DataFrame(rows, columns=list(LEDGER_TABLE_COLUMNS))
    return list_table(
        frame,
        list(LEDGER_TABLE_COLUMNS.values()),
        longtable=True,
        css_class="book-ledger",
        fence=":::",
    )


__all__ = [
    "CLAIMS_COLUMNS",
    "DATA_APPENDIX",
    "LEDGER_TABLE_COLUMNS",
    "NOT_JUDGED",
    "NO_CLAIMS",
    "NO_ROWS",
    "claims_markdown",
    "ledger_markdown",
    "list_table",
    "markdown_table",
    "md_escape",
]
