"""Actor networks: an article's entities and relations as a graph, plus curated facts.

* :func:`article_graph` turns a validated :class:`~analysis.inputs.articles.Article` into a
  :class:`networkx.MultiDiGraph`: one node per entity (attributes name, kind, country,
  description, origin ``"article"``), one edge per relation, keyed by the relation id
  (attributes kind, date as ISO text or None, quote, paragraph, label None, fact_id None,
  tier None, source_url = the article's URL, origin ``"article"``).
* :func:`enrich_graph` adds edges taken from the curated fact tables (``data/curated``)
  by ``fact_id``: each :class:`CuratedLink` says which fact links which two nodes and how.
  Curated edges are keyed by the fact id and carry the fact's date, quote, source tier,
  ``flagged`` (tier C/W: show as a claim, not as evidence), source URL and
  origin ``"curated"``. Nodes an article lacks come from :data:`CURATED_NODES`.
* :func:`centrality_table` ranks nodes: degree, in/out degree on the multigraph (one per
  relation), neighbours and betweenness on the undirected simple projection.
* :func:`layout` gives byte-stable node and edge tables for an Altair node-link chart:
  spring layout (Fruchterman-Reingold, ``method="force"``) of the simple projection with
  a fixed seed and iteration count, nodes in sorted order, coordinates rounded to 4
  decimals, -0.0 normalised to 0.0.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from analysis.countries import display_name
from analysis.inputs.articles import Article, Relation
from analysis.inputs.curated import load_curated
from analysis.metrics.reuse import relation_paraphrase

#: Decimals of the layout coordinates (byte-stable output).
LAYOUT_DECIMALS = 4
NODE_COLUMNS = ["id", "name", "kind", "country", "description", "origin"]
EDGE_COLUMNS = [
    "source",
    "target",
    "key",
    "kind",
    "label",
    "date",
    "quote",
    "paragraph",
    "origin",
    "fact_id",
    "tier",
    "flagged",
    "source_url",
]
#: Curated tables :func:`curated_facts` reads.
FACT_TABLES = ("defence_industry", "timeline_events")


@dataclass(frozen=True)
class CuratedLink:
    """An edge taken from one curated fact: ``source -kind-> target``, with a label."""

    fact_id: str
    source: str
    target: str
    kind: str
    label: str


def _node(name: str, kind: str, country: str | None, description: str) -> dict[str, str | None]:
    return {"name": name, "kind": kind, "country": country, "description": description}


#: Nodes curated links need that an article may lack (id -> attributes). Ids an article
#: already has (e.g. ``kamaz`` in mic-bridge) keep the article's attributes.
CURATED_NODES: dict[str, dict[str, str | None]] = {
    "rostekhnologii": _node(
        "Rostekhnologii (Russian Technologies)",
        "company",
        "RUS",
        "Russian state corporation holding defence and industrial assets.",
    ),
    "kamaz": _node(
        "KAMAZ",
        "company",
        "RUS",
        "Russian truck maker, partly held by the state corporation Rostekhnologii.",
    ),
    "maz": _node(
        "MAZ (Minsk Automobile Plant)",
        "company",
        "BLR",
        "State-owned Belarusian truck and heavy-vehicle maker.",
    ),
    "gaz": _node(
        "GAZ Group", "company", "RUS", "Russian vehicle maker proposed as MAZ's partner in 2018."
    ),
    "integral": _node(
        "Integral",
        "company",
        "BLR",
        "Minsk maker of microelectronics and computer technology, state-owned.",
    ),
    "russia": _node("Russia", "state", "RUS", "Russian Federation."),
    "ru-government": _node(
        'Government of Russia ("Moscow")', "institution", "RUS", "The Russian authorities."
    ),
    "resolution-1389": _node(
        "Russian Government Resolution No. 1389 (24 Dec 2012)",
        "agreement",
        "RUS",
        "Signed government act giving Belarusian goods the treatment of Russian ones in "
        "state procurement, incl. the state defence order.",
    ),
    "by-defence-industry": _node(
        "Belarusian defence industry",
        "group",
        "BLR",
        "Belarusian defence-industrial enterprises taken together.",
    ),
}

#: The curated facts :func:`enrich_graph` adds by default (defence_industry, timeline_events).
CURATED_LINKS: tuple[CuratedLink, ...] = (
    CuratedLink(
        "di-kamaz-rostekhnologii-stake-kamaz-2011",
        "rostekhnologii",
        "kamaz",
        "holds_stake_in",
        "holds 49.9% of KAMAZ",
    ),
    CuratedLink(
        "di-maz-kamaz-start-rosbelavto-talks-2010",
        "maz",
        "kamaz",
        "merger_talks",
        "Rosbelavto merger talks under way since 2010",
    ),
    CuratedLink(
        "tl-2011-02-rostekhnologii-proposes-kamaz-take",
        "rostekhnologii",
        "maz",
        "seeks_stake_in",
        "proposes KAMAZ take 100% of MAZ (Feb 2011)",
    ),
    CuratedLink(
        "di-maz-kamaz-putin-pm-confirms-2011",
        "maz",
        "kamaz",
        "merger_talks",
        "Putin (as PM) names the KAMAZ-MAZ asset merger",
    ),
    CuratedLink(
        "tl-2012-06-syamashka-belarus-wants-contribution",
        "maz",
        "kamaz",
        "merger_talks",
        "Minsk offers 75% minus one share of MAZ (June 2012)",
    ),
    CuratedLink(
        "tl-2012-10-08-lukashenka-says-he-has",
        "maz",
        "kamaz",
        "merger_talks",
        "Lukashenka steps back from the talks (Oct 2012)",
    ),
    CuratedLink(
        "di-maz-integral-integration-projects-proposed-2018",
        "maz",
        "gaz",
        "merger_talks",
        "Minsk proposes MAZ-GAZ integration to Russia (Feb 2018)",
    ),
    CuratedLink(
        "di-integral-minsk-share-products-exported-2012",
        "integral",
        "russia",
        "exports_to",
        "almost 80% of output exported to Russia (2012)",
    ),
    CuratedLink(
        "tl-2012-12-24-russian-government-resolution-no",
        "ru-government",
        "resolution-1389",
        "issued",
        "Resolution No. 1389 of 24 Dec 2012",
    ),
    CuratedLink(
        "di-belarus-russia-belarusian-goods-russian-2012",
        "resolution-1389",
        "by-defence-industry",
        "grants_national_treatment",
        "Belarusian goods treated as Russian in the state defence order",
    ),
)


def relation_attributes(article: Article, relation: Relation) -> dict[str, Any]:
    """The edge attributes of an article's relation (kind, date, quote, paragraph, and
    empty curated-fact fields), the same in every graph of the book."""
    return {
        "kind": relation.kind,
        "label": None,
        "date": relation.date.isoformat() if relation.date else None,
        "quote": relation.evidence.quote,
        "paragraph": relation.evidence.paragraph,
        "origin": "article",
        "fact_id": None,
        "tier": None,
        "flagged": False,
        "source_url": article.metadata.url,
    }


def article_graph(article: Article) -> nx.MultiDiGraph:
    """MultiDiGraph of an article's entities (nodes) and relations (edges keyed by id)."""
    G = nx.MultiDiGraph(slug=article.slug, title=article.metadata.title, url=article.metadata.url)
    for e in article.entities:
        G.add_node(
            e.id,
            name=e.name,
            kind=e.kind,
            country=e.country,
            description=e.description,
            origin="article",
        )
    for r in article.relations:
        G.add_edge(r.source, r.target, key=r.id, **relation_attributes(article, r))
    return G


