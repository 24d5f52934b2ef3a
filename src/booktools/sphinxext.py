"""Sphinx extension of the book: charts served from ``_static``, no third-party hosts.

Loaded by ``_config.yml`` (``sphinx: extra_extensions: [booktools.sphinxext]``). It

* writes ``_static/book/vega-bundle-vl<version>.js`` when an HTML build starts: vega,
  vega-lite (the version Altair's schema targets) and vega-embed, bundled by
  ``vl_convert.javascript_bundle()`` (:func:`analysis.charts.javascript_bundle`). The
  file is generated, never committed: it is rebuilt from the pinned vl-convert, so it
  cannot drift from the renderer that made the PDF images;
* adds that script (``defer``) once to each page whose body holds a chart, and a small
  stylesheet and the accessibility repairs (:data:`A11Y_JS`) to every page;
* removes sphinx-thebe's assets (its script would fetch thebe from unpkg.com on demand;
  the book has no launch buttons);
* converts SVG images to PDF for the LaTeX builder with ``vl_convert.svg_to_pdf`` (the
  charts' static form is SVG: see :mod:`analysis.charts`);
* drops, in the PDF only, the source of code cells tagged ``hide-input`` (the HTML
  folds them behind a toggle; on paper they would interrupt the text), and
* warns (an error under ``-W``) when any page still references a script or stylesheet
  on another host, e.g. MathJax from a CDN once a page contains math, and
* has Sphinx read again every notebook whose jupyter-cache record is gone (dropped by
  ``python -m booktools deps`` because its inputs changed), so that it is executed
  again: the notebook file did not change, and an incremental build would keep its
  old outputs;
* names the notebook and the cell (position and id) when a notebook raised during the
  build,
* renders the benchmark snapshot ``data/bench.json`` (``{bench-table}``, see
  :mod:`booktools.bench`), and
* renders every chart from its contract (:mod:`booktools.charts`: the chart's HTML, its
  data as CSV and the chart as PNG and SVG under it, and the pages' link previews).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from booktools import charts as book_charts
from booktools import ledger as book_ledger
from booktools import openext
from booktools.charts import write_if_changed

logger = logging.getLogger(__name__)

CHART_CSS = """\
/* House chart containers (analysis.charts). */
.book-chart { margin: 0.5rem 0 0.25rem; max-width: 100%; overflow-x: auto; }
.book-chart .vega-embed { max-width: 100%; }
/* Never scale a chart down (its text would shrink below legibility): narrow screens get a
   reflowed layout (analysis.charts.render.RESPONSIVE_JS); what still does not fit scrolls. */
