"""Actor networks: the book's one node-link chart.

Every actor network of the book (a chapter's who-is-who, the map's union of all
articles) is drawn by :func:`network_chart`: nodes at precomputed positions, shaped by
actor kind (:data:`analysis.charts.KIND_SHAPES`, the same in every network), coloured by
a field the page chooses and sized by degree; lines for relations, coloured (and, if
asked, dashed) by a field of their own. Optional pieces:

* ``markers``: a small diamond in the middle of every line carries the relation's
  tooltip (each of several parallel relations gets its own hover target);
* ``filters``: drop-down menus (HTML only) that fade every node and line outside the
  chosen value (:class:`Filter`);
* labels under each node (``labels="below"``, text of column ``label``, ``\\n`` breaks
  lines) or beside it (``labels="side"``: left of left-hand nodes, right of right-hand
  ones, above hubs at x = 0; nudged so labels do not overlap, :func:`label_positions`).

A chart with side labels also carries a phone layout (the spec's ``usermeta.narrow``,
drawn by the book's responsive script when the chart is wider than the text column):
the same network turned a quarter (the left-hand article on top, the right-hand one
below), as wide as a phone's text column, with only its best-connected actors labelled,
each label placed where it overlaps no node, no other label and stays inside the plot
(:func:`narrow_labels`). The static SVG and the PDF keep the wide layout.

:func:`empty_network` is the placeholder of an annotation without entities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd

from analysis.charts import frame
from analysis.charts.render import to_spec
from analysis.charts.style import KIND_SHAPES, MUTED, WIDTH, tooltip

#: Plot area of a network chart (px).
NETWORK_WIDTH = 500
NETWORK_HEIGHT = 520
#: Approximate advance width of a label character at the label font size (px).
LABEL_CHAR_PX = 5.3
LABEL_HEIGHT_PX = 11.0
#: Label font size (px) and colour.
LABEL_SIZE = 9.5
LABEL_COLOUR = "#222222"
#: Plot area of the phone layout (px), its label size, the most actors it labels and the
#: characters per label line.
NARROW_WIDTH = 280
NARROW_HEIGHT = 640
NARROW_LABEL_SIZE = 10.5
NARROW_LABELS = 16
NARROW_LINE_CHARS = 18
#: Characters per line of a side label in the wide layout (longer names wrap; the
#: tooltip keeps them whole).
WIDE_LINE_CHARS = 22


@dataclass(frozen=True)
class Filter:
    """A drop-down menu that fades what does not match the chosen value (HTML only).

    ``name``: the Vega parameter; ``label``: the menu's label; ``options`` and
    ``option_labels``: the values and their text (an "all" entry is added first, labelled
    ``all_label``). A line matches when its ``edge_field`` equals the value; a node when
    its ``node_field`` (values joined as ``"|a|b|"``) contains it.
    """

    name: str
    label: str
    options: Sequence[str]
    option_labels: Sequence[str]
    all_label: str
    edge_field: str
    node_field: str

    def param(self) -> alt.Parameter:
        """The Vega-Lite parameter bound to a select menu."""
        return alt.param(
            name=self.name,
            value="all",
            bind=alt.binding_select(
                options=["all", *self.options],
                labels=[self.all_label, *self.option_labels],
                name=self.label,
            ),
        )

    def edge_test(self) -> str:
        """The Vega expression that is true for a line matching the menu's value."""
        return f"({self.name} == 'all' || datum.{self.edge_field} == {self.name})"

    def node_test(self) -> str:
        """The Vega expression that is true for a node matching the menu's value."""
        return (
            f"({self.name} == 'all' || "
            f"indexof(datum.{self.node_field}, '|' + {self.name} + '|') >= 0)"
        )


def _scale(domain: Sequence[str], colours: Mapping[str, str | list[int]]) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[colours[d] for d in domain])


def _fields(tips: Sequence[alt.Tooltip]) -> list[str]:
    """The data fields tooltips show (their shorthand without the type)."""
    out: list[str] = []
    for t in tips:
        shorthand = getattr(t, "shorthand", None)
        field = getattr(t, "field", None)
        if isinstance(shorthand, str):
            out.append(shorthand.split(":")[0])
        elif isinstance(field, str):
            out.append(field)
    return out


def _subset(data: pd.DataFrame, needed: Sequence[str]) -> pd.DataFrame:
    """The columns of ``data`` a chart uses (keeps the inlined spec small)."""
    wanted = set(needed)
    return data[[c for c in data.columns if c in wanted]]