def _fact_date(frame: pd.DataFrame, table: str) -> pd.Series:
    """The date a fact refers to: the event date, else the period's first year, else the
    date it was stated (ISO text or None)."""
    if table == "timeline_events":
        date = frame["date"]
    else:
        start = frame["period_start"].astype("Int64").astype("string")
        date = start.where(start.notna(), frame["date_stated"])
    return date.astype("object").where(date.notna(), None)


def curated_facts_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per fact of the given curated tables, in the columns links need:
    fact_id, table, date, value, value_text, quote, tier, flagged, source_url, source_title."""
    frames = [
        pd.DataFrame(
            {
                "fact_id": t["fact_id"],
                "table": name,
                "date": _fact_date(t, name),
                "value": t["value"] if "value" in t else float("nan"),
                "value_text": t["value_text"] if "value_text" in t else t["event"],
                "quote": t["quote"],
                "tier": t["source_tier"],
                "flagged": t["flagged"],
                "source_url": t["source_url"],
                "source_title": t["source_title"],
            }
        )
        for name, t in tables.items()
    ]
    return pd.concat(frames, ignore_index=True)


def curated_facts(tables: Sequence[str] = FACT_TABLES) -> pd.DataFrame:
    """:func:`curated_facts_frame` of the curated tables ``tables`` (loaded, validated)."""
    return curated_facts_frame({name: load_curated(name) for name in tables})


def enrich_graph(
    G: nx.MultiDiGraph,
    facts: pd.DataFrame,
    links: Sequence[CuratedLink] = CURATED_LINKS,
    nodes: dict[str, dict[str, str | None]] | None = None,
) -> nx.MultiDiGraph:
    """A copy of ``G`` with one curated edge per link (see module docstring).

    ``facts`` is :func:`curated_facts` (or any frame with its columns). Raises KeyError
    naming fact ids absent from ``facts`` and node ids absent from both ``G`` and
    ``nodes`` (default :data:`CURATED_NODES`).
    """
    nodes = CURATED_NODES if nodes is None else nodes
    by_id = facts.drop_duplicates("fact_id").set_index("fact_id")
    missing = [link.fact_id for link in links if link.fact_id not in by_id.index]
    if missing:
        raise KeyError(f"fact id(s) not in the curated facts: {missing}")
    H = G.copy()
    for link in links:
        for node in (link.source, link.target):
            if node not in H:
                if node not in nodes:
                    raise KeyError(f"node {node!r} of {link.fact_id!r}: in neither G nor nodes")
                H.add_node(node, **nodes[node], origin="curated")
        f = by_id.loc[link.fact_id]
        H.add_edge(
            link.source,
            link.target,
            key=link.fact_id,
            kind=link.kind,
            label=link.label,
            date=f["date"],
            quote=f["quote"],
            paragraph=None,
            origin="curated",
            fact_id=link.fact_id,
            tier=f["tier"],
            flagged=bool(f["flagged"]),
            source_url=f["source_url"],
        )
    return H


def simple_projection(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph of ``G``: nodes and edges inserted in sorted order, parallel
    and reciprocal edges merged, self-loops dropped."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    return H


def centrality_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Node centralities: id, name, kind, country, origin, degree, in_degree, out_degree
    (counting every relation), neighbours, betweenness (normalised, on
    :func:`simple_projection`, rounded to 6 decimals). Sorted by degree, then
    betweenness (both descending), then id."""
    H = simple_projection(G)
    between = nx.betweenness_centrality(H, normalized=True)
    ids = sorted(G.nodes)
    out = pd.DataFrame(
        {
            "id": ids,
            "name": [G.nodes[n].get("name", n) for n in ids],
            "kind": [G.nodes[n].get("kind") for n in ids],
            "country": [G.nodes[n].get("country") for n in ids],
            "origin": [G.nodes[n].get("origin") for n in ids],
            "degree": [G.degree(n) for n in ids],
            "in_degree": [G.in_degree(n) for n in ids],
            "out_degree": [G.out_degree(n) for n in ids],
            "neighbours": [H.degree(n) for n in ids],
            "betweenness": [round(between[n], 6) for n in ids],
        }
    )
    return out.sort_values(
        ["degree", "betweenness", "id"], ascending=[False, False, True], ignore_index=True
    )