.book-chart .vega-embed svg { max-width: none; }
.book-chart .book-chart-alt { font-size: 0.85em; color: #555; }
.book-chart .book-chart-downloads { font-size: 0.85em; margin: 0.25rem 0 0; color: #444; }
.book-chart .book-chart-downloads a { margin-left: 0.4em; }
"""
CSS_NAME = "book/charts.css"

#: Accessibility repairs of markup the book does not write itself (the theme, the
#: toggle button, docutils, vega-embed), found by the axe-core audit of
#: tests/test_browser.py. Applied on load and again whenever the page changes (the
#: toggle buttons and the charts' menus are drawn by scripts after load).
A11Y_JS = """\
/* Accessibility repairs (booktools.sphinxext, checked by axe-core in tests/test_browser.py). */
(function () {
  "use strict";
  function text(el) { return (el.textContent || "").replace(/\\s+/g, " ").trim(); }
  function repair() {
    /* Theme: the search buttons show "Search Ctrl+K" but are named "Search";
       name them by their visible text (label-content-name-mismatch). */
    document.querySelectorAll(".search-button__button[aria-label]").forEach(function (b) {
      b.removeAttribute("aria-label");
    });
    /* Theme: the colour-mode button is named "Color mode"; Font Awesome draws its icons
       as SVGs whose <title> ("Light", "Dark", ...) counts as visible text. The icons are
       aria-hidden and the button has its tooltip: drop the titles. */
    document.querySelectorAll(".theme-switch-button svg > title").forEach(function (t) { t.remove(); });
    document.querySelectorAll(".theme-switch-button svg").forEach(function (i) {
      if (i.hasAttribute("aria-labelledby")) { i.removeAttribute("aria-labelledby"); }
      if (i.getAttribute("aria-hidden") !== "true") { i.setAttribute("aria-hidden", "true"); }
    });
    /* Theme: the sidebar's expand/collapse toggles have only an icon (summary-name). */
    document.querySelectorAll("li.has-children > details > summary").forEach(function (s) {
      if (s.hasAttribute("aria-label")) { return; }
      var link = s.parentNode.parentNode.querySelector(":scope > a");
      s.setAttribute("aria-label", "Sub-pages of " + (link ? text(link) : "this section"));
    });
    /* sphinx-togglebutton: its "Show code cell source" summaries are named "Toggle hidden
       content"; name them by their visible text. */
    document.querySelectorAll("summary[aria-label='Toggle hidden content']").forEach(function (s) {
      s.removeAttribute("aria-label");
    });
    /* docutils: the bibliography is role=list without list items (aria-required-children). */
    document.querySelectorAll(".citation-list[role=list]").forEach(function (l) { l.removeAttribute("role"); });
    /* vega-embed: the chart's export menu is an icon only (summary-name). */
    document.querySelectorAll(".book-chart .vega-embed > details > summary").forEach(function (s) {
      if (!s.hasAttribute("aria-label")) { s.setAttribute("aria-label", "Chart menu: save as SVG or PNG"); }
    });
    /* vega: unnamed mark groups (e.g. reference rules) inside a chart whose
       role=graphics-document already carries the chart's description (svg-img-alt). */
    document.querySelectorAll(".book-chart svg [role^=graphics-]:not([aria-label]):not([role=graphics-document])")
      .forEach(function (g) { g.setAttribute("aria-hidden", "true"); });
  }
  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }
  function start() {
    repair();
    new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
"""
A11Y_NAME = "book/a11y.js"


def _write_static(app: Sphinx) -> None:
    """Write the vega bundle and the chart stylesheet into the HTML output's _static."""
    if app.builder.format != "html":
        return
    from analysis.charts import BUNDLE_NAME, javascript_bundle
    from analysis.charts.render import RESPONSIVE_JS, RESPONSIVE_NAME

    static = Path(app.outdir) / "_static"
    bundle = static / BUNDLE_NAME
    if not bundle.exists():  # the name carries the Vega-Lite version; contents are pinned
        write_if_changed(bundle, javascript_bundle())
    write_if_changed(static / CSS_NAME, CHART_CSS)
    write_if_changed(static / RESPONSIVE_NAME, RESPONSIVE_JS)
    write_if_changed(static / A11Y_NAME, A11Y_JS)
    write_if_changed(static / book_ledger.JS_NAME, book_ledger.LEDGER_JS)
    write_if_changed(static / book_ledger.CSS_NAME, book_ledger.ledger_css())


def _asset_name(asset: Any) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    from analysis.charts import BUNDLE_NAME
    from analysis.charts.render import RESPONSIVE_NAME

    scripts = context.get("script_files")
    if isinstance(scripts, list):
        scripts[:] = [
            s
            for s in scripts
            if "sphinx-thebe" not in _asset_name(s)
            and "THEBE_JS_URL" not in str(getattr(s, "attributes", {}).get("body", ""))
        ]
    styles = context.get("css_files")
    if isinstance(styles, list):
        styles[:] = [c for c in styles if "sphinx-thebe" not in _asset_name(c)]
    if book_charts.page_charts(app, pagename, context, doctree):
        app.add_js_file(BUNDLE_NAME, loading_method="defer")
        app.add_js_file(RESPONSIVE_NAME, loading_method="defer")  # after the bundle: wraps it
    for asset in [*(scripts or []), *(styles or [])]:
        name = _asset_name(asset)
        if "://" in name or name.startswith("//"):
            logger.warning(
                "page %s loads %s from another host; the book must work offline",
                pagename,
                name,
                type="book",
                subtype="offline",
            )


def _drop_hidden_inputs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """LaTeX only: remove the input of cells tagged ``hide-input`` or ``hide-cell``."""
    if app.builder.format != "latex":
        return
    for cell in list(doctree.findall(nodes.container)):
        classes: set[str] = set(cell.get("classes", []))
        if "cell" in classes and classes & {"tag_hide-input", "tag_hide-cell"}:
            for child in list(cell.children):
                # A text node (no classes) is never a cell's input.
                if isinstance(child, nodes.Element) and "cell_input" in child.get("classes", []):
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


def _report_notebook_failure(app: Sphinx, exception: BaseException | None) -> None:
    """When a notebook raised, say which notebook and which cell, in one line.

    MyST-NB stops the build with the notebook's path and the failing cell's source; this
    adds the cell's position and id (as ``python -m booktools execute`` reports them).
    Printed, not logged: under ``-W`` a logged warning would raise inside the handler.
    """
    if exception is None or type(exception).__name__ != "ExecutionError":
        return
    cause = exception.__cause__
    if cause is None or not exception.args:
        return
    import sys

    from booktools.execute import describe_failure

    line = describe_failure(Path(str(exception.args[0])), cause)
    print(f"\nNotebook failed: {line}\n", file=sys.stderr, flush=True)


#: Attribute of the build environment (pickled with it): notebook docname -> the
#: jupyter-cache record its outputs came from when the page was read (``pk@created``).
_NB_RECORDS = "book_notebook_records"


def _execution_cache(app: Sphinx) -> Any | None:
    """The build's jupyter-cache, or None when notebooks are not executed through one."""
    config = app.config
    if getattr(config, "nb_execution_mode", None) != "cache":
        return None
    folder = Path(getattr(config, "nb_execution_cache_path", "") or ".jupyter_cache")
    if not folder.is_absolute():
        folder = Path.cwd() / folder  # as MyST-NB resolves it
    from jupyter_cache import get_cache

    return get_cache(str(folder))


def _record_key(cache: Any, path: Path) -> str | None:
    """``pk@created`` of the notebook's cache record, or None when it has none."""
    try:
        record = cache.match_cache_file(str(path))
    except Exception:  # no matching record (KeyError), or an unreadable notebook
        return None
    return f"{record.pk}@{record.created.isoformat()}"


def _records_of(env: BuildEnvironment) -> dict[str, str | None]:
    records: dict[str, str | None] | None = getattr(env, _NB_RECORDS, None)
    if records is None:
        records = {}
        setattr(env, _NB_RECORDS, records)
    return records


def _note_record(app: Sphinx, doctree: nodes.document) -> None:
    """When a notebook page is read, remember which cache record gave its outputs."""
    env = app.env
    path = Path(env.doc2path(env.docname))
    if path.suffix != ".ipynb":
        return
    cache = _execution_cache(app)
    if cache is not None:
        _records_of(env)[env.docname] = _record_key(cache, path)


def _forget_record(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, _NB_RECORDS, {}).pop(docname, None)


def _merge_records(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    records = _records_of(env)
    records.update({d: v for d, v in getattr(other, _NB_RECORDS, {}).items() if d in docnames})


def _uncached_notebooks(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Notebooks whose outputs changed in the cache since their page was read.

    ``python -m booktools deps`` drops the cache record of a notebook whose inputs changed
    (a loader, a curated table, ...), and ``python -m booktools execute --cache`` may then
    execute it again into a new record, but the notebook file itself did not change, so
    Sphinx's incremental build would not read it again and would keep the old outputs.
    This handler of ``env-get-outdated`` marks every notebook as outdated that has no
    matching record (dropped, never executed, or failed last time) or another record
    than the one its page was read from.
    """
    cache = _execution_cache(app)
    if cache is None:
        return []
    read_from = getattr(env, _NB_RECORDS, {})
    outdated = []
    for docname in sorted(env.found_docs - added - changed - removed):
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        now = _record_key(cache, path)
        if now is None or read_from.get(docname) != now:
            outdated.append(docname)
    return outdated


#: Attribute of the Sphinx build environment (pickled with it) that maps each page with a
#: ``{bench-table}`` to whether ``data/bench.json`` existed when the page was read.
_BENCH_PAGES = "book_bench_pages"


def _bench_pages_of(env: BuildEnvironment) -> dict[str, bool]:
    """The environment's record of ``{bench-table}`` pages, created empty on first use.

    Sphinx's ``BuildEnvironment`` declares no such attribute; it is set by name.
    """
    pages: dict[str, bool] | None = getattr(env, _BENCH_PAGES, None)
    if pages is None:
        pages = {}
        setattr(env, _BENCH_PAGES, pages)
    return pages


class BenchTable(SphinxDirective):
    """``{bench-table}``: the committed benchmark snapshot ``data/bench.json`` as tables.

    Rendered at build time, so the page cannot disagree with the snapshot; when the
    snapshot is missing or was measured on other notebooks than the book builds now,
    the page says so in a warning box (not a build warning: the benchmark is run by hand).
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        from docutils.statemachine import StringList

        from booktools.bench_report import SNAPSHOT, ratio_chart, snapshot_markdown

        root = Path(self.env.srcdir)
        for name in (SNAPSHOT, "_toc.yml"):  # a missing file would mark the page always outdated
            if (root / name).is_file():
                self.env.note_dependency(str(root / name))
        _bench_pages_of(self.env)[self.env.docname] = (root / SNAPSHOT).is_file()
        text, warning = snapshot_markdown(root)
        # and the code that draws the tables and the chart: a change to it re-reads the page
        for name, module in list(sys.modules.items()):
            drawn_by = name == "booktools.bench_report" or name.startswith("analysis.charts")
            if drawn_by and getattr(module, "__file__", None):
                self.env.note_dependency(str(module.__file__))
        out: list[nodes.Node] = []
        if warning:
            box = nodes.warning()
            self.state.nested_parse(
                StringList([warning], source=SNAPSHOT), self.content_offset, box
            )
            out.append(box)
        if text:
            container = nodes.container(classes=["book-bench"])
            self.state.nested_parse(
                StringList(text.splitlines(), source=SNAPSHOT), self.content_offset, container
            )
            out.extend(container.children)
            contract = ratio_chart(json.loads((root / SNAPSHOT).read_text(encoding="utf-8")))
            if contract is not None:  # HTML only: the LaTeX writer skips chart nodes
                out.append(book_charts.chart(chart=contract, classes=["book-chart-output"]))
        return out


def _bench_pages(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages with ``{bench-table}`` whose snapshot appeared or disappeared since read."""
    from booktools.bench_report import SNAPSHOT

    exists = (Path(env.srcdir) / SNAPSHOT).is_file()
    pages = getattr(env, _BENCH_PAGES, {})
    return [doc for doc, had in pages.items() if had != exists and doc in env.found_docs]


def _forget_bench_page(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, _BENCH_PAGES, {}).pop(docname, None)


def _merge_bench_pages(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    pages = _bench_pages_of(env)
    pages.update({d: v for d, v in getattr(other, _BENCH_PAGES, {}).items() if d in docnames})


def setup(app: Sphinx) -> dict[str, Any]:
    book_charts.setup(app)
    openext.setup(app)
    app.add_directive("bench-table", BenchTable)
    app.connect("env-get-outdated", _uncached_notebooks)
    app.connect("doctree-read", _note_record)
    app.connect("env-purge-doc", _forget_record)
    app.connect("env-merge-info", _merge_records)
    app.connect("env-get-outdated", _bench_pages)
    app.connect("env-purge-doc", _forget_bench_page)
    app.connect("env-merge-info", _merge_bench_pages)
    app.add_post_transform(SvgToPdf)
    app.connect("builder-inited", _write_static)
    app.connect("doctree-resolved", _drop_hidden_inputs)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _report_notebook_failure)
    app.add_css_file(CSS_NAME)
    app.add_js_file(A11Y_NAME, loading_method="defer")
    app.add_css_file(book_ledger.CSS_NAME)
    app.add_js_file(book_ledger.JS_NAME, loading_method="defer")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
