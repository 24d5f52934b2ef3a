"""Country-year lines: one line per country over years, shared by every chapter.

The family draws military spending, its share of GDP, armed-forces personnel, spending
indices and any other ``iso3``/``country``/``year``/``value`` frame the same way:

* one house colour per country (:func:`analysis.charts.style.country_color`);
* the book's one estimate marker: points shaped by :func:`analysis.charts.style.status_shape`
  (a filled circle is a SIPRI figure, a ring a SIPRI estimate), labelled with
  :data:`analysis.charts.style.STATUS_LABELS`;
* optional marker years (dashed rules) and a shaded window (e.g. an action plan's years);
* tooltips with units, and the house frame (:func:`analysis.charts.finish`) whose source
  lines come from the frame's ``source`` column.

Wording (title, description, note) is the caller's: a page computes it from its metrics.
The small text helpers :func:`by_country` and :func:`values_in` help write descriptions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.style import (
    MUTED,
    STATUS_LABELS,
    country_color,
    status_shape,
    tooltip,
)
from analysis.countries import display_name

#: Note added under a chart that shows at least one SIPRI estimate.
ESTIMATE_NOTE = "Rings: SIPRI estimates"
#: Statuses drawn with the estimate marker.
ESTIMATE_STATUSES = frozenset({"estimate", "uncertain"})

Years = tuple[int, int]


# --------------------------------------------------------------------------- helpers


def year_span(frame: pd.DataFrame) -> Years:
    """First and last ``year`` of ``frame`` as ints."""
    return int(frame["year"].min()), int(frame["year"].max())


def year_x(title: str | None = "Year", scale: alt.Scale | None = None) -> alt.X:
    """A quantitative ``year`` x encoding with plain year labels (no thousands comma)."""
    return alt.X(
        "year:Q",
        title=title,
        axis=alt.Axis(format="d"),
        scale=scale if scale is not None else alt.Scale(zero=False),
    )


def status_labels(status: pd.Series) -> pd.Series:
    """SIPRI status codes as the labels readers see (:data:`STATUS_LABELS`).

    Codes without a label (e.g. COW's ``ok``-only panels) read "SIPRI figure" only when
    they are ``ok``; anything else unknown keeps its code.
    """
    return status.map(STATUS_LABELS).fillna(status.astype(str))


def with_status_labels(frame: pd.DataFrame, status: str = "status") -> pd.DataFrame:
    """A copy of ``frame`` with ``status_label`` (from the ``status`` column)."""
    out = frame.copy()
    out["status_label"] = status_labels(out[status])
    return out


def by_country(frame: pd.DataFrame, column: str) -> dict[str, pd.Series]:
    """``{iso3: series of column by year}``, countries in sorted order."""
    return {str(c): g.set_index("year")[column] for c, g in frame.groupby("iso3")}


def values_in(series: Mapping[str, pd.Series], year: int, fmt: str, suffix: str = "") -> str:
    """Each country's value in ``year`` as text, for descriptions:
    ``values_in({"BLR": s}, 2017, ".1f", "%") == "Belarus 1.3%"``."""
    return ", ".join(f"{display_name(c)} {s[year]:{fmt}}{suffix}" for c, s in series.items())


def year_rules(years: Sequence[int], scale: alt.Scale | None = None) -> alt.LayerChart:
    """Dashed vertical rules at marker years, each labelled with its year (labels step
    down so that close years do not overlap)."""
    base = alt.Chart(alt.Data(values=[{"year": y, "label": str(y)} for y in years])).encode(
        x=year_x(title=None, scale=scale)
    )
    layers: list[alt.Chart] = [base.mark_rule(strokeDash=[4, 3], color=MUTED)]
    for i, year in enumerate(years):
        layers.append(
            base.transform_filter(f"datum.year == {year}")
            .mark_text(align="left", dx=3, baseline="top", y=2 + 13 * i, color=MUTED, fontSize=10)
            .encode(text="label:N")
        )
    return alt.LayerChart(layer=layers)


def year_band(
    years: Years,
    label: str | None = None,
    *,
    y_label: float | None = None,
    scale: alt.Scale | None = None,
    temporal: bool = False,
) -> alt.Chart | alt.LayerChart:
    """A light band over a window of years (e.g. an action plan), labelled at ``y_label``.

    On a quantitative ``year`` axis the band runs from ``years[0] - 0.5`` to
    ``years[1] + 0.5``; with ``temporal`` from 1 January to 31 December. Pass the x
    ``scale`` of the chart it is layered on, so the band does not widen the domain.
    """
    start: str | float
    end: str | float
    if temporal:
        start, end, kind = f"{years[0]}-01-01", f"{years[1]}-12-31", "T"
    else:
        start, end, kind = years[0] - 0.5, years[1] + 0.5, "Q"
    band = pd.DataFrame({"start": [start], "end": [end], "label": [label or ""]})
    x = alt.X(f"start:{kind}", scale=scale or alt.Scale(zero=False), title=None)
    rect = alt.Chart(band).mark_rect(color="#DDDDDD", opacity=0.5).encode(x=x, x2="end")
    if not label:
        return rect
    y = alt.datum(y_label) if y_label is not None else alt.value(0)
    text = (
        alt.Chart(band)
        .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=10, color=MUTED)
        .encode(x=x, y=y, text="label:N")
    )
    return rect + text


# --------------------------------------------------------------------------- the family


def country_year_lines(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    axis_title: str,
    unit: str,
    value: str = "value",
    value_label: str | None = None,
    fmt: str = ",.1f",
    log: bool = False,
    zero: bool = False,
    domain: Sequence[float] | None = None,
    clip: bool = False,
    axis_values: Sequence[float] | None = None,
    status: str | None = "status",
    rules: Sequence[int] = (),
    band: Years | None = None,
    band_label: str | None = None,
    extra_tooltips: Sequence[alt.Tooltip] = (),
    note: str | None = None,
    source: str | None = None,
) -> alt.VConcatChart:
    """One line per country over years, estimates marked, in the house frame.

    ``frame``: tidy rows with ``iso3``, ``country`` (display name), ``year``, the
    ``value`` column and ``source`` (dataset ids, for the source line). Rows whose value
    is missing are dropped. ``status``: the column of SIPRI status codes (``ok``,
    ``estimate``, ``uncertain``); points are then shaped by :func:`status_shape` and
    :data:`ESTIMATE_NOTE` heads the note when any estimate is drawn. ``status=None``
    draws plain filled points (e.g. COW personnel).

    ``axis_title``/``unit``/``fmt`` label the y axis and tooltips; ``log``, ``zero``,
    ``domain`` and ``axis_values`` shape the y scale; ``clip`` cuts lines and points at
    the domain (a scale that keeps the named country readable when another country's
    values run far above it: say so in the ``note``). ``rules``: marker years (dashed);
    ``band``/``band_label``: a shaded window of years. ``extra_tooltips`` follow the value.
    """
    data = frame[frame[value].notna()].copy()
    if data.empty:
        raise ValueError(f"no values to draw in column {value!r}")
    has_status = status is not None and status in data.columns
    if has_status and status is not None:
        data["status_label"] = status_labels(data[status])
    first, last = year_span(data)
    xs = alt.Scale(domain=[first, last], nice=False, zero=False)
    ys = alt.Scale(
        type="log" if log else "linear",
        zero=zero if not log else False,
        domain=list(domain) if domain is not None else alt.Undefined,
    )
    axis = alt.Axis(values=list(axis_values)) if axis_values is not None else alt.Axis()
    y = alt.Y(f"{value}:Q", title=axis_title, scale=ys, axis=axis)
    colour = country_color(list(dict.fromkeys(data["iso3"])), title="Country")
    tips = [
        tooltip("country", "Country"),
        tooltip("year", "Year"),
        tooltip(value, value_label or axis_title.split(" (")[0], unit=unit, fmt=fmt),
        *extra_tooltips,
    ]
    if has_status:
        tips.append(tooltip("status_label", "Status"))
    base = alt.Chart(data).encode(x=year_x(scale=xs), y=y, color=colour)
    lines = base.mark_line(clip=True) if clip else base.mark_line()
    dots = base.mark_point(size=30, filled=True, opacity=1, clip=True) if clip else None
    points = (dots or base.mark_point(size=30, filled=True, opacity=1)).encode(tooltip=tips)
    if has_status:
        shape = status_shape().legend(
            symbolFillColor=MUTED, symbolStrokeWidth=0, symbolSize=90, labelLimit=260
        )
        points = points.encode(shape=shape)
    layers: list[alt.Chart | alt.LayerChart] = []
    if band is not None:
        top = float(domain[-1]) if domain is not None else float(data[value].max())
        layers.append(year_band(band, band_label, y_label=top, scale=xs))
    if rules:
        layers.append(year_rules([r for r in rules if first <= r <= last], scale=xs))
    layers += [lines, points]
    estimates = has_status and bool(data[status].isin(ESTIMATE_STATUSES).any())
    full_note = ". ".join(p.rstrip(".") for p in (ESTIMATE_NOTE if estimates else "", note) if p)
    return finish(
        alt.layer(*layers),
        title=title,
        data=data,
        description=description,
        note=full_note or None,
        source=source,
    )


def index_lines(
    index: pd.DataFrame,
    *,
    base_year: int,
    title: str,
    description: str,
    value_unit: str = "US$ m, constant 2023",
    value_label: str = "Military expenditure",
    axis_title: str | None = None,
    domain: Sequence[float] | None = (50, 2000),
    axis_values: Sequence[float] | None = (50, 100, 200, 500, 1000, 2000),
    rules: Sequence[int] = (),
    note: str | None = None,
) -> alt.VConcatChart:
    """An index (``base_year`` = 100) per country as lines on a log scale.

    ``index`` is :func:`analysis.metrics.milex.spending_index` output: columns ``iso3``,
    ``country``, ``year``, ``value`` (the level), ``index``, ``status`` and ``source``.
    The tooltip shows both the index and the level (``value_label``, ``value_unit``).
    """
    return country_year_lines(
        index,
        title=title,
        description=description,
        axis_title=axis_title or f"Real military expenditure ({base_year} = 100, log scale)",
        unit=f"{base_year} = 100",
        value="index",
        value_label="Index",
        fmt=".0f",
        log=True,
        domain=domain,
        axis_values=axis_values,
        rules=rules,
        extra_tooltips=[tooltip("value", value_label, unit=value_unit, fmt=",.0f")],
        note=note,
    )


def year_spans(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    label: str = "dataset",
    tooltips: Sequence[alt.Tooltip] = (),
    domain: Sequence[int] | None = None,
    marker: tuple[int, str] | None = None,
    note: str | None = None,
    source: str | None = None,
) -> alt.VConcatChart:
    """One horizontal bar per row from ``start`` to ``end`` (years), latest end on top.

    ``label`` names the rows (y axis); ``marker`` = (year, text) draws a dashed rule with
    a label (e.g. independence). ``domain`` fixes the year axis. Datasets of the source
    line come from a ``source`` column if ``frame`` has one, else from ``source``.
    """
    xs = alt.Scale(domain=list(domain), nice=False) if domain is not None else alt.Scale()
    bars = (
        alt.Chart(frame)
        .mark_bar(height=12)
        .encode(
            x=alt.X("start:Q", title="Year", scale=xs, axis=alt.Axis(format="d")),
            x2="end:Q",
            y=alt.Y(
                f"{label}:N",
                title=None,
                sort=alt.EncodingSortField("end", order="descending"),
                axis=alt.Axis(labelLimit=280),  # dataset titles, not ids
            ),
            tooltip=list(tooltips),
        )
    )
    chart: alt.Chart | alt.LayerChart = bars
    if marker is not None:
        year, text = marker
        marks = alt.Chart(alt.Data(values=[{"year": year, "label": text}])).encode(x="year:Q")
        chart = (
            bars
            + marks.mark_rule(strokeDash=[4, 3])
            + marks.mark_text(align="right", dx=-4, dy=-6, y=0, text=text)
        )
    return finish(chart, title=title, data=frame, description=description, note=note, source=source)


def country_year_panels(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    panel: str = "indicator",
    panels: Sequence[str] | None = None,
    axis_title: str = "Percent",
    unit: str = "%",
    fmt: str = ".1f",
    rules: Sequence[int] = (),
    columns: int = 2,
    dots_only: Sequence[str] = (),
    note: str | None = None,
) -> alt.VConcatChart:
    """Small multiples: one panel per ``panel`` value, years on x, one line per country
    (house colours), each panel with its own y scale.

    ``frame``: ``panel``, ``series``, ``iso3``, ``year``, ``value``, ``unit``, ``source``
    and ``segment`` (run number of consecutive values: lines break at gaps). Missing
    values are not drawn. ``rules``: marker years (dashed, unlabelled). ``dots_only``:
    panels drawn as points without lines (values that jump between sparse years, where a
    line would read as a trend).
    """
    data = frame.assign(segment=frame["segment"].astype("float64"))
    first, last = year_span(data)
    countries = list(dict.fromkeys(data["iso3"].dropna()))
    years = alt.Scale(domain=[first, last], nice=False, zero=False)
    base = alt.Chart().encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=5), scale=years),
        y=alt.Y("value:Q", title=axis_title),
        color=country_color(countries, title="Country"),
        detail="segment:N",
        tooltip=[
            tooltip(panel, panel.capitalize()),
            tooltip("series", "Series"),
            tooltip("year", "Year"),
            tooltip("value", "Value", unit=unit, fmt=fmt),
            tooltip("unit", "Unit"),
        ],
    )
    layers: list[alt.Chart] = [
        alt.Chart()
        .mark_rule(strokeDash=[4, 3], color=MUTED)
        .encode(x=alt.X(datum=year, type="quantitative", scale=years))
        for year in rules
    ]
    line = base.mark_line(strokeWidth=1.8).transform_filter("isValid(datum.value)")
    if dots_only:
        line = line.transform_filter(
            alt.FieldOneOfPredicate(field=panel, oneOf=list(dots_only)).__invert__()
        )
    layers.append(line)
    layers.append(base.mark_point(size=14, filled=True).transform_filter("isValid(datum.value)"))
    chart = (
        alt.layer(*layers, data=data)
        .properties(width=235, height=135)
        .facet(
            facet=alt.Facet(
                f"{panel}:N",
                sort=list(panels) if panels is not None else "ascending",
                title=None,
                header=alt.Header(labelFontWeight="bold", labelAnchor="start", labelFontSize=12),
            ),
            columns=columns,
        )
        .resolve_scale(y="independent")
    )
    return finish(chart, title=title, data=frame, description=description, note=note)
