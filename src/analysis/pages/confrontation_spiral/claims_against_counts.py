"""Page ``confrontation-spiral/claims-against-counts``: Zapad troop figures against claims.

Every personnel figure of the curated ``zapad_claims`` table for Zapad-2009 to 2021,
set against each exercise's official total (:mod:`analysis.metrics.zapad`), and the
article's "100,000" in the context of the Ukrainian general staff's own figures.
"""

from __future__ import annotations

from functools import cache

import altair as alt
import pandas as pd

from analysis.charts import NEUTRAL, PALETTE, show, tooltip
from analysis.charts.claims import figure_bars, figure_dots
from analysis.charts.timeline import curated_source
from analysis.inputs.articles import load_article
from analysis.inputs.curated import load_curated
from analysis.metrics.zapad import (
    COUNTS_LABELS,
    EXERCISES,
    muzhenko_context,
    muzhenko_data,
    official_vs_claims,
    zapad_chart_data,
    zapad_findings,
    zapad_title_numbers,
)
from analysis.pages import Section
from analysis.pages.gaps import days_between, fact_date

#: Colour groups of the Zapad claims chart, in legend order: claimant countries in their
#: house colour; NATO, analysts and others in neutral greys.
CLAIMANT_COLOURS: dict[str, str] = {
    "Russia": PALETTE["RUS"],
    "Belarus": PALETTE["BLR"],
    "Russia and Belarus (joint)": "#3B3B3B",
    "Ukraine": PALETTE["UKR"],
    "Poland": PALETTE["POL"],
    "Lithuania": PALETTE["LTU"],
    "Estonia": PALETTE["EST"],
    "Germany": PALETTE["DEU"],
    "NATO": NEUTRAL,
    "analysts": "#8E9AA6",
    "other (press, observers)": "#BDBDBD",
}
#: The source line of both charts (a curated table, not a registry dataset).
SOURCE = curated_source("zapad_claims")
#: The figure the article quotes: the threshold the page counts figures against.
THRESHOLD = 100_000


def thousands(value: float) -> str:
    """A count with thousands separators: ``thousands(12700.0) == "12,700"``."""
    return f"{value:,.0f}"


@cache
def _zapad() -> pd.DataFrame:
    return load_curated("zapad_claims")


def four_exercises() -> Section:
    """The numbers of the four exercises (official totals, the largest sourced Zapad-2017
    figures, the NATO tally) and the chart of every figure against the official total."""
    claims = official_vs_claims(zapad=_zapad())
    found = zapad_findings(claims)
    if found["n_100k_2017_total_who"] != "Poland":
        raise ValueError(
            "the text says Poland gave the only sourced total of 100,000 or more; "
            f"the data say {found['n_100k_2017_total_who']!r}: rewrite the prose"
        )
    numbers: dict[str, object] = {
        f"official_{year}": thousands(found[f"official_{year}"])
        for year in (2009, 2013, 2017, 2021)
    }
    numbers |= {
        "n_figures": len(claims),
        "n_flagged": int(claims["flagged"].sum()),
        "max_2017": thousands(found["max_2017"]),
        "max_2017_low": thousands(found["max_2017_low"]),
        "n_100k": found["n_100k_2017"],
        "n_100k_total": found["n_100k_2017_total"],
        "n_100k_total_who": found["n_100k_2017_total_who"],
        "official_russians_2017": thousands(found["official_russians_2017"]),
        "official_belarusians_2017": thousands(found["official_belarusians_2017"]),
        "official_russians_in_belarus": thousands(found["official_russians_in_belarus_2017"]),
        "nato_low": thousands(found["nato_low"]),
        "nato_high": thousands(found["nato_high"]),
        "n_zero": found["n_zero"],
        "threshold": thousands(THRESHOLD),
    }
    data = zapad_chart_data(claims)
    largest = data[
        data["exercise"].eq("Zapad-2017")
        & data["tier"].isin(["A", "B"])
        & data["high"].ge(found["max_2017_low"])
    ]
    if not largest["counts"].eq("whole_strategic_activity").all():
        raise ValueError("the text says the largest sourced figures counted every activity")
    return Section(
        numbers=numbers,
        figures={"zapad-claims": show(zapad_chart(data, n_zero=found["n_zero"]), "zapad-claims")},
        data={"claims": claims, "chart_data": data, "found": found},
    )


