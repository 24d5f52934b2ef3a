"""House charts: one theme, one palette, one renderer for HTML and PDF.

Every chart in the book goes through two calls::

    chart = finish(base_chart, title="Belarus spends less than any neighbour",
                   datasets=["wdi-milex-gdp"], description="Line chart of ...")
    fig = show(chart, "milex-share")          # display it, or glue it:
    glue("fig-milex-share", fig, display=False)

:func:`finish` applies the house style: a title that states the finding, a
"Source: ... Licence: ..." line drawn under the chart from the data registry, and a
description for screen readers (Vega-Lite ``description``, which vega-embed sets as
the ``aria-label`` of the chart's ``role="graphics-document"`` element; repeated in
``usermeta`` and in the ``text/plain`` alt text).

:func:`show` is the only renderer. Its :class:`ChartDisplay` carries, in one output:

``text/html``
    a ``<div>`` with a deterministic id (a hash of the spec and the chart's name, never
    a random uuid) and a small script calling ``vegaEmbed``. vega, vega-lite and
    vega-embed are *not* loaded from a CDN: the Sphinx extension
    :mod:`analysis.sphinxext` writes ``vl_convert.javascript_bundle()`` into the book's
    ``_static`` and adds it once to every page that holds a chart.
``image/svg+xml``
    a static SVG rendered by vl-convert (with the Vega-Lite version Altair's schema
    targets), for the LaTeX builder, which cannot take SVG itself: the Sphinx extension
    converts it to a vector PDF at build time (``vl_convert.svg_to_pdf``). Why not store
    the PDF: vl-convert writes a PDF's font objects in a different order in every process
    (a Rust hash map), so its bytes change from run to run, and nbval compares glue
    records byte for byte. The SVG is identical for the same spec, small (a PNG at print
    resolution is 5 to 15 times larger), and names the house font, Liberation Sans, which
    vl-convert bundles: the PDF looks the same on every machine.
``text/plain``
    alt text: the title, the description and the source line.

MyST-NB keeps all three and picks one per builder (``nb_mime_priority_overrides`` in
``_config.yml``). Charts must be aggregated before charting: :func:`show` refuses specs
that inline more than :data:`MAX_ROWS` rows, which keeps pages light.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeAlias

import altair as alt

from analysis.countries import FOCUS
from analysis.registry import dataset

# --------------------------------------------------------------------------- palette

#: One colour per focus country, fixed across the book (ISO3 -> hex). The eight core
#: countries take the Okabe-Ito palette (Okabe & Ito 2008, safe for the common forms of
#: colour-vision deficiency); Estonia and Germany take Paul Tol's "wine" and a dark
#: brown, chosen so that every pair stays apart (CIE76 distance at least 15) also under
#: simulated protanopia, deuteranopia and tritanopia (tests/test_charts.py checks it).
#: Never reassign a colour: readers learn it chapter by chapter.
PALETTE: dict[str, str] = {
    "BLR": "#D55E00",  # vermillion: the book's subject stands out
    "RUS": "#0072B2",  # blue
    "UKR": "#E69F00",  # orange
    "POL": "#CC79A7",  # reddish purple
    "LTU": "#009E73",  # bluish green
    "LVA": "#56B4E9",  # sky blue
    "USA": "#000000",  # black
    "EU27": "#F0E442",  # yellow
    "EST": "#882255",  # wine (Tol)
    "DEU": "#661100",  # dark brown
}
#: Colour of marks that are not a country (datasets, totals, other states).
NEUTRAL = "#5A6B7B"
#: Colour of annotations: reference rules, their labels, source lines.
MUTED = "#555555"

#: Display name -> ISO3 for the focus countries.
_NAME_TO_ISO3: dict[str, str] = {c.name: c.iso3 for c in FOCUS}


def _iso3(country: str) -> str:
    """ISO3 code of a focus country given as ISO3 code or display name."""
    if country in PALETTE:
        return country
    if country in _NAME_TO_ISO3:
        return _NAME_TO_ISO3[country]
    known = ", ".join(f"{c.iso3} ({c.name})" for c in FOCUS)
    raise KeyError(f"{country!r} is not a focus country with a house colour; known: {known}")


def country_colour(country: str) -> str:
    """The house colour (hex) of a focus country, given as ISO3 code or display name."""
    return PALETTE[_iso3(country)]


def country_scale(countries: Iterable[str] | None = None) -> alt.Scale:
    """An ``alt.Scale`` mapping country display names to their house colours.

    Use it on a ``country`` field holding display names (``analysis.countries``
    ``display_name``), e.g. ``alt.Color("country:N", scale=country_scale(["BLR", "RUS"]))``.
    ``countries`` (ISO3 codes or names) restricts the domain, and hence the legend, to
    the countries a chart shows; they are listed in the book's order (``FOCUS``).
    """
    wanted = {_iso3(c) for c in countries} if countries is not None else set(PALETTE)
    ordered = [c for c in FOCUS if c.iso3 in wanted]
    return alt.Scale(domain=[c.name for c in ordered], range=[PALETTE[c.iso3] for c in ordered])


def country_color(
    countries: Iterable[str] | None = None, field: str = "country", title: str | None = None
) -> alt.Color:
    """A colour encoding for ``field`` (country display names) with the house scale."""
    return alt.Color(f"{field}:N", scale=country_scale(countries), title=title,
                     sort=[c.name for c in FOCUS])  # fmt: skip


def tooltip(field: str, title: str, unit: str | None = None, fmt: str | None = None,
            kind: str | None = None) -> alt.Tooltip:  # fmt: skip
    """A tooltip entry whose label names the unit, e.g. ``Share (% of GDP)``."""
    label = f"{title} ({unit})" if unit else title
    shorthand = f"{field}:{kind}" if kind else field
    return alt.Tooltip(shorthand, title=label, format=fmt) if fmt else alt.Tooltip(shorthand, title=label)


# --------------------------------------------------------------------------- theme

#: The house font. Liberation Sans is bundled inside vl-convert, so static renderings
#: are identical on every machine; browsers fall back to the metric-compatible Arial.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
#: Plot area; with axes and a legend a chart stays within the book's ~700 px text column.
WIDTH = 470
HEIGHT = 280
#: Titles wrap at this many characters (a long finding takes two lines, never an ellipsis).
TITLE_CHARS = 72
THEME_NAME = "book"


def theme_config() -> dict[str, Any]:
    """The house Altair theme: typography, sizes, axes, legends (a Vega-Lite config)."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 8,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "discreteWidth": WIDTH,
                     "discreteHeight": {"step": 22}, "stroke": None},
            "title": {
                "fontSize": 15, "fontWeight": "bold", "anchor": "start", "color": "#111111",
                "subtitleFontSize": 12, "subtitleColor": MUTED, "offset": 10,
            },
            "axis": {
                "labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal",
                "titleColor": "#222222", "labelColor": "#333333", "gridColor": "#E6E6E6",
                "domainColor": "#888888", "tickColor": "#888888",
            },
            "axisX": {"labelAngle": 0},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal",
                       "symbolStrokeWidth": 3, "orient": "right"},
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 40, "filled": True},
            "bar": {"color": NEUTRAL},
            "rect": {"color": NEUTRAL},
            "text": {"fontSize": 11, "color": "#222222"},
            "rule": {"color": MUTED},
            "range": {"category": list(PALETTE.values())},
        }
    }


