"""Claims charts: figures stated by claimants against a reference count, and verdicts.

Three chart kinds, shared by every chapter that weighs claims:

* :func:`figure_dots`: stated figures (a dot per figure, a bar for a range) against a
  reference count (a dashed rule), one panel per group, on a log or linear scale;
  rings mark figures from unverified (tier C/W) sources (:func:`analysis.charts.tier_shape`);
* :func:`figure_bars`: a few figures side by side as bars, with their ranges and labels;
* :func:`verdict_bars`: claims counted by verdict, one stacked bar per group, in the
  book's verdict colours (:data:`analysis.charts.VERDICT_COLOURS`).

Each takes tidy rows and the chart's wording (title, description, note, source) and
returns a finished chart (:func:`analysis.charts.finish`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from analysis.charts import frame
from analysis.charts.style import (
    MUTED,
    VERDICT_COLOURS,
    WIDTH,
    country_scale,
    tier_shape,
    tooltip,
)


def _scale(domain: Sequence[str], colours: Mapping[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[colours[d] for d in domain])


def figure_dots(
    data: pd.DataFrame,
    *,
    title: str,
    description: str,
    source: str,
    colours: Mapping[str, str],
    tooltips: Sequence[alt.Tooltip],
    panel: str,
    panels: Sequence[str],
    category: str,
    categories: Sequence[str],
    colour: str,
    colour_title: str,
    x_title: str,
    x_domain: tuple[float, float],
    x_values: Sequence[float],
    log: bool = True,
    reference: str = "reference",
    reference_title: str = "Reference",
    reference_unit: str = "people",
    note: str | None = None,
) -> alt.VConcatChart:
    """Stated figures against a reference count, one panel (row) per value of ``panel``.

    ``data`` has one row per figure with ``mid`` (the dot), ``low`` and ``high`` (a bar
    when ``high > low``), ``tier_status`` (rings for tier C/W), the ``panel``,
    ``category`` (y rows, in ``categories`` order; only those present are drawn) and
    ``colour`` (claimant, coloured by ``colours``, whose order is the legend's) columns,
    and the panel's ``reference`` count (drawn as a dashed rule). The x axis shows
    ``x_values`` over ``x_domain`` (log scale unless ``log`` is False).
    """
    keys = [k for k in colours if k in set(data[colour])]
    rows = [c for c in categories if c in set(data[category])]
    colour_enc = alt.Color(
        f"{colour}:N", title=colour_title, scale=_scale(keys, colours), sort=keys
    )
    x = alt.X(
        "mid:Q",
        title=x_title,
        scale=alt.Scale(type="log" if log else "linear", domain=list(x_domain), nice=False),
        axis=alt.Axis(values=list(x_values), format="~s"),
    )
    y = alt.Y(
        f"{category}:N",
        title=None,
        sort=rows,
        axis=alt.Axis(labelLimit=170, grid=True, gridDash=[2, 2]),
    )
    offset = alt.YOffset(f"{colour}:N", sort=keys, scale=alt.Scale(paddingOuter=0.3))
    tips = list(tooltips)
    base = alt.Chart().encode(y=y, yOffset=offset)
    ranges = (
        base.transform_filter("datum.high > datum.low")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(x=alt.X("low:Q"), x2="high:Q", color=colour_enc, tooltip=tips)
    )
    points = base.mark_point(size=70, filled=True, opacity=0.9, strokeWidth=0).encode(
        x=x, color=colour_enc, shape=tier_shape(), tooltip=tips
    )
    rule = (
        alt.Chart()
        .mark_rule(strokeDash=[5, 3], color=MUTED)
        .encode(
            x=alt.X(f"max({reference}):Q"),
            tooltip=[
                tooltip(f"max({reference})", reference_title, unit=reference_unit, fmt=",.0f")
            ],
        )
    )
    layered = alt.layer(rule, ranges, points).properties(
        width=WIDTH - 110, height=alt.Step(22, **{"for": "position"})
    )
    chart = (
        layered.facet(
            data=data,
            row=alt.Row(
                f"{panel}:N",
                sort=list(panels),
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontWeight="bold",
                ),
            ),
        )
        .resolve_scale(y="independent", yOffset="independent")
        .properties(spacing=6)
    )
    return frame.finish(chart, title=title, description=description, source=source, note=note)


def figure_bars(
    data: pd.DataFrame,
    *,
    title: str,
    description: str,
    source: str,
    tooltips: Sequence[alt.Tooltip],
    category: str = "label",
    x_title: str = "People",
    x_domain: tuple[float, float],
    x_values: Sequence[float],
    note: str | None = None,
) -> alt.VConcatChart:
    """A few figures as horizontal bars (``mid``), smallest first, each with its range
    (``low``-``high``, a black rule when ``high > low``) and a ``text`` label; bars take
    the house colour of their ``country`` (display name). ``category`` holds the bar
    labels; the rows' order is the bars' order."""
    order = list(data[category])
    y = alt.Y(f"{category}:N", title=None, sort=order, axis=alt.Axis(labelLimit=300))
    colour = alt.Color("country:N", legend=None, scale=country_scale(sorted(set(data["country"]))))
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(height=18).encode(
        x=alt.X(
            "mid:Q",
            title=x_title,
            axis=alt.Axis(format=",.0f", values=list(x_values)),
            scale=alt.Scale(domain=list(x_domain)),
        ),
        color=colour,
        tooltip=list(tooltips),
    )
    ranges = (
        base.transform_filter("datum.high > datum.low")
        .mark_rule(strokeWidth=2, color="black")
        .encode(x="low:Q", x2="high:Q")
    )
    text = base.mark_text(align="left", dx=6).encode(x="high:Q", text="text:N")
    return frame.finish(
        alt.layer(bars, ranges, text).properties(width=WIDTH - 60, height=110),
        title=title,
        description=description,
        source=source,
        note=note,
    )


def verdict_bars(
    counts: pd.DataFrame,
    *,
    title: str,
    description: str,
    source: str,
    verdicts: Sequence[str],
    group: str = "slug",
    group_title: str = "Article",
    note: str | None = None,
) -> alt.VConcatChart:
    """Claims by verdict, one stacked horizontal bar per ``group`` value.

    ``counts`` has ``group``, ``verdict`` and ``n`` columns (e.g.
    :func:`analysis.metrics.ledger.verdict_table`); zero counts are dropped. Segments are
    stacked in ``verdicts`` order and coloured by :data:`VERDICT_COLOURS`.
    """
    rows = counts[counts["n"] > 0].copy()
    rows["order"] = rows["verdict"].map({v: i for i, v in enumerate(verdicts)})
    present = [v for v in verdicts if v in set(rows["verdict"])]
    bars = (
        alt.Chart(rows)
        .mark_bar(height=20)
        .encode(
            x=alt.X("n:Q", title="Claims", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(f"{group}:N", title=None),
            color=alt.Color(
                "verdict:N", scale=_scale(present, VERDICT_COLOURS), title="Verdict", sort=present
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                tooltip(group, group_title),
                tooltip("verdict", "Verdict"),
                tooltip("n", "Claims", unit="count"),
            ],
        )
        .properties(height=alt.Step(34))
    )
    return frame.finish(bars, title=title, description=description, source=source, note=note)


__all__ = ["figure_bars", "figure_dots", "verdict_bars"]
