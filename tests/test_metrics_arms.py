"""Findings of ``analysis.metrics.arms``: stacks, windows, periods, flows between two states.

Toy frames worked out by hand; two tests pin the mic-bridge numbers to the raw SIPRI trade
register (``trade_register.csv``, read outside the package): Belarus imported 1,976.17 TIV m
in 1995-2024, 1,927.05 from Russia (97.51 %); before the plan, 2005-11: 224.1 TIV m (85.2 %
from Russia, 32.0 a year); its years, 2012-15: 314.5 (78.6 a year); after it, 2016-24: 1,355.0
(99.5 %, 150.6 a year); exports 3,414.02 TIV m, none to Russia, Hungary 104.0 (T-72M1, 1996),
Viet Nam 180.0 after the plan.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.metrics import arms, groups

REG, TIV = "sipri-arms-register", "sipri-arms-tiv"


def _partner_rows(
    rows: list[tuple[int, str, str | None, float, str]], col: str = "supplier"
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"year": y, col: n, f"{col}_iso3": i, "tiv": t, "no_deliveries": t == 0, "source": s}
            for y, n, i, t, s in rows
        ]
    )


def test_country_sets() -> None:
    assert len(groups.EU27) == 27 and len(groups.NATO_2024) == 32
    assert set(groups.WEST) == set(groups.EU27) | set(groups.NATO_2024)
    assert "USA" in groups.WEST and "AUT" in groups.WEST and "RUS" not in groups.WEST
    assert arms.WEST == groups.WEST  # re-exported for the pages


def test_window_share() -> None:
    frame = _partner_rows(
        [
            (2013, "Russia", "RUS", 10, REG),
            (2013, "Ukraine", "UKR", 30, REG),
            (2014, "Russia", "RUS", 60, REG),
            (2015, "Ukraine", "UKR", 0, REG),
        ]
    )
    got = arms.window_share(frame, ["RUS"], (2013, 2014))
    assert got == {"total": 100.0, "from_partners": 70.0, "share": 0.7}
    assert math.isnan(arms.window_share(frame, ["RUS"], (2015, 2015))["share"])
    exports = _partner_rows(
        [(2013, "Hungary", "HUN", 4, REG), (2013, "Peru", "PER", 6, REG)], col="recipient"
    )
    assert arms.window_share(exports, arms.WEST, (2013, 2013))["share"] == pytest.approx(0.4)


def test_stacked_partners() -> None:
    frame = _partner_rows(
        [
            (1993, arms.TIV_TABLE_LABEL, None, 0.0, TIV),
            (1995, "Russia", "RUS", 5.0, REG),
            (1995, "Ukraine", "UKR", 3.0, REG),
            (1995, "China", "CHN", 1.0, REG),
            (1995, "Iran", "IRN", 1.0, REG),
        ]
    )
    out = arms.stacked_partners(frame, n=2, tiv_label="TIV table")
    assert list(out["partner"]) == ["Russia", "Ukraine", "Other"]  # empty TIV-table row dropped
    assert list(out["y0"]) == [0.0, 5.0, 8.0] and list(out["y1"]) == [5.0, 8.0, 10.0]
    assert list(out["x0"]) == [1994.6] * 3 and list(out["x1"]) == [1995.4] * 3
    frame.loc[0, "tiv"] = 8.0
    assert "TIV table" in set(arms.stacked_partners(frame, tiv_label="TIV table")["partner"])


def test_imports_finding_on_toy() -> None:
    frame = _partner_rows(
        [
            (1994, arms.TIV_TABLE_LABEL, None, 0.0, TIV),
            (2005, "Russia", "RUS", 8.0, REG),
            (2005, "Ukraine", "UKR", 2.0, REG),
            (2013, "Russia", "RUS", 9.0, REG),
            (2013, "Germany", "DEU", 1.0, REG),
        ]
    )
    f = arms.imports_finding(frame, before=(2005, 2012), plan=(2012, 2015), after=(2013, 2024))
    assert (f["first_year"], f["last_year"]) == (2005, 2013)
    assert (f["rus_share_all"], f["rus_share_before"], f["rus_share_after"]) == (85.0, 80.0, 90.0)
    assert (f["total_before"], f["total_after"], f["west_tiv"]) == (10.0, 10.0, 1.0)
    assert (f["peak_year"], f["peak_tiv"]) == (2005, 10.0)  # ties: the first year
    assert f["suppliers_after"] == ["Germany", "Russia"]
    assert f["tiv_table_years"] == "1994-94" and f["tiv_table_all_empty"]


def test_partners_by_period_on_toy() -> None:
    frame = _partner_rows(
        [
            (1995, "Alpha", "AAA", 10.0, REG),
            (2005, "Hungary", "HUN", 2.0, REG),
            (2013, "Gamma", "GGG", 5.0, REG),
            (1993, arms.TIV_TABLE_LABEL, None, 8.0, TIV),
        ],
        col="recipient",
    )
    periods = ((1995, 2004), (2005, 2012), (2013, 2024))
    out = arms.partners_by_period(frame, periods, n=1)
    assert list(out["recipient"].drop_duplicates()) == ["Alpha", "Hungary", "Russia", "Other"]
    assert len(out) == 4 * 3  # every recipient in every period
    alpha = out[out["recipient"] == "Alpha"].set_index("period")["tiv"]
    assert alpha.to_dict() == {"1995-2004": 10.0, "2005-2012": 0.0, "2013-2024": 0.0}
    other = out[out["recipient"] == "Other"].set_index("period")["tiv"]
    assert other["2013-2024"] == 5.0 and other["1995-2004"] == 0.0  # TIV-table row ignored
    assert out[out["recipient"] == "Russia"]["tiv"].eq(0.0).all()
    assert out[out["recipient"] == "Hungary"]["west"].all()
    assert not out[out["recipient"] == "Alpha"]["west"].any()


@pytest.fixture(scope="module")
def arms_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from analysis.inputs.loaders import load_sipri_arms_register, load_sipri_tiv

    register, tiv = load_sipri_arms_register(), load_sipri_tiv()
    return (
        arms.arms_imports_by_supplier("BLR", register=register, tiv=tiv),
        arms.arms_exports_by_recipient("BLR", register=register, tiv=tiv),
        register,
    )


def test_imports_finding_matches_raw_register(arms_frames) -> None:  # type: ignore[no-untyped-def]
    imports, _, _ = arms_frames
    f = arms.imports_finding(imports)
    assert (f["first_year"], f["last_year"]) == (1995, 2024)
    assert f["rus_share_all"] == 97.5 and f["total_all"] == 1976.2
    assert f["rus_share_before"] == 85.2 and f["total_before"] == 224.1
    assert f["rus_share_after"] == 99.5 and f["total_after"] == pytest.approx(1355.0, abs=0.06)
    # windows of unequal length compare per year; together with the plan's they are disjoint
    assert (f["per_year_before"], f["per_year_plan"], f["per_year_after"]) == (32.0, 78.6, 150.6)
    whole = arms.window_share(imports, ["RUS"], (2005, 2024))["total"]
    assert f["total_before"] + f["total_plan"] + f["total_after"] == pytest.approx(whole, abs=0.2)
    assert f["rus_share_plan"] == 96.9  # (75 + 75 + 66 + 88.88) / (75 + 75 + 66 + 98.48)
    assert f["west_tiv"] == 0.0
    assert (f["peak_year"], f["peak_tiv"]) == (2019, 333.0)
    assert f["suppliers_after"] == ["China", "Iran", "Russia"]
    assert f["tiv_table_years"] == "1992-94" and f["tiv_table_all_empty"]


def test_exports_finding_matches_raw_register(arms_frames) -> None:  # type: ignore[no-untyped-def]
    _, exports, register = arms_frames
    f = arms.exports_finding(exports)
    assert f["total_all"] == 3414.0 and f["rus_tiv"] == 0.0
    assert f["west_recipients"] == ["Hungary"]
    assert (f["west_tiv_before"], f["west_tiv_after"]) == (104.0, 0.0)
    assert f["top_after"][0] == "Viet Nam" and f["top_after_tiv"][0] == 180.0
    assert f["n_recipients_after"] == 13
    assert "Viet Nam" in f["new_recipients_after"] and "Sudan" not in f["new_recipients_after"]
    west = arms.deliveries_to(register, "BLR", arms.WEST)
    assert set(west["recipient_iso3"]) == {"HUN"} and set(west["delivery_year"]) == {1996}


def _exports(recipients: dict[str, dict[int, float]]) -> pd.DataFrame:
    rows = [
        {
            "year": 1994,
            "recipient": arms.TIV_TABLE_LABEL,
            "recipient_iso3": None,
            "tiv": 5.0,
            "no_deliveries": False,
            "source": TIV,
        }
    ]
    for year in (1995, 1996, 1997):
        for iso3, values in recipients.items():
            rows.append(
                {
                    "year": year,
                    "recipient": iso3,
                    "recipient_iso3": iso3,
                    "tiv": values.get(year, 0.0),
                    "no_deliveries": year not in values,
                    "source": REG,
                }
            )
    return pd.DataFrame(rows)


def test_arms_between() -> None:
    ukr = _exports({"BLR": {1996: 5.94}, "IND": {1995: 100.0}})
    blr = _exports({"CHN": {1995: 10.0}})  # Belarus never delivers to Ukraine
    got = arms.arms_between(ukr, blr, "UKR", "BLR")
    assert got["year"].tolist() == [1995, 1996, 1997] * 2  # TIV-table year 1994 dropped
    ub = got[got["supplier_iso3"] == "UKR"]
    assert ub["tiv"].tolist() == [0.0, 5.94, 0.0]
    assert ub["no_deliveries"].tolist() == [True, False, True]
    bu = got[got["supplier_iso3"] == "BLR"]
    assert bu["tiv"].tolist() == [0.0, 0.0, 0.0] and bu["no_deliveries"].all()
    assert bu["direction"].iloc[0] == "Belarus to Ukraine"
    assert set(got["source"]) == {REG}


def test_arms_deals() -> None:
    register = pd.DataFrame(
        {
            "deal_id": [7, 7, 9],
            "supplier_iso3": ["UKR", "UKR", "UKR"],
            "recipient_iso3": ["BLR", "BLR", "BLR"],
            "designation": ["L-39C", "L-39C", "AI-222"],
            "description": ["trainer", "trainer", "turbofan"],
            "status": ["Second hand", "Second hand", "New"],
            "order_year": [2005, 2005, 2012],
            "delivery_year": [2005, 2006, 2015],
            "numbers_delivered": [2.0, 8.0, 8.0],
            "tiv_delivery": [5.94, 23.76, 9.6],
        }
    )
    got = arms.arms_deals(register, "UKR", "BLR")
    assert got["designation"].tolist() == ["L-39C", "AI-222"]
    assert got["delivered"].tolist() == ["2005-2006", "2015"]
    assert got["number"].tolist() == [10, 8]
    assert got["tiv"].tolist() == [29.7, 9.6]  # 5.94 + 23.76
    assert arms.arms_deals(register, "BLR", "UKR").empty
