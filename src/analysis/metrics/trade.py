"""Merchandise trade between Belarus and its partners: COW, Comtrade and Eurostat.

Three sources, three coverages (see the loaders' docstrings):

* COW Trade v4.0 (``cow-trade``), yearly to **2014**, current US$ million.
  :func:`bilateral_trade` gives the two import flows of a pair; COW's dyadic table
  holds *imports only*, so "a's exports to b" is b's recorded imports from a (a mirror
  figure, CIF-valued). :func:`partner_shares` divides a partner's trade with a country by
  the country's total trade (COW national imports + exports).
* UN Comtrade every fourth year 1964-**2016** (``comtrade-4yearly``), US$.
  :func:`comtrade_flows` gives the exports each way; zeros the loader judged unreported
  (the Russia -> Belarus 0 of 2000-2008 above all) are NaN with status
  ``zero_as_missing``, and pair-years with no row at all are NaN with status ``absent``.
* Eurostat Comext monthly, 2020-01 to **2022-11** (``eurostat-eu-belarus``), EUR.
  :func:`eu_trade_monthly` sums the 27 member states' reported trade with a partner and
  says how many reported: a month with a missing member (``:``) is a lower bound.

Totals are NaN when a component is NaN: a missing flow is never counted as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.inputs.loaders import (
    load_comtrade,
    load_cow_trade_dyadic,
    load_cow_trade_national,
    load_eurostat_eu_belarus,
)
from analysis.metrics.groups import EU27, years_text

Years = tuple[int, int]
COW_UNIT = "US$ million, current"


def _imports(dyadic: pd.DataFrame, importer: str, exporter: str, years: Years) -> pd.Series:
    """COW imports of ``importer`` from ``exporter`` by year (US$ m)."""
    rows = dyadic[
        (dyadic["importer_iso3"] == importer)
        & (dyadic["exporter_iso3"] == exporter)
        & dyadic["year"].between(*years)
    ]
    return rows.groupby("year")["value"].sum(min_count=1)


def bilateral_trade_frame(dyadic: pd.DataFrame, a: str, b: str, years: Years) -> pd.DataFrame:
    """Pure core of :func:`bilateral_trade`, from the tidy COW dyadic table."""
    ab = _imports(dyadic, a, b, years).rename("imports_a_from_b")
    ba = _imports(dyadic, b, a, years).rename("imports_b_from_a")
    out = pd.concat([ab, ba], axis=1).sort_index().rename_axis("year").reset_index()
    out["total"] = out["imports_a_from_b"] + out["imports_b_from_a"]  # NaN if either is
    out.insert(1, "a", a)
    out.insert(2, "b", b)
    out["unit"] = COW_UNIT
    out["source"] = "cow-trade"
    return out.astype({"year": "int64"})


def bilateral_trade(
    a: str, b: str, years: Years = (1992, 2014), *, dyadic: pd.DataFrame | None = None
) -> pd.DataFrame:
    """COW yearly trade between ``a`` and ``b`` (ISO3), current US$ million.

    Columns: year, a, b, imports_a_from_b, imports_b_from_a, total (NaN when either
    flow is missing), unit, source. COW ends in 2014.
    """
    dyadic = load_cow_trade_dyadic() if dyadic is None else dyadic
    return bilateral_trade_frame(dyadic, a, b, years)


def partner_shares_frame(
    dyadic: pd.DataFrame,
    national: pd.DataFrame,
    country_iso3: str,
    partners: Iterable[str],
    years: Years,
) -> pd.DataFrame:
    """Pure core of :func:`partner_shares`, from the COW dyadic and national tables."""
    nat = national[(national["iso3"] == country_iso3) & national["year"].between(*years)]
    totals = nat.pivot_table(
        index="year", columns="flow", values="value", aggfunc="sum", dropna=False
    ).reindex(columns=["imports", "exports"])
    total = (totals["imports"] + totals["exports"]).rename("total_trade")
    frames = []
    for partner in partners:
        pair = bilateral_trade_frame(dyadic, country_iso3, partner, years)
        frames.append(
            pd.DataFrame(
                {
                    "year": pair["year"],
                    "country_iso3": country_iso3,
                    "partner_iso3": partner,
                    "imports_from": pair["imports_a_from_b"],
                    "exports_to": pair["imports_b_from_a"],
                    "trade": pair["total"],
                }
            )
        )
    cols = ["year", "country_iso3", "partner_iso3", "imports_from", "exports_to", "trade"]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    out = out.merge(total.reset_index(), on="year", how="left")
    out["share"] = out["trade"] / out["total_trade"].where(out["total_trade"] > 0)
    out["unit"] = COW_UNIT
    out["source"] = "cow-trade"
    return out


def partner_shares(
    country_iso3: str,
    partners: Iterable[str] = ("RUS", "UKR"),
    years: Years = (1992, 2014),
    *,
    dyadic: pd.DataFrame | None = None,
    national: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each partner's share of ``country_iso3``'s total trade (COW, to 2014).

    Columns: year, country_iso3, partner_iso3, imports_from, exports_to (the partner's
    recorded imports from the country), trade (their sum), total_trade (the country's
    national imports + exports), share (trade / total_trade, a fraction 0-1), unit,
    source. Numerator and denominator come from different COW tables, so a share is an
    approximation (mirror exports, CIF imports).
    """
    dyadic = load_cow_trade_dyadic() if dyadic is None else dyadic
    national = load_cow_trade_national() if national is None else national
    return partner_shares_frame(dyadic, national, country_iso3, partners, years)