def _stable(values: pd.Series) -> pd.Series:
    return values.round(LAYOUT_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def layout(
    G: nx.MultiDiGraph, seed: int = 42, iterations: int = 200
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterministic node and edge tables for a node-link chart.

    Returns ``(nodes, edges)``. ``nodes``: id, name, kind, country, description, origin,
    degree, x, y (sorted by id). ``edges``: :data:`EDGE_COLUMNS` plus x, y (source
    position) and x2, y2 (target position), sorted by source, target, key. Coordinates are
    in [-1, 1], rounded to :data:`LAYOUT_DECIMALS` decimals.
    """
    H = simple_projection(G)
    pos = nx.spring_layout(H, seed=seed, iterations=iterations, method="force")
    ids = sorted(G.nodes)
    nodes = pd.DataFrame({c: [G.nodes[n].get(c) for n in ids] for c in NODE_COLUMNS[1:]})
    nodes.insert(0, "id", ids)
    nodes["degree"] = [G.degree(n) for n in ids]
    nodes["x"] = _stable(pd.Series([float(pos[n][0]) for n in ids]))
    nodes["y"] = _stable(pd.Series([float(pos[n][1]) for n in ids]))
    rows = [
        {"source": u, "target": v, "key": k, **d} for u, v, k, d in G.edges(keys=True, data=True)
    ]
    edges = pd.DataFrame(rows).reindex(columns=EDGE_COLUMNS)
    edges["paragraph"] = edges["paragraph"].astype("Int64")
    xy = nodes.set_index("id")[["x", "y"]]
    edges[["x", "y"]] = xy.loc[edges["source"]].to_numpy()
    edges[["x2", "y2"]] = xy.loc[edges["target"]].to_numpy()
    edges = edges.sort_values(["source", "target", "key"], ignore_index=True)
    return nodes, edges


# --------------------------------------------------------------------------- chart-ready frames

#: Edge styles: article relation, curated fact (evidence), flagged curated fact (claim).
EDGE_STYLES: tuple[str, str, str] = (
    "In the article",
    "Curated fact (tier A/B)",
    "Flagged claim (tier C/W)",
)
#: The country of an entity that has none (institutions, events, agreements).
NO_COUNTRY = "No single country"
#: Distance between parallel edges of one pair of nodes (layout units).
PARALLEL_GAP = 0.024


def _wrap_label(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width, break_on_hyphens=False))


def _rescale(values: pd.Series) -> pd.Series:
    """Min-max to [-1, 1], rounded to 4 decimals (a constant series maps to 0)."""
    lo, hi = float(values.min()), float(values.max())
    if hi == lo:
        return values * 0.0
    return ((values - lo) / (hi - lo) * 2 - 1).round(4) + 0.0


def network_frames(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    label_width: int = 16,
    labels: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Chart-ready node and edge tables from :func:`analysis.metrics.network.layout`.

    Coordinates are stretched to fill [-1, 1] on each axis (the spring layout leaves
    the plot half empty). Nodes gain ``label`` (``labels`` by id, else the name, wrapped at ``label_width`` characters, lines joined by ``\\n``),
    ``country_name`` (display name or :data:`NO_COUNTRY`) and ``kind_label``. Edges gain
    ``relation`` (kind in words), ``style`` (:data:`EDGE_STYLES`: article, curated tier
    A/B, flagged tier C/W), ``tier_text``, ``note`` (the curated label, or "as reported in
    the article"), ``evidence`` (an article relation in our words with its paragraph,
    :func:`analysis.metrics.reuse.relation_paraphrase`, or the curated fact's id and tier:
    never the article's quote) and a marker position ``mx``, ``my``. Parallel edges between the same
    two nodes are drawn side by side (:data:`PARALLEL_GAP` apart, perpendicular to the
    line) with their markers staggered along it, so each relation has its own hover
    target.
    """
    labels = labels or {}
    nodes = nodes.copy()
    nodes["x"], nodes["y"] = _rescale(nodes["x"]), _rescale(nodes["y"])
    nodes["label"] = [
        _wrap_label(labels.get(i, n), label_width)
        for i, n in zip(nodes["id"], nodes["name"], strict=True)
    ]
    nodes["country_name"] = [
        display_name(c) if isinstance(c, str) else NO_COUNTRY for c in nodes["country"]
    ]
    nodes["kind_label"] = nodes["kind"].str.capitalize()
    edges = edges.copy()
    xy = nodes.set_index("id")[["x", "y"]]
    edges[["x", "y"]] = xy.loc[edges["source"]].to_numpy()
    edges[["x2", "y2"]] = xy.loc[edges["target"]].to_numpy()
    edges["relation"] = edges["kind"].str.replace("_", " ")
    flagged = edges["flagged"].fillna(False).astype(bool)
    curated = edges["origin"].eq("curated")
    edges["style"] = np.select(
        [curated & flagged, curated],
        [EDGE_STYLES[2], EDGE_STYLES[1]],
        default=EDGE_STYLES[0],
    )
    edges["tier_text"] = [
        f"{t} ({'flagged' if f else 'evidence'})" if isinstance(t, str) else "article"
        for t, f in zip(edges["tier"], flagged, strict=True)
    ]
    edges["note"] = edges["label"].where(edges["label"].notna(), "as reported in the article")
    names = nodes.set_index("id")["name"]
    edges["evidence"] = [
        relation_paraphrase(names[s], k, names[t], int(p))
        if o == "article"
        else f"curated fact {f} (source tier {tier})"
        for s, k, t, p, o, f, tier in zip(
            edges["source"],
            edges["kind"],
            edges["target"],
            edges["paragraph"].fillna(0),
            edges["origin"],
            edges["fact_id"],
            edges["tier"],
            strict=True,
        )
    ]
    edges["date"] = edges["date"].where(edges["date"].notna(), "undated")
    pair = [tuple(sorted(p)) for p in zip(edges["source"], edges["target"], strict=True)]
    edges["_pair"] = pair
    edges["_i"] = edges.groupby("_pair").cumcount()
    edges["_n"] = edges.groupby("_pair")["_pair"].transform("size")
    # parallel edges: spread side by side (perpendicular offset) with markers staggered
    rank = edges["_i"] - (edges["_n"] - 1) / 2
    dx, dy = edges["x2"] - edges["x"], edges["y2"] - edges["y"]
    length = np.hypot(dx, dy).where(lambda v: v > 0, 1.0)
    sign = np.where(edges["source"] <= edges["target"], 1.0, -1.0)  # same side either way
    off = rank * PARALLEL_GAP * sign
    ox, oy = -dy / length * off, dx / length * off
    for col, shift in (("x", ox), ("x2", ox), ("y", oy), ("y2", oy)):
        edges[col] = (edges[col] + shift).round(4) + 0.0
    t = 0.5 + rank * np.minimum(0.12, 0.6 / edges["_n"])
    edges["mx"] = (edges["x"] + t * (edges["x2"] - edges["x"])).round(4) + 0.0
    edges["my"] = (edges["y"] + t * (edges["y2"] - edges["y"])).round(4) + 0.0
    edges = edges.drop(columns=["_pair", "_i", "_n"])
    return nodes, edges


def network_finding(
    nodes: pd.DataFrame, edges: pd.DataFrame, centrality: pd.DataFrame
) -> dict[str, object]:
    """Counts and leaders of the network: entities, relations, curated and flagged edges,
    the node with most relations and the one with the highest betweenness."""
    top_degree = centrality.iloc[0]
    top_between = centrality.sort_values(["betweenness", "id"], ascending=[False, True]).iloc[0]
    return {
        "n_nodes": len(nodes),
        "n_article_nodes": int((nodes["origin"] == "article").sum()),
        "n_curated_nodes": int((nodes["origin"] == "curated").sum()),
        "n_edges": len(edges),
        "n_article_edges": int((edges["origin"] == "article").sum()),
        "n_curated_edges": int((edges["origin"] == "curated").sum()),
        "n_flagged_edges": int(edges["flagged"].fillna(False).astype(bool).sum()),
        "top_degree_name": str(top_degree["name"]),
        "top_degree": int(top_degree["degree"]),
        "top_between_name": str(top_between["name"]),
        "top_between": float(top_between["betweenness"]),
    }
