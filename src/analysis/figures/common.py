"""Chart pieces shared by the chapter modules (:mod:`.mic_bridge`, :mod:`.confrontation_spiral`).

Only what the chapters build the same way lives here: the year axis, the house-coloured
country line chart over years, its tooltips, and the small frame helpers behind the
military-spending and personnel charts. Marks, scales and status styling stay in the
chapter modules, which differ in them (hollow points vs triangles, plan band vs year
rules).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from analysis import charts
from analysis.countries import display_name


def year_span(frame: pd.DataFrame) -> tuple[int, int]:
    """First and last ``year`` of ``frame`` as ints."""
    return int(frame["year"].min()), int(frame["year"].max())


def year_x(title: str = "Year", scale: alt.Scale | None = None) -> alt.X:
    """A quantitative ``year`` x encoding with plain year labels (no thousands comma).

    ``scale`` defaults to ``alt.Scale(zero=False)``.
    """
    return alt.X("year:Q", title=title, axis=alt.Axis(format="d"),
                 scale=scale if scale is not None else alt.Scale(zero=False))  # fmt: skip


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


__all__ = [
    "by_country",
    "country_colour",
    "country_year_chart",
    "country_year_tooltips",
    "measure_rows",
    "values_in",
    "year_span",
    "year_x",
]
