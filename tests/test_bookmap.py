"""The book as one map: union graph, timeline, claims ledger, indicator dashboard, charts."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
import yaml

from analysis import charts
from analysis.inputs.articles import Article, all_articles
from analysis.inputs.curated import load_curated
from analysis.metrics import bookmap
from analysis.pages import legacy_map as figures
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
                "source_file": f"../nowhere/{slug}.txt",
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
    tl = bookmap.timeline(articles, curated)
    assert list(tl.columns) == bookmap.TIMELINE_COLUMNS
    assert set(tl["category"]) <= set(bookmap.CATEGORIES)
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
    assert labels <= set(bookmap.CURATED_CATEGORIES), labels - set(bookmap.CURATED_CATEGORIES)
    assert set(bookmap.CURATED_CATEGORIES.values()) <= set(bookmap.CATEGORIES)


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
    assert bookmap.classify_event(text) == category


def test_timeline_without_curated_rows() -> None:
    a = _article(
        "a",
        [{"id": "x", "name": "X", "kind": "state"}, {"id": "y", "name": "Y", "kind": "state"}],
        [_rel("r1", "x", "y", "signed", "2001-02-03"), _rel("r2", "x", "y")],
        event_dates=[{"date": "2001-02-03", "what": "X and Y sign a treaty"}],
    )
    tl = bookmap.timeline([a])
    assert list(tl["ref"]) == ["a/event-1", "a/r1"]
    assert set(tl["category"]) == {"treaties & integration"}


# --------------------------------------------------------------------------- claims ledger


def test_ledger_counts_every_claim_of_every_article(articles: list[Article]) -> None:
    docs = _yml_docs()
    ledger = bookmap.claims_ledger(articles)
    expected = sum(len(d["claims"]) for d in docs.values())
    assert len(ledger) == expected
    assert list(ledger.columns) == bookmap.LEDGER_COLUMNS
    assert set(ledger["slug"]) == set(docs)
    raw = pd.Series(
        [c.get("verdict") or bookmap.NOT_JUDGED for d in docs.values() for c in d["claims"]]
    )
    totals = bookmap.verdict_totals(ledger)
    assert totals["total"] == expected
    assert sum(v for k, v in totals.items() if k != "total") == expected
    for verdict in bookmap.LEDGER_VERDICTS:
        assert totals[verdict] == int((raw == verdict).sum()), verdict
    counts = bookmap.verdict_counts(ledger)
    assert len(counts) == len(docs) * len(bookmap.LEDGER_VERDICTS)
    for slug, doc in docs.items():
        assert counts.loc[counts["slug"] == slug, "n"].sum() == len(doc["claims"])
    assert ledger["link"].notna().all()


def test_ledger_verdicts_and_notebook_links() -> None:
    claims = [
        {
            "id": "c-one",
            "statement": "A claim in our own words.",
            "kind": "fact",
            "paragraph": 1,
            "evidence": ["dataset:unvotes"],
            "verdict": None,
        },
        {
            "id": "c-two",
            "statement": "Another claim, with $ signs and *stars*.",
            "kind": "forecast",
            "paragraph": 1,
            "evidence": [],
            "verdict": "supported",
            "why": "It happened.",
        },
    ]
    a = _article("a", [], claims=claims)
    ledger = bookmap.claims_ledger([a])
    assert list(ledger["verdict"]) == [bookmap.NOT_JUDGED, "supported"]
    assert list(ledger["link"]) == ["chapters/a/index.md"] * 2
    assert bookmap.verdict_totals(ledger) == {
        "supported": 1,
        "contradicted": 0,
        "mixed": 0,
        "unverifiable": 0,
        "not yet judged": 1,
        "total": 2,
    }
    text = figures.ledger_markdown(ledger)
    assert text.startswith(":::{list-table}") and text.endswith(":::")
    assert r"\$ signs and \*stars\*" in text
    assert "*Why:* It happened." in text and "  - supported" in text
    assert "{doc}`chapter </chapters/a/index>`" in text
    assert figures.ledger_markdown(ledger.iloc[:0]) == "*No claims are annotated yet.*"


# --------------------------------------------------------------------------- dashboard


@pytest.fixture(scope="module")
def dash() -> pd.DataFrame:
    return bookmap.indicator_dashboard()


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
    assert list(dash.columns) == bookmap.DASHBOARD_COLUMNS
    assert list(dict.fromkeys(dash["indicator"])) == list(bookmap.INDICATORS)
    assert dash["year"].min() == 1992 and dash["year"].max() == 2024
    assert set(dash["country"]) == {"Belarus", "Russia", "Ukraine"}
    assert (dash["unit"] == dash["indicator"].map(bookmap.INDICATORS)).all()


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
    out = bookmap.dashboard_frame(agreement, arms, trade, milex, (2000, 2001))
    assert sorted(out["year"].unique()) == [2000, 2001]
    votes = out[out["indicator"] == "UN vote agreement with Belarus"]
    assert votes["value"].iloc[0] == pytest.approx(80.0) and math.isnan(votes["value"].iloc[1])
    shares = out[out["indicator"] == "Russia's share of Belarus's arms imports"]
    assert math.isnan(shares["value"].iloc[0]) and shares["value"].iloc[1] == pytest.approx(100.0)
    assert out.loc[out["indicator"] == "Share of Belarus's trade", "value"].tolist() == [50.0]
    assert shares["segment"].isna().iloc[0] and not shares["segment"].isna().iloc[1]


# --------------------------------------------------------------------------- charts


def test_network_chart_has_filters_and_static_frame(articles: list[Article]) -> None:
    G = bookmap.union_graph(articles)
    shown = charts.show(figures.network_chart(G), "map-network")
    spec = shown.spec
    params = {p["name"]: p for p in spec.get("params", [])}
    for layer in spec["vconcat"][0].get("layer", []):
        params.update({p["name"]: p for p in layer.get("params", [])})
    assert {"article", "relation"} <= set(params)
    assert params["article"]["bind"]["input"] == "select"
    assert params["article"]["bind"]["options"][0] == "all"
    assert "Belarus and Russia" in shown.meta["title"]
    assert "data/articles" in " ".join(shown.meta["source"])


def test_starter_network_chart_works_without_entities() -> None:
    empty = _article("fresh", [])
    shown = charts.show(figures.article_network_chart(empty), "fresh-network")
    assert shown.meta["title"] == "No actors are annotated yet"
    assert "data/articles/fresh.yml" in shown.meta["description"]


def test_map_charts_are_finished(articles: list[Article], dash: pd.DataFrame) -> None:
    tl = bookmap.timeline(articles, load_curated("timeline_events"))
    ledger = bookmap.claims_ledger(articles)
    for chart, name in (
        (figures.timeline_chart(tl), "map-timeline"),
        (figures.ledger_chart(ledger), "map-ledger"),
        (figures.dashboard_chart(dash), "map-dashboard"),
    ):
        shown = charts.show(chart, name)
        assert shown.meta["title"] and shown.meta["description"] and shown.meta["source"]
    found = figures.dashboard_findings(dash)
    assert found["agree_rus"] > found["agree_ukr"]
    assert figures.ledger_findings(ledger)["total"] == len(ledger)


def test_network_labels_do_not_overlap(articles: list[Article]) -> None:
    G = bookmap.union_graph(articles)
    nodes, _ = bookmap.union_tables(G)
    nodes["side"] = ["hub" if x == 0 else ("left" if x < 0 else "right") for x in nodes["x"]]
    xd = (nodes["x"].min() - 0.42, nodes["x"].max() + 0.42)
    yd = (nodes["y"].min() - 0.12, nodes["y"].max() + 0.12)
    ly = figures.label_positions(nodes, xd, yd)
    sx = figures.NETWORK_WIDTH / (xd[1] - xd[0])
    sy = figures.NETWORK_HEIGHT / (yd[1] - yd[0])
    boxes = []
    for row, y in zip(nodes.itertuples(), ly, strict=True):
        w = figures.LABEL_CHAR_PX * len(row.short_name)
        px, py = (row.x - xd[0]) * sx, (yd[1] - y) * sy
        left = {"left": px - 8 - w, "right": px + 8, "hub": px - w / 2}[row.side]
        top = py - figures.LABEL_HEIGHT_PX / 2 - (13 if row.side == "hub" else 0)
        boxes.append((left, top, left + w, top + figures.LABEL_HEIGHT_PX))
    overlaps = [
        (i, j)
        for i in range(len(boxes))
        for j in range(i)
        if boxes[i][0] < boxes[j][2] - 0.5
        and boxes[j][0] < boxes[i][2] - 0.5
        and boxes[i][1] < boxes[j][3] - 0.5
        and boxes[j][1] < boxes[i][3] - 0.5
    ]
    assert not overlaps, [(nodes["short_name"][i], nodes["short_name"][j]) for i, j in overlaps]