def label_positions(
    nodes: pd.DataFrame,
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    width: float = NETWORK_WIDTH,
    height: float = NETWORK_HEIGHT,
) -> list[float]:
    """y (data units) of each node's label, nudged up or down so labels do not overlap.

    Labels (column ``short_name``, wrapped onto lines of :data:`WIDE_LINE_CHARS`) go left
    of left-side nodes, right of right-side nodes and above hubs (column ``side``). Taking nodes by degree (then id), each label keeps
    its node's height if its box is free, else moves by whole label heights (up to eight)
    to the nearest free place; deterministic.
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
        lines = wrap_label(row.short_name, WIDE_LINE_CHARS)
        w, h = LABEL_CHAR_PX * max(len(t) for t in lines), LABEL_HEIGHT_PX * len(lines)
        # Vega draws a label's first line at its anchor, further lines below it
        top = py - LABEL_HEIGHT_PX / 2 - (13 if row.side == "hub" else 0)
        if row.side == "left":
            left = px - 8 - w
        elif row.side == "right":
            left = px + 8
        else:
            left = px - w / 2
        chosen = 0.0
        for step in (0, *(s for k in range(1, 9) for s in (-k, k))):
            dy = step * LABEL_HEIGHT_PX
            box = (left, top + dy, left + w, top + dy + h)
            if not any(
                box[0] < b[2] + 3 and b[0] < box[2] + 3 and box[1] < b[3] and b[1] < box[3]
                for b in placed
            ):
                chosen = dy
                placed.append(box)
                break
        else:
            placed.append((left, top, left + w, top + h))
        out[row.pos_index] = round(float(row.y - chosen / sy), 4) + 0.0
    return [out[i] for i in range(len(nodes))]


def wrap_label(name: str, chars: int = NARROW_LINE_CHARS) -> list[str]:
    """``name``'s words on lines of at most ``chars`` characters (a longer word: alone)."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def narrow_labels(
    nodes: pd.DataFrame,
    across: tuple[float, float],
    down: tuple[float, float],
    sizes: tuple[int, int],
    width: float = NARROW_WIDTH,
    height: float = NARROW_HEIGHT,
    most: int = NARROW_LABELS,
) -> pd.DataFrame:
    """Labels of the phone layout (the network turned a quarter: a node's ``y`` runs
    across, over ``across``, its ``x`` down, over ``down``).

    The ``most`` best-connected nodes (by degree, then id) get their ``short_name``,
    broken into lines of :data:`NARROW_LINE_CHARS` characters, below, above, right or
    left of the node: the first of these places whose box stays inside the plot and
    overlaps no node and no label placed before. Returns, per node, ``nplace`` (the
    place, empty when unlabelled), ``nlabel`` (the lines joined by ``\\n``) and ``nlx``,
    ``nly`` (the label's anchor, in data units: the top of its first line, at its
    centre, left or right end). Deterministic.
    """
    char_px = LABEL_CHAR_PX * NARROW_LABEL_SIZE / LABEL_SIZE
    line_px = LABEL_HEIGHT_PX * NARROW_LABEL_SIZE / LABEL_SIZE
    (a0, a1), (d0, d1) = across, down
    top_degree = max(float(nodes["degree"].max()), 1.0)

    def radius(degree: float) -> float:  # the symbol's area grows with the degree
        area = sizes[0] + (sizes[1] - sizes[0]) * degree / top_degree
        return float(area**0.5 / 2)

    px = (nodes["y"] - a0) / (a1 - a0) * width
    py = (nodes["x"] - d0) / (d1 - d0) * height
    obstacles = [
        (x - r, y - r, x + r, y + r)
        for x, y, r in zip(px, py, [radius(d) for d in nodes["degree"]], strict=True)
    ]
    placed: list[tuple[float, float, float, float]] = []
    out = pd.DataFrame({"nplace": "", "nlabel": "", "nlx": 0.0, "nly": 0.0}, index=nodes.index)
    order = nodes.sort_values(["degree", "id"], ascending=[False, True]).head(most)
    for idx, row in order.iterrows():
        lines = wrap_label(str(row["short_name"]))
        w, h = char_px * max(len(line) for line in lines), line_px * len(lines)
        x, y, r = px[idx], py[idx], radius(row["degree"]) + 2
        # below, above, right, left; then slid sideways (below, above) or up and down
        # (right, left) by a third of the label's width or a line: still by its node
        places = []
        for shift in (0.0, -1 / 3, 1 / 3):
            dx, dy = shift * w, 3 * shift * line_px
            places += [  # (place, box, x of the text's anchor)
                ("below", (x - w / 2 + dx, y + r, x + w / 2 + dx, y + r + h), x + dx),
                ("above", (x - w / 2 + dx, y - r - h, x + w / 2 + dx, y - r), x + dx),
                ("right", (x + r, y - h / 2 + dy, x + r + w, y + h / 2 + dy), x + r),
                ("left", (x - r - w, y - h / 2 + dy, x - r, y + h / 2 + dy), x - r),
            ]
        mine = obstacles[nodes.index.get_loc(idx)]
        for place, box, ax in places:
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            free = not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                for b in [*placed, *(o for o in obstacles if o is not mine)]
            )
            if inside and free:
                placed.append(box)
                out.loc[idx] = [
                    place,
                    "\n".join(lines),
                    round(a0 + ax / width * (a1 - a0), 4) + 0.0,
                    round(d0 + box[1] / height * (d1 - d0), 4) + 0.0,
                ]
                break
    return out


