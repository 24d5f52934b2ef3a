"""Charts and chart-ready tables of the chapter on the 2012 defence-industrial action plan.

Chapter ``chapters/mic-bridge/`` weighs the Belarus in Focus article "Military industrial
complex outlook as a bridge between Russia and Belarus" (events of 23 October 2012). Its
notebooks load the tidy tables, call the pure functions below and glue their results:

* **prep** functions (``*_frame``, ``*_finding``) are pure: DataFrames in, small
  DataFrames or dicts of numbers out. They never load data, so tests can feed them toy
  frames and check numbers by hand;
* **chart** functions (``*_chart``) take those frames and return a chart already passed
  through :func:`analysis.charts.finish` (title stating the finding, source line from the
  registry, description for screen readers, tooltips with units). Render with
  :func:`analysis.charts.show`.

Windows used throughout: the action plan covered 2012-2015 (:data:`PLAN_YEARS`); "before"
is 2005-2012 for arms (:data:`ARMS_BEFORE`) and 2009-2012 for trade and votes, "after"
runs from 2013 to each dataset's last year. "The West" is the EU-27 and NATO as
constituted in 2024 (:data:`WEST`), a deliberately wide definition: if Minsk had turned
west in arms, any of these states would show up.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import TypedDict

import altair as alt
import numpy as np
import pandas as pd

from analysis import charts
from analysis.countries import display_name
from analysis.inputs.articles import verdict_counts  # noqa: F401  (re-exported for the chapter)
from analysis.metrics import arms as arms_metrics
from analysis.metrics import trade as trade_metrics
from analysis.pages.legacy_common import (
    country_colour,
    country_year_chart,
    country_year_tooltips,
    measure_rows,
    year_span,
    year_x,
)

# --------------------------------------------------------------------------- constants

#: Years the 2012-2015 action plan covered.
PLAN_YEARS: tuple[int, int] = (2012, 2015)
#: Arms-transfer windows before and after the plan (register years, inclusive).
ARMS_BEFORE: tuple[int, int] = (2005, 2012)
ARMS_AFTER: tuple[int, int] = (2013, 2024)
#: The 27 EU member states (since February 2020), as Eurostat's reporters.
EU27: tuple[str, ...] = (
    "AUT",
    "BEL",
    "BGR",
    "CYP",
    "CZE",
    "DEU",
    "DNK",
    "ESP",
    "EST",
    "FIN",
    "FRA",
    "GRC",
    "HRV",
    "HUN",
    "IRL",
    "ITA",
    "LTU",
    "LUX",
    "LVA",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "SWE",
)
#: NATO's 32 members in 2024.
NATO_2024: tuple[str, ...] = (
    "ALB",
    "BEL",
    "BGR",
    "CAN",
    "CZE",
    "DEU",
    "DNK",
    "ESP",
    "EST",
    "FIN",
    "FRA",
    "GBR",
    "GRC",
    "HRV",
    "HUN",
    "ISL",
    "ITA",
    "LTU",
    "LUX",
    "LVA",
    "MKD",
    "MNE",
    "NLD",
    "NOR",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "SWE",
    "TUR",
    "USA",
)
#: "The West" of the article, read widely: EU-27 and NATO members as of 2024.
WEST: tuple[str, ...] = tuple(sorted(set(EU27) | set(NATO_2024)))
#: Belarus and the neighbours the chapter charts for context.
CONTEXT: tuple[str, ...] = ("BLR", "RUS", "UKR", "POL", "LTU", "LVA")
#: Label of a network node without a country (international bodies, "the West").
NO_COUNTRY = "No single country"
#: Label of SIPRI's TIV-table rows (1992-94: totals without partner breakdown).
TIV_TABLE_DISPLAY = "Total, no supplier breakdown (TIV table)"
NETWORK_WIDTH, NETWORK_HEIGHT = 500, 540
#: Edge colours: relations grey, flagged claims (tier C/W) dark red.
EDGE_COLOURS: tuple[str, str, str] = ("#6F6F6F", "#6F6F6F", "#B00020")
#: Gap between parallel edges of the network chart (layout units; the axes span 2).
PARALLEL_GAP = 0.024


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(str(text), width=width, break_on_hyphens=False))


def _pct(value: float) -> float:
    return float(round(100.0 * value, 1))


def _plan_band(
    years: tuple[int, int] = PLAN_YEARS,
    label: bool = True,
    y_label: float | None = None,
    scale: alt.Scale | None = None,
    temporal: bool = False,
) -> alt.LayerChart | alt.Chart:
    """A light band over the action-plan years, labelled at ``y_label`` (data units).

    On a quantitative ``year`` axis the band runs from ``years[0] - 0.5`` to
    ``years[1] + 0.5``; with ``temporal`` it runs from 1 January to 31 December. Pass the
    x ``scale`` of the chart it is layered on, so the band does not widen the domain.
    """
    start: str | float  # ISO date (temporal axis) or year (quantitative axis)
    end: str | float
    if temporal:
        start, end, kind = f"{years[0]}-01-01", f"{years[1]}-12-31", "T"
    else:
        start, end, kind = years[0] - 0.5, years[1] + 0.5, "Q"
    band = pd.DataFrame(
        {"start": [start], "end": [end], "label": [f"{years[0]}-{str(years[1])[2:]} action plan"]}
    )
    x = alt.X(f"start:{kind}", scale=scale or alt.Scale(zero=False), title=None)
    rect = alt.Chart(band).mark_rect(color="#DDDDDD", opacity=0.5).encode(x=x, x2="end")
    if not label:
        return rect
    y = alt.datum(y_label) if y_label is not None else alt.value(0)
    text = (
        alt.Chart(band)
        .mark_text(align="left", baseline="top", dx=3, dy=3, fontSize=10, color=charts.MUTED)
        .encode(x=x, y=y, text="label:N")
    )
    return rect + text


# --------------------------------------------------------------------------- network


#: Edge styles: article relation, curated fact (evidence), flagged curated fact (claim).
EDGE_STYLES: tuple[str, str, str] = (
    "In the article",
    "Curated fact (tier A/B)",
    "Flagged claim (tier C/W)",
)
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
    the plot half empty). Nodes gain ``label`` (``labels`` or :data:`SHORT_LABELS`, else
    the name, wrapped at ``label_width`` characters, lines joined by ``\\n``),
    ``country_name`` (display name or :data:`NO_COUNTRY`) and ``kind_label``. Edges gain
    ``relation`` (kind in words), ``style`` (:data:`EDGE_STYLES`: article, curated tier
    A/B, flagged tier C/W), ``tier_text``, ``note`` (the curated label, or "as reported in
    the article") and a marker position ``mx``, ``my``. Parallel edges between the same
    two nodes are drawn side by side (:data:`PARALLEL_GAP` apart, perpendicular to the
    line) with their markers staggered along it, so each relation has its own hover
    target.
    """
    labels = SHORT_LABELS if labels is None else labels
    nodes = nodes.copy()
    nodes["x"], nodes["y"] = _rescale(nodes["x"]), _rescale(nodes["y"])
    nodes["label"] = [
        _wrap(labels.get(i, n), label_width)
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


def _network_color(countries: Iterable[str]) -> alt.Color:
    present = list(dict.fromkeys(countries))
    domain = [c for c in ("Belarus", "Russia") if c in present] + [NO_COUNTRY]
    colours = {
        "Belarus": charts.PALETTE["BLR"],
        "Russia": charts.PALETTE["RUS"],
        NO_COUNTRY: charts.NEUTRAL,
    }
    return alt.Color(
        "country_name:N",
        title="Country",
        scale=alt.Scale(domain=domain, range=[colours[c] for c in domain]),
        legend=alt.Legend(orient="right"),
    )


#: Node shapes by kind (nine kinds, nine distinct Vega shapes).
KIND_SHAPES: dict[str, str] = {
    "person": "circle",
    "office": "square",
    "company": "diamond",
    "state": "triangle-up",
    "institution": "triangle-down",
    "event": "cross",
    "agreement": "triangle-right",
    "programme": "triangle-left",
    "group": "M0,-1L0.87,-0.5L0.87,0.5L0,1L-0.87,0.5L-0.87,-0.5Z",  # hexagon
}


def network_chart(
    nodes: pd.DataFrame, edges: pd.DataFrame, finding: Mapping[str, object], title: str
) -> alt.VConcatChart:
    """Node-link chart of the actor network (frames from :func:`network_frames`)."""
    kinds = [k for k in KIND_SHAPES if k in set(nodes["kind"])]
    styles = list(EDGE_STYLES)
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-1.12, 1.12]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-1.12, 1.08]))
    edge_cols = [
        "source",
        "target",
        "key",
        "relation",
        "note",
        "date",
        "quote",
        "tier_text",
        "style",
        "x",
        "y",
        "x2",
        "y2",
        "mx",
        "my",
    ]
    base = alt.Chart(edges[edge_cols])
    edge_legend = alt.Legend(
        orient="right", symbolType="stroke", symbolStrokeWidth=2, labelLimit=170
    )
    flagged_test = f"datum.style == '{EDGE_STYLES[2]}'"
    edge_colour = alt.condition(
        flagged_test, alt.value(EDGE_COLOURS[2]), alt.value(EDGE_COLOURS[0])
    )
    lines = base.mark_rule(strokeWidth=1.4).encode(
        x=x,
        y=y,
        x2="x2:Q",
        y2="y2:Q",
        strokeDash=alt.StrokeDash(
            "style:N",
            title="Relation",
            scale=alt.Scale(domain=styles, range=[[1, 0], [6, 3], [2, 3]]),
            legend=edge_legend,
        ),
        color=edge_colour,
    )
    tip = [
        charts.tooltip("relation", "Relation"),
        charts.tooltip("source", "From (id)"),
        charts.tooltip("target", "To (id)"),
        charts.tooltip("note", "What"),
        charts.tooltip("date", "Date"),
        charts.tooltip("quote", "Evidence (short quote)"),
        charts.tooltip("tier_text", "Source tier"),
    ]
    markers = base.mark_point(shape="diamond", size=30, filled=True, opacity=0.9).encode(
        x=alt.X("mx:Q", axis=None, scale=alt.Scale(domain=[-1.12, 1.12])),
        y=alt.Y("my:Q", axis=None, scale=alt.Scale(domain=[-1.12, 1.08])),
        color=edge_colour,
        tooltip=tip,
    )
    node_cols = [
        "id",
        "name",
        "kind",
        "kind_label",
        "country_name",
        "description",
        "origin",
        "degree",
        "x",
        "y",
        "label",
    ]
    nbase = alt.Chart(nodes[node_cols])
    points = nbase.mark_point(filled=True, opacity=1, stroke="white", strokeWidth=0.8).encode(
        x=x,
        y=y,
        color=_network_color(nodes["country_name"]),
        shape=alt.Shape(
            "kind:N",
            title="Kind",
            scale=alt.Scale(domain=kinds, range=[KIND_SHAPES[k] for k in kinds]),
            legend=alt.Legend(orient="right"),
        ),
        size=alt.Size("degree:Q", title="Relations", scale=alt.Scale(range=[60, 420]), legend=None),
        tooltip=[
            charts.tooltip("name", "Entity"),
            charts.tooltip("kind_label", "Kind"),
            charts.tooltip("country_name", "Country"),
            charts.tooltip("degree", "Relations", unit="count"),
            charts.tooltip("description", "Who or what"),
            charts.tooltip("origin", "Named in"),
        ],
    )
    labels = nbase.mark_text(
        fontSize=9.5, baseline="top", dy=9, lineBreak="\n", color="#222222"
    ).encode(x=x, y=y, text="label:N")
    chart = (lines + markers + points + labels).properties(
        width=NETWORK_WIDTH, height=NETWORK_HEIGHT
    )
    n_flag = finding["n_flagged_edges"]
    desc = (
        f"Node-link diagram of the {finding['n_nodes']} entities in the article's annotations "
        f"and curated facts ({finding['n_article_nodes']} from the article, "
        f"{finding['n_curated_nodes']} added from curated facts) and their "
        f"{finding['n_edges']} relations ({finding['n_article_edges']} from the article, "
        f"{finding['n_curated_edges']} from curated facts, {n_flag} of them flagged as tier C "
        f"or W). {finding['top_degree_name']} has most relations ({finding['top_degree']}); "
        f"{finding['top_between_name']} lies on most shortest paths. Entities: "
        + "; ".join(f"{r.name} ({r.kind}, {r.country_name})" for r in nodes.itertuples())
        + "."
    )
    return charts.finish(
        chart,
        title=title,
        datasets=(),
        description=desc,
        source=(
            "data/articles/mic-bridge.yml (the article, Belarus in Focus) and the book's "
            "curated facts, data/curated (defence_industry, timeline_events)"
        ),
        note=(
            "Solid lines: the article; dashed: curated facts (tier A/B); dotted red: flagged "
            "tier C/W claims. Hover a diamond for the relation and its evidence. Layout: "
            "spring layout, fixed seed"
        ),
    )


