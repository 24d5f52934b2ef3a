"""Page ``mic-bridge/arms-dependence``: what SIPRI can and cannot see.

Belarus's arms imports by supplier and exports by recipient (SIPRI's register spliced
with its TIV tables, :mod:`analysis.metrics.arms`) around the 2012-2015 action plan
(:data:`analysis.config.PLAN_YEARS`, windows :data:`~analysis.config.ARMS_BEFORE` and
:data:`~analysis.config.ARMS_AFTER`), and the industry's own figures from the curated table.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from analysis import charts
from analysis.charts.arms import period_bars, supplier_bars
from analysis.config import ARMS_AFTER, ARMS_BEFORE, PLAN_YEARS
from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import load_sipri_arms_register, load_sipri_tiv
from analysis.metrics import arms
from analysis.pages import Section

#: Label of SIPRI's TIV-table rows (1992-94: totals without partner breakdown).
TIV_TABLE_DISPLAY = "Total, no supplier breakdown (TIV table)"
#: Periods of the exports chart: long before the plan, up to it, its years, after it.
EXPORT_PERIODS: tuple[tuple[int, int], ...] = ((1995, 2004), ARMS_BEFORE, PLAN_YEARS, ARMS_AFTER)
#: Groups of the exports chart and their colours.
WEST_GROUP = "EU-27 / NATO member (2024)"
EXPORT_GROUPS = {
    "Russia": charts.PALETTE["RUS"],
    WEST_GROUP: "#AA4499",  # a group, not a country: Tol's muted purple
    "Other recipients": charts.NEUTRAL,
}
#: Curated facts the page quotes (tier A/B only).
FACTS = {
    "gkvp_2004": "di-goskomvoenprom-organisations-exports-goods-services-2004",
    "gkvp_2017": "di-goskomvoenprom-organisations-exports-goods-services-2017",
    "mutual_2018": "di-belarus-russia-mutual-trade-military-2018",
    "order_share_2014": "di-belarus-russia-share-russias-state-2014",
}
_AFTER = f"{ARMS_AFTER[0]}-{ARMS_AFTER[1]}"


@cache
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_sipri_arms_register(), load_sipri_tiv()


def imports() -> Section:
    """Russia's share of Belarus's arms imports around the plan, and the supplier chart."""
    register, tiv = _tables()
    frame = arms.arms_imports_by_supplier("BLR", (1992, 2024), register=register, tiv=tiv)
    f = arms.imports_finding(frame)
    if not f["tiv_table_all_empty"]:
        raise ValueError("SIPRI now records 1992-94 deliveries to Belarus: rewrite the text")
    numbers: dict[str, str] = {}
    for key in ("first_year", "last_year", "tiv_table_years", "peak_year"):
        numbers[f"imp_{key}"] = f"{f[key]}"
    for key in ("rus_share_all", "rus_share_before", "rus_share_plan", "rus_share_after"):
        numbers[f"imp_{key}"] = f"{f[key]:.1f}"
    for key in ("total_all", "total_before", "total_after", "peak_tiv", "west_tiv"):
        numbers[f"imp_{key}"] = f"{f[key]:,.0f}"
    for key in ("per_year_before", "per_year_plan", "per_year_after"):
        numbers[f"imp_{key}"] = f"{f[key]:,.0f}"
    others = [s for s in f["suppliers_after"] if s != "Russia"]
    numbers["imp_others_after"] = ", ".join(others)
    numbers["imp_n_others_after"] = f"{len(others)}"
    numbers["arms_before"] = f"{ARMS_BEFORE[0]}-{ARMS_BEFORE[1]}"
    numbers["arms_after"] = _AFTER
    numbers["arms_plan"] = f"{PLAN_YEARS[0]}-{PLAN_YEARS[1]}"
    numbers["arms_after_start"] = f"{ARMS_AFTER[0]}"
    numbers["arms_before_end"] = f"{ARMS_BEFORE[1]}"

    years = (1992, int(f["last_year"]))
    chart = supplier_bars(
        arms.stacked_partners(frame, n=2, tiv_label=TIV_TABLE_DISPLAY),
        arms.supplier_share(frame),
        years=years,
        share_partner="Russia",
        colours={TIV_TABLE_DISPLAY: "#BBBBBB"},
        band=PLAN_YEARS,
        band_label=f"{PLAN_YEARS[0]}-{str(PLAN_YEARS[1])[2:]} action plan",
        title=(
            f"Russia supplied {f['rus_share_all']}% of the major arms Belarus imported in "
            f"{f['first_year']}-{f['last_year']}, and {f['rus_share_after']}% in {_AFTER}"
        ),
        description=(
            f"Stacked bars of Belarus's imports of major arms by supplier, {years[0]}-"
            f"{years[1]}, in SIPRI trend-indicator values (TIV), with a strip of Russia's "
            f"share of each year's deliveries below and the {PLAN_YEARS[0]}-{PLAN_YEARS[1]} action "
            "plan shaded. "
            f"Russia supplied {f['rus_share_all']}% of all TIV delivered {f['first_year']}-"
            f"{f['last_year']}, {f['rus_share_plan']}% during the plan years and "
            f"{f['rus_share_after']}% in {_AFTER}. Deliveries peaked in {f['peak_year']} at "
            f"{f['peak_tiv']} TIV m. SIPRI's TIV table records no deliveries to Belarus in "
            f"{f['tiv_table_years']}."
        ),
        note=(
            "TIV measures military capability transferred, not money; major weapons only, so "
            f"components and parts are invisible. {f['tiv_table_years']}: TIV table totals "
            "(no supplier breakdown); SIPRI records no deliveries in those years"
        ),
    )
    return Section(
        numbers=numbers,
        figures={"mic-arms-imports": charts.show(chart, "mic-arms-imports")},
        data={"finding": f, "imports": frame},
    )


def _sourced_fact(industry: pd.DataFrame, fact_id: str) -> pd.Series:
    row = industry.loc[fact_id]
    if row["source_tier"] not in ("A", "B"):
        raise ValueError(f"{fact_id} is flagged (tier {row['source_tier']}): not evidence")
    return row


def _exports_chart(frame: pd.DataFrame, f: dict[str, Any]) -> charts.ChartDisplay:
    frame = frame.assign(
        group=np.where(
            frame["west"],
            WEST_GROUP,
            np.where(frame["recipient_iso3"].eq("RUS"), "Russia", "Other recipients"),
        )
    )
    periods = [f"{a}-{b}" for a, b in EXPORT_PERIODS]
    chart = period_bars(
        frame,
        periods=periods,
        groups=EXPORT_GROUPS,
        zero_text="none recorded",
        zero_group="Russia",
        title=(
            f"SIPRI records no major arms delivered by Belarus to Russia in "
            f"{f['first_year']}-{f['last_year']}; from {ARMS_AFTER[0]} its "
            f"{f['n_recipients_after']} buyers included no EU or NATO state"
        ),
        description=(
            f"Bar chart in {len(periods)} panels ({', '.join(periods)}) of Belarus's exports of major "
            f"arms by recipient, in SIPRI TIV. Of {f['total_all']} TIV m delivered "
            f"{f['first_year']}-{f['last_year']}, {f['rus_tiv']} went to Russia. In {_AFTER} "
            "the largest recipients were "
            + ", ".join(
                f"{n} ({v})" for n, v in zip(f["top_after"], f["top_after_tiv"], strict=True)
            )
            + f"; EU-27 or NATO members received {f['west_tiv_after']} TIV m in {_AFTER}. "
            "Values: "
            + "; ".join(f"{r.recipient} {r.period}: {r.tiv}" for r in frame.itertuples())
            + "."
        ),
        note=(
            "The largest recipients by total TIV, EU-27 or NATO members and Russia; "
            "the rest as Other. Components, parts and services, which Belarusian plants sell "
            "to Russia, are outside SIPRI's scope"
        ),
    )
    return charts.show(chart, "mic-arms-exports")


def exports() -> Section:
    """Belarus's arms exports by recipient and period, the West's share, and the
    industry's own money figures (curated, tier B)."""
    register, tiv = _tables()
    frame = arms.arms_exports_by_recipient("BLR", (1992, 2024), register=register, tiv=tiv)
    f = arms.exports_finding(frame)
    if f["rus_tiv"] != 0:
        raise ValueError("SIPRI now records a delivery to Russia: rewrite the text")
    numbers: dict[str, str] = {}
    for key in ("first_year", "last_year", "n_recipients_after"):
        numbers[f"exp_{key}"] = f"{f[key]}"
    for key in ("total_all", "total_before", "total_after", "rus_tiv", "west_tiv_before"):
        numbers[f"exp_{key}"] = f"{f[key]:,.0f}"
    numbers["exp_west_tiv_after"] = f"{f['west_tiv_after']:,.0f}"
    numbers["exp_west_names"] = ", ".join(f["west_recipients"]) or "none"
    west_rows = arms.deliveries_to(register, "BLR", arms.WEST)
    numbers["exp_west_what"] = "; ".join(
        f"{r.status.lower()} {r.designation} {r.description}s delivered in {r.delivery_year}"
        for r in west_rows.itertuples()
    )
    numbers["exp_top_after"] = ", ".join(
        f"{n} ({v:,.0f})" for n, v in zip(f["top_after"], f["top_after_tiv"], strict=True)
    )
    new = [n for n in f["new_recipients_after"] if not n.endswith("*")]
    numbers["exp_n_new"] = f"{len(f['new_recipients_after'])}"
    numbers["exp_new"] = ", ".join(new)

    industry = load_curated("defence_industry").set_index("fact_id")
    facts = {key: _sourced_fact(industry, fact_id) for key, fact_id in FACTS.items()}
    numbers["gkvp_2004"] = f"{facts['gkvp_2004']['value']:,.1f}"
    numbers["gkvp_2017"] = f"{facts['gkvp_2017']['value']:,.0f}"
    numbers["mutual_2018"] = f"{facts['mutual_2018']['value']:,.0f}"
    numbers["order_share_2014"] = f"{facts['order_share_2014']['value']:.0f}"

    by_period = arms.partners_by_period(frame, EXPORT_PERIODS)
    return Section(
        numbers=numbers,
        figures={"mic-arms-exports": _exports_chart(by_period, f)},
        data={"finding": f, "exports": frame},
    )
