"""Charts and tables of the chapter "The relationship map" (``chapters/map``) and of the
starter notebook ``python -m booktools new-article`` writes for each new article.

Builders take the tables of :mod:`analysis.metrics.bookmap` and return finished house charts
(:func:`analysis.charts.finish`) or MyST markdown; ``*_findings`` functions return the
numbers the prose glues, so titles, descriptions and text agree.

Colours: countries keep the house palette (:data:`analysis.charts.PALETTE`). Categories
that are not countries (articles, event categories, verdicts) take Paul Tol's "bright"
qualitative scheme, which is designed to stay distinct under colour-vision deficiency;
every such colour is paired with a legend, and the network also uses shape for kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import altair as alt
import networkx as nx
import pandas as pd

from analysis import charts
from analysis.inputs.articles import Article
from analysis.metrics import bookmap
from analysis.pages.legacy_common import md_escape

#: Paul Tol's "bright" scheme (without its grey), for categories that are not countries.
TOL_BRIGHT: tuple[str, ...] = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377")
#: Entities mentioned by several articles.
SHARED_LABEL = "in several articles"
SHARED_COLOUR = "#111111"
#: One colour per timeline category.
CATEGORY_COLOURS: dict[str, str] = dict(zip(bookmap.CATEGORIES, TOL_BRIGHT, strict=True))
#: One colour per verdict (grey: not yet judged).
VERDICT_COLOURS: dict[str, str] = {
    "supported": "#228833",
    "mixed": "#CCBB44",
    "contradicted": "#EE6677",
    "unverifiable": "#66CCEE",
    bookmap.NOT_JUDGED: "#BBBBBB",
}
#: Node shapes by entity kind.
KIND_SHAPES: dict[str, str] = {
    "state": "square",
    "institution": "diamond",
    "office": "triangle-up",
    "person": "circle",
    "company": "triangle-down",
    "group": "cross",
    "event": "triangle-right",
    "agreement": "triangle-left",
    "programme": "M0,-1L0.29,-0.4L0.95,-0.31L0.48,0.15L0.59,0.81L0,0.5L-0.59,0.81L-0.48,0.15L-0.95,-0.31L-0.29,-0.4Z",
}  # programme: a five-pointed star, as an SVG path
#: Source line of charts drawn from the article annotations.
ANNOTATIONS_SOURCE = (
    "the book's article annotations, data/articles/*.yml (our reading of each article)"
)
CURATED_TIMELINE_SOURCE = (
    "curated timeline, data/curated/timeline_events.csv (each row cites its source; "
    "tier C and W rows are flagged)"
)
DASHBOARD_DATASETS = [
    "unvotes",
    "sipri-arms-register",
    "sipri-arms-tiv",
    "cow-trade",
    "sipri-milex",
]

NETWORK_WIDTH = 500
NETWORK_HEIGHT = 520


def _scale(domain: Sequence[str], colours: Mapping[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[colours[d] for d in domain])


def article_colours(slugs: Sequence[str]) -> dict[str, str]:
    """A colour per article (Tol bright, cycled), plus :data:`SHARED_LABEL`."""
    out = {slug: TOL_BRIGHT[i % len(TOL_BRIGHT)] for i, slug in enumerate(slugs)}
    out[SHARED_LABEL] = SHARED_COLOUR
    return out


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


# --------------------------------------------------------------------------- network


def network_findings(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts the network chart and prose use: nodes, edges, articles, shared entities."""
    shared = bookmap.shared_entities(G)
    kinds = sorted({d["kind"] for *_, d in G.edges(data=True)})
    return {
        "n_nodes": G.number_of_nodes(),
        "n_edges": G.number_of_edges(),
        "n_articles": len(G.graph.get("articles", [])),
        "n_shared": len(shared),
        "shared_names": _join([bookmap._short(n) for n in shared["name"]]),
        "n_kinds": len(kinds),
    }


def _network_title(found: Mapping[str, Any]) -> str:
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