def _padded(values: pd.Series, share: float = 0.06) -> tuple[float, float]:
    low, high = float(values.min()), float(values.max())
    room = max(high - low, 1e-6) * share
    return (low - room, high + room)


def _narrow_label_layers(data: pd.DataFrame, x: alt.X, y: alt.Y, opacity: Any) -> list[alt.Chart]:
    """The phone layout's labels, one layer per place (:func:`narrow_labels`)."""
    # anchored at the top of the label's box (Vega draws further lines below the first)
    placements: tuple[tuple[str, Literal["left", "center", "right"]], ...] = (
        ("below", "center"),
        ("above", "center"),
        ("right", "left"),
        ("left", "right"),
    )
    return [
        alt.Chart(data)
        .transform_filter(alt.datum.nplace == place)
        .mark_text(
            align=align,
            baseline="top",
            fontSize=NARROW_LABEL_SIZE,
            lineBreak="\n",
            color=LABEL_COLOUR,
            limit=1000,  # placed to fit whole: the responsive script must not shorten them
        )
        .encode(x=x, y=y, text="nlabel:N", opacity=opacity)
        for place, align in placements
    ]


def _side_labels(
    nodes: pd.DataFrame,
    x: alt.X,
    y_scale: alt.Scale,
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    opacity: Any,
) -> list[alt.Chart]:
    nodes = nodes.copy()
    nodes["side"] = [
        "hub" if abs(px) < 1e-9 else ("left" if px < 0 else "right") for px in nodes["x"]
    ]
    nodes["ly"] = label_positions(nodes, x_domain, y_domain)
    nodes["side_label"] = ["\n".join(wrap_label(n, WIDE_LINE_CHARS)) for n in nodes["short_name"]]
    data = _subset(nodes, ["id", "side_label", "x", "ly", "side", "articles_key", "kinds_key"])
    placements: tuple[tuple[str, Literal["left", "center", "right"], int, int], ...] = (
        ("left", "right", -8, 0),
        ("right", "left", 8, 0),
        ("hub", "center", 0, -13),
    )
    layers = []
    for side, align, dx, dy in placements:
        layers.append(
            alt.Chart(data)
            .transform_filter(alt.datum.side == side)
            .mark_text(
                align=align,
                dx=dx,
                dy=dy,
                fontSize=LABEL_SIZE,
                color=LABEL_COLOUR,
                fontWeight="bold" if side == "hub" else "normal",
                lineBreak="\n",
            )
            .encode(
                x=x,
                y=alt.Y("ly:Q", axis=None, scale=y_scale),
                text="side_label:N",
                opacity=opacity,
            )
        )
    return layers