def _status(rows: pd.DataFrame) -> pd.Series:
    status = np.where(rows["zero_as_missing"], "zero_as_missing", "reported")
    return pd.Series(status, index=rows.index)


def comtrade_flows_frame(comtrade: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Pure core of :func:`comtrade_flows`, from the tidy Comtrade table."""
    pieces = {}
    for label, exp, imp in (("a_to_b", a, b), ("b_to_a", b, a)):
        rows = comtrade[(comtrade["exporter_iso3"] == exp) & (comtrade["importer_iso3"] == imp)]
        pieces[label] = (
            pd.DataFrame(
                {
                    "year": rows["year"],
                    f"exports_{label}": rows["value"],
                    f"status_{label}": _status(rows),
                }
            )
            .groupby("year")
            .first()
        )
    out = pd.concat(pieces.values(), axis=1).sort_index().rename_axis("year").reset_index()
    for label in ("a_to_b", "b_to_a"):
        out[f"status_{label}"] = out[f"status_{label}"].fillna("absent")
        out[f"exports_{label}"] = out[f"exports_{label}"].astype("float64")
    out["total"] = out["exports_a_to_b"] + out["exports_b_to_a"]
    out.insert(1, "a", a)
    out.insert(2, "b", b)
    out["unit"] = "US$, current"
    out["source"] = "comtrade-4yearly"
    cols = [
        "year",
        "a",
        "b",
        "exports_a_to_b",
        "exports_b_to_a",
        "total",
        "status_a_to_b",
        "status_b_to_a",
        "unit",
        "source",
    ]
    return out.astype({"year": "int64"})[cols]


def comtrade_flows(a: str, b: str, *, comtrade: pd.DataFrame | None = None) -> pd.DataFrame:
    """Comtrade exports between ``a`` and ``b`` every fourth year to 2016 (US$).

    Columns: year, a, b, exports_a_to_b, exports_b_to_a, total (NaN unless both are
    known), status_a_to_b, status_b_to_a (``reported``, ``zero_as_missing``: a 0 the
    loader treats as unreported, value NaN; ``absent``: no row), unit, source. Years are
    those where either direction has a row.
    """
    comtrade = load_comtrade() if comtrade is None else comtrade
    return comtrade_flows_frame(comtrade, a, b)


def eu_trade_monthly_frame(
    eurostat: pd.DataFrame, partner_iso3: str = "BLR", product: str = "TOTAL"
) -> pd.DataFrame:
    """Pure core of :func:`eu_trade_monthly`, from the tidy Eurostat table."""
    rows = eurostat[
        (eurostat["partner_iso3"] == partner_iso3)
        & (eurostat["product"] == product)
        & (eurostat["reporter_iso3"] != "EU27")
    ]
    missing = (
        rows.loc[rows["value"].isna()]
        .groupby(["period", "flow"])["reporter_iso3"]
        .agg(lambda s: ";".join(sorted(s)))
    )
    out = rows.groupby(["period", "year", "month", "flow"], as_index=False).agg(
        value=("value", lambda s: s.sum(min_count=1)),
        n_reporters=("value", "count"),
        n_members=("reporter_iso3", "nunique"),
    )
    out["missing_reporters"] = (
        out.set_index(["period", "flow"]).index.map(missing).fillna("").astype(str)
    )
    out["complete"] = out["n_reporters"] == out["n_members"]
    out["partner_iso3"] = partner_iso3
    out["product"] = product
    out["unit"] = "EUR"
    out["source"] = "eurostat-eu-belarus"
    cols = [
        "period",
        "year",
        "month",
        "partner_iso3",
        "product",
        "flow",
        "value",
        "n_reporters",
        "n_members",
        "complete",
        "missing_reporters",
        "unit",
        "source",
    ]
    return out[cols].sort_values(["period", "flow"], ignore_index=True)


def eu_trade_monthly(
    partner_iso3: str = "BLR", product: str = "TOTAL", *, eurostat: pd.DataFrame | None = None
) -> pd.DataFrame:
    """EU-27 monthly imports from and exports to ``partner_iso3``, summed over members (EUR).

    ``flow`` is from the EU's side (``import`` = EU imports from the partner). Columns:
    period (YYYY-MM), year, month, partner_iso3, product (``TOTAL`` or ``HS27``), flow,
    value (sum of the reporting members; NaN when none reported, as in 2022-12),
    n_reporters (members with a value), n_members (27), complete, missing_reporters (ISO3
    codes joined by ``;``), unit, source. An incomplete month is a lower bound: e.g.
    2022-11 imports lack the Netherlands.
    """
    eurostat = load_eurostat_eu_belarus() if eurostat is None else eurostat
    return eu_trade_monthly_frame(eurostat, partner_iso3, product)


# --------------------------------------------------------------------------- partner groups

#: Partner groups of the trade-share charts: label -> ISO3 codes.
TRADE_GROUPS: dict[str, tuple[str, ...]] = {"Russia": ("RUS",), "Ukraine": ("UKR",), "EU-27": EU27}
#: Label of the remainder of :func:`with_rest_of_world`.
REST_OF_WORLD = "Rest of the world"


def _pct(value: float) -> float:
    """A fraction as a percentage rounded to one decimal."""
    return float(round(100.0 * value, 1))


def cow_group_shares(
    dyadic: pd.DataFrame,
    national: pd.DataFrame,
    country: str = "BLR",
    groups: Mapping[str, Sequence[str]] = TRADE_GROUPS,
    years: Years = (1992, 2014),
) -> pd.DataFrame:
    """Each partner group's share of ``country``'s total trade, COW (to 2014).

    Sums :func:`partner_shares_frame` over the members of each group (a member-year with
    no COW value counts as absent, noted in ``n_partners``). Columns: year, group, trade,
    total_trade (US$ m, current), share (0-1), n_partners, source.
    """
    mine = dyadic["importer_iso3"].eq(country) | dyadic["exporter_iso3"].eq(country)
    dyadic = dyadic[mine & dyadic["year"].between(*years)]  # same result, far fewer rows
    frames = []
    for label, members in groups.items():
        ps = partner_shares_frame(dyadic, national, country, members, years)
        g = (
            ps.groupby("year")
            .agg(
                trade=("trade", lambda s: s.sum(min_count=1)),
                n_partners=("trade", "count"),
                total_trade=("total_trade", "first"),
            )
            .reset_index()
        )
        g["group"] = label
        frames.append(g)
    out = pd.concat(frames, ignore_index=True)
    out["share"] = out["trade"] / out["total_trade"].where(out["total_trade"] > 0)
    out["source"] = "cow-trade"
    return out[["year", "group", "trade", "total_trade", "share", "n_partners", "source"]]


def comtrade_group_shares(
    comtrade: pd.DataFrame, country: str = "BLR", groups: Mapping[str, Sequence[str]] = TRADE_GROUPS
) -> pd.DataFrame:
    """Each partner group's share of ``country``'s trade in UN Comtrade (every 4th year).

    Trade = the country's exports to the group + the group's exports to the country (as
    reported; the loader's unreported zeros are NaN). The total is the same sum over all
    partners. A share is NaN when any flow between the country and the group is NaN
    (e.g. Russia -> Belarus 2000-08), since the total would then be understated too.
    Columns: year, group, trade, total_trade (US$ m, current), share, complete, source.
    """
    out_rows = []
    ex = comtrade[comtrade["exporter_iso3"] == country]
    im = comtrade[comtrade["importer_iso3"] == country]
    for year in sorted(set(ex["year"]) | set(im["year"])):
        e, i = ex[ex["year"] == year], im[im["year"] == year]
        total = (e["value"].sum() + i["value"].sum()) / 1e6
        for label, members in groups.items():
            ge = e[e["importer_iso3"].isin(members)]["value"]
            gi = i[i["exporter_iso3"].isin(members)]["value"]
            complete = bool(ge.notna().all() and gi.notna().all() and len(ge) and len(gi))
            trade_value = (ge.sum() + gi.sum()) / 1e6
            out_rows.append(
                {
                    "year": int(year),
                    "group": label,
                    "trade": round(trade_value, 3),
                    "total_trade": round(total, 3),
                    "complete": complete,
                    "share": trade_value / total if complete and total > 0 else np.nan,
                }
            )
    out = pd.DataFrame(out_rows)
    out["source"] = "comtrade-4yearly"
    return out[["year", "group", "trade", "total_trade", "share", "complete", "source"]]


def with_rest_of_world(frame: pd.DataFrame, label: str = REST_OF_WORLD) -> pd.DataFrame:
    """Append one ``label`` row per year: total trade minus the groups' trade.

    ``frame`` is :func:`cow_group_shares` or :func:`comtrade_group_shares` output. The
    rest is computed only for years in which every group has a share (NaN otherwise), so
    an unreported flow never inflates it, and it is NaN where the groups' trade exceeds
    the total (:func:`overflow_years`; COW 1994 for Belarus). Groups must not overlap.
    """
    rows = []
    for year, g in frame.groupby("year", sort=True):
        rest = g["total_trade"].iloc[0] - g["trade"].sum()
        known = bool(g["share"].notna().all() and rest >= 0)
        rest = rest if known else np.nan
        row = {
            "year": year,
            "group": label,
            "trade": rest,
            "total_trade": g["total_trade"].iloc[0],
            "share": rest / g["total_trade"].iloc[0] if known else np.nan,
            "source": g["source"].iloc[0],
        }
        if "n_partners" in frame.columns:
            row["n_partners"] = np.nan
        if "complete" in frame.columns:
            row["complete"] = bool(known)
        rows.append(row)
    return pd.concat([frame, pd.DataFrame(rows, columns=frame.columns)], ignore_index=True)


def overflow_years(frame: pd.DataFrame) -> list[int]:
    """Years in which the groups' trade exceeds the total (an inconsistency of the source)."""
    sums = frame.groupby("year").agg(trade=("trade", "sum"), total=("total_trade", "first"))
    return [int(y) for y in sums.index[sums["trade"] > sums["total"]]]


def pooled_share(frame: pd.DataFrame, group: str, years: Years) -> float:
    """Pooled share of ``group`` over ``years``: sum(trade) / sum(total_trade), rows with a
    known share only (NaN if none)."""
    rows = frame[(frame["group"] == group) & frame["year"].between(*years) & frame["share"].notna()]
    total = rows["total_trade"].sum()
    return float(rows["trade"].sum() / total) if len(rows) and total > 0 else float("nan")


def group_share(frame: pd.DataFrame, group: str, year: int) -> float:
    """``group``'s share (per cent, one decimal) in ``year``; NaN if unknown."""
    hit = frame[(frame["group"] == group) & (frame["year"] == year)]["share"]
    return _pct(float(hit.iloc[0])) if len(hit) and pd.notna(hit.iloc[0]) else float("nan")


def trade_finding(cow: pd.DataFrame, comtrade: pd.DataFrame, year: int = 2012) -> dict[str, object]:
    """Shares of a country's trade in ``year`` and after, from COW and Comtrade group
    shares (:func:`cow_group_shares`, :func:`comtrade_group_shares`). ``ct_total_*`` is
    the trade recorded in the Comtrade extract (a partial panel of partners, US$ bn);
    ``cow_total_2012`` COW's national total for ``year`` (US$ bn)."""

    def total(y: int) -> float:  # total trade in Comtrade, US$ million
        return float(comtrade.loc[comtrade["year"] == y, "total_trade"].iloc[0])

    later = year + 4
    rus = cow[cow["group"] == "Russia"].dropna(subset=["share"])
    hi, lo = rus.loc[rus["share"].idxmax()], rus.loc[rus["share"].idxmin()]
    last_cow = int(cow["year"].max())
    return {
        "cow_last": last_cow,
        "rus_2012": group_share(cow, "Russia", year),
        "eu_2012": group_share(cow, "EU-27", year),
        "ukr_2012": group_share(cow, "Ukraine", year),
        "rest_2012": group_share(with_rest_of_world(cow), REST_OF_WORLD, year),
        "cow_overflow_years": years_text(overflow_years(cow)),
        "ct_rest_2016": group_share(with_rest_of_world(comtrade), REST_OF_WORLD, later),
        "rus_last": group_share(cow, "Russia", last_cow),
        "eu_last": group_share(cow, "EU-27", last_cow),
        "rus_mean": _pct(pooled_share(cow, "Russia", (1992, last_cow))),
        "rus_max": _pct(float(hi["share"])),
        "rus_max_year": int(hi["year"]),
        "rus_min": _pct(float(lo["share"])),
        "rus_min_year": int(lo["year"]),
        "ct_rus_2012": group_share(comtrade, "Russia", year),
        "ct_rus_2016": group_share(comtrade, "Russia", later),
        "ct_eu_2012": group_share(comtrade, "EU-27", year),
        "ct_eu_2016": group_share(comtrade, "EU-27", later),
        "ct_ukr_2012": group_share(comtrade, "Ukraine", year),
        "ct_ukr_2016": group_share(comtrade, "Ukraine", later),
        "ct_total_2012": round(total(year) / 1e3, 1),
        "ct_total_2016": round(total(later) / 1e3, 1),
        "cow_total_2012": round(
            float(cow.loc[cow["year"] == year, "total_trade"].iloc[0]) / 1e3, 1
        ),
    }


def exports_own_and_mirror(
    comtrade: pd.DataFrame, dyadic: pd.DataFrame, exporter: str, importer: str, year: int
) -> tuple[float, float]:
    """``exporter``'s exports to ``importer`` in ``year`` in US$ bn: as the exporter
    declared them (Comtrade) and as the importer recorded them (COW's mirror imports)."""
    own = comtrade[
        (comtrade["year"] == year)
        & (comtrade["exporter_iso3"] == exporter)
        & (comtrade["importer_iso3"] == importer)
    ]["value"].sum()
    mirror = dyadic[
        (dyadic["year"] == year)
        & (dyadic["exporter_iso3"] == exporter)
        & (dyadic["importer_iso3"] == importer)
    ]["value"].sum()
    return float(own / 1e9), float(mirror / 1e3)


# --------------------------------------------------------------------------- EU monthly

#: Flow labels of the EU's monthly trade with a partner.
EU_FLOWS: dict[str, str] = {"import": "EU imports from Belarus", "export": "EU exports to Belarus"}


def eu_monthly_frame(monthly: pd.DataFrame) -> pd.DataFrame:
    """:func:`eu_trade_monthly` for a line chart: months no member reported dropped.

    Columns: date (first of month, ISO text), period, flow_label, value_m (EUR m),
    complete, missing_reporters ("none" when complete), n_reporters, source.
    """
    rows = monthly.dropna(subset=["value"]).copy()
    rows["date"] = rows["period"] + "-01"
    rows["flow_label"] = rows["flow"].map(EU_FLOWS)
    rows["value_m"] = (rows["value"] / 1e6).round(1)
    rows["missing_reporters"] = rows["missing_reporters"].replace("", "none")
    cols = ["date", "period", "flow_label", "value_m", "complete", "missing_reporters"]
    cols += ["n_reporters", *(["source"] if "source" in rows.columns else [])]
    return rows[cols].reset_index(drop=True)


def eu_monthly_finding(
    frame: pd.DataFrame, monthly: pd.DataFrame, base: str = "2021"
) -> dict[str, Any]:
    """EU imports from and exports to the partner: mean of ``base`` year's months against
    the last three reported months and against the reported months of the last year
    (``last_year``, ``year_from`` to ``year_to``; EUR m, change in per cent), incomplete
    and dropped months."""
    imp = frame[frame["flow_label"] == EU_FLOWS["import"]].sort_values("period")
    exp = frame[frame["flow_label"] == EU_FLOWS["export"]].sort_values("period")
    imp_base = imp[imp["period"].str.startswith(base)]["value_m"].mean()
    last3 = imp.tail(3)
    recent = last3["value_m"].mean()
    exp_base = exp[exp["period"].str.startswith(base)]["value_m"].mean()
    exp_recent = exp.tail(3)["value_m"].mean()
    dropped = sorted(set(monthly["period"]) - set(frame["period"]))
    last_year = str(imp["period"].iloc[-1])[:4]
    imp_year = imp[imp["period"].str.startswith(last_year)]
    exp_year = exp[exp["period"].str.startswith(last_year)]
    return {
        "last_year": last_year,
        "year_from": str(imp_year["period"].iloc[0]),
        "year_to": str(imp_year["period"].iloc[-1]),
        "imp_year_mean": round(float(imp_year["value_m"].mean()), 0),
        "imp_year_change": round(float(100 * (imp_year["value_m"].mean() / imp_base - 1)), 1),
        "exp_year_change": round(float(100 * (exp_year["value_m"].mean() / exp_base - 1)), 1),
        "imp_2021_mean": round(float(imp_base), 0),
        "imp_recent_mean": round(float(recent), 0),
        "recent_from": str(last3["period"].iloc[0]),
        "recent_to": str(last3["period"].iloc[-1]),
        "imp_change": round(float(100 * (recent / imp_base - 1)), 1),
        "exp_2021_mean": round(float(exp_base), 0),
        "exp_recent_mean": round(float(exp_recent), 0),
        "exp_change": round(float(100 * (exp_recent / exp_base - 1)), 1),
        "n_incomplete": int((~frame["complete"]).sum()),
        "n_rows": len(frame),
        "dropped_months": ", ".join(dropped),
    }


# --------------------------------------------------------------------------- bases of a pair

#: Series of :func:`trade_bases` that come from datasets.
COW_SERIES = "COW (imports recorded)"
COMTRADE_SERIES = "UN Comtrade (exports reported)"


def _dataset_series(years: pd.Series, values: pd.Series, series: str, source: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": years,
            "value_bn": values,
            "series": series,
            "basis": "dataset",
            "period_type": "full_year",
            "flagged": False,
            "label": "COW v4.0" if source == "cow-trade" else "UN Comtrade",
            "source": source,
        }
    )


def trade_bases(
    cow: pd.DataFrame, comtrade: pd.DataFrame, statements: pd.DataFrame, partner: str = "UKR"
) -> pd.DataFrame:
    """A pair's trade on three bases, in US$ billion, long.

    ``cow`` is :func:`bilateral_trade_frame`, ``comtrade`` :func:`comtrade_flows_frame`,
    ``statements`` a curated trade table (e.g. ``trade_belarus_ukraine``), of which the
    turnover rows with ``partner`` (full year, forecast, target or "current", US$ bn,
    with a URL) are kept; Ukrainian-basis figures and the rest are told apart. Columns:
    year, value_bn, series, basis, period_type, flagged (tier C/W), label, source.
    """
    c = cow.dropna(subset=["total"])
    t = comtrade.dropna(subset=["total"])
    s = statements[
        statements["flow"].isin(["turnover", "turnover target"])
        & statements["partner_iso3"].eq(partner)
        & statements["period_type"].isin(["full_year", "forecast", "target", "current"])
        & statements["unit"].eq("USD billion")
        & ~statements["url_missing"].astype(bool)
    ]
    ukrainian = s["basis"].fillna("").str.contains("Ukrainian")
    stated = pd.DataFrame(
        {
            "year": s["year"].astype("int64"),
            "value_bn": s["value"].astype("float64"),
            "series": np.where(ukrainian, "Ukrainian statements", "Belarusian statements"),
            "basis": s["basis"],
            "period_type": s["period_type"],
            "flagged": s["flagged"].astype(bool),
            "label": s["stated_by"].fillna("") + " (" + s["value_text"] + ")",
            "source": "curated:" + s["fact_id"],
        }
    )
    parts = [
        _dataset_series(c["year"], c["total"] / 1000, COW_SERIES, "cow-trade"),
        _dataset_series(t["year"], t["total"] / 1e9, COMTRADE_SERIES, "comtrade-4yearly"),
        stated,
    ]
    out = pd.concat(parts, ignore_index=True)
    out["value_bn"] = out["value_bn"].round(3)
    return out.astype({"year": "int64"})


def pair_trade_finding(
    cow: pd.DataFrame, comtrade: pd.DataFrame, shares: pd.DataFrame, ct_year: int = 2016
) -> dict[str, Any]:
    """A pair's trade: a's exports to b over its imports from b (Comtrade ``ct_year``,
    COW's last year 2014), the Comtrade flows (US$ bn), COW's peak, and Ukraine's and
    Russia's shares of a's trade in 2014 (``shares``: :func:`partner_shares_frame`)."""
    ct = comtrade.set_index("year")
    cw = cow.set_index("year")
    sh = shares.set_index(["partner_iso3", "year"])["share"]
    return {
        "ct_2016_exports_bn": float(ct.loc[ct_year, "exports_a_to_b"] / 1e9),
        "ct_2016_imports_bn": float(ct.loc[ct_year, "exports_b_to_a"] / 1e9),
        "ct_2016_ratio": float(
            ct.loc[ct_year, "exports_a_to_b"] / ct.loc[ct_year, "exports_b_to_a"]
        ),
        "cow_2014_ratio": float(
            cw.loc[2014, "imports_b_from_a"] / cw.loc[2014, "imports_a_from_b"]
        ),
        "cow_peak_bn": float(cw["total"].max() / 1000),
        "cow_peak_year": int(cw["total"].idxmax()),
        "share_ukr_2014": float(sh.loc[("UKR", 2014)]),
        "share_rus_2014": float(sh.loc[("RUS", 2014)]),
    }
