"""The relationship indicators by year in one tidy table (the map's dashboard page).

:func:`dashboard_frame` is the pure core; :func:`indicator_dashboard` loads its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.countries import display_name

#: Dashboard panels, in display order: indicator -> unit.
INDICATORS: dict[str, str] = {
    "UN vote agreement with Belarus": "% of roll calls both voted on",
    "Russia's share of Belarus's arms imports": "% of TIV delivered",
    "Share of Belarus's trade": "% of imports + exports",
    "Military burden": "% of GDP",
}
#: Fewest joint roll calls for a year's vote agreement to be shown (2020 has one).
MIN_JOINT_VOTES = 10
DASHBOARD_COLUMNS = [
    "indicator",
    "series",
    "iso3",
    "country",
    "year",
    "value",
    "unit",
    "source",
    "segment",
]


def _segments(values: pd.Series) -> pd.Series:
    """Run number of consecutive non-missing values (lines break at gaps)."""
    gap = values.isna()
    return gap.cumsum().where(~gap).astype("Int64")


def dashboard_frame(
    agreement: pd.DataFrame,
    arms_share: pd.DataFrame,
    trade_shares: pd.DataFrame,
    milex: pd.DataFrame,
    years: tuple[int, int],
) -> pd.DataFrame:
    """Pure core of :func:`indicator_dashboard`, from the metric tables.

    ``agreement``: :func:`analysis.metrics.votes.agreement_panel` rows of pairs BLR-xxx;
    ``arms_share``: :func:`analysis.metrics.arms.supplier_share` of Belarus's imports from
    Russia; ``trade_shares``: :func:`analysis.metrics.trade.partner_shares` of Belarus;
    ``milex``: :func:`analysis.metrics.milex.milex_panel` with measure ``share_of_gdp``.
    Every value is a percentage. Years with fewer than :data:`MIN_JOINT_VOTES` joint
    votes, years with no arms deliveries at all (share undefined) and missing values
    are NaN, never 0. One row per indicator, series and year of ``years`` (inclusive)
    that the source covers.
    """
    first, last = years
    parts = []
    votes = agreement[agreement["year"].between(first, last)]
    for _pair, rows in votes.groupby("pair", sort=False):
        iso3 = str(rows["b_iso3"].iloc[0])
        value = (100 * rows["agreement"]).where(rows["n_votes"] >= MIN_JOINT_VOTES)
        parts.append(
            pd.DataFrame(
                {
                    "indicator": "UN vote agreement with Belarus",
                    "series": f"Belarus-{display_name(iso3)}",
                    "iso3": iso3,
                    "year": rows["year"],
                    "value": value,
                    "source": "unvotes",
                }
            )
        )
    arms = arms_share[arms_share["year"].between(first, last)]
    parts.append(
        pd.DataFrame(
            {
                "indicator": "Russia's share of Belarus's arms imports",
                "series": "Russia",
                "iso3": "RUS",
                "year": arms["year"],
                "value": 100 * arms["share"],
                "source": arms["source"],
            }
        )
    )
    trade = trade_shares[trade_shares["year"].between(first, last)]
    for iso3, rows in trade.groupby("partner_iso3", sort=False):
        parts.append(
            pd.DataFrame(
                {
                    "indicator": "Share of Belarus's trade",
                    "series": display_name(str(iso3)),
                    "iso3": iso3,
                    "year": rows["year"],
                    "value": 100 * rows["share"],
                    "source": rows["source"],
                }
            )
        )
    burden = milex[(milex["measure"] == "share_of_gdp") & milex["year"].between(first, last)]
    for iso3, rows in burden.groupby("iso3", sort=False):
        parts.append(
            pd.DataFrame(
                {
                    "indicator": "Military burden",
                    "series": display_name(str(iso3)),
                    "iso3": iso3,
                    "year": rows["year"],
                    "value": rows["value"],
                    "source": rows["source"],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["country"] = out["iso3"].map(display_name)
    out["unit"] = out["indicator"].map(INDICATORS)
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    order = {k: i for i, k in enumerate(INDICATORS)}
    out = out.assign(_i=out["indicator"].map(order)).sort_values(
        ["_i", "series", "year"], ignore_index=True
    )
    out["segment"] = out.groupby(["indicator", "series"], sort=False)["value"].transform(_segments)
    return out[DASHBOARD_COLUMNS]


def indicator_dashboard(years: tuple[int, int | None] = (1992, None)) -> pd.DataFrame:
    """The relationship indicators by year (loads the data; see :func:`dashboard_frame`).

    UN vote agreement Belarus-Russia and Belarus-Ukraine (UNGA roll calls, to 2019; 2020
    has a single joint vote), Russia's share of Belarus's arms imports (SIPRI TIV,
    1992-94 from the TIV table), Russia's and Ukraine's shares of Belarus's trade (COW,
    to 2014), and the military burden of Belarus, Russia and Ukraine (SIPRI, % of GDP).
    ``years``: inclusive range; an end of None means each source's latest year.
    """
    from analysis.metrics.arms import arms_imports_by_supplier, supplier_share
    from analysis.metrics.milex import milex_panel
    from analysis.metrics.trade import partner_shares
    from analysis.metrics.votes import agreement_panel

    first, last = years
    span = (first, last if last is not None else 9999)
    return dashboard_frame(
        agreement=agreement_panel(["BLR-RUS", "BLR-UKR"], years=span),
        arms_share=supplier_share(
            arms_imports_by_supplier("BLR", years=(first, last or 2100)), "RUS"
        ),
        trade_shares=partner_shares("BLR", ("RUS", "UKR"), years=span),
        milex=milex_panel(("BLR", "RUS", "UKR"), ("share_of_gdp",), years=span),
        years=span,
    )


def dashboard_summary(
    dash: pd.DataFrame, series: str, indicator: str, years: Sequence[int] | None = None
) -> pd.Series:
    """Values of one series of the dashboard by year (NaN dropped; optional years)."""
    rows = dash[(dash["indicator"] == indicator) & (dash["series"] == series)]
    values = rows.set_index("year")["value"].dropna()
    return values if years is None else values.reindex(list(years))


def mean_over(dash: pd.DataFrame, series: str, indicator: str, first: int, last: int) -> float:
    """Mean of one dashboard series over ``first``-``last`` (NaN ignored)."""
    values = dashboard_summary(dash, series, indicator)
    window = values[(values.index >= first) & (values.index <= last)]
    return float(window.mean()) if len(window) else float(np.nan)
