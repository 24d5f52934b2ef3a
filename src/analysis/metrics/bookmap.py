"""The book as one map: every article annotation (``data/articles/*.yml``) taken together.

Pure functions (tables in, tables out; no plotting, no file access except in the thin
wrappers that call loaders), used by the chapter "The relationship map" (``chapters/map``):

:func:`union_graph`
    one :class:`networkx.MultiDiGraph` of the entities and relations of all articles.
:func:`union_tables`
    node and edge tables of that graph with a deterministic layout, for a node-link chart.
:func:`timeline`
    one table of dated events: those the articles report (``metadata.event_dates`` and
    relations with a date) and the curated timeline (``data/curated/timeline_events.csv``),
    each with one of the :data:`CATEGORIES`.
:func:`claims_ledger` / :func:`verdict_counts`
    every claim of every article with its verdict and the notebook that weighs it, and the
    counts by verdict.
:func:`indicator_dashboard` (loads the data) / :func:`dashboard_frame` (pure core)
    the relationship indicators by year in one tidy table.

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
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from analysis.countries import display_name
from analysis.inputs.articles import NOT_JUDGED, VERDICTS, Article

#: Verdicts in ledger order (DESIGN's four, then claims not yet weighed).
LEDGER_VERDICTS: tuple[str, ...] = (*VERDICTS, NOT_JUDGED)

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
                kind=rel.kind,
                label=None,
                date=rel.date.isoformat() if rel.date else None,
                quote=rel.evidence.quote,
                paragraph=rel.evidence.paragraph,
                origin="article",
                fact_id=None,
                tier=None,
                flagged=False,
                source_url=article.metadata.url,
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
    target, key, kind, date, quote, paragraph, article, source_name, target_name, x, y
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


# --------------------------------------------------------------------------- timeline

#: Timeline categories, in legend order.
CATEGORIES: tuple[str, ...] = (
    "treaties & integration",
    "exercises",
    "defence industry",
    "bases & deployments",
    "incidents",
    "diplomacy & politics",
)

#: Curated ``timeline_events.category`` labels -> :data:`CATEGORIES`. A label not listed
#: is classified from the event text (:func:`classify_event`).
CURATED_CATEGORIES: dict[str, str] = {
    "CSTO": "treaties & integration",
    "Union State": "treaties & integration",
    "Union State / military doctrine": "treaties & integration",
    "Union State / nuclear": "treaties & integration",
    "Eurasian integration": "treaties & integration",
    "military integration": "treaties & integration",
    "exercise": "exercises",
    "Belarus-Ukraine / exercise": "exercises",
    "exercise / force deployment": "exercises",
    "defence industry": "defence industry",
    "MAZ-KAMAZ": "defence industry",
    "defence spending": "defence industry",
    "airbase": "bases & deployments",
    "air defence": "bases & deployments",
    "force deployment": "bases & deployments",
    "Wagner / force deployment": "bases & deployments",
    "nuclear": "bases & deployments",
    "constitution / nuclear": "bases & deployments",
    "Belarus-Ukraine incident": "incidents",
    "war": "incidents",
    "Belarus-Ukraine": "diplomacy & politics",
    "2020 crisis": "diplomacy & politics",
    "2020 crisis / Russia-Belarus security": "diplomacy & politics",
    "2020 crisis / non-recognition": "diplomacy & politics",
    "UN": "diplomacy & politics",
}

#: Keyword rules for events without a curated category (first match wins; the last
#: category is the fallback).
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (cat, re.compile(rx, re.IGNORECASE))
    for cat, rx in (
        ("exercises", r"exercis|\bdrills?\b|zapad|west-20\d\d|union resolve|allied resolve"),
        (
            "defence industry",
            r"defen[cs]e[- ]industr|industrial|procurement|defen[cs]e order"
            r"|\bmaz\b|kamaz|integral|rosbelavto|arms industr|military[- ]technical",
        ),
        ("bases & deployments", r"air ?base|air[- ]defen[cs]e|nuclear|deploy|station|wagner"),
        (
            "incidents",
            r"incident|arrest|expel|recall|\bspy|persona non grata|invade|invasion"
            r"|attack|detain|disappear|criticis|confront",
        ),
        (
            "treaties & integration",
            r"treaty|charter|agreement|action plan|union state"
            r"|customs union|economic space|eaeu|eurasian|csto"
            r"|collective security|\bsign",
        ),
    )
)


def classify_event(text: str) -> str:
    """The :data:`CATEGORIES` entry of an event described by ``text`` (keyword rules)."""
    for category, pattern in _RULES:
        if pattern.search(text):
            return category
    return CATEGORIES[-1]


def curated_category(label: str | None, event: str) -> str:
    """A curated label mapped by :data:`CURATED_CATEGORIES`, else :func:`classify_event`."""
    if label and label in CURATED_CATEGORIES:
        return CURATED_CATEGORIES[label]
    return classify_event(event)


TIMELINE_COLUMNS = [
    "date",
    "date_end",
    "date_text",
    "precision",
    "year",
    "event",
    "category",
    "origin",
    "article",
    "ref",
    "tier",
    "flagged",
]

_VERBS = {
    "member_of": "is a member of",
    "seeks_stake_in": "seeks a stake in",
    "merger_talks": "is in merger talks with",
    "participates_in": "takes part in",
    "cooperates_with": "cooperates with",
    "seeks_support_from": "seeks support from",
    "seeks_market_in": "seeks a market in",
    "offers_mediation": "offers mediation in",
    "integrates_with": "integrates with",
    "party_to": "is a party to",
}


def relation_phrase(kind: str) -> str:
    """``'seeks_stake_in'`` -> ``'seeks a stake in'``: a relation kind as a verb phrase."""
    return _VERBS.get(kind, kind.replace("_", " "))


def _iso_start(text: str) -> str:
    """First day of an ISO date, month or year (``'2012-10'`` -> ``'2012-10-01'``)."""
    parts = text.split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def timeline(articles: Iterable[Article], curated: pd.DataFrame | None = None) -> pd.DataFrame:
    """One table of dated events from the articles and the curated timeline.

    Rows from each article: its ``metadata.event_dates`` (ref ``<slug>/event-<n>``) and
    its relations with a date (ref ``<slug>/<relation id>``, event "<source> <verb>
    <target>"). An article relation is classified by its own text; when the keyword
    rules find nothing and the article reports an event on the same day, it takes that
    event's category. Rows from ``curated`` (the validated ``timeline_events`` table, or
    None for none): ref = fact_id, category mapped by :func:`curated_category`, tier and
    flagged from the table.

    Columns :data:`TIMELINE_COLUMNS`: date (ISO ``YYYY-MM-DD``, the first day of a month
    or year given less precisely), date_end (ISO or None), date_text (as given),
    precision (day, month, year, range, approx), year (int), event, category, origin
    (``article`` or ``curated``), article (slug or None), ref, tier (curated only),
    flagged (tier C/W). Sorted by date, origin, ref.
    """
    rows: list[dict[str, Any]] = []
    for article in sorted(articles, key=lambda a: a.slug):
        names = {e.id: e.name for e in article.entities}
        day_category: dict[str, str] = {}
        for n, ev in enumerate(article.metadata.event_dates, start=1):
            category = classify_event(ev.what)
            day_category.setdefault(ev.date.isoformat(), category)
            rows.append(
                {
                    "date": ev.date.isoformat(),
                    "date_end": None,
                    "date_text": ev.date.isoformat(),
                    "precision": "day",
                    "event": ev.what,
                    "category": category,
                    "origin": "article",
                    "article": article.slug,
                    "ref": f"{article.slug}/event-{n}",
                    "tier": None,
                    "flagged": False,
                }
            )
        for rel in article.relations:
            if rel.date is None:
                continue
            day = rel.date.isoformat()
            text = f"{names[rel.source]} {relation_phrase(rel.kind)} {names[rel.target]}"
            category = classify_event(text)
            if category == CATEGORIES[-1] and day in day_category:
                category = day_category[day]
            rows.append(
                {
                    "date": day,
                    "date_end": None,
                    "date_text": day,
                    "precision": "day",
                    "event": text,
                    "category": category,
                    "origin": "article",
                    "article": article.slug,
                    "ref": f"{article.slug}/{rel.id}",
                    "tier": None,
                    "flagged": False,
                }
            )
    if curated is not None:
        for row in curated.itertuples(index=False):
            if not isinstance(row.date, str):
                continue
            end = row.date_end if isinstance(row.date_end, str) else None
            rows.append(
                {
                    "date": _iso_start(row.date),
                    "date_end": _iso_start(end) if end else None,
                    "date_text": row.date + (f" to {end}" if end else ""),
                    "precision": row.date_precision,
                    "event": row.event,
                    "category": curated_category(row.category, row.event),
                    "origin": "curated",
                    "article": None,
                    "ref": row.fact_id,
                    "tier": row.source_tier,
                    "flagged": bool(row.flagged),
                }
            )
    frame = pd.DataFrame(rows, columns=[c for c in TIMELINE_COLUMNS if c != "year"])
    frame.insert(4, "year", frame["date"].str[:4].astype("int64"))
    return frame.sort_values(["date", "origin", "ref"], ignore_index=True)[TIMELINE_COLUMNS]


# --------------------------------------------------------------------------- claims ledger

LEDGER_COLUMNS = [
    "slug",
    "article_title",
    "id",
    "kind",
    "statement",
    "paragraph",
    "verdict",
    "why",
    "evidence",
    "notebook",
    "link",
]


def claims_ledger(articles: Iterable[Article]) -> pd.DataFrame:
    """Every claim of every article, one row each, articles in slug order.

    Columns :data:`LEDGER_COLUMNS`: slug, article_title, id, kind, statement, paragraph,
    verdict (``"not yet judged"`` when the annotation has none), why, evidence (the
    references joined by ``"; "``), notebook (the first ``notebook:`` evidence path, or
    None) and link: where the claim is weighed, that notebook or else the article's
    chapter page ``chapters/<slug>/index.md``.
    """
    rows = []
    for article in sorted(articles, key=lambda a: a.slug):
        for claim in article.claims:
            notebooks = [
                ref.partition(":")[2] for ref in claim.evidence if ref.startswith("notebook:")
            ]
            notebook = notebooks[0] if notebooks else None
            rows.append(
                {
                    "slug": article.slug,
                    "article_title": article.metadata.title,
                    "id": claim.id,
                    "kind": claim.kind,
                    "statement": " ".join(claim.statement.split()),
                    "paragraph": claim.paragraph,
                    "verdict": claim.verdict or NOT_JUDGED,
                    "why": claim.why,
                    "evidence": "; ".join(claim.evidence),
                    "notebook": notebook,
                    "link": notebook or f"chapters/{article.slug}/index.md",
                }
            )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def verdict_counts(ledger: pd.DataFrame) -> pd.DataFrame:
    """Claims by article and verdict: slug, verdict, n (every verdict of
    :data:`LEDGER_VERDICTS` for every article, zeros included), in ledger order."""
    slugs = list(dict.fromkeys(ledger["slug"]))
    index = pd.MultiIndex.from_product([slugs, LEDGER_VERDICTS], names=["slug", "verdict"])
    counts = ledger.groupby(["slug", "verdict"]).size().reindex(index, fill_value=0)
    return counts.rename("n").reset_index().astype({"n": "int64"})


def verdict_totals(ledger: pd.DataFrame) -> dict[str, int]:
    """``{verdict: number of claims}`` over all articles, every verdict listed, plus
    ``"total"``."""
    counts = ledger["verdict"].value_counts()
    out = {v: int(counts.get(v, 0)) for v in LEDGER_VERDICTS}
    out["total"] = len(ledger)
    return out


# --------------------------------------------------------------------------- dashboard

#: Dashboard panels, in display order: indicator -> unit.
INDICATORS: dict[str, str] = {
    "UN vote agreement with Belarus": "% of roll calls both voted on",
    "Russia's share of Belarus's arms imports": "% of TIV delivered",
    "Share of Belarus's trade": "% of imports + exports",
    "Military burden": "% of GDP",
}
#: Fewest joint roll calls for a year's vote agreement to be shown (2020 has one).
MIN_JOINT_VOTES = 10
DASHBOARD_COLUMNS = [
    "indicator",
    "series",
    "iso3",
    "country",
    "year",
    "value",
    "unit",
    "source",
    "segment",
]


def _segments(values: pd.Series) -> pd.Series:
    """Run number of consecutive non-missing values (lines break at gaps)."""
    gap = values.isna()
    return gap.cumsum().where(~gap).astype("Int64")


def dashboard_frame(
    agreement: pd.DataFrame,
    arms_share: pd.DataFrame,
    trade_shares: pd.DataFrame,
    milex: pd.DataFrame,
    years: tuple[int, int],
) -> pd.DataFrame:
    """Pure core of :func:`indicator_dashboard`, from the metric tables.

    ``agreement``: :func:`analysis.metrics.votes.agreement_panel` rows of pairs BLR-xxx;
    ``arms_share``: :func:`analysis.metrics.arms.supplier_share` of Belarus's imports from
    Russia; ``trade_shares``: :func:`analysis.metrics.trade.partner_shares` of Belarus;
    ``milex``: :func:`analysis.metrics.milex.milex_panel` with measure ``share_of_gdp``.
    Every value is a percentage. Years with fewer than :data:`MIN_JOINT_VOTES` joint
    votes, years with no arms deliveries at all (share undefined) and missing values
    are NaN, never 0. One row per indicator, series and year of ``years`` (inclusive)
    that the source covers.
    """
    first, last = years
    parts = []
    votes = agreement[agreement["year"].between(first, last)]
    for _pair, rows in votes.groupby("pair", sort=False):
        iso3 = str(rows["b_iso3"].iloc[0])
        value = (100 * rows["agreement"]).where(rows["n_votes"] >= MIN_JOINT_VOTES)
        parts.append(
            pd.DataFrame(
                {
                    "indicator": "UN vote agreement with Belarus",
                    "series": f"Belarus-{display_name(iso3)}",
                    "iso3": iso3,
                    "year": rows["year"],
                    "value": value,
                    "source": "unvotes",
                }
            )
        )
    arms = arms_share[arms_share["year"].between(first, last)]
    parts.append(
        pd.DataFrame(
            {
                "indicator": "Russia's share of Belarus's arms imports",
                "series": "Russia",
                "iso3": "RUS",
                "year": arms["year"],
                "value": 100 * arms["share"],
                "source": arms["source"],
            }
        )
    )
    trade = trade_shares[trade_shares["year"].between(first, last)]
    for iso3, rows in trade.groupby("partner_iso3", sort=False):
        parts.append(
            pd.DataFrame(
                {
                    "indicator": "Share of Belarus's trade",
                    "series": display_name(str(iso3)),
                    "iso3": iso3,
                    "year": rows["year"],
                    "value": 100 * rows["share"],
                    "source": rows["source"],
                }
            )
        )
    burden = milex[(milex["measure"] == "share_of_gdp") & milex["year"].between(first, last)]
    for iso3, rows in burden.groupby("iso3", sort=False):
        parts.append(
            pd.DataFrame(
                {
                    "indicator": "Military burden",
                    "series": display_name(str(iso3)),
                    "iso3": iso3,
                    "year": rows["year"],
                    "value": rows["value"],
                    "source": rows["source"],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    out["country"] = out["iso3"].map(display_name)
    out["unit"] = out["indicator"].map(INDICATORS)
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    order = {k: i for i, k in enumerate(INDICATORS)}
    out = out.assign(_i=out["indicator"].map(order)).sort_values(
        ["_i", "series", "year"], ignore_index=True
    )
    out["segment"] = out.groupby(["indicator", "series"], sort=False)["value"].transform(_segments)
    return out[DASHBOARD_COLUMNS]


def indicator_dashboard(years: tuple[int, int | None] = (1992, None)) -> pd.DataFrame:
    """The relationship indicators by year (loads the data; see :func:`dashboard_frame`).

    UN vote agreement Belarus-Russia and Belarus-Ukraine (UNGA roll calls, to 2019; 2020
    has a single joint vote), Russia's share of Belarus's arms imports (SIPRI TIV,
    1992-94 from the TIV table), Russia's and Ukraine's shares of Belarus's trade (COW,
    to 2014), and the military burden of Belarus, Russia and Ukraine (SIPRI, % of GDP).
    ``years``: inclusive range; an end of None means each source's latest year.
    """
    from analysis.metrics.arms import arms_imports_by_supplier, supplier_share
    from analysis.metrics.milex import milex_panel
    from analysis.metrics.trade import partner_shares
    from analysis.metrics.votes import agreement_panel

    first, last = years
    span = (first, last if last is not None else 9999)
    return dashboard_frame(
        agreement=agreement_panel(["BLR-RUS", "BLR-UKR"], years=span),
        arms_share=supplier_share(
            arms_imports_by_supplier("BLR", years=(first, last or 2100)), "RUS"
        ),
        trade_shares=partner_shares("BLR", ("RUS", "UKR"), years=span),
        milex=milex_panel(("BLR", "RUS", "UKR"), ("share_of_gdp",), years=span),
        years=span,
    )


def dashboard_summary(
    dash: pd.DataFrame, series: str, indicator: str, years: Sequence[int] | None = None
) -> pd.Series:
    """Values of one series of the dashboard by year (NaN dropped; optional years)."""
    rows = dash[(dash["indicator"] == indicator) & (dash["series"] == series)]
    values = rows.set_index("year")["value"].dropna()
    return values if years is None else values.reindex(list(years))


def mean_over(dash: pd.DataFrame, series: str, indicator: str, first: int, last: int) -> float:
    """Mean of one dashboard series over ``first``-``last`` (NaN ignored)."""
    values = dashboard_summary(dash, series, indicator)
    window = values[(values.index >= first) & (values.index <= last)]
    return float(window.mean()) if len(window) else float(np.nan)