def _empty_network(title: str, source: str, slug: str | None) -> alt.VConcatChart:
    where = f"data/articles/{slug}.yml" if slug else "data/articles/<slug>.yml"
    note = alt.Chart(alt.Data(values=[{"text": f"Add entities and relations to {where}"}]))
    chart = (
        note.mark_text(fontSize=13, color=charts.MUTED)
        .encode(text="text:N", tooltip=[charts.tooltip("text", "What to do", kind="N")])
        .properties(width=charts.WIDTH, height=120)
    )
    return charts.finish(
        chart,
        title=title,
        source=source,
        description=f"Placeholder: the annotation file {where} lists no entities yet.",
    )


#: Approximate advance width of a label character at the label font size (px).
LABEL_CHAR_PX = 5.3
LABEL_HEIGHT_PX = 11.0


def label_positions(
    nodes: pd.DataFrame,
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    width: float = NETWORK_WIDTH,
    height: float = NETWORK_HEIGHT,
) -> list[float]:
    """y (data units) of each node's label, nudged up or down so labels do not overlap.

    Labels go left of left-side nodes, right of right-side nodes and above hubs
    (column ``side``). Taking nodes by degree (then id), each label keeps its node's
    height if its box is free, else moves by whole label heights (up to four) to the
    nearest free place; deterministic.
    """
    (x0, x1), (y0, y1) = x_domain, y_domain
    sx, sy = width / (x1 - x0), height / (y1 - y0)
    placed: list[tuple[float, float, float, float]] = []
    out: dict[int, float] = {}
    order = nodes.assign(pos_index=range(len(nodes))).sort_values(
        ["degree", "id"], ascending=[False, True]
    )
    for row in order.itertuples():
        px, py = (row.x - x0) * sx, (y1 - row.y) * sy
        w = LABEL_CHAR_PX * len(row.short_name)
        if row.side == "left":
            left, top = px - 8 - w, py - LABEL_HEIGHT_PX / 2
        elif row.side == "right":
            left, top = px + 8, py - LABEL_HEIGHT_PX / 2
        else:
            left, top = px - w / 2, py - 13 - LABEL_HEIGHT_PX / 2
        chosen = 0.0
        for step in (0, -1, 1, -2, 2, -3, 3, -4, 4):
            dy = step * LABEL_HEIGHT_PX
            box = (left, top + dy, left + w, top + dy + LABEL_HEIGHT_PX)
            if not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
            ):
                chosen = dy
                placed.append(box)
                break
        else:
            placed.append((left, top, left + w, top + LABEL_HEIGHT_PX))
        out[row.pos_index] = round(float(row.y - chosen / sy), 4) + 0.0
    return [out[i] for i in range(len(nodes))]


