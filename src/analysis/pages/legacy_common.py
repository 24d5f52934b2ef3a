"""Chart and table pieces shared by the chapter modules (:mod:`.mic_bridge`,
:mod:`.confrontation_spiral`, :mod:`.bookmap`).

Only what the chapters build the same way lives here: the year axis, the house-coloured
country line chart over years, its tooltips, the small frame helpers behind the
military-spending and personnel charts, and the claims table of an article
(:func:`claims_markdown`), which every article's claims page and the new-article starter
notebook render alike. Marks, scales and status styling stay in the chapter modules, which
differ in them (hollow points vs triangles, plan band vs year rules).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import altair as alt
import pandas as pd

from analysis import charts
from analysis.countries import display_name
from analysis.inputs.articles import NOT_JUDGED


def year_span(frame: pd.DataFrame) -> tuple[int, int]:
    """First and last ``year`` of ``frame`` as ints."""
    return int(frame["year"].min()), int(frame["year"].max())


def year_x(title: str = "Year", scale: alt.Scale | None = None) -> alt.X:
    """A quantitative ``year`` x encoding with plain year labels (no thousands comma).

    ``scale`` defaults to ``alt.Scale(zero=False)``.
    """
    return alt.X(
        "year:Q",
        title=title,
        axis=alt.Axis(format="d"),
        scale=scale if scale is not None else alt.Scale(zero=False),
    )


def measure_rows(panel: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows of one ``measure`` of a long panel (``measure``, ``value``, ...) that have a
    value, as a copy (e.g. :func:`analysis.metrics.milex.milex_panel` or the COW
    personnel panel)."""
    return panel[(panel["measure"] == measure) & panel["value"].notna()].copy()


def country_colour(frame: pd.DataFrame, title: str = "Country") -> alt.Color:
    """The house colour encoding (:func:`analysis.charts.country_color` on ``country``) for
    the countries of ``frame["iso3"]``, the legend limited to them."""
    return charts.country_color(list(dict.fromkeys(frame["iso3"])), title=title)


def country_year_chart(frame: pd.DataFrame, y: alt.Y, scale: alt.Scale | None = None) -> alt.Chart:
    """The base of a country line chart: ``frame`` encoded with the year on x
    (:func:`year_x` with ``scale``), ``y``, and the house colour of each country
    (:func:`country_colour`). Add the marks: ``.mark_line()``, ``.mark_point()``...

    ``frame`` needs ``iso3``, ``country`` (display name) and ``year`` columns.
    """
    return alt.Chart(frame).encode(x=year_x(scale=scale), y=y, color=country_colour(frame))


def country_year_tooltips(*values: alt.Tooltip, status: str | None = None) -> list[alt.Tooltip]:
    """Tooltips of a country line chart: country, year, the ``values``, then ``status``
    (a column, titled "Status") when given."""
    tips = [charts.tooltip("country", "Country"), charts.tooltip("year", "Year"), *values]
    return [*tips, charts.tooltip(status, "Status")] if status else tips


def by_country(frame: pd.DataFrame, column: str) -> dict[str, pd.Series]:
    """``{iso3: series of column by year}``, countries in sorted order."""
    return {c: g.set_index("year")[column] for c, g in frame.groupby("iso3")}


def values_in(series: Mapping[str, pd.Series], year: int, fmt: str, suffix: str = "") -> str:
    """Each country's value in ``year`` as text, for descriptions:
    ``values_in({"BLR": s}, 2017, ".1f", "%") == "Belarus 1.3%"``."""
    return ", ".join(f"{display_name(c)} {s[year]:{fmt}}{suffix}" for c, s in series.items())


# --------------------------------------------------------------------------- claims table

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|$~])")

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


def md_escape(text: object) -> str:
    """Text safe inside MyST markdown (no emphasis, math, roles or links by accident), on
    one line: whitespace runs (line breaks of folded YAML) become one space."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


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
    * **Verdict**: bold, or :data:`analysis.inputs.articles.NOT_JUDGED` for a claim without one;
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
    rows = [
        (n, c)
        for n, c in enumerate(claims.itertuples(index=False), start=1)
        if wanted is None or c.id in wanted
    ]
    if not rows:
        return "*No claims are annotated yet.*"
    lines = [
        "```{list-table}",
        ":header-rows: 1",
        f":widths: {' '.join(map(str, CLAIMS_COLUMNS.values()))}",
        ":class: longtable",
        "",
    ]
    head = list(CLAIMS_COLUMNS)
    lines += [f"* - {head[0]}", *(f"  - {h}" for h in head[1:])]
    reasons: list[str] = []
    for n, c in rows:
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
        paragraph = (
            "\u2013" if c.paragraph is None or pd.isna(c.paragraph) else str(int(c.paragraph))
        )
        lines += [
            f"* - {n}",
            f"  - {paragraph}",
            f"  - {md_escape(c.statement)}",
            f"  - {md_escape(c.kind)}",
            f"  - {f'**{md_escape(c.verdict)}**' if judged else NOT_JUDGED}",
            f"  - {'; '.join(pages) or 'none'}",
        ]
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
    lines.append("```")
    table = "\n".join(lines)
    return table + ("\n\n**Why each verdict**\n\n" + "\n".join(reasons) if reasons else "")


__all__ = [
    "CLAIMS_COLUMNS",
    "DATA_APPENDIX",
    "by_country",
    "claims_markdown",
    "country_colour",
    "country_year_chart",
    "country_year_tooltips",
    "md_escape",
    "measure_rows",
    "values_in",
    "year_span",
    "year_x",
]
