"""The house frame of every chart: a title stating the finding, source lines, a description."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TypeAlias

import altair as alt
import pandas as pd

from analysis.charts.style import MUTED, TITLE_CHARS
from analysis.inputs.registry import dataset

# --------------------------------------------------------------------------- finishing


def source_lines(
    dataset_ids: Sequence[str], note: str | None = None, source: str | None = None
) -> list[str]:
    """The source lines drawn under a chart: one "Source: ... Licence: ..." per dataset.

    Each line comes from the registry (:attr:`analysis.inputs.registry.Dataset.source_line`).
    ``source`` describes a source that is not a registered dataset (e.g. the registry
    itself); ``note`` adds a last line (method, caveat). At least one source is needed.
    """
    lines = [dataset(ds_id).source_line for ds_id in dict.fromkeys(dataset_ids)]
    if source:
        lines.append(f"Source: {source.rstrip('.')}.")
    if not lines:
        raise ValueError("a chart needs at least one dataset id or a 'source' text")
    if note:
        lines.append(f"Note: {note.rstrip('.')}." if not note.lower().startswith("note") else note)
    return [
        wrapped
        for line in lines
        for wrapped in textwrap.wrap(line, width=105, break_on_hyphens=False)
    ]


#: What :func:`finish` frames: any top-level Altair chart (Altair's own ``ChartType``
#: alias is not exported).
ChartType: TypeAlias = (
    alt.Chart
    | alt.LayerChart
    | alt.FacetChart
    | alt.RepeatChart
    | alt.ConcatChart
    | alt.HConcatChart
    | alt.VConcatChart
)


def datasets_of(*frames: pd.DataFrame) -> list[str]:
    """The registry ids a chart's data came from: the ``source`` column of each tidy frame.

    Every loader writes the dataset id into ``source``; metrics keep that column, so a
    chart function passes its frames here instead of typing dataset ids by hand. Frames
    without a ``source`` column (curated tables, annotations) add nothing: describe those
    with ``finish(source=...)``.
    """
    ids: list[str] = []
    for frame in frames:
        if "source" not in frame.columns:
            continue
        for value in frame["source"].dropna().astype(str):
            for part in value.split(";"):
                part = part.strip()
                if part and part not in ids:
                    ids.append(part)
    return ids


def finish(
    chart: ChartType,
    *,
    title: str,
    data: pd.DataFrame | Sequence[pd.DataFrame] | None = None,
    datasets: Sequence[str] = (),
    description: str,
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> alt.VConcatChart:
    """Apply the house frame to a chart: finding title, source line, description.

    ``title`` states the finding ("Belarus spends less than any neighbour"), not the
    variable. ``datasets`` are registry ids; their release and licence are drawn under
    the chart. ``description`` is read by screen readers in place of the chart; say
    what it shows and what it finds. Do not call ``configure_*`` on ``chart``: the
    configuration is the theme's. ``data``: the tidy frame(s) drawn; their ``source``
    columns name the datasets (:func:`datasets_of`), added to any ``datasets`` given.
    """
    if data is not None:
        frames = [data] if isinstance(data, pd.DataFrame) else list(data)
        datasets = [*datasets, *datasets_of(*frames)]
    if not title.strip() or not description.strip():
        raise ValueError("a chart needs a title stating its finding and a description")
    if getattr(chart, "title", alt.Undefined) is not alt.Undefined:
        raise ValueError("finish() sets the titles; remove the title from the chart")
    lines = source_lines(datasets, note=note, source=source)
    footer = alt.TitleParams(
        lines,
        orient="bottom",
        anchor="start",
        fontSize=10,
        fontWeight="normal",
        color=MUTED,
        offset=12,
    )
    text = textwrap.wrap(title, width=TITLE_CHARS, break_on_hyphens=False)
    heading = alt.TitleParams(text, subtitle=subtitle) if subtitle else alt.TitleParams(text)
    meta = {
        "title": title,
        "description": description,
        "datasets": list(dict.fromkeys(datasets)),
        "source": lines,
    }
    if source:  # a source that is no registered dataset, as data (the chart contract reads it)
        meta["source_text"] = source.rstrip(".")
    return alt.vconcat(
        chart.properties(title=footer),
        title=heading,
        description=description,
        usermeta={"book": meta},
    )
