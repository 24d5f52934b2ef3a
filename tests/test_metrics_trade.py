"""Trade metrics (``analysis.metrics.trade``): partner-group shares, a pair's trade on
several bases, EU monthly flows.

Toy frames worked out by hand; the real-data test was checked against the raw COW files:
``cow_trade_ndy.rda`` 2012, ccode1 365 / ccode2 370: flow1 13,383, flow2 27,551;
``cow_trade_sy.rda`` Belarus 2012: imports 46,404.38, exports 46,027.53 -> 44.29 %.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.metrics import trade


def test_cow_group_shares_on_toy() -> None:
    dyadic = pd.DataFrame(
        [
            {"importer_iso3": "BLR", "exporter_iso3": "RUS", "year": 2012, "value": 30.0},
            {"importer_iso3": "RUS", "exporter_iso3": "BLR", "year": 2012, "value": 20.0},
            {"importer_iso3": "BLR", "exporter_iso3": "DEU", "year": 2012, "value": 5.0},
            {"importer_iso3": "DEU", "exporter_iso3": "BLR", "year": 2012, "value": 5.0},
            {"importer_iso3": "FRA", "exporter_iso3": "DEU", "year": 2012, "value": 99.0},
        ]
    )
    national = pd.DataFrame(
        [
            {"iso3": "BLR", "year": 2012, "flow": "imports", "value": 60.0},
            {"iso3": "BLR", "year": 2012, "flow": "exports", "value": 40.0},
        ]
    )
    out = trade.cow_group_shares(
        dyadic, national, "BLR", {"Russia": ("RUS",), "EU": ("DEU", "FRA")}, (2012, 2012)
    )
    got = out.set_index("group")
    assert got.loc["Russia", "share"] == 0.5 and got.loc["Russia", "trade"] == 50.0
    assert got.loc["EU", "trade"] == 10.0 and got.loc["EU", "share"] == pytest.approx(0.1)
    assert got.loc["EU", "n_partners"] == 1  # France has no COW row with Belarus
    assert set(out["source"]) == {"cow-trade"}


def test_comtrade_group_shares_on_toy() -> None:
    def row(e: str, i: str, y: int, v: float) -> dict[str, object]:  # v in US$ million
        return {"exporter_iso3": e, "importer_iso3": i, "year": y, "value": v * 1e6}

    comtrade = pd.DataFrame(
        [
            row("BLR", "RUS", 2012, 10),
            row("BLR", "DEU", 2012, 5),
            row("BLR", "CHN", 2012, 5),
            row("RUS", "BLR", 2012, 20),
            row("DEU", "BLR", 2012, 5),
            row("CHN", "BLR", 2012, 5),
            row("BLR", "RUS", 2008, 10),
            row("RUS", "BLR", 2008, np.nan),
            row("DEU", "BLR", 2008, 1),
            row("BLR", "DEU", 2008, 1),
        ]
    )
    out = trade.comtrade_group_shares(comtrade, "BLR", {"Russia": ("RUS",), "EU": ("DEU",)})
    y2012 = out[out["year"] == 2012].set_index("group")
    assert y2012.loc["Russia", "share"] == pytest.approx(0.6)
    assert y2012.loc["EU", "share"] == pytest.approx(0.2)
    assert y2012.loc["Russia", "total_trade"] == 50.0 and y2012.loc["Russia", "trade"] == 30.0
    y2008 = out[out["year"] == 2008].set_index("group")
    assert not y2008.loc["Russia", "complete"] and math.isnan(y2008.loc["Russia", "share"])
    assert y2008.loc["EU", "complete"]


def test_with_rest_of_world() -> None:
    frame = pd.DataFrame(
        {
            "year": [2012, 2012, 2016, 2016],
            "group": ["A", "B", "A", "B"],
            "trade": [30.0, 10.0, 5.0, np.nan],
            "total_trade": [100.0] * 2 + [50.0] * 2,
            "share": [0.3, 0.1, 0.1, np.nan],
            "complete": [True, True, True, False],
            "source": ["s"] * 4,
        }
    )
    out = trade.with_rest_of_world(frame)
    rest = out[out["group"] == "Rest of the world"].set_index("year")
    assert rest.loc[2012, "trade"] == 60.0 and rest.loc[2012, "share"] == pytest.approx(0.6)
    assert rest.loc[2012, "complete"]
    assert math.isnan(rest.loc[2016, "share"]) and not rest.loc[2016, "complete"]
    assert len(out) == 6 and list(out.columns) == list(frame.columns)
    frame.loc[0, "trade"] = 95.0  # groups above the total: no rest, never a negative share
    rest = trade.with_rest_of_world(frame).set_index("group").loc["Rest of the world"]
    assert math.isnan(rest[rest["year"] == 2012]["share"].iloc[0])


def test_pooled_share() -> None:
    frame = pd.DataFrame(
        {
            "group": ["EU"] * 3,
            "year": [2009, 2010, 2011],
            "trade": [10.0, 30.0, 5.0],
            "total_trade": [100.0, 100.0, 50.0],
            "share": [0.1, 0.3, np.nan],
        }
    )
    assert trade.pooled_share(frame, "EU", (2009, 2011)) == pytest.approx(0.2)  # 40 / 200
    assert math.isnan(trade.pooled_share(frame, "EU", (2011, 2011)))


@pytest.fixture(scope="module")
def trade_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.inputs.loaders import (
        load_comtrade,
        load_cow_trade_dyadic,
        load_cow_trade_national,
    )

    cow = trade.cow_group_shares(load_cow_trade_dyadic(), load_cow_trade_national())
    return cow, trade.comtrade_group_shares(load_comtrade())


def test_trade_finding_matches_raw_cow(trade_frames) -> None:  # type: ignore[no-untyped-def]
    cow, comtrade = trade_frames
    f = trade.trade_finding(cow, comtrade)
    assert f["rus_2012"] == 44.3  # (13,383 + 27,551) / (46,404.38 + 46,027.53)
    assert f["rest_2012"] == pytest.approx(100 - 44.3 - f["eu_2012"] - f["ukr_2012"], abs=0.11)
    assert f["cow_last"] == 2014
    assert f["cow_overflow_years"] == "1994"  # Russia 73.0 % + EU 31.7 % + Ukraine 8.9 % > 100 %
    assert trade.overflow_years(cow) == [1994]
    assert (f["ct_rus_2012"], f["ct_rus_2016"]) == (45.7, 52.8)
    assert (f["ct_eu_2012"], f["ct_eu_2016"]) == (32.5, 21.6)
    # Russia's exports to Belarus are unreported in Comtrade 2000-08: no share those years
    rus = comtrade[comtrade["group"] == "Russia"].set_index("year")
    assert rus.loc[2008, "share"] != rus.loc[2008, "share"] and not rus.loc[2008, "complete"]


def _monthly(values: dict[tuple[str, str], float | None]) -> pd.DataFrame:
    rows = []
    for (period, flow), value in values.items():
        rows.append(
            {
                "period": period,
                "year": int(period[:4]),
                "month": int(period[5:]),
                "flow": flow,
                "value": value,
                "n_reporters": 0 if value is None else 27,
                "n_members": 27,
                "complete": value is not None,
                "missing_reporters": "" if value is not None else "AUT;BEL",
            }
        )
    return pd.DataFrame(rows)


def test_eu_monthly_frame_and_finding() -> None:
    values: dict[tuple[str, str], float | None] = {}
    for m in range(1, 13):
        values[(f"2021-{m:02d}", "import")] = 100e6
        values[(f"2021-{m:02d}", "export")] = 200e6
    for m in (9, 10, 11):
        values[(f"2022-{m:02d}", "import")] = 50e6
        values[(f"2022-{m:02d}", "export")] = 300e6
    values[("2022-12", "import")] = None
    values[("2022-12", "export")] = None
    monthly = _monthly(values)
    frame = trade.eu_monthly_frame(monthly)
    assert len(frame) == 30 and "2022-12" not in set(frame["period"])
    assert frame.loc[0, "date"] == "2021-01-01" and frame.loc[0, "missing_reporters"] == "none"
    f = trade.eu_monthly_finding(frame, monthly)
    assert (f["imp_2021_mean"], f["imp_recent_mean"], f["imp_change"]) == (100.0, 50.0, -50.0)
    assert (f["exp_2021_mean"], f["exp_recent_mean"], f["exp_change"]) == (200.0, 300.0, 50.0)
    assert (f["recent_from"], f["recent_to"], f["dropped_months"]) == (
        "2022-09",
        "2022-11",
        "2022-12",
    )
    assert f["n_incomplete"] == 0


@pytest.fixture(scope="module")
def trade_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    cow = pd.DataFrame(
        {
            "year": [2012, 2014],
            "a": "BLR",
            "b": "UKR",
            "imports_a_from_b": [2000.0, 1500.0],
            "imports_b_from_a": [5000.0, 3600.0],
            "total": [7000.0, 5100.0],
            "unit": "US$ million, current",
            "source": "cow-trade",
        }
    )
    comtrade = pd.DataFrame(
        {
            "year": [2012, 2016],
            "a": "BLR",
            "b": "UKR",
            "exports_a_to_b": [5e9, 3e9],
            "exports_b_to_a": [2e9, 1e9],
            "total": [7e9, 4e9],
            "status_a_to_b": "reported",
            "status_b_to_a": "reported",
            "unit": "US$, current",
            "source": "comtrade-4yearly",
        }
    )
    base = {
        "year_note": None,
        "qualifier": None,
        "value_note": None,
        "change_pct": np.nan,
        "date_stated": "2018",
        "date_precision": "year",
        "date_note": None,
        "source_title": "t",
        "source_url": "https://example.org",
        "quote": None,
        "notes": None,
        "url_missing": False,
    }
    statements = pd.DataFrame(
        [
            {
                **base,
                "fact_id": "t-2017-by",
                "year": 2017,
                "period_type": "full_year",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "4.6",
                "value": 4.6,
                "unit": "USD billion",
                "basis": "Belarusian data",
                "stated_by": "BY official",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-2017-ua",
                "year": 2017,
                "period_type": "full_year",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "4.5",
                "value": 4.5,
                "unit": "USD billion",
                "basis": "Ukrainian statement",
                "stated_by": "UA official",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-2018-c",
                "year": 2018,
                "period_type": "current",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "~5.5",
                "value": 5.5,
                "unit": "USD billion",
                "basis": "Belarusian statement",
                "stated_by": "BY",
                "source_tier": "C",
                "flagged": True,
            },
            {
                **base,
                "fact_id": "t-2019-target",
                "year": 2019,
                "period_type": "target",
                "flow": "turnover target",
                "partner_iso3": "UKR",
                "value_text": ">=8",
                "value": 8.0,
                "unit": "USD billion",
                "basis": "presidential target",
                "stated_by": "both",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-2013-partial",
                "year": 2013,
                "period_type": "partial_year",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "2.3",
                "value": 2.3,
                "unit": "USD billion",
                "basis": "Ukrainian data",
                "stated_by": "UA",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-ru",
                "year": 2016,
                "period_type": "full_year",
                "flow": "turnover BY-RU (context)",
                "partner_iso3": "RUS",
                "value_text": "26.1",
                "value": 26.1,
                "unit": "USD billion",
                "basis": "Belstat",
                "stated_by": "Belstat",
                "source_tier": "B",
                "flagged": False,
            },
        ]
    )
    return cow, comtrade, statements


def test_trade_bases(trade_inputs) -> None:
    cow, comtrade, statements = trade_inputs
    got = trade.trade_bases(cow, comtrade, statements)
    assert len(got) == 2 + 2 + 4  # partial-year and Belarus-Russia rows are left out
    by_source = got.set_index("source")
    assert by_source.loc["curated:t-2017-ua", "series"] == "Ukrainian statements"
    assert by_source.loc["curated:t-2017-by", "series"] == "Belarusian statements"
    assert by_source.loc["curated:t-2018-c", "flagged"]
    assert not by_source.loc["curated:t-2017-by", "flagged"]
    assert by_source.loc["curated:t-2019-target", "period_type"] == "target"
    cow_rows = got[got["source"] == "cow-trade"]
    assert cow_rows["value_bn"].tolist() == [7.0, 5.1]  # US$ m / 1000
    assert got[got["source"] == "comtrade-4yearly"]["value_bn"].tolist() == [7.0, 4.0]  # US$ / 1e9
    assert set(got.loc[got["basis"] == "dataset", "series"]) == {
        trade.COW_SERIES,
        trade.COMTRADE_SERIES,
    }


def test_pair_trade_finding(trade_inputs) -> None:
    cow, comtrade, _ = trade_inputs
    shares = pd.DataFrame(
        {"year": [2014, 2014], "partner_iso3": ["RUS", "UKR"], "share": [0.44, 0.07]}
    )
    f = trade.pair_trade_finding(cow, comtrade, shares)
    assert f["ct_2016_exports_bn"] == 3.0 and f["ct_2016_imports_bn"] == 1.0
    assert f["ct_2016_ratio"] == 3.0
    assert f["cow_2014_ratio"] == pytest.approx(3600 / 1500)  # 2.4
    assert (f["cow_peak_bn"], f["cow_peak_year"]) == (7.0, 2012)
    assert (f["share_ukr_2014"], f["share_rus_2014"]) == (0.07, 0.44)


def test_group_share_and_own_vs_mirror() -> None:
    frame = pd.DataFrame({"group": ["A"], "year": [2012], "share": [0.12345]})
    assert trade.group_share(frame, "A", 2012) == 12.3
    assert math.isnan(trade.group_share(frame, "A", 2013))
    comtrade = pd.DataFrame(
        {"year": [2012], "exporter_iso3": ["BLR"], "importer_iso3": ["NLD"], "value": [6.2e9]}
    )
    dyadic = pd.DataFrame(
        {"year": [2012], "exporter_iso3": ["BLR"], "importer_iso3": ["NLD"], "value": [1500.0]}
    )
    assert trade.exports_own_and_mirror(comtrade, dyadic, "BLR", "NLD", 2012) == (6.2, 1.5)
