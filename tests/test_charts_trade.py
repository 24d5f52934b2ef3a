"""Chart family ``analysis.charts.trade``: share lines, basis points, monthly flows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import charts
from analysis.charts import trade
from analysis.charts.style import RING, TIER_FLAGGED, TIER_SOURCED


def _shares(source: str, dataset: str, years: list[int]) -> pd.DataFrame:
    rows = []
    for year in years:
        for group, share in (("Russia", 0.5), ("EU-27", np.nan)):
            rows.append(
                {
                    "year": year,
                    "group": group,
                    "trade": 50.0,
                    "total_trade": 100.0,
                    "share": share,
                    "dataset": dataset,
                    "source": source,
                }
            )
    return pd.DataFrame(rows)


def test_share_lines_drop_unknown_shares_and_take_group_colours() -> None:
    shown = charts.show(
        trade.share_lines(
            _shares("cow-trade", "COW", [2011, 2012]),
            _shares("comtrade-4yearly", "Comtrade", [2012]),
            colours={"Russia": "#0072B2", "EU-27": "#8800EE", "Ukraine": "#332288"},
            axis_title="Share (%)",
            years=(2011, 2012),
            band=(2012, 2012),
            band_label="plan",
            title="T",
            description="D",
        ),
        "shares",
    )
    group = shown.spec["vconcat"][0]["layer"][-1]  # band first, then halo, lines, diamonds
    _halo, drawn, points = group["layer"]
    rows = shown.spec["datasets"][group["data"]["name"]]
    assert [(r["year"], r["group"], r["share_pct"]) for r in rows] == [
        (2011, "Russia", 50.0),
        (2012, "Russia", 50.0),
    ]
    assert drawn["encoding"]["color"]["scale"] == {"domain": ["Russia"], "range": ["#0072B2"]}
    assert points["mark"]["shape"] == "diamond"
    assert shown.meta["datasets"] == ["cow-trade", "comtrade-4yearly"]


def test_basis_points_rings_flagged_rows_and_forecasts() -> None:
    series = pd.DataFrame(
        {
            "year": [2012, 2014, 2017, 2019],
            "value_bn": [7.0, 5.1, 4.6, 8.0],
            "series": ["COW", "COW", "Belarusian statements", "Belarusian statements"],
            "period_type": ["full_year", "full_year", "full_year", "target"],
            "tier_status": [TIER_SOURCED, TIER_SOURCED, TIER_FLAGGED, TIER_SOURCED],
            "label": ["", "", "x", "y"],
            "source": ["cow-trade", "cow-trade", "curated:a", "curated:b"],
        }
    )
    shown = charts.show(
        trade.basis_points(
            series,
            colours={"COW": "#5A6B7B", "Belarusian statements": "#D55E00"},
            line_source="cow-trade",
            axis_title="US$ bn",
            years=(2010, 2020),
            rules=(2014,),
            source="curated tables",
            title="T",
            description="D",
        ),
        "basis",
    )
    spec = shown.spec
    _rules, line, points, rings = spec["vconcat"][0]["layer"]
    assert len(spec["datasets"][line["data"]["name"]]) == 2  # the COW rows only
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", RING]
    assert [r["year"] for r in spec["datasets"][rings["data"]["name"]]] == [2019]
    # curated rows are described by the source text, not taken as dataset ids
    assert shown.meta["datasets"] == ["cow-trade"]
    assert "curated tables" in " ".join(shown.meta["source"])


def test_monthly_flows_ring_incomplete_months() -> None:
    frame = pd.DataFrame(
        {
            "date": ["2022-01-01", "2022-02-01"],
            "period": ["2022-01", "2022-02"],
            "flow_label": ["in", "in"],
            "value_m": [10.0, 5.0],
            "complete": [True, False],
            "missing_reporters": ["none", "MLT"],
            "n_reporters": [27, 26],
            "source": "eurostat-eu-belarus",
        }
    )
    shown = charts.show(
        trade.monthly_flows(
            frame,
            colours={"in": "#D55E00"},
            axis_title="EUR m",
            unit="EUR m",
            marks={"2022-02-24": "war"},
            title="T",
            description="D",
        ),
        "monthly",
    )
    layers = shown.spec["vconcat"][0]["layer"]
    points = layers[-1]
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", RING]
    rows = shown.spec["datasets"][points["data"]["name"]]
    assert [r["reported"] for r in rows] == ["all members reported", "a member missing"]
    assert len(layers) == 4  # rule, its label, line, points
    assert shown.meta["datasets"] == ["eurostat-eu-belarus"]
