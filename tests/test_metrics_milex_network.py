"""Military-expenditure, personnel and network metrics, pinned to hand-read raw values.

Hand checks (raw files read with openpyxl / pyreadr, not the loaders):
- SIPRI-Milex-data-1949-2024_2.xlsx, "Share of GDP" (fractions): Belarus 2014
  0.010423276358795504, 2024 0.020736491079014444; Russia 2024 0.07052338645003664;
  Ukraine 2024 0.3448152977018923. "Constant (2023) US$": Belarus 2014
  655.9907285891355, 2024 1725.3729133219892.
- cow_nmc.rda, ccode 370 milper: 73 (2012), 48 (2013-2017), 45 (2018-2020), 48 (2021-22).
- data/articles/mic-bridge.yml: 21 entities, 24 relations; the curated facts' tiers and
  dates as in data/curated/defence_industry.csv and timeline_events.csv.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis.inputs.articles import load_article
from analysis.inputs.loaders import load_cow_nmc, load_sipri_milex
from analysis.metrics.milex import (
    MILEX_MEASURES,
    PANEL_COLUMNS,
    milex_panel,
    personnel_panel,
    real_change,
    real_changes,
)
from analysis.metrics.network import (
    CURATED_LINKS,
    EDGE_COLUMNS,
    article_graph,
    centrality_table,
    curated_facts,
    enrich_graph,
    layout,
    simple_projection,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    iso3s = ("BLR", "RUS", "UKR")
    return milex_panel(iso3s, MILEX_MEASURES, (1990, 2024), milex=load_sipri_milex())


def _value(panel: pd.DataFrame, iso3: str, year: int, measure: str) -> pd.Series:
    row = panel[(panel["iso3"] == iso3) & (panel["year"] == year) & (panel["measure"] == measure)]
    assert len(row) == 1, (iso3, year, measure)
    return row.iloc[0]


# --- milex ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("iso3", "year", "rounded", "raw"),
    [
        ("BLR", 2014, 1.04, 0.010423276358795504),
        ("BLR", 2024, 2.07, 0.020736491079014444),
        ("RUS", 2024, 7.05, 0.07052338645003664),
        ("UKR", 2024, 34.48, 0.3448152977018923),
    ],
)
def test_share_of_gdp_pinned(
    panel: pd.DataFrame, iso3: str, year: int, rounded: float, raw: float
) -> None:
    value = _value(panel, iso3, year, "share_of_gdp")["value"]
    assert round(value, 2) == rounded
    assert value == pytest.approx(raw * 100, rel=1e-12)


def test_constant_usd_pinned(panel: pd.DataFrame) -> None:
    row = _value(panel, "BLR", 2024, "constant_2023_usd_m")
    assert round(row["value"], 1) == 1725.4
    assert row["value"] == pytest.approx(1725.3729133219892, rel=1e-12)
    assert row["unit"] == "US$ m, constant 2023"


def test_status_flags_kept(panel: pd.DataFrame) -> None:
    assert list(panel.columns) == PANEL_COLUMNS
    assert _value(panel, "RUS", 2024, "share_of_gdp")["status"] == "estimate"
    assert _value(panel, "BLR", 2024, "share_of_gdp")["status"] == "ok"
    placeholder = _value(panel, "BLR", 1993, "current_usd_m")  # a 0 in the raw sheet
    assert placeholder["status"] == "missing" and np.isnan(placeholder["value"])
    assert set(panel["status"]) <= {"ok", "estimate", "uncertain", "missing", "not_existing"}


def test_panel_selection_and_order() -> None:
    milex = load_sipri_milex()
    out = milex_panel(["UKR", "BLR"], ["share_of_gdp"], (2020, 2021), milex=milex)
    assert list(out["iso3"]) == ["UKR", "UKR", "BLR", "BLR"]
    assert list(out["year"]) == [2020, 2021, 2020, 2021]
    with pytest.raises(ValueError, match="unknown measure"):
        milex_panel(["BLR"], ["gdp"], (2020, 2021), milex=milex)


def test_personnel_pinned() -> None:
    out = personnel_panel(["BLR"], (2012, 2022), nmc=load_cow_nmc()).set_index("year")
    assert list(out.columns) == [c for c in PANEL_COLUMNS if c != "year"]
    assert out.loc[2016, "value"] == 48
    assert out.loc[2018, "value"] == 45
    assert list(out.loc[2018:2020, "value"]) == [45, 45, 45]
    assert out.loc[2012, "value"] == 73 and out.loc[2022, "value"] == 48
    assert (out["measure"] == "milper").all() and (out["unit"] == "thousand personnel").all()
    assert (out["country"] == "Belarus").all()


def test_real_change(panel: pd.DataFrame) -> None:
    expected = 100 * (1725.3729133219892 / 655.9907285891355 - 1)
    assert real_change(panel, "BLR", 2014, 2024) == pytest.approx(expected, rel=1e-12)
    assert round(real_change(panel, "BLR", 2014, 2024), 1) == 163.0
    assert np.isnan(real_change(panel, "BLR", 1990, 2024))  # Belarus 1990: not existing
    assert np.isnan(real_change(panel, "POL", 2014, 2024))  # not in the panel
    table = real_changes(panel, 2014, 2024)
    assert list(table["iso3"]) == ["BLR", "RUS", "UKR"]


def test_real_change_zero_base_is_nan() -> None:
    toy = pd.DataFrame(
        {
            "iso3": ["AAA", "AAA"],
            "year": [2000, 2001],
            "measure": ["constant_2023_usd_m"] * 2,
            "value": [0.0, 5.0],
        }
    )
    assert np.isnan(real_change(toy, "AAA", 2000, 2001))


# --- network ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_G() -> nx.MultiDiGraph:
    return article_graph(load_article("mic-bridge"))


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return curated_facts()


def test_article_graph(article_G: nx.MultiDiGraph) -> None:
    assert article_G.number_of_nodes() == 21 and article_G.number_of_edges() == 24
    assert article_G.nodes["kamaz"] == {
        "name": "KAMAZ",
        "kind": "company",
        "country": "RUS",
        "origin": "article",
        "description": "Russian truck maker, partly held by the state corporation Rostekhnologii.",
    }
    data = article_G.edges["maz", "kamaz", "r-maz-kamaz"]
    assert data["kind"] == "merger_talks" and data["paragraph"] == 3 and data["date"] is None
    assert data["quote"] == "talks about MAZ and KAMAZ merger are ongoing"
    signed = article_G.edges["vladimir-semashko", "action-plan-2012-2015", "r-semashko-signed"]
    assert signed["date"] == "2012-10-23" and signed["origin"] == "article"


def test_centrality_table(article_G: nx.MultiDiGraph) -> None:
    table = centrality_table(article_G)
    assert list(table.columns) == [
        "id",
        "name",
        "kind",
        "country",
        "origin",
        "degree",
        "in_degree",
        "out_degree",
        "neighbours",
        "betweenness",
    ]
    assert table["degree"].sum() == 2 * 24 and table["in_degree"].sum() == 24
    assert table.iloc[0]["id"] == "dmitry-rogozin" and table.iloc[0]["degree"] == 6
    assert table["degree"].is_monotonic_decreasing


def test_centrality_uses_simple_projection() -> None:
    G = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b", "c"], name="n", kind="state")
    G.add_edge("a", "b", key="1")
    G.add_edge("a", "b", key="2")
    G.add_edge("b", "a", key="3")
    G.add_edge("b", "c", key="4")
    table = centrality_table(G).set_index("id")
    assert table.loc["b", "degree"] == 4 and table.loc["b", "neighbours"] == 2
    assert table.loc["b", "betweenness"] == 1.0 and table.loc["a", "betweenness"] == 0.0
    assert simple_projection(G).number_of_edges() == 2


def test_enrich_graph(article_G: nx.MultiDiGraph, facts: pd.DataFrame) -> None:
    E = enrich_graph(article_G, facts)
    assert article_G.number_of_edges() == 24  # input untouched
    assert E.number_of_edges() == 24 + len(CURATED_LINKS)
    stake = E.edges["rostekhnologii", "kamaz", "di-kamaz-rostekhnologii-stake-kamaz-2011"]
    assert stake["origin"] == "curated" and stake["tier"] == "B" and stake["date"] == "2011"
    assert stake["source_url"] == "https://naviny.by/node/67104"
    assert "49.9-percent stake in KamAZ" in stake["quote"]
    integral = E.edges["integral", "russia", "di-integral-minsk-share-products-exported-2012"]
    assert integral["tier"] == "C" and integral["flagged"]
    key = "tl-2012-12-24-russian-government-resolution-no"
    res = E.edges["ru-government", "resolution-1389", key]
    assert res["date"] == "2012-12-24" and res["tier"] == "B"
    talks = [
        d["date"]
        for _, _, d in E.edges("maz", data=True)
        if d["kind"] == "merger_talks" and d["origin"] == "curated"
    ]
    assert sorted(talks) == ["2010", "2011", "2012-06", "2012-10-08", "2018"]
    assert E.nodes["rostekhnologii"]["origin"] == "curated"
    assert E.nodes["kamaz"]["origin"] == "article"
    origins = {d["origin"] for _, _, d in E.edges(data=True)}
    assert origins == {"article", "curated"}


def test_enrich_graph_unknown_fact(article_G: nx.MultiDiGraph, facts: pd.DataFrame) -> None:
    from analysis.metrics.network import CuratedLink

    with pytest.raises(KeyError, match="no-such-fact"):
        enrich_graph(article_G, facts, [CuratedLink("no-such-fact", "maz", "kamaz", "x", "y")])


def test_enrich_other_article(facts: pd.DataFrame) -> None:
    G = article_graph(load_article("confrontation-spiral"))
    E = enrich_graph(G, facts)
    new = {n for n, d in E.nodes(data=True) if d["origin"] == "curated"}
    assert {"kamaz", "maz", "integral", "resolution-1389", "rostekhnologii"} <= new


def test_layout_tables(article_G: nx.MultiDiGraph, facts: pd.DataFrame) -> None:
    E = enrich_graph(article_G, facts)
    nodes, edges = layout(E, seed=7)
    assert list(nodes["id"]) == sorted(E.nodes)
    assert list(edges.columns) == [*EDGE_COLUMNS, "x", "y", "x2", "y2"]
    assert len(edges) == E.number_of_edges()
    coords = pd.concat([nodes[["x", "y"]], edges[["x", "y", "x2", "y2"]]], axis=1)
    assert ((coords.abs() <= 1.0) | coords.isna()).all().all()
    assert (nodes[["x", "y"]] == nodes[["x", "y"]].round(4)).all().all()
    assert not np.signbit(nodes.loc[nodes["x"] == 0, "x"]).any()
    pos = nodes.set_index("id")
    first = edges.iloc[0]
    src, dst = pos.loc[first["source"]], pos.loc[first["target"]]
    assert (first["x"], first["y"]) == (src["x"], src["y"])
    assert (first["x2"], first["y2"]) == (dst["x"], dst["y"])


_LAYOUT_SCRIPT = """
from analysis.inputs.articles import load_article
from analysis.metrics.network import article_graph, curated_facts, enrich_graph, layout
G = enrich_graph(article_graph(load_article("mic-bridge")), curated_facts())
nodes, edges = layout(G, seed=11, iterations=150)
print(nodes.to_csv(index=False) + edges.to_csv(index=False), end="")
"""


def test_layout_byte_stable(article_G: nx.MultiDiGraph, facts: pd.DataFrame) -> None:
    E = enrich_graph(article_G, facts)
    nodes, edges = layout(E, seed=11, iterations=150)
    here = nodes.to_csv(index=False) + edges.to_csv(index=False)
    again = layout(E, seed=11, iterations=150)
    assert again[0].to_csv(index=False) + again[1].to_csv(index=False) == here
    run = subprocess.run(
        [sys.executable, "-c", _LAYOUT_SCRIPT], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert run.stdout == here
    # node insertion order does not matter
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(sorted(E.nodes(data=True), reverse=True))
    by_key = sorted(E.edges(keys=True, data=True), key=lambda e: e[2], reverse=True)
    shuffled.add_edges_from(by_key)
    other = layout(shuffled, seed=11, iterations=150)
    assert other[0].to_csv(index=False) + other[1].to_csv(index=False) == here