def network_chart(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    *,
    title: str,
    description: str,
    source: str,
    colour: str,
    colours: Mapping[str, str],
    colour_title: str,
    edge_colour: str,
    edge_colours: Mapping[str, str],
    edge_title: str,
    node_tooltips: Sequence[alt.Tooltip],
    edge_tooltips: Sequence[alt.Tooltip],
    x_domain: tuple[float, float],
    y_domain: tuple[float, float],
    edge_dashes: Mapping[str, list[int]] | None = None,
    edge_opacity: float = 1.0,
    markers: bool = False,
    filters: Sequence[Filter] = (),
    labels: Literal["below", "side"] = "below",
    legend_orient: Literal["right", "bottom"] = "right",
    size_range: tuple[int, int] = (50, 420),
    note: str | None = None,
) -> alt.VConcatChart:
    """A node-link chart of an actor network.

    ``nodes``: one row per actor with ``id``, ``kind`` (shaped by
    :data:`~analysis.charts.KIND_SHAPES`), ``degree`` (size), ``x``, ``y`` (layout), the
    ``colour`` field (coloured by ``colours``, legend in that order, titled
    ``colour_title``) and the label column (``label`` for ``labels="below"``,
    ``short_name`` for ``labels="side"``). ``edges``: one row per relation with ``x``,
    ``y``, ``x2``, ``y2`` and the ``edge_colour`` field (``edge_colours``; with
    ``edge_dashes`` also dashed by it: one legend titled ``edge_title``). With
    ``markers``, edges need ``mx``, ``my`` (the marker's position) and the tooltips go on
    the markers. Domains: the data ranges of the x and y scales.
    """
    edge_test = " && ".join(f.edge_test() for f in filters) or "true"
    node_test = " && ".join(f.node_test() for f in filters) or "true"
    faded_edges = alt.condition(edge_test, alt.value(edge_opacity), alt.value(0.04))
    faded_nodes = alt.condition(node_test, alt.value(1.0), alt.value(0.12))
    faded_labels = alt.condition(node_test, alt.value(1.0), alt.value(0.15))

    groups = [k for k in colours if k in set(nodes[colour])]
    # one colour scale when lines and nodes share the colours (e.g. both by article):
    # one legend; otherwise each layer keeps its own scale and legend
    shared_scale = dict(edge_colours) == dict(colours)
    present = set(edges[edge_colour]) | (set(groups) if shared_scale else set())
    edge_keys = [k for k in edge_colours if k in present]
    bottom = legend_orient == "bottom"
    edge_legend_props: dict[str, Any] = {
        "orient": legend_orient,
        "symbolType": "stroke",
        "symbolStrokeWidth": 2,
        "labelLimit": 170,
        "symbolOpacity": 1,
    }
    if bottom:
        edge_legend_props["direction"] = "vertical"
    edge_legend = alt.Legend(**edge_legend_props)
    edge_style: dict[str, Any] = {
        "color": alt.Color(
            f"{edge_colour}:N",
            title=edge_title,
            scale=_scale(edge_keys, edge_colours),
            legend=edge_legend,
            sort=edge_keys,
        ),
        "opacity": faded_edges,
    }
    if edge_dashes is not None:
        edge_style["strokeDash"] = alt.StrokeDash(
            f"{edge_colour}:N",
            title=edge_title,
            scale=_scale(edge_keys, edge_dashes),
            legend=edge_legend,
            sort=edge_keys,
        )
    if not markers:
        edge_style["tooltip"] = list(edge_tooltips)
    needed = [
        "x",
        "y",
        "x2",
        "y2",
        "mx",
        "my",
        edge_colour,
        *_fields(edge_tooltips),
        *[f.edge_field for f in filters],
    ]
    edge_data = _subset(edges, needed)

    kind_legend_props: dict[str, Any] = {"orient": legend_orient, "symbolFillColor": MUTED}
    if bottom:
        kind_legend_props["columns"] = 3
    kinds = [k for k in KIND_SHAPES if k in set(nodes["kind"])]
    # the phone layout turns the network a quarter: y across, x down (first article on top)
    phone = labels == "side"
    across, down = _padded(nodes["y"]), _padded(nodes["x"])
    if phone:
        nodes = nodes.join(narrow_labels(nodes, across, down, size_range))
    node_needed = [
        "id",
        "kind",
        "degree",
        "x",
        "y",
        colour,
        "label",
        *(["nplace", "nlabel", "nlx", "nly"] if phone else []),
        *_fields(node_tooltips),
        *[f.node_field for f in filters],
    ]
    node_data = _subset(nodes, node_needed)
    node_style: dict[str, Any] = {
        "color": alt.Color(
            f"{colour}:N",
            title=colour_title,
            scale=_scale(groups, colours),
            legend=None if shared_scale else alt.Legend(orient=legend_orient, symbolOpacity=1),
            sort=groups,
        ),
        "shape": alt.Shape(
            "kind:N",
            title="Kind",
            scale=_scale(kinds, KIND_SHAPES),
            legend=alt.Legend(**kind_legend_props),
        ),
        "size": alt.Size(
            "degree:Q", title="Relations", scale=alt.Scale(range=list(size_range)), legend=None
        ),
        "opacity": faded_nodes,
        "tooltip": list(node_tooltips),
    }

    def draw(turned: bool) -> frame.ChartType:
        """The layers, wide (x across, y up) or turned (y across, x down)."""
        if turned:
            x_scale = alt.Scale(domain=list(across))
            y_scale = alt.Scale(domain=list(down), reverse=True)
            fx, fy = "y", "x"
        else:
            x_scale, y_scale = alt.Scale(domain=list(x_domain)), alt.Scale(domain=list(y_domain))
            fx, fy = "x", "y"

        def x(field: str) -> alt.X:
            return alt.X(f"{field}:Q", axis=None, scale=x_scale)

        def y(field: str) -> alt.Y:
            return alt.Y(f"{field}:Q", axis=None, scale=y_scale)

        lines = (
            alt.Chart(edge_data)
            .mark_rule(strokeWidth=1.4)
            .encode(x=x(fx), y=y(fy), x2=f"{fx}2:Q", y2=f"{fy}2:Q", **edge_style)
        )
        params = [f.param() for f in filters]
        if params:
            lines = lines.add_params(*params)
        layers: list[Any] = [lines]
        if markers:
            layers.append(
                alt.Chart(edge_data)
                .mark_point(shape="diamond", size=30, filled=True, opacity=0.9)
                .encode(
                    x=x(f"m{fx}"),
                    y=y(f"m{fy}"),
                    color=alt.Color(
                        f"{edge_colour}:N", scale=_scale(edge_keys, edge_colours), legend=None
                    ),
                    tooltip=list(edge_tooltips),
                )
            )
        layers.append(
            alt.Chart(node_data)
            .mark_point(filled=True, stroke="white", strokeWidth=0.8)
            .encode(x=x(fx), y=y(fy), **node_style)
        )
        if turned:
            layers.extend(_narrow_label_layers(node_data, x("nlx"), y("nly"), faded_labels))
        elif labels == "side":
            layers.extend(_side_labels(nodes, x("x"), y_scale, x_domain, y_domain, faded_labels))
        else:
            layers.append(
                alt.Chart(node_data)
                .mark_text(
                    fontSize=LABEL_SIZE, baseline="top", dy=9, lineBreak="\n", color=LABEL_COLOUR
                )
                .encode(x=x("x"), y=y("y"), text="label:N", opacity=faded_labels)
            )
        size = (NARROW_WIDTH, NARROW_HEIGHT) if turned else (NETWORK_WIDTH, NETWORK_HEIGHT)
        chart = alt.layer(*layers).properties(width=size[0], height=size[1])
        if not shared_scale:
            chart = chart.resolve_scale(color="independent", strokeDash="independent")
        return chart

    frame_args: dict[str, Any] = {
        "title": title,
        "description": description,
        "source": source,
        "note": note,
    }
    wide = frame.finish(draw(False), **frame_args)
    if phone:
        turned = to_spec(frame.finish(draw(True), **frame_args))
        turned["usermeta"].pop("embedOptions", None)
        wide.usermeta = {**dict(wide.usermeta), "narrow": turned}
    return wide


def empty_network(title: str, source: str, where: str) -> alt.VConcatChart:
    """The placeholder of a network with no actors: a line saying to add entities and
    relations to ``where`` (an annotation file)."""
    note = alt.Chart(alt.Data(values=[{"text": f"Add entities and relations to {where}"}]))
    chart = (
        note.mark_text(fontSize=13, color=MUTED)
        .encode(text="text:N", tooltip=[tooltip("text", "What to do", kind="N")])
        .properties(width=WIDTH, height=120)
    )
    return frame.finish(
        chart,
        title=title,
        source=source,
        description=f"Placeholder: the annotation file {where} lists no entities yet.",
    )


__all__ = [
    "LABEL_CHAR_PX",
    "LABEL_HEIGHT_PX",
    "NETWORK_HEIGHT",
    "NETWORK_WIDTH",
    "WIDE_LINE_CHARS",
    "Filter",
    "empty_network",
    "label_positions",
    "network_chart",
    "wrap_label",
]
