"""Page ``mic-bridge/who-is-who``: the people, offices and firms behind the 2012 plan.

The article's annotation (``data/articles/mic-bridge.yml``) as a network, enriched with
curated facts (:mod:`analysis.metrics.network`), drawn by the book's one network chart
(:func:`analysis.charts.network.network_chart`), with its centrality table and the list of
curated relations it adds.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from analysis.charts import NEUTRAL, PALETTE, show, tooltip
from analysis.charts.network import network_chart
from analysis.charts.tables import markdown_table
from analysis.inputs.articles import load_article
from analysis.inputs.curated import load_curated
from analysis.metrics import network
from analysis.metrics.network import EDGE_STYLES, NO_COUNTRY
from analysis.pages import Section
from analysis.pages.mic_bridge import visit_numbers

SLUG = "mic-bridge"

#: Short node labels (the full name is in the tooltip); other ids are labelled by name.
SHORT_LABELS: dict[str, str] = {
    "vladimir-semashko": "Semashko",
    "dmitry-rogozin": "Rogozin",
    "mikhail-myasnikovich": "Myasnikovich",
    "by-first-deputy-pm": "First Deputy PM (BY)",
    "ru-deputy-pm": "Deputy PM, defence industry (RU)",
    "by-prime-minister": "Prime Minister (BY)",
    "by-government": "Government of Belarus",
    "ru-government": "Government of Russia",
    "maz": "MAZ",
    "kamaz": "KAMAZ",
    "by-defence-industry": "Belarusian defence industry",
    "ru-defence-industry": "Russian defence industry",
    "ru-state-procurement": "Russian state procurement",
    "action-plan-2012-2015": "Action plan 2012-2015",
    "rogozin-visit-2012": "Rogozin's visit, Oct 2012",
    "rostekhnologii": "Rostekhnologii",
    "resolution-1389": "Resolution 1389 (Dec 2012)",
    "gaz": "GAZ Group",
}
#: Node colours: the two states' house colours, grey for entities of no single country.
COUNTRY_COLOURS: dict[str, str] = {
    "Belarus": PALETTE["BLR"],
    "Russia": PALETTE["RUS"],
    NO_COUNTRY: NEUTRAL,
}
#: Line colours and dashes by edge style: solid grey (article), dashed grey (curated
#: evidence), dotted red (flagged tier C/W claim).
EDGE_COLOURS: dict[str, str] = dict(
    zip(EDGE_STYLES, ("#6F6F6F", "#6F6F6F", "#B00020"), strict=True)
)
EDGE_DASHES: dict[str, list[int]] = dict(zip(EDGE_STYLES, ([1, 0], [6, 3], [2, 3]), strict=True))
SOURCE = (
    "the book's annotation of the article (Belarus in Focus) and its curated facts "
    "(defence industry, timeline events)"
)


@cache
def _network() -> dict[str, Any]:
    """The enriched graph, its centrality table, chart frames and counts (computed once)."""
    article = load_article(SLUG)
    facts = network.curated_facts_frame({name: load_curated(name) for name in network.FACT_TABLES})
    graph = network.enrich_graph(network.article_graph(article), facts)
    centrality = network.centrality_table(graph)
    nodes, edges = network.network_frames(*network.layout(graph), labels=SHORT_LABELS)
    missing = {e.id for e in article.entities} - set(nodes["id"])
    if missing:
        raise ValueError(
            f"the text says every annotated entity is drawn; missing {sorted(missing)}"
        )
    found = network.network_finding(nodes, edges, centrality)
    return {"nodes": nodes, "edges": edges, "centrality": centrality, "found": found}


def network_figure() -> Section:
    """Counts of the network, its most central actors, Rogozin's ties, and the chart."""
    net = _network()
    nodes, edges, found = net["nodes"], net["edges"], net["found"]
    rogozin = net["centrality"].set_index("id").loc["dmitry-rogozin"]
    ranks = net["centrality"]
    top = ranks.sort_values(["degree", "id"], ascending=[False, True]).iloc[0]["id"]
    touching = edges[(edges["source"] == top) | (edges["target"] == top)]
    with_kamaz = touching[(touching["source"] == "kamaz") | (touching["target"] == "kamaz")]
    if not 2 * len(with_kamaz) > len(touching):
        raise ValueError("the text says most of the top node's relations concern KAMAZ")
    people = ranks[ranks["kind"] == "person"].sort_values("degree", ascending=False)
    if people.iloc[0]["id"] != "dmitry-rogozin" or people.iloc[1]["degree"] == rogozin["degree"]:
        raise ValueError("the text says Rogozin is the article's central person")
    keys = (
        "n_nodes",
        "n_article_nodes",
        "n_curated_nodes",
        "n_edges",
        "n_article_edges",
        "n_curated_edges",
        "n_flagged_edges",
        "top_degree",
    )
    numbers: dict[str, str] = {key: f"{found[key]}" for key in keys}
    numbers |= {
        "top_degree_name": str(found["top_degree_name"]),
        "top_between_name": str(found["top_between_name"]),
        "top_between": f"{found['top_between']:.2f}",
        "rogozin_degree": f"{rogozin['degree']}",
        "rogozin_neighbours": f"{rogozin['neighbours']}",
    }
    title = (
        f"{str(found['top_degree_name']).split(' (')[0]} has the most ties, "
        f"{found['top_between_name']} links the rest: the actors of the 2012 plan"
    )
    description = (
        f"Node-link diagram of the {found['n_nodes']} entities in the article's annotations "
        f"and curated facts ({found['n_article_nodes']} from the article, "
        f"{found['n_curated_nodes']} added from curated facts) and their "
        f"{found['n_edges']} relations ({found['n_article_edges']} from the article, "
        f"{found['n_curated_edges']} from curated facts, {found['n_flagged_edges']} of them "
        f"flagged as tier C or W). {found['top_degree_name']} has most relations "
        f"({found['top_degree']}); {found['top_between_name']} lies on most shortest paths. "
        "Entities: "
        + "; ".join(f"{r.name} ({r.kind}, {r.country_name})" for r in nodes.itertuples())
        + "."
    )
    chart = network_chart(
        nodes,
        edges,
        title=title,
        description=description,
        source=SOURCE,
        note=(
            "Solid lines: the article; dashed: curated facts (tier A/B); dotted red: flagged "
            "tier C/W claims. Each relation, in our words, and the article paragraph or curated "
            "fact it rests on are in the chart's data download. Layout: "
            "spring layout, fixed seed"
        ),
        colour="country_name",
        colours=COUNTRY_COLOURS,
        colour_title="Country",
        edge_colour="style",
        edge_colours=EDGE_COLOURS,
        edge_dashes=EDGE_DASHES,
        edge_title="Relation",
        markers=True,
        node_tooltips=[
            tooltip("name", "Entity"),
            tooltip("kind_label", "Kind"),
            tooltip("country_name", "Country"),
            tooltip("degree", "Relations", unit="count"),
            tooltip("description", "Who or what"),
            tooltip("origin", "Named in"),
        ],
        edge_tooltips=[
            tooltip("relation", "Relation"),
            tooltip("source", "From (id)"),
            tooltip("target", "To (id)"),
            tooltip("note", "What"),
            tooltip("date", "Date"),
            tooltip("evidence", "Evidence"),
            tooltip("tier_text", "Source tier"),
        ],
        x_domain=(-1.12, 1.12),
        y_domain=(-1.12, 1.08),
        size_range=(60, 420),
        labels="below",
    )
    return Section(
        numbers={**numbers, **visit_numbers()},
        figures={"mic-network": show(chart, "mic-network")},
        data={"nodes": nodes, "edges": edges},
    )


