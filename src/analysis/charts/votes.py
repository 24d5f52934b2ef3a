"""Chart family: UN General Assembly voting (agreement, ideal points, issues), all chapters.

Every voting chart of the book is drawn here, from the frames of
:mod:`analysis.metrics.votes`: :func:`agreement_lines` (share of identical votes per
year and pair), :func:`distance_lines` (ideal-point distance per year and pair), both
through :func:`pair_lines`, and :func:`issue_dots` (agreement by issue and period).
Pairs are styled by a mapping passed in by the page (:data:`PairStyles`: label, colour,
dash), so chapters choose their pairs and wording while the chart stays the same. The
grammar: a house colour marks its own country only, so a pair with Belarus is labelled
and coloured by its partner ("Belarus and" / "Russia"), and other pairs take a neutral.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import altair as alt
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.lines import year_band, year_rules, year_x
from analysis.charts.style import tooltip

#: Pair (``"BLR-RUS"``) -> (legend label, colour, stroke dash).
PairStyles: TypeAlias = Mapping[str, tuple[str, str, Sequence[int]]]

#: Dataset ids of the voting data (the vote frames carry no ``source`` column).
UNVOTES = "unvotes"
IDEALPOINTS = "unga-idealpoints"
#: Greys from light (early) to dark (recent) for periods (no country colour).
PERIOD_GREYS = ("#D0D0D0", "#A0A0A0", "#6A6A6A", "#333333")
#: The y-axis title of agreement charts.
AGREEMENT_TITLE = "Identical votes (% of roll calls both cast)"


def with_pair_labels(frame: pd.DataFrame, styles: PairStyles) -> pd.DataFrame:
    """Add ``pair_label`` to a frame with a ``pair`` column; ValueError for an unstyled pair."""
    unknown = sorted(set(frame["pair"]) - set(styles))
    if unknown:
        raise ValueError(f"no style for pair(s) {unknown}; known: {list(styles)}")
    return frame.assign(pair_label=frame["pair"].map({k: v[0] for k, v in styles.items()}))


def pair_encodings(pairs: Sequence[str], styles: PairStyles, title: str) -> dict[str, Any]:
    """Colour and stroke-dash encodings of ``pair_label`` for the pairs drawn."""
    drawn = [p for p in styles if p in pairs]
    labels = [styles[p][0] for p in drawn]
    return {
        "color": alt.Color(
            "pair_label:N",
            title=title,
            sort=labels,
            scale=alt.Scale(domain=labels, range=[styles[p][1] for p in drawn]),
        ),
        "strokeDash": alt.StrokeDash(
            "pair_label:N",
            title=title,
            sort=labels,
            scale=alt.Scale(domain=labels, range=[list(styles[p][2]) for p in drawn]),
        ),
    }


def pair_lines(
    frame: pd.DataFrame,
    *,
    y: alt.Y,
    styles: PairStyles,
    tooltips: Sequence[alt.Tooltip],
    title: str,
    description: str,
    datasets: Sequence[str],
    legend_title: str = "Pair",
    x_title: str = "Year",
    rules: Sequence[int] = (),
    band: tuple[int, int] | None = None,
    band_label: str | None = None,
    band_y: float | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """One line per country pair over years, with optional marker years and a band.

    ``frame``: rows with pair and year; ``y``: the encoding of the value drawn. ``rules``: years
    marked by labelled dashed rules; ``band``: a window of years drawn as a light band,
    labelled ``band_label`` at ``band_y`` (data units).
    """
    data = with_pair_labels(frame, styles)
    enc = pair_encodings(list(data["pair"].unique()), styles, legend_title)
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=14))
        .encode(x=year_x(x_title), y=y, tooltip=list(tooltips), **enc)
    )
    layers: list[alt.Chart | alt.LayerChart] = []
    if band is not None:
        layers.append(year_band(band, band_label, y_label=band_y))
    if rules:
        layers.append(year_rules(list(rules)))
    return finish(
        alt.layer(*layers, lines),
        title=title,
        description=description,
        datasets=datasets,
        note=note,
    )


def agreement_shares(panel: pd.DataFrame) -> pd.DataFrame:
    """Issue-``"all"`` rows of an agreement panel with ``share`` (percent, one decimal)."""
    rows = panel[panel["issue"] == "all"] if "issue" in panel else panel
    data = rows.assign(share=(100 * rows["agreement"]).round(1))
    return data[["pair", "year", "share", "n_votes", "n_identical"]]


def agreement_lines(
    panel: pd.DataFrame,
    *,
    styles: PairStyles,
    title: str,
    description: str,
    legend_title: str = "Pair",
    rules: Sequence[int] = (),
    band: tuple[int, int] | None = None,
    band_label: str | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """Share of identical UNGA votes per year, one line per pair (the book's one
    agreement chart). ``panel``: :func:`analysis.metrics.votes.vote_agreement` rows."""
    data = agreement_shares(panel)
    return pair_lines(
        data,
        y=alt.Y("share:Q", title=AGREEMENT_TITLE, scale=alt.Scale(domain=[0, 100])),
        styles=styles,
        legend_title=legend_title,
        tooltips=[
            tooltip("pair_label", legend_title),
            tooltip("year", "Year"),
            tooltip("share", "Identical votes", unit="%", fmt=".1f"),
            tooltip("n_identical", "Identical", unit="roll calls"),
            tooltip("n_votes", "Both voted", unit="roll calls"),
        ],
        rules=rules,
        band=band,
        band_label=band_label,
        band_y=100,
        title=title,
        description=description,
        datasets=[UNVOTES],
        note=note,
    )


def distance_lines(
    distances: pd.DataFrame,
    *,
    styles: PairStyles,
    title: str,
    description: str,
    legend_title: str = "Pair",
    rules: Sequence[int] = (),
    note: str | None = None,
) -> alt.VConcatChart:
    """Distance between UNGA ideal points per year, one line per pair.
    ``distances``: :func:`analysis.metrics.votes.idealpoint_distance` rows."""
    cols = ["pair", "session", "year", "ideal_point_a", "ideal_point_b", "distance"]
    return pair_lines(
        distances[cols],
        y=alt.Y("distance:Q", title="Distance between ideal points"),
        styles=styles,
        legend_title=legend_title,
        x_title="Year (of the session's start)",
        tooltips=[
            tooltip("pair_label", legend_title),
            tooltip("year", "Year"),
            tooltip("session", "UNGA session"),
            tooltip("distance", "Distance", unit="ideal-point units", fmt=".2f"),
            tooltip("ideal_point_a", "Ideal point, first country", fmt=".2f"),
            tooltip("ideal_point_b", "Ideal point, second country", fmt=".2f"),
        ],
        rules=rules,
        title=title,
        description=description,
        datasets=[IDEALPOINTS],
        note=note,
    )


def issue_dots(
    periods: pd.DataFrame,
    *,
    styles: PairStyles,
    title: str,
    description: str,
    note: str | None = None,
    greys: Sequence[str] = PERIOD_GREYS,
) -> alt.VConcatChart:
    """Agreement by issue and period, one panel per pair: a dot per period (darker =
    later) on a rule spanning the issue's range. ``periods``:
    :func:`analysis.metrics.votes.agreement_by_period` rows by issue."""
    data = with_pair_labels(periods, styles).assign(share=lambda d: 100 * d["agreement"])
    order = list(dict.fromkeys(data.sort_values("issue")["issue_label"]))
    period_order = list(dict.fromkeys(data.sort_values("first")["period"]))
    base = alt.Chart().encode(
        y=alt.Y("issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
    )
    span = base.mark_rule(color="#CCCCCC", strokeWidth=2).encode(
        x="min(share):Q", x2="max(share):Q"
    )
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("share:Q", title="Identical votes (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "period:N",
            title="Period",
            sort=period_order,
            scale=alt.Scale(domain=period_order, range=list(greys[: len(period_order)])),
        ),
        tooltip=[
            tooltip("pair_label", "Pair"),
            tooltip("issue_label", "Issue"),
            tooltip("period", "Period"),
            tooltip("share", "Identical votes", unit="%", fmt=".1f"),
            tooltip("n_votes", "Both voted", unit="roll calls"),
        ],
    )
    chart = (
        alt.layer(span, dots)
        .properties(width=175, height=alt.Step(24))
        .facet(
            column=alt.Column(
                "pair_label:N",
                title=None,
                sort=[v[0] for v in styles.values()],
                header=alt.Header(labelFontWeight="bold"),
            ),
            data=data,
        )
    )
    return finish(chart, title=title, description=description, datasets=[UNVOTES], note=note)