def zapad_chart(data: pd.DataFrame, *, n_zero: int = 0) -> alt.VConcatChart:
    """The Zapad figures chart (rows of :func:`analysis.metrics.zapad.zapad_chart_data`)
    in the page's wording; ``n_zero`` figures of 0 left out are named in the note."""
    f = zapad_title_numbers(data)
    like = data[
        data["exercise"].eq("Zapad-2017")
        & data["counts"].eq("total_participants")
        & data["tier"].isin(["A", "B"])
    ]
    top = like.sort_values(["high", "fact_id"]).iloc[-1]
    summary = "; ".join(
        f"{ex}: official total {thousands(g['official_total'].iloc[0])}, figures from "
        f"{thousands(g['low'].min())} to {thousands(g['high'].max())}"
        for ex, g in data.groupby("exercise", sort=True)
    )
    note = (
        "Each row is what a figure counts: 'forces on one front' and 'whole strategic "
        "activity' count more than the exercise itself. Dashed rule: the official total "
        "participants. Bars: a range. Rings: tier C/W sources, unverified"
    )
    if n_zero:
        note += (
            f". {n_zero} official statements of 0 troops left behind cannot be drawn on a log scale"
        )
    return figure_dots(
        data,
        title=(
            f"Sourced counts of Zapad-2017's participants ran from "
            f"{thousands(f['official_2017'])} (declared) to {thousands(top['high'])} "
            f"({top['claimant_key']}); for Zapad-2021 Russia itself declared "
            f"{thousands(f['official_2021'])}"
        ),
        description=(
            "Dot chart in four panels, one per Zapad exercise (2009, 2013, 2017, 2021), of the "
            "personnel figures stated for it, on a log scale, grouped by what each figure "
            "counts and coloured by who stated it; rings instead of dots mark unverified "
            f"(tier C or W) sources. {summary}."
        ),
        source=SOURCE,
        note=note,
        colours=CLAIMANT_COLOURS,
        tooltips=[
            tooltip("exercise", "Exercise"),
            tooltip("claimant", "Who"),
            tooltip("figure", "Figure as stated"),
            tooltip("what_counted", "What it counts"),
            tooltip("low", "Figure, low", unit="people", fmt=",.0f"),
            tooltip("high", "Figure, high", unit="people", fmt=",.0f"),
            tooltip("bound", "Bound"),
            tooltip("tier_status", "Source tier"),
            tooltip("date_stated", "Stated"),
            tooltip("source_title", "Source"),
        ],
        panel="exercise",
        panels=EXERCISES,
        category="counts_label",
        categories=list(COUNTS_LABELS.values()),
        colour="claimant_key",
        colour_title="Who gave the figure",
        x_title="People (log scale)",
        x_domain=(1_000, 300_000),
        x_values=[1_000, 3_000, 10_000, 30_000, 100_000, 300_000],
        reference="official_total",
        reference_title="Official total",
    )


def muzhenko_chart(context: pd.DataFrame) -> alt.VConcatChart:
    """The three figures of :func:`analysis.metrics.zapad.muzhenko_data` as bars, in the
    page's wording."""
    row = context.set_index("fact_id")
    front = row.loc["zapad-2017-muzhenko-100000"]
    total = row.loc["zapad-2017-muzhenko-230000-240000"]
    official = row.loc["zapad-2017-tass-12700"]
    return figure_bars(
        context,
        title=(
            f"The article's '{thousands(front['mid'])}' was Muzhenko's figure for one strategic "
            f"direction; Russia declared {thousands(official['mid'])} participants in the "
            "exercise"
        ),
        description=(
            "Horizontal bars of three Zapad-2017 figures: the declared total of "
            f"{thousands(official['mid'])} participants from both states (Russian Ministry of "
            f"Defence); Gen. Muzhenko's about {thousands(front['mid'])} for "
            f"{front['what_counted']}; and his {thousands(total['low'])} to "
            f"{thousands(total['high'])} for {total['what_counted']}. The three count "
            "different things."
        ),
        source=SOURCE,
        note=(
            f"Muzhenko's {thousands(front['mid'])}: {front['what_counted']} (curated row "
            f"{front.name}, tier {front['tier']}). The bars count different things "
            "and are not multiples of one another"
        ),
        tooltips=[
            tooltip("claimant", "Who"),
            tooltip("figure", "Figure as stated"),
            tooltip("what_counted", "What it counts"),
            tooltip("mid", "Figure (midpoint)", unit="people", fmt=",.0f"),
            tooltip("date_stated", "Stated"),
            tooltip("source_title", "Source"),
        ],
        x_domain=(0, 300_000),
        x_values=[0, 100_000, 200_000, 300_000],
    )


#: The curated timeline's row of the Zapad-2017 exercise (14-20 September 2017).
ZAPAD_2017_FACT = "tl-2017-09-14-zapad-2017-joint-strategic"


def muzhenko() -> Section:
    """The article's "100,000" against the declared total and Muzhenko's all-activities
    figure: the numbers and the bar chart."""
    context = muzhenko_data(muzhenko_context(_zapad()))
    row = context.set_index("fact_id")
    front = row.loc["zapad-2017-muzhenko-100000"]
    total = row.loc["zapad-2017-muzhenko-230000-240000"]
    return Section(
        numbers={
            "mz_front": thousands(front["mid"]),
            "mz_total_low": thousands(total["low"]),
            "mz_total_high": thousands(total["high"]),
            "mz_front_counted": str(front["what_counted"]),
            # the article's date against the exercise's last day
            "zapad_to_article": days_between(
                fact_date(ZAPAD_2017_FACT, "date_end"),
                load_article("confrontation-spiral").metadata.page_date,
            ),
        },
        figures={"muzhenko": show(muzhenko_chart(context), "muzhenko")},
        data={"context": context},
    )
