"""The before/after chart family (:mod:`analysis.charts.indicators`) and its metrics."""

from __future__ import annotations

from analysis import charts
from analysis.charts.indicators import before_after_dumbbells, before_after_long
from analysis.metrics.indicators import before_after_frame, direction_counts, moves_text, span


def _row(
    name: str, before: float, after: float, towards: str, dataset: str = "unvotes"
) -> dict[str, object]:
    return {
        "indicator": name,
        "before": before,
        "after": after,
        "before_years": "x",
        "after_years": "y",
        "dataset": dataset,
        "towards": towards,
    }


def test_before_after_frame_directions_and_counts() -> None:
    out = before_after_frame(
        [
            _row("a", 10.0, 20.0, "rus"),
            _row("b", 10.0, 20.0, "west"),
            _row("c", 30.0, 20.0, "west"),
            _row("d", 5.0, 5.0, "rus"),
        ]
    )
    assert list(out["change"]) == [10.0, 10.0, -10.0, 0.0]
    assert list(out["direction"]) == [
        "towards Russia",
        "towards the West",
        "towards Russia",
        "no change",
    ]
    assert direction_counts(out) == {"n": 4, "n_rus": 2, "n_west": 1}
    assert moves_text(out, "towards the West") == "b (10.0% to 20.0%)"
    assert moves_text(out.iloc[:1], "towards the West") == "none"
    assert span(2009, 2012) == "2009-2012" and span(2016, 2016) == "2016"


def test_dumbbells_take_datasets_from_the_frame() -> None:
    frame = before_after_frame(
        [
            _row("a", 10.0, 20.0, "rus", "cow-trade"),
            _row("b", 1.0, 2.0, "west", "unvotes, comtrade-4yearly"),
        ]
    )
    long = before_after_long(frame, ("Before", "After"))
    assert long["when"].tolist() == ["Before", "Before", "After", "After"]
    assert long["pct"].tolist() == [10.0, 1.0, 20.0, 2.0]
    chart = before_after_dumbbells(frame, title="T", description="D.", windows=("Before", "After"))
    assert set(charts.show(chart, "ba-test").meta["datasets"]) == {
        "cow-trade",
        "unvotes",
        "comtrade-4yearly",
    }
    pts = chart.to_dict()["vconcat"][0]["layer"][1]["encoding"]
    assert pts["shape"]["scale"]["range"] == ["circle", "diamond"]