# --------------------------------------------------------------------------- arms


def imports_chart_frame(imports: pd.DataFrame, n: int = 2) -> pd.DataFrame:
    """Belarus's arms imports by supplier, stacked, for a bar chart.

    ``imports`` is :func:`analysis.metrics.arms.arms_imports_by_supplier`. The ``n``
    largest suppliers keep their name, the rest become "Other"; the TIV-table rows
    (1992-94) are labelled :data:`TIV_TABLE_DISPLAY`. Rows with no deliveries are dropped.
    Columns: year, supplier, tiv, y0, y1 (stack bounds), x0, x1 (bar edges), source.
    """
    top = arms_metrics.top_partners(imports, n=n)
    top = top.assign(
        supplier=top["supplier"].replace({arms_metrics.TIV_TABLE_LABEL: TIV_TABLE_DISPLAY})
    )
    top = top[top["tiv"] > 0].copy()
    top["y1"] = top.groupby("year")["tiv"].cumsum().round(4)
    top["y0"] = (top["y1"] - top["tiv"]).round(4)
    top["x0"] = top["year"] - 0.4
    top["x1"] = top["year"] + 0.4
    return top[["year", "supplier", "tiv", "y0", "y1", "x0", "x1", "source"]].reset_index(drop=True)


def window_share(
    frame: pd.DataFrame, partners: Iterable[str], years: tuple[int, int]
) -> dict[str, float]:
    """Pooled share of ``partners`` (ISO3) in a partner frame's TIV over ``years``.

    Works on imports-by-supplier and exports-by-recipient frames
    (:mod:`analysis.metrics.arms`). Returns total, from_partners (TIV m) and share (0-1,
    NaN when the total is 0).
    """
    col = "supplier_iso3" if "supplier_iso3" in frame.columns else "recipient_iso3"
    rows = frame[frame["year"].between(*years)]
    total = float(rows["tiv"].sum())
    part = float(rows.loc[rows[col].isin(list(partners)), "tiv"].sum())
    return {
        "total": round(total, 4),
        "from_partners": round(part, 4),
        "share": part / total if total > 0 else float("nan"),
    }


class ArmsImportsFinding(TypedDict):
    """:func:`arms_imports_finding`: years, Russia's shares (per cent) and TIV totals (millions)."""

    first_year: int
    last_year: int
    rus_share_all: float
    total_all: float
    rus_share_before: float
    rus_share_plan: float
    rus_share_after: float
    total_before: float
    total_after: float
    west_tiv: float
    peak_year: int
    peak_tiv: float
    suppliers_after: list[str]
    tiv_table_years: str
    tiv_table_all_empty: bool


def arms_imports_finding(imports: pd.DataFrame) -> ArmsImportsFinding:
    """Numbers behind the imports chart: Russia's share before, during and after the plan."""
    reg = imports[imports["source"] == arms_metrics.REGISTER_SOURCE]
    first, last = year_span(reg)
    whole = window_share(imports, ["RUS"], (first, last))
    before = window_share(imports, ["RUS"], ARMS_BEFORE)
    plan = window_share(imports, ["RUS"], PLAN_YEARS)
    after = window_share(imports, ["RUS"], ARMS_AFTER)
    west = window_share(imports, WEST, (first, last))
    yearly = reg.groupby("year")["tiv"].sum()
    peak_year = int(yearly.idxmax())
    suppliers_after = sorted(
        set(reg.loc[reg["year"].between(*ARMS_AFTER) & (reg["tiv"] > 0), "supplier"])
    )
    tiv_years = imports[imports["source"] == arms_metrics.TIV_SOURCE]
    return {
        "first_year": first,
        "last_year": last,
        "rus_share_all": _pct(whole["share"]),
        "total_all": round(whole["total"], 1),
        "rus_share_before": _pct(before["share"]),
        "rus_share_plan": _pct(plan["share"]),
        "rus_share_after": _pct(after["share"]),
        "total_before": round(before["total"], 1),
        "total_after": round(after["total"], 1),
        "west_tiv": round(west["from_partners"], 1),
        "peak_year": peak_year,
        "peak_tiv": round(float(yearly.max()), 1),
        "suppliers_after": suppliers_after,
        "tiv_table_years": f"{int(tiv_years['year'].min())}-{str(int(tiv_years['year'].max()))[2:]}"
        if len(tiv_years)
        else "",
        "tiv_table_all_empty": bool(tiv_years["no_deliveries"].all()) if len(tiv_years) else True,
    }


def _supplier_colour(names: Sequence[str]) -> alt.Scale:
    known = {
        "Russia": charts.PALETTE["RUS"],
        "Ukraine": charts.PALETTE["UKR"],
        arms_metrics.OTHER_LABEL: charts.NEUTRAL,
        TIV_TABLE_DISPLAY: "#BBBBBB",
    }
    extra = ["#999933", "#44AA99", "#332288"]
    domain = list(dict.fromkeys(names))
    return alt.Scale(
        domain=domain, range=[known.get(n) or extra[i % 3] for i, n in enumerate(domain)]
    )


