"""Tidy loaders of the SIPRI datasets and WDI, checked against SOURCES.md sanity values."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from analysis.errors import LayoutError
from analysis.inputs.loaders import LOADERS
from analysis.inputs.loaders.sipri import (
    MILEX_FILE,
    MILEX_SHEETS,
    load_sipri_milex,
    parse_sipri_milex,
    sipri_milex_notes,
)
from analysis.inputs.loaders.sipri_arms import (
    REGISTER_FILE,
    TIV_FILES,
    load_sipri_arms_register,
    load_sipri_tiv,
    parse_sipri_arms_register,
    parse_sipri_tiv,
)
from analysis.inputs.loaders.wdi import load_wdi_milex_gdp


@pytest.fixture(scope="module")
def milex() -> pd.DataFrame:
    return load_sipri_milex()


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return load_sipri_arms_register()


@pytest.fixture(scope="module")
def tiv() -> pd.DataFrame:
    return load_sipri_tiv()


@pytest.fixture(scope="module")
def wdi() -> pd.DataFrame:
    return load_wdi_milex_gdp()


def _value(frame: pd.DataFrame, iso3: str, year: int, measure: str) -> float:
    row = frame[(frame["iso3"] == iso3) & (frame["year"] == year) & (frame["measure"] == measure)]
    assert len(row) == 1, (iso3, year, measure, len(row))
    return float(row["value"].iloc[0])


# --- sipri-milex ----------------------------------------------------------------------


def test_loaders_are_registered() -> None:
    expected = {
        "load_sipri_milex": "sipri-milex",
        "sipri_milex_notes": "sipri-milex",
        "load_sipri_arms_register": "sipri-arms-register",
        "load_sipri_tiv": "sipri-arms-tiv",
        "load_wdi_milex_gdp": "wdi-milex-gdp",
    }
    for name, dataset_id in expected.items():
        assert LOADERS[name].dataset_id == dataset_id
        assert LOADERS[name].doc


@pytest.mark.parametrize(
    ("iso3", "year", "share"),
    [
        ("BLR", 2014, 1.04),
        ("BLR", 2021, 1.37),
        ("BLR", 2024, 2.07),
        ("RUS", 2014, 4.11),
        ("RUS", 2021, 3.58),
        ("RUS", 2024, 7.05),
        ("UKR", 2014, 2.97),
        ("UKR", 2022, 25.64),
        ("UKR", 2024, 34.48),
    ],
)
def test_milex_share_of_gdp_in_percent(
    milex: pd.DataFrame, iso3: str, year: int, share: float
) -> None:
    assert _value(milex, iso3, year, "share_of_gdp") == pytest.approx(share, abs=0.005)


@pytest.mark.parametrize(("iso3", "value"), [("BLR", 1725.4), ("RUS", 150534.0), ("UKR", 66784.4)])
def test_milex_constant_usd_2024(milex: pd.DataFrame, iso3: str, value: float) -> None:
    assert _value(milex, iso3, 2024, "constant_2023_usd_m") == pytest.approx(value, abs=0.05)


def test_milex_placeholder_zeros_are_missing(milex: pd.DataFrame) -> None:
    cur = milex[milex["measure"] == "current_usd_m"].set_index(["country", "year"]).sort_index()
    for key in [("Belarus", 1992), ("Belarus", 1993), ("Belarus", 1994), ("Russia", 1992)]:
        assert np.isnan(cur.loc[key, "value"]), key
        assert cur.loc[key, "status"] == "missing", key
    assert cur.loc[("Belarus", 1995), "value"] == pytest.approx(179.08, abs=0.01)
    # Countries without armed forces keep their true zeros.
    assert cur.loc[("Costa Rica", 2020), "value"] == 0.0
    assert cur.loc[("Iceland", 2020), "value"] == 0.0
    assert not (
        (milex["measure"] == "current_usd_m") & (milex["value"] == 0) & (milex["iso3"] == "RUS")
    ).any()


def test_milex_layout(milex: pd.DataFrame) -> None:
    assert list(milex.columns) == [
        "iso3",
        "country",
        "year",
        "measure",
        "value",
        "unit",
        "status",
        "source",
    ]
    assert (
        set(milex["measure"])
        == {s.measure for s in MILEX_SHEETS}
        == {
            "constant_2023_usd_m",
            "current_usd_m",
            "share_of_gdp",
            "per_capita_usd",
            "share_of_govt_spending",
        }
    )
    assert milex.groupby("measure")["unit"].nunique().eq(1).all()
    assert _value(milex, "BLR", 2014, "share_of_govt_spending") == pytest.approx(26.8, abs=0.05)
    # Region headings are dropped; former states are kept with their ISO 3166-3 codes.
    assert not milex["country"].isin(["Europe", "Eastern Europe", "Africa", "Middle East"]).any()
    ussr = milex[
        (milex["country"] == "USSR") & (milex["measure"] == "constant_2023_usd_m")
    ].set_index("year")
    assert (ussr["iso3"] == "SUN").all()
    assert ussr.loc[1992, "status"] == "not_existing" and np.isnan(ussr.loc[1992, "value"])
    assert ussr.loc[1988, "value"] == pytest.approx(282701.4, abs=0.1)
    # Font colours: blue estimates and red uncertain figures are both present.
    assert {"ok", "estimate", "uncertain", "missing", "not_existing"} == set(milex["status"])
    per_capita = milex[milex["measure"] == "per_capita_usd"]
    assert per_capita["year"].min() == 1988
    assert milex[milex["country"] == "Russia"]["iso3"].eq("RUS").all()


def test_milex_font_colours(milex: pd.DataFrame) -> None:
    share = (
        milex[milex["measure"] == "share_of_gdp"]
        .set_index(["country", "year"])
        .sort_index()["status"]
    )
    assert share[("Belarus", 1995)] == "estimate"  # blue in the workbook
    assert share[("Belarus", 2014)] == "ok"
    assert share[("Russia", 2024)] == "estimate"
    assert (milex.loc[milex["status"].isin(["estimate", "uncertain", "ok"]), "value"].notna()).all()


def test_milex_notes() -> None:
    notes = sipri_milex_notes()
    ukraine = notes[notes["iso3"] == "UKR"]
    assert list(ukraine["marker"]) == ["84"]
    assert ukraine["text"].iloc[0].startswith("Ukraine:")
    libya = notes[notes["country"] == "Libya"]
    assert list(libya["marker"]) == ["‡", "§", "¶", "16"]


# --- layout errors name the dataset, the file and the sheet ---------------------------


@pytest.fixture(scope="module")
def milex_raw(mirror: Path) -> Path:
    return mirror / "sipri-milex" / MILEX_FILE


def test_milex_renamed_sheet_raises_layout_error(milex_raw: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(milex_raw)
    wb["Share of GDP"].title = "GDP share"
    broken = tmp_path / MILEX_FILE
    wb.save(broken)
    with pytest.raises(LayoutError, match="Share of GDP") as info:
        parse_sipri_milex(broken)
    assert "sipri-milex" in str(info.value)


def test_milex_missing_header_raises_layout_error(milex_raw: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(milex_raw)
    ws = wb["Current US$"]
    for row in ws.iter_rows(max_col=1):
        if row[0].value == "Country":
            row[0].value = "Nation"
    broken = tmp_path / MILEX_FILE
    wb.save(broken)
    with pytest.raises(LayoutError, match=r"sipri-milex.*Current US\$.*'Country'"):
        parse_sipri_milex(broken)


def _register_copy(mirror: Path, tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    lines = (
        (mirror / "sipri-arms-register" / REGISTER_FILE).read_text(encoding="ascii").splitlines()
    )
    out = tmp_path / REGISTER_FILE
    out.write_text("\r\n".join(edit(lines)) + "\r\n", encoding="ascii")
    return out


def test_register_missing_column_raises_layout_error(mirror: Path, tmp_path: Path) -> None:
    head = 11

    def drop_tiv(lines: list[str]) -> list[str]:
        kept = lines[:head]
        for line in lines[head:]:
            fields = line.rstrip(";").split(",")
            kept.append(",".join(fields[:15] + fields[16:]) + ";")
        return kept

    broken = _register_copy(mirror, tmp_path, drop_tiv)
    with pytest.raises(LayoutError, match="TIV delivery values") as info:
        parse_sipri_arms_register(broken)
    assert "sipri-arms-register" in str(info.value)


def test_register_header_found_by_content(mirror: Path, tmp_path: Path) -> None:
    shifted = _register_copy(mirror, tmp_path, lambda lines: ["extra preamble;", *lines])
    assert len(parse_sipri_arms_register(shifted)) == 25_024
    headless = _register_copy(mirror, tmp_path, lambda lines: lines[:11] + lines[12:])
    with pytest.raises(LayoutError, match="SIPRI AT Database ID"):
        parse_sipri_arms_register(headless)


def test_tiv_swapped_files_raise_layout_error(mirror: Path) -> None:
    imports, exports = (mirror / "sipri-arms-tiv" / f for f in TIV_FILES)
    with pytest.raises(LayoutError, match="sipri-arms-tiv"):
        parse_sipri_tiv(exports, imports)


# --- sipri-arms-register --------------------------------------------------------------


def test_register_layout(register: pd.DataFrame) -> None:
    assert len(register) == 25_024
    assert register["delivery_year"].between(1995, 2024).all()
    assert register["delivery_year"].max() == 2024
    assert str(register["order_year"].dtype) == "Int64"
    for col in ["order_year_estimate", "delivery_year_estimate", "numbers_estimate"]:
        assert str(register[col].dtype) == "boolean"
        assert register[col].any()
    assert register["local_production"].dtype == bool
    assert set(register["status"]) == {"New", "Second hand", "Second hand but modernized"}
    new = register[register["status"] == "New"]
    assert (new["tiv_unit_new"] == new["tiv_deal_unit"]).all()
    # Names that are not states do not crash and get no ISO3.
    unknown = register[register["supplier"] == "unknown supplier(s)"]
    assert len(unknown) and unknown["supplier_iso3"].isna().all()
    assert register.loc[register["recipient"].str.endswith("*"), "recipient_iso3"].isna().all()


@pytest.mark.parametrize(
    ("supplier", "recipient", "year", "tiv", "tol"),
    # SOURCES.md rounds: 333.0 is 332.96 in the register.
    [
        ("RUS", "BLR", 2019, 333.0, 0.05),
        ("RUS", "BLR", 2022, 208.1, 0.05),
        ("UKR", "BLR", 2006, 23.76, 0.005),
    ],
)
def test_register_dyad_tiv(
    register: pd.DataFrame, supplier: str, recipient: str, year: int, tiv: float, tol: float
) -> None:
    rows = register[
        (register["supplier_iso3"] == supplier)
        & (register["recipient_iso3"] == recipient)
        & (register["delivery_year"] == year)
    ]
    assert rows["tiv_delivery"].sum() == pytest.approx(tiv, abs=tol)


def test_register_no_belarus_to_ukraine(register: pd.DataFrame) -> None:
    assert not ((register["supplier_iso3"] == "BLR") & (register["recipient_iso3"] == "UKR")).any()
    assert ((register["supplier_iso3"] == "UKR") & (register["recipient_iso3"] == "BLR")).any()


def test_register_uae_has_iso3(register: pd.DataFrame) -> None:
    assert register.loc[register["recipient"] == "UAE", "recipient_iso3"].eq("ARE").all()


# --- sipri-arms-tiv -------------------------------------------------------------------


def test_tiv_layout(tiv: pd.DataFrame) -> None:
    assert set(tiv["flow"]) == {"imports", "exports"}
    assert tiv["year"].min() == 1950 and tiv["year"].max() == 2022
    assert not tiv["country"].str.lower().eq("total").any()
    assert (tiv["unit"] == "TIV m").all()
    assert (tiv.loc[tiv["no_deliveries"], "value"] == 0.0).all()
    exports = tiv[tiv["flow"] == "exports"].set_index(["country", "year"])["value"]
    assert exports[("Russia", 1992)] == 2596.0
    assert exports[("Soviet Union", 1991)] == 5649.0
    assert exports[("Belarus", 1993)] == 8.0
    # The Total column is not read as a year; yearly values add up to it (up to rounding).
    belarus = tiv[tiv["country"] == "Belarus"].groupby("flow")["value"].sum()
    assert belarus["imports"] == 1666.0 and belarus["exports"] == pytest.approx(3430, abs=2)


def test_tiv_covers_belarus_1992_94(tiv: pd.DataFrame) -> None:
    belarus = tiv[
        (tiv["iso3"] == "BLR") & (tiv["flow"] == "imports") & tiv["year"].between(1992, 1994)
    ]
    assert sorted(belarus["year"]) == [1992, 1993, 1994]
    assert belarus["no_deliveries"].all() and (belarus["value"] == 0.0).all()


# --- wdi-milex-gdp --------------------------------------------------------------------


def test_wdi_layout(wdi: pd.DataFrame) -> None:
    assert list(wdi.columns) == ["iso3", "country", "year", "value", "unit", "source"]
    assert {"WLD", "EUU", "BLR", "RUS", "UKR"} <= set(wdi["iso3"])
    assert wdi.set_index(["iso3", "year"]).loc[("UKR", 2022), "value"] == pytest.approx(
        25.64, abs=0.005
    )


@pytest.mark.parametrize("iso3", ["BLR", "RUS", "UKR"])
def test_sipri_share_matches_wdi(milex: pd.DataFrame, wdi: pd.DataFrame, iso3: str) -> None:
    sipri = milex[(milex["iso3"] == iso3) & (milex["measure"] == "share_of_gdp")].set_index("year")[
        "value"
    ]
    world_bank = wdi[wdi["iso3"] == iso3].set_index("year")["value"]
    both = pd.concat([sipri, world_bank], axis=1, keys=["sipri", "wdi"]).loc[1995:2023].dropna()
    assert len(both) >= 25
    assert (both["sipri"] - both["wdi"]).abs().max() < 0.05