@alt.theme.register(THEME_NAME, enable=True)
def _book_theme() -> alt.theme.ThemeConfig:
    # Altair's ThemeConfig TypedDict types view.discreteHeight as a number only; Vega-Lite
    # also takes {"step": n}, which the theme uses. So theme_config() stays a plain dict.
    return theme_config()  # type: ignore[return-value]


# --------------------------------------------------------------------------- finishing


def source_lines(dataset_ids: Sequence[str], note: str | None = None,
                 source: str | None = None) -> list[str]:  # fmt: skip
    """The source lines drawn under a chart: one "Source: ... Licence: ..." per dataset.

    Each line comes from the registry (:attr:`analysis.registry.Dataset.source_line`).
    ``source`` describes a source that is not a registered dataset (e.g. the registry
    itself); ``note`` adds a last line (method, caveat). At least one source is needed.
    """
    lines = [dataset(ds_id).source_line for ds_id in dict.fromkeys(dataset_ids)]
    if source:
        lines.append(f"Source: {source.rstrip('.')}.")
    if not lines:
        raise ValueError("a chart needs at least one dataset id or a 'source' text")
    if note:
        lines.append(f"Note: {note.rstrip('.')}." if not note.lower().startswith("note") else note)
    return [wrapped for line in lines for wrapped in textwrap.wrap(line, width=105, break_on_hyphens=False)]


#: What :func:`finish` frames: any top-level Altair chart (Altair's own ``ChartType``
#: alias is not exported).
ChartType: TypeAlias = (alt.Chart | alt.LayerChart | alt.FacetChart | alt.RepeatChart
                        | alt.ConcatChart | alt.HConcatChart | alt.VConcatChart)  # fmt: skip


