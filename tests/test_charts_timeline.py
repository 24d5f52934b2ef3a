"""The timeline chart family (:mod:`analysis.charts.timeline`) on small frames."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts.style import RING, TIER_DOMAIN, TIER_FLAGGED, TIER_SOURCED
from analysis.charts.timeline import (
    KEY_CHAR_PX,
    category_scale,
    curated_source,
    date_rules,
    event_timeline,
    label_levels,
)


def _layers(chart: Any) -> list[dict[str, Any]]:
    """The layers of a finished chart's inner spec."""
    spec = chart.to_dict()
    return list(spec["vconcat"][0]["layer"])


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": ["2017-04-15", "2017-08-24", "2017-09-30"],
            "end": ["2017-04-15", "2017-09-07", "2017-09-30"],
            "kind": ["statement", "incident", "denial"],
            "who": ["Belarus", "two or more", "Russia"],
            "tier_status": [TIER_SOURCED, TIER_SOURCED, TIER_FLAGGED],
            "what": ["a", "b", "c"],
        }
    )


def test_helpers() -> None:
    assert "curated facts (timeline events)" in curated_source("timeline_events")
    assert "data/curated" not in curated_source("timeline_events"), "readers get no file names"
    rules = date_rules({"2017-09-14": "Zapad-2017"}).to_dict()
    assert rules["layer"][0]["encoding"]["x"] == {"field": "date", "type": "temporal"}
    assert len(rules["layer"]) == 2  # the rule and its label
    scale = category_scale(["a", "b"], {"a": "#111111"}).to_dict()
    assert scale == {"domain": ["a", "b"], "range": ["#111111", charts.NEUTRAL]}


def test_event_timeline_lanes_colours_tiers_spans_and_marks() -> None:
    chart = event_timeline(
        _events(),
        row="kind",
        rows=["statement", "denial", "incident"],
        end="end",
        colour="who",
        colours={"Russia": "#0072B2", "Belarus": "#D55E00"},
        colour_title="Who",
        tier="tier_status",
        marks={"2017-09-14": "Zapad-2017"},
        span=("2017-03-20", "2017-12-10"),
        tooltips=[charts.tooltip("what", "What")],
        title="A finding",
        description="A description.",
        source="test rows",
    )
    layers = _layers(chart)
    assert len(layers) == 3  # marker rules, span bars, points
    bars, points = layers[1], layers[2]
    assert bars["mark"]["type"] == "rule" and bars["encoding"]["x2"]["field"] == "end"
    enc = points["encoding"]
    assert enc["y"]["sort"] == ["statement", "denial", "incident"]
    # colour domain: the colours given, in their order, then the rest (neutral)
    assert enc["color"]["scale"]["domain"] == ["Russia", "Belarus", "two or more"]
    assert enc["color"]["scale"]["range"] == ["#0072B2", "#D55E00", charts.NEUTRAL]
    # the one grammar: sourced rows filled circles, tier C/W rings
    assert enc["shape"]["scale"] == {"domain": TIER_DOMAIN, "range": ["circle", RING]}
    assert enc["x"]["scale"]["domain"] == ["2017-03-20", "2017-12-10"]
    meta = charts.show(chart, "tl-test").meta
    assert meta["title"] == "A finding" and "test rows" in " ".join(meta["source"])


def test_event_timeline_neutral_shapes_stagger_and_interaction() -> None:
    frame = _events().assign(origin=["curated", "article", "curated"], stagger=[1, 0, 2])
    chart = event_timeline(
        frame,
        row="kind",
        colour="who",
        shape="origin",
        shapes={"curated": "circle", "article": "diamond"},
        sizes={"curated": 55, "article": 170},
        stagger="stagger",
        interactive=True,
        width=560,
        title="T",
        description="D.",
        source="s",
    )
    (points,) = _layers(chart)
    enc = points["encoding"]
    assert enc["y"]["sort"] == ["statement", "incident", "denial"]  # first appearance
    assert enc["shape"]["scale"]["range"] == ["circle", "diamond"]
    assert enc["size"]["scale"]["range"] == [55, 170]
    assert enc["yOffset"]["field"] == "stagger"
    params = chart.to_dict()["params"]  # Altair lifts a layer's selections to the top
    assert [p["bind"] for p in params] == ["legend", "scales"] and "opacity" in enc
    plain = event_timeline(_events(), row="kind", title="T", description="D.", source="s")
    (only,) = _layers(plain)
    assert only["mark"]["color"] == charts.NEUTRAL and "shape" not in only["encoding"]


def test_key_event_labels_do_not_overlap_nor_cross_ticks() -> None:
    span, width = ("2000-01-01", "2010-01-01"), 500.0
    dates = ["2001-01-01", "2001-06-01", "2002-01-01", "2005-01-01", "2008-06-01", "2009-01-01"]
    labels = ["A long first label", "Second", "Third label", "Fourth", "Fifth label", "Sixth"]
    levels = label_levels(dates, labels, span, width)
    t0 = pd.Timestamp(span[0])
    per_s = width / (pd.Timestamp(span[1]) - t0).total_seconds()
    boxes = [
        (lv, (pd.Timestamp(d) - t0).total_seconds() * per_s)
        for d, lv in zip(dates, levels, strict=True)
    ]
    boxes = [
        (lv, x, x + 3 + KEY_CHAR_PX * len(t)) for (lv, x), t in zip(boxes, labels, strict=True)
    ]
    for i, (row, left, right) in enumerate(boxes):
        for j, (row2, left2, right2) in enumerate(boxes):
            if i == j:
                continue
            assert not (row == row2 and left < right2 and left2 < right), (labels[i], labels[j])
            # the tick of j runs from its row down to the plot: it crosses no lower label
            assert not (row2 > row and left < left2 < right), (labels[j], "crosses", labels[i])
    assert levels[3] == 0 and max(levels) >= 1  # spread-out labels share the lowest row


def test_event_timeline_labels_key_events_above_the_lanes() -> None:
    chart = event_timeline(
        _events(),
        row="kind",
        key_events={"2017-04-15": "Chernobyl assurances", "2017-09-14": "Zapad-2017"},
        span=("2017-03-20", "2017-12-10"),
        width=400,
        title="A finding",
        description="A description.",
        source="test rows",
    )
    spec = chart.to_dict()
    band = spec["vconcat"][0]["vconcat"][0]  # above the lanes
    assert any((layer.get("mark") or {}).get("type") == "text" for layer in band["layer"])
    texts = [row["label"] for row in band["data"]["values"]]
    assert texts == ["Chernobyl assurances", "Zapad-2017"]
