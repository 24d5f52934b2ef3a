"""Trade: partner shares, a pair's trade on several bases, monthly flows.

* :func:`share_lines`: partner groups' shares of a country's trade, yearly lines from one
  dataset with points from a second (e.g. COW yearly and Comtrade every fourth year);
* :func:`basis_points`: a pair's trade from datasets and officials' statements, coloured
  by basis, with tier rings (:func:`analysis.charts.style.tier_shape`) and forecasts ringed;
* :func:`monthly_flows`: monthly flows, incomplete months drawn with the book's ring.

Frames come from :mod:`analysis.metrics.trade` and keep their ``source`` column, which
names the datasets of the source line; wording is the caller's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.lines import year_band, year_rules, year_x
from analysis.charts.style import FIRM_SHAPE, MUTED, NEUTRAL, RING, tier_shape, tooltip

Years = tuple[int, int]


def _scale(domain: Sequence[str], colours: Mapping[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[colours.get(d, NEUTRAL) for d in domain])


def share_lines(
    lines: pd.DataFrame,
    points: pd.DataFrame,
    *,
    title: str,
    description: str,
    colours: Mapping[str, str],
    axis_title: str,
    years: Years,
    y_max: float = 80,
    band: Years | None = None,
    band_label: str | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """Partner groups' shares (per cent) as lines from ``lines`` and diamonds from ``points``.

    Both frames: year, group, share (0-1), trade, total_trade (US$ m), source and a
    ``dataset`` label for the tooltip; rows without a share are dropped. ``colours``:
    group -> hex (legend in that order). A grey halo under each line keeps light colours
    readable.
    """
    cols = ["year", "group", "share_pct", "trade", "total_trade", "dataset", "source"]
    a, b = (
        d.dropna(subset=["share"]).assign(share_pct=lambda f: (100 * f["share"]).round(1))[cols]
        for d in (lines, points)
    )
    groups = [g for g in colours if g in set(a["group"]) | set(b["group"])]
    colour = alt.Color("group:N", title="Partner", scale=_scale(groups, colours))
    x = year_x(scale=alt.Scale(domain=list(years), nice=False))
    y = alt.Y("share_pct:Q", title=axis_title, scale=alt.Scale(domain=[0, y_max]))
    tips = [
        tooltip("group", "Partner"),
        tooltip("year", "Year"),
        tooltip("share_pct", "Share", unit="% of total trade", fmt=".1f"),
        tooltip("trade", "Trade with partner", unit="US$ m, current", fmt=",.0f"),
        tooltip("total_trade", "Total trade", unit="US$ m, current", fmt=",.0f"),
        tooltip("dataset", "Dataset"),
    ]
    halo = (
        alt.Chart(a)
        .mark_line(strokeWidth=4.2, color="#9A9A9A", opacity=0.55)
        .encode(x=x, y=y, detail="group:N")
    )
    drawn = alt.Chart(a).mark_line(strokeWidth=2.4).encode(x=x, y=y, color=colour, tooltip=tips)
    pts = (
        alt.Chart(b)
        .mark_point(shape="diamond", size=110, filled=True, stroke="#222222", strokeWidth=0.8)
        .encode(x=x, y=y, color=colour, tooltip=tips)
    )
    chart = halo + drawn + pts
    if band is not None:
        chart = year_band(band, band_label, y_label=y_max) + chart
    return finish(chart, title=title, data=[a, b], description=description, note=note)


def basis_points(
    series: pd.DataFrame,
    *,
    title: str,
    description: str,
    colours: Mapping[str, str],
    line_source: str,
    axis_title: str,
    years: Years,
    rules: Sequence[int] = (),
    ahead: Sequence[str] = ("forecast", "target"),
    note: str | None = None,
    source: str | None = None,
) -> alt.VConcatChart:
    """One pair's trade on several bases: points coloured by ``series`` (``colours``:
    series -> hex), shaped by ``tier_status`` (ring = tier C/W), the rows of
    ``line_source`` joined by a line, and rows whose ``period_type`` is in ``ahead``
    (forecasts, targets) ringed in grey.

    ``series``: year, value_bn, series, period_type, tier_status, label, source
    (:func:`analysis.metrics.trade.trade_bases` plus ``tier_status``). Datasets of the
    source line come from ``source`` values that are registry ids; curated rows are
    described by ``source`` (text).
    """
    domain = [k for k in colours if k in set(series["series"])]
    colour = alt.Color("series:N", title="Basis", sort=domain, scale=_scale(domain, colours))
    x = year_x(scale=alt.Scale(domain=list(years), zero=False))
    y = alt.Y("value_bn:Q", title=axis_title)
    tips = [
        tooltip("series", "Basis"),
        tooltip("year", "Year"),
        tooltip("value_bn", "Trade", unit="US$ bn, current", fmt=".2f"),
        tooltip("label", "Figure"),
        tooltip("period_type", "Period"),
        tooltip("tier_status", "Source tier"),
    ]
    line_rows = series[series["source"] == line_source]
    line = alt.Chart(line_rows).mark_line(color=NEUTRAL, strokeWidth=1.5).encode(x=x, y=y)
    points = (
        alt.Chart(series)
        .mark_point(size=60, filled=True, opacity=0.9, strokeWidth=0)
        .encode(x=x, y=y, color=colour, shape=tier_shape(), tooltip=tips)
    )
    rings = (
        alt.Chart(series[series["period_type"].isin(list(ahead))])
        .mark_point(
            size=300, shape="circle", filled=False, color=MUTED, strokeDash=[2, 2], strokeWidth=1
        )
        .encode(x=x, y=y)
    )
    layers: list[alt.Chart | alt.LayerChart] = [line, points, rings]
    if rules:
        layers.insert(0, year_rules(list(rules)))
    datasets = series[~series["source"].astype(str).str.startswith("curated:")]
    return finish(
        alt.layer(*layers),
        title=title,
        data=datasets,
        description=description,
        note=note,
        source=source,
    )


def monthly_flows(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    colours: Mapping[str, str],
    axis_title: str,
    unit: str,
    marks: Mapping[str, str] | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """Monthly flows as lines; a month with a reporter missing (``complete`` False, a
    lower bound) is drawn with the book's ring, a complete one with a filled circle.

    ``frame``: date (ISO), period, flow_label, value_m, complete, missing_reporters,
    n_reporters, source (:func:`analysis.metrics.trade.eu_monthly_frame`). ``colours``:
    flow label -> hex; ``marks``: ISO date -> label of a dashed rule.
    """
    data = frame.assign(
        reported=frame["complete"].map({True: "all members reported", False: "a member missing"})
    )
    colour = alt.Color(
        "flow_label:N",
        title=None,
        scale=_scale(list(colours), colours),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    x = alt.X("date:T", title="Month", axis=alt.Axis(format="%b %Y", tickCount=6))
    y = alt.Y("value_m:Q", title=axis_title, scale=alt.Scale(zero=True))
    base = alt.Chart(data).encode(x=x, y=y, color=colour)
    lines = base.mark_line(strokeWidth=2)
    pts = base.mark_point(size=40, filled=True, opacity=1).encode(
        shape=alt.Shape(
            "reported:N",
            title="Reports",
            scale=alt.Scale(
                domain=["all members reported", "a member missing"], range=[FIRM_SHAPE, RING]
            ),
            legend=alt.Legend(symbolFillColor=MUTED, symbolStrokeWidth=0, symbolSize=90),
        ),
        tooltip=[
            tooltip("flow_label", "Flow"),
            tooltip("period", "Month"),
            tooltip("value_m", "Value", unit=unit, fmt=",.1f"),
            tooltip("n_reporters", "Members reporting"),
            tooltip("missing_reporters", "Members not reporting"),
        ],
    )
    layers: list[alt.Chart | alt.LayerChart] = []
    for date, label in (marks or {}).items():
        mark = pd.DataFrame({"date": [date], "label": [label]})
        layers.append(alt.Chart(mark).mark_rule(strokeDash=[4, 3], color=MUTED).encode(x="date:T"))
        layers.append(
            alt.Chart(mark)
            .mark_text(align="right", dx=-4, y=6, fontSize=10, color=MUTED, baseline="top")
            .encode(x="date:T", text="label:N")
        )
    return finish(
        alt.layer(*layers, lines, pts),
        title=title,
        data=frame,
        description=description,
        note=note,
    )