def network_chart(
    G: nx.MultiDiGraph,
    *,
    source: str = ANNOTATIONS_SOURCE,
    filters: bool = True,
    title: str | None = None,
) -> alt.VConcatChart:
    """Node-link chart of :func:`analysis.metrics.bookmap.union_graph` (one article or several).

    Nodes: coloured by article (black when several articles mention the entity), shaped
    by kind, sized by degree, all labelled. Lines: coloured by article; direction and
    evidence are in the tooltips. With ``filters`` the HTML chart has two drop-down
    menus (article, relation kind) that fade everything else; the static image shows all.
    An empty graph gives a placeholder saying where to add entities.
    """
    found = network_findings(G)
    slugs = list(G.graph.get("articles", []))
    heading = title or _network_title(found)
    if found["n_nodes"] == 0:
        return _empty_network(heading, source, slugs[0] if len(slugs) == 1 else None)
    nodes, edges = bookmap.union_tables(G)
    nodes["group"] = [
        SHARED_LABEL if s else a for s, a in zip(nodes["shared"], nodes["articles"], strict=True)
    ]
    colours = article_colours(slugs)
    groups = [s for s in [*slugs, SHARED_LABEL] if s in set(nodes["group"])]
    kinds_present = [k for k in KIND_SHAPES if k in set(nodes["kind"])]
    relation_kinds = sorted(set(edges["kind"]))

    pad = 0.12
    x = alt.X(
        "x:Q", axis=None, scale=alt.Scale(domain=[nodes["x"].min() - 0.42, nodes["x"].max() + 0.42])
    )
    y_scale = alt.Scale(domain=[nodes["y"].min() - pad, nodes["y"].max() + pad])
    y = alt.Y("y:Q", axis=None, scale=y_scale)
    params: list[alt.Parameter] = []
    edge_test = node_test = "true"
    if filters:
        article = alt.param(
            name="article",
            value="all",
            bind=alt.binding_select(
                options=["all", *slugs], labels=["all articles", *slugs], name="Article: "
            ),
        )
        relation = alt.param(
            name="relation",
            value="all",
            bind=alt.binding_select(
                options=["all", *relation_kinds],
                labels=["all relation kinds", *[k.replace("_", " ") for k in relation_kinds]],
                name="Relation kind: ",
            ),
        )
        params = [article, relation]
        edge_test = (
            "(article == 'all' || datum.article == article) && "
            "(relation == 'all' || datum.kind == relation)"
        )
        node_test = (
            "(article == 'all' || indexof(datum.articles_key, '|' + article + '|') >= 0) && "
            "(relation == 'all' || indexof(datum.kinds_key, '|' + relation + '|') >= 0)"
        )

    edge_chart = (
        alt.Chart(edges)
        .mark_rule(strokeWidth=1.3)
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=alt.Color(
                "article:N",
                scale=_scale(groups, colours),
                title="Mentioned in",
                legend=alt.Legend(orient="bottom", direction="vertical", symbolOpacity=1),
            ),
            opacity=alt.condition(edge_test, alt.value(0.55), alt.value(0.04)),
            tooltip=[
                charts.tooltip("source_name", "From"),
                charts.tooltip("kind", "Relation"),
                charts.tooltip("target_name", "To"),
                charts.tooltip("date", "Date"),
                charts.tooltip("article", "Article"),
                charts.tooltip("quote", "Evidence (quote)"),
                charts.tooltip("paragraph", "Paragraph", unit="number"),
            ],
        )
    )
    if params:
        edge_chart = edge_chart.add_params(*params)
    node_chart = (
        alt.Chart(nodes)
        .mark_point(filled=True, stroke="white", strokeWidth=0.8)
        .encode(
            x=x,
            y=y,
            color=alt.Color("group:N", scale=_scale(groups, colours), title="Mentioned in"),
            shape=alt.Shape(
                "kind:N",
                scale=_scale(kinds_present, KIND_SHAPES),
                title="Kind",
                legend=alt.Legend(orient="bottom", columns=3),
            ),
            size=alt.Size(
                "degree:Q", scale=alt.Scale(range=[50, 420]), title="Relations", legend=None
            ),
            opacity=alt.condition(node_test, alt.value(1.0), alt.value(0.12)),
            tooltip=[
                charts.tooltip("name", "Entity"),
                charts.tooltip("kind", "Kind"),
                charts.tooltip("country", "Country", unit="ISO3"),
                charts.tooltip("articles", "Articles"),
                charts.tooltip("degree", "Relations", unit="count"),
                charts.tooltip("kinds", "Relation kinds"),
                charts.tooltip("description", "Description"),
            ],
        )
    )
    nodes["side"] = [
        "hub" if abs(px) < 1e-9 else ("left" if px < 0 else "right") for px in nodes["x"]
    ]
    x_domain = (nodes["x"].min() - 0.42, nodes["x"].max() + 0.42)
    y_domain = (nodes["y"].min() - pad, nodes["y"].max() + pad)
    nodes["ly"] = label_positions(nodes, x_domain, y_domain)
    labels = []
    placements: tuple[tuple[str, Literal["left", "center", "right"], int, int], ...] = (
        ("left", "right", -8, 0),
        ("right", "left", 8, 0),
        ("hub", "center", 0, -13),
    )
    for side, align, dx, dy in placements:
        labels.append(
            alt.Chart(nodes)
            .transform_filter(alt.datum.side == side)
            .mark_text(
                align=align,
                dx=dx,
                dy=dy,
                fontSize=9.5,
                color="#222222",
                fontWeight="bold" if side == "hub" else "normal",
            )
            .encode(
                x=x,
                y=alt.Y("ly:Q", axis=None, scale=y_scale),
                text="short_name:N",
                opacity=alt.condition(node_test, alt.value(1.0), alt.value(0.15)),
            )
        )
    layered = alt.layer(edge_chart, node_chart, *labels).properties(
        width=NETWORK_WIDTH, height=NETWORK_HEIGHT
    )
    shared = (
        f"{found['n_shared']} entities appear in more than one article ({found['shared_names']}); "
        if found["n_articles"] > 1
        else ""
    )
    description = (
        f"Network diagram of {found['n_nodes']} actors (nodes) and {found['n_edges']} relations (lines) "
        f"from the annotations of {found['n_articles']} article(s): {', '.join(slugs)}. {shared}"
        "Node colour shows the article that mentions the actor (black: several), shape its kind, "
        "size its number of relations. Most connected: "
        + ", ".join(
            f"{r.short_name} ({r.degree})" for r in nodes.nlargest(5, "degree").itertuples()
        )
        + "."
    )
    note = (
        "Lines do not show direction; hover over a line for who does what to whom and the quote. "
        "In the HTML edition the menus under the chart filter by article and relation kind"
    )
    return charts.finish(layered, title=heading, description=description, source=source, note=note)