def arms_imports_chart(
    frame: pd.DataFrame, share: pd.DataFrame, finding: ArmsImportsFinding
) -> alt.VConcatChart:
    """Stacked bars of imports by supplier over a strip of Russia's yearly share.

    ``frame`` from :func:`imports_chart_frame`, ``share`` from
    :func:`analysis.metrics.arms.supplier_share`, ``finding`` from
    :func:`arms_imports_finding`.
    """
    years = (1992, int(finding["last_year"]))
    xs = alt.Scale(domain=[years[0] - 0.6, years[1] + 0.6], nice=False)
    names = list(dict.fromkeys(frame["supplier"]))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("x0:Q", scale=xs, title=None, axis=alt.Axis(format="d", labels=False)),
            x2="x1:Q",
            y=alt.Y("y0:Q", title="Arms imports (TIV, millions)"),
            y2="y1:Q",
            color=alt.Color(
                "supplier:N",
                title="Supplier",
                scale=_supplier_colour(names),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            tooltip=[
                charts.tooltip("year", "Delivery year"),
                charts.tooltip("supplier", "Supplier"),
                charts.tooltip("tiv", "Deliveries", unit="TIV, millions", fmt=",.1f"),
            ],
        )
    )
    top = (_plan_band(y_label=float(frame["y1"].max()), scale=xs) + bars).properties(height=230)
    s = share.dropna(subset=["share"]).assign(share_pct=lambda d: (100 * d["share"]).round(1))
    s = s[["year", "share_pct", "total", "from_supplier"]]
    strip = (
        alt.Chart(s)
        .mark_point(filled=True, size=45, color=charts.PALETTE["RUS"])
        .encode(
            x=alt.X("year:Q", scale=xs, title="Delivery year", axis=alt.Axis(format="d")),
            y=alt.Y(
                "share_pct:Q",
                title="Russia's share (%)",
                scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(values=[0, 50, 100]),
            ),
            tooltip=[
                charts.tooltip("year", "Delivery year"),
                charts.tooltip("share_pct", "Russia's share", unit="% of TIV", fmt=".1f"),
                charts.tooltip("from_supplier", "From Russia", unit="TIV, millions", fmt=",.1f"),
                charts.tooltip("total", "All suppliers", unit="TIV, millions", fmt=",.1f"),
            ],
        )
    )
    bottom = (_plan_band(label=False, scale=xs) + strip).properties(height=80)
    chart = alt.vconcat(top, bottom, spacing=6)
    f = finding
    desc = (
        f"Stacked bars of Belarus's imports of major arms by supplier, {years[0]}-{years[1]}, in "
        f"SIPRI trend-indicator values (TIV), with a strip of Russia's share of each year's "
        f"deliveries below and the 2012-2015 action plan shaded. Russia supplied "
        f"{f['rus_share_all']}% of all TIV delivered {f['first_year']}-{f['last_year']}, "
        f"{f['rus_share_plan']}% during the plan years and {f['rus_share_after']}% in "
        f"{ARMS_AFTER[0]}-{ARMS_AFTER[1]}. Deliveries peaked in {f['peak_year']} at "
        f"{f['peak_tiv']} TIV m. SIPRI's TIV table records no deliveries to Belarus in "
        f"{f['tiv_table_years']}."
    )
    return charts.finish(
        chart,
        title=(
            f"Russia supplied {f['rus_share_all']}% of the major arms Belarus imported in "
            f"{f['first_year']}-{f['last_year']}, and {f['rus_share_after']}% in "
            f"{ARMS_AFTER[0]}-{ARMS_AFTER[1]}"
        ),
        datasets=["sipri-arms-register", "sipri-arms-tiv"],
        description=desc,
        note=(
            "TIV measures military capability transferred, not money; major weapons only, so "
            f"components and parts are invisible. {f['tiv_table_years']}: TIV table totals "
            "(no supplier breakdown); SIPRI records no deliveries in those years"
        ),
    )


#: Periods of the exports chart: before the plan, up to it, after it.
EXPORT_PERIODS: tuple[tuple[int, int], ...] = ((1995, 2004), (2005, 2012), (2013, 2024))


def exports_by_period_frame(
    exports: pd.DataFrame,
    n: int = 10,
    periods: Sequence[tuple[int, int]] = EXPORT_PERIODS,
    always: Sequence[str] = ("RUS",),
    keep_west: bool = True,
) -> pd.DataFrame:
    """Belarus's arms exports summed by recipient and period (register years only).

    The ``n`` largest recipients over all periods keep their names, the rest are "Other";
    recipients in ``always`` (ISO3, default Russia) get a row even with nothing delivered,
    so a zero is shown, not hidden; with ``keep_west`` every recipient in :data:`WEST`
    that received anything keeps its name too (ranked after the top ``n``). Every kept
    recipient has a row in every period (0.0 where nothing was delivered). Columns:
    recipient, recipient_iso3, period (``"1995-2004"``), tiv, rank (0 = largest), west
    (EU-27 or NATO member in 2024).
    """
    reg = exports[exports["source"] == arms_metrics.REGISTER_SOURCE]
    labels = [f"{a}-{b}" for a, b in periods]
    parts = []
    for (a, b), label in zip(periods, labels, strict=True):
        rows = reg[reg["year"].between(a, b)]
        parts.append(
            rows.groupby(["recipient", "recipient_iso3"], dropna=False)["tiv"]
            .sum()
            .reset_index()
            .assign(period=label)
        )
    long = pd.concat(parts, ignore_index=True)
    totals = long.groupby("recipient")["tiv"].sum().reset_index()
    totals = totals.sort_values(["tiv", "recipient"], ascending=[False, True])
    top = list(totals.loc[totals["tiv"] > 0, "recipient"].head(n))
    if keep_west:
        west = long[long["recipient_iso3"].isin(WEST) & (long["tiv"] > 0)]
        top += [r for r in totals["recipient"] if r in set(west["recipient"]) and r not in top]
    names = dict(zip(reg["recipient_iso3"], reg["recipient"], strict=False))
    keep_always = [names.get(c, display_name(c)) for c in always]
    lump = ~long["recipient"].isin(top + keep_always)
    long.loc[lump, "recipient"] = arms_metrics.OTHER_LABEL
    long.loc[lump, "recipient_iso3"] = None
    sums = long.groupby(["recipient", "period"])["tiv"].sum()
    iso = long.dropna(subset=["recipient_iso3"]).groupby("recipient")["recipient_iso3"].first()
    iso = {**iso.to_dict(), **dict(zip(keep_always, always, strict=True))}
    order = [*top, *[k for k in keep_always if k not in top], arms_metrics.OTHER_LABEL]
    grid = pd.MultiIndex.from_product([order, labels], names=["recipient", "period"])
    out = sums.reindex(grid, fill_value=0.0).reset_index()  # every recipient in every period
    out["recipient_iso3"] = out["recipient"].map(iso).astype("object")
    out["recipient_iso3"] = out["recipient_iso3"].where(out["recipient_iso3"].notna(), None)
    out["rank"] = out["recipient"].map({r: i for i, r in enumerate(order)}).astype("int64")
    out["west"] = out["recipient_iso3"].isin(WEST)
    out["tiv"] = out["tiv"].round(2)
    out["period"] = pd.Categorical(out["period"], categories=labels, ordered=True)
    out = out.sort_values(["rank", "period"], ignore_index=True)
    out["period"] = out["period"].astype(str)
    return out[["recipient", "recipient_iso3", "period", "tiv", "rank", "west"]]


class ArmsExportsFinding(TypedDict):
    """:func:`arms_exports_finding`: years, TIV totals (millions) and recipients."""

    first_year: int
    last_year: int
    total_all: float
    rus_tiv: float
    total_before: float
    total_after: float
    west_tiv_before: float
    west_tiv_after: float
    west_recipients: list[str]
    n_recipients_after: int
    new_recipients_after: list[str]
    top_after: list[str]
    top_after_tiv: list[float]


def arms_exports_finding(exports: pd.DataFrame) -> ArmsExportsFinding:
    """Numbers behind the exports chart: totals, Russia's and the West's shares, new buyers."""
    reg = exports[exports["source"] == arms_metrics.REGISTER_SOURCE]
    first, last = year_span(reg)
    rus = window_share(reg, ["RUS"], (first, last))
    west_before = window_share(reg, WEST, (first, PLAN_YEARS[0]))
    west_after = window_share(reg, WEST, ARMS_AFTER)
    before = reg[reg["year"].between(first, PLAN_YEARS[0]) & (reg["tiv"] > 0)]
    after = reg[reg["year"].between(*ARMS_AFTER) & (reg["tiv"] > 0)]
    new = sorted(set(after["recipient"]) - set(before["recipient"]))
    by_after = after.groupby("recipient")["tiv"].sum().sort_values(ascending=False)
    west_names = sorted(
        set(reg.loc[reg["recipient_iso3"].isin(WEST) & (reg["tiv"] > 0), "recipient"])
    )
    return {
        "first_year": first,
        "last_year": last,
        "total_all": round(rus["total"], 1),
        "rus_tiv": round(rus["from_partners"], 1),
        "total_before": round(west_before["total"], 1),
        "total_after": round(west_after["total"], 1),
        "west_tiv_before": round(west_before["from_partners"], 1),
        "west_tiv_after": round(west_after["from_partners"], 1),
        "west_recipients": west_names,
        "n_recipients_after": int(after["recipient"].nunique()),
        "new_recipients_after": new,
        "top_after": list(by_after.index[:4]),
        "top_after_tiv": [round(float(v), 1) for v in by_after.iloc[:4]],
    }


