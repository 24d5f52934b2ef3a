"""The book as one map: union graph, timeline, claims ledger, indicator dashboard, charts."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
import yaml

from analysis.inputs.articles import Article, all_articles
from analysis.inputs.curated import load_curated
from analysis.metrics import bookmap, dashboard, map_timeline
from analysis.paths import data_dir


def _yml_docs() -> dict[str, dict[str, Any]]:
    """The annotation files read as plain YAML (independently of the package)."""
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((data_dir() / "articles").glob("*.yml"))
    }


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return all_articles()


def _article(
    slug: str,
    entities: list[dict[str, Any]],
    relations: list[dict[str, Any]] = (),
    claims: list[dict[str, Any]] = (),
    event_dates: list[dict[str, Any]] = (),
) -> Article:
    return Article.model_validate(
        {
            "metadata": {
                "slug": slug,
                "title": f"Article {slug}",
                "outlet": "Test",
                "url": None,
                "page_date": "2020-01-01",
                "event_dates": list(event_dates),
                "text": {"file": f"{slug}.txt", "sha256": "0" * 64},
            },
            "entities": [{"description": "d", "country": None, **e} for e in entities],
            "relations": list(relations),
            "claims": list(claims),
        }
    )


def _rel(
    rid: str, source: str, target: str, kind: str = "cooperates_with", date: str | None = None
) -> dict[str, Any]:
    return {
        "id": rid,
        "source": source,
        "target": target,
        "kind": kind,
        "date": date,
        "evidence": {"quote": "a quote", "paragraph": 1},
    }


# --------------------------------------------------------------------------- union graph


def test_union_graph_of_the_book(articles: list[Article]) -> None:
    docs = _yml_docs()
    G = bookmap.union_graph(articles)
    ids = {e["id"] for d in docs.values() for e in d["entities"]}
    assert G.number_of_nodes() == len(ids)  # the two files share ids, not wikidata aliases
    assert G.number_of_edges() == sum(len(d["relations"]) for d in docs.values())
    assert G.graph["articles"] == sorted(docs)
    shared = bookmap.shared_entities(G)
    assert set(shared["id"]) >= {"belarus", "russia"}
    for node in ("belarus", "russia"):
        assert G.nodes[node]["articles"] == ["confrontation-spiral", "mic-bridge"]
        assert G.nodes[node]["shared"] and G.nodes[node]["n_articles"] == 2
    assert G.nodes["belarus"]["name"] == "Belarus"  # shortest of 'Belarus', 'Belarus ("Minsk")'
    assert G.nodes["kamaz"]["articles"] == ["mic-bridge"] and not G.nodes["kamaz"]["shared"]
    key = "mic-bridge/r-semashko-signed"
    assert G.has_edge("vladimir-semashko", "action-plan-2012-2015", key=key)
    edge = G.edges["vladimir-semashko", "action-plan-2012-2015", key]
    assert edge["article"] == "mic-bridge" and edge["date"] == "2012-10-23"


def test_union_graph_merges_by_id_wikidata_then_name() -> None:
    a = _article(
        "a",
        [
            {
                "id": "belarus",
                "name": "Belarus",
                "kind": "state",
                "country": "BLR",
                "wikidata": "Q184",
            },
            {
                "id": "minsk-gov",
                "name": "Government of Belarus",
                "kind": "institution",
                "country": "BLR",
            },
            {"id": "nato", "name": "NATO", "kind": "institution"},
        ],
        [_rel("r1", "belarus", "minsk-gov")],
    )
    b = _article(
        "b",
        [
            {
                "id": "state-belarus",
                "name": 'Belarus ("Minsk")',
                "kind": "state",
                "country": "BLR",
                "wikidata": "Q184",
            },
            {
                "id": "by-gov",
                "name": 'Government of Belarus ("Minsk")',
                "kind": "institution",
                "country": "BLR",
            },
            {"id": "nato-summit", "name": "NATO", "kind": "event"},  # same name, other kind
            {"id": "nato", "name": "NATO (the Alliance)", "kind": "institution"},  # same id
        ],
        [_rel("r1", "state-belarus", "by-gov"), _rel("r2", "by-gov", "nato")],
    )
    G = bookmap.union_graph([b, a])  # order given does not matter: slug order
    assert sorted(G.nodes) == ["belarus", "minsk-gov", "nato", "nato-summit"]
    assert G.nodes["belarus"]["aliases"] == ["b:state-belarus"]
    assert G.nodes["minsk-gov"]["aliases"] == ["b:by-gov"]
    assert G.nodes["minsk-gov"]["articles"] == ["a", "b"]
    assert G.nodes["nato-summit"]["articles"] == ["b"]
    assert G.nodes["nato"]["name"] == "NATO"
    assert set(G.edges(keys=True)) == {
        ("belarus", "minsk-gov", "a/r1"),
        ("belarus", "minsk-gov", "b/r1"),
        ("minsk-gov", "nato", "b/r2"),
    }


def test_name_rule_never_merges_entities_of_one_article() -> None:
    a = _article(
        "a",
        [
            {"id": "x1", "name": "Belarus", "kind": "state", "country": "BLR"},
            {"id": "x2", "name": 'Belarus ("Minsk")', "kind": "state", "country": "BLR"},
        ],
    )
    assert sorted(bookmap.union_graph([a]).nodes) == ["x1", "x2"]


def test_union_tables_are_deterministic_and_complete(articles: list[Article]) -> None:
    G = bookmap.union_graph(articles)
    nodes, edges = bookmap.union_tables(G)
    again = bookmap.union_tables(bookmap.union_graph(articles))
    pd.testing.assert_frame_equal(nodes, again[0])
    pd.testing.assert_frame_equal(edges, again[1])
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert nodes["x"].between(-1, 1).all() and nodes["y"].between(-1, 1).all()
    assert not nodes[["x", "y"]].duplicated().any()
    shared = nodes[nodes["shared"]]
    assert (shared["x"] == 0).all()  # shared actors stand in the middle
    mic = nodes[nodes["articles"] == "mic-bridge"]
    spiral = nodes[nodes["articles"] == "confrontation-spiral"]
    assert (spiral["x"] < 0).all() and (mic["x"] > 0).all()  # each article on its side
    belarus = nodes.set_index("id").loc["belarus"]
    assert belarus["articles_key"] == "|confrontation-spiral|mic-bridge|"
    assert "|seeks_market_in|" in belarus["kinds_key"]
    assert set(edges["article"]) == {"confrontation-spiral", "mic-bridge"}


def test_empty_graph_has_empty_tables() -> None:
    empty = _article("empty", [])
    nodes, edges = bookmap.union_tables(bookmap.union_graph([empty]))
    assert nodes.empty and edges.empty
    assert list(nodes.columns) == bookmap.NODE_TABLE_COLUMNS


# --------------------------------------------------------------------------- timeline


def test_timeline_joins_article_events_and_curated_timeline(articles: list[Article]) -> None:
    curated = load_curated("timeline_events")
    tl = map_timeline.timeline(articles, curated)
    assert list(tl.columns) == map_timeline.TIMELINE_COLUMNS
    assert set(tl["category"]) <= set(map_timeline.CATEGORIES)
    assert (tl["origin"] == "curated").sum() == curated["date"].notna().sum()
    docs = _yml_docs()
    n_dated = sum(
        len(d["metadata"].get("event_dates") or [])
        + sum(r.get("date") is not None for r in d["relations"])
        for d in docs.values()
    )
    assert (tl["origin"] == "article").sum() == n_dated
    event = tl.set_index("ref").loc["mic-bridge/event-1"]
    assert event["date"] == "2012-10-23" and event["category"] == "defence industry"
    zapad = tl.set_index("ref").loc["confrontation-spiral/r-russia-zapad"]
    assert zapad["category"] == "exercises" and zapad["year"] == 2017
    # a relation the keywords do not place takes the category of its day's event
    assert tl.set_index("ref").loc["mic-bridge/r-semashko-office", "category"] == "defence industry"
    month = tl.set_index("ref").loc["tl-2011-02-rostekhnologii-proposes-kamaz-take"]
    assert month["date"] == "2011-02-01" and month["date_text"] == "2011-02"
    assert tl["date"].is_monotonic_increasing


def test_every_curated_label_is_mapped_explicitly() -> None:
    labels = set(load_curated("timeline_events")["category"].dropna())
    assert labels <= set(map_timeline.CURATED_CATEGORIES), labels - set(
        map_timeline.CURATED_CATEGORIES
    )
    assert set(map_timeline.CURATED_CATEGORIES.values()) <= set(map_timeline.CATEGORIES)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Zapad-2017 joint strategic exercise", "exercises"),
        ("Russia seeks a stake in MAZ", "defence industry"),
        ("Putin announces tactical nuclear weapons in Belarus", "bases & deployments"),
        ("Ukraine expels a Belarusian diplomat", "incidents"),
        ("Treaty on the Creation of a Union State signed", "treaties & integration"),
        ("Presidents meet in Gomel", "diplomacy & politics"),
    ],
)
def test_classify_event(text: str, category: str) -> None:
    assert map_timeline.classify_event(text) == category


def test_timeline_without_curated_rows() -> None:
    a = _article(
        "a",
        [{"id": "x", "name": "X", "kind": "state"}, {"id": "y", "name": "Y", "kind": "state"}],
        [_rel("r1", "x", "y", "signed", "2001-02-03"), _rel("r2", "x", "y")],
        event_dates=[{"date": "2001-02-03", "what": "X and Y sign a treaty"}],
    )
    tl = map_timeline.timeline([a])
    assert list(tl["ref"]) == ["a/event-1", "a/r1"]
    assert set(tl["category"]) == {"treaties & integration"}


# --------------------------------------------------------------------------- dashboard


@pytest.fixture(scope="module")
def dash() -> pd.DataFrame:
    return dashboard.indicator_dashboard()


def _value(dash: pd.DataFrame, indicator: str, series: str, year: int) -> float:
    row = dash[
        (dash["indicator"] == indicator) & (dash["series"] == series) & (dash["year"] == year)
    ]
    assert len(row) == 1, (indicator, series, year)
    return float(row["value"].iloc[0])


def test_dashboard_values(dash: pd.DataFrame) -> None:
    agree = "UN vote agreement with Belarus"
    assert _value(dash, agree, "Belarus-Russia", 2014) == pytest.approx(100 * 56 / 73)  # 76.7
    assert _value(dash, agree, "Belarus-Russia", 2012) == pytest.approx(100 * 70 / 89)
    assert _value(dash, agree, "Belarus-Ukraine", 2014) == pytest.approx(100 * 37 / 68)
    assert math.isnan(_value(dash, agree, "Belarus-Russia", 2020))  # a single joint vote
    arms = "Russia's share of Belarus's arms imports"
    assert math.isnan(_value(dash, arms, "Russia", 1992))  # no deliveries at all
    assert _value(dash, arms, "Russia", 2019) == pytest.approx(100.0)
    trade = "Share of Belarus's trade"
    assert 30 < _value(dash, trade, "Russia", 2014) < 60
    assert dash.loc[dash["indicator"] == trade, "year"].max() == 2014
    burden = "Military burden"
    assert _value(dash, burden, "Belarus", 2024) == pytest.approx(2.07, abs=0.01)
    assert _value(dash, burden, "Ukraine", 2023) > 30
    assert list(dash.columns) == dashboard.DASHBOARD_COLUMNS
    assert list(dict.fromkeys(dash["indicator"])) == list(dashboard.INDICATORS)
    assert dash["year"].min() == 1992 and dash["year"].max() == 2024
    assert set(dash["country"]) == {"Belarus", "Russia", "Ukraine"}
    assert (dash["unit"] == dash["indicator"].map(dashboard.INDICATORS)).all()


def test_dashboard_frame_is_pure_and_marks_gaps() -> None:
    agreement = pd.DataFrame(
        {
            "pair": "BLR-RUS",
            "a_iso3": "BLR",
            "b_iso3": "RUS",
            "year": [2000, 2001, 2002],
            "issue": "all",
            "n_votes": [50, 5, 40],
            "n_identical": [40, 5, 20],
            "agreement": [0.8, 1.0, 0.5],
        }
    )
    arms = pd.DataFrame(
        {
            "year": [2000, 2001, 2002],
            "total": [0.0, 10.0, 4.0],
            "from_supplier": [0.0, 10.0, 1.0],
            "share": [float("nan"), 1.0, 0.25],
            "source": "sipri-arms-register",
        }
    )
    trade = pd.DataFrame(
        {
            "year": [2000],
            "country_iso3": "BLR",
            "partner_iso3": "RUS",
            "share": [0.5],
            "source": "cow-trade",
        }
    )
    milex = pd.DataFrame(
        {
            "iso3": "BLR",
            "country": "Belarus",
            "year": [2000, 2001],
            "measure": "share_of_gdp",
            "value": [1.5, 1.4],
            "unit": "% of GDP",
            "status": "ok",
            "source": "sipri-milex",
        }
    )
    out = dashboard.dashboard_frame(agreement, arms, trade, milex, (2000, 2001))
    assert sorted(out["year"].unique()) == [2000, 2001]
    votes = out[out["indicator"] == "UN vote agreement with Belarus"]
    assert votes["value"].iloc[0] == pytest.approx(80.0) and math.isnan(votes["value"].iloc[1])
    shares = out[out["indicator"] == "Russia's share of Belarus's arms imports"]
    assert math.isnan(shares["value"].iloc[0]) and shares["value"].iloc[1] == pytest.approx(100.0)
    assert out.loc[out["indicator"] == "Share of Belarus's trade", "value"].tolist() == [50.0]
    assert shares["segment"].isna().iloc[0] and not shares["segment"].isna().iloc[1]


# --------------------------------------------------------------------------- charts
