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
  on another host, e.g. MathJax from a CDN once a page contains math, and
* has Sphinx read again every notebook whose jupyter-cache record is gone (dropped by
  ``python -m analysis deps`` because its inputs changed), so that it is executed
  again: the notebook file did not change, and an incremental build would keep its
  old outputs;
* names the notebook and the cell (position and id) when a notebook raised during the
  build, and
* renders the benchmark snapshot ``data/bench.json`` (``{bench-table}``, see
  :mod:`analysis.bench`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms.images import ImageConverter
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

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


def _report_notebook_failure(app: Sphinx, exception: BaseException | None) -> None:
    """When a notebook raised, say which notebook and which cell, in one line.

    MyST-NB stops the build with the notebook's path and the failing cell's source; this
    adds the cell's position and id (as ``python -m analysis execute`` reports them).
    Printed, not logged: under ``-W`` a logged warning would raise inside the handler.
    """
    if exception is None or type(exception).__name__ != "ExecutionError":
        return
    cause = exception.__cause__
    if cause is None or not exception.args:
        return
    import sys

    from analysis.book import describe_failure

    line = describe_failure(Path(str(exception.args[0])), cause)
    print(f"\nNotebook failed: {line}\n", file=sys.stderr, flush=True)


def _uncached_notebooks(app: Sphinx, env: Any, added: set[str], changed: set[str],
                        removed: set[str]) -> list[str]:  # fmt: skip
    """Notebooks without a jupyter-cache record must be read (so executed) again.

    ``python -m analysis deps`` drops the cache record of a notebook whose inputs changed
    (a loader, a curated table, ...), but the notebook file itself did not change, so
    Sphinx's incremental build would not read it again and would keep the old outputs.
    This handler of ``env-get-outdated`` marks every notebook that has no matching record
    (dropped, never executed, or failed last time) as outdated.
    """
    config = app.config
    if getattr(config, "nb_execution_mode", None) != "cache":
        return []
    folder = Path(getattr(config, "nb_execution_cache_path", "") or ".jupyter_cache")
    if not folder.is_absolute():
        folder = Path.cwd() / folder  # as MyST-NB resolves it
    from jupyter_cache import get_cache

    cache = get_cache(str(folder))
    outdated = []
    for docname in sorted(env.found_docs - added - changed - removed):
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        try:
            cache.match_cache_file(str(path))
        except KeyError:
            outdated.append(docname)
        except Exception:  # noqa: BLE001 (unreadable notebook: let Sphinx read and report it)
            outdated.append(docname)
    return outdated


class BenchTable(SphinxDirective):
    """``{bench-table}``: the committed benchmark snapshot ``data/bench.json`` as tables.

    Rendered at build time, so the page cannot disagree with the snapshot; when the
    snapshot is missing or was measured on other notebooks than the book builds now,
    the page says so in a warning box (not a build warning: the benchmark is run by hand).
    """

    has_content = False

    def run(self) -> list[nodes.Node]:
        from docutils.statemachine import StringList

        from analysis.bench import SNAPSHOT, snapshot_markdown

        root = Path(self.env.srcdir)
        for name in (SNAPSHOT, "_toc.yml"):  # a missing file would mark the page always outdated
            if (root / name).is_file():
                self.env.note_dependency(str(root / name))
        if not hasattr(self.env, "book_bench_pages"):
            self.env.book_bench_pages = {}
        self.env.book_bench_pages[self.env.docname] = (root / SNAPSHOT).is_file()
        text, warning = snapshot_markdown(root)
        out: list[nodes.Node] = []
        if warning:
            box = nodes.warning()
            self.state.nested_parse(StringList([warning], source=SNAPSHOT), self.content_offset, box)
            out.append(box)
        if text:
            container = nodes.container(classes=["book-bench"])
            self.state.nested_parse(StringList(text.splitlines(), source=SNAPSHOT),
                                    self.content_offset, container)  # fmt: skip
            out.extend(container.children)
        return out


def _bench_pages(app: Sphinx, env: Any, added: set[str], changed: set[str],
                 removed: set[str]) -> list[str]:  # fmt: skip
    """Pages with ``{bench-table}`` whose snapshot appeared or disappeared since read."""
    from analysis.bench import SNAPSHOT

    exists = (Path(env.srcdir) / SNAPSHOT).is_file()
    pages = getattr(env, "book_bench_pages", {})
    return [doc for doc, had in pages.items() if had != exists and doc in env.found_docs]


def _forget_bench_page(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "book_bench_pages", {}).pop(docname, None)


def _merge_bench_pages(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    pages = getattr(env, "book_bench_pages", None)
    if pages is None:
        pages = env.book_bench_pages = {}
    pages.update({d: v for d, v in getattr(other, "book_bench_pages", {}).items() if d in docnames})


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("bench-table", BenchTable)
    app.connect("env-get-outdated", _uncached_notebooks)
    app.connect("env-get-outdated", _bench_pages)
    app.connect("env-purge-doc", _forget_bench_page)
    app.connect("env-merge-info", _merge_bench_pages)
    app.add_post_transform(SvgToPdf)
    app.connect("builder-inited", _write_static)
    app.connect("doctree-resolved", _drop_hidden_inputs)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _report_notebook_failure)
    app.add_css_file(CSS_NAME)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
