"""Chart family ``analysis.charts.lines``: country-year lines, index lines, spans, panels.

Small hand-made frames; the assertions read the rendered Vega-Lite spec (encodings, data,
the house frame's metadata), not the wording of titles.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest

from analysis import charts
from analysis.charts import lines
from analysis.charts.style import RING, STATUS_LABELS


def _frame() -> pd.DataFrame:
    """Two countries (Russia first, to check the book's order), one missing value."""
    return pd.DataFrame(
        {
            "iso3": ["RUS", "RUS", "BLR", "BLR", "BLR"],
            "country": ["Russia", "Russia", "Belarus", "Belarus", "Belarus"],
            "year": [2016, 2017, 2016, 2017, 2018],
            "value": [5.45, 4.2, 1.25, np.nan, 1.31],
            "status": ["ok", "estimate", "ok", "missing", "uncertain"],
            "source": "sipri-milex",
        }
    )


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The layers of a finished chart (``finish`` wraps the chart in a vconcat)."""
    inner = spec["vconcat"][0]
    return list(inner.get("layer", [inner]))


def _data(spec: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a layer (inline values or a named dataset)."""
    data = node["data"]
    return list(data["values"] if "values" in data else spec["datasets"][data["name"]])


def test_year_span_and_year_x() -> None:
    span = lines.year_span(_frame())
    assert span == (2016, 2018) and all(type(y) is int for y in span)
    assert lines.year_x().to_dict() == {
        "field": "year",
        "type": "quantitative",
        "title": "Year",
        "axis": {"format": "d"},
        "scale": {"zero": False},
    }
    x = lines.year_x("Delivery year", scale=alt.Scale(domain=[1992, 2016], nice=False))
    assert x.to_dict()["scale"] == {"domain": [1992, 2016], "nice": False}


def test_status_labels_use_the_one_grammar() -> None:
    got = lines.status_labels(pd.Series(["ok", "estimate", "uncertain", "odd"]))
    assert got.tolist() == [
        STATUS_LABELS["ok"],
        STATUS_LABELS["estimate"],
        STATUS_LABELS["uncertain"],
        "odd",
    ]
    frame = lines.with_status_labels(_frame())
    assert "status_label" in frame and "status_label" not in _frame()


def test_by_country_and_values_in() -> None:
    series = lines.by_country(_frame().dropna(subset=["value"]), "value")
    assert list(series) == ["BLR", "RUS"]  # sorted by ISO3
    assert series["BLR"].to_dict() == {2016: 1.25, 2018: 1.31}
    assert lines.values_in(series, 2016, ".1f", "%") == "Belarus 1.2%, Russia 5.5%"


def test_country_year_lines_marks_estimates_with_rings() -> None:
    chart = lines.country_year_lines(
        _frame(),
        title="T",
        description="D",
        axis_title="Share (% of GDP)",
        unit="% of GDP",
        rules=(2014, 2017),
        note="Extra",
    )
    shown = charts.show(chart, "lines-test")
    spec = shown.spec
    layers = _layers(spec)
    points = layers[-1]
    data = _data(spec, points)
    # the missing value is dropped; labels come from STATUS_LABELS
    assert [(r["iso3"], r["year"]) for r in data] == [
        ("RUS", 2016),
        ("RUS", 2017),
        ("BLR", 2016),
        ("BLR", 2018),
    ]
    assert {r["status_label"] for r in data} == {
        STATUS_LABELS["ok"],
        STATUS_LABELS["estimate"],
        STATUS_LABELS["uncertain"],
    }
    shape = points["encoding"]["shape"]
    assert shape["field"] == "status_label"
    assert shape["scale"]["range"][0] == "circle" and set(shape["scale"]["range"][1:]) == {RING}
    assert points["mark"]["filled"] is True
    colour = points["encoding"]["color"]["scale"]
    assert colour == {
        "domain": ["Belarus", "Russia"],
        "range": [charts.PALETTE["BLR"], charts.PALETTE["RUS"]],
    }
    # only the rule inside the drawn years is kept; the note says what rings are
    rules = layers[0]
    assert [r["year"] for r in _data(spec, rules)] == [2017]
    footer = " ".join(shown.meta["source"])
    assert lines.ESTIMATE_NOTE in footer and "Extra" in footer
    assert shown.meta["datasets"] == ["sipri-milex"]


def test_country_year_lines_without_status_or_estimates() -> None:
    frame = _frame().assign(status="ok")
    shown = charts.show(
        lines.country_year_lines(
            frame, title="T", description="D", axis_title="A", unit="u", log=True, status=None
        ),
        "plain",
    )
    points = _layers(shown.spec)[-1]
    assert "shape" not in points["encoding"]
    assert lines.ESTIMATE_NOTE not in " ".join(shown.meta["source"])
    assert _layers(shown.spec)[0]["encoding"]["y"]["scale"]["type"] == "log"
    with pytest.raises(ValueError, match="no values"):
        lines.country_year_lines(
            frame.assign(value=np.nan), title="T", description="D", axis_title="A", unit="u"
        )


def test_country_year_lines_band() -> None:
    shown = charts.show(
        lines.country_year_lines(
            _frame(),
            title="T",
            description="D",
            axis_title="A",
            unit="u",
            band=(2016, 2017),
            band_label="plan",
        ),
        "band",
    )
    values = _data(shown.spec, _layers(shown.spec)[0])
    assert (values[0]["start"], values[0]["end"]) == (2015.5, 2017.5)
    assert values[0]["label"] == "plan"


def test_year_band_temporal_and_unlabelled() -> None:
    band = lines.year_band((2012, 2015), temporal=True)
    assert band.data["start"].iloc[0] == "2012-01-01"
    assert band.to_dict()["encoding"]["x"]["type"] == "temporal"
    assert len(lines.year_band((2012, 2015), "x", y_label=1.0).to_dict()["layer"]) == 2


def test_index_lines_draws_the_index_with_the_level_in_the_tooltip() -> None:
    index = pd.DataFrame(
        {
            "iso3": ["BLR", "BLR"],
            "country": ["Belarus", "Belarus"],
            "year": [2017, 2018],
            "value": [800.0, 1600.0],
            "index": [100.0, 200.0],
            "status": ["ok", "ok"],
            "source": "sipri-milex",
        }
    )
    shown = charts.show(
        lines.index_lines(index, base_year=2017, title="T", description="D"), "index"
    )
    points = _layers(shown.spec)[-1]
    assert points["encoding"]["y"]["field"] == "index"
    assert points["encoding"]["y"]["scale"]["type"] == "log"
    assert [t["field"] for t in points["encoding"]["tooltip"]] == [
        "country",
        "year",
        "index",
        "value",
        "status_label",
    ]


def test_year_spans() -> None:
    cover = pd.DataFrame(
        {"dataset": ["a", "b"], "start": [1816, 1992], "end": [2014, 2024], "title": ["A", "B"]}
    )
    shown = charts.show(
        lines.year_spans(
            cover,
            title="T",
            description="D",
            domain=(1810, 2030),
            marker=(1991, "1991"),
            source="the registry",
        ),
        "spans",
    )
    bars = _layers(shown.spec)[0]
    assert bars["encoding"]["x"]["field"] == "start" and bars["encoding"]["x2"]["field"] == "end"
    assert bars["encoding"]["x"]["scale"]["domain"] == [1810, 2030]
    assert shown.meta["datasets"] == [] and "the registry" in " ".join(shown.meta["source"])


def test_country_year_panels() -> None:
    dash = pd.DataFrame(
        {
            "indicator": ["A", "A", "B", "B"],
            "series": ["Russia", "Russia", "Belarus", "Belarus"],
            "iso3": ["RUS", "RUS", "BLR", "BLR"],
            "year": [2000, 2001, 2000, 2001],
            "value": [1.0, np.nan, 2.0, 3.0],
            "unit": "%",
            "source": ["unvotes", "unvotes", "sipri-milex", "sipri-milex"],
            "segment": pd.array([0, pd.NA, 0, 0], dtype="Int64"),
        }
    )
    shown = charts.show(
        lines.country_year_panels(
            dash, title="T", description="D", panels=["B", "A"], rules=[2000]
        ),
        "panels",
    )
    facet = shown.spec["vconcat"][0]
    assert facet["facet"]["field"] == "indicator" and facet["facet"]["sort"] == ["B", "A"]
    assert facet["resolve"] == {"scale": {"y": "independent"}}
    assert shown.meta["datasets"] == ["unvotes", "sipri-milex"]


def test_year_rules_labels_step_down() -> None:
    rules = lines.year_rules([2014, 2017]).to_dict()
    assert len(rules["layer"]) == 3  # one rule layer, one label per year
    assert [layer["mark"]["y"] for layer in rules["layer"][1:]] == [2, 15]
