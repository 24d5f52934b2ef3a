"""Page ``map/network``: one network of the actors of every article.

The union of all article annotations (:func:`analysis.metrics.bookmap.union_graph`),
drawn by the book's one network chart (:func:`analysis.charts.network.network_chart`)
with menus to pick an article or a relation kind, and the actors several articles share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import networkx as nx
from IPython.display import Markdown

from analysis.charts import show, tooltip
from analysis.charts.network import Filter, empty_network, network_chart
from analysis.charts.style import CATEGORY_PALETTE
from analysis.charts.tables import markdown_table
from analysis.inputs.articles import Article, all_articles
from analysis.metrics import bookmap
from analysis.pages import Section

#: Entities mentioned by several articles, and their colour.
SHARED_LABEL = "in several articles"
SHARED_COLOUR = "#333333"
#: Source line of charts drawn from the article annotations.
ANNOTATIONS_SOURCE = "the book's annotations of the articles (our reading of each article)"
#: Room left and right of the outermost nodes for their labels, and above and below.
X_PAD, Y_PAD = 0.42, 0.12


def article_colours(slugs: Sequence[str]) -> dict[str, str]:
    """A colour per article (Tol bright, cycled), plus :data:`SHARED_LABEL`."""
    out = {slug: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, slug in enumerate(slugs)}
    out[SHARED_LABEL] = SHARED_COLOUR
    return out


def network_title(found: Mapping[str, Any]) -> str:
    """The network chart's title: who the articles share, or what there is yet."""
    if found["n_nodes"] == 0:
        return "No actors are annotated yet"
    if found["n_articles"] < 2:
        return f"{found['n_nodes']} actors linked by {found['n_edges']} relations"
    if found["n_shared"] == 0:
        return f"The {found['n_articles']} articles share no actor yet"
    verb = "appears" if found["n_shared"] == 1 else "appear"
    only = "Only " if found["n_shared"] <= 3 else ""
    return (
        f"{only}{found['shared_names']} {verb} in more than one of the {found['n_articles']} "
        f"articles: {found['n_nodes']} actors, {found['n_edges']} relations"
    )


def union_network_chart(
    G: nx.MultiDiGraph,
    *,
    source: str = ANNOTATIONS_SOURCE,
    filters: bool = True,
    title: str | None = None,
) -> alt.VConcatChart:
    """The chart of :func:`analysis.metrics.bookmap.union_graph` (one article or several).

    Nodes coloured by article (black when several articles name the actor), shaped by
    kind, sized by degree, labelled beside them; lines coloured by article. With
    ``filters`` the HTML chart has menus for the article and the relation kind. An empty
    graph gives a placeholder saying where to add entities.
    """
    found = bookmap.network_findings(G)
    slugs = list(G.graph.get("articles", []))
    heading = title or network_title(found)
    if found["n_nodes"] == 0:
        where = f"data/articles/{slugs[0]}.yml" if len(slugs) == 1 else "data/articles/<slug>.yml"
        return empty_network(heading, source, where)
    nodes, edges = bookmap.union_tables(G)
    nodes["group"] = [
        SHARED_LABEL if s else a for s, a in zip(nodes["shared"], nodes["articles"], strict=True)
    ]
    relation_kinds = sorted(set(edges["kind"]))
    menus = (
        [
            Filter("article", "Article: ", slugs, slugs, "all articles", "article", "articles_key"),
            Filter(
                "relation",
                "Relation kind: ",
                relation_kinds,
                [k.replace("_", " ") for k in relation_kinds],
                "all relation kinds",
                "kind",
                "kinds_key",
            ),
        ]
        if filters
        else []
    )
    shared = (
        f"{found['n_shared']} entities appear in more than one article ({found['shared_names']}); "
        if found["n_articles"] > 1
        else ""
    )
    description = (
        f"Network diagram of {found['n_nodes']} actors (nodes) and {found['n_edges']} relations "
        f"(lines) from the annotations of {found['n_articles']} article(s): {', '.join(slugs)}. "
        f"{shared}Node colour shows the article that mentions the actor (black: several), shape "
        "its kind, size its number of relations. Most connected: "
        + ", ".join(
            f"{r.short_name} ({r.degree})" for r in nodes.nlargest(5, "degree").itertuples()
        )
        + "."
    )
    colours = article_colours(slugs)
    return network_chart(
        nodes,
        edges,
        title=heading,
        description=description,
        source=source,
        note=(
            "Lines do not show direction; who does what to whom, in our words, and the article "
            "paragraph it rests on are in the chart's data download. In the HTML edition the menus under the chart filter by article and "
            "relation kind"
        ),
        colour="group",
        colours=colours,
        colour_title="Mentioned in",
        edge_colour="article",
        edge_colours=colours,
        edge_title="Mentioned in",
        edge_opacity=0.55,
        node_tooltips=[
            tooltip("name", "Entity"),
            tooltip("kind", "Kind"),
            tooltip("country", "Country", unit="ISO3"),
            tooltip("articles", "Articles"),
            tooltip("degree", "Relations", unit="count"),
            tooltip("kinds", "Relation kinds"),
            tooltip("description", "Description"),
        ],
        edge_tooltips=[
            tooltip("source_name", "From"),
            tooltip("kind", "Relation"),
            tooltip("target_name", "To"),
            tooltip("date", "Date"),
            tooltip("article", "Article"),
            tooltip("evidence", "Relation, in our words"),
            tooltip("paragraph", "Paragraph", unit="number"),
        ],
        x_domain=(nodes["x"].min() - X_PAD, nodes["x"].max() + X_PAD),
        y_domain=(nodes["y"].min() - Y_PAD, nodes["y"].max() + Y_PAD),
        filters=menus,
        labels="side",
        legend_orient="bottom",
    )


def article_network_chart(article: Article) -> alt.VConcatChart:
    """The network of one article (starter notebooks); a placeholder when it has no entities."""
    G = bookmap.union_graph([article])
    return union_network_chart(
        G,
        filters=G.number_of_edges() > 0,
        source="the book's annotation of this article",
    )


def actors() -> Section:
    """Entities and relations annotated, actors after matching, shared actors, relation
    kinds, and the network chart. Raises ValueError if a relation is not drawn."""
    articles = all_articles()
    G = bookmap.union_graph(articles)
    found = bookmap.network_findings(G)
    n_relations = sum(len(a.relations) for a in articles)
    if found["n_edges"] != n_relations:
        raise ValueError(
            f"the text says every relation of every article is an edge: {n_relations} "
            f"relations, {found['n_edges']} edges"
        )
    numbers = {
        "n_articles": found["n_articles"],
        "n_entities": sum(len(a.entities) for a in articles),
        "n_relations": n_relations,
        "n_nodes": found["n_nodes"],
        "n_edges": found["n_edges"],
        "n_shared": found["n_shared"],
        "shared_names": found["shared_names"] or "no actor",
        "n_kinds": found["n_kinds"],
    }
    return Section(
        numbers=numbers,
        figures={"map-network": show(union_network_chart(G), "map-network")},
        data={"graph": G},
    )


def shared_actors() -> Section:
    """The actors several articles share, with their relations per article (glued as the
    markdown table ``shared-table``)."""
    shared = bookmap.shared_relations(bookmap.union_graph(all_articles()))
    numeric = {c: "r" for c in shared.columns if c not in ("Entity", "Kind")}
    return Section(numbers={"shared-table": Markdown(markdown_table(shared, align=numeric))})
