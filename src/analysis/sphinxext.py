"""Sphinx extension of the book: charts served from ``_static``, no third-party hosts.

Loaded by ``_config.yml`` (``sphinx: extra_extensions: [analysis.sphinxext]``). It

* writes ``_static/book/vega-bundle-vl<version>.js`` when an HTML build starts: vega,
  vega-lite (the version Altair's schema targets) and vega-embed, bundled by
  ``vl_convert.javascript_bundle()`` (:func:`analysis.charts.javascript_bundle`). The
  file is generated, never committed: it is rebuilt from the pinned vl-convert, so it
  cannot drift from the renderer that made the PDF images;
* adds that script (``defer``) once to each page whose body holds a chart, and a small
  stylesheet to every page;
* removes sphinx-thebe's assets (its script would fetch thebe from unpkg.com on demand;
  the book has no launch buttons);
* converts SVG images to PDF for the LaTeX builder with ``vl_convert.svg_to_pdf`` (the
  charts' static form is SVG: see :mod:`analysis.charts`);
* drops, in the PDF only, the source of code cells tagged ``hide-input`` (the HTML
  folds them behind a toggle; on paper they would interrupt the text), and
* warns (an error under ``-W``) when any page still references a script or stylesheet
  on another host, e.g. MathJax from a CDN once a page contains math.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging

logger = logging.getLogger(__name__)

CHART_CSS = """\
/* House chart containers (analysis.charts). */
.book-chart { margin: 0.5rem 0 0.25rem; max-width: 100%; overflow-x: auto; }
.book-chart .vega-embed { max-width: 100%; }
.book-chart .vega-embed svg { max-width: 100%; height: auto; }  /* narrow screens: scale down */
.book-chart .book-chart-alt { font-size: 0.85em; color: #555; }
"""
CSS_NAME = "book/charts.css"


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.exists() and hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def _write_static(app: Sphinx) -> None:
    """Write the vega bundle and the chart stylesheet into the HTML output's _static."""
    if app.builder.format != "html":
        return
    from analysis.charts import BUNDLE_NAME, javascript_bundle

    static = Path(app.outdir) / "_static"
    bundle = static / BUNDLE_NAME
    if not bundle.exists():  # the name carries the Vega-Lite version; contents are pinned
        _write_if_changed(bundle, javascript_bundle())
    _write_if_changed(static / CSS_NAME, CHART_CSS)


def _asset_name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:  # fmt: skip
    from analysis.charts import BUNDLE_NAME, CHART_CLASS

    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [
            s for s in scripts
            if "sphinx-thebe" not in _asset_name(s)
            and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
        ]
    styles = context.get("css_files")
    if isinstance(styles, list):
        styles[:] = [c for c in styles if "sphinx-thebe" not in _asset_name(c)]
    if f'class="{CHART_CLASS}"' in context.get("body", ""):
        app.add_js_file(BUNDLE_NAME, loading_method="defer")
    for asset in [*(scripts or []), *(styles or [])]:
        name = _asset_name(asset)
        if "://" in name or name.startswith("//"):
            logger.warning("page %s loads %s from another host; the book must work offline",
                           pagename, name, type="book", subtype="offline")  # fmt: skip


def _drop_hidden_inputs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """LaTeX only: remove the input of cells tagged ``hide-input`` or ``hide-cell``."""
    if app.builder.format != "latex":
        return
    for cell in list(doctree.findall(nodes.container)):
        classes = set(cell.get("classes", []))
        if "cell" in classes and classes & {"tag_hide-input", "tag_hide-cell"}:
            for child in list(cell.children):
                if "cell_input" in child.get("classes", []):
                    cell.remove(child)


class SvgToPdf(ImageConverter):
    """SVG -> PDF for builders without SVG support (LaTeX), through vl-convert's svg2pdf.

    Fonts resolve as in the chart renderer (Liberation Sans is bundled in vl-convert),
    so the PDF figure matches the SVG the notebook stores.
    """

    conversion_rules = [("image/svg+xml", "application/pdf")]

    def is_available(self) -> bool:
        try:
            import vl_convert  # noqa: F401
        except ImportError:
            return False
        return True

    def convert(self, _from: str, _to: str) -> bool:
        import vl_convert as vlc

        svg = Path(_from).read_text(encoding="utf-8")
        Path(_to).write_bytes(bytes(vlc.svg_to_pdf(svg)))
        return True


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(SvgToPdf)
    app.connect("builder-inited", _write_static)
    app.connect("doctree-resolved", _drop_hidden_inputs)
    app.connect("html-page-context", _page_assets)
    app.add_css_file(CSS_NAME)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