def article_network_chart(article: Article) -> alt.VConcatChart:
    """The network of one article (starter notebooks); a placeholder when it has no entities."""
    G = bookmap.union_graph([article])
    return network_chart(
        G,
        filters=G.number_of_edges() > 0,
        source=f"the book's annotation of this article, data/articles/{article.slug}.yml",
    )


# --------------------------------------------------------------------------- timeline


def timeline_marks(tl: pd.DataFrame, max_listed: int = 4) -> pd.DataFrame:
    """One mark per curated event and per (article, day, category) of article events.

    Columns: date, date_text, year, category, origin, source, event (several article
    relations of one day are listed, at most ``max_listed``, then "and N more"), n,
    tier, flagged, stagger (0 for article events, 1-3 for curated events: spreads the
    marks of one lane and year vertically).
    """
    curated = tl[tl["origin"] == "curated"].assign(
        source=lambda f: "curated: " + f["ref"] + " (tier " + f["tier"].fillna("?") + ")", n=1
    )
    parts = [curated]
    art = tl[tl["origin"] == "article"]
    if len(art):

        def _events(events: pd.Series) -> str:
            items = list(events)
            text = "; ".join(items[:max_listed])
            return text + (
                f"; and {len(items) - max_listed} more" if len(items) > max_listed else ""
            )

        grouped = art.groupby(["article", "date", "category"], as_index=False, sort=True).agg(
            date_text=("date_text", "first"),
            year=("year", "first"),
            event=("event", _events),
            n=("event", "size"),
        )
        grouped["origin"] = "article"
        grouped["source"] = "article: " + grouped["article"]
        grouped["tier"] = None
        grouped["flagged"] = False
        parts.append(grouped)
    cols = [
        "date",
        "date_text",
        "year",
        "category",
        "origin",
        "source",
        "event",
        "n",
        "tier",
        "flagged",
    ]
    marks = pd.concat([p.reindex(columns=cols) for p in parts], ignore_index=True)
    marks = marks.sort_values(["date", "origin", "source"], ignore_index=True)
    curated_rows = marks["origin"] == "curated"
    marks["stagger"] = 0  # article events: the top row of their lane; curated: rows 1-3
    marks.loc[curated_rows, "stagger"] = (
        marks[curated_rows].groupby(["category", "year"]).cumcount() % 3 + 1
    )
    marks["n"] = marks["n"].astype("int64")
    marks["flagged"] = marks["flagged"].astype(bool)
    return marks


def timeline_findings(tl: pd.DataFrame) -> dict[str, Any]:
    """Numbers of the timeline: events, by origin and category, the busiest year."""
    by_year = tl.groupby("year").size()
    by_cat = tl["category"].value_counts()
    art = tl[tl["origin"] == "article"]
    return {
        "n_events": len(tl),
        "n_curated": int((tl["origin"] == "curated").sum()),
        "n_article": len(art),
        "n_article_days": int(art[["article", "date"]].drop_duplicates().shape[0]),
        "first_year": int(tl["year"].min()),
        "last_year": int(tl["year"].max()),
        "busiest_year": int(by_year.idxmax()),
        "busiest_n": int(by_year.max()),
        "top_category": str(by_cat.index[0]),
        "top_category_n": int(by_cat.iloc[0]),
        "article_years": _join([str(y) for y in sorted(art["year"].unique())]),
    }


