"""Findings of ``analysis.metrics.milex``: indices, missing years, plan and personnel numbers.

Toy frames worked out by hand; one test pins the mic-bridge numbers to the raw SIPRI
workbook, sheet "Constant (2023) US$": Belarus 2012 734.73, 2015 703.91 (-4.20 %); Russia
2012 62,160.77, 2015 75,301.20 (+21.14 %). "Share of GDP": Belarus 0.01229 (2012), 0.01042
(2014); Russia 0.03689 (2012).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.config import REGION
from analysis.metrics import groups, milex


def _panel(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "iso3": i,
                "country": {"BLR": "Belarus", "RUS": "Russia", "UKR": "Ukraine"}[i],
                "year": y,
                "measure": m,
                "value": v,
                "unit": "u",
                "status": s,
                "source": "sipri-milex",
            }
            for i, y, m, v, s in rows
        ]
    )


def _triangle() -> pd.DataFrame:
    values = {  # (constant US$ m, % of GDP) in 2013, 2017, 2024
        "BLR": [(700, 1.3), (800, 1.4), (1600, 2.0)],
        "RUS": [(60000, 3.9), (60000, 4.2), (120000, 7.0)],
        "UKR": [(4000, 2.4), (5000, 3.2), (70000, 34.0)],
    }
    rows = []
    for iso3, series in values.items():
        status = "estimate" if iso3 == "UKR" else "ok"
        for year, (usd, share) in zip((2013, 2017, 2024), series, strict=True):
            rows.append((iso3, year, "constant_2023_usd_m", float(usd), status))
            rows.append((iso3, year, "share_of_gdp", share, status))
    rows.append(("BLR", 1992, "share_of_gdp", np.nan, "missing"))
    return _panel(rows)


def test_measure_rows_drop_missing_and_copy() -> None:
    panel = _triangle()
    rows = milex.measure_rows(panel, "share_of_gdp")
    assert len(rows) == 9  # the missing 1992 value is dropped
    rows["value"] = 0.0
    assert panel["value"].iloc[1] == 1.3
    assert milex.measure_rows(panel, "per_capita_usd").empty


def test_spending_index() -> None:
    index = milex.spending_index(_triangle())
    last = index[index["year"] == 2024].set_index("iso3")["index"]
    assert last.to_dict() == {"BLR": 200.0, "RUS": 200.0, "UKR": 1400.0}
    assert index["year"].min() == 2017  # years before the base are dropped
    assert set(index["source"]) == {"sipri-milex"}
    with pytest.raises(ValueError, match="no 2030 value"):
        milex.spending_index(_triangle(), base_year=2030)
    with pytest.raises(ValueError, match="no values"):
        milex.spending_index(_triangle(), measure="per_capita_usd")


def test_change_and_burden() -> None:
    got = milex.change_and_burden(_triangle(), 2013, 2017).set_index("iso3")
    assert got.loc["UKR", "change_pct"] == pytest.approx(25.0)  # 4000 -> 5000
    assert got.loc["RUS", "change_pct"] == pytest.approx(0.0)
    assert got.loc["BLR", "level_y1"] == 800.0
    assert (got.loc["UKR", "share_y0"], got.loc["UKR", "share_y1"]) == (2.4, 3.2)


def test_years_text_and_missing_note() -> None:
    assert groups.years_text([1997, 1998, 1999, 2005]) == "1997-1999, 2005"
    assert groups.years_text([1992]) == "1992"
    assert groups.years_text([]) == ""
    note = milex.missing_note({"Ukraine": [1992], "Belarus": [1997, 1998]})
    assert note == "No value: Ukraine 1992; Belarus 1997-1998"
    assert milex.missing_note({}) == ""
    assert milex.missing_note({"Latvia": []}) == ""


def test_missing_years() -> None:
    panel = _panel(
        [
            ("BLR", 1992, "share_of_gdp", 1.5, "estimate"),
            ("BLR", 1993, "share_of_gdp", np.nan, "missing"),
            ("RUS", 1994, "share_of_gdp", 4.0, "uncertain"),
            ("BLR", 1994, "constant_2023_usd_m", 9.0, "ok"),
        ]
    )
    assert milex.missing_years(panel, "share_of_gdp") == {"Belarus": [1993]}
    assert milex.missing_years(panel, "constant_2023_usd_m") == {}


def test_milex_finding_on_toy() -> None:
    rows = [
        ("BLR", 2012, "constant_2023_usd_m", 100.0, "ok"),
        ("BLR", 2015, "constant_2023_usd_m", 90.0, "estimate"),
        ("BLR", 2016, "constant_2023_usd_m", 150.0, "ok"),
        ("RUS", 2012, "constant_2023_usd_m", 1000.0, "ok"),
        ("RUS", 2015, "constant_2023_usd_m", 1200.0, "ok"),
        ("RUS", 2016, "constant_2023_usd_m", 1300.0, "uncertain"),
        ("BLR", 2012, "share_of_gdp", 1.5, "ok"),
        ("BLR", 2015, "share_of_gdp", 1.0, "ok"),
        ("BLR", 2016, "share_of_gdp", 1.2, "ok"),
        ("RUS", 2012, "share_of_gdp", 3.0, "ok"),
    ]
    f = milex.milex_finding(_panel(rows))
    assert (f["last_year"], f["blr_2012"], f["rus_to_blr_2012"]) == (2016, 100.0, 10.0)
    assert (f["blr_change_plan"], f["rus_change_plan"], f["blr_change_last"]) == (-10.0, 20.0, 50.0)
    assert (f["blr_gdp_low"], f["blr_gdp_low_year"], f["blr_gdp_last"]) == (1.0, 2015, 1.2)
    assert (f["blr_estimate_years"], f["rus_estimate_years"]) == ("2015", "2016")


def test_milex_finding_matches_raw_workbook() -> None:
    from analysis.inputs.loaders import load_sipri_milex

    panel = milex.milex_panel(REGION, milex=load_sipri_milex())
    f = milex.milex_finding(panel)
    assert (f["blr_2012"], f["rus_2012"], f["rus_to_blr_2012"]) == (735.0, 62161.0, 85.0)
    assert f["blr_change_plan"] == -4.2 and f["rus_change_plan"] == 21.1
    assert f["blr_change_last"] == 134.8  # 1,725.37 / 734.73 - 1
    assert (f["blr_gdp_2012"], f["rus_gdp_2012"]) == (1.23, 3.69)
    assert (f["blr_gdp_low"], f["blr_gdp_low_year"]) == (1.04, 2014)
    assert f["blr_estimate_years"] == "1992-2000"


def test_personnel_finding_on_toy() -> None:
    rows = [
        ("BLR", 1992, 100.0),
        ("BLR", 2012, 73.0),
        ("BLR", 2013, 48.0),
        ("BLR", 2022, 48.0),
        ("BLR", 1997, np.nan),
        ("RUS", 2012, 730.0),
    ]
    panel = pd.DataFrame(
        [{"iso3": i, "year": y, "measure": "milper", "value": v} for i, y, v in rows]
    )
    f = milex.personnel_finding(panel)
    assert (f["first_year"], f["last_year"], f["first"], f["last"]) == (1992, 2022, 100.0, 48.0)
    assert (f["y2012"], f["y2013"], f["rus_ratio_2012"]) == (73.0, 48.0, 10.0)


def test_sipri_note_sentence() -> None:
    notes = pd.DataFrame(
        {
            "country": ["Ukraine"],
            "iso3": ["UKR"],
            "marker": ["84"],
            "text": [
                "Ukraine: First. Given the war, the figures should be treated as uncertain. Last."
            ],
        }
    )
    assert (
        milex.sipri_note_sentence(notes, "UKR")
        == "Given the war, the figures should be treated as uncertain."
    )
    with pytest.raises(ValueError):
        milex.sipri_note_sentence(notes, "BLR")
