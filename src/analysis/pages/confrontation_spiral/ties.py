"""Page ``confrontation-spiral/ties``: trade, arms, alliances and the incidents of 2017.

Belarus-Ukraine trade on three bases (COW, UN Comtrade, officials' statements), the
SIPRI register's deliveries between the two, ATOP defence pacts, and the curated record
of 2017's incidents and statements.
"""

from __future__ import annotations

import pandas as pd

from analysis import charts
from analysis.charts.arms import flow_bars
from analysis.charts.style import TIER_SOURCED
from analysis.charts.tables import markdown_table
from analysis.charts.timeline import curated_source, event_timeline
from analysis.charts.trade import basis_points
from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import (
    load_atop,
    load_comtrade,
    load_cow_trade_dyadic,
    load_cow_trade_national,
    load_sipri_arms_register,
    load_sipri_tiv,
)
from analysis.metrics.alliances import defence_partners
from analysis.metrics.arms import (
    REGISTER_FIRST_YEAR,
    arms_between,
    arms_deals,
    arms_exports_by_recipient,
)
from analysis.metrics.timeline import (
    SEVERAL_STATES,
    incidents_data,
    incidents_findings,
    office,
    tier_status,
    who_spoke,
)
from analysis.metrics.trade import (
    COMTRADE_SERIES,
    COW_SERIES,
    bilateral_trade_frame,
    comtrade_flows_frame,
    pair_trade_finding,
    partner_shares_frame,
    trade_bases,
)
from analysis.pages import Section

