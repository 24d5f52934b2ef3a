"""Arms transfers: supplier shares and flows (SIPRI TIV), shared by every chapter.

* :func:`supplier_bars`: yearly deliveries stacked by partner, over a strip of one
  partner's share of each year (e.g. Russia's share of Belarus's imports);
* :func:`period_bars`: deliveries by partner summed over periods, one panel per period;
* :func:`flow_bars`: yearly deliveries in both directions between two states.

Frames come from :mod:`analysis.metrics.arms` and keep their ``source`` column, which
names the datasets of the source line. Partners that are countries take their house
colour (:data:`analysis.charts.style.PALETTE`); wording is the caller's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from analysis.charts.frame import finish
from analysis.charts.lines import year_band
from analysis.charts.style import MUTED, NEUTRAL, PALETTE, country_color, tooltip
from analysis.countries import display_name

#: Colours of partners that are not in the house palette, in order of appearance.
EXTRA_COLOURS: tuple[str, ...] = ("#999933", "#44AA99", "#AA4499")

Years = tuple[int, int]


def partner_scale(names: Sequence[str], colours: Mapping[str, str]) -> alt.Scale:
    """A colour scale over partner ``names``: ``colours`` first, then the house colour of
    a focus country's display name, then :data:`EXTRA_COLOURS` in turn."""
    house = {display_name(iso3): hex_ for iso3, hex_ in PALETTE.items()}
    domain = list(dict.fromkeys(names))
    extra = iter(EXTRA_COLOURS * (len(domain) + 1))
    return alt.Scale(
        domain=domain, range=[colours.get(n) or house.get(n) or next(extra) for n in domain]
    )


