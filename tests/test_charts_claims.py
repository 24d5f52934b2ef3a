"""Claims charts (analysis.charts.claims): stated figures, figure bars, verdict bars."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts import RING, VERDICT_COLOURS, tooltip
from analysis.charts.claims import figure_bars, figure_dots, verdict_bars
from analysis.charts.style import TIER_FLAGGED, TIER_SOURCED


def _figures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "exercise": ["E1", "E1", "E2"],
            "what": ["all", "front", "all"],
            "who": ["A", "B", "A"],
            "low": [10.0, 100.0, 20.0],
            "high": [10.0, 150.0, 20.0],
            "mid": [10.0, 125.0, 20.0],
            "official_total": [10.0, 10.0, 20.0],
            "tier_status": [TIER_SOURCED, TIER_FLAGGED, TIER_SOURCED],
        }
    )


def _spec(chart: Any) -> dict[str, Any]:
    return charts.show(chart, "toy").spec


def test_figure_dots_rings_unverified_and_draws_the_reference() -> None:
    spec = _spec(
        figure_dots(
            _figures(),
            title="B counts more than the exercise",
            description="Dots.",
            source="toy",
            colours={"B": "#222222", "A": "#111111", "C": "#333333"},
            tooltips=[tooltip("who", "Who")],
            panel="exercise",
            panels=["E1", "E2"],
            category="what",
            categories=["all", "front", "other"],
            colour="who",
            colour_title="Who",
            x_title="People",
            x_domain=(1, 1000),
            x_values=[1, 10, 100, 1000],
            reference="official_total",
            reference_title="Official total",
        )
    )
    inner = spec["vconcat"][0]
    assert inner["facet"]["row"]["sort"] == ["E1", "E2"]
    rule, ranges, points = inner["spec"]["layer"]
    assert rule["encoding"]["x"]["aggregate"] == "max"
    assert rule["encoding"]["x"]["field"] == "official_total"
    assert ranges["transform"] == [{"filter": "datum.high > datum.low"}]
    shape = points["encoding"]["shape"]["scale"]
    assert shape["range"] == ["circle", RING]
    colour = points["encoding"]["color"]["scale"]
    assert colour["domain"] == ["B", "A"]  # present claimants, in the order given
    assert points["encoding"]["y"]["sort"] == ["all", "front"]
    assert points["encoding"]["x"]["scale"]["type"] == "log"


def test_figure_bars_labels_and_ranges() -> None:
    data = _figures().assign(
        label=["one", "two", "three"], country=["Russia", "Ukraine", "Russia"], text=["a", "b", "c"]
    )
    spec = _spec(
        figure_bars(
            data,
            title="Three figures",
            description="Bars.",
            source="toy",
            tooltips=[tooltip("who", "Who")],
            x_domain=(0, 200),
            x_values=[0, 100, 200],
        )
    )
    bars, ranges, text = spec["vconcat"][0]["layer"]
    assert bars["encoding"]["y"]["sort"] == ["one", "two", "three"]
    assert bars["encoding"]["color"]["scale"]["range"] == [
        charts.PALETTE["RUS"],
        charts.PALETTE["UKR"],
    ]
    assert ranges["encoding"]["x2"]["field"] == "high"
    assert text["encoding"]["text"]["field"] == "text"


def test_verdict_bars_drop_zeros_and_stack_in_verdict_order() -> None:
    counts = pd.DataFrame(
        {
            "slug": ["a", "a", "a", "b"],
            "verdict": ["mixed", "supported", "contradicted", "supported"],
            "n": [2, 1, 0, 3],
        }
    )
    verdicts = ["supported", "contradicted", "mixed"]
    spec = _spec(
        verdict_bars(counts, title="4 of 6", description="Bars.", source="toy", verdicts=verdicts)
    )
    bars = spec["vconcat"][0]
    colour = bars["encoding"]["color"]["scale"]
    assert colour["domain"] == ["supported", "mixed"]  # contradicted has no claim
    assert colour["range"] == [VERDICT_COLOURS["supported"], VERDICT_COLOURS["mixed"]]
    rows = [r for data in spec["datasets"].values() for r in data]
    assert sorted((r["slug"], r["verdict"], r["order"]) for r in rows) == [
        ("a", "mixed", 2),
        ("a", "supported", 0),
        ("b", "supported", 0),
    ]
