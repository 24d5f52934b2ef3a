"""The book's one network chart (analysis.charts.network), on toy networks."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts import KIND_SHAPES, tooltip
from analysis.charts.network import (
    LABEL_CHAR_PX,
    LABEL_HEIGHT_PX,
    NETWORK_HEIGHT,
    NETWORK_WIDTH,
    Filter,
    empty_network,
    label_positions,
    network_chart,
)


def _nodes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["Alpha", "Beta", "Gamma"],
            "short_name": ["Alpha", "Beta", "Gamma"],
            "label": ["Alpha", "Beta", "Gamma"],
            "kind": ["person", "state", "company"],
            "group": ["x", "y", "x"],
            "degree": [2, 2, 2],
            "x": [-1.0, 0.0, 1.0],
            "y": [0.0, 1.0, 0.0],
            "articles_key": ["|x|", "|y|", "|x|"],
            "kinds_key": ["|talks|", "|talks|signed|", "|signed|"],
            "unused": ["drop", "me", "please"],
        }
    )


def _edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "x": [-1.0, 0.0],
            "y": [0.0, 1.0],
            "x2": [0.0, 1.0],
            "y2": [1.0, 0.0],
            "mx": [-0.5, 0.5],
            "my": [0.5, 0.5],
            "style": ["solid", "flagged"],
            "kind": ["talks", "signed"],
            "article": ["x", "y"],
        }
    )


def _layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec["vconcat"][0]["layer"])


def _chart(**kw: Any) -> charts.ChartDisplay:
    args: dict[str, Any] = {
        "title": "Beta links Alpha and Gamma",
        "description": "Three actors, two relations.",
        "source": "a toy annotation",
        "colour": "group",
        "colours": {"x": "#111111", "y": "#222222", "z": "#333333"},
        "colour_title": "Group",
        "edge_colour": "style",
        "edge_colours": {"solid": "#666666", "flagged": "#B00020"},
        "edge_title": "Relation",
        "node_tooltips": [tooltip("name", "Entity")],
        "edge_tooltips": [tooltip("kind", "Relation")],
        "x_domain": (-1.5, 1.5),
        "y_domain": (-0.5, 1.5),
    }
    args.update(kw)
    return charts.show(network_chart(_nodes(), _edges(), **args), "toy-network")


def test_kinds_take_the_book_shapes_and_unused_columns_are_dropped() -> None:
    spec = _chart().spec
    nodes = _layers(spec)[1]
    shape = nodes["encoding"]["shape"]["scale"]
    # kinds in KIND_SHAPES order, each with the one shape of the book
    assert shape["domain"] == ["state", "person", "company"]
    assert shape["range"] == [KIND_SHAPES[k] for k in shape["domain"]]
    # only the groups present, in the order of the colours given
    assert nodes["encoding"]["color"]["scale"]["domain"] == ["x", "y"]
    rows = [r for data in spec["datasets"].values() for r in data]
    assert all("unused" not in r for r in rows)


def test_separate_colours_get_independent_scales_and_dashes_share_the_legend() -> None:
    spec = _chart(edge_dashes={"solid": [1, 0], "flagged": [2, 3]}, markers=True).spec
    inner = spec["vconcat"][0]
    assert inner["resolve"]["scale"] == {"color": "independent", "strokeDash": "independent"}
    lines, markers = _layers(spec)[:2]
    assert lines["encoding"]["strokeDash"]["field"] == lines["encoding"]["color"]["field"]
    assert lines["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [2, 3]]
    # with markers the tooltips sit on the diamonds, not on the lines
    assert "tooltip" not in lines["encoding"]
    assert markers["mark"]["shape"] == "diamond" and markers["encoding"]["tooltip"]
    assert markers["encoding"]["color"]["legend"] is None


def test_shared_colours_make_one_scale_and_one_legend() -> None:
    colours = {"x": "#111111", "y": "#222222"}
    spec = _chart(edge_colour="article", edge_colours=colours, colours=colours).spec
    assert "resolve" not in spec["vconcat"][0]
    lines, nodes = _layers(spec)[:2]
    assert lines["encoding"]["color"]["scale"]["domain"] == ["x", "y"]
    assert nodes["encoding"]["color"]["legend"] is None


def test_filters_fade_what_does_not_match() -> None:
    menu = Filter("article", "Article: ", ["x", "y"], ["x", "y"], "all", "article", "articles_key")
    spec = _chart(filters=[menu], labels="side").spec
    lines = _layers(spec)[0]
    params = {p["name"]: p for p in spec.get("params", [])}
    params.update({p["name"]: p for p in lines.get("params", [])})
    assert params["article"]["bind"]["options"] == ["all", "x", "y"]
    test = lines["encoding"]["opacity"]["condition"]["test"]
    assert test == "(article == 'all' || datum.article == article)"
    node_test = _layers(spec)[1]["encoding"]["opacity"]["condition"]["test"]
    assert "indexof(datum.articles_key, '|' + article + '|') >= 0" in node_test
    # side labels: one text layer per side (left, right, hub)
    assert [layer["mark"]["type"] for layer in _layers(spec)[2:]] == ["text"] * 3


def test_label_positions_separate_labels_that_would_overlap() -> None:
    nodes = pd.DataFrame(
        {
            "id": ["a", "b"],
            "short_name": ["Alpha", "Beta"],
            "degree": [3, 1],
            "x": [-1.0, -1.0],
            "y": [0.0, 0.001],
            "side": ["left", "left"],
        }
    )
    ly = label_positions(nodes, (-2.0, 2.0), (-1.0, 1.0))
    assert ly[0] == 0.0  # the busier node keeps its place
    sy = NETWORK_HEIGHT / 2.0
    assert abs(ly[1] - ly[0]) * sy >= LABEL_HEIGHT_PX - 1e-6  # moved by a label height
    assert LABEL_CHAR_PX > 0 and NETWORK_WIDTH > 0


def test_empty_network_placeholder() -> None:
    shown = charts.show(empty_network("Nothing yet", "a toy", "data/articles/x.yml"), "empty")
    assert shown.meta["title"] == "Nothing yet"
    assert "data/articles/x.yml" in shown.meta["description"]
