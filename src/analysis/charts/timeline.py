"""Chart family: dated events in lanes (timelines), shared by every chapter.

One function, :func:`event_timeline`, draws every timeline of the book: a row (lane) per
kind of event, a mark per dated event, optional bars for events that ran over a span,
optional colour by a category, shape by source tier (the book's grammar: a filled circle
for sourced rows, a ring for tier C/W rows, :func:`analysis.charts.style.tier_shape`) or
by another field, and labelled dashed rules at marker dates. Chapter wording (title,
description, note) and chapter constants (lanes, colours, marker dates, the time span)
are passed in by the page layer; the rows come from :mod:`analysis.metrics.timeline`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import altair as alt
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.style import MUTED, NEUTRAL, tier_shape

#: Legend positions and time units Vega-Lite accepts (for the typed parameters below).
Orient = Literal["left", "right", "top", "bottom"]
TickUnit = Literal["day", "week", "month", "year"]


def curated_source(*tables: str) -> str:
    """The source text of a chart drawn from curated tables (not registry datasets)."""
    names = ", ".join(t.replace("_", " ") for t in tables)
    return (
        f"the book's curated facts ({names}), compiled by the book's authors from the "
        "sources each row cites, with a reliability tier per row"
    )


def date_rules(dates: Mapping[str, str]) -> alt.LayerChart | alt.FacetChart:
    """Dashed vertical rules at ISO dates, each labelled at the top (empty label: none)."""
    rows = [{"date": d, "label": label} for d, label in dates.items()]
    base = alt.Chart(alt.Data(values=rows)).encode(x="date:T")
    rule = base.mark_rule(strokeDash=[4, 3], color=MUTED)
    text = base.mark_text(
        align="left", dx=3, dy=2, baseline="top", y=0, color=MUTED, fontSize=10
    ).encode(text="label:N")
    return alt.layer(rule, text)


#: Approximate advance of a key-event label character (px, font size 10) and label row height.
KEY_CHAR_PX = 5.8
KEY_ROW_PX = 13


def label_levels(
    dates: Sequence[str], labels: Sequence[str], span: tuple[str, str], width: float
) -> list[int]:
    """A row (0: nearest the plot) for each label, drawn left-aligned at its date above a
    time axis ``span`` drawn ``width`` px wide, with a tick from the label down to the plot.

    Labels are placed from the latest date back, each on the lowest row where its text
    overlaps no label's text and crosses no tick of a label on a higher row (a tick never
    runs through a label on a lower row: those start right of it); deterministic.
    """
    t0, t1 = (pd.Timestamp(d) for d in span)
    scale = width / (t1 - t0).total_seconds()
    placed: list[tuple[int, float, float]] = []  # (row, left, right) in px
    out: dict[int, int] = {}
    order = sorted(range(len(dates)), key=lambda i: (dates[i], labels[i]), reverse=True)
    for i in order:
        left = (pd.Timestamp(dates[i]) - t0).total_seconds() * scale
        right = left + 3 + KEY_CHAR_PX * len(labels[i]) + 4
        row = 0
        while any(
            (r == row and left < r_right and r_left < right)
            or (r > row and left <= r_left <= right)
            for r, r_left, r_right in placed
        ):
            row += 1
        placed.append((row, left, right))
        out[i] = row
    return [out[i] for i in range(len(dates))]


def key_event_band(
    events: Mapping[str, str], span: tuple[str, str], width: int
) -> alt.LayerChart | alt.FacetChart:
    """Labels of key events (ISO date -> label) above a timeline, staggered in rows so
    they do not overlap, each with a tick down to the plot."""
    dates, labels = list(events), list(events.values())
    levels = label_levels(dates, labels, span, width)
    rows = [
        {"date": d, "label": label, "level": lv}
        for d, label, lv in zip(dates, labels, levels, strict=True)
    ]
    n = max(levels) + 1
    x = alt.X("date:T", axis=None, scale=alt.Scale(domain=list(span)), title=None)
    y = alt.Y("level:O", axis=None, scale=alt.Scale(domain=list(range(n - 1, -1, -1))))
    base = alt.Chart(alt.Data(values=rows))
    ticks = base.mark_rule(color=MUTED, strokeDash=[2, 2]).encode(
        x=x, y=y, y2=alt.value(n * KEY_ROW_PX)
    )
    text = base.mark_text(
        align="left", dx=3, baseline="middle", color="#222222", fontSize=10
    ).encode(x=x, y=y, text="label:N")
    return alt.layer(ticks, text).properties(width=width, height=n * KEY_ROW_PX)


def category_scale(domain: Sequence[str], colours: Mapping[str, str]) -> alt.Scale:
    """A colour scale over ``domain`` (in that order); categories without a colour: neutral."""
    return alt.Scale(domain=list(domain), range=[colours.get(d, NEUTRAL) for d in domain])


def event_timeline(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    row: str,
    rows: Sequence[str] | None = None,
    date: str = "date",
    end: str | None = None,
    colour: str | None = None,
    colours: Mapping[str, str] | None = None,
    colour_title: str | None = None,
    tier: str | None = None,
    shape: str | None = None,
    shapes: Mapping[str, str] | None = None,
    sizes: Mapping[str, float] | None = None,
    shape_title: str | None = None,
    stagger: str | None = None,
    marks: Mapping[str, str] | None = None,
    key_events: Mapping[str, str] | None = None,
    span: tuple[str, str] | None = None,
    date_format: str = "%Y",
    tick_count: float | TickUnit | None = None,
    label_angle: float = 0,
    step: int = 30,
    width: int | None = None,
    label_limit: int = 200,
    point_size: float = 90,
    legend_orient: Orient = "right",
    legend_columns: int | None = None,
    tooltips: Sequence[alt.Tooltip] = (),
    interactive: bool = False,
    data: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
    source: str | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """Dated events in lanes, finished with the house frame.

    ``frame``: one row per event, with an ISO ``date`` (and ``end``, if given: a bar
    from ``date`` to ``end`` is drawn where ``end > date``) and the ``row`` field naming
    its lane (``rows``: lane order, default: first appearance). ``colour``: a field
    coloured by ``colours`` (category -> hex; domain in the order of ``colours`` keys
    found in the data), else one neutral colour. ``tier``: a field of
    :data:`~analysis.charts.style.TIER_DOMAIN` labels, drawn as filled circles and rings;
    or ``shape``/``shapes`` (category -> Vega shape, with optional ``sizes``) for another
    field. ``stagger``: an ordinal field spreading marks of one lane vertically.
    ``marks``: ISO date -> label of dashed rules. ``span``: the x domain (two ISO dates).
    ``key_events`` (needs ``span`` and ``width``): ISO date -> label, written above the
    lanes in staggered rows, with a faint rule through the lanes at each date.
    ``interactive``: click the colour legend to highlight, drag or scroll to zoom in time.
    ``data``: the tidy frames drawn (their ``source`` names the datasets); ``source``:
    text for curated or annotation sources.
    """
    lanes = list(rows) if rows is not None else list(dict.fromkeys(frame[row]))
    axis = alt.Axis(format=date_format, labelAngle=label_angle)
    if tick_count is not None:
        axis = alt.Axis(format=date_format, labelAngle=label_angle, tickCount=tick_count)
    x = alt.X(
        f"{date}:T",
        title=None,
        axis=axis,
        scale=alt.Scale(domain=list(span)) if span else alt.Undefined,
    )
    y = alt.Y(f"{row}:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=label_limit))
    encodings: dict[str, Any] = {"x": x, "y": y}
    if tooltips:
        encodings["tooltip"] = list(tooltips)
    colour_enc: alt.Color | None = None
    pick = alt.selection_point(fields=[colour], bind="legend") if interactive and colour else None
    if colour is not None:
        present = set(frame[colour])
        known = [c for c in (colours or {}) if c in present]
        domain = known + sorted(present - set(known), key=str)
        legend = alt.Legend(orient=legend_orient, symbolOpacity=1, symbolType="circle")
        if legend_columns:
            legend = alt.Legend(
                orient=legend_orient, symbolOpacity=1, symbolType="circle", columns=legend_columns
            )
        colour_enc = alt.Color(
            f"{colour}:N",
            title=colour_title,
            sort=domain,
            scale=category_scale(domain, colours or {}),
            legend=legend,
        )
        encodings["color"] = colour_enc
    if tier is not None:
        encodings["shape"] = tier_shape(tier)
    elif shape is not None and shapes is not None:
        encodings["shape"] = alt.Shape(
            f"{shape}:N",
            title=shape_title,
            scale=alt.Scale(domain=list(shapes), range=list(shapes.values())),
            legend=alt.Legend(orient=legend_orient),
        )
        if sizes is not None:
            encodings["size"] = alt.Size(
                f"{shape}:N",
                title=shape_title,
                scale=alt.Scale(domain=list(sizes), range=list(sizes.values())),
            )
    if stagger is not None:
        encodings["yOffset"] = alt.YOffset(f"{stagger}:O", scale=alt.Scale(paddingOuter=0.4))
    if pick is not None:
        encodings["opacity"] = alt.condition(pick, alt.value(0.9), alt.value(0.12))
    point_args: dict[str, Any] = {"filled": True, "opacity": 0.9, "strokeWidth": 0}
    if colour is None:
        point_args["color"] = NEUTRAL
    if sizes is None:
        point_args["size"] = point_size
    points = alt.Chart(frame).mark_point(**point_args).encode(**encodings)
    if pick is not None:
        points = points.add_params(pick, alt.selection_interval(bind="scales", encodings=["x"]))
    layers: list[Any] = []
    if marks:
        layers.append(date_rules(marks))
    if end is not None:
        bar_enc: dict[str, Any] = {"x": x, "x2": f"{end}:T", "y": y}
        if "yOffset" in encodings:  # bars on their marks' line (and one yOffset scale)
            bar_enc["yOffset"] = encodings["yOffset"]
        if colour_enc is not None:
            bar_enc["color"] = colour_enc
        if tooltips:
            bar_enc["tooltip"] = list(tooltips)
        layers.append(
            alt.Chart(frame)
            .transform_filter(f"datum['{end}'] > datum['{date}']")
            .mark_rule(strokeWidth=6, opacity=0.3)
            .encode(**bar_enc)
        )
    if key_events:
        if span is None or width is None:
            raise ValueError("key_events need a span and a width (to stagger their labels)")
        layers.append(
            alt.Chart(alt.Data(values=[{"date": d} for d in key_events]))
            .mark_rule(color=MUTED, strokeDash=[2, 2], opacity=0.6)
            .encode(x=alt.X("date:T", scale=alt.Scale(domain=list(span))))
        )
    layers.append(points)
    chart: Any = alt.layer(*layers).properties(height=alt.Step(step))
    if width is not None:
        chart = chart.properties(width=width)
    if key_events and span is not None and width is not None:
        chart = alt.vconcat(key_event_band(key_events, span, width), chart, spacing=2)
    return finish(chart, title=title, description=description, data=data, source=source, note=note)
