"""Page ``appendix/coverage``: which years the book's datasets cover, and a first series.

The registry's coverage (:func:`analysis.metrics.coverage.registry_coverage`) as bars,
and WDI military expenditure as a share of GDP for the book's core countries
(:data:`analysis.config.CORE`) as country lines.
"""

from __future__ import annotations

from analysis import charts
from analysis.charts.lines import country_year_lines, year_spans
from analysis.inputs.loaders.wdi import load_wdi_milex_gdp
from analysis.metrics.coverage import (
    coverage_finding,
    milex_share,
    milex_share_finding,
    registry_coverage,
)
from analysis.pages import Section

#: The whole registry is read (notebook dependency analysis, booktools.book).
BOOK_INPUTS = ("data/sources.yml",)


def datasets() -> Section:
    """How many datasets reach 2022 or end before 2020, and the coverage bars."""
    cover = registry_coverage()
    found = coverage_finding(cover)
    n_sets, n_2022, n_before = found["n_sets"], found["n_2022"], found["n_before_2020"]
    chart = year_spans(
        cover,
        domain=(1810, 2030),
        label="title",
        marker=(1991, "1991: Belarus independent"),
        tooltips=[
            charts.tooltip("title", "Dataset"),
            charts.tooltip("years", "Years covered"),
            charts.tooltip("licence", "Licence"),
            charts.tooltip("files", "Raw files", unit="count"),
        ],
        title=f"{n_2022} of {n_sets} datasets reach 2022; {n_before} end before 2020",
        description=(
            "Horizontal bars, one per dataset of the book's registry, from its first to its "
            f"last year. {n_2022} of {n_sets} datasets reach 2022 or later; {n_before} end "
            "before 2020. "
            + "; ".join(f"{r.title}: {r.start} to {r.end}" for r in cover.itertuples())
            + "."
        ),
        source="the book's data registry (coverage as stated by each publisher)",
    )
    return Section(
        numbers={
            "n_sets": n_sets,
            "n_2022": n_2022,
            "n_before_2020": n_before,
            "oldest": f"{found['oldest']}",
        },
        figures={"coverage": charts.show(chart, "coverage")},
        data={"coverage": cover},
    )


def milex_burden() -> Section:
    """Belarus's military burden against its neighbours (WDI), and the country lines."""
    share = milex_share(load_wdi_milex_gdp())
    found = milex_share_finding(share)
    if not found["blr_below_all_neighbours"]:
        raise ValueError("the text says Belarus spends less than any neighbour: rewrite it")
    numbers = {
        "ms_year": found["year"],
        "ms_blr": f"{found['blr']:.1f}",
        "ms_low_name": found["lowest_neighbour"],
        "ms_low": f"{found['lowest_neighbour_value']:.1f}",
        "ms_rus": f"{found['rus']:.1f}",
        "ms_ukr": f"{found['ukr']:.1f}",
        "ms_blr_first": f"{found['blr_first']:.1f}",
        "ms_blr_first_year": found["blr_first_year"],
    }
    latest = share[share["year"] == found["year"]]
    chart = country_year_lines(
        share,
        axis_title="Military expenditure (% of GDP, log scale)",
        unit="% of GDP",
        fmt=".2f",
        log=True,
        domain=(0.3, 40),
        axis_values=(0.5, 1, 2, 3, 5, 10, 20, 40),
        status=None,
        title=(
            f"In {found['year']} Belarus spent {found['blr']:.1f}% of GDP on its military, "
            "less than any neighbour"
        ),
        description=(
            f"Line chart of military expenditure as a share of GDP from {share['year'].min()} "
            f"to {share['year'].max()}, log scale, for {', '.join(share['country'].unique())}. "
            f"In {found['year']}: "
            + ", ".join(f"{r.country} {r.value:.1f}%" for r in latest.itertuples())
            + "."
        ),
        note="Log scale: equal distances are equal ratios. The EU is the World Bank's EU aggregate",
    )
    return Section(numbers=numbers, figures={"milex-share": charts.show(chart, "milex-share")})