def arms_exports_chart(frame: pd.DataFrame, finding: ArmsExportsFinding) -> alt.VConcatChart:
    """Horizontal bars of Belarus's arms exports by recipient, one panel per period."""
    order = list(frame.sort_values("rank")["recipient"].drop_duplicates())
    f = finding
    frame = frame.assign(
        group=np.where(
            frame["west"],
            "EU-27 / NATO member (2024)",
            np.where(frame["recipient_iso3"].eq("RUS"), "Russia", "Other recipients"),
        )
    )
    groups = ["Russia", "EU-27 / NATO member (2024)", "Other recipients"]
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            y=alt.Y("recipient:N", sort=order, title=None),
            x=alt.X("tiv:Q", title="TIV, millions"),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(
                    domain=groups, range=[charts.PALETTE["RUS"], "#CC79A7", charts.NEUTRAL]
                ),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            tooltip=[
                charts.tooltip("recipient", "Recipient"),
                charts.tooltip("period", "Years"),
                charts.tooltip("tiv", "Deliveries", unit="TIV, millions", fmt=",.1f"),
            ],
        )
    )
    zero = (
        alt.Chart()
        .mark_text(align="left", dx=3, fontSize=9, color=charts.MUTED, text="none recorded")
        .encode(
            y=alt.Y("recipient:N", sort=order),
            x=alt.datum(0),
        )
        .transform_filter("datum.tiv == 0 && datum.group == 'Russia'")
    )
    chart = (
        alt.layer(bars, zero, data=frame)
        .properties(width=130, height=alt.Step(17))
        .facet(
            column=alt.Column(
                "period:N",
                title=None,
                sort=[f"{a}-{b}" for a, b in EXPORT_PERIODS],
                header=alt.Header(labelFontSize=12, labelFontWeight="bold"),
            ),
        )
        .resolve_scale(x="shared")
    )
    desc = (
        f"Bar chart in three panels ({', '.join(f'{a}-{b}' for a, b in EXPORT_PERIODS)}) of "
        f"Belarus's exports of major arms by recipient, in SIPRI TIV. Of {f['total_all']} TIV m "
        f"delivered {f['first_year']}-{f['last_year']}, {f['rus_tiv']} went to Russia. "
        f"After 2012 the largest recipients were "
        + ", ".join(f"{n} ({v})" for n, v in zip(f["top_after"], f["top_after_tiv"], strict=True))
        + f"; EU-27 or NATO members received {f['west_tiv_after']} TIV m in "
        f"{ARMS_AFTER[0]}-{ARMS_AFTER[1]}. Values: "
        + "; ".join(f"{r.recipient} {r.period}: {r.tiv}" for r in frame.itertuples())
        + "."
    )
    return charts.finish(
        chart,
        title=(
            f"SIPRI records no major arms delivered by Belarus to Russia in "
            f"{f['first_year']}-{f['last_year']}; from 2013 its {f['n_recipients_after']} "
            "buyers included no EU or NATO state"
        ),
        datasets=["sipri-arms-register"],
        description=desc,
        note=(
            "The largest recipients by total TIV, EU-27 or NATO members and Russia; "
            "the rest as Other. Components, parts and services, which Belarusian plants sell "
            "to Russia, are outside SIPRI's scope"
        ),
    )


# --------------------------------------------------------------------------- military burden

STATUS_TEXT = {
    "ok": "SIPRI figure",
    "estimate": "SIPRI estimate",
    "uncertain": "highly uncertain (SIPRI)",
    "missing": "missing",
    "not_existing": "state did not exist",
}


#: Status texts drawn as hollow points (SIPRI estimates and highly uncertain figures).
ESTIMATE_FLAGS = frozenset({STATUS_TEXT["estimate"], STATUS_TEXT["uncertain"]})


