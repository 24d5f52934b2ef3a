"""Page layers of the claims and network pages, on the real annotations and data.

Pages: confrontation-spiral/{claims-against-counts, claims}, mic-bridge/{claims,
who-is-who}, map/{network, ledger}, appendix/data-and-sources. Numbers pinned here were
checked by hand against the annotation files and curated tables named in each test.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from IPython.display import Markdown

from analysis import charts
from analysis.charts.network import (
    LABEL_CHAR_PX,
    LABEL_HEIGHT_PX,
    NETWORK_HEIGHT,
    NETWORK_WIDTH,
    WIDE_LINE_CHARS,
    label_positions,
    wrap_label,
)
from analysis.charts.tables import claims_markdown
from analysis.inputs.articles import Article, all_articles, claims_frame, load_article
from analysis.inputs.registry import PINNED_COPY_REASON, datasets
from analysis.metrics import bookmap
from analysis.metrics.zapad import (
    muzhenko_context,
    muzhenko_data,
    official_vs_claims,
    zapad_chart_data,
    zapad_findings,
)
from analysis.pages import Section, appendix
from analysis.pages.confrontation_spiral import claims as cs_claims
from analysis.pages.confrontation_spiral import claims_against_counts
from analysis.pages.map import ledger as map_ledger
from analysis.pages.map import network as map_network
from analysis.pages.mic_bridge import claims as mb_claims
from analysis.pages.mic_bridge import who_is_who


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return all_articles()


# --------------------------------------------------------------------------- claims pages


def test_every_claim_of_the_spiral_is_judged_with_evidence() -> None:
    claims = claims_frame(load_article("confrontation-spiral"))
    assert claims["verdict"].notna().all()
    assert claims["why"].str.strip().str.len().gt(40).all()
    testable = claims[~claims["id"].isin(["c-ua-generals-targeted", "c-not-only-russia"])]
    assert testable["evidence"].map(len).gt(0).all()
    # Tier C/W cannot decide: the two observer claims rest on a tier C source only.
    verdicts = claims.set_index("id")["verdict"]
    assert verdicts["c-quasi-open-label"] == verdicts["c-observers-no-assessment"] == "unverifiable"
    assert verdicts["c-nato-view-belarus-army"] == "unverifiable"  # no NATO source (FACTS.md)
    text = claims_markdown(claims, chapter="chapters/confrontation-spiral")
    assert "{doc}`Voting together <voting-together>`" in text
    assert text.count("- **Claim ") == len(claims)  # every claim judged, every reason shown


def test_spiral_claims_page() -> None:
    section = cs_claims.verdicts()
    numbers = {k: v for k, v in section.numbers.items() if not k.startswith("verdict-")}
    verdicts = {k: v for k, v in section.numbers.items() if k.startswith("verdict-")}
    assert len(verdicts) == len(section.data["claims"])
    assert list(numbers) == [
        "v_supported",
        "v_contradicted",
        "v_mixed",
        "v_unverifiable",
        "v_judged",
        "v_total",
    ]
    assert numbers["v_total"] == numbers["v_judged"] == len(section.data["claims"])
    assert (
        sum(numbers[f"v_{v}"] for v in ("supported", "contradicted", "mixed", "unverifiable"))
        == (numbers["v_total"])
    )
    table = cs_claims.claims_table().table
    assert table is not None and table.startswith("```{list-table}")


def test_mic_bridge_claims_page_and_annotation() -> None:
    claims = claims_frame(load_article("mic-bridge"))
    assert claims["why"].notna().all()
    numbers = dict(mb_claims.verdicts().numbers)
    assert numbers["n_claims"] == str(len(claims)) == "16"  # every claim has a verdict
    per_verdict = [k for k in numbers if k.startswith("n_") and not k.startswith("n_kind_")]
    assert per_verdict == ["n_claims", "n_supported", "n_contradicted", "n_mixed", "n_unverifiable"]
    assert sum(int(numbers[k]) for k in per_verdict[1:]) == len(claims)
    assert all(isinstance(v, str) for v in numbers.values())
    assert numbers[f"verdict-{claims['id'].iloc[0]}"] == claims["verdict"].iloc[0]
    text = mb_claims.claims_table().table or ""
    assert "{doc}`Arms dependence <arms-dependence>`" in text  # pages of the chapter: relative
    assert text.count("- **Claim ") == len(claims)  # a reason for every verdict
    # the forecasts page shows a subset under the same numbers as the claims page
    last = claims["id"].iloc[-1]
    subset = claims_markdown(claims, chapter="chapters/mic-bridge", only=[last])
    assert f"* - {len(claims)}\n" in subset and "* - 1\n" not in subset


def test_zapad_headline_numbers_on_the_real_data() -> None:
    """Pinned to data/curated/zapad_claims.csv (rows zapad-2017-tass-12700, -muzhenko-*)."""
    claims = official_vs_claims()
    found = zapad_findings(claims)
    assert found["official_2017"] == 12700.0 and found["official_2021"] == 200000.0
    assert found["n_100k_2017_total_who"] == "Poland"
    context = muzhenko_data(muzhenko_context())
    assert context["ratio"].tolist() == [1.0, 7.9, 18.5]
    assert zapad_chart_data(claims)["low"].gt(0).all()


def test_claims_against_counts_page() -> None:
    four = claims_against_counts.four_exercises()
    assert four.numbers["official_2017"] == "12,700" and four.numbers["threshold"] == "100,000"
    assert four.numbers["n_100k_total_who"] == "Poland"
    assert isinstance(four.numbers["n_figures"], int)
    assert set(four.figures) == {"zapad-claims"}
    mz = claims_against_counts.muzhenko()
    assert mz.numbers["mz_front"] == "100,000" and "ratio" not in " ".join(mz.numbers)
    assert set(mz.figures) == {"muzhenko"}


# --------------------------------------------------------------------------- who is who


def test_who_is_who_names_every_entity() -> None:
    section = who_is_who.network_figure()
    numbers = section.numbers
    # 21 annotated entities + Rostekhnologii, GAZ, Resolution 1389; 24 relations + 10 links,
    # two of them tier C (Rosbelavto talks from 2010; Integral's exports to Russia)
    assert (numbers["n_nodes"], numbers["n_article_nodes"], numbers["n_curated_nodes"]) == (
        "24",
        "21",
        "3",
    )
    assert (numbers["n_edges"], numbers["n_article_edges"], numbers["n_curated_edges"]) == (
        "34",
        "24",
        "10",
    )
    assert numbers["n_flagged_edges"] == "2"
    assert numbers["top_degree_name"].startswith("MAZ") and numbers["top_degree"] == "8"
    assert numbers["top_between_name"] == "Russia"
    display = section.figures["mic-network"]
    for entity in load_article("mic-bridge").entities:
        assert entity.name in display.alt_text
    assert charts.inlined_rows(display.spec) < charts.MAX_ROWS
    assert who_is_who.curated_relations().numbers == {"n_evidence_edges": "8"}
    table = who_is_who.centrality().table or ""
    assert table.splitlines()[0].startswith("| Name | Kind | Country |")


# --------------------------------------------------------------------------- map network


def _params(spec: dict[str, Any]) -> dict[str, Any]:
    params = {p["name"]: p for p in spec.get("params", [])}
    for layer in spec["vconcat"][0].get("layer", []):
        params.update({p["name"]: p for p in layer.get("params", [])})
    return params


def test_map_network_page_has_filters_and_numbers(articles: list[Article]) -> None:
    section = map_network.actors()
    shown = section.figures["map-network"]
    params = _params(shown.spec)
    assert {"article", "relation"} <= set(params)
    assert params["article"]["bind"]["input"] == "select"
    assert params["article"]["bind"]["options"][0] == "all"
    assert "Belarus and Russia" in shown.meta["title"]
    assert "annotations of the articles" in " ".join(shown.meta["source"])
    assert section.numbers["n_edges"] == sum(len(a.relations) for a in articles)
    assert section.numbers["shared_names"] == "Belarus and Russia"
    table = map_network.shared_actors().numbers["shared-table"]
    assert isinstance(table, Markdown) and "| Belarus | state |" in table.data


def test_starter_network_chart_works_without_entities() -> None:
    empty = Article.model_validate(
        {
            "metadata": {
                "slug": "fresh",
                "title": "Article fresh",
                "outlet": "Test",
                "url": None,
                "page_date": "2020-01-01",
                "event_dates": [],
                "text": {"file": "fresh.txt", "sha256": "0" * 64},
            },
            "entities": [],
            "relations": [],
            "claims": [],
        }
    )
    shown = charts.show(map_network.article_network_chart(empty), "fresh-network")
    assert shown.meta["title"] == "No actors are annotated yet"
    assert "data/articles/fresh.yml" in shown.meta["description"]


def test_network_labels_do_not_overlap(articles: list[Article]) -> None:
    G = bookmap.union_graph(articles)
    nodes, _ = bookmap.union_tables(G)
    nodes["side"] = ["hub" if x == 0 else ("left" if x < 0 else "right") for x in nodes["x"]]
    xd = (nodes["x"].min() - 0.42, nodes["x"].max() + 0.42)
    yd = (nodes["y"].min() - 0.12, nodes["y"].max() + 0.12)
    ly = label_positions(nodes, xd, yd)
    sx = NETWORK_WIDTH / (xd[1] - xd[0])
    sy = NETWORK_HEIGHT / (yd[1] - yd[0])
    boxes = []
    for row, y in zip(nodes.itertuples(), ly, strict=True):
        # long names are drawn on several lines, the first at the label's anchor
        lines = wrap_label(row.short_name, WIDE_LINE_CHARS)
        w = LABEL_CHAR_PX * max(len(t) for t in lines)
        px, py = (row.x - xd[0]) * sx, (yd[1] - y) * sy
        left = {"left": px - 8 - w, "right": px + 8, "hub": px - w / 2}[row.side]
        top = py - LABEL_HEIGHT_PX / 2 - (13 if row.side == "hub" else 0)
        boxes.append((left, top, left + w, top + LABEL_HEIGHT_PX * len(lines)))
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


# --------------------------------------------------------------------------- map ledger


def test_map_ledger_page(articles: list[Article]) -> None:
    section = map_ledger.verdicts()
    assert section.numbers["n_claims"] == sum(len(a.claims) for a in articles)
    assert (
        section.numbers["n_judged"] + section.numbers["n_not_yet_judged"]
        == (section.numbers["n_claims"])
    )
    assert set(section.figures) == {"map-ledger"}
    tables = map_ledger.tables().numbers
    # one row per verdict: its name, then a right-aligned count per article and in all
    assert tables["verdict-table"].data.splitlines()[1] == "|:--|" + "--:|" * (len(articles) + 1)
    assert tables["ledger-table"].data.startswith(":::{list-table}")


# --------------------------------------------------------------------------- appendix


def test_data_and_sources_page_takes_usage_from_the_caller() -> None:
    usage = {"sipri-milex": ["chapters/mic-bridge/military-burden.ipynb"]}
    section = appendix.registry(usage)
    assert isinstance(section, Section)
    files: pd.DataFrame = section.data["files"]
    assert section.numbers["n_files"] == len(files)
    assert section.numbers["n_datasets"] == files["dataset"].nunique()
    used = files.set_index("dataset")["chapters"]
    assert used["sipri-milex"].iloc[0] if isinstance(used["sipri-milex"], pd.Series) else True
    assert set(files.loc[files["dataset"] == "sipri-milex", "chapters"]) == {"mic-bridge"}
    assert set(files.loc[files["dataset"] == "unvotes", "chapters"]) == {"(not yet used)"}
    text = appendix.tables(usage).table or ""
    reason, table = text.split("\n\n", 1)
    assert reason == PINNED_COPY_REASON
    assert table.startswith("| Dataset | Publisher | Licence / terms | Years | Used by |")
    for ds in datasets().values():  # each publisher's own page beside the pinned copies
        assert f"Publisher's page: <{ds.homepage}>" in text
    assert "| `sipri-milex` |" in text and "--:" in text  # bytes right-aligned
