"""Page ``map/dashboard``: the relationship indicators side by side, year by year.

UN vote agreement of Belarus with Russia and Ukraine, Russia's share of Belarus's arms
imports, Russia's and Ukraine's shares of Belarus's trade, and the military burden of
the three (:func:`analysis.metrics.dashboard.indicator_dashboard`), as small multiples.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts.lines import country_year_panels
from analysis.metrics import dashboard as metrics
from analysis.pages import Section
from analysis.pages.mic_bridge.military_burden import WARTIME_SHARE

#: The window of the page's means, and the early years the prose compares it with.
WINDOW: tuple[int, int] = (2015, 2019)
EARLY: tuple[int, int] = (1992, 1996)
AGREE = "UN vote agreement with Belarus"
ARMS = "Russia's share of Belarus's arms imports"
TRADE = "Share of Belarus's trade"
BURDEN = "Military burden"


def dashboard_findings(dash: pd.DataFrame, window: tuple[int, int] = WINDOW) -> dict[str, Any]:
    """Numbers of the dashboard: vote agreement and Russia's arms share over ``window``,
    trade shares in COW's last year, the military burden in the latest year."""
    first, last = window
    trade_rows = dash[(dash["indicator"] == TRADE) & dash["value"].notna()]
    trade_year = int(trade_rows["year"].max())
    burden_rows = dash[(dash["indicator"] == BURDEN) & dash["value"].notna()]
    burden_year = int(burden_rows["year"].max())
    at = burden_rows[burden_rows["year"] == burden_year].set_index("series")["value"]
    tr = trade_rows[trade_rows["year"] == trade_year].set_index("series")["value"]
    arms_years = metrics.dashboard_summary(dash, "Russia", ARMS)
    return {
        "window": f"{first}-{last}",
        "agree_rus": metrics.mean_over(dash, "Belarus-Russia", AGREE, first, last),
        "agree_ukr": metrics.mean_over(dash, "Belarus-Ukraine", AGREE, first, last),
        "arms_rus": metrics.mean_over(dash, "Russia", ARMS, first, last),
        "arms_years": int(arms_years.size),
        "trade_year": trade_year,
        "trade_rus": float(tr.get("Russia", float("nan"))),
        "trade_ukr": float(tr.get("Ukraine", float("nan"))),
        "burden_year": burden_year,
        "burden_blr": float(at.get("Belarus", float("nan"))),
        "burden_rus": float(at.get("Russia", float("nan"))),
        "burden_ukr": float(at.get("Ukraine", float("nan"))),
        "first_year": int(dash["year"].min()),
        "last_year": int(dash["year"].max()),
    }


def _chart(dash: pd.DataFrame, f: dict[str, Any]) -> charts.ChartDisplay:
    w = f["window"]
    # War budgets (Ukraine from 2022) would flatten every peacetime line of the burden
    # panel: they are left off it and named in the note.
    war = (dash["indicator"] == BURDEN) & (dash["value"] > WARTIME_SHARE)
    off = dash[war].sort_values(["series", "year"])
    off_text = "; ".join(
        f"{series} {', '.join(f'{r.year} {r.value:.0f}%' for r in rows.itertuples())}"
        for series, rows in off.groupby("series", sort=False)
    )
    shown = dash.assign(value=dash["value"].mask(war))
    chart = country_year_panels(
        shown,
        panels=list(metrics.INDICATORS),
        dots_only=(ARMS,),
        rules=(2014,),
        title=(
            f"In {w} Belarus voted with Russia {f['agree_rus']:.0f}% of the time, with "
            f"Ukraine {f['agree_ukr']:.0f}%, and took {f['arms_rus']:.0f}% of its arms from Russia"
        ),
        description=(
            f"Four small line charts by year, {f['first_year']}-{f['last_year']}, percent. "
            f"UN General Assembly vote agreement of Belarus with Russia and with Ukraine (mean "
            f"{w}: {f['agree_rus']:.1f}% and {f['agree_ukr']:.1f}%); Russia's share of "
            f"Belarus's arms imports (mean {w}: {f['arms_rus']:.1f}%, shown only in the "
            f"{f['arms_years']} years with deliveries); Russia's and Ukraine's shares of "
            f"Belarus's trade (in {f['trade_year']}: {f['trade_rus']:.1f}% and "
            f"{f['trade_ukr']:.1f}%); military expenditure as a share of GDP (in "
            f"{f['burden_year']}: Belarus {f['burden_blr']:.1f}%, Russia {f['burden_rus']:.1f}%, "
            f"Ukraine {f['burden_ukr']:.1f}%). A dashed line marks 2014."
        ),
        note=(
            "In the vote and trade panels the colour is Belarus's partner. "
            "Vote agreement: share of roll calls both voted on with the same vote, years with "
            f"{metrics.MIN_JOINT_VOTES} or more joint votes. Arms: SIPRI TIV, one point per "
            "year with deliveries (a few large orders swing the share between years). "
            "Trade: COW, ends 2014. "
            + (f"Burden: war spending left off the scale ({off_text}). " if off_text else "")
            + "Each panel has its own vertical scale"
        ),
    )
    return charts.show(chart, "map-dashboard")


def indicators() -> Section:
    """The dashboard's numbers (window means, latest years, early-years agreement) and chart."""
    dash = metrics.indicator_dashboard()
    f = dashboard_findings(dash)
    early_ukr = metrics.mean_over(dash, "Belarus-Ukraine", AGREE, *EARLY)
    early_rus = metrics.mean_over(dash, "Belarus-Russia", AGREE, *EARLY)
    if not early_ukr > early_rus:
        raise ValueError("the text says Belarus voted more often with Ukraine early on")
    if not f["agree_rus"] > f["agree_ukr"]:
        raise ValueError("the text says the order reversed by the window: rewrite it")
    numbers: dict[str, Any] = {"window": f["window"]}
    for key in ("agree_rus", "agree_ukr", "arms_rus", "trade_rus", "trade_ukr"):
        numbers[key] = f"{f[key]:.0f}"
    for key in ("burden_blr", "burden_rus", "burden_ukr"):
        numbers[key] = f"{f[key]:.1f}"
    for key in ("trade_year", "burden_year", "first_year", "last_year", "arms_years"):
        numbers[key] = f[key]
    numbers["early"] = f"{EARLY[0]}-{EARLY[1]}"
    numbers["agree_ukr_early"] = f"{early_ukr:.0f}"
    numbers["agree_rus_early"] = f"{early_rus:.0f}"
    numbers["min_votes"] = metrics.MIN_JOINT_VOTES
    return Section(
        numbers=numbers,
        figures={"map-dashboard": _chart(dash, f)},
        data={"dashboard": dash, "finding": f},
    )