def timeline_chart(tl: pd.DataFrame) -> alt.VConcatChart:
    """Dated events of the articles and of the curated timeline, one lane per category.

    Circles: curated events; diamonds: events the articles report (relations of one day
    pooled). HTML: click the legend to highlight a category, drag or scroll to zoom in time.
    """
    found = timeline_findings(tl)
    marks = timeline_marks(tl)
    cats = [c for c in bookmap.CATEGORIES if c in set(marks["category"])]
    pick = alt.selection_point(fields=["category"], bind="legend")
    zoom = alt.selection_interval(bind="scales", encodings=["x"])
    chart = (
        alt.Chart(marks)
        .mark_point(filled=True, stroke="white", strokeWidth=0.6)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                axis=alt.Axis(format="%Y", tickCount=12),
                scale=alt.Scale(
                    domain=[f"{found['first_year']}-01-01", f"{found['last_year']}-12-31"]
                ),
            ),
            y=alt.Y("category:N", sort=cats, title=None, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("stagger:O", scale=alt.Scale(paddingOuter=0.4)),
            color=alt.Color(
                "category:N",
                scale=_scale(cats, CATEGORY_COLOURS),
                title="Category",
                legend=alt.Legend(orient="bottom", columns=3, symbolOpacity=1),
            ),
            shape=alt.Shape(
                "origin:N",
                scale=alt.Scale(domain=["curated", "article"], range=["circle", "diamond"]),
                title="Event from",
                legend=alt.Legend(orient="bottom"),
            ),
            size=alt.Size(
                "origin:N",
                scale=alt.Scale(domain=["curated", "article"], range=[55, 170]),
                title="Event from",
            ),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.12)),
            tooltip=[
                charts.tooltip("date_text", "Date"),
                charts.tooltip("event", "Event"),
                charts.tooltip("category", "Category"),
                charts.tooltip("source", "Source"),
                charts.tooltip("n", "Events pooled", unit="count"),
            ],
        )
        .add_params(pick, zoom)
        .properties(width=560, height=alt.Step(11))
    )
    title = (
        f"The articles report events of {found['article_years']}; the curated timeline puts them "
        f"among {found['n_curated']} events from {found['first_year']} to {found['last_year']}"
    )
    description = (
        f"Timeline of {found['n_events']} dated events, {found['first_year']}-{found['last_year']}, in "
        f"{len(cats)} lanes by category ({', '.join(cats)}): {found['n_curated']} curated events "
        f"(circles) and {found['n_article']} article events and dated relations on "
        f"{found['n_article_days']} days (diamonds). The busiest year is {found['busiest_year']} "
        f"({found['busiest_n']} events); the largest category is {found['top_category']} "
        f"({found['top_category_n']})."
    )
    return charts.finish(
        chart,
        title=title,
        description=description,
        source=f"{ANNOTATIONS_SOURCE}; {CURATED_TIMELINE_SOURCE}",
        note="Dates given to the month or year are drawn on its first day",
    )


# --------------------------------------------------------------------------- ledger


def ledger_findings(ledger: pd.DataFrame) -> dict[str, Any]:
    """Totals of the ledger: claims, per verdict (keys with spaces as underscores), per
    article, judged, and per kind."""
    totals = bookmap.verdict_totals(ledger)
    out: dict[str, Any] = {k.replace(" ", "_"): v for k, v in totals.items()}
    out["judged"] = totals["total"] - totals[bookmap.NOT_JUDGED]
    out["n_articles"] = int(ledger["slug"].nunique())
    out["per_article"] = {str(k): int(v) for k, v in ledger.groupby("slug").size().items()}
    out["per_kind"] = {
        str(k): int(v) for k, v in ledger["kind"].value_counts().sort_index().items()
    }
    return out


