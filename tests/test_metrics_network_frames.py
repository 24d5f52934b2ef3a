"""Chart-ready frames of an actor network (analysis.metrics.network.network_frames) and
its counts (network_finding), on a toy layout worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.metrics import network


def test_rescale() -> None:
    out = network._rescale(pd.Series([0.0, 0.5, 1.0]))
    assert list(out) == [-1.0, 0.0, 1.0]
    assert list(network._rescale(pd.Series([0.3, 0.3]))) == [0.0, 0.0]


def _toy_layout() -> tuple[pd.DataFrame, pd.DataFrame]:
    nodes = pd.DataFrame(
        {
            "id": ["a", "b", "maz"],
            "name": ["Alpha", "Beta", "MAZ (Minsk Automobile Plant)"],
            "kind": ["person", "state", "company"],
            "country": ["BLR", None, "BLR"],
            "description": ["x", "y", "z"],
            "origin": ["article", "article", "curated"],
            "degree": [2, 3, 1],
            "x": [0.0, 2.0, 1.0],
            "y": [0.0, 0.0, 2.0],
        }
    )
    edges = pd.DataFrame(
        {
            "source": ["a", "a", "b"],
            "target": ["b", "b", "maz"],
            "key": ["r1", "f1", "f2"],
            "kind": ["signed", "merger_talks", "holds_stake_in"],
            "label": [None, "talks", "stake"],
            "date": [None, "2012", "2011"],
            "quote": ["q1", "q2", "q3"],
            "paragraph": [1, None, None],
            "origin": ["article", "curated", "curated"],
            "fact_id": [None, "f1", "f2"],
            "tier": [None, "C", "B"],
            "flagged": [False, True, False],
            "source_url": ["u"] * 3,
            "x": [0.0, 0.0, 2.0],
            "y": [0.0, 0.0, 0.0],
            "x2": [2.0, 2.0, 1.0],
            "y2": [0.0, 0.0, 2.0],
        }
    )
    return nodes, edges


def test_network_frames_styles_labels_and_parallel_offsets() -> None:
    nodes, edges = network.network_frames(*_toy_layout(), labels={"maz": "MAZ"})
    # coordinates stretched to [-1, 1]: a (-1, -1), b (1, -1), maz (0, 1)
    assert list(nodes["x"]) == [-1.0, 1.0, 0.0]
    assert list(nodes["y"]) == [-1.0, -1.0, 1.0]
    assert list(nodes["label"]) == ["Alpha", "Beta", "MAZ"]  # the label given for maz
    assert list(nodes["country_name"]) == ["Belarus", network.NO_COUNTRY, "Belarus"]
    assert list(edges["style"]) == [
        network.EDGE_STYLES[0],
        network.EDGE_STYLES[2],
        network.EDGE_STYLES[1],
    ]
    assert list(edges["tier_text"]) == ["article", "C (flagged)", "B (evidence)"]
    assert list(edges["note"])[0] == "as reported in the article"
    assert list(edges["date"])[0] == "undated"
    # the two a-b edges run horizontally; they are shifted by -/+ half a gap upwards
    gap = network.PARALLEL_GAP / 2
    assert edges.loc[0, "y"] == pytest.approx(-1 - gap) and edges.loc[0, "y2"] == pytest.approx(
        -1 - gap
    )
    assert edges.loc[1, "y"] == pytest.approx(-1 + gap)
    assert edges.loc[0, "x"] == -1.0 and edges.loc[0, "x2"] == 1.0
    # markers staggered along the line: t = 0.5 -/+ 0.06 -> x = -0.12 and 0.12
    assert edges.loc[0, "mx"] == pytest.approx(-0.12)
    assert edges.loc[1, "mx"] == pytest.approx(0.12)
    # a single edge b -> maz keeps its ends and gets its marker half-way
    assert (edges.loc[2, "x"], edges.loc[2, "y"], edges.loc[2, "x2"], edges.loc[2, "y2"]) == (
        1.0,
        -1.0,
        0.0,
        1.0,
    )
    assert (edges.loc[2, "mx"], edges.loc[2, "my"]) == (0.5, 0.0)


def test_network_finding_on_toy() -> None:
    nodes, edges = network.network_frames(*_toy_layout(), labels={"maz": "MAZ"})
    centrality = pd.DataFrame(
        {
            "id": ["b", "a", "maz"],
            "name": ["Beta", "Alpha", "MAZ"],
            "degree": [3, 2, 1],
            "betweenness": [1.0, 0.0, 0.0],
        }
    )
    found = network.network_finding(nodes, edges, centrality)
    assert found["n_nodes"] == 3 and found["n_article_nodes"] == 2 and found["n_curated_nodes"] == 1
    assert found["n_edges"] == 3 and found["n_curated_edges"] == 2 and found["n_flagged_edges"] == 1
    assert found["top_degree_name"] == "Beta" and found["top_degree"] == 3
    assert found["top_between_name"] == "Beta"


def test_network_frames_wrap_long_names_without_labels() -> None:
    nodes, _ = network.network_frames(*_toy_layout(), label_width=10)
    assert nodes.loc[2, "label"] == "MAZ (Minsk\nAutomobile\nPlant)"