def centrality() -> Section:
    """Degree, neighbours and betweenness of every entity, as a table."""
    ranks = _network()["centrality"]
    table = ranks.assign(
        country=ranks["country"].fillna("-"),
        betweenness=ranks["betweenness"].map(lambda v: f"{v:.3f}"),
    )[["name", "kind", "country", "origin", "degree", "neighbours", "betweenness"]]
    table = table.rename(columns=str.capitalize)
    right = {c: "r" for c in ("Degree", "Neighbours", "Betweenness")}
    return Section(table=markdown_table(table, align=right))


def curated_relations() -> Section:
    """The relations curated facts add (evidence or flagged claim) and how many are evidence."""
    edges = _network()["edges"]
    added = edges[edges["origin"] == "curated"].assign(
        status=lambda d: d["flagged"].map({True: "flagged claim", False: "evidence"}),
        relation=lambda d: d["source"] + " -> " + d["target"],
    )[["relation", "note", "date", "tier", "status", "fact_id"]]
    n_evidence = int((added["status"] == "evidence").sum())
    table = added.rename(
        columns={
            "relation": "Relation",
            "note": "What",
            "date": "Date",
            "tier": "Tier",
            "status": "Status",
            "fact_id": "Fact id",
        }
    )
    return Section(numbers={"n_evidence_edges": f"{n_evidence}"}, table=markdown_table(table))
