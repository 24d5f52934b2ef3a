"""Chart family: indicators before and after a date, side by side (dumbbells).

:func:`before_after_dumbbells` draws each indicator's value in two windows (percent) as
two dots joined by a rule: the earlier window grey, the later dark. Rows come from
:func:`analysis.metrics.indicators.before_after_frame`; the window names, wording and
note are passed in by the page layer.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.style import tooltip

#: Colours of the two windows: earlier (grey), later (near black); and their shapes.
WINDOW_COLOURS = ("#9A9A9A", "#222222")
WINDOW_SHAPES = ("circle", "diamond")


def before_after_long(frame: pd.DataFrame, windows: Sequence[str]) -> pd.DataFrame:
    """One row per indicator and window: indicator, when (a label of ``windows``), years,
    pct, change, direction, dataset."""
    long = frame.melt(
        id_vars=["indicator", "before_years", "after_years", "dataset", "direction", "change"],
        value_vars=["before", "after"],
        var_name="when",
        value_name="pct",
    )
    long["years"] = np.where(long["when"] == "before", long["before_years"], long["after_years"])
    long["when"] = long["when"].map({"before": windows[0], "after": windows[1]})
    return long


def before_after_dumbbells(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    windows: Sequence[str] = ("Before", "After"),
    note: str | None = None,
) -> alt.VConcatChart:
    """Dumbbells: each indicator's value (percent) in the earlier window (grey circle)
    and the later one (dark diamond), joined by a rule.

    The datasets are read from the frame's ``dataset`` column (comma-separated ids).
    """
    order = list(frame["indicator"])
    long = before_after_long(frame, windows)
    y = alt.Y("indicator:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X("pct:Q", title="Percent", scale=alt.Scale(domain=[0, 100]))
    bars = (
        alt.Chart(frame)
        .mark_rule(strokeWidth=3, color="#BBBBBB")
        .encode(y=y, x="before:Q", x2="after:Q")
    )
    pts = (
        alt.Chart(long)
        .mark_point(size=110, filled=True, opacity=1)
        .encode(
            y=y,
            x=x,
            color=alt.Color(
                "when:N",
                title=None,
                sort=list(windows),
                scale=alt.Scale(domain=list(windows), range=list(WINDOW_COLOURS)),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            shape=alt.Shape(
                "when:N",
                sort=list(windows),
                scale=alt.Scale(domain=list(windows), range=list(WINDOW_SHAPES)),
                legend=None,
            ),
            tooltip=[
                tooltip("indicator", "Indicator"),
                tooltip("when", "When"),
                tooltip("years", "Years"),
                tooltip("pct", "Value", unit="%", fmt=".1f"),
                tooltip("change", "Change", unit="percentage points", fmt="+.1f"),
                tooltip("direction", "Direction"),
                tooltip("dataset", "Dataset"),
            ],
        )
        .properties(height=alt.Step(34))
    )
    datasets = sorted({d.strip() for ds in frame["dataset"] for d in str(ds).split(",")})
    return finish(bars + pts, title=title, description=description, datasets=datasets, note=note)
