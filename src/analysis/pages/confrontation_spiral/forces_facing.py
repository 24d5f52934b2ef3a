"""Page ``confrontation-spiral/forces-facing``: spending, burden and personnel of the triangle.

SIPRI military expenditure (constant 2023 US$ and share of GDP) and COW armed-forces
personnel for Belarus, Russia and Ukraine, 2005 onwards, with 2014 and 2022 marked.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis import charts
from analysis.charts.lines import by_country, country_year_lines, values_in, year_span
from analysis.config import TRIANGLE
from analysis.inputs.loaders import load_cow_nmc, load_sipri_milex, sipri_milex_notes
from analysis.metrics.milex import (
    change_and_burden,
    measure_rows,
    select_milex,
    select_personnel,
    sipri_note_sentence,
)
from analysis.pages import Section

#: Years of the page: the series start, the year before the war in Donbas, the article's year.
START, BEFORE, ARTICLE = 2005, 2013, 2017
#: Marker years drawn on every chart of the page: Crimea and Donbas, the full-scale invasion.
RULES = (2014, 2022)


@cache
def _panel() -> pd.DataFrame:
    measures = ["constant_2023_usd_m", "share_of_gdp"]
    return select_milex(load_sipri_milex(), TRIANGLE, measures, (START, 2024))


def _per_country(table: pd.DataFrame, keys: dict[str, str]) -> dict[str, str]:
    """Glue texts per country of :data:`TRIANGLE`: ``keys`` maps a key prefix to a format
    of the country's row, e.g. ``{"share_2013": "{share_y0:.1f}"}`` -> ``share_2013_blr``."""
    return {
        f"{prefix}_{iso3.lower()}": fmt.format(**table.loc[iso3])
        for iso3 in TRIANGLE
        for prefix, fmt in keys.items()
    }


def spending() -> Section:
    """Real spending 2013-2017 and its level in 2017, and the constant-dollar chart."""
    panel = _panel()
    table = change_and_burden(panel, BEFORE, ARTICLE).set_index("iso3")
    table["bn_y1"] = table["level_y1"] / 1000
    numbers = _per_country(table, {"change_13_17": "{change_pct:+.1f}%", "bn_2017": "{bn_y1:,.2f}"})
    if not table.loc["UKR", "change_pct"] > table.loc["BLR", "change_pct"]:
        raise ValueError("the text says Ukraine's spending grew faster than Belarus's")
    ratio = table.loc["UKR", "level_y1"] / table.loc["BLR", "level_y1"]
    numbers["ukr_over_blr_2017"] = f"{ratio:.1f}"

    data = measure_rows(panel, "constant_2023_usd_m").assign(bn=lambda d: d["value"] / 1000)
    v = by_country(data, "bn")
    first, last = year_span(data)
    change = {c: 100 * (s[last] / s[ARTICLE] - 1) for c, s in v.items()}
    ukraine = sipri_note_sentence(sipri_milex_notes(), "UKR")
    chart = country_year_lines(
        data,
        value="bn",
        axis_title="Military expenditure (US$ bn, constant 2023, log scale)",
        unit="US$ bn, constant 2023",
        fmt=",.2f",
        log=True,
        domain=(0.3, 200),
        axis_values=(0.3, 1, 3, 10, 30, 100),
        rules=RULES,
        title=(
            f"From 2017 to {last} Belarus's real military spending grew {change['BLR']:.0f}%, "
            f"Russia's {change['RUS']:.0f}%, Ukraine's {change['UKR'] / 100 + 1:.0f}-fold"
        ),
        description=(
            f"Line chart, {first} to {last}, of military expenditure in US$ billion at "
            "constant 2023 prices, log scale, for "
            + ", ".join(data["country"].unique())
            + f". In 2017: {values_in(v, ARTICLE, '.2f')}; "
            f"in {last}: {values_in(v, last, '.2f')} (US$ bn)."
        ),
        note=f"SIPRI on Ukraine: {ukraine}",
    )
    return Section(
        numbers=numbers,
        figures={"milex-constant": charts.show(chart, "milex-constant")},
        data={"panel": panel, "changes": table},
    )


def burden() -> Section:
    """Shares of GDP in 2013 and 2017, and the share-of-GDP chart."""
    panel = _panel()
    table = change_and_burden(panel, BEFORE, ARTICLE).set_index("iso3")
    numbers = _per_country(table, {"share_2013": "{share_y0:.1f}", "share_2017": "{share_y1:.1f}"})

    data = measure_rows(panel, "share_of_gdp")
    v = by_country(data, "value")
    first, last = year_span(data)
    chart = country_year_lines(
        data,
        axis_title="Military expenditure (% of GDP, log scale)",
        unit="% of GDP",
        fmt=".2f",
        log=True,
        domain=(0.8, 40),
        axis_values=(1, 2, 3, 5, 10, 20, 40),
        rules=RULES,
        title=(
            f"Belarus spent {v['BLR'][ARTICLE]:.1f}% of GDP on defence in 2017 against "
            f"Ukraine's {v['UKR'][ARTICLE]:.1f}% and Russia's {v['RUS'][ARTICLE]:.1f}%"
        ),
        description=(
            f"Line chart, {first} to {last}, of military expenditure as a share of GDP, log "
            f"scale. In 2013: {values_in(v, BEFORE, '.1f', '%')}; in 2017: "
            f"{values_in(v, ARTICLE, '.1f', '%')}; in {last}: {values_in(v, last, '.1f', '%')}."
        ),
    )
    return Section(numbers=numbers, figures={"milex-share": charts.show(chart, "milex-share")})


def personnel() -> Section:
    """COW armed-forces personnel in 2017 and its chart (to 2022, COW's last year)."""
    people = select_personnel(load_cow_nmc(), TRIANGLE, (START, 2022))
    milper = people[people["year"] == ARTICLE].set_index("iso3")["value"]
    numbers = {
        "milper_2017_ukr": f"{milper['UKR']:.0f}",
        "milper_2017_blr": f"{milper['BLR']:.0f}",
        "milper_ratio": f"{milper['UKR'] / milper['BLR']:.0f}",
    }
    data = people[people["value"].notna()]
    v = by_country(data, "value")
    first, last = year_span(data)
    chart = country_year_lines(
        data,
        axis_title="Armed forces (thousands, log scale)",
        unit="thousands",
        fmt=",.0f",
        log=True,
        domain=(30, 1500),
        axis_values=(30, 50, 100, 200, 500, 1000),
        status=None,
        rules=RULES,
        title=(
            f"In 2017 Ukraine had {v['UKR'][ARTICLE]:.0f} thousand troops, Belarus "
            f"{v['BLR'][ARTICLE]:.0f} thousand and Russia {v['RUS'][ARTICLE]:.0f} thousand"
        ),
        description=(
            f"Line chart, {first} to {last}, of armed-forces personnel in thousands, log scale. "
            f"In 2017: {values_in(v, ARTICLE, '.0f')}; in {last}: {values_in(v, last, '.0f')}."
        ),
        note="COW rounds to thousands and repeats a figure over years when it has no new one",
    )
    return Section(numbers=numbers, figures={"personnel": charts.show(chart, "personnel")})