def finish(
    chart: ChartType,
    *,
    title: str,
    datasets: Sequence[str] = (),
    description: str,
    subtitle: str | None = None,
    note: str | None = None,
    source: str | None = None,
) -> alt.VConcatChart:
    """Apply the house frame to a chart: finding title, source line, description.

    ``title`` states the finding ("Belarus spends less than any neighbour"), not the
    variable. ``datasets`` are registry ids; their release and licence are drawn under
    the chart. ``description`` is read by screen readers in place of the chart; say
    what it shows and what it finds. Do not call ``configure_*`` on ``chart``: the
    configuration is the theme's.
    """
    if not title.strip() or not description.strip():
        raise ValueError("a chart needs a title stating its finding and a description")
    if getattr(chart, "title", alt.Undefined) is not alt.Undefined:
        raise ValueError("finish() sets the titles; remove the title from the chart")
    lines = source_lines(datasets, note=note, source=source)
    footer = alt.TitleParams(lines, orient="bottom", anchor="start", fontSize=10,
                             fontWeight="normal", color=MUTED, offset=12)  # fmt: skip
    text = textwrap.wrap(title, width=TITLE_CHARS, break_on_hyphens=False)
    heading = alt.TitleParams(text, subtitle=subtitle) if subtitle else alt.TitleParams(text)
    meta = {"title": title, "description": description, "datasets": list(dict.fromkeys(datasets)),
            "source": lines}  # fmt: skip
    return alt.vconcat(chart.properties(title=footer), title=heading, description=description,
                       usermeta={"book": meta})  # fmt: skip


# --------------------------------------------------------------------------- rendering

#: Most rows a chart may inline (Altair's own limit is 5,000). Aggregate first.
MAX_ROWS = 2000
#: The Vega-Lite version vl-convert renders with, matching Altair's schema ("6.4").
VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
#: Resolution of :meth:`ChartDisplay.png` previews (3 pixels per CSS pixel).
PRINT_PPI = 216
#: vega-embed options, passed in the spec's ``usermeta.embedOptions``.
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}
#: Where the Sphinx extension writes the bundle, relative to the HTML ``_static``.
BUNDLE_NAME = f"book/vega-bundle-vl{VL_VERSION}.js"
CHART_CLASS = "book-chart"


def _vl_convert_version() -> str:
    import vl_convert as vlc

    # vl-convert's stub (vl_convert/__init__.pyi) omits the __version__ its module sets.
    return str(vlc.__version__)  # type: ignore[attr-defined]


def vl_convert_version_check() -> None:
    """Fail clearly when vl-convert cannot render the Vega-Lite version Altair writes."""
    import vl_convert as vlc

    if VL_VERSION not in vlc.get_vegalite_versions():
        raise RuntimeError(
            f"Altair {alt.__version__} writes Vega-Lite {alt.SCHEMA_VERSION}, but vl-convert "
            f"{_vl_convert_version()} renders only {vlc.get_vegalite_versions()}; "
            "update the lock file"
        )


def javascript_bundle() -> str:
    """vega, vega-lite (Altair's version) and vega-embed as one classic script.

    vl-convert's bundle is an ES module body (top-level ``const`` names); wrapping it in
    a function keeps those names out of the page's global scope, and a classic script
    also loads from ``file://``, where browsers refuse module scripts.
    """
    import vl_convert as vlc

    vl_convert_version_check()
    # The stub marks ``snippet`` required; at run time it defaults to None (the default
    # snippet, which sets vegaEmbed, vegaLite and vega on the window).
    body = vlc.javascript_bundle(vl_version=VL_VERSION)  # type: ignore[call-arg]
    header = (f"/* vega {vlc.get_vega_version()}, vega-lite {VL_VERSION}, vega-embed "
              f"{vlc.get_vega_embed_version()}; bundled by vl-convert {_vl_convert_version()}. */\n")  # fmt: skip
    return header + '(function () {\n"use strict";\n' + body + "\n})();\n"


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"chart name {name!r} has no letters or digits")
    return slug


