"""Tests of ``analysis.pages.legacy_mic``: the chapter on the 2012 action plan.

Pure functions are tested on toy frames whose results were worked out by hand. Tests on
the real data pin the numbers the chapter glues; each was checked by hand against the raw
file named in its comment (read with ``csv``, ``openpyxl`` or ``pyreadr`` outside the
package, not through the loaders):

* SIPRI trade register (``trade_register.csv``): Belarus imported 1,976.17 TIV m in
  1995-2024, 1,927.05 from Russia (97.51 %); 2005-12: 266.0 of 299.12 (88.93 %); 2013-24:
  1,578.45 of 1,594.45 (99.00 %); exports 3,414.02 TIV m, none to Russia, Hungary 104.0
  (T-72M1, 1996), Viet Nam 300.0 after 2012.
* SIPRI milex workbook, sheet "Constant (2023) US$": Belarus 2012 734.73, 2015 703.91
  (-4.20 %); Russia 2012 62,160.77, 2015 75,301.20 (+21.14 %). "Share of GDP": Belarus
  0.01229 (2012), 0.01042 (2014); Russia 0.03689 (2012).
* COW ``cow_trade_ndy.rda`` 2012, ccode1 365 / ccode2 370: flow1 13,383, flow2 27,551;
  ``cow_trade_sy.rda`` Belarus 2012: imports 46,404.38, exports 46,027.53 -> 44.29 %.
* UN votes: Belarus-Russia 2012 agreement 70/89 = 0.787 (the sanity value of SOURCES.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import charts
from analysis.inputs.articles import claims_frame, load_article
from analysis.pages import legacy_mic as mb
from analysis.pages.legacy_common import claims_markdown

# --------------------------------------------------------------------------- helpers


def test_years_text_and_missing_note() -> None:
    assert mb._years_text([1997, 1998, 1999, 2005]) == "1997-1999, 2005"
    assert mb._years_text([1992]) == "1992"
    assert mb._years_text([]) == ""
    note = mb.missing_note({"Ukraine": [1992], "Belarus": [1997, 1998]})
    assert note == "No value: Ukraine 1992; Belarus 1997-1998"
    assert mb.missing_note({}) == ""
    assert mb.missing_note({"Latvia": []}) == ""


def test_rescale() -> None:
    out = mb._rescale(pd.Series([0.0, 0.5, 1.0]))
    assert list(out) == [-1.0, 0.0, 1.0]
    assert list(mb._rescale(pd.Series([0.3, 0.3]))) == [0.0, 0.0]


def test_plan_band_quantitative_and_temporal() -> None:
    band = mb._plan_band(label=False)
    assert (band.data["start"].iloc[0], band.data["end"].iloc[0]) == (2011.5, 2015.5)
    assert band.data["label"].iloc[0] == "2012-15 action plan"
    temporal = mb._plan_band(label=False, temporal=True)
    assert temporal.data["start"].iloc[0] == "2012-01-01"
    assert temporal.to_dict()["encoding"]["x"]["type"] == "temporal"
    layered = mb._plan_band(y_label=100).to_dict()
    assert len(layered["layer"]) == 2


# --------------------------------------------------------------------------- network


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
    nodes, edges = mb.network_frames(*_toy_layout())
    # coordinates stretched to [-1, 1]: a (-1, -1), b (1, -1), maz (0, 1)
    assert list(nodes["x"]) == [-1.0, 1.0, 0.0]
    assert list(nodes["y"]) == [-1.0, -1.0, 1.0]
    assert list(nodes["label"]) == ["Alpha", "Beta", "MAZ"]  # SHORT_LABELS for maz
    assert list(nodes["country_name"]) == ["Belarus", mb.NO_COUNTRY, "Belarus"]
    assert list(edges["style"]) == [mb.EDGE_STYLES[0], mb.EDGE_STYLES[2], mb.EDGE_STYLES[1]]
    assert list(edges["tier_text"]) == ["article", "C (flagged)", "B (evidence)"]
    assert list(edges["note"])[0] == "as reported in the article"
    assert list(edges["date"])[0] == "undated"
    # the two a-b edges run horizontally; they are shifted by -/+ half a gap upwards
    gap = mb.PARALLEL_GAP / 2
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
    nodes, edges = mb.network_frames(*_toy_layout())
    centrality = pd.DataFrame(
        {
            "id": ["b", "a", "maz"],
            "name": ["Beta", "Alpha", "MAZ"],
            "degree": [3, 2, 1],
            "betweenness": [1.0, 0.0, 0.0],
        }
    )
    found = mb.network_finding(nodes, edges, centrality)
    assert found["n_nodes"] == 3 and found["n_article_nodes"] == 2 and found["n_curated_nodes"] == 1
    assert found["n_edges"] == 3 and found["n_curated_edges"] == 2 and found["n_flagged_edges"] == 1
    assert found["top_degree_name"] == "Beta" and found["top_degree"] == 3
    assert found["top_between_name"] == "Beta"


@pytest.fixture(scope="module")
def network_parts() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from analysis.metrics import network

    article = load_article("mic-bridge")
    graph = network.enrich_graph(network.article_graph(article), network.curated_facts())
    nodes, edges = mb.network_frames(*network.layout(graph))
    return nodes, edges, network.centrality_table(graph)


def test_network_on_article_names_every_entity(network_parts) -> None:  # type: ignore[no-untyped-def]
    nodes, edges, centrality = network_parts
    article = load_article("mic-bridge")
    assert {e.id for e in article.entities} <= set(nodes["id"])
    found = mb.network_finding(nodes, edges, centrality)
    # 21 annotated entities + Rostekhnologii, GAZ, Resolution 1389; 24 relations + 10 links,
    # two of them tier C (Rosbelavto talks from 2010; Integral's exports to Russia)
    assert (found["n_nodes"], found["n_article_nodes"], found["n_curated_nodes"]) == (24, 21, 3)
    assert (found["n_edges"], found["n_article_edges"], found["n_curated_edges"]) == (34, 24, 10)
    assert found["n_flagged_edges"] == 2
    assert found["top_degree_name"].startswith("MAZ") and found["top_degree"] == 8
    assert found["top_between_name"] == "Russia"
    chart = mb.network_chart(nodes, edges, found, title="A finding")
    display = charts.show(chart, "net-test")
    for entity in article.entities:
        assert entity.name in display.alt_text
    assert charts.inlined_rows(display.spec) < charts.MAX_ROWS
    assert display.meta["title"] == "A finding"


# --------------------------------------------------------------------------- arms


def _partner_rows(
    rows: list[tuple[int, str, str | None, float, str]], col: str = "supplier"
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"year": y, col: n, f"{col}_iso3": i, "tiv": t, "no_deliveries": t == 0, "source": s}
            for y, n, i, t, s in rows
        ]
    )


REG, TIV = "sipri-arms-register", "sipri-arms-tiv"


def test_window_share() -> None:
    frame = _partner_rows(
        [
            (2013, "Russia", "RUS", 10, REG),
            (2013, "Ukraine", "UKR", 30, REG),
            (2014, "Russia", "RUS", 60, REG),
            (2015, "Ukraine", "UKR", 0, REG),
        ]
    )
    got = mb.window_share(frame, ["RUS"], (2013, 2014))
    assert got == {"total": 100.0, "from_partners": 70.0, "share": 0.7}
    assert math.isnan(mb.window_share(frame, ["RUS"], (2015, 2015))["share"])
    exports = _partner_rows(
        [(2013, "Hungary", "HUN", 4, REG), (2013, "Peru", "PER", 6, REG)], col="recipient"
    )
    assert mb.window_share(exports, mb.WEST, (2013, 2013))["share"] == pytest.approx(0.4)


def test_imports_chart_frame_stacks_top_partners() -> None:
    frame = _partner_rows(
        [
            (1993, "all (TIV table)", None, 0.0, TIV),
            (1995, "Russia", "RUS", 5.0, REG),
            (1995, "Ukraine", "UKR", 3.0, REG),
            (1995, "China", "CHN", 1.0, REG),
            (1995, "Iran", "IRN", 1.0, REG),
        ]
    )
    out = mb.imports_chart_frame(frame, n=2)
    assert list(out["supplier"]) == ["Russia", "Ukraine", "Other"]  # empty TIV-table row dropped
    assert list(out["y0"]) == [0.0, 5.0, 8.0] and list(out["y1"]) == [5.0, 8.0, 10.0]
    assert list(out["x0"]) == [1994.6] * 3 and list(out["x1"]) == [1995.4] * 3
    frame.loc[0, "tiv"] = 8.0
    assert mb.TIV_TABLE_DISPLAY in set(mb.imports_chart_frame(frame)["supplier"])


@pytest.fixture(scope="module")
def arms_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.inputs.loaders import load_sipri_arms_register, load_sipri_tiv
    from analysis.metrics import arms

    register, tiv = load_sipri_arms_register(), load_sipri_tiv()
    return (
        arms.arms_imports_by_supplier("BLR", register=register, tiv=tiv),
        arms.arms_exports_by_recipient("BLR", register=register, tiv=tiv),
    )


def test_arms_imports_finding_matches_raw_register(arms_frames) -> None:  # type: ignore[no-untyped-def]
    imports, _ = arms_frames
    f = mb.arms_imports_finding(imports)
    assert (f["first_year"], f["last_year"]) == (1995, 2024)
    assert f["rus_share_all"] == 97.5 and f["total_all"] == 1976.2
    assert f["rus_share_before"] == 88.9 and f["total_before"] == 299.1
    assert f["rus_share_after"] == 99.0 and f["total_after"] == pytest.approx(1594.45, abs=0.06)
    assert f["rus_share_plan"] == 96.9  # (75 + 75 + 66 + 88.88) / (75 + 75 + 66 + 98.48)
    assert f["west_tiv"] == 0.0
    assert (f["peak_year"], f["peak_tiv"]) == (2019, 333.0)
    assert f["suppliers_after"] == ["China", "Iran", "Russia", "Ukraine"]
    assert f["tiv_table_years"] == "1992-94" and f["tiv_table_all_empty"]


def test_exports_by_period_frame_on_toy() -> None:
    frame = _partner_rows(
        [
            (1995, "Alpha", "AAA", 10.0, REG),
            (2005, "Hungary", "HUN", 2.0, REG),
            (2013, "Gamma", "GGG", 5.0, REG),
            (1993, "all (TIV table)", None, 8.0, TIV),
        ],
        col="recipient",
    )
    out = mb.exports_by_period_frame(frame, n=1)
    assert list(out["recipient"].drop_duplicates()) == ["Alpha", "Hungary", "Russia", "Other"]
    assert len(out) == 4 * 3  # every recipient in every period
    alpha = out[out["recipient"] == "Alpha"].set_index("period")["tiv"]
    assert alpha.to_dict() == {"1995-2004": 10.0, "2005-2012": 0.0, "2013-2024": 0.0}
    other = out[out["recipient"] == "Other"].set_index("period")["tiv"]
    assert other["2013-2024"] == 5.0 and other["1995-2004"] == 0.0  # TIV-table row ignored
    assert out[out["recipient"] == "Russia"]["tiv"].eq(0.0).all()
    assert out[out["recipient"] == "Hungary"]["west"].all()
    assert not out[out["recipient"] == "Alpha"]["west"].any()


def test_arms_exports_finding_matches_raw_register(arms_frames) -> None:  # type: ignore[no-untyped-def]
    _, exports = arms_frames
    f = mb.arms_exports_finding(exports)
    assert f["total_all"] == 3414.0 and f["rus_tiv"] == 0.0
    assert f["west_recipients"] == ["Hungary"]
    assert (f["west_tiv_before"], f["west_tiv_after"]) == (104.0, 0.0)
    assert f["top_after"][0] == "Viet Nam" and f["top_after_tiv"][0] == 300.0
    assert f["n_recipients_after"] == 15
    assert "China" in f["new_recipients_after"] and "Sudan" not in f["new_recipients_after"]


# --------------------------------------------------------------------------- military burden


def _panel(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "iso3": i,
                "country": {"BLR": "Belarus", "RUS": "Russia"}[i],
                "year": y,
                "measure": m,
                "value": v,
                "unit": "u",
                "status": s,
                "source": "sipri-milex",
            }
            for i, y, m, v, s in rows
        ]
    )


def test_milex_chart_frame_and_missing_years() -> None:
    panel = _panel(
        [
            ("BLR", 1992, "share_of_gdp", 1.5, "estimate"),
            ("BLR", 1993, "share_of_gdp", np.nan, "missing"),
            ("BLR", 1994, "share_of_gdp", 2.0, "ok"),
            ("RUS", 1994, "share_of_gdp", 4.0, "uncertain"),
            ("BLR", 1994, "constant_2023_usd_m", 9.0, "ok"),
        ]
    )
    out = mb.milex_chart_frame(panel, "share_of_gdp")
    assert list(out["year"]) == [1992, 1994, 1994]
    assert list(out["estimate"]) == [True, False, True]
    assert list(out["flag"]) == ["SIPRI estimate", "SIPRI figure", "highly uncertain (SIPRI)"]
    assert mb.missing_years(panel, "share_of_gdp") == {"Belarus": [1993]}
    assert mb.missing_years(panel, "constant_2023_usd_m") == {}


def test_milex_finding_matches_raw_workbook() -> None:
    from analysis.inputs.loaders import load_sipri_milex
    from analysis.metrics import milex

    panel = milex.milex_panel(mb.CONTEXT, milex=load_sipri_milex())
    f = mb.milex_finding(panel)
    assert (f["blr_2012"], f["rus_2012"], f["rus_to_blr_2012"]) == (735.0, 62161.0, 85.0)
    assert f["blr_change_plan"] == -4.2 and f["rus_change_plan"] == 21.1
    assert f["blr_change_last"] == 134.8  # 1,725.37 / 734.73 - 1
    assert (f["blr_gdp_2012"], f["rus_gdp_2012"]) == (1.23, 3.69)
    assert (f["blr_gdp_low"], f["blr_gdp_low_year"]) == (1.04, 2014)
    assert f["blr_estimate_years"] == "1992-2000"


def test_personnel_finding_on_toy() -> None:
    rows = [
        ("BLR", 1992, 100.0),
        ("BLR", 2012, 73.0),
        ("BLR", 2013, 48.0),
        ("BLR", 2022, 48.0),
        ("BLR", 1997, np.nan),
        ("RUS", 2012, 730.0),
    ]
    panel = pd.DataFrame(
        [{"iso3": i, "year": y, "measure": "milper", "value": v} for i, y, v in rows]
    )
    f = mb.personnel_finding(panel)
    assert (f["first_year"], f["last_year"], f["first"], f["last"]) == (1992, 2022, 100.0, 48.0)
    assert (f["y2012"], f["y2013"], f["rus_ratio_2012"]) == (73.0, 48.0, 10.0)


def test_milex_chart_marks_estimates_hollow() -> None:
    panel = _panel(
        [("BLR", 2011, "share_of_gdp", 1.5, "estimate"), ("BLR", 2012, "share_of_gdp", 1.2, "ok")]
    )
    frame = mb.milex_chart_frame(panel, "share_of_gdp")
    chart = mb.milex_chart(
        frame,
        "share_of_gdp",
        title="T",
        description="D",
        datasets=["sipri-milex"],
        note="No value: x",
    )
    display = charts.show(chart, "milex-test")
    assert "Hollow points: SIPRI estimates" in " ".join(display.meta["source"])
    assert "No value: x" in " ".join(display.meta["source"])


# --------------------------------------------------------------------------- trade


def test_cow_group_shares_on_toy() -> None:
    dyadic = pd.DataFrame(
        [
            {"importer_iso3": "BLR", "exporter_iso3": "RUS", "year": 2012, "value": 30.0},
            {"importer_iso3": "RUS", "exporter_iso3": "BLR", "year": 2012, "value": 20.0},
            {"importer_iso3": "BLR", "exporter_iso3": "DEU", "year": 2012, "value": 5.0},
            {"importer_iso3": "DEU", "exporter_iso3": "BLR", "year": 2012, "value": 5.0},
            {"importer_iso3": "FRA", "exporter_iso3": "DEU", "year": 2012, "value": 99.0},
        ]
    )
    national = pd.DataFrame(
        [
            {"iso3": "BLR", "year": 2012, "flow": "imports", "value": 60.0},
            {"iso3": "BLR", "year": 2012, "flow": "exports", "value": 40.0},
        ]
    )
    out = mb.cow_group_shares(
        dyadic, national, "BLR", {"Russia": ("RUS",), "EU": ("DEU", "FRA")}, (2012, 2012)
    )
    got = out.set_index("group")
    assert got.loc["Russia", "share"] == 0.5 and got.loc["Russia", "trade"] == 50.0
    assert got.loc["EU", "trade"] == 10.0 and got.loc["EU", "share"] == pytest.approx(0.1)
    assert got.loc["EU", "n_partners"] == 1  # France has no COW row with Belarus
    assert set(out["source"]) == {"cow-trade"}


def test_comtrade_group_shares_on_toy() -> None:
    def row(e: str, i: str, y: int, v: float) -> dict[str, object]:  # v in US$ million
        return {"exporter_iso3": e, "importer_iso3": i, "year": y, "value": v * 1e6}

    comtrade = pd.DataFrame(
        [
            row("BLR", "RUS", 2012, 10),
            row("BLR", "DEU", 2012, 5),
            row("BLR", "CHN", 2012, 5),
            row("RUS", "BLR", 2012, 20),
            row("DEU", "BLR", 2012, 5),
            row("CHN", "BLR", 2012, 5),
            row("BLR", "RUS", 2008, 10),
            row("RUS", "BLR", 2008, np.nan),
            row("DEU", "BLR", 2008, 1),
            row("BLR", "DEU", 2008, 1),
        ]
    )
    out = mb.comtrade_group_shares(comtrade, "BLR", {"Russia": ("RUS",), "EU": ("DEU",)})
    y2012 = out[out["year"] == 2012].set_index("group")
    assert y2012.loc["Russia", "share"] == pytest.approx(0.6)
    assert y2012.loc["EU", "share"] == pytest.approx(0.2)
    assert y2012.loc["Russia", "total_trade"] == 50.0 and y2012.loc["Russia", "trade"] == 30.0
    y2008 = out[out["year"] == 2008].set_index("group")
    assert not y2008.loc["Russia", "complete"] and math.isnan(y2008.loc["Russia", "share"])
    assert y2008.loc["EU", "complete"]


def test_with_rest_of_world() -> None:
    frame = pd.DataFrame(
        {
            "year": [2012, 2012, 2016, 2016],
            "group": ["A", "B", "A", "B"],
            "trade": [30.0, 10.0, 5.0, np.nan],
            "total_trade": [100.0] * 2 + [50.0] * 2,
            "share": [0.3, 0.1, 0.1, np.nan],
            "complete": [True, True, True, False],
            "source": ["s"] * 4,
        }
    )
    out = mb.with_rest_of_world(frame)
    rest = out[out["group"] == "Rest of the world"].set_index("year")
    assert rest.loc[2012, "trade"] == 60.0 and rest.loc[2012, "share"] == pytest.approx(0.6)
    assert rest.loc[2012, "complete"]
    assert math.isnan(rest.loc[2016, "share"]) and not rest.loc[2016, "complete"]
    assert len(out) == 6 and list(out.columns) == list(frame.columns)
    frame.loc[0, "trade"] = 95.0  # groups above the total: no rest, never a negative share
    rest = mb.with_rest_of_world(frame).set_index("group").loc["Rest of the world"]
    assert math.isnan(rest[rest["year"] == 2012]["share"].iloc[0])


def test_pooled_share() -> None:
    frame = pd.DataFrame(
        {
            "group": ["EU"] * 3,
            "year": [2009, 2010, 2011],
            "trade": [10.0, 30.0, 5.0],
            "total_trade": [100.0, 100.0, 50.0],
            "share": [0.1, 0.3, np.nan],
        }
    )
    assert mb.pooled_share(frame, "EU", (2009, 2011)) == pytest.approx(0.2)  # 40 / 200
    assert math.isnan(mb.pooled_share(frame, "EU", (2011, 2011)))


@pytest.fixture(scope="module")
def trade_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.inputs.loaders import (
        load_comtrade,
        load_cow_trade_dyadic,
        load_cow_trade_national,
    )

    cow = mb.cow_group_shares(load_cow_trade_dyadic(), load_cow_trade_national())
    return cow, mb.comtrade_group_shares(load_comtrade())


def test_trade_finding_matches_raw_cow(trade_frames) -> None:  # type: ignore[no-untyped-def]
    cow, comtrade = trade_frames
    f = mb.trade_finding(cow, comtrade)
    assert f["rus_2012"] == 44.3  # (13,383 + 27,551) / (46,404.38 + 46,027.53)
    assert f["rest_2012"] == pytest.approx(100 - 44.3 - f["eu_2012"] - f["ukr_2012"], abs=0.11)
    assert f["cow_last"] == 2014
    assert f["cow_overflow_years"] == "1994"  # Russia 73.0 % + EU 31.7 % + Ukraine 8.9 % > 100 %
    assert mb.overflow_years(cow) == [1994]
    assert (f["ct_rus_2012"], f["ct_rus_2016"]) == (45.7, 52.8)
    assert (f["ct_eu_2012"], f["ct_eu_2016"]) == (32.5, 21.6)
    # Russia's exports to Belarus are unreported in Comtrade 2000-08: no share those years
    rus = comtrade[comtrade["group"] == "Russia"].set_index("year")
    assert rus.loc[2008, "share"] != rus.loc[2008, "share"] and not rus.loc[2008, "complete"]


def _monthly(values: dict[tuple[str, str], float | None]) -> pd.DataFrame:
    rows = []
    for (period, flow), value in values.items():
        rows.append(
            {
                "period": period,
                "year": int(period[:4]),
                "month": int(period[5:]),
                "flow": flow,
                "value": value,
                "n_reporters": 0 if value is None else 27,
                "n_members": 27,
                "complete": value is not None,
                "missing_reporters": "" if value is not None else "AUT;BEL",
            }
        )
    return pd.DataFrame(rows)


def test_eu_monthly_frame_and_finding() -> None:
    values: dict[tuple[str, str], float | None] = {}
    for m in range(1, 13):
        values[(f"2021-{m:02d}", "import")] = 100e6
        values[(f"2021-{m:02d}", "export")] = 200e6
    for m in (9, 10, 11):
        values[(f"2022-{m:02d}", "import")] = 50e6
        values[(f"2022-{m:02d}", "export")] = 300e6
    values[("2022-12", "import")] = None
    values[("2022-12", "export")] = None
    monthly = _monthly(values)
    frame = mb.eu_monthly_frame(monthly)
    assert len(frame) == 30 and "2022-12" not in set(frame["period"])
    assert frame.loc[0, "date"] == "2021-01-01" and frame.loc[0, "missing_reporters"] == "none"
    f = mb.eu_monthly_finding(frame, monthly)
    assert (f["imp_2021_mean"], f["imp_recent_mean"], f["imp_change"]) == (100.0, 50.0, -50.0)
    assert (f["exp_2021_mean"], f["exp_recent_mean"], f["exp_change"]) == (200.0, 300.0, 50.0)
    assert (f["recent_from"], f["recent_to"], f["dropped_months"]) == (
        "2022-09",
        "2022-11",
        "2022-12",
    )
    assert f["n_incomplete"] == 0


def test_alliance_finding_on_toy_and_atop() -> None:
    atop = pd.DataFrame(
        {
            "iso3_1": ["BLR", "BLR", "BLR", "RUS"],
            "iso3_2": ["RUS"] * 3 + ["BLR"],
            "year": [1992, 1993, 1994, 1990],
            "defense": [False, True, True, True],
        }
    )
    f = mb.alliance_finding(atop)
    assert (f["first_year"], f["last_year"], f["n_years"]) == (1992, 1994, 3)
    assert (f["n_defence_years"], f["defence_first_year"], f["data_last_year"]) == (2, 1993, 1994)
    from analysis.inputs.loaders import load_atop

    real = mb.alliance_finding(load_atop())
    assert (real["first_year"], real["defence_first_year"], real["last_year"]) == (1992, 1993, 2018)
    assert real["n_defence_years"] == 26


# --------------------------------------------------------------------------- timeline


def test_timeline_frame_and_finding() -> None:
    from analysis.inputs.curated import load_curated

    timeline = load_curated("timeline_events")
    frame = mb.timeline_frame(timeline)
    assert len(frame) == len(mb.TIMELINE_LABELS)
    assert frame["date"].is_monotonic_increasing
    assert frame["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    goskom = frame[frame["fact_id"] == "tl-2003-12-decision-unite-belarusian-defence"]
    assert goskom["date"].iloc[0] == "2003-12-01"
    # tier W: Customs Union, Common Economic Space, Union State in force; tier C: 1997
    # military treaty, Integral task 2013, Rogozin 2014
    flagged = frame[frame["flagged"]]
    assert len(flagged) == 6 and flagged["label"].str.endswith("(flagged)").all()
    assert set(flagged["tier"]) == {"C", "W"}
    f = mb.timeline_finding(frame)
    # tier A/B ties before 23 Oct 2012 outside the defence industry: CST signed and in
    # force, Union treaty 1997, Union State treaty 1999, CSTO Charter, air defence 2009
    assert f["n_prior_ties"] == 6 and f["n_prior_flagged"] == 4
    with pytest.raises(KeyError, match="no-such-fact"):
        mb.timeline_frame(timeline, {"no-such-fact": "x"})


# --------------------------------------------------------------------------- votes


def _votes_panel() -> pd.DataFrame:
    rows = []
    for pair, data in {
        "BLR-RUS": {2011: (10, 8), 2012: (10, 6), 2013: (20, 10)},
        "BLR-USA": {2011: (10, 1), 2012: (10, 3), 2013: (20, 2)},
    }.items():
        for year, (n, same) in data.items():
            rows.append(
                {
                    "pair": pair,
                    "a_iso3": "BLR",
                    "b_iso3": pair[-3:],
                    "year": year,
                    "issue": "all",
                    "n_votes": n,
                    "n_identical": same,
                    "agreement": same / n,
                }
            )
    return pd.DataFrame(rows)


def test_votes_finding_pools_windows() -> None:
    f = mb.votes_finding(_votes_panel(), before=(2011, 2012), after=(2013, 2013))
    assert (f["rus_before"], f["rus_after"], f["rus_2012"]) == (70.0, 50.0, 60.0)
    assert (f["usa_before"], f["usa_after"]) == (20.0, 10.0)
    assert (f["before"], f["after"], f["last_year"]) == ("2011-12", "2013-13", 2013)


def test_votes_finding_real_2012() -> None:
    from analysis.metrics import votes

    panel = votes.agreement_panel(["BLR-RUS", "BLR-USA"], years=(1992, 2019))
    f = mb.votes_finding(panel)
    assert f["rus_2012"] == 78.7  # 70 / 89
    assert f["last_year"] == 2019


# --------------------------------------------------------------------------- before / after


def test_before_after_frame_directions() -> None:
    rows = [
        {
            "indicator": "a",
            "before": 10.0,
            "after": 20.0,
            "before_years": "x",
            "after_years": "y",
            "dataset": "unvotes",
            "towards": "rus",
        },
        {
            "indicator": "b",
            "before": 10.0,
            "after": 20.0,
            "before_years": "x",
            "after_years": "y",
            "dataset": "unvotes",
            "towards": "west",
        },
        {
            "indicator": "c",
            "before": 30.0,
            "after": 20.0,
            "before_years": "x",
            "after_years": "y",
            "dataset": "unvotes",
            "towards": "west",
        },
        {
            "indicator": "d",
            "before": 5.0,
            "after": 5.0,
            "before_years": "x",
            "after_years": "y",
            "dataset": "unvotes",
            "towards": "rus",
        },
    ]
    out = mb.before_after_frame(rows)
    assert list(out["change"]) == [10.0, 10.0, -10.0, 0.0]
    assert list(out["direction"]) == [
        "towards Russia",
        "towards the West",
        "towards Russia",
        "no change",
    ]


def test_before_after_indicators_on_real_data(arms_frames, trade_frames) -> None:  # type: ignore[no-untyped-def]
    from analysis.metrics import votes

    imports, exports = arms_frames
    cow, comtrade = trade_frames
    panel = votes.agreement_panel(["BLR-RUS", "BLR-USA"], years=(1992, 2019))
    out = mb.before_after_indicators(imports, exports, cow, comtrade, panel).set_index("indicator")
    assert len(out) == 7
    arms_row = out.loc["Russia's share of Belarus's arms imports (SIPRI TIV)"]
    assert (arms_row["before"], arms_row["after"]) == (88.9, 99.0)
    west = out.loc["EU/NATO share of Belarus's arms exports (SIPRI TIV)"]
    assert west["before"] == 4.6 and west["after"] == 0.0  # 104 / 2,260.66 (1995-2012)
    ct = out.loc["Russia's share of Belarus's trade (Comtrade)"]
    assert (ct["before"], ct["after"], ct["before_years"]) == (45.7, 52.8, "2012")
    chart = mb.before_after_chart(out.reset_index(), title="T")
    display = charts.show(chart, "ba-test")
    assert set(display.meta["datasets"]) == {
        "sipri-arms-register",
        "comtrade-4yearly",
        "cow-trade",
        "unvotes",
    }


# --------------------------------------------------------------------------- claims


def test_verdict_counts_and_real_annotation() -> None:
    claims = claims_frame(load_article("mic-bridge"))
    counts = mb.verdict_counts(claims)
    assert sum(counts.values()) == len(claims) == 16  # every claim has a verdict
    assert set(counts) == {"supported", "contradicted", "mixed", "unverifiable"}
    assert claims["why"].notna().all()
    text = claims_markdown(claims, chapter="chapters/mic-bridge")
    assert "{doc}`Arms dependence <arms-dependence>`" in text  # pages of the chapter: relative
    assert text.count("- **Claim ") == len(claims)  # a reason for every verdict
    # the forecasts page shows a subset under the same numbers as the claims page
    last = claims["id"].iloc[-1]
    subset = claims_markdown(claims, chapter="chapters/mic-bridge", only=[last])
    assert f"* - {len(claims)}\n" in subset and "* - 1\n" not in subset


# --------------------------------------------------------------------------- charts on real data


def test_charts_render_with_findings_in_titles(arms_frames, trade_frames) -> None:  # type: ignore[no-untyped-def]
    from analysis.inputs.curated import load_curated
    from analysis.inputs.loaders import load_eurostat_eu_belarus
    from analysis.metrics import arms, trade, votes

    imports, exports = arms_frames
    cow, comtrade = trade_frames
    imp, exp = mb.arms_imports_finding(imports), mb.arms_exports_finding(exports)
    monthly = trade.eu_trade_monthly("BLR", eurostat=load_eurostat_eu_belarus())
    eu = mb.eu_monthly_frame(monthly)
    panel = votes.agreement_panel(["BLR-RUS", "BLR-USA", "BLR-UKR"])
    built = {
        "imports": mb.arms_imports_chart(
            mb.imports_chart_frame(imports), arms.supplier_share(imports), imp
        ),
        "exports": mb.arms_exports_chart(mb.exports_by_period_frame(exports), exp),
        "trade": mb.trade_share_chart(cow, comtrade, mb.trade_finding(cow, comtrade)),
        "eu": mb.eu_monthly_chart(eu, mb.eu_monthly_finding(eu, monthly)),
        "timeline": mb.timeline_chart(mb.timeline_frame(load_curated("timeline_events"))),
        "votes": mb.votes_chart(panel, mb.votes_finding(panel)),
    }
    expected = {
        "imports": "97.5%",
        "exports": "1995-2024",
        "trade": "44.3%",
        "eu": "68%",
        "timeline": "6 sourced treaties",
        "votes": "74.0%",
    }
    for name, chart in built.items():
        display = charts.show(chart, name)
        meta = display.meta
        assert expected[name] in meta["title"], (name, meta["title"])
        assert meta["description"] and meta["source"]
        assert charts.inlined_rows(display.spec) < charts.MAX_ROWS
        assert "tooltip" in display.html
    assert "Hungary" in built["exports"].to_json()