def milex_chart_frame(panel: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Rows of one measure from :func:`analysis.metrics.milex.milex_panel` (or the COW
    personnel panel) with ``flag`` (status in words) and ``estimate`` (True for SIPRI
    estimates and highly uncertain figures). Missing values are dropped (listed by
    :func:`missing_years`)."""
    rows = measure_rows(panel, measure)
    rows["flag"] = rows["status"].map(STATUS_TEXT).fillna(rows["status"])
    rows["estimate"] = rows["status"].isin(["estimate", "uncertain"])
    rows["value"] = rows["value"].round(3)
    return rows[
        ["iso3", "country", "year", "value", "unit", "status", "flag", "estimate"]
    ].reset_index(drop=True)


def missing_years(panel: pd.DataFrame, measure: str) -> dict[str, list[int]]:
    """``{country: [years]}`` with no value for ``measure`` (missing or not existing)."""
    rows = panel[(panel["measure"] == measure) & panel["value"].isna()]
    return {c: sorted(int(y) for y in g["year"]) for c, g in rows.groupby("country", sort=False)}


def _years_text(years: Sequence[int]) -> str:
    """``[1997, 1998, 1999, 2005]`` -> ``"1997-1999, 2005"``."""
    if not years:
        return ""
    runs: list[list[int]] = [[years[0], years[0]]]
    for y in years[1:]:
        if y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)


def missing_note(missing: Mapping[str, Sequence[int]]) -> str:
    """ "No value: Lithuania 1992; Ukraine 1992" (or "" when nothing is missing)."""
    parts = [f"{c} {_years_text(list(y))}" for c, y in missing.items() if y]
    return ("No value: " + "; ".join(parts)) if parts else ""


def milex_finding(panel: pd.DataFrame) -> dict[str, object]:
    """Belarus and Russia around the plan: real change of spending 2012->2015 and
    2012->last year, share of GDP in 2012, its low and last value."""
    from analysis.metrics.milex import real_change

    real = panel[panel["measure"] == "constant_2023_usd_m"]
    gdp = panel[panel["measure"] == "share_of_gdp"]
    last = int(real.dropna(subset=["value"])["year"].max())

    def val(frame: pd.DataFrame, iso3: str, year: int) -> float:
        hit = frame[(frame["iso3"] == iso3) & (frame["year"] == year)]["value"]
        return float(hit.iloc[0]) if len(hit) else float("nan")

    blr_gdp = gdp[(gdp["iso3"] == "BLR") & gdp["year"].between(1995, last)].dropna(subset=["value"])
    low = blr_gdp.loc[blr_gdp["value"].idxmin()]
    ratio = val(real, "RUS", 2012) / val(real, "BLR", 2012)
    return {
        "last_year": last,
        "blr_2012": round(val(real, "BLR", 2012), 0),
        "rus_2012": round(val(real, "RUS", 2012), 0),
        "blr_last": round(val(real, "BLR", last), 0),
        "rus_to_blr_2012": round(ratio, 0),
        "blr_change_plan": round(real_change(panel, "BLR", 2012, 2015), 1),
        "rus_change_plan": round(real_change(panel, "RUS", 2012, 2015), 1),
        "blr_change_last": round(real_change(panel, "BLR", 2012, last), 1),
        "blr_gdp_2012": round(val(gdp, "BLR", 2012), 2),
        "rus_gdp_2012": round(val(gdp, "RUS", 2012), 2),
        "blr_gdp_low": round(float(low["value"]), 2),
        "blr_gdp_low_year": int(low["year"]),
        "blr_gdp_last": round(val(gdp, "BLR", last), 2),
        "blr_estimate_years": _years_text(
            sorted(
                int(y)
                for y in real.loc[
                    (real["iso3"] == "BLR") & real["status"].isin(["estimate", "uncertain"]), "year"
                ]
            )
        ),
        "rus_estimate_years": _years_text(
            sorted(
                int(y)
                for y in real.loc[
                    (real["iso3"] == "RUS") & real["status"].isin(["estimate", "uncertain"]), "year"
                ]
            )
        ),
    }


def personnel_finding(panel: pd.DataFrame, iso3: str = "BLR") -> dict[str, object]:
    """COW armed-forces personnel (thousands) of ``iso3``: first, 2012, 2013 and last year
    with a value, and Russia's size relative to it in 2012."""
    rows = panel[(panel["iso3"] == iso3) & (panel["measure"] == "milper")].dropna(subset=["value"])
    series = rows.set_index("year")["value"]
    rus = panel[(panel["iso3"] == "RUS") & (panel["measure"] == "milper")].set_index("year")[
        "value"
    ]
    first, last = int(series.index.min()), int(series.index.max())
    return {
        "first_year": first,
        "last_year": last,
        "first": float(series[first]),
        "last": float(series[last]),
        "y2012": float(series.get(2012, np.nan)),
        "y2013": float(series.get(2013, np.nan)),
        "rus_ratio_2012": round(float(rus.get(2012, np.nan) / series.get(2012, np.nan)), 1),
    }


#: Measures of :func:`milex_chart`: axis title, log scale, tooltip unit, format.
MILEX_AXES: dict[str, tuple[str, bool, str, str]] = {
    "constant_2023_usd_m": (
        "Military expenditure (US$ m, constant 2023, log scale)",
        True,
        "US$ m, constant 2023",
        ",.0f",
    ),
    "share_of_gdp": ("Military expenditure (% of GDP)", False, "% of GDP", ".2f"),
    "milper": ("Armed forces personnel (thousands, log scale)", True, "thousands", ",.0f"),
}


def milex_chart(
    frame: pd.DataFrame,
    measure: str,
    *,
    title: str,
    description: str,
    datasets: Sequence[str],
    note: str | None = None,
) -> alt.VConcatChart:
    """Lines per country for one measure; SIPRI estimates drawn as hollow points.

    ``frame`` from :func:`milex_chart_frame`. The plan years are shaded. ``title`` and
    ``description`` come from the notebook's finding (numbers glued there too).
    """
    axis_title, log, unit, fmt = MILEX_AXES[measure]
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    xs = alt.Scale(domain=list(year_span(frame)), nice=False)
    base = country_year_chart(frame, alt.Y("value:Q", title=axis_title, scale=scale), scale=xs)
    value_tip = charts.tooltip("value", axis_title.split(" (")[0], unit=unit, fmt=fmt)
    tips = country_year_tooltips(value_tip, status="flag")
    lines = base.mark_line(strokeWidth=1.8)
    flags = [f for f in STATUS_TEXT.values() if f in set(frame["flag"])]
    points = base.mark_point(size=24, strokeWidth=1.2, filled=True).encode(
        stroke=country_colour(frame),
        fillOpacity=alt.FillOpacity(
            "flag:N",
            title="Status",
            scale=alt.Scale(
                domain=flags, range=[0.0 if f in ESTIMATE_FLAGS else 1.0 for f in flags]
            ),
            legend=None,
        ),
        tooltip=tips,
    )
    ymax = float(frame["value"].max())
    chart = _plan_band(y_label=ymax, scale=xs) + lines + points
    hollow = "Hollow points: SIPRI estimates" if frame["estimate"].any() else ""
    note = ". ".join(p for p in (hollow, note) if p) or None
    return charts.finish(
        chart, title=title, datasets=list(datasets), description=description, note=note
    )


# --------------------------------------------------------------------------- trade

#: Partner groups of the trade charts: label -> ISO3 codes.
TRADE_GROUPS: dict[str, tuple[str, ...]] = {"Russia": ("RUS",), "Ukraine": ("UKR",), "EU-27": EU27}
#: House colours of the trade groups (EU-27: the EU's colour).
GROUP_COLOURS: dict[str, str] = {
    "Russia": charts.PALETTE["RUS"],
    "Ukraine": charts.PALETTE["UKR"],
    "EU-27": charts.PALETTE["EU27"],
    "Rest of the world": charts.NEUTRAL,
}


def cow_group_shares(
    dyadic: pd.DataFrame,
    national: pd.DataFrame,
    country: str = "BLR",
    groups: Mapping[str, Sequence[str]] = TRADE_GROUPS,
    years: tuple[int, int] = (1992, 2014),
) -> pd.DataFrame:
    """Each partner group's share of ``country``'s total trade, COW (to 2014).

    Sums :func:`analysis.metrics.trade.partner_shares_frame` over the members of each
    group (a member-year with no COW value counts as absent, noted in ``n_partners``).
    Columns: year, group, trade, total_trade (US$ m, current), share (0-1), n_partners,
    source.
    """
    mine = dyadic["importer_iso3"].eq(country) | dyadic["exporter_iso3"].eq(country)
    dyadic = dyadic[mine & dyadic["year"].between(*years)]  # same result, far fewer rows
    frames = []
    for label, members in groups.items():
        ps = trade_metrics.partner_shares_frame(dyadic, national, country, members, years)
        g = (
            ps.groupby("year")
            .agg(
                trade=("trade", lambda s: s.sum(min_count=1)),
                n_partners=("trade", "count"),
                total_trade=("total_trade", "first"),
            )
            .reset_index()
        )
        g["group"] = label
        frames.append(g)
    out = pd.concat(frames, ignore_index=True)
    out["share"] = out["trade"] / out["total_trade"].where(out["total_trade"] > 0)
    out["source"] = "cow-trade"
    return out[["year", "group", "trade", "total_trade", "share", "n_partners", "source"]]


def comtrade_group_shares(
    comtrade: pd.DataFrame, country: str = "BLR", groups: Mapping[str, Sequence[str]] = TRADE_GROUPS
) -> pd.DataFrame:
    """Each partner group's share of ``country``'s trade in UN Comtrade (every 4th year).

    Trade = the country's exports to the group + the group's exports to the country (as
    reported; the loader's unreported zeros are NaN). The total is the same sum over all
    partners. A share is NaN when any flow between the country and the group is NaN
    (e.g. Russia -> Belarus 2000-08), since the total would then be understated too.
    Columns: year, group, trade, total_trade (US$ m, current), share, complete, source.
    """
    out_rows = []
    ex = comtrade[comtrade["exporter_iso3"] == country]
    im = comtrade[comtrade["importer_iso3"] == country]
    for year in sorted(set(ex["year"]) | set(im["year"])):
        e, i = ex[ex["year"] == year], im[im["year"] == year]
        total = (e["value"].sum() + i["value"].sum()) / 1e6
        for label, members in groups.items():
            ge = e[e["importer_iso3"].isin(members)]["value"]
            gi = i[i["exporter_iso3"].isin(members)]["value"]
            complete = bool(ge.notna().all() and gi.notna().all() and len(ge) and len(gi))
            trade_value = (ge.sum() + gi.sum()) / 1e6
            out_rows.append(
                {
                    "year": int(year),
                    "group": label,
                    "trade": round(trade_value, 3),
                    "total_trade": round(total, 3),
                    "complete": complete,
                    "share": trade_value / total if complete and total > 0 else np.nan,
                }
            )
    out = pd.DataFrame(out_rows)
    out["source"] = "comtrade-4yearly"
    return out[["year", "group", "trade", "total_trade", "share", "complete", "source"]]


def with_rest_of_world(frame: pd.DataFrame, label: str = "Rest of the world") -> pd.DataFrame:
    """Append one ``label`` row per year: total trade minus the groups' trade.

    ``frame`` is :func:`cow_group_shares` or :func:`comtrade_group_shares` output. The
    rest is computed only for years in which every group has a share (NaN otherwise), so
    an unreported flow never inflates it, and it is NaN where the groups' trade exceeds
    the total (:func:`overflow_years`; COW 1994 for Belarus). Groups
    must not overlap.
    """
    rows = []
    for year, g in frame.groupby("year", sort=True):
        rest = g["total_trade"].iloc[0] - g["trade"].sum()
        known = bool(g["share"].notna().all() and rest >= 0)
        rest = rest if known else np.nan
        row = {
            "year": year,
            "group": label,
            "trade": rest,
            "total_trade": g["total_trade"].iloc[0],
            "share": rest / g["total_trade"].iloc[0] if known else np.nan,
            "source": g["source"].iloc[0],
        }
        if "n_partners" in frame.columns:
            row["n_partners"] = np.nan
        if "complete" in frame.columns:
            row["complete"] = bool(known)
        rows.append(row)
    return pd.concat([frame, pd.DataFrame(rows, columns=frame.columns)], ignore_index=True)


def overflow_years(frame: pd.DataFrame) -> list[int]:
    """Years in which the groups' trade exceeds the total (an inconsistency of the source)."""
    sums = frame.groupby("year").agg(trade=("trade", "sum"), total=("total_trade", "first"))
    return [int(y) for y in sums.index[sums["trade"] > sums["total"]]]


def pooled_share(frame: pd.DataFrame, group: str, years: tuple[int, int]) -> float:
    """Pooled share of ``group`` over ``years``: sum(trade) / sum(total_trade), rows with a
    known share only (NaN if none)."""
    rows = frame[(frame["group"] == group) & frame["year"].between(*years) & frame["share"].notna()]
    total = rows["total_trade"].sum()
    return float(rows["trade"].sum() / total) if len(rows) and total > 0 else float("nan")


def trade_finding(cow: pd.DataFrame, comtrade: pd.DataFrame) -> dict[str, object]:
    """Shares of Belarus's trade in 2012 and after, from COW and Comtrade."""

    def share(frame: pd.DataFrame, group: str, year: int) -> float:
        hit = frame[(frame["group"] == group) & (frame["year"] == year)]["share"]
        return _pct(float(hit.iloc[0])) if len(hit) and pd.notna(hit.iloc[0]) else float("nan")

    def total(year: int) -> float:  # Belarus's total trade in Comtrade, US$ million
        return float(comtrade.loc[comtrade["year"] == year, "total_trade"].iloc[0])

    rus = cow[cow["group"] == "Russia"].dropna(subset=["share"])
    hi, lo = rus.loc[rus["share"].idxmax()], rus.loc[rus["share"].idxmin()]
    last_cow = int(cow["year"].max())
    return {
        "cow_last": last_cow,
        "rus_2012": share(cow, "Russia", 2012),
        "eu_2012": share(cow, "EU-27", 2012),
        "ukr_2012": share(cow, "Ukraine", 2012),
        "rest_2012": share(with_rest_of_world(cow), "Rest of the world", 2012),
        "cow_overflow_years": _years_text(overflow_years(cow)),
        "ct_rest_2016": share(with_rest_of_world(comtrade), "Rest of the world", 2016),
        "rus_last": share(cow, "Russia", last_cow),
        "eu_last": share(cow, "EU-27", last_cow),
        "rus_mean": _pct(pooled_share(cow, "Russia", (1992, last_cow))),
        "rus_max": _pct(float(hi["share"])),
        "rus_max_year": int(hi["year"]),
        "rus_min": _pct(float(lo["share"])),
        "rus_min_year": int(lo["year"]),
        "ct_rus_2012": share(comtrade, "Russia", 2012),
        "ct_rus_2016": share(comtrade, "Russia", 2016),
        "ct_eu_2012": share(comtrade, "EU-27", 2012),
        "ct_eu_2016": share(comtrade, "EU-27", 2016),
        "ct_ukr_2012": share(comtrade, "Ukraine", 2012),
        "ct_ukr_2016": share(comtrade, "Ukraine", 2016),
        "ct_total_2012": round(total(2012) / 1e3, 1),
        "ct_total_2016": round(total(2016) / 1e3, 1),
    }


def trade_share_chart(
    cow: pd.DataFrame, comtrade: pd.DataFrame, finding: Mapping[str, object]
) -> alt.VConcatChart:
    """Lines of partner shares (COW, yearly) with Comtrade points (every fourth year)."""
    a = with_rest_of_world(cow).dropna(subset=["share"]).assign(dataset="COW Trade v4.0 (yearly)")
    b = (
        with_rest_of_world(comtrade)
        .dropna(subset=["share"])
        .assign(dataset="UN Comtrade (every 4th year)")
    )
    cols = ["year", "group", "share_pct", "trade", "total_trade", "dataset"]
    a, b = (d.assign(share_pct=(100 * d["share"]).round(1))[cols] for d in (a, b))
    groups = [g for g in GROUP_COLOURS if g in set(a["group"]) | set(b["group"])]
    colour = alt.Color(
        "group:N",
        title="Partner",
        scale=alt.Scale(domain=groups, range=[GROUP_COLOURS[g] for g in groups]),
    )
    x = year_x(scale=alt.Scale(domain=[1992, 2016], nice=False))
    y = alt.Y("share_pct:Q", title="Share of Belarus's trade (%)", scale=alt.Scale(domain=[0, 80]))
    tips = [
        charts.tooltip("group", "Partner"),
        charts.tooltip("year", "Year"),
        charts.tooltip("share_pct", "Share", unit="% of Belarus's trade", fmt=".1f"),
        charts.tooltip("trade", "Trade with partner", unit="US$ m, current", fmt=",.0f"),
        charts.tooltip("total_trade", "Belarus's total trade", unit="US$ m, current", fmt=",.0f"),
        charts.tooltip("dataset", "Dataset"),
    ]
    # a grey halo under the lines keeps the EU's yellow readable on white
    halo = (
        alt.Chart(a)
        .mark_line(strokeWidth=4.2, color="#9A9A9A", opacity=0.55)
        .encode(x=x, y=y, detail="group:N")
    )
    lines = alt.Chart(a).mark_line(strokeWidth=2.4).encode(x=x, y=y, color=colour, tooltip=tips)
    pts = (
        alt.Chart(b)
        .mark_point(shape="diamond", size=110, filled=True, stroke="#222222", strokeWidth=0.8)
        .encode(x=x, y=y, color=colour, tooltip=tips)
    )
    chart = _plan_band(y_label=80) + halo + lines + pts
    f = finding
    desc = (
        f"Line chart of the shares of Russia, Ukraine, the EU-27 and the rest of the world in "
        f"Belarus's total trade, "
        f"yearly from COW to {f['cow_last']}, with diamonds for UN Comtrade in 2012 and 2016. "
        f"COW: Russia {f['rus_2012']}%, EU-27 {f['eu_2012']}%, Ukraine {f['ukr_2012']}% in 2012; "
        f"Russia's share ranged from {f['rus_min']}% ({f['rus_min_year']}) to {f['rus_max']}% "
        f"({f['rus_max_year']}). Comtrade: Russia {f['ct_rus_2012']}% in 2012 and "
        f"{f['ct_rus_2016']}% in 2016, EU-27 {f['ct_eu_2012']}% and {f['ct_eu_2016']}%."
    )
    return charts.finish(
        chart,
        title=(
            f"Russia took {f['rus_2012']}% of Belarus's trade in 2012 and the EU-27 "
            f"{f['eu_2012']}%; by 2016 Russia's share had grown (Comtrade)"
        ),
        datasets=["cow-trade", "comtrade-4yearly"],
        description=desc,
        note=(
            "Lines: COW (imports + partner-recorded exports over COW national totals); "
            "diamonds: Comtrade, shown only where every flow with the partner is reported "
            "(Russia's exports to Belarus are unreported in 2000-08). EU-27 = today's members "
            "in every year"
            + (
                f". COW's partner flows exceed its national total in {f['cow_overflow_years']}, "
                "so no rest-of-world share is shown there"
                if f["cow_overflow_years"]
                else ""
            )
        ),
    )


def eu_monthly_frame(monthly: pd.DataFrame) -> pd.DataFrame:
    """EU-27 monthly trade with Belarus (``eu_trade_monthly``) for a line chart.

    Columns: date (first of month, ISO text), period, flow_label, value_m (EUR m),
    complete, missing_reporters, n_reporters. Months no member reported are dropped.
    """
    rows = monthly.dropna(subset=["value"]).copy()
    rows["date"] = rows["period"] + "-01"
    rows["flow_label"] = rows["flow"].map(
        {"import": "EU imports from Belarus", "export": "EU exports to Belarus"}
    )
    rows["value_m"] = (rows["value"] / 1e6).round(1)
    rows["missing_reporters"] = rows["missing_reporters"].replace("", "none")
    return rows[
        ["date", "period", "flow_label", "value_m", "complete", "missing_reporters", "n_reporters"]
    ].reset_index(drop=True)


class EuMonthlyFinding(TypedDict):
    """:func:`eu_monthly_finding`: monthly means (EUR millions), changes (per cent), months."""

    imp_2021_mean: float
    imp_recent_mean: float
    recent_from: str
    recent_to: str
    imp_change: float
    exp_2021_mean: float
    exp_recent_mean: float
    exp_change: float
    n_incomplete: int
    n_rows: int
    dropped_months: str


def eu_monthly_finding(frame: pd.DataFrame, monthly: pd.DataFrame) -> EuMonthlyFinding:
    """EU imports from Belarus: 2021 monthly mean against the last three reported months."""
    imp = frame[frame["flow_label"] == "EU imports from Belarus"].sort_values("period")
    exp = frame[frame["flow_label"] == "EU exports to Belarus"].sort_values("period")
    base = imp[imp["period"].str.startswith("2021")]["value_m"].mean()
    last3 = imp.tail(3)
    recent = last3["value_m"].mean()
    exp_base = exp[exp["period"].str.startswith("2021")]["value_m"].mean()
    exp_recent = exp.tail(3)["value_m"].mean()
    dropped = sorted(set(monthly["period"]) - set(frame["period"]))
    return {
        "imp_2021_mean": round(float(base), 0),
        "imp_recent_mean": round(float(recent), 0),
        "recent_from": str(last3["period"].iloc[0]),
        "recent_to": str(last3["period"].iloc[-1]),
        "imp_change": round(float(100 * (recent / base - 1)), 1),
        "exp_2021_mean": round(float(exp_base), 0),
        "exp_recent_mean": round(float(exp_recent), 0),
        "exp_change": round(float(100 * (exp_recent / exp_base - 1)), 1),
        "n_incomplete": int((~frame["complete"]).sum()),
        "n_rows": len(frame),
        "dropped_months": ", ".join(dropped),
    }


def eu_monthly_chart(frame: pd.DataFrame, finding: EuMonthlyFinding) -> alt.VConcatChart:
    """Monthly EU-27 trade with Belarus; hollow points mark months with a member missing."""
    colour = alt.Color(
        "flow_label:N",
        title=None,
        scale=alt.Scale(
            domain=["EU imports from Belarus", "EU exports to Belarus"],
            range=[charts.PALETTE["BLR"], charts.NEUTRAL],
        ),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    x = alt.X("date:T", title="Month", axis=alt.Axis(format="%b %Y", tickCount=6))
    y = alt.Y("value_m:Q", title="Trade (EUR millions per month)", scale=alt.Scale(zero=True))
    base = alt.Chart(frame).encode(x=x, y=y, color=colour)
    lines = base.mark_line(strokeWidth=2)
    pts = base.mark_point(size=30, strokeWidth=1.2).encode(
        fill=alt.condition("datum.complete", colour, alt.value("white")),
        tooltip=[
            charts.tooltip("flow_label", "Flow"),
            charts.tooltip("period", "Month"),
            charts.tooltip("value_m", "Value", unit="EUR m", fmt=",.1f"),
            charts.tooltip("n_reporters", "Members reporting", unit="of 27"),
            charts.tooltip("missing_reporters", "Members not reporting"),
        ],
    )
    war = pd.DataFrame({"date": ["2022-02-24"], "label": ["24 Feb 2022: invasion of Ukraine"]})
    rule = alt.Chart(war).mark_rule(strokeDash=[4, 3], color=charts.MUTED).encode(x="date:T")
    text = (
        alt.Chart(war)
        .mark_text(align="right", dx=-4, y=6, fontSize=10, color=charts.MUTED, baseline="top")
        .encode(x="date:T", text="label:N")
    )
    f = finding
    desc = (
        f"Line chart of the EU-27's monthly imports from and exports to Belarus, "
        f"{frame['period'].min()} to {frame['period'].max()}, in EUR millions. EU imports from "
        f"Belarus averaged EUR {f['imp_2021_mean']:,.0f}m a month in 2021 and EUR "
        f"{f['imp_recent_mean']:,.0f}m in {f['recent_from']} to {f['recent_to']} "
        f"({f['imp_change']}%); EU exports to Belarus averaged EUR {f['exp_2021_mean']:,.0f}m "
        f"and EUR {f['exp_recent_mean']:,.0f}m. Hollow points: months in which at least one "
        f"member reported no figure ({f['n_incomplete']} of {f['n_rows']} points)."
    )
    return charts.finish(
        rule + text + lines + pts,
        title=(
            f"After the invasion the EU's imports from Belarus fell by "
            f"{abs(f['imp_change']):.0f}%, from EUR {f['imp_2021_mean']:,.0f}m a month in "
            f"2021 to EUR {f['imp_recent_mean']:,.0f}m"
        ),
        datasets=["eurostat-eu-belarus"],
        description=desc,
        note=(
            f"Sums over the members that reported; hollow points are lower bounds (a member "
            f"missing, mostly Malta or Cyprus). {f['dropped_months']}: no member reported, "
            "not shown"
        ),
    )


def alliance_finding(atop: pd.DataFrame, a: str = "BLR", b: str = "RUS") -> dict[str, object]:
    """ATOP dyad-years of ``a`` with ``b`` (directed rows ``a`` -> ``b``): first and last
    year with any alliance, number of years with a defence pledge, and its first year."""
    rows = atop[(atop["iso3_1"] == a) & (atop["iso3_2"] == b)]
    defence = rows[rows["defense"]]
    return {
        "first_year": int(rows["year"].min()),
        "last_year": int(rows["year"].max()),
        "n_years": int(rows["year"].nunique()),
        "n_defence_years": int(defence["year"].nunique()),
        "defence_first_year": int(defence["year"].min()) if len(defence) else None,
        "data_last_year": int(atop["year"].max()),
    }


# --------------------------------------------------------------------------- timeline

#: Integration milestones of the timeline chart: curated fact id -> short label (ours).
TIMELINE_LABELS: dict[str, str] = {
    "tl-1992-05-15-collective-security-treaty-cst": "Collective Security Treaty signed",
    "tl-1994-04-20-cst-enters-force": "Collective Security Treaty in force",
    "tl-1997-04-02-treaty-union-belarus-russia": "Treaty on the Union of Belarus and Russia",
    "tl-1997-12-19-russia-belarus-treaty-military": "Bilateral treaty on military cooperation",
    "tl-1999-12-08-treaty-creation-union-state": "Treaty creating the Union State",
    "tl-2000-01-26-union-state-treaty-ratified": "Union State treaty in force",
    "tl-2002-10-07-csto-charter-signed-chisinau": "CSTO Charter signed",
    "tl-2003-12-decision-unite-belarusian-defence": "Goskomvoenprom set up",
    "tl-2009-02-03-agreement-joint-protection-union": "Unified regional air-defence agreement",
    "tl-2010-01-01-customs-union-belarus-kazakhstan": "Customs Union starts",
    "tl-2012-01-01-single-common-economic-space": "Common Economic Space starts",
    "tl-2012-10-23-semashko-rogozin-sign-action": "Defence-industrial action plan 2012-15",
    "tl-2012-12-24-russian-government-resolution-no": "Resolution 1389: national treatment",
    "tl-2013-03-13-semashko-dvorkovich-task-negotiators": "Integral-Roselektronika task set",
    "tl-2014-04-01-rogozin-minsk-belarus-take": "Rogozin: Belarus to replace Ukraine",
    "tl-2014-05-29-treaty-eurasian-economic-union": "EAEU treaty signed",
    "tl-2014-12-russian-ambassador-belarusian-enterprises": "15% of Russia's defence order",
    "tl-2015-01-01-eaeu-treaty-enters-force": "EAEU treaty in force",
    "tl-2016-11-02-protocol-amending-2009-air": "Air-defence protocol signed",
    "tl-2021-11-04-new-military-doctrine-union": "Union State military doctrine",
    "tl-2024-12-06-putin-lukashenka-sign-treaty": "Union State security-guarantees treaty",
}
#: Lanes of the timeline: curated category -> lane.
TIMELINE_LANES: dict[str, str] = {
    "Union State": "Union State",
    "Union State / military doctrine": "Union State",
    "Union State / nuclear": "Union State",
    "CSTO": "Security alliance",
    "military integration": "Security alliance",
    "air defence": "Security alliance",
    "Eurasian integration": "Economic union",
    "defence industry": "Defence industry",
}


def timeline_frame(
    timeline: pd.DataFrame, labels: Mapping[str, str] = TIMELINE_LABELS
) -> pd.DataFrame:
    """Curated integration milestones (``timeline_events``) for the timeline chart.

    Keeps the fact ids in ``labels``, in date order. Columns: fact_id, date (ISO; month
    or year dates completed to the first day), year, label (ours, with " (flagged)" for
    tier C/W), lane, event (curators' wording), tier, flagged, evidence ("evidence (tier
    A/B)" or "flagged claim (tier C/W)"), source_title, source_url. Raises KeyError for
    a label whose fact id is not in the table.
    """
    missing = sorted(set(labels) - set(timeline["fact_id"]))
    if missing:
        raise KeyError(f"fact ids not in timeline_events: {missing}")
    rows = timeline[timeline["fact_id"].isin(list(labels))].copy()
    rows["date"] = rows["date"].map(lambda d: d + "-01" * (2 - d.count("-")))
    rows["year"] = rows["date"].str[:4].astype("int64")
    rows["flagged"] = rows["flagged"].astype(bool)
    rows["label"] = [
        labels[i] + (" (flagged)" if f else "")
        for i, f in zip(rows["fact_id"], rows["flagged"], strict=True)
    ]
    rows["lane"] = rows["category"].map(TIMELINE_LANES).fillna(rows["category"])
    rows["tier"] = rows["source_tier"]
    rows["evidence"] = np.where(rows["flagged"], "flagged claim (tier C/W)", "evidence (tier A/B)")
    cols = [
        "fact_id",
        "date",
        "year",
        "label",
        "lane",
        "event",
        "tier",
        "flagged",
        "evidence",
        "source_title",
        "source_url",
    ]
    return rows.sort_values(["date", "fact_id"], ignore_index=True)[cols]


#: Date of the action plan's signing.
PLAN_DATE = "2012-10-23"


def timeline_finding(frame: pd.DataFrame, date: str = PLAN_DATE) -> dict[str, object]:
    """Milestones before the plan: sourced (tier A/B) treaties and agreements binding
    Belarus to Russia (every lane but the defence industry), and flagged ones."""
    before = frame[frame["date"] < date]
    ties = before[before["lane"] != "Defence industry"]
    return {
        "n_milestones": len(frame),
        "n_flagged": int(frame["flagged"].sum()),
        "n_prior_ties": int((~ties["flagged"]).sum()),
        "n_prior_flagged": int(ties["flagged"].sum()),
        "first_year": int(frame["year"].min()),
        "n_after": int((frame["date"] > date).sum()),
    }


def timeline_chart(frame: pd.DataFrame) -> alt.VConcatChart:
    """One row per milestone (date order), coloured by lane; flagged facts hollow."""
    lanes = list(dict.fromkeys(frame["lane"]))
    lane_colours = {
        "Security alliance": "#332288",
        "Union State": "#117733",
        "Economic union": "#999933",
        "Defence industry": "#CC6677",
    }
    colour = alt.Color(
        "lane:N",
        title="Strand",
        scale=alt.Scale(
            domain=lanes, range=[lane_colours.get(lane, charts.NEUTRAL) for lane in lanes]
        ),
        legend=alt.Legend(orient="top", direction="horizontal"),
    )
    order = list(frame["label"])
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=280, grid=True))
    x = alt.X(
        "date:T",
        title="Date",
        axis=alt.Axis(format="%Y"),
        scale=alt.Scale(domain=["1991-06-01", "2025-06-01"]),
    )
    base = alt.Chart(frame).encode(x=x, y=y)
    pts = (
        base.mark_point(size=70, strokeWidth=1.8, filled=True)
        .encode(
            color=colour,
            stroke=colour,
            fillOpacity=alt.condition("datum.flagged", alt.value(0.0), alt.value(1.0)),
            shape=alt.condition("datum.flagged", alt.value("diamond"), alt.value("circle")),
            tooltip=[
                charts.tooltip("label", "Milestone"),
                charts.tooltip("date", "Date"),
                charts.tooltip("event", "What happened"),
                charts.tooltip("tier", "Source tier"),
                charts.tooltip("evidence", "Status"),
                charts.tooltip("source_title", "Source"),
            ],
        )
        .properties(height=alt.Step(19), width=400)
    )
    plan = pd.DataFrame({"date": ["2012-10-23"]})
    mark = alt.Chart(plan).mark_rule(strokeDash=[4, 3], color=charts.MUTED).encode(x="date:T")
    n, n_flag = len(frame), int(frame["flagged"].sum())
    first, last = frame.iloc[0], frame.iloc[-1]
    prior = timeline_finding(frame)["n_prior_ties"]
    desc = (
        f"Timeline of {n} milestones of Belarus-Russia integration from {first['year']} to "
        f"{last['year']}, one row each, coloured by strand; {n_flag} rest on tier C or W "
        f"sources and are drawn hollow as flagged claims. A dashed line marks 23 October 2012. "
        + "; ".join(f"{r.date[:7]}: {r.label}" for r in frame.itertuples())
        + "."
    )
    return charts.finish(
        mark + pts,
        title=(
            f"By October 2012 {prior} sourced treaties already bound Belarus to Russia; the "
            "plan added an industrial strand"
        ),
        source="the book's curated facts, data/curated/timeline_events.csv (sources per row)",
        description=desc,
        note=(
            "Hollow diamonds: tier C (aggregator) or W (Wikipedia) sources, shown as flagged "
            "claims, not evidence. Month-only dates are placed on the 1st"
        ),
    )


