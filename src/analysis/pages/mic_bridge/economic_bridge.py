"""Page ``mic-bridge/economic-bridge``: trade and integration.

Partner groups' shares of Belarus's trade (COW yearly to 2014, UN Comtrade every fourth
year to 2016), the EU's monthly trade with Belarus (Eurostat, 2020-22), and the
milestones of Belarus-Russia integration (curated timeline, ATOP alliance years).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis import charts
from analysis.charts.timeline import event_timeline
from analysis.charts.trade import monthly_flows, share_lines
from analysis.config import PLAN_SIGNED, PLAN_YEARS
from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import (
    load_atop,
    load_comtrade,
    load_cow_trade_dyadic,
    load_cow_trade_national,
    load_eurostat_eu_belarus,
)
from analysis.metrics import trade
from analysis.metrics.alliances import alliance_finding
from analysis.metrics.timeline import milestones_finding, milestones_frame
from analysis.pages import Section
from analysis.pages.mic_bridge import visit_numbers

#: House colours of the trade groups (EU-27: the EU's colour).
GROUP_COLOURS: dict[str, str] = {
    "Russia": charts.PALETTE["RUS"],
    "Ukraine": charts.PALETTE["UKR"],
    "EU-27": charts.PALETTE["EU27"],
    trade.REST_OF_WORLD: charts.NEUTRAL,
}
#: Colours of the EU's monthly flows (flows, not countries: no house colour).
FLOW_COLOURS: dict[str, str] = {
    trade.EU_FLOWS["import"]: "#CC6677",
    trade.EU_FLOWS["export"]: charts.NEUTRAL,
}


@cache
def _group_shares() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    dyadic, comtrade_raw = load_cow_trade_dyadic(), load_comtrade()
    cow = trade.cow_group_shares(dyadic, load_cow_trade_national(), "BLR", trade.TRADE_GROUPS)
    comtrade = trade.comtrade_group_shares(comtrade_raw, "BLR", trade.TRADE_GROUPS)
    return cow, comtrade, dyadic, comtrade_raw


def shares() -> Section:
    """Russia's, Ukraine's and the EU's shares of Belarus's trade, and where COW and
    Comtrade part ways (exports to the Netherlands in 2012)."""
    cow, comtrade, dyadic, comtrade_raw = _group_shares()
    f = trade.trade_finding(cow, comtrade)
    if not (f["ct_rus_2016"] > f["ct_rus_2012"] and f["ct_eu_2016"] < f["ct_eu_2012"]):  # type: ignore[operator]
        raise ValueError("the text says Russia's share rose and the EU's fell: rewrite it")
    if not f["cow_overflow_years"]:
        raise ValueError("no COW year exceeds the national total: rewrite the text")
    numbers = {k: f"{v:,.1f}" if isinstance(v, float) else f"{v}" for k, v in f.items()}
    nl_own, nl_mirror = trade.exports_own_and_mirror(comtrade_raw, dyadic, "BLR", "NLD", 2012)
    numbers["nl_own"] = f"{nl_own:.1f}"
    numbers["nl_mirror"] = f"{nl_mirror:.1f}"

    overflow = (
        f". COW's partner flows exceed its national total in {f['cow_overflow_years']}, "
        "so no rest-of-world share is shown there"
    )
    chart = share_lines(
        trade.with_rest_of_world(cow).assign(dataset="COW Trade v4.0 (yearly)"),
        trade.with_rest_of_world(comtrade).assign(dataset="UN Comtrade (every 4th year)"),
        colours=GROUP_COLOURS,
        axis_title="Share of Belarus's trade (%)",
        years=(1992, 2016),
        band=PLAN_YEARS,
        band_label=f"{PLAN_YEARS[0]}-{str(PLAN_YEARS[1])[2:]} action plan",
        title=(
            f"Russia took {f['rus_2012']}% of Belarus's trade in 2012 and the EU-27 "
            f"{f['eu_2012']}%; by 2016 Russia's share had grown (Comtrade)"
        ),
        description=(
            "Line chart of the shares of Russia, Ukraine, the EU-27 and the rest of the world "
            f"in Belarus's total trade, yearly from COW to {f['cow_last']}, with diamonds for "
            f"UN Comtrade in 2012 and 2016. COW: Russia {f['rus_2012']}%, EU-27 "
            f"{f['eu_2012']}%, Ukraine {f['ukr_2012']}% in 2012; Russia's share ranged from "
            f"{f['rus_min']}% ({f['rus_min_year']}) to {f['rus_max']}% ({f['rus_max_year']}). "
            f"Comtrade: Russia {f['ct_rus_2012']}% in 2012 and {f['ct_rus_2016']}% in 2016, "
            f"EU-27 {f['ct_eu_2012']}% and {f['ct_eu_2016']}%."
        ),
        note=(
            "Lines: COW (imports + partner-recorded exports over COW national totals); "
            "diamonds: Comtrade, shown only where every flow with the partner is reported "
            "(Russia's exports to Belarus are unreported in 2000-08). EU-27 = today's members "
            "in every year" + overflow
        ),
    )
    return Section(
        numbers=numbers,
        figures={"mic-trade-shares": charts.show(chart, "mic-trade-shares")},
        data={"finding": f, "cow": cow, "comtrade": comtrade},
    )


def eu_monthly() -> Section:
    """The EU's monthly trade with Belarus, 2021 against the last reported months."""
    monthly = trade.eu_trade_monthly("BLR", "TOTAL", eurostat=load_eurostat_eu_belarus())
    eu = trade.eu_monthly_frame(monthly)
    f = trade.eu_monthly_finding(eu, monthly)
    if not f["imp_change"] < 0 < f["exp_change"]:
        raise ValueError("the text says EU imports fell and exports rose: rewrite it")
    numbers: dict[str, str] = {}
    for key in ("imp_2021_mean", "imp_recent_mean", "exp_2021_mean", "exp_recent_mean"):
        numbers[f"eu_{key}"] = f"{f[key]:,.0f}"
    for key in ("imp_change", "exp_change", "imp_year_change", "exp_year_change"):
        numbers[f"eu_{key}"] = f"{f[key]:+.0f}"
    numbers["eu_imp_drop"] = f"{-f['imp_change']:.0f}"
    numbers["eu_imp_year_drop"] = f"{-f['imp_year_change']:.0f}"
    numbers["eu_exp_rise"] = f"{f['exp_change']:.0f}"
    for key in (
        "recent_from",
        "recent_to",
        "dropped_months",
        "n_incomplete",
        "n_rows",
        "last_year",
        "year_from",
        "year_to",
    ):
        numbers[f"eu_{key}"] = f"{f[key]}"
    chart = monthly_flows(
        eu,
        colours=FLOW_COLOURS,
        axis_title="Trade (EUR millions per month)",
        unit="EUR m",
        marks={"2022-02-24": "24 Feb 2022: invasion of Ukraine"},
        title=(
            f"EU imports from Belarus averaged {abs(f['imp_year_change']):.0f}% less a month "
            f"in {f['year_from']} to {f['year_to']} than in 2021, "
            f"{abs(f['imp_change']):.0f}% less in {f['recent_from']} to {f['recent_to']}"
        ),
        description=(
            f"Line chart of the EU-27's monthly imports from and exports to Belarus, "
            f"{eu['period'].min()} to {eu['period'].max()}, in EUR millions. EU imports from "
            f"Belarus averaged EUR {f['imp_2021_mean']:,.0f}m a month in 2021 and EUR "
            f"{f['imp_recent_mean']:,.0f}m in {f['recent_from']} to {f['recent_to']} "
            f"({f['imp_change']}%; {f['year_from']} to {f['year_to']}: "
            f"{f['imp_year_change']}%); EU exports to Belarus averaged EUR "
            f"{f['exp_2021_mean']:,.0f}m and EUR {f['exp_recent_mean']:,.0f}m "
            f"({f['exp_change']:+}%). Rings: months "
            "in which at least one member reported no figure "
            f"({f['n_incomplete']} of {f['n_rows']} points)."
        ),
        note=(
            "Sums over the members that reported; rings are lower bounds (a member "
            f"missing, mostly Malta or Cyprus). {f['dropped_months']}: no member reported, "
            "not shown"
        ),
    )
    return Section(
        numbers=numbers, figures={"mic-eu-monthly": charts.show(chart, "mic-eu-monthly")}
    )