def ledger_chart(ledger: pd.DataFrame) -> alt.VConcatChart:
    """Claims per article, stacked by verdict (grey: not yet judged)."""
    found = ledger_findings(ledger)
    counts = bookmap.verdict_counts(ledger)
    counts = counts[counts["n"] > 0].copy()
    counts["order"] = counts["verdict"].map({v: i for i, v in enumerate(bookmap.LEDGER_VERDICTS)})
    verdicts = [v for v in bookmap.LEDGER_VERDICTS if v in set(counts["verdict"])]
    bars = (
        alt.Chart(counts)
        .mark_bar(height=20)
        .encode(
            x=alt.X("n:Q", title="Claims", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y("slug:N", title=None),
            color=alt.Color(
                "verdict:N", scale=_scale(verdicts, VERDICT_COLOURS), title="Verdict", sort=verdicts
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                charts.tooltip("slug", "Article"),
                charts.tooltip("verdict", "Verdict"),
                charts.tooltip("n", "Claims", unit="count"),
            ],
        )
        .properties(height=alt.Step(34))
    )
    if found["judged"] == 0:
        title = f"None of the {found['total']} claims of the {found['n_articles']} articles is judged yet"
    else:
        title = (
            f"{found['judged']} of {found['total']} claims judged: {found['supported']} supported, "
            f"{found['mixed']} mixed, {found['contradicted']} contradicted, "
            f"{found['unverifiable']} unverifiable"
        )
    description = (
        f"Stacked bars, one per article, counting its claims by verdict. {found['total']} claims in all: "
        + ", ".join(
            f"{v} {totals}" for v, totals in bookmap.verdict_totals(ledger).items() if v != "total"
        )
        + ". Per article: "
        + ", ".join(f"{k} {v}" for k, v in found["per_article"].items())
        + "."
    )
    return charts.finish(bars, title=title, description=description, source=ANNOTATIONS_SOURCE)


def _where(row: Any, root: Any) -> str:
    """A ``{doc}`` link to where a claim is weighed, if that page exists; else plain text."""
    link = str(row.link)
    if root is not None and not (root / link).is_file():
        return md_escape(link)
    target = "/" + re.sub(r"\.(ipynb|md)$", "", link)
    label = "notebook" if row.notebook else "chapter"
    return f"{{doc}}`{label} <{target}>`"


def ledger_markdown(ledger: pd.DataFrame, *, root: Any = None) -> str:
    """The cross-article ledger as a MyST ``list-table`` (glue it with ``{glue:md}`` and
    ``:format: myst``). One article's claims table is
    :func:`analysis.pages.legacy_common.claims_markdown`.

    Columns: claim (article and id), statement (with the verdict's reason, when judged, as
    a second paragraph), kind, verdict and where the claim is weighed (a ``{doc}`` link;
    ``root``, the project root, lets links to missing pages fall back to plain text).
    Widths are set so that the PDF wraps long cells. No claims: one sentence saying so.
    """
    if ledger.empty:
        return "*No claims are annotated yet.*"
    head = [
        "Claim",
        "Statement (our words) and reason for the verdict",
        "Kind",
        "Verdict",
        "Weighed in",
    ]
    lines = [
        ":::{list-table}",
        ":header-rows: 1",
        ":widths: 18 52 10 11 9",
        ":class: book-ledger",
        "",
    ]
    lines += ["* - " + head[0], *[f"  - {h}" for h in head[1:]]]
    for row in ledger.itertuples(index=False):
        claim = f"{md_escape(row.slug)}: {md_escape(row.id)}"
        lines += [f"* - {claim}", f"  - {md_escape(row.statement)}"]
        if row.verdict != bookmap.NOT_JUDGED and isinstance(row.why, str) and row.why.strip():
            lines += ["", f"    *Why:* {md_escape(row.why)}"]
        lines += [f"  - {row.kind}", f"  - {md_escape(row.verdict)}", f"  - {_where(row, root)}"]
    lines.append(":::")
    return "\n".join(lines)


def verdict_table_markdown(ledger: pd.DataFrame) -> str:
    """Counts by article (rows) and verdict (columns), with totals, as a markdown table."""
    counts = bookmap.verdict_counts(ledger)
    if counts.empty:
        return "*No claims are annotated yet.*"
    wide = counts.pivot(index="slug", columns="verdict", values="n").reindex(
        columns=list(bookmap.LEDGER_VERDICTS)
    )
    wide = wide.reindex(list(dict.fromkeys(counts["slug"])))
    wide["total"] = wide.sum(axis=1)
    wide.loc["all articles"] = wide.sum()
    head = "| Article | " + " | ".join(wide.columns) + " |"
    rule = "|:--|" + "--:|" * len(wide.columns)
    rows = [
        f"| {md_escape(idx)} | " + " | ".join(str(int(v)) for v in r) + " |"
        for idx, r in zip(wide.index, wide.to_numpy(), strict=True)
    ]
    return "\n".join([head, rule, *rows])


# --------------------------------------------------------------------------- dashboard


def dashboard_findings(
    dash: pd.DataFrame, window: tuple[int, int] = (2015, 2019)
) -> dict[str, Any]:
    """Numbers of the dashboard: vote agreement and Russia's arms share over ``window``,
    trade shares in COW's last year, the military burden in the latest year."""
    first, last = window
    agree = "UN vote agreement with Belarus"
    arms = "Russia's share of Belarus's arms imports"
    trade = "Share of Belarus's trade"
    burden = "Military burden"
    trade_rows = dash[(dash["indicator"] == trade) & dash["value"].notna()]
    trade_year = int(trade_rows["year"].max())
    burden_rows = dash[(dash["indicator"] == burden) & dash["value"].notna()]
    burden_year = int(burden_rows["year"].max())
    at = burden_rows[burden_rows["year"] == burden_year].set_index("series")["value"]
    tr = trade_rows[trade_rows["year"] == trade_year].set_index("series")["value"]
    arms_years = bookmap.dashboard_summary(dash, "Russia", arms)
    return {
        "window": f"{first}-{last}",
        "agree_rus": bookmap.mean_over(dash, "Belarus-Russia", agree, first, last),
        "agree_ukr": bookmap.mean_over(dash, "Belarus-Ukraine", agree, first, last),
        "arms_rus": bookmap.mean_over(dash, "Russia", arms, first, last),
        "arms_years": int(arms_years.size),
        "trade_year": trade_year,
        "trade_rus": float(tr.get("Russia", float("nan"))),
        "trade_ukr": float(tr.get("Ukraine", float("nan"))),
        "burden_year": burden_year,
        "burden_blr": float(at.get("Belarus", float("nan"))),
        "burden_rus": float(at.get("Russia", float("nan"))),
        "burden_ukr": float(at.get("Ukraine", float("nan"))),
        "first_year": int(dash["year"].min()),
        "last_year": int(dash["year"].max()),
    }


def dashboard_chart(dash: pd.DataFrame) -> alt.VConcatChart:
    """Small multiples, one panel per indicator, years on x, lines per country.

    Colours are the house country colours: in the vote-agreement and trade panels the
    colour is Belarus's partner. A dashed rule marks 2014 (Crimea, war in Donbas).
    """
    found = dashboard_findings(dash)
    data = dash.copy()
    data["segment"] = data["segment"].astype("float64")
    countries = [c for c in ("BLR", "RUS", "UKR") if c in set(data["iso3"])]
    years = alt.Scale(domain=[found["first_year"], found["last_year"]], nice=False, zero=False)
    base = alt.Chart().encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=5), scale=years),
        y=alt.Y("value:Q", title="Percent"),
        color=charts.country_color(countries, title="Country"),
        detail="segment:N",
        tooltip=[
            charts.tooltip("indicator", "Indicator"),
            charts.tooltip("series", "Series"),
            charts.tooltip("year", "Year"),
            charts.tooltip("value", "Value", unit="%", fmt=".1f"),
            charts.tooltip("unit", "Unit"),
        ],
    )
    lines = base.mark_line(strokeWidth=1.8).transform_filter("isValid(datum.value)")
    points = base.mark_point(size=14, filled=True).transform_filter("isValid(datum.value)")
    rule = (
        alt.Chart()
        .mark_rule(strokeDash=[4, 3], color=charts.MUTED)
        .encode(x=alt.X(datum=2014, type="quantitative", scale=years))
    )
    panels = (
        alt.layer(rule, lines, points, data=data)
        .properties(width=235, height=135)
        .facet(
            facet=alt.Facet(
                "indicator:N",
                sort=list(bookmap.INDICATORS),
                title=None,
                header=alt.Header(labelFontWeight="bold", labelAnchor="start", labelFontSize=12),
            ),
            columns=2,
        )
        .resolve_scale(y="independent")
    )
    title = (
        f"In {found['window']} Belarus voted with Russia {found['agree_rus']:.0f}% of the time, with "
        f"Ukraine {found['agree_ukr']:.0f}%, and took {found['arms_rus']:.0f}% of its arms from Russia"
    )
    description = (
        f"Four small line charts by year, {found['first_year']}-{found['last_year']}, percent. "
        f"UN General Assembly vote agreement of Belarus with Russia and with Ukraine (mean "
        f"{found['window']}: {found['agree_rus']:.1f}% and {found['agree_ukr']:.1f}%); Russia's share "
        f"of Belarus's arms imports (mean {found['window']}: {found['arms_rus']:.1f}%, shown only in the "
        f"{found['arms_years']} years with deliveries); Russia's and Ukraine's shares of Belarus's trade "
        f"(in {found['trade_year']}: {found['trade_rus']:.1f}% and {found['trade_ukr']:.1f}%); military "
        f"expenditure as a share of GDP (in {found['burden_year']}: Belarus {found['burden_blr']:.1f}%, "
        f"Russia {found['burden_rus']:.1f}%, Ukraine {found['burden_ukr']:.1f}%). A dashed line marks 2014."
    )
    note = (
        f"In the vote and trade panels the colour is Belarus's partner. "
        f"Vote agreement: share of roll calls both voted on with the same vote, years with "
        f"{bookmap.MIN_JOINT_VOTES} or more joint votes. Arms: SIPRI TIV; gaps are years without "
        "deliveries. Trade: COW, ends 2014. Each panel has its own vertical scale"
    )
    return charts.finish(
        panels, title=title, description=description, datasets=DASHBOARD_DATASETS, note=note
    )