# --------------------------------------------------------------------------- UN votes


def votes_finding(
    panel: pd.DataFrame,
    before: tuple[int, int] = (2009, 2012),
    after: tuple[int, int] = (2013, 2019),
) -> dict[str, object]:
    """Pooled agreement (identical votes / joint votes) of each pair before and after."""
    out: dict[str, object] = {}
    for pair, g in panel.groupby("pair", sort=False):
        key = str(pair).split("-")[1].lower()
        for name, (a, b) in (("before", before), ("after", after)):
            w = g[g["year"].between(a, b)]
            out[f"{key}_{name}"] = _pct(w["n_identical"].sum() / w["n_votes"].sum())
        y2012 = g[g["year"] == 2012]
        out[f"{key}_2012"] = _pct(float(y2012["agreement"].iloc[0])) if len(y2012) else float("nan")
        out[f"{key}_min_after"] = _pct(float(g[g["year"].between(*after)]["agreement"].min()))
        out[f"{key}_max_after"] = _pct(float(g[g["year"].between(*after)]["agreement"].max()))
    out["before"] = f"{before[0]}-{str(before[1])[2:]}"
    out["after"] = f"{after[0]}-{str(after[1])[2:]}"
    out["last_year"] = int(panel["year"].max())
    return out


def votes_chart(panel: pd.DataFrame, finding: Mapping[str, object]) -> alt.VConcatChart:
    """Yearly UNGA agreement of Belarus with each partner (lines, house colours)."""
    frame = panel.assign(
        partner=panel["b_iso3"].map(display_name),
        agreement_pct=(100 * panel["agreement"]).round(1),
    )[["year", "partner", "b_iso3", "agreement_pct", "n_votes", "n_identical"]]
    partners = list(dict.fromkeys(frame["b_iso3"]))
    colour = charts.country_color(partners, field="partner", title="Agreement with")
    base = alt.Chart(frame).encode(
        x=year_x(scale=alt.Scale(domain=list(year_span(frame)), nice=False)),
        y=alt.Y(
            "agreement_pct:Q",
            title="Identical votes (% of roll calls both cast)",
            scale=alt.Scale(domain=[0, 100]),
        ),
        color=colour,
    )
    lines = base.mark_line(strokeWidth=2)
    pts = base.mark_point(size=18, filled=True).encode(
        tooltip=[
            charts.tooltip("partner", "Belarus and"),
            charts.tooltip("year", "Year"),
            charts.tooltip("agreement_pct", "Agreement", unit="% identical votes", fmt=".1f"),
            charts.tooltip("n_identical", "Identical votes", unit="count"),
            charts.tooltip("n_votes", "Roll calls both voted", unit="count"),
        ]
    )
    f = finding
    desc = (
        f"Line chart of the share of UN General Assembly roll calls on which Belarus voted "
        f"exactly like Russia, the United States and Ukraine, {int(frame['year'].min())}-"
        f"{int(frame['year'].max())}. Pooled over {f['before']}: Russia {f['rus_before']}%, "
        f"USA {f['usa_before']}%; over {f['after']}: Russia {f['rus_after']}%, USA "
        f"{f['usa_after']}%, Ukraine {f.get('ukr_after', 'n/a')}%."
    )
    return charts.finish(
        _plan_band(y_label=100) + lines + pts,
        title=(
            f"After 2012 Belarus still voted with Russia {f['rus_after']}% of the time at the "
            f"UN, and with the USA {f['usa_after']}%"
        ),
        datasets=["unvotes"],
        description=desc,
        note=(
            "Agreement = identical votes (yes, no or abstain) / roll calls on which both "
            "voted, by calendar year; every roll call counts"
        ),
    )


