"""Metrics of arms transfers and trade, pinned to values read by hand from the raw files.

Hand checks (raw files of the mirror, read with csv / pyreadr / openpyxl, not the loaders):
- trade_register.csv: Russia -> Belarus TIV 332.96 (2019: Su-30MK 220 + 59N6 26 + engines
  0.96 + T-72B3 44 + Yak-130 42), 208.1 (2022); Ukraine -> Belarus 23.76 (2006), Russia
  116.0 (2006); no Belarus -> Ukraine row at all; Russia's 1995 exports 3,859.45;
  Belarus's suppliers are China, Iran, Russia, Ukraine only.
- TIV-Import table: Belarus empty 1992-1997, 333 in 2019; Russia 40 in 1992.
  TIV-Export table: Belarus 8 in 1993 (empty 1992, 1994), 159 in 2019; Russia 3,799 in 1995.
- cow_trade_ndy.rda 2012 (365, 370): flow1 13,383, flow2 27,551; cow_trade_sy.rda
  Belarus 2012 imports 46,404.3822, exports 46,027.5292; 2014 40,787.8698 / 36,358.3135.
- trade.rda: BLR -> RUS 2016 10,567,673,856; BLR -> UKR 2016 2,833,022,976; RUS -> BLR
  0 in 2000, 2004, 2008; UKR -> BLR 1996 7.2157e8 with no BLR -> UKR row that year.
- Eurostat "Sheet 3" (TOTAL IMPORT) 2021-01 Belarus: 27 reporters, 405,852,186 EUR;
  2022-11: 26 reporters (Netherlands ':'), 167,108,407; "Sheet 4" (TOTAL EXPORT) 2021-01:
  26 reporters (Malta ':'), 372,883,790; 2022-12 ':' throughout.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.inputs.loaders import (
    load_comtrade,
    load_cow_trade_dyadic,
    load_cow_trade_national,
    load_eurostat_eu_belarus,
    load_sipri_arms_register,
    load_sipri_tiv,
)
from analysis.metrics.arms import (
    OTHER_LABEL,
    TIV_TABLE_LABEL,
    arms_exports_by_recipient,
    arms_imports_by_supplier,
    compare_vintages,
    supplier_share,
    top_partners,
)
from analysis.metrics.trade import (
    bilateral_trade,
    bilateral_trade_frame,
    comtrade_flows,
    eu_trade_monthly,
    partner_shares,
)

PARTNER_COLUMNS = ["year", "supplier", "supplier_iso3", "tiv", "no_deliveries", "source"]


@pytest.fixture(scope="module")
def sipri() -> dict[str, pd.DataFrame]:
    return {"register": load_sipri_arms_register(), "tiv": load_sipri_tiv()}


@pytest.fixture(scope="module")
def blr_imports(sipri: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return arms_imports_by_supplier("BLR", **sipri)


@pytest.fixture(scope="module")
def blr_exports(sipri: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return arms_exports_by_recipient("BLR", **sipri)


def _tiv(frame: pd.DataFrame, year: int, partner_iso3: str, col: str = "supplier_iso3") -> float:
    row = frame[(frame["year"] == year) & (frame[col] == partner_iso3)]
    assert len(row) == 1, (year, partner_iso3, len(row))
    return float(row["tiv"].iloc[0])


# --- arms: register values ----------------------------------------------------------


def test_imports_columns_and_years(blr_imports: pd.DataFrame) -> None:
    assert list(blr_imports.columns) == PARTNER_COLUMNS
    assert blr_imports["year"].min() == 1992 and blr_imports["year"].max() == 2024
    assert set(blr_imports["year"]) == set(range(1992, 2025))


def test_russia_and_ukraine_to_belarus_pinned(blr_imports: pd.DataFrame) -> None:
    assert _tiv(blr_imports, 2019, "RUS") == pytest.approx(332.96)
    assert round(_tiv(blr_imports, 2019, "RUS"), 1) == 333.0
    assert _tiv(blr_imports, 2022, "RUS") == pytest.approx(208.1)
    assert _tiv(blr_imports, 2006, "UKR") == pytest.approx(23.76)
    assert _tiv(blr_imports, 2006, "RUS") == pytest.approx(116.0)


def test_register_rows_are_dense_over_suppliers(blr_imports: pd.DataFrame) -> None:
    reg = blr_imports[blr_imports["source"] == "sipri-arms-register"]
    assert set(reg["supplier_iso3"]) == {"CHN", "IRN", "RUS", "UKR"}
    assert (reg.groupby("year").size() == 4).all()
    none = reg[reg["no_deliveries"]]
    assert (none["tiv"] == 0).all()
    assert _tiv(blr_imports, 2019, "UKR") == 0.0


def test_no_belarus_to_ukraine_deliveries(
    sipri: dict[str, pd.DataFrame], blr_exports: pd.DataFrame
) -> None:
    assert not (blr_exports["recipient_iso3"] == "UKR").any()
    ukr = arms_imports_by_supplier("UKR", (1995, 2024), **sipri)
    assert not (ukr["supplier_iso3"] == "BLR").any()
    share = supplier_share(blr_exports, "UKR")
    reg = share[share["source"] == "sipri-arms-register"]
    assert len(reg) == 30 and (reg["from_supplier"] == 0).all()


def test_tiv_table_vintage_beside_register(sipri: dict[str, pd.DataFrame]) -> None:
    imp = compare_vintages(sipri["register"], sipri["tiv"], "BLR", "imports", (2019, 2019))
    assert imp.iloc[0]["tiv_table_total"] == 333.0
    assert imp.iloc[0]["register_total"] == pytest.approx(332.96)
    exp = compare_vintages(sipri["register"], sipri["tiv"], "RUS", "exports", (1995, 1995))
    assert exp.iloc[0]["tiv_table_total"] == 3799.0
    assert exp.iloc[0]["register_total"] == pytest.approx(3859.45)
    blr = compare_vintages(sipri["register"], sipri["tiv"], "BLR", "exports", (2019, 2019))
    assert blr.iloc[0]["tiv_table_total"] == 159.0
    assert blr.iloc[0]["register_total"] == pytest.approx(84.13)


# --- arms: the 1992-94 splice --------------------------------------------------------


def test_splice_1992_94_is_a_total_without_breakdown(blr_imports: pd.DataFrame) -> None:
    early = blr_imports[blr_imports["year"] < 1995]
    assert list(early["year"]) == [1992, 1993, 1994]
    assert (early["supplier"] == TIV_TABLE_LABEL).all()
    assert early["supplier_iso3"].isna().all()
    assert (early["source"] == "sipri-arms-tiv").all()
    assert (early["tiv"] == 0).all() and early["no_deliveries"].all()  # empty cells
    assert not (blr_imports.loc[blr_imports["year"] >= 1995, "source"] == "sipri-arms-tiv").any()


def test_splice_totals_match_raw_tiv_table(sipri: dict[str, pd.DataFrame]) -> None:
    rus = arms_imports_by_supplier("RUS", (1992, 1994), **sipri)
    assert list(rus["tiv"]) == [40.0, 0.0, 0.0]
    assert list(rus["no_deliveries"]) == [False, True, True]
    blr = arms_exports_by_recipient("BLR", (1992, 1994), **sipri)
    assert list(blr["recipient"]) == [TIV_TABLE_LABEL] * 3
    assert list(blr["tiv"]) == [0.0, 8.0, 0.0]


def test_supplier_share_in_splice_years(
    blr_imports: pd.DataFrame, blr_exports: pd.DataFrame
) -> None:
    share = supplier_share(blr_imports, "RUS").set_index("year")
    assert list(share.columns) == ["total", "from_supplier", "share", "source"]
    # Belarus's import cells are empty in 1992-94: no supplier delivered, Russia included.
    assert (share.loc[1992:1994, "from_supplier"] == 0).all()
    assert share.loc[1992:1994, "share"].isna().all()
    # Belarus exported 8 TIV m in 1993 to someone the table does not name.
    exp = supplier_share(blr_exports, "RUS").set_index("year")
    assert exp.loc[1993, "total"] == 8.0 and np.isnan(exp.loc[1993, "from_supplier"])
    assert np.isnan(exp.loc[1993, "share"])
    assert exp.loc[1992, "from_supplier"] == 0


def test_supplier_share_register_years(blr_imports: pd.DataFrame) -> None:
    share = supplier_share(blr_imports, "RUS").set_index("year")
    assert share.loc[2006, "total"] == pytest.approx(139.76)
    assert share.loc[2006, "share"] == pytest.approx(116.0 / 139.76)
    assert share.loc[2019, "share"] == 1.0
    assert share.loc[2024, "total"] == pytest.approx(150.5)  # + Iran 2.0
    assert share.loc[1996, "total"] == 0 and np.isnan(share.loc[1996, "share"])


def test_supplier_share_nan_when_total_zero() -> None:
    frame = pd.DataFrame(
        {
            "year": [2000, 2000, 2001, 2001],
            "supplier": ["Russia", "Ukraine", "Russia", "Ukraine"],
            "supplier_iso3": ["RUS", "UKR", "RUS", "UKR"],
            "tiv": [0.0, 0.0, 3.0, 1.0],
            "no_deliveries": [True, True, False, False],
            "source": ["sipri-arms-register"] * 4,
        }
    )
    out = supplier_share(frame, "RUS").set_index("year")
    assert np.isnan(out.loc[2000, "share"]) and out.loc[2000, "from_supplier"] == 0
    assert out.loc[2001, "share"] == 0.75


def test_top_partners_lumps_others() -> None:
    frame = pd.DataFrame(
        {
            "year": [1993, 2000, 2000, 2000, 2001, 2001, 2001],
            "recipient": [TIV_TABLE_LABEL, "A", "B", "C", "A", "B", "C"],
            "recipient_iso3": [None, "AAA", "BBB", "CCC", "AAA", "BBB", "CCC"],
            "tiv": [8.0, 5.0, 1.0, 2.0, 5.0, 0.0, 2.5],
            "no_deliveries": [False, False, False, False, False, True, False],
            "source": ["sipri-arms-tiv"] + ["sipri-arms-register"] * 6,
        }
    )
    out = top_partners(frame, 2)
    assert list(out.columns) == list(frame.columns)
    assert list(out["recipient"]) == [TIV_TABLE_LABEL, "A", "C", OTHER_LABEL, "A", "C", OTHER_LABEL]
    other = out[out["recipient"] == OTHER_LABEL]
    assert list(other["tiv"]) == [1.0, 0.0] and list(other["no_deliveries"]) == [False, True]
    assert other["recipient_iso3"].map(lambda v: v is None).all()
    assert out["tiv"].sum() == frame["tiv"].sum()


def test_top_partners_on_real_exports(blr_exports: pd.DataFrame) -> None:
    out = top_partners(blr_exports, 5)
    per_year = out.groupby("year")["tiv"].sum()
    assert per_year.to_numpy() == pytest.approx(blr_exports.groupby("year")["tiv"].sum().to_numpy())
    assert out["recipient"].nunique() == 7  # 5 + Other + TIV table


# --- trade: COW ------------------------------------------------------------------------


def test_cow_bilateral_2012() -> None:
    out = bilateral_trade("RUS", "BLR", (2012, 2012))
    row = out.iloc[0]
    assert row["imports_a_from_b"] == 13383.0  # Russia's imports from Belarus
    assert row["imports_b_from_a"] == 27551.0  # Belarus's imports from Russia
    assert row["total"] == 40934.0
    assert list(out.columns) == [
        "year",
        "a",
        "b",
        "imports_a_from_b",
        "imports_b_from_a",
        "total",
        "unit",
        "source",
    ]
    mirrored = bilateral_trade("BLR", "RUS", (2012, 2012)).iloc[0]
    assert mirrored["imports_a_from_b"] == 27551.0


def test_cow_total_is_nan_when_a_flow_is_missing() -> None:
    dyadic = pd.DataFrame(
        {
            "importer_iso3": ["AAA", "BBB", "AAA"],
            "exporter_iso3": ["BBB", "AAA", "BBB"],
            "year": [2000, 2000, 2001],
            "value": [1.0, np.nan, 2.0],
        }
    )
    out = bilateral_trade_frame(dyadic, "AAA", "BBB", (2000, 2001)).set_index("year")
    assert out["total"].isna().all()
    assert out.loc[2001, "imports_a_from_b"] == 2.0


def test_partner_shares_pinned() -> None:
    out = partner_shares("BLR", ["RUS", "UKR"], (2012, 2014))
    totals = out.drop_duplicates("year").set_index("year")["total_trade"]
    assert totals[2014] == pytest.approx(40787.8698 + 36358.3135)
    assert totals[2014] == pytest.approx(40787.87 + 36358.31, abs=0.01)
    rus = out[out["partner_iso3"] == "RUS"].set_index("year")
    assert rus.loc[2012, "imports_from"] == 27551.0 and rus.loc[2012, "exports_to"] == 13383.0
    assert rus.loc[2012, "share"] == pytest.approx(40934 / (46404.3822 + 46027.5292))
    assert set(out["partner_iso3"]) == {"RUS", "UKR"} and out["year"].max() == 2014


def test_national_totals_raw() -> None:
    national = load_cow_trade_national()
    blr = national[(national["iso3"] == "BLR") & (national["year"] == 2014)]
    values = blr.set_index("flow")["value"]
    assert round(values["imports"], 2) == 40787.87
    assert round(values["exports"], 2) == 36358.31
    assert len(load_cow_trade_dyadic()) > 0


# --- trade: Comtrade -----------------------------------------------------------------


def test_comtrade_pinned() -> None:
    comtrade = load_comtrade()
    rus = comtrade_flows("BLR", "RUS", comtrade=comtrade).set_index("year")
    assert rus.loc[2016, "exports_a_to_b"] == 10_567_673_856
    ukr = comtrade_flows("BLR", "UKR", comtrade=comtrade).set_index("year")
    assert ukr.loc[2016, "exports_a_to_b"] == 2_833_022_976
    assert list(rus.index) == [2000, 2004, 2008, 2012, 2016]


def test_comtrade_unreported_zeros_are_nan() -> None:
    rus = comtrade_flows("BLR", "RUS").set_index("year")
    early = rus.loc[[2000, 2004, 2008]]
    assert early["exports_b_to_a"].isna().all() and early["total"].isna().all()
    assert (early["status_b_to_a"] == "zero_as_missing").all()
    assert rus.loc[2012, "total"] == pytest.approx(
        rus.loc[2012, "exports_a_to_b"] + rus.loc[2012, "exports_b_to_a"]
    )
    ukr = comtrade_flows("BLR", "UKR").set_index("year")
    assert ukr.loc[1996, "status_a_to_b"] == "absent" and np.isnan(ukr.loc[1996, "total"])
    assert ukr.loc[1996, "status_b_to_a"] == "reported"


# --- trade: Eurostat ---------------------------------------------------------------


def test_eu_trade_monthly_pinned() -> None:
    out = eu_trade_monthly("BLR", eurostat=load_eurostat_eu_belarus())
    idx = out.set_index(["period", "flow"])
    assert idx.loc[("2021-01", "import"), "value"] == 405_852_186
    assert idx.loc[("2021-01", "import"), "n_reporters"] == 27
    assert bool(idx.loc[("2021-01", "import"), "complete"])
    assert idx.loc[("2021-01", "export"), "value"] == 372_883_790
    assert idx.loc[("2021-01", "export"), "missing_reporters"] == "MLT"
    assert idx.loc[("2022-11", "import"), "value"] == 167_108_407
    assert idx.loc[("2022-11", "import"), "missing_reporters"] == "NLD"
    dec = idx.loc[("2022-12", "import")]
    assert np.isnan(dec["value"]) and dec["n_reporters"] == 0
    assert (out["n_members"] == 27).all() and len(out) == 36 * 2


def test_eu_trade_monthly_fuels() -> None:
    out = eu_trade_monthly("BLR", "HS27").set_index(["period", "flow"])
    assert out.loc[("2021-01", "import"), "value"] == 108_179_607
    assert out.loc[("2021-01", "import"), "n_reporters"] == 13