#: Colour of each basis of the trade chart. Statements are not the countries themselves,
#: so they take Paul Tol's muted rose and sand, not the house colours of Belarus and Ukraine;
#: the datasets take grey and olive (not near-black, the USA's colour).
BASIS_COLOURS: dict[str, str] = {
    COW_SERIES: charts.NEUTRAL,
    COMTRADE_SERIES: "#999933",
    "Belarusian statements": "#CC6677",
    "Ukrainian statements": "#DDCC77",
}
#: Former Soviet republics: the only defence partners ATOP records for Belarus in 2017.
POST_SOVIET: frozenset[str] = frozenset(
    {"ARM", "AZE", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"}
)
#: Column names of the deals table.
DEAL_COLUMNS = {
    "designation": "Weapon",
    "description": "Type",
    "ordered": "Ordered",
    "delivered": "Delivered",
    "number": "Number",
    "tiv": "TIV m",
    "status": "Status",
}


def _pct(value: float, digits: int = 0) -> str:
    return f"{100 * value:.{digits}f}%"


def _trade_chart(series: pd.DataFrame) -> charts.ChartDisplay:
    cw = series[series["source"] == "cow-trade"].set_index("year")["value_bn"]
    ct = series[series["source"] == "comtrade-4yearly"].set_index("year")["value_bn"]
    st = series[
        series["series"].str.endswith("statements")
        & series["period_type"].eq("full_year")
        & series["tier_status"].eq(TIER_SOURCED)
    ]
    s17 = st[st["year"] == 2017]["value_bn"]
    peak = int(cw.idxmax())
    chart = basis_points(
        series,
        colours=BASIS_COLOURS,
        line_source="cow-trade",
        axis_title="Trade in goods, both ways (US$ bn, current)",
        years=(1992, 2020),
        rules=(2014, 2017),
        title=(
            f"Belarus-Ukraine trade peaked near ${cw[peak]:.1f} bn in {peak}, fell after 2014, "
            f"and officials of both sides put 2017 at ${s17.min():.1f}-{s17.max():.1f} bn"
        ),
        source=curated_source("trade_belarus_ukraine"),
        description=(
            "Chart of Belarus-Ukraine trade in goods, both directions, in current US$ billion, "
            f"1992 to 2019, on three bases: Correlates of War (line, to 2014; {cw[peak]:.2f} in "
            f"{peak}, {cw[2014]:.2f} in 2014), UN Comtrade every fourth year ("
            + ", ".join(f"{y}: {v:.2f}" for y, v in ct.items())
            + "), and full-year figures, forecasts and targets stated by Belarusian and "
            "Ukrainian officials to 2019 ("
            + ", ".join(
                f"{r.year}: {r.value_bn:.1f} ({r.series.split()[0]})" for r in st.itertuples()
            )
            + "); forecasts and targets are ringed; rings instead of dots mark unverified "
            "sources."
        ),
        note=(
            "The bases differ: COW sums each side's recorded imports, Comtrade each side's "
            "reported exports, and officials quote their own statistics. Grey circles: "
            "forecasts and targets, not outturns. Rings: tier C/W sources, unverified"
        ),
    )
    return charts.show(chart, "trade")


def trade() -> Section:
    """Belarus-Ukraine trade: COW's peak, the one-way flow, shares in 2014, and the chart."""
    dyadic = load_cow_trade_dyadic()
    cow = bilateral_trade_frame(dyadic, "BLR", "UKR", (1992, 2014))
    comtrade = comtrade_flows_frame(load_comtrade(), "BLR", "UKR")
    shares = partner_shares_frame(
        dyadic, load_cow_trade_national(), "BLR", ["RUS", "UKR"], (2010, 2014)
    )
    found = pair_trade_finding(cow, comtrade, shares)
    numbers = {
        "ct_exports": f"{found['ct_2016_exports_bn']:.2f}",
        "ct_imports": f"{found['ct_2016_imports_bn']:.2f}",
        "ct_ratio": f"{found['ct_2016_ratio']:.1f}",
        "cow_ratio": f"{found['cow_2014_ratio']:.1f}",
        "cow_peak": f"{found['cow_peak_bn']:.1f}",
        "cow_peak_year": found["cow_peak_year"],
        "share_ukr_2014": _pct(found["share_ukr_2014"], 1),
        "share_rus_2014": _pct(found["share_rus_2014"], 1),
    }
    series = trade_bases(cow, comtrade, load_curated("trade_belarus_ukraine"))
    series = series.assign(tier_status=tier_status(series["flagged"]))
    return Section(
        numbers=numbers, figures={"trade": _trade_chart(series)}, data={"series": series}
    )


def arms() -> Section:
    """SIPRI register deliveries between Ukraine and Belarus: the chart and the deals."""
    register, tiv = load_sipri_arms_register(), load_sipri_tiv()
    if not arms_deals(register, "BLR", "UKR").empty:
        raise ValueError("the text says Belarus delivered nothing to Ukraine: rewrite it")
    flows = arms_between(
        arms_exports_by_recipient("UKR", register=register, tiv=tiv),
        arms_exports_by_recipient("BLR", register=register, tiv=tiv),
        "UKR",
        "BLR",
    )
    deals = arms_deals(register, "UKR", "BLR")
    ub = flows[flows["supplier_iso3"] == "UKR"]
    bu = flows[flows["supplier_iso3"] == "BLR"]
    years = ub.loc[ub["tiv"] > 0, "year"].tolist()
    first, last = int(flows["year"].min()), int(flows["year"].max())
    none_text = (
        "Belarus to Ukraine: no delivery in any year"
        if bu["tiv"].sum() == 0
        else f"Belarus to Ukraine: {bu['tiv'].sum():.0f} TIV m"
    )
    chart = flow_bars(
        flows,
        first_year=REGISTER_FIRST_YEAR,
        label=none_text,
        label_iso3="BLR",
        title=(
            f"SIPRI records Ukrainian arms deliveries to Belarus in {len(years)} years "
            f"({ub['tiv'].sum():.0f} TIV m in all) and none from Belarus to Ukraine, "
            f"{first}-{last}"
        ),
        description=(
            "Bar chart of SIPRI trend-indicator values of major arms delivered between "
            f"Ukraine and Belarus, {first} to {last}. Ukraine to Belarus: "
            + ", ".join(f"{r.year}: {r.tiv:.2f}" for r in ub[ub["tiv"] > 0].itertuples())
            + f" (TIV m); Belarus to Ukraine: {bu['tiv'].sum():.0f} in every year."
        ),
        note="TIV measures military capability transferred, not price; major weapons only",
    )
    table = markdown_table(
        deals.rename(columns=DEAL_COLUMNS), align={"Number": "right", "TIV m": "right"}
    )
    return Section(
        numbers={"n_deals": len(deals)},
        figures={"arms": charts.show(chart, "arms")},
        table=table,
        data={"flows": flows, "deals": deals},
    )


def alliances(year: int = 2017) -> Section:
    """ATOP defence pacts of Ukraine and Belarus in ``year``."""
    atop = load_atop()
    blr = defence_partners(atop, "BLR", year)
    if "RUS" not in blr or not set(blr) <= POST_SOVIET:
        raise ValueError(
            "the text says Belarus's defence pacts are all with former Soviet republics, "
            f"Russia among them; ATOP has {blr}"
        )
    return Section(
        numbers={
            "n_pacts_ukr": len(defence_partners(atop, "UKR", year)),
            "n_pacts_blr": len(blr),
        }
    )


#: Colours of the incidents timeline: who acted.
ACTOR_COLOURS: dict[str, str] = {
    "Belarus": charts.PALETTE["BLR"],
    "Ukraine": charts.PALETTE["UKR"],
    "Russia": charts.PALETTE["RUS"],
    SEVERAL_STATES: "#3B3B3B",
}


#: Lanes of the incidents timeline: the office that spoke (:func:`office`), each lane
#: opened by the office's name as the chart's title gives it.
OFFICE_LANES: dict[str, str] = {
    "president": "president",
    "foreign minister": "foreign minister",
    "military": "military",
    "other": "other (cases)",
}


def incidents_lanes(data: pd.DataFrame) -> pd.DataFrame:
    """``data`` with ``office`` (the lane: who spoke, :data:`OFFICE_LANES`) added."""
    return data.assign(office=[OFFICE_LANES[office(a)] for a in data["actor"]])


def _incidents_chart(data: pd.DataFrame, voices: dict[str, str]) -> charts.ChartDisplay:
    """One lane per office that spoke, coloured by country, rings for tier C/W rows, bars
    for incidents that ran over weeks."""
    data = incidents_lanes(data)
    chart = event_timeline(
        data,
        row="office",
        rows=[lane for lane in OFFICE_LANES.values() if lane in set(data["office"])],
        date="start",
        end="end",
        colour="who",
        colours=ACTOR_COLOURS,
        colour_title="Country",
        tier="tier_status",
        stagger="who",
        marks={"2017-09-14": "Zapad-2017"},
        span=("2017-03-20", "2017-12-10"),
        date_format="%b %Y",
        tick_count="month",
        label_angle=-45,
        step=12,
        tooltips=[
            charts.tooltip("date_text", "Date"),
            charts.tooltip("actor", "Who"),
            charts.tooltip("office", "Office"),
            charts.tooltip("type", "Type"),
            charts.tooltip("summary", "What"),
            charts.tooltip("tier_status", "Source tier"),
            charts.tooltip("source_title", "Source"),
        ],
        title=(
            f"In the sourced 2017 record Belarus spoke through its {voices['Belarus']}, Ukraine "
            f"through its {voices['Ukraine']}, Russia through its {voices['Russia']}"
        ),
        source=curated_source("belarus_ukraine_incidents_statements"),
        description=(
            "Timeline, April to November 2017, of diplomatic incidents and of statements by "
            "presidents, defence and foreign ministries about Belarus-Ukraine relations, one row "
            "per office that spoke (president; foreign minister or ambassador; military; other), "
            "coloured by country; rings instead of dots mark unverified sources. "
            + " ".join(
                f"{r.date_text}: {r.actor}, {r.who} ({r.type}): {r.summary}."
                for r in data.itertuples()
            )
        ),
        note=(
            "Lanes: the office that spoke (foreign minister: or an ambassador; military: the "
            "defence ministry, the General Staff, officers), one line per country. Filled "
            "dots: tier A/B sources; rings: tier C/W "
            "sources, unverified. Bars: incidents that ran over weeks. Rows dated only to a "
            "year, or without a source URL, are left out"
        ),
    )
    return charts.show(chart, "incidents")


#: The Belarusian defence ministry's statement on the Russian units' return (zapad_claims).
BY_MOD_REBUTTAL = "zapad-2017-bymod-makarov-0"


def incidents() -> Section:
    """The curated record of 2017's incidents and statements, and its timeline."""
    rows = load_curated("belarus_ukraine_incidents_statements")
    found = incidents_findings(rows)
    data = incidents_data(rows)
    voices = who_spoke(data)
    if voices["Belarus"] != "president and foreign minister":
        raise ValueError(
            "the text says Belarus spoke through its president and foreign minister; "
            f"the record has {voices['Belarus']}"
        )
    rebuttal = load_curated("zapad_claims").set_index("fact_id").loc[BY_MOD_REBUTTAL]
    if rebuttal["source_tier"] not in ("A", "B") or rebuttal["claimant_iso3"] != "BLR":
        raise ValueError("the text cites a sourced Belarusian defence-ministry statement")
    return Section(
        numbers={
            "inc_rows": found["n_rows"],
            "inc_flagged": found["n_flagged"],
            "inc_left_out": found["n_left_out"],
            "bymod_date": pd.Timestamp(str(rebuttal["date_stated"])).strftime("%-d %B %Y"),
            "bymod_tier": str(rebuttal["source_tier"]),
        },
        figures={"incidents": _incidents_chart(data, voices)},
    )
