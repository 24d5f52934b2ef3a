"""Chart family: coded event counts and shares (ICEWS), shared by every chapter.

:func:`event_bars` stacks yearly event counts by event class, one panel per directed
dyad; :func:`conflict_share_lines` draws conflict as a share of all coded events per
directed dyad and year. Frames come from :mod:`analysis.metrics.events`; class labels
and colours, wording and the dataset id are passed in by the page layer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.lines import year_x
from analysis.charts.style import country_color, tooltip


def event_bars(
    data: pd.DataFrame,
    *,
    colours: Mapping[str, str],
    title: str,
    description: str,
    datasets: Sequence[str],
    note: str | None = None,
    year_ticks: Sequence[int] | None = None,
    columns: int = 2,
) -> alt.VConcatChart:
    """Stacked yearly event counts by class, one panel (own y scale) per directed dyad.

    ``data``: :func:`analysis.metrics.events.labelled_events` rows (dyad_label, year,
    event_label, event_type_order, count). ``colours``: event label -> colour, in
    stacking and legend order.
    """
    cols = ["dyad_label", "year", "event_type", "event_label", "event_type_order", "count"]
    frame = data[cols]
    order = list(colours)
    dyads = list(dict.fromkeys(frame["dyad_label"]))
    axis = alt.Axis(labelAngle=-90, values=list(year_ticks)) if year_ticks else alt.Axis()
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=axis),
            y=alt.Y("sum(count):Q", title="Events coded"),
            color=alt.Color(
                "event_label:N",
                title="Event type",
                sort=order,
                scale=alt.Scale(domain=order, range=[colours[k] for k in order]),
            ),
            order=alt.Order("event_type_order:Q"),
            tooltip=[
                tooltip("dyad_label", "Direction"),
                tooltip("year", "Year"),
                tooltip("event_label", "Event type"),
                tooltip("count", "Events", unit="count"),
            ],
        )
    )
    chart = (
        bars.properties(width=200, height=140)
        .facet(
            data=frame,
            facet=alt.Facet(
                "dyad_label:N", title=None, sort=dyads, header=alt.Header(labelFontWeight="bold")
            ),
            columns=columns,
        )
        .resolve_scale(y="independent")
    )
    return finish(chart, title=title, description=description, datasets=datasets, note=note)


def conflict_share_lines(
    data: pd.DataFrame,
    *,
    partners: Sequence[str],
    directions: Sequence[str],
    title: str,
    description: str,
    datasets: Sequence[str],
    legend_title: str = "Partner",
    y_max: float = 50,
    note: str | None = None,
) -> alt.VConcatChart:
    """Conflict events as a share of all coded events, per directed dyad and year.

    ``data``: :func:`analysis.metrics.events.conflict_shares` rows. Lines take the
    partner's house colour (``partners``: ISO3 codes) and a solid or dashed stroke by
    ``directions`` (two labels, e.g. "from Belarus", "to Belarus").
    """
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=16))
        .encode(
            x=year_x(),
            y=alt.Y(
                "conflict_pct:Q",
                title="Conflict events (% of all coded)",
                scale=alt.Scale(domain=[0, y_max]),
            ),
            color=country_color(partners, title=legend_title),
            strokeDash=alt.StrokeDash(
                "direction:N",
                title="Direction",
                scale=alt.Scale(domain=list(directions), range=[[1, 0], [5, 3]]),
            ),
            detail="dyad_label:N",
            tooltip=[
                tooltip("dyad_label", "Direction"),
                tooltip("year", "Year"),
                tooltip("conflict_pct", "Conflict events", unit="% of coded events", fmt=".1f"),
                tooltip("conflict", "Conflict events", unit="count"),
                tooltip("total", "All events", unit="count"),
            ],
        )
    )
    return finish(lines, title=title, description=description, datasets=datasets, note=note)
