"""Chart pieces shared by the chapter modules (analysis.figures.common)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis import charts
from analysis.figures import common


def _panel() -> pd.DataFrame:
    """Two measures, two countries (Russia first, to check the order), one missing value."""
    return pd.DataFrame({
        "iso3": ["RUS", "RUS", "BLR", "BLR", "BLR", "RUS"],
        "country": ["Russia", "Russia", "Belarus", "Belarus", "Belarus", "Russia"],
        "year": [2016, 2017, 2016, 2017, 2018, 2016],
        "measure": ["share_of_gdp", "share_of_gdp", "share_of_gdp", "share_of_gdp",
                    "share_of_gdp", "milper"],
        "value": [5.45, 4.2, 1.25, np.nan, 1.31, 831.0],
        "status": ["ok", "estimate", "ok", "missing", "ok", "ok"],
    })  # fmt: skip


def test_year_span_and_measure_rows() -> None:
    panel = _panel()
    rows = common.measure_rows(panel, "share_of_gdp")
    # the BLR 2017 row has no value and the RUS milper row is another measure
    assert list(zip(rows["iso3"], rows["year"], strict=True)) == [
        ("RUS", 2016), ("RUS", 2017), ("BLR", 2016), ("BLR", 2018)]  # fmt: skip
    assert list(rows.index) == [0, 1, 2, 4]
    rows["value"] = 0.0  # a copy: the panel is untouched
    assert panel.loc[0, "value"] == 5.45
    span = common.year_span(panel)
    assert span == (2016, 2018) and all(type(y) is int for y in span)
    assert common.measure_rows(panel, "constant_2023_usd_m").empty


def test_year_x() -> None:
    assert common.year_x().to_dict() == {
        "field": "year", "type": "quantitative", "title": "Year", "axis": {"format": "d"},
        "scale": {"zero": False}}  # fmt: skip
    x = common.year_x("Delivery year", scale=alt.Scale(domain=[1992, 2016], nice=False))
    assert x.to_dict()["title"] == "Delivery year"
    assert x.to_dict()["scale"] == {"domain": [1992, 2016], "nice": False}


def test_country_year_chart_encodings_and_colours() -> None:
    rows = common.measure_rows(_panel(), "share_of_gdp")
    y = alt.Y("value:Q", title="Share of GDP (%)")
    spec = common.country_year_chart(rows, y).mark_line().to_dict()
    enc = spec["encoding"]
    assert enc["x"] == common.year_x().to_dict()
    assert enc["y"] == {"field": "value", "type": "quantitative", "title": "Share of GDP (%)"}
    # house colours from analysis.charts, the legend limited to the frame's countries and
    # listed in the book's order (Belarus before Russia), whatever the row order
    assert enc["color"]["field"] == "country" and enc["color"]["title"] == "Country"
    assert enc["color"]["scale"] == {"domain": ["Belarus", "Russia"],
                                     "range": [charts.PALETTE["BLR"], charts.PALETTE["RUS"]]}  # fmt: skip
    assert enc["color"] == charts.country_color(["RUS", "BLR"], title="Country").to_dict()
    assert common.country_colour(rows).to_dict() == enc["color"]
    # the chart carries the rows themselves
    data = spec["datasets"][spec["data"]["name"]]
    assert [(r["country"], r["year"], r["value"]) for r in data] == [
        ("Russia", 2016, 5.45), ("Russia", 2017, 4.2), ("Belarus", 2016, 1.25),
        ("Belarus", 2018, 1.31)]  # fmt: skip
    # a given x scale replaces the default one
    xs = alt.Scale(domain=[2016, 2018], nice=False)
    scaled = common.country_year_chart(rows, y, scale=xs).mark_line().to_dict()
    assert scaled["encoding"]["x"]["scale"] == {"domain": [2016, 2018], "nice": False}


def test_country_year_tooltips() -> None:
    def encoded(tips: list[alt.Tooltip]) -> list[dict]:
        data = pd.DataFrame({"country": ["Belarus"], "year": [2017], "value": [1.2],
                             "status_label": ["SIPRI figure"]})  # fmt: skip
        return alt.Chart(data).mark_point().encode(tooltip=tips).to_dict()["encoding"]["tooltip"]

    value = charts.tooltip("value", "Military expenditure", unit="% of GDP", fmt=".2f")
    assert encoded(common.country_year_tooltips(value, status="status_label")) == [
        {"field": "country", "type": "nominal", "title": "Country"},
        {"field": "year", "type": "quantitative", "title": "Year"},
        {"field": "value", "type": "quantitative", "title": "Military expenditure (% of GDP)",
         "format": ".2f"},
        {"field": "status_label", "type": "nominal", "title": "Status"},
    ]  # fmt: skip
    assert [t["field"] for t in encoded(common.country_year_tooltips())] == ["country", "year"]


def test_by_country_and_values_in() -> None:
    rows = common.measure_rows(_panel(), "share_of_gdp")
    series = common.by_country(rows, "value")
    assert list(series) == ["BLR", "RUS"]  # sorted by ISO3
    assert series["BLR"].to_dict() == {2016: 1.25, 2018: 1.31}
    assert common.values_in(series, 2016, ".1f", "%") == "Belarus 1.2%, Russia 5.5%"
    assert common.values_in({"BLR": series["BLR"]}, 2018, ".2f") == "Belarus 1.31"