#: Integration milestones of the timeline chart: curated fact id -> short label (ours).
TIMELINE_LABELS: dict[str, str] = {
    "tl-1992-05-15-collective-security-treaty-cst": "Collective Security Treaty signed",
    "tl-1994-04-20-cst-enters-force": "Collective Security Treaty in force",
    "tl-1997-04-02-treaty-union-belarus-russia": "Treaty on the Union of Belarus and Russia",
    "tl-1997-12-19-russia-belarus-treaty-military": "Bilateral treaty on military cooperation",
    "tl-1999-12-08-treaty-creation-union-state": "Treaty creating the Union State",
    "tl-2000-01-26-union-state-treaty-ratified": "Union State treaty in force",
    "tl-2002-10-07-csto-charter-signed-chisinau": "CSTO Charter signed",
    "tl-2003-12-decision-unite-belarusian-defence": "Goskomvoenprom set up",
    "tl-2009-02-03-agreement-joint-protection-union": "Unified regional air-defence agreement",
    "tl-2010-01-01-customs-union-belarus-kazakhstan": "Customs Union starts",
    "tl-2012-01-01-single-common-economic-space": "Common Economic Space starts",
    "tl-2012-10-23-semashko-rogozin-sign-action": "Defence-industrial action plan 2012-15",
    "tl-2012-12-24-russian-government-resolution-no": "Resolution 1389: national treatment",
    "tl-2013-03-13-semashko-dvorkovich-task-negotiators": "Integral-Roselektronika task set",
    "tl-2014-04-01-rogozin-minsk-belarus-take": "Rogozin: Belarus to replace Ukraine",
    "tl-2014-05-29-treaty-eurasian-economic-union": "EAEU treaty signed",
    "tl-2014-12-russian-ambassador-belarusian-enterprises": "15% of Russia's defence order",
    "tl-2015-01-01-eaeu-treaty-enters-force": "EAEU treaty in force",
    "tl-2016-11-02-protocol-amending-2009-air": "Air-defence protocol signed",
    "tl-2021-11-04-new-military-doctrine-union": "Union State military doctrine",
    "tl-2024-12-06-putin-lukashenka-sign-treaty": "Union State security-guarantees treaty",
}
#: Lanes of the timeline: curated category -> lane.
TIMELINE_LANES: dict[str, str] = {
    "Union State": "Union State",
    "Union State / military doctrine": "Union State",
    "Union State / nuclear": "Union State",
    "CSTO": "Security alliance",
    "military integration": "Security alliance",
    "air defence": "Security alliance",
    "Eurasian integration": "Economic union",
    "defence industry": "Defence industry",
}


