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

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.inputs.loaders import (
    load_comtrade,
    load_cow_trade_dyadic,
    load_cow_trade_national,
    load_eurostat_eu_belarus,
)

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
