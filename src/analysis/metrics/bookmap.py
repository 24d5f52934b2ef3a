"""The book as one map: every article annotation (``data/articles/*.yml``) taken together.

Pure functions (tables in, tables out; no plotting, no file access except in the thin
wrappers that call loaders), used by the chapter "The relationship map" (``chapters/map``):

:func:`union_graph`
    one :class:`networkx.MultiDiGraph` of the entities and relations of all articles.
:func:`union_tables`
    node and edge tables of that graph with a deterministic layout, for a node-link chart.
:func:`shared_entities`
    the actors more than one article names.

The map's other metrics have their own modules: :mod:`analysis.metrics.map_timeline`
(the book's timeline), :mod:`analysis.metrics.ledger` (the claims ledger) and
:mod:`analysis.metrics.dashboard` (indicators by year).

Entity identity across articles
-------------------------------
Each article names its entities with its own ids. Two entities of different articles are
taken to be the same real-world actor, and become one node, when (checked in this order)

1. they have the same ``id`` (the annotation convention: ids name things, e.g. ``belarus``,
   ``russia`` in both current articles);
2. they have the same ``wikidata`` QID (e.g. ``belarus`` and ``state-belarus``, both Q184);
3. their names agree once parenthesised or quoted asides are dropped and case is ignored,
   *and* their ``kind`` and ``country`` agree (``Belarus ("Minsk")`` = ``Belarus``, both a
   state of BLR).

Rule 3 never merges entities of one article with each other. The node keeps the id seen
first (articles in slug order), records the other ``<slug>:<id>`` spellings in ``aliases``,
and takes the shortest of the names (``Belarus`` rather than ``Belarus ("Minsk")``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from analysis.inputs.articles import Article
from analysis.metrics.network import relation_attributes
from analysis.metrics.reuse import relation_paraphrase
from analysis.metrics.timeline import join_names

# --------------------------------------------------------------------------- union graph


def _norm_name(name: str) -> str:
    """``'Belarus ("Minsk")'`` -> ``'belarus'``: asides in brackets or quotes dropped."""
    text = re.sub(r"\([^)]*\)", " ", name)
    text = re.sub(r"[\"“”„«»][^\"“”„«»]*[\"“”„«»]", " ", text)
    return " ".join(text.casefold().split())


def union_graph(articles: Iterable[Article]) -> nx.MultiDiGraph:
    """All articles' entities (nodes) and relations (edges) in one MultiDiGraph.

    Entities of different articles are merged by the rules of the module docstring. Node
    attributes: name, kind, country, description, wikidata, origin ``"article"``,
    ``articles`` (sorted slugs mentioning the entity), ``n_articles``, ``shared``
    (``n_articles > 1``), ``aliases`` (sorted ``<slug>:<id>`` of merged entities whose id
    differs from the node's). Edges are keyed ``<slug>/<relation id>``, with attributes
    kind, label None, date (ISO text or None), quote, paragraph, origin ``"article"``,
    fact_id None, tier None, flagged False, source_url (the article's URL), ``article``
    (slug) and ``relation`` (the relation id). Graph attribute ``articles``: the slugs.
    """
    ordered = sorted(articles, key=lambda a: a.slug)
    G = nx.MultiDiGraph(articles=[a.slug for a in ordered])
    by_wikidata: dict[str, str] = {}
    by_name: dict[tuple[str, str, str | None], str] = {}
    for article in ordered:
        local: dict[str, str] = {}  # entity id in this article -> node id
        claimed: set[str] = set()  # nodes already matched by an entity of this article
        for ent in article.entities:
            name_key = (_norm_name(ent.name), ent.kind, ent.country)
            node: str | None = None
            if ent.id in G:
                node = ent.id
            elif ent.wikidata and ent.wikidata in by_wikidata:
                node = by_wikidata[ent.wikidata]
            elif name_key in by_name and by_name[name_key] not in claimed:
                node = by_name[name_key]
            if node is None:
                node = ent.id
                G.add_node(
                    node,
                    name=ent.name,
                    kind=ent.kind,
                    country=ent.country,
                    description=ent.description,
                    wikidata=ent.wikidata,
                    origin="article",
                    articles=[],
                    aliases=[],
                )
            attrs = G.nodes[node]
            if article.slug not in attrs["articles"]:
                attrs["articles"].append(article.slug)
            if ent.id != node:
                attrs["aliases"].append(f"{article.slug}:{ent.id}")
            if len(ent.name) < len(attrs["name"]):
                attrs["name"] = ent.name
            if attrs.get("wikidata") is None and ent.wikidata:
                attrs["wikidata"] = ent.wikidata
            if ent.wikidata:
                by_wikidata.setdefault(ent.wikidata, node)
            by_name.setdefault(name_key, node)
            local[ent.id] = node
            claimed.add(node)
        for rel in article.relations:
            G.add_edge(
                local[rel.source],
                local[rel.target],
                key=f"{article.slug}/{rel.id}",
                **relation_attributes(article, rel),
                article=article.slug,
                relation=rel.id,
            )
    for _, attrs in G.nodes(data=True):
        attrs["articles"] = sorted(attrs["articles"])
        attrs["aliases"] = sorted(attrs["aliases"])
        attrs["n_articles"] = len(attrs["articles"])
        attrs["shared"] = attrs["n_articles"] > 1
    return G


def _keyed(values: Iterable[str]) -> str:
    """``'|a|b|'``: a list as text that a Vega expression can search with ``indexof``."""
    items = sorted(set(values))
    return "|" + "|".join(items) + "|" if items else "|"


def layout_positions(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Deterministic positions for a node-link chart of :func:`union_graph`: a radial,
    layered layout that keeps each article on its own side.

    * The *hubs* (entities several articles share; for a single article, its most
      connected entity) stand on a vertical line in the middle, most connected first.
    * Article *i* of the *n* articles with entities of their own takes the sector
      centred on the angle ``pi + 2*pi*i/n`` (two articles: left and right). Each of its other entities goes on the ring of its
      distance (in relations, :func:`~analysis.metrics.network.simple_projection`) from
      the hubs; rings are ellipses wider than high, spread evenly from 0.3 to 1 of the
      outer radius; entities that no relation reaches go on a ring further out. A ring
      of one entity puts it off the sector's axis, alternately above and below.
    * On each ring, entities are ordered by the mean angle of their neighbours on the
      ring inside (ties by id), which keeps lines short and crossings few.

    Coordinates are rescaled to [-1, 1] on the wider axis and rounded to
    :data:`~analysis.metrics.network.LAYOUT_DECIMALS` decimals (-0.0 -> 0.0).
    """
    import math

    from analysis.metrics.network import LAYOUT_DECIMALS, simple_projection

    H = simple_projection(G)
    if H.number_of_nodes() == 0:
        return {}
    slugs = list(G.graph.get("articles", [])) or sorted(
        {a for _, d in G.nodes(data=True) for a in d.get("articles", [])}
    )
    hubs = sorted((v for v in H if G.nodes[v].get("shared")), key=lambda v: (-G.degree(v), v))
    if not hubs:
        hubs = [min(H, key=lambda v: (-G.degree(v), v))]

    def first_article(v: str) -> str:
        return str((G.nodes[v].get("articles") or [""])[0])

    pos: dict[str, tuple[float, float]] = {}
    gap = 0.1
    for i, v in enumerate(hubs):
        pos[v] = (0.0, gap * ((len(hubs) - 1) / 2 - i))
    angle_of: dict[str, float] = {
        v: (math.pi / 2 if pos[v][1] >= 0 else -math.pi / 2) for v in hubs
    }
    # only articles with entities of their own take a sector
    slugs = [s for s in slugs if any(v not in pos and first_article(v) == s for v in H)] or slugs[
        :1
    ]
    n_sides = max(len(slugs), 1)
    span = min(math.pi * 0.92, 2 * math.pi / n_sides * 0.92)
    for i, slug in enumerate(slugs or [""]):
        # an entity of several articles that is not a hub goes to the side of its first article
        mine = {v for v in H if v not in pos and (not slug or first_article(v) == slug)}
        if not mine:
            continue
        centre = math.pi + 2 * math.pi * i / n_sides if len(slugs) > 1 else math.pi
        side_span = span if len(slugs) > 1 else 2 * math.pi * 0.96
        depth = nx.multi_source_dijkstra_path_length(H.subgraph(set(hubs) | mine), set(hubs))
        rings: dict[int, list[str]] = {}
        last = max((d for v, d in depth.items() if v in mine), default=0)
        for v in sorted(mine):
            rings.setdefault(depth.get(v, last + 1), []).append(v)
        for d in sorted(rings):
            members = rings[d]

            def parent_angle(v: str, centre: float = centre) -> float:
                inner = [angle_of[u] for u in H[v] if u in angle_of]
                return sum(inner) / len(inner) if inner else centre

            # stable sort: ties keep id order
            members.sort(key=lambda v: (parent_angle(v) - centre + math.pi) % (2 * math.pi))
            m = len(members)
            deepest = max(rings)
            for j, v in enumerate(members):
                theta = centre - side_span / 2 + side_span * (j + 0.5) / m
                if m == 1:  # a lone entity: off the axis, alternately up and down
                    theta = centre + (0.3 if d % 2 else -0.3)
                radius = 0.3 + 0.7 * (d - 1) / max(deepest - 1, 1)
                pos[v] = (radius * 1.3 * math.cos(theta), radius * math.sin(theta))
                angle_of[v] = theta
    for v in H:  # anything left (an entity of no listed article)
        pos.setdefault(v, (0.0, -gap * (len(hubs) + 1)))
    half = max(abs(c) for xy in pos.values() for c in xy) or 1.0
    return {
        v: (
            round(pos[v][0] / half, LAYOUT_DECIMALS) + 0.0,
            round(pos[v][1] / half, LAYOUT_DECIMALS) + 0.0,
        )
        for v in sorted(pos)
    }


NODE_TABLE_COLUMNS = [
    "id",
    "name",
    "short_name",
    "kind",
    "country",
    "description",
    "degree",
    "x",
    "y",
    "articles",
    "n_articles",
    "shared",
    "articles_key",
    "kinds_key",
    "kinds",
]
EDGE_TABLE_COLUMNS = [
    "source",
    "target",
    "key",
    "kind",
    "date",
    "quote",
    "evidence",
    "paragraph",
    "article",
    "source_name",
    "target_name",
    "x",
    "y",
    "x2",
    "y2",
]


def union_tables(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Node and edge tables of :func:`union_graph` for a node-link chart.

    Positions from :func:`layout_positions` (byte-stable). ``nodes``
    (:data:`NODE_TABLE_COLUMNS`, sorted by id): id, name, short_name (asides dropped),
    kind, country, description, degree, x, y, articles (slugs joined by ", "),
    n_articles, shared, articles_key and kinds_key (``|a|b|`` lists of the node's
    articles and of the kinds of its relations, for Vega's ``indexof``), kinds.
    ``edges`` (:data:`EDGE_TABLE_COLUMNS`, sorted by source, target, key): source,
    target, key, kind, date, quote (kept for checks, never drawn), evidence (the relation
    in our words, :func:`analysis.metrics.reuse.relation_paraphrase`), paragraph, article, source_name, target_name, x, y
    (source position), x2, y2 (target position).
    """
    pos = layout_positions(G)
    ids = sorted(G.nodes)
    kinds = {
        n: sorted(
            {d["kind"] for *_, d in G.in_edges(n, data=True)}
            | {d["kind"] for *_, d in G.out_edges(n, data=True)}
        )
        for n in ids
    }
    nodes = pd.DataFrame(
        [
            {
                "id": n,
                "name": G.nodes[n]["name"],
                "short_name": _short(G.nodes[n]["name"]),
                "kind": G.nodes[n]["kind"],
                "country": G.nodes[n]["country"],
                "description": G.nodes[n]["description"],
                "degree": G.degree(n),
                "x": pos[n][0],
                "y": pos[n][1],
                "articles": ", ".join(G.nodes[n]["articles"]),
                "n_articles": G.nodes[n]["n_articles"],
                "shared": G.nodes[n]["shared"],
                "articles_key": _keyed(G.nodes[n]["articles"]),
                "kinds_key": _keyed(kinds[n]),
                "kinds": ", ".join(k.replace("_", " ") for k in kinds[n]),
            }
            for n in ids
        ],
        columns=NODE_TABLE_COLUMNS,
    )
    names = {n: G.nodes[n]["name"] for n in ids}
    edges = pd.DataFrame(
        [
            {
                "source": u,
                "target": v,
                "key": key,
                "kind": d["kind"],
                "date": d["date"],
                "quote": d["quote"],
                "evidence": relation_paraphrase(
                    _short(names[u]), d["kind"], _short(names[v]), d["paragraph"]
                ),
                "paragraph": d["paragraph"],
                "article": d.get("article"),
                "source_name": names[u],
                "target_name": names[v],
                "x": pos[u][0],
                "y": pos[u][1],
                "x2": pos[v][0],
                "y2": pos[v][1],
            }
            for u, v, key, d in G.edges(keys=True, data=True)
        ],
        columns=EDGE_TABLE_COLUMNS,
    )
    edges = edges.sort_values(["source", "target", "key"], ignore_index=True)
    return nodes, edges


def _short(name: str) -> str:
    """A node label: the name without asides in brackets or quotes."""
    text = re.sub(r"\s*\([^)]*\)", "", name)
    text = re.sub(r"\s*[\"“”„«»][^\"“”„«»]*[\"“”„«»]", "", text)
    return " ".join(text.split()) or name


def shared_entities(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Nodes mentioned by more than one article: id, name, articles, degree (sorted)."""
    rows = [
        {"id": n, "name": d["name"], "articles": ", ".join(d["articles"]), "degree": G.degree(n)}
        for n, d in G.nodes(data=True)
        if d.get("shared")
    ]
    frame = pd.DataFrame(rows, columns=["id", "name", "articles", "degree"])
    return frame.sort_values(["degree", "id"], ascending=[False, True], ignore_index=True)


def shared_relations(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Entities of several articles: entity (short name), kind, relations in each article
    (``Relations in <slug>``) and in all (``All relations``), most connected first."""
    shared = shared_entities(G)
    slugs = list(G.graph.get("articles", []))
    rows = []
    for r in shared.itertuples():
        per = {slug: 0 for slug in slugs}
        for u, v, d in G.edges(data=True):
            if r.id in (u, v) and d.get("article") in per:
                per[d["article"]] += 1
        rows.append(
            {
                "Entity": _short(r.name),
                "Kind": G.nodes[r.id]["kind"],
                **{f"Relations in {s}": per[s] for s in slugs},
                "All relations": r.degree,
            }
        )
    return pd.DataFrame(rows)


def network_findings(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of the union network: nodes, edges, articles, shared entities (their short
    names joined, "a, b and c") and relation kinds."""
    shared = shared_entities(G)
    kinds = sorted({d["kind"] for *_, d in G.edges(data=True)})
    return {
        "n_nodes": G.number_of_nodes(),
        "n_edges": G.number_of_edges(),
        "n_articles": len(G.graph.get("articles", [])),
        "n_shared": len(shared),
        "shared_names": join_names([_short(n) for n in shared["name"]]),
        "n_kinds": len(kinds),
    }
