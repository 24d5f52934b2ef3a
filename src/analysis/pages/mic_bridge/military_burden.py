"""Page ``mic-bridge/military-burden``: could Minsk pay for its own defence industry?

SIPRI military expenditure (constant 2023 US$, share of GDP) and COW armed-forces
personnel for Belarus and its neighbours (:data:`analysis.config.REGION`), 1992 onwards,
with the action plan's years (:data:`analysis.config.PLAN_YEARS`) shaded.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import altair as alt
import pandas as pd

from analysis import charts
from analysis.charts.lines import country_year_lines, year_span
from analysis.config import PLAN_YEARS, REGION
from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import load_cow_nmc, load_sipri_milex
from analysis.metrics import milex
from analysis.pages import Section

#: Label of the shaded plan years.
PLAN_LABEL = f"{PLAN_YEARS[0]}-{str(PLAN_YEARS[1])[2:]} action plan"
#: Curated facts the page quotes (tier A/B only).
GKVP_2017 = "di-goskomvoenprom-organisations-exports-goods-services-2017"
OFFICIAL_2012 = "milex-blr-2012-armed-forces-strength-official"
#: Shares of GDP above this are war economies (Ukraine from 2022): the burden chart's
#: scale stops below them, so peacetime budgets such as Belarus's stay readable.
WARTIME_SHARE = 10.0


@cache
def _panel() -> pd.DataFrame:
    return milex.milex_panel(
        REGION, ("constant_2023_usd_m", "share_of_gdp"), (1992, 2024), milex=load_sipri_milex()
    )


def _lines(frame: pd.DataFrame, **wording: Any) -> alt.VConcatChart:
    """Country lines with the plan years shaded (values rounded as the tooltips show)."""
    rounded = frame.assign(value=frame["value"].round(3))
    return country_year_lines(rounded, band=PLAN_YEARS, band_label=PLAN_LABEL, **wording)


def _sourced(table: str, fact_id: str) -> pd.Series:
    row = load_curated(table).set_index("fact_id").loc[fact_id]
    if row["source_tier"] not in ("A", "B"):
        raise ValueError(f"{fact_id} is flagged (tier {row['source_tier']}): not evidence")
    return row


def spending() -> Section:
    """The plan-years numbers of the page and the constant-dollar chart."""
    panel = _panel()
    found = milex.milex_finding(panel)
    if not found["blr_change_plan"] < found["rus_change_plan"]:  # type: ignore[operator]
        raise ValueError("the text says the gap widened over the plan years: rewrite it")
    numbers: dict[str, str] = {}
    for key in ("blr_2012", "rus_2012", "blr_last", "rus_to_blr_2012"):
        numbers[key] = f"{found[key]:,.0f}"
    for key in ("blr_change_plan", "rus_change_plan", "blr_change_last"):
        numbers[key] = f"{found[key]:+.1f}"
    for key in ("blr_gdp_2012", "rus_gdp_2012", "blr_gdp_low", "blr_gdp_last"):
        numbers[key] = f"{found[key]:.2f}"
    for key in ("last_year", "blr_gdp_low_year", "blr_estimate_years", "rus_estimate_years"):
        numbers[key] = f"{found[key]}"
    missing = milex.missing_years(panel, "constant_2023_usd_m")
    numbers["missing_usd"] = milex.missing_note(missing).removeprefix("No value: ") or "none"
    current = milex.milex_panel(
        ("BLR",), ("current_usd_m",), (2017, 2017), milex=load_sipri_milex()
    )
    numbers["blr_current_2017"] = f"{current['value'].iloc[0]:,.0f}"
    g2017 = _sourced("defence_industry", GKVP_2017)
    if g2017["qualifier"] != ">":
        raise ValueError("the text says 'more than' the 2017 export figure: rewrite it")
    numbers["gkvp_2017"] = f"{g2017['value']:,.0f}"

    frame = milex.measure_rows(panel, "constant_2023_usd_m")
    first, last = year_span(frame)
    latest = frame[frame["year"] == found["last_year"]]
    chart = _lines(
        frame,
        axis_title="Military expenditure (US$ m, constant 2023, log scale)",
        unit="US$ m, constant 2023",
        fmt=",.0f",
        log=True,
        title=(
            f"Russia outspent Belarus {found['rus_to_blr_2012']:.0f} to 1 in 2012; Belarus's "
            f"real spending changed by {found['blr_change_plan']:+.1f}% over 2012-15"
        ),
        description=(
            f"Line chart, log scale, of military expenditure in constant 2023 US$ million, "
            f"{first}-{last}, for {', '.join(frame['country'].unique())}. Belarus spent "
            f"{found['blr_2012']:,.0f} in 2012 and Russia {found['rus_2012']:,.0f}; from 2012 "
            f"to 2015 Belarus's spending changed by {found['blr_change_plan']:+.1f}% and "
            f"Russia's by {found['rus_change_plan']:+.1f}%. In {found['last_year']}: "
            + ", ".join(f"{r.country} {r.value:,.0f}" for r in latest.itertuples())
            + ". SIPRI estimates are drawn as rings."
        ),
        note=milex.missing_note(missing) or None,
    )
    return Section(
        numbers=numbers,
        figures={"mic-milex-usd": charts.show(chart, "mic-milex-usd")},
        data={"finding": found},
    )


def burden() -> Section:
    """The share-of-GDP chart (its numbers are glued by :func:`spending`)."""
    panel = _panel()
    found = milex.milex_finding(panel)
    gdp = milex.measure_rows(panel, "share_of_gdp")
    first, last = year_span(gdp)
    latest = gdp[gdp["year"] == found["last_year"]]
    peacetime = gdp[gdp["value"] < WARTIME_SHARE]
    top = float(math.ceil(peacetime["value"].max()))
    above = gdp[gdp["value"] > top].sort_values(["country", "year"])
    off_scale = "; ".join(
        f"{country} {', '.join(f'{r.year} {r.value:.1f}%' for r in rows.itertuples())}"
        for country, rows in above.groupby("country", sort=False)
    )
    missing = milex.missing_note(milex.missing_years(panel, "share_of_gdp"))
    note = ". ".join(
        p
        for p in (f"Above the scale (war spending): {off_scale}" if off_scale else "", missing)
        if p
    )
    chart = _lines(
        gdp,
        axis_title="Military expenditure (% of GDP)",
        unit="% of GDP",
        fmt=".2f",
        zero=True,
        domain=(0, top),
        clip=bool(off_scale),
        title=(
            f"Belarus's military burden fell to {found['blr_gdp_low']:.2f}% of GDP in "
            f"{found['blr_gdp_low_year']}, against Russia's {found['rus_gdp_2012']:.2f}% in 2012"
        ),
        description=(
            f"Line chart of military expenditure as a share of GDP, {first}-{last}, for "
            f"{', '.join(gdp['country'].unique())}. Belarus {found['blr_gdp_2012']:.2f}% and "
            f"Russia {found['rus_gdp_2012']:.2f}% in 2012; Belarus's low was "
            f"{found['blr_gdp_low']:.2f}% in {found['blr_gdp_low_year']}. "
            f"In {found['last_year']}: "
            + ", ".join(f"{r.country} {r.value:.2f}%" for r in latest.itertuples())
            + "."
        ),
        note=note or None,
    )
    return Section(figures={"mic-milex-gdp": charts.show(chart, "mic-milex-gdp")})


def personnel() -> Section:
    """COW armed-forces personnel: Belarus's numbers, the official 2012 figure, the chart."""
    people = milex.personnel_panel(REGION, (1992, 2022), nmc=load_cow_nmc())
    staff = milex.personnel_finding(people)
    numbers: dict[str, str] = {}
    for key in ("first_year", "last_year"):
        numbers[f"per_{key}"] = f"{staff[key]}"
    for key in ("first", "last", "y2012", "y2013"):
        numbers[f"per_{key}"] = f"{staff[key]:,.0f}"
    official = _sourced("milex_personnel", OFFICIAL_2012)
    numbers["per_official_2012"] = f"{official['value']:,.0f}"
    numbers["per_rus_ratio"] = f"{staff['rus_ratio_2012']:.0f}"
    missing = milex.missing_years(people, "milper")
    numbers["per_missing"] = milex.missing_note(missing).removeprefix("No value: ") or "none"

    frame = milex.measure_rows(people, "milper")
    chart = _lines(
        frame,
        axis_title="Armed forces personnel (thousands, log scale)",
        unit="thousands",
        fmt=",.0f",
        log=True,
        status=None,
        title=(
            f"Belarus's armed forces shrank from {staff['first']:,.0f} thousand in "
            f"{staff['first_year']} to {staff['last']:,.0f} thousand in {staff['last_year']}"
        ),
        description=(
            f"Line chart, log scale, of armed forces personnel in thousands, "
            f"{staff['first_year']}-{staff['last_year']}, for "
            f"{', '.join(frame['country'].unique())}. Belarus: {staff['first']:,.0f} in "
            f"{staff['first_year']}, {staff['y2012']:,.0f} in 2012, {staff['y2013']:,.0f} in "
            f"2013 and {staff['last']:,.0f} in {staff['last_year']}; Russia had "
            f"{staff['rus_ratio_2012']:.0f} times as many in 2012."
        ),
        note=milex.missing_note(missing) or None,
    )
    return Section(numbers=numbers, figures={"mic-personnel": charts.show(chart, "mic-personnel")})
