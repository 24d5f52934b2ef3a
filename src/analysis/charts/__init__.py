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
    :mod:`booktools.sphinxext` writes ``vl_convert.javascript_bundle()`` into the book's
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
``application/vnd.book.chart+json`` (:data:`CHART_MIME`)
    the chart contract: name, id, title, description, alt text, dataset ids, any other
    source, and the spec, as data. The book's HTML is rendered from it (the Sphinx side,
    ``booktools``, writes the same HTML plus each chart's CSV/PNG/SVG downloads and the
    page's link preview); notebook front ends ignore it and show ``text/html``.

MyST-NB keeps all three and picks one per builder (``nb_mime_priority_overrides`` in
``_config.yml``). Charts must be aggregated before charting: :func:`show` refuses specs
that inline more than :data:`MAX_ROWS` rows, which keeps pages light.
"""

from analysis.charts.frame import ChartType, datasets_of, finish, source_lines
from analysis.charts.render import (
    BUNDLE_NAME,
    CHART_CLASS,
    CHART_MIME,
    CONTRACT_VERSION,
    EMBED_OPTIONS,
    MAX_ROWS,
    PRINT_PPI,
    VL_VERSION,
    ChartDisplay,
    chart_html,
    inlined_rows,
    javascript_bundle,
    show,
    to_spec,
    vl_convert_version_check,
)
from analysis.charts.style import (
    ESTIMATE_SHAPE,
    FIRM_SHAPE,
    FONT,
    HEIGHT,
    KIND_SHAPES,
    MUTED,
    NEUTRAL,
    PALETTE,
    RING,
    STATUS_LABELS,
    THEME_NAME,
    TIER_DOMAIN,
    TIER_FLAGGED,
    TIER_SOURCED,
    TITLE_CHARS,
    VERDICT_COLOURS,
    WIDTH,
    country_color,
    country_colour,
    country_scale,
    status_shape,
    theme_config,
    tier_shape,
    tooltip,
)

__all__ = [
    "BUNDLE_NAME",
    "CHART_CLASS",
    "CHART_MIME",
    "CONTRACT_VERSION",
    "EMBED_OPTIONS",
    "ESTIMATE_SHAPE",
    "FIRM_SHAPE",
    "FONT",
    "HEIGHT",
    "KIND_SHAPES",
    "MAX_ROWS",
    "MUTED",
    "NEUTRAL",
    "PALETTE",
    "PRINT_PPI",
    "RING",
    "STATUS_LABELS",
    "THEME_NAME",
    "TIER_DOMAIN",
    "TIER_FLAGGED",
    "TIER_SOURCED",
    "TITLE_CHARS",
    "VERDICT_COLOURS",
    "VL_VERSION",
    "WIDTH",
    "ChartDisplay",
    "ChartType",
    "chart_html",
    "country_color",
    "country_colour",
    "country_scale",
    "datasets_of",
    "finish",
    "inlined_rows",
    "javascript_bundle",
    "show",
    "source_lines",
    "status_shape",
    "theme_config",
    "tier_shape",
    "to_spec",
    "tooltip",
    "vl_convert_version_check",
]