# --------------------------------------------------------------------------- before / after


def before_after_frame(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """Indicators before and after the plan, in percent, for a dumbbell chart.

    ``rows``: dicts with indicator, before, after (percent), before_years, after_years,
    dataset. Adds change (after - before, percentage points) and direction ("towards
    Russia" / "towards the West" / "no change", from the ``towards`` key: "rus" if a rise
    means closer to Russia, "west" if a rise means closer to the West).
    """
    frame = pd.DataFrame(list(rows))
    frame["change"] = (frame["after"] - frame["before"]).round(1)
    sign = np.where(frame["towards"] == "rus", 1, -1) * np.sign(frame["change"])
    frame["direction"] = np.select(
        [sign > 0, sign < 0], ["towards Russia", "towards the West"], default="no change"
    )
    return frame[
        [
            "indicator",
            "before",
            "after",
            "change",
            "before_years",
            "after_years",
            "dataset",
            "towards",
            "direction",
        ]
    ]


def before_after_indicators(
    imports: pd.DataFrame,
    exports: pd.DataFrame,
    cow: pd.DataFrame,
    comtrade: pd.DataFrame,
    votes_panel: pd.DataFrame,
) -> pd.DataFrame:
    """The chapter's before/after indicators (percent), as :func:`before_after_frame`.

    ``imports``/``exports``: partner frames of :mod:`analysis.metrics.arms`; ``cow`` and
    ``comtrade``: :func:`cow_group_shares` and :func:`comtrade_group_shares`;
    ``votes_panel``: :func:`analysis.metrics.votes.agreement_panel` with BLR-RUS and
    BLR-USA. Windows: arms 2005-12 / 2013-24 (imports) and 1995-2012 / 2013-24 (exports,
    so that the one Western buyer shows), COW 2009-12 / 2013-14, Comtrade 2012 / 2016,
    votes 2009-12 / 2013-19.
    """

    def span(a: int, b: int) -> str:
        return f"{a}-{b}" if a != b else f"{a}"

    reg_exp = exports[exports["source"] == arms_metrics.REGISTER_SOURCE]
    exp_first = int(reg_exp["year"].min())
    cow_last = int(cow["year"].max())
    ct_years = sorted(int(y) for y in comtrade.dropna(subset=["share"])["year"].unique())
    ct0, ct1 = (2012, 2016) if {2012, 2016} <= set(ct_years) else (ct_years[-2], ct_years[-1])
    vote_last = int(votes_panel["year"].max())

    def votes(pair: str, years: tuple[int, int]) -> float:
        w = votes_panel[(votes_panel["pair"] == pair) & votes_panel["year"].between(*years)]
        return _pct(w["n_identical"].sum() / w["n_votes"].sum())

    rows = [
        {
            "indicator": "Russia's share of Belarus's arms imports (SIPRI TIV)",
            "before": _pct(window_share(imports, ["RUS"], ARMS_BEFORE)["share"]),
            "after": _pct(window_share(imports, ["RUS"], ARMS_AFTER)["share"]),
            "before_years": span(*ARMS_BEFORE),
            "after_years": span(*ARMS_AFTER),
            "dataset": "sipri-arms-register",
            "towards": "rus",
        },
        {
            "indicator": "EU/NATO share of Belarus's arms exports (SIPRI TIV)",
            "before": _pct(window_share(reg_exp, WEST, (exp_first, PLAN_YEARS[0]))["share"]),
            "after": _pct(window_share(reg_exp, WEST, ARMS_AFTER)["share"]),
            "before_years": span(exp_first, PLAN_YEARS[0]),
            "after_years": span(*ARMS_AFTER),
            "dataset": "sipri-arms-register",
            "towards": "west",
        },
        {
            "indicator": "Russia's share of Belarus's trade (Comtrade)",
            "before": _pct(pooled_share(comtrade, "Russia", (ct0, ct0))),
            "after": _pct(pooled_share(comtrade, "Russia", (ct1, ct1))),
            "before_years": f"{ct0}",
            "after_years": f"{ct1}",
            "dataset": "comtrade-4yearly",
            "towards": "rus",
        },
        {
            "indicator": "EU-27 share of Belarus's trade (Comtrade)",
            "before": _pct(pooled_share(comtrade, "EU-27", (ct0, ct0))),
            "after": _pct(pooled_share(comtrade, "EU-27", (ct1, ct1))),
            "before_years": f"{ct0}",
            "after_years": f"{ct1}",
            "dataset": "comtrade-4yearly",
            "towards": "west",
        },
        {
            "indicator": "EU-27 share of Belarus's trade (COW)",
            "before": _pct(pooled_share(cow, "EU-27", (2009, 2012))),
            "after": _pct(pooled_share(cow, "EU-27", (2013, cow_last))),
            "before_years": "2009-2012",
            "after_years": span(2013, cow_last),
            "dataset": "cow-trade",
            "towards": "west",
        },
        {
            "indicator": "UN votes identical with Russia",
            "before": votes("BLR-RUS", (2009, 2012)),
            "after": votes("BLR-RUS", (2013, vote_last)),
            "before_years": "2009-2012",
            "after_years": span(2013, vote_last),
            "dataset": "unvotes",
            "towards": "rus",
        },
        {
            "indicator": "UN votes identical with the USA",
            "before": votes("BLR-USA", (2009, 2012)),
            "after": votes("BLR-USA", (2013, vote_last)),
            "before_years": "2009-2012",
            "after_years": span(2013, vote_last),
            "dataset": "unvotes",
            "towards": "west",
        },
    ]
    return before_after_frame(rows)


def before_after_chart(frame: pd.DataFrame, title: str) -> alt.VConcatChart:
    """Dumbbells: each indicator's value before (grey) and after (dark) the plan."""
    order = list(frame["indicator"])
    long = frame.melt(
        id_vars=["indicator", "before_years", "after_years", "dataset", "direction", "change"],
        value_vars=["before", "after"],
        var_name="when",
        value_name="pct",
    )
    long["years"] = np.where(long["when"] == "before", long["before_years"], long["after_years"])
    long["when"] = long["when"].map({"before": "Before the plan", "after": "After the plan"})
    y = alt.Y("indicator:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    x = alt.X("pct:Q", title="Percent", scale=alt.Scale(domain=[0, 100]))
    bars = (
        alt.Chart(frame)
        .mark_rule(strokeWidth=3, color="#BBBBBB")
        .encode(y=y, x="before:Q", x2="after:Q")
    )
    pts = (
        alt.Chart(long)
        .mark_point(size=110, filled=True, opacity=1)
        .encode(
            y=y,
            x=x,
            color=alt.Color(
                "when:N",
                title=None,
                scale=alt.Scale(
                    domain=["Before the plan", "After the plan"], range=["#9A9A9A", "#222222"]
                ),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            shape=alt.Shape(
                "when:N",
                scale=alt.Scale(
                    domain=["Before the plan", "After the plan"], range=["circle", "diamond"]
                ),
                legend=None,
            ),
            tooltip=[
                charts.tooltip("indicator", "Indicator"),
                charts.tooltip("when", "When"),
                charts.tooltip("years", "Years"),
                charts.tooltip("pct", "Value", unit="%", fmt=".1f"),
                charts.tooltip("change", "Change", unit="percentage points", fmt="+.1f"),
                charts.tooltip("direction", "Direction"),
                charts.tooltip("dataset", "Dataset"),
            ],
        )
        .properties(height=alt.Step(34))
    )
    datasets = sorted({d.strip() for ds in frame["dataset"] for d in str(ds).split(",")})
    desc = (
        "Dot-and-line chart of indicators of Belarus's ties with Russia and the West before "
        "and after the 2012 action plan, in percent: "
        + "; ".join(
            f"{r.indicator}: {r.before:.1f}% ({r.before_years}) to {r.after:.1f}% "
            f"({r.after_years}), {r.direction}"
            for r in frame.itertuples()
        )
        + "."
    )
    return charts.finish(
        bars + pts,
        title=title,
        datasets=datasets,
        description=desc,
        note=(
            "Shares pooled over each window (sum of numerators over sum of denominators). "
            "The West = EU-27 and NATO members as of 2024"
        ),
    )