#: Colours of the milestone strands (Paul Tol's muted scheme).
TIMELINE_COLOURS: dict[str, str] = {
    "Security alliance": "#AA4499",
    "Union State": "#117733",
    "Economic union": "#999933",
    "Defence industry": "#CC6677",
}


def _milestones_chart(frame: pd.DataFrame, prior: object) -> charts.ChartDisplay:
    """One row per milestone (date order), coloured by strand; flagged facts as rings."""
    n, n_flag = len(frame), int(frame["flagged"].sum())
    first, last = frame.iloc[0], frame.iloc[-1]
    chart = event_timeline(
        frame,
        row="label",
        rows=list(frame["label"]),
        colour="lane",
        colours=TIMELINE_COLOURS,
        colour_title="Strand",
        tier="tier_status",
        marks={PLAN_SIGNED: ""},
        span=("1991-06-01", "2025-06-01"),
        step=19,
        width=400,
        label_limit=280,
        point_size=70,
        legend_orient="top",
        tooltips=[
            charts.tooltip("label", "Milestone"),
            charts.tooltip("date", "Date"),
            charts.tooltip("event", "What happened"),
            charts.tooltip("tier", "Source tier"),
            charts.tooltip("evidence", "Status"),
            charts.tooltip("source_title", "Source"),
        ],
        title=(
            f"By October 2012 {prior} sourced treaties already bound Belarus to Russia; the "
            "plan added an industrial strand"
        ),
        source="the book's curated timeline of events (sources per row)",
        description=(
            f"Timeline of {n} milestones of Belarus-Russia integration from {first['year']} "
            f"to {last['year']}, one row each, coloured by strand; {n_flag} rest on tier C or "
            "W sources and are drawn as rings, flagged claims. A dashed line marks 23 October "
            "2012. " + "; ".join(f"{r.date[:7]}: {r.label}" for r in frame.itertuples()) + "."
        ),
        note=(
            "Rings: tier C (aggregator) or W (Wikipedia) sources, shown as flagged "
            "claims, not evidence. Month-only dates are placed on the 1st"
        ),
    )
    return charts.show(chart, "mic-timeline")


def milestones() -> Section:
    """Treaties and institutions binding Belarus to Russia before the plan, and ATOP."""
    frame = milestones_frame(load_curated("timeline_events"), TIMELINE_LABELS, TIMELINE_LANES)
    tl = milestones_finding(frame, PLAN_SIGNED)
    numbers = {f"tl_{k}": f"{v}" for k, v in tl.items()}
    flagged = frame[frame["flagged"]]
    numbers["tl_flagged_list"] = "; ".join(
        f"{r.label.removesuffix(' (flagged)')} ({r.tier})" for r in flagged.itertuples()
    )
    ally = alliance_finding(load_atop(), "BLR", "RUS")
    numbers.update({f"atop_{k}": f"{v}" for k, v in ally.items()})
    numbers.update(visit_numbers())
    return Section(
        numbers=numbers,
        figures={"mic-timeline": _milestones_chart(frame, tl["n_prior_ties"])},
        data={"milestones": frame},
    )
