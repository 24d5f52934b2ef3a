"""Loaders of the R-packaged, UN and trade datasets: sanity values and layout errors.

Sanity values are those of ``SOURCES.md``, checked against the raw files. Error paths
feed the plain ``parse_*`` functions broken copies written to ``tmp_path``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadr
import pytest

from analysis.errors import LayoutError
from analysis.inputs.loaders import LOADERS
from analysis.inputs.loaders._rdata import read_rda
from analysis.inputs.loaders.atop import load_atop
from analysis.inputs.loaders.comtrade import load_comtrade
from analysis.inputs.loaders.cow import (
    load_cow_nmc,
    load_cow_trade_dyadic,
    load_cow_trade_national,
    parse_cow_nmc,
    parse_cow_trade_dyadic,
)
from analysis.inputs.loaders.eurostat import load_eurostat_eu_belarus, parse_eurostat_eu_belarus
from analysis.inputs.loaders.icews import load_icews
from analysis.inputs.loaders.unvotes import (
    load_un_roll_call_issues,
    load_un_roll_calls,
    load_un_votes,
    load_unga_idealpoints,
    parse_unga_idealpoints,
)

EUROSTAT_XLSX = "eu_total_trade_4630244_spreadsheet.xlsx"


def _one(frame: pd.DataFrame, **where: object) -> pd.Series:
    """The single row of ``frame`` matching every column == value in ``where``."""
    mask = np.logical_and.reduce([frame[k] == v for k, v in where.items()])
    rows = frame[mask]
    assert len(rows) == 1, f"{len(rows)} rows match {where}"
    return rows.iloc[0]


# --- COW ---------------------------------------------------------------------------


def test_cow_nmc_belarus() -> None:
    nmc = load_cow_nmc()
    blr = nmc[nmc["iso3"] == "BLR"].set_index(["indicator", "year"])["value"]
    assert blr.loc["milex"].loc[2013:2015].isna().all()
    assert blr.loc[("milex", 2012)] == 552_000
    # SOURCES.md says 48 for 2016-2022; the raw file has 45 in 2018-2020.
    assert blr.loc["milper"].loc[[2016, 2017, 2021, 2022]].eq(48).all()
    assert blr.loc["milper"].loc[2018:2020].eq(45).all()
    units = nmc.drop_duplicates("indicator").set_index("indicator")["unit"]
    assert units["milex"] == "US$ thousand, current"
    assert units["milper"] == "thousand personnel"
    assert set(nmc["source"]) == {"cow-nmc"}


def test_cow_trade_dyadic_directed() -> None:
    trade = load_cow_trade_dyadic()
    ru_from_by = _one(trade, importer_iso3="RUS", exporter_iso3="BLR", year=2012)
    by_from_ru = _one(trade, importer_iso3="BLR", exporter_iso3="RUS", year=2012)
    assert ru_from_by["value"] == 13_383 and ru_from_by["importer_ccode"] == 365
    assert by_from_ru["value"] == 27_551 and by_from_ru["smoothed_value"] == 27_551
    assert trade["value"].isna().any() and not (trade["value"] == -9).any()


def test_cow_trade_national_belarus_2014() -> None:
    national = load_cow_trade_national()
    assert _one(national, iso3="BLR", year=2014, flow="imports")["value"] == pytest.approx(
        40_787.87, abs=0.01
    )
    assert _one(national, iso3="BLR", year=2014, flow="exports")["value"] == pytest.approx(
        36_358.31, abs=0.01
    )


# --- ATOP / ICEWS -----------------------------------------------------------------


def test_atop_belarus_russia_defence_pact() -> None:
    atop = load_atop()
    for a, b in (("BLR", "RUS"), ("RUS", "BLR")):
        dyad = atop[(atop["iso3_1"] == a) & (atop["iso3_2"] == b)].set_index("year")
        assert dyad.loc[1993:2018, "defense"].all() and len(dyad.loc[1993:2018]) == 26
        assert not dyad.loc[1992, "defense"]
    by_ua = atop[(atop["iso3_1"] == "BLR") & (atop["iso3_2"] == "UKR")]
    assert by_ua["nonagg"].all() and not by_ua["defense"].any()


def test_icews_belarus_to_ukraine_2014(mirror: Path) -> None:
    icews = load_icews()
    row = _one(icews, sender_iso3="BLR", target_iso3="UKR", year=2014)
    assert row[["verbCoop", "matlCoop", "verbConf", "matlConf"]].tolist() == [344, 17, 25, 25]
    assert (
        _one(icews, sender="Russian Federation", target="Ukraine", year=2014)["sender_iso3"]
        == "RUS"
    )
    # Our name mapping agrees with the ISO3 codes netify ships beside the names.
    raw = read_rda(mirror / "icews-dyadyear" / "icews.rda", "icews", ["i", "i_iso3c"])
    shipped = dict(zip(raw["i"], raw["i_iso3c"], strict=False))
    ours = icews.drop_duplicates("sender").set_index("sender")["sender_iso3"]
    assert ours.to_dict() == shipped


# --- UN votes and ideal points ------------------------------------------------------


def test_un_votes_crimea_resolution() -> None:
    votes = load_un_votes()
    crimea = votes[votes["rcid"] == 5309].set_index("iso3")["vote"]
    assert crimea[["BLR", "RUS", "UKR", "USA"]].tolist() == ["no", "no", "yes", "yes"]
    assert list(votes["vote"].cat.categories) == ["yes", "abstain", "no"]
    assert _one(votes, rcid=5309, iso3="BLR")["iso2"] == "BY"


def test_un_roll_calls_and_issues() -> None:
    calls = load_un_roll_calls()
    assert len(calls) == 6_203 and calls["rcid"].is_unique
    crimea = _one(calls, rcid=5309)
    assert crimea["date"] == pd.Timestamp("2014-03-27") and crimea["year"] == 2014
    assert crimea["unres"] == "R/68/262" and crimea["session"] == 68
    assert str(calls["importantvote"].dtype) == "boolean"
    issues = load_un_roll_call_issues()
    assert set(issues["short_name"]) == {"me", "nu", "di", "hr", "co", "ec"}
    assert set(issues["rcid"]) <= set(calls["rcid"])


def test_unga_idealpoints_session_69() -> None:
    ideal = load_unga_idealpoints()
    s69 = ideal[ideal["session"] == 69].set_index("iso3")
    assert (s69["year"] == 2014).all()
    expected = {"BLR": -0.312, "RUS": 0.071, "UKR": 1.050, "USA": 2.668}
    for iso3, value in expected.items():
        assert s69.loc[iso3, "ideal_point"] == pytest.approx(value, abs=0.001)
    assert (s69["q05"] <= s69["ideal_point"]).all() and (s69["ideal_point"] <= s69["q95"]).all()


# --- Comtrade / Eurostat -------------------------------------------------------------


def test_comtrade_sanity_and_unreported_zeros() -> None:
    trade = load_comtrade()
    assert _one(trade, exporter_iso3="BLR", importer_iso3="RUS", year=2016)["value"] == (
        10_567_673_856
    )
    assert _one(trade, exporter_iso3="BLR", importer_iso3="UKR", year=2016)["value"] == (
        2_833_022_976
    )
    ru_by = trade[(trade["exporter_iso3"] == "RUS") & (trade["importer_iso3"] == "BLR")]
    ru_by = ru_by.set_index("year")
    assert ru_by.loc[[2000, 2004, 2008], "value"].isna().all()
    assert ru_by.loc[[2000, 2004, 2008], "zero_as_missing"].all()
    assert ru_by.loc[2012, "value"] > 2e10
    assert ru_by.loc[2016, "agreement_name"] == "Eurasian Economic Union (EAEU)"
    assert (trade.loc[trade["zero_as_missing"], "value"].isna()).all()
    assert (trade["value"] == 0).any()  # genuine zeros are kept
    assert _one(trade, exporter="ROM", importer="RUS", year=2016)["exporter_iso3"] == "ROU"


def test_eurostat_eu_belarus() -> None:
    eu = load_eurostat_eu_belarus()
    assert set(zip(eu["product"], eu["flow"], strict=True)) == {
        ("TOTAL", "import"),
        ("TOTAL", "export"),
        ("HS27", "import"),
        ("HS27", "export"),
    }
    assert eu.loc[eu["period"] == "2022-12", "value"].isna().all()
    assert eu["reporter"].nunique() == 27 and eu["reporter_iso3"].notna().all()
    assert set(eu["partner_iso3"]) >= {"BLR", "RUS"}
    row = _one(
        eu,
        reporter_iso3="AUT",
        partner_iso3="BLR",
        period="2020-01",
        product="TOTAL",
        flow="import",
    )
    assert row["value"] == 3_415_213 and row["year"] == 2020 and row["month"] == 1
    assert (
        _one(
            eu,
            reporter_iso3="AUT",
            partner_iso3="BLR",
            period="2020-01",
            product="TOTAL",
            flow="export",
        )["value"]
        == 6_621_950
    )
    assert np.isnan(
        _one(
            eu,
            reporter_iso3="AUT",
            partner_iso3="BLR",
            period="2020-01",
            product="HS27",
            flow="import",
        )["value"]
    )


def test_loaders_registered() -> None:
    expected = {
        "load_cow_nmc": "cow-nmc",
        "load_cow_trade_dyadic": "cow-trade",
        "load_cow_trade_national": "cow-trade",
        "load_atop": "atop",
        "load_icews": "icews-dyadyear",
        "load_un_votes": "unvotes",
        "load_un_roll_calls": "unvotes",
        "load_un_roll_call_issues": "unvotes",
        "load_unga_idealpoints": "unga-idealpoints",
        "load_comtrade": "comtrade-4yearly",
        "load_eurostat_eu_belarus": "eurostat-eu-belarus",
    }
    for name, dataset_id in expected.items():
        assert LOADERS[name].dataset_id == dataset_id and LOADERS[name].doc


# --- Error paths ---------------------------------------------------------------------


def test_rda_missing_column_names_file(mirror: Path, tmp_path: Path) -> None:
    raw = read_rda(mirror / "cow-nmc" / "cow_nmc.rda", "cow_nmc", ["milex"])
    broken = tmp_path / "cow_nmc.rda"
    pyreadr.write_rdata(str(broken), raw.drop(columns=["milex"]), df_name="cow_nmc")
    with pytest.raises(LayoutError, match=r"cow_nmc\.rda.*milex"):
        parse_cow_nmc(broken)


def test_rda_missing_object_names_file(mirror: Path, tmp_path: Path) -> None:
    broken = tmp_path / "cow_trade_ndy.rda"
    pyreadr.write_rdata(str(broken), pd.DataFrame({"ccode1": [2.0]}), df_name="trade")
    with pytest.raises(LayoutError, match=r"cow_trade_ndy\.rda.*'cow_trade_ndy'"):
        parse_cow_trade_dyadic(broken)
    garbage = tmp_path / "cow_nmc.rda"
    garbage.write_bytes(b"not an R file")
    with pytest.raises(LayoutError, match=r"cow_nmc\.rda"):
        parse_cow_nmc(garbage)


def test_csv_missing_column_names_file(mirror: Path, tmp_path: Path) -> None:
    name = "IdealpointestimatesAll_Apr2020.csv"
    raw = pd.read_csv(mirror / "unga-idealpoints" / name, encoding="latin-1")
    broken = tmp_path / name
    raw.drop(columns=["IdealPoint"]).to_csv(broken, index=False, encoding="latin-1")
    with pytest.raises(LayoutError, match=rf"{name}.*IdealPoint"):
        parse_unga_idealpoints(broken)


@pytest.fixture(scope="module")
def eurostat_sheets(mirror: Path) -> dict[str, pd.DataFrame]:
    path = mirror / "eurostat-eu-belarus" / EUROSTAT_XLSX
    return pd.read_excel(path, sheet_name=None, header=None, engine="calamine")


def _write_book(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, header=False, index=False)


def test_xlsx_missing_sheet_names_file(
    eurostat_sheets: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    broken = tmp_path / EUROSTAT_XLSX
    _write_book({k: v for k, v in eurostat_sheets.items() if k != "Sheet 4"}, broken)
    with pytest.raises(LayoutError, match=rf"{EUROSTAT_XLSX}.*Sheet 4"):
        parse_eurostat_eu_belarus(broken)


def test_xlsx_labels_found_by_content(
    eurostat_sheets: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    """Shifting a sheet down changes nothing; losing its FLOW label is a named error."""
    shifted = dict(eurostat_sheets)
    pad = pd.DataFrame([[None] * shifted["Sheet 2"].shape[1]] * 3)
    shifted["Sheet 2"] = pd.concat([pad, shifted["Sheet 2"]], ignore_index=True)
    moved = tmp_path / "moved" / EUROSTAT_XLSX
    moved.parent.mkdir()
    _write_book(shifted, moved)
    parsed = parse_eurostat_eu_belarus(moved)
    assert len(parsed) == len(load_eurostat_eu_belarus())

    unlabelled = dict(eurostat_sheets)
    sheet3 = unlabelled["Sheet 3"].copy()
    sheet3.loc[sheet3[0] == "FLOW", 0] = None
    unlabelled["Sheet 3"] = sheet3
    broken = tmp_path / EUROSTAT_XLSX
    _write_book(unlabelled, broken)
    with pytest.raises(LayoutError, match=rf"{EUROSTAT_XLSX} \[Sheet 3\].*FLOW"):
        parse_eurostat_eu_belarus(broken)