# --------------------------------------------------------------------------- small tables


def markdown_table(frame: pd.DataFrame, align: Mapping[str, str] | None = None) -> str:
    """A pipe table of ``frame`` (cells escaped); ``align`` maps columns to ``l`` or ``r``."""
    if frame.empty:
        return "*None.*"
    align = align or {}
    head = "| " + " | ".join(md_escape(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("--:" if align.get(c) == "r" else ":--" for c in frame.columns) + "|"
    rows = [
        "| " + " | ".join(md_escape(v) for v in row) + " |" for row in frame.astype(str).to_numpy()
    ]
    return "\n".join([head, rule, *rows])


def shared_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Entities of several articles: entity, kind, and relations in each article and in all."""
    shared = bookmap.shared_entities(G)
    slugs = list(G.graph.get("articles", []))
    rows = []
    for r in shared.itertuples():
        per = {slug: 0 for slug in slugs}
        for u, v, d in G.edges(data=True):
            if r.id in (u, v) and d.get("article") in per:
                per[d["article"]] += 1
        rows.append(
            {
                "Entity": bookmap._short(r.name),
                "Kind": G.nodes[r.id]["kind"],
                **{f"Relations in {s}": per[s] for s in slugs},
                "All relations": r.degree,
            }
        )
    return pd.DataFrame(rows)


def category_table(tl: pd.DataFrame) -> pd.DataFrame:
    """Events per category and origin, categories in legend order, with totals."""
    counts = tl.pivot_table(
        index="category", columns="origin", values="ref", aggfunc="count", fill_value=0
    ).reindex(columns=["article", "curated"], fill_value=0)
    counts = counts.reindex([c for c in bookmap.CATEGORIES if c in counts.index])
    counts["all"] = counts.sum(axis=1)
    out = counts.reset_index().rename(
        columns={
            "category": "Category",
            "article": "From the articles",
            "curated": "Curated",
            "all": "All",
        }
    )
    out.columns.name = None
    return out


def curated_mapping_table(curated: pd.DataFrame) -> pd.DataFrame:
    """How the curated timeline's own labels map onto the map's categories (with counts)."""
    labels = curated["category"].fillna("").value_counts()
    rows = [
        {
            "Curated label": label,
            "Events": int(n),
            "Category on the map": bookmap.curated_category(label or None, ""),
        }
        for label, n in labels.items()
    ]
    frame = pd.DataFrame(rows)
    order = {c: i for i, c in enumerate(bookmap.CATEGORIES)}
    return (
        frame.assign(_o=frame["Category on the map"].map(order))
        .sort_values(["_o", "Events", "Curated label"], ascending=[True, False, True])
        .drop(columns="_o")
        .reset_index(drop=True)
    )
