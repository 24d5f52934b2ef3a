"""Chart family ``analysis.charts.arms``: supplier bars, period bars, flow bars."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts import arms
from analysis.metrics import arms as metrics

REG, TIV = "sipri-arms-register", "sipri-arms-tiv"


def _imports() -> pd.DataFrame:
    rows = [
        (1993, metrics.TIV_TABLE_LABEL, None, 4.0, TIV),
        (1995, "Russia", "RUS", 5.0, REG),
        (1995, "Ukraine", "UKR", 3.0, REG),
        (1995, "China", "CHN", 1.0, REG),
        (1996, "Russia", "RUS", 2.0, REG),
    ]
    return pd.DataFrame(
        [
            {"year": y, "supplier": n, "supplier_iso3": i, "tiv": t, "no_deliveries": t == 0}
            | {"source": s}
            for y, n, i, t, s in rows
        ]
    )


def _colour_of(spec: dict[str, Any]) -> dict[str, str]:
    bars = spec["vconcat"][0]["vconcat"][0]
    layer = bars["layer"][-1] if "layer" in bars else bars
    scale = layer["encoding"]["color"]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def test_partner_scale_prefers_overrides_then_house_colours() -> None:
    scale = arms.partner_scale(["Russia", "Peru", "Other", "Chile"], {"Other": "#123456"})
    got = dict(zip(scale.domain, scale.range, strict=True))
    assert got["Russia"] == charts.PALETTE["RUS"] and got["Other"] == "#123456"
    assert (got["Peru"], got["Chile"]) == arms.EXTRA_COLOURS[:2]


def test_supplier_bars_stack_and_share_strip() -> None:
    frame = _imports()
    stacked = metrics.stacked_partners(frame, n=1, tiv_label="TIV table")
    shown = charts.show(
        arms.supplier_bars(
            stacked,
            metrics.supplier_share(frame),
            years=(1992, 1996),
            share_partner="Russia",
            colours={"TIV table": "#BBBBBB"},
            band=(1995, 1995),
            band_label="plan",
            title="T",
            description="D",
        ),
        "supplier-bars",
    )
    colours = _colour_of(shown.spec)
    assert colours == {
        "TIV table": "#BBBBBB",
        "Russia": charts.PALETTE["RUS"],
        "Other": charts.NEUTRAL,
    }
    assert shown.meta["datasets"] == [TIV, REG]
    strip = shown.spec["vconcat"][0]["vconcat"][1]["layer"][-1]
    assert strip["mark"]["color"] == charts.PALETTE["RUS"]
    rows = shown.spec["datasets"][strip["data"]["name"]]
    # 1995: 5 of 9 from Russia; 1996: 2 of 2; the TIV-table year with deliveries is unknown
    assert [(r["year"], r["share_pct"]) for r in rows] == [(1995, 55.6), (1996, 100.0)]


def test_period_bars_facet_and_zero_label() -> None:
    frame = pd.DataFrame(
        {
            "recipient": ["Peru", "Peru", "Russia", "Russia"],
            "period": ["1995-2004", "2005-2012"] * 2,
            "tiv": [10.0, 0.0, 0.0, 0.0],
            "rank": [0, 0, 1, 1],
            "group": ["Other", "Other", "Russia", "Russia"],
            "source": REG,
        }
    )
    shown = charts.show(
        arms.period_bars(
            frame,
            periods=["1995-2004", "2005-2012"],
            groups={"Russia": "#0072B2", "Other": "#5A6B7B"},
            zero_text="none",
            zero_group="Russia",
            title="T",
            description="D",
        ),
        "period-bars",
    )
    facet = shown.spec["vconcat"][0]
    assert facet["facet"]["column"]["sort"] == ["1995-2004", "2005-2012"]
    layers = facet["spec"]["layer"]
    assert layers[0]["encoding"]["y"]["sort"] == ["Peru", "Russia"]
    assert "datum.tiv == 0" in layers[1]["transform"][0]["filter"]
    assert shown.meta["datasets"] == [REG]


def test_flow_bars() -> None:
    flows = pd.DataFrame(
        {
            "year": [1995, 1996, 1995, 1996],
            "direction": ["Ukraine to Belarus"] * 2 + ["Belarus to Ukraine"] * 2,
            "supplier_iso3": ["UKR", "UKR", "BLR", "BLR"],
            "recipient_iso3": ["BLR", "BLR", "UKR", "UKR"],
            "tiv": [1.0, 0.0, 0.0, 0.0],
            "no_deliveries": [False, True, True, True],
            "source": REG,
        }
    )
    shown = charts.show(
        arms.flow_bars(
            flows, first_year=1995, label="none", label_iso3="BLR", title="T", description="D"
        ),
        "flows",
    )
    bars, label = shown.spec["vconcat"][0]["layer"]
    assert bars["encoding"]["x"]["scale"]["domain"] == [1994.5, 1996.5]
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Belarus", "Ukraine"]
    assert label["mark"]["color"] == charts.PALETTE["BLR"]
    assert shown.meta["datasets"] == [REG]