def _canonical(spec: Mapping[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def inlined_rows(spec: Mapping[str, Any]) -> int:
    """Number of data rows a spec inlines (top-level ``datasets`` and inline ``values``)."""
    total = sum(len(v) for v in spec.get("datasets", {}).values() if isinstance(v, list))

    def walk(node: Any) -> int:
        if isinstance(node, dict):
            data = node.get("data")
            own = len(data["values"]) if isinstance(data, dict) and isinstance(data.get("values"), list) else 0
            return own + sum(walk(v) for k, v in node.items() if k not in ("datasets", "data"))
        if isinstance(node, list):
            return sum(walk(v) for v in node)
        return 0

    return total + walk({k: v for k, v in spec.items() if k != "datasets"})


@dataclass(frozen=True)
class ChartDisplay:
    """One chart as a display object: interactive HTML, static SVG and alt text.

    Build it with :func:`show`. IPython (and ``myst_nb.glue``) call
    :meth:`_repr_mimebundle_`; every part is deterministic for a given spec.
    """

    name: str
    spec: dict[str, Any] = field(repr=False)

    @cached_property
    def chart_id(self) -> str:
        """``chart-<name>-<hash>``: stable across runs, unique per spec and name."""
        digest = hashlib.sha256(f"{self.name}\0{_canonical(self.spec)}".encode()).hexdigest()
        return f"chart-{self.name}-{digest[:12]}"

    @property
    def meta(self) -> dict[str, Any]:
        return dict(self.spec.get("usermeta", {}).get("book", {}))

    @cached_property
    def alt_text(self) -> str:
        """Plain-text stand-in: title, description and source lines."""
        meta = self.meta
        parts = [f"Chart: {meta.get('title', self.name)}.", meta.get("description", "")]
        parts += meta.get("source", [])
        return " ".join(p for p in parts if p)

    @cached_property
    def html(self) -> str:
        """The ``text/html`` part: container, spec as JSON, and the embedding script."""
        cid = self.chart_id
        spec_json = _canonical(self.spec).replace("</", "<\\/")
        alt_html = html.escape(self.alt_text)
        script = (
            "(function () {\n"
            f'  var id = "{cid}";\n'
            "  function draw() {\n"
            "    var root = document.getElementById(id);\n"
            "    if (!root || root.getAttribute(\"data-rendered\")) { return; }\n"
            "    if (typeof window.vegaEmbed !== \"function\") {\n"
            "      root.setAttribute(\"data-rendered\", \"no-vega\");\n"
            "      return;\n"
            "    }\n"
            "    var spec = JSON.parse(document.getElementById(id + \"-spec\").textContent);\n"
            "    var opts = (spec.usermeta && spec.usermeta.embedOptions) || {};\n"
            "    window.vegaEmbed(root.querySelector(\".book-chart-view\"), spec, opts).then(function () {\n"
            "      root.querySelector(\".book-chart-alt\").hidden = true;\n"
            "      root.setAttribute(\"data-rendered\", \"yes\");\n"
            "    }).catch(function (err) {\n"
            "      root.setAttribute(\"data-rendered\", \"error\");\n"
            "      console.error(\"chart \" + id + \": \" + err);\n"
            "    });\n"
            "  }\n"
            "  if (document.readyState === \"loading\") {\n"
            "    document.addEventListener(\"DOMContentLoaded\", draw);\n"
            "  } else { draw(); }\n"
            "})();"
        )
        return (
            f'<div id="{cid}" class="{CHART_CLASS}" data-chart="{html.escape(self.name)}">\n'
            f'<div class="book-chart-view"></div>\n'
            f'<p class="book-chart-alt">{alt_html} (The interactive chart needs JavaScript.)</p>\n'
            f"</div>\n"
            f'<script type="application/json" id="{cid}-spec">{spec_json}</script>\n'
            f"<script>\n{script}\n</script>\n"
        )

    @cached_property
    def svg(self) -> str:
        """Static SVG of the chart (deterministic); LaTeX gets it converted to PDF."""
        import vl_convert as vlc

        vl_convert_version_check()
        return str(vlc.vegalite_to_svg(self.spec, vl_version=VL_VERSION))

    def png(self, ppi: float = PRINT_PPI) -> bytes:
        """PNG of the chart (not in the output; for previews and checks)."""
        import vl_convert as vlc

        return bytes(vlc.vegalite_to_png(self.spec, vl_version=VL_VERSION, ppi=ppi))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {
            "text/html": self.html,
            "image/svg+xml": self.svg,
            "text/plain": self.alt_text,
        }


def to_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec under the house theme, with the embed options."""
    with alt.theme.enable(THEME_NAME):
        spec = chart.to_dict()
    usermeta = dict(spec.get("usermeta", {}))
    usermeta["embedOptions"] = EMBED_OPTIONS
    spec["usermeta"] = usermeta
    return spec


def show(chart: alt.TopLevelMixin, name: str) -> ChartDisplay:
    """The one renderer: a display object for a finished chart (see the module docstring).

    ``name`` is a short slug unique within its page (it goes into the element id). The
    chart should have been passed through :func:`finish`; the spec may inline at most
    :data:`MAX_ROWS` rows (aggregate first).
    """
    spec = to_spec(chart)
    if "book" not in spec["usermeta"]:
        raise ValueError(f"chart {name!r}: pass it through analysis.charts.finish() first")
    rows = inlined_rows(spec)
    if rows > MAX_ROWS:
        raise ValueError(
            f"chart {name!r} inlines {rows:,} data rows (limit {MAX_ROWS:,}); aggregate the data "
            "before charting, so pages stay light"
        )
    return ChartDisplay(_slug(name), spec)


__all__ = [
    "ChartDisplay",
    "ChartType",
    "MAX_ROWS",
    "NEUTRAL",
    "PRINT_PPI",
    "PALETTE",
    "VL_VERSION",
    "country_color",
    "country_colour",
    "country_scale",
    "finish",
    "javascript_bundle",
    "show",
    "source_lines",
    "theme_config",
    "to_spec",
    "tooltip",
]