def supplier_bars(
    stacked: pd.DataFrame,
    share: pd.DataFrame,
    *,
    title: str,
    description: str,
    years: Years,
    share_partner: str,
    colours: Mapping[str, str] | None = None,
    axis_title: str = "Arms imports (TIV, millions)",
    partner_title: str = "Supplier",
    band: Years | None = None,
    band_label: str | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """Stacked yearly bars by partner over a strip of ``share_partner``'s yearly share.

    ``stacked``: :func:`analysis.metrics.arms.stacked_partners` (year, partner, tiv, y0,
    y1, x0, x1, source); ``share``: :func:`analysis.metrics.arms.supplier_share` (year,
    total, from_supplier, share, source). ``years`` fixes the x axis; ``band`` shades a
    window (e.g. an action plan) in both parts. ``colours``: partner -> hex overrides.
    """
    xs = alt.Scale(domain=[years[0] - 0.6, years[1] + 0.6], nice=False)
    names = list(dict.fromkeys(stacked["partner"]))
    colour = alt.Color(
        "partner:N",
        title=partner_title,
        scale=partner_scale(names, {**(colours or {}), "Other": NEUTRAL}),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    bars = (
        alt.Chart(stacked)
        .mark_bar()
        .encode(
            x=alt.X("x0:Q", scale=xs, title=None, axis=alt.Axis(format="d", labels=False)),
            x2="x1:Q",
            y=alt.Y("y0:Q", title=axis_title),
            y2="y1:Q",
            color=colour,
            tooltip=[
                tooltip("year", "Delivery year"),
                tooltip("partner", partner_title),
                tooltip("tiv", "Deliveries", unit="TIV, millions", fmt=",.1f"),
            ],
        )
    )
    s = share.dropna(subset=["share"]).assign(share_pct=lambda d: (100 * d["share"]).round(1))
    s = s[["year", "share_pct", "total", "from_supplier"]]
    iso3 = next((c for c in PALETTE if display_name(c) == share_partner), None)
    strip = (
        alt.Chart(s)
        .mark_point(filled=True, size=45, color=PALETTE.get(iso3 or "", NEUTRAL))
        .encode(
            x=alt.X("year:Q", scale=xs, title="Delivery year", axis=alt.Axis(format="d")),
            y=alt.Y(
                "share_pct:Q",
                title=f"{share_partner}'s share (%)",
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(values=[0, 50, 100]),
            ),
            tooltip=[
                tooltip("year", "Delivery year"),
                tooltip("share_pct", f"{share_partner}'s share", unit="% of TIV", fmt=".1f"),
                tooltip("from_supplier", f"From {share_partner}", unit="TIV, millions", fmt=",.1f"),
                tooltip("total", "All partners", unit="TIV, millions", fmt=",.1f"),
            ],
        )
    )
    top: alt.Chart | alt.LayerChart = bars
    bottom: alt.Chart | alt.LayerChart = strip
    if band is not None:
        ytop = float(stacked["y1"].max())
        top = year_band(band, band_label, y_label=ytop, scale=xs) + bars
        bottom = year_band(band, scale=xs) + strip
    chart = alt.vconcat(top.properties(height=230), bottom.properties(height=80), spacing=6)
    return finish(chart, title=title, data=[stacked, share], description=description, note=note)


def period_bars(
    frame: pd.DataFrame,
    *,
    title: str,
    description: str,
    periods: Sequence[str],
    group: str = "group",
    groups: Mapping[str, str],
    label: str = "recipient",
    axis_title: str = "TIV, millions",
    zero_text: str | None = None,
    zero_group: str | None = None,
    note: str | None = None,
    source: str | None = None,
    value_title: str = "Deliveries",
    panel_width: int = 130,
    label_limit: int | None = None,
) -> alt.VConcatChart:
    """Horizontal bars of deliveries by partner (``label``), one panel per period.

    ``frame``: one row per partner and period with ``tiv``, ``rank`` (row order),
    ``period`` and the ``group`` field coloured by ``groups`` (group -> hex, legend in
    that order). ``zero_text`` is written beside the zero bars of ``zero_group`` (a zero
    shown, not hidden). ``source`` names a source that is not a registered dataset;
    ``value_title`` and ``axis_title`` name the bars' quantity (tooltip, axis).
    ``panel_width`` (px) and ``label_limit`` (px of a row label before it is shortened;
    Vega-Lite's default when None) suit a chart of one wide panel with long labels.
    """
    order = list(frame.sort_values("rank")[label].drop_duplicates())
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y(
                f"{label}:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelLimit=label_limit) if label_limit else alt.Undefined,
            ),
            x=alt.X("tiv:Q", title=axis_title),
            color=alt.Color(
                f"{group}:N",
                title=None,
                scale=alt.Scale(domain=list(groups), range=list(groups.values())),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            tooltip=[
                tooltip(label, label.capitalize()),
                tooltip("period", "Years"),
                tooltip("tiv", value_title, unit=axis_title, fmt=",.1f"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if zero_text and zero_group:
        layers.append(
            alt.Chart()
            .mark_text(align="left", dx=3, fontSize=9, color=MUTED, text=zero_text)
            .encode(y=alt.Y(f"{label}:N", sort=order), x=alt.datum(0))
            .transform_filter(f"datum.tiv == 0 && datum.{group} == '{zero_group}'")
        )
    chart = (
        alt.layer(*layers, data=frame)
        .properties(width=panel_width, height=alt.Step(17))
        .facet(
            column=alt.Column(
                "period:N",
                title=None,
                sort=list(periods),
                header=alt.Header(labelFontSize=12, labelFontWeight="bold"),
            ),
        )
        .resolve_scale(x="shared")
    )
    return finish(chart, title=title, data=frame, description=description, note=note, source=source)


def flow_bars(
    flows: pd.DataFrame,
    *,
    title: str,
    description: str,
    first_year: int,
    label: str | None = None,
    label_iso3: str | None = None,
    note: str | None = None,
) -> alt.VConcatChart:
    """Yearly deliveries per direction as side-by-side bars, coloured by supplier.

    ``flows``: :func:`analysis.metrics.arms.arms_between` (year, direction,
    supplier_iso3, recipient_iso3, tiv, no_deliveries, source). ``label`` is written in
    the top-left corner in the colour of ``label_iso3`` (e.g. "none the other way").
    """
    data = flows.assign(country=flows["supplier_iso3"].map(display_name))
    countries = list(dict.fromkeys(data["supplier_iso3"]))
    bars = (
        alt.Chart(data)
        .mark_bar(width=7)
        .encode(
            x=alt.X(
                "year:Q",
                title="Year of delivery",
                axis=alt.Axis(format="d"),
                scale=alt.Scale(domain=[first_year - 0.5, int(data["year"].max()) + 0.5]),
            ),
            y=alt.Y("tiv:Q", title="Deliveries (SIPRI TIV, millions)"),
            color=country_color(countries, title="Supplier"),
            xOffset=alt.XOffset("country:N"),
            tooltip=[
                tooltip("direction", "Direction"),
                tooltip("year", "Year"),
                tooltip("tiv", "Deliveries", unit="TIV m", fmt=".2f"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if label:
        colour = PALETTE.get(label_iso3 or "", MUTED)
        layers.append(
            alt.Chart(alt.Data(values=[{"t": label}]))
            .mark_text(x=8, y=8, align="left", baseline="top", color=colour, fontSize=11)
            .encode(text="t:N")
        )
    return finish(alt.layer(*layers), title=title, data=flows, description=description, note=note)
