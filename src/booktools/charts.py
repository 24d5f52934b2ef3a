"""The book's charts in Sphinx, read from the chart contract, never from HTML.

Every chart the book shows is a :class:`analysis.charts.ChartDisplay`, whose output carries
the chart contract (``application/vnd.book.chart+json``, :data:`analysis.charts.CHART_MIME`):
name, id, title, description, alt text, dataset ids, any other source, and the Vega-Lite
spec, as data. This module turns that data into the book's HTML:

* :class:`ChartMimeRenderer`, a MyST-NB mime renderer plugin (entry point
  ``myst_nb.mime_renderers`` in ``pyproject.toml``), gives the contract the first place for
  HTML builders and turns it into a :class:`chart` node holding the contract. The LaTeX
  builder never sees it: it takes the SVG (``_config.yml``'s ``nb_mime_priority_overrides``),
  which :class:`booktools.sphinxext.SvgToPdf` converts to a vector PDF.
* The node's HTML visitor writes the chart's container (:func:`analysis.charts.chart_html`,
  the same HTML a notebook front end shows) with links to the chart's data as CSV and the
  chart as PNG and SVG, and writes those files into ``_static/charts/<chart id>.*``. The
  CSV holds exactly the rows the chart draws (the spec's inlined datasets) plus ``source``
  and ``licence`` columns from the registry and the contract's ``datasets`` and ``source``.
  The chart id hashes the spec, so an existing PNG or SVG is current and is not rendered
  again (the CSV is always rewritten: the registry may have changed).
* Link previews: a page with charts previews (``og:image``) its first chart's PNG; other
  pages preview the first chart of ``book_preview_page``, copied to ``_static/book/preview.png``.
* Pages whose download files are gone are written again (``env-get-outdated``); the
  environment records each page's chart ids when the page is read.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

#: The contract's mime type (the value of :data:`analysis.charts.CHART_MIME`; written out so
#: that MyST-NB can load this plugin without importing the analysis package).
CHART_MIME = "application/vnd.book.chart+json"
#: Resolution of the download PNGs: the value of :data:`analysis.charts.PRINT_PPI`, written
#: out so that the execution workers store PNGs without importing Altair (a test checks).
PRINT_PPI = 216
#: Fields every contract carries (:attr:`analysis.charts.ChartDisplay.contract`).
CONTRACT_FIELDS = ("name", "id", "title", "alt", "datasets", "source", "spec")
#: Builders that take the contract (every other builder keeps MyST-NB's own choice).
HTML_BUILDERS = (
    "html",
    "dirhtml",
    "singlehtml",
    "readthedocs",
    "readthedocsdirhtml",
    "readthedocssinglehtml",
)
#: Folder of the download files, relative to the HTML output's ``_static``.
DOWNLOADS = "charts"
#: The download links under each chart: extension and label. The zip bundles the CSV, the
#: metadata JSON (the chart's Data Package resource), a README, the SVG, the PNG and the spec.
FORMATS = (("csv", "Data (CSV)"), ("png", "PNG"), ("svg", "SVG"), ("zip", "Bundle (ZIP)"))
#: The site-wide link-preview image: a copy of the first chart of ``book_preview_page``.
PREVIEW_NAME = "book/preview.png"
#: Licence of rows the book compiled itself (curated facts, article annotations).
OWN_LICENCE = (
    "CC BY 4.0 (compiled by the book's authors; each row's cited source keeps its own terms)"
)
#: Attribute of the build environment (pickled with it): docname -> ids of its charts.
_ENV_CHARTS = "book_charts"


class chart(nodes.General, nodes.Element):
    """One chart of the book; ``node["chart"]`` is its contract (a JSON object)."""


def contract_of(content: Any) -> dict[str, Any]:
    """The contract from a notebook output's mime data (a JSON object, or its text)."""
    data = json.loads(content) if isinstance(content, str | bytes) else content
    if not isinstance(data, Mapping):
        raise ValueError(f"{CHART_MIME} output is not a JSON object: {type(data).__name__}")
    missing = [f for f in CONTRACT_FIELDS if f not in data]
    if missing:
        raise ValueError(f"{CHART_MIME} output lacks {missing}; re-execute the notebook")
    return dict(data)


class ChartMimeRenderer:
    """MyST-NB mime renderer plugin (``myst_nb.mime_renderers`` entry point ``book-chart``)."""

    #: HTML builders take the contract before anything else (config overrides still win).
    mime_priority_overrides: ClassVar[Sequence[tuple[str, str, int | None]]] = [
        (builder, CHART_MIME, -10) for builder in HTML_BUILDERS
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """A :class:`chart` node for a contract; ``None`` (not mine) for other mime types."""
        if data.mime_type != CHART_MIME:
            return None
        node = chart(chart=contract_of(data.content), classes=["output", "book-chart-output"])
        return [node]


def plugin_installed() -> bool:
    """Whether MyST-NB finds :class:`ChartMimeRenderer` (the package's entry point)."""
    from myst_nb.core.render import load_mime_renders

    return any(plugin is ChartMimeRenderer for plugin in load_mime_renders())


# --------------------------------------------------------------------------- CSV of a chart


def chart_rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows a spec draws: its top-level ``datasets`` and any inline ``data.values``.

    With more than one inlined dataset (layers, panels), each row names its dataset
    (Altair's ``data-<hash>`` name) in a ``spec_dataset`` column.
    """
    tables: list[tuple[str, list[Any]]] = [
        (name, rows)
        for name, rows in (spec.get("datasets") or {}).items()
        if isinstance(rows, list)
    ]

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and isinstance(data.get("values"), list):
                tables.append((data.get("name") or where, data["values"]))
            for key, value in node.items():
                if key not in ("datasets", "data", "usermeta", "config"):
                    walk(value, f"{where}.{key}" if where else key)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk({k: v for k, v in spec.items() if k != "datasets"}, "")
    several = len(tables) > 1
    out = []
    for name, rows in tables:
        for row in rows:
            record = dict(row) if isinstance(row, dict) else {"value": row}
            out.append({"spec_dataset": name, **record} if several else record)
    return out


def chart_provenance(contract: Mapping[str, Any]) -> tuple[str, str]:
    """``(source, licence)`` of a chart's data: its dataset ids, resolved in the registry,
    and its other source (``finish(source=...)``), under the book's own licence."""
    from analysis.inputs.registry import dataset

    ids = [str(i) for i in contract.get("datasets") or []]
    sources = [f"{dataset(i).release} ({i})" for i in ids]
    licences = [f"{i}: {dataset(i).licence}" for i in ids]
    own = str(contract.get("source") or "").strip().rstrip(".")
    if own:
        sources.append(own)
        licences.append(OWN_LICENCE)
    return "; ".join(sources), "; ".join(licences)


def _own_column(name: str) -> str:
    """A data column called ``source`` or ``licence`` keeps its values as ``data_<name>``."""
    return f"data_{name}" if name in ("source", "licence") else name


def chart_csv(contract: Mapping[str, Any]) -> str:
    """The chart's data as CSV: the rows it draws (columns in name order, after the
    ``spec_dataset`` of a layered chart), then ``source`` and ``licence``."""
    rows = chart_rows(contract["spec"])
    source, licence = chart_provenance(contract)
    # Sorted: a spec read back from jupyter-cache may order its keys differently from the
    # kernel's, and the same chart must give the same bytes (the release compares hashes).
    names = sorted({_own_column(k) for row in rows for k in row} - {"spec_dataset"})
    several = any("spec_dataset" in row for row in rows)
    columns = (["spec_dataset"] if several else []) + names + ["source", "licence"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        cells = {
            _own_column(k): (json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
            for k, v in row.items()
        }
        writer.writerow({**cells, "source": source, "licence": licence})
    return buffer.getvalue()


# --------------------------------------------------------------------------- files and HTML


def write_if_changed(path: Path, data: str | bytes) -> None:
    """Write ``path`` atomically, unless it already holds exactly ``data``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if path.exists() and hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(raw).digest():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(raw)
    tmp.replace(path)


def write_chart_files(folder: Path, contract: Mapping[str, Any], store: Path | None = None) -> None:
    """``<id>.csv`` (always), ``<id>.svg`` and ``<id>.png`` (only when missing: the id
    hashes the spec, and vl-convert is pinned).

    The SVG and PNG are copied from ``store`` when the execution workers put them there
    (:func:`booktools.execute.store_chart_files`: the notebook's own SVG, and the PNG
    rasterised from it); otherwise they are rendered here, the PNG from the SVG.
    """
    chart_id, spec = str(contract["id"]), contract["spec"]
    csv_path, svg_path, png_path = (folder / f"{chart_id}.{ext}" for ext in ("csv", "svg", "png"))
    write_if_changed(csv_path, chart_csv(contract))
    if svg_path.exists() and png_path.exists():
        return
    stored = [store / p.name for p in (svg_path, png_path)] if store else []
    if stored and all(p.is_file() for p in stored):
        for source, target in zip(stored, (svg_path, png_path), strict=True):
            if not target.exists():
                write_if_changed(target, source.read_bytes())
        return
    import vl_convert as vlc

    from analysis.charts import VL_VERSION

    svg = svg_path.read_text(encoding="utf-8") if svg_path.exists() else None
    if svg is None:
        svg = str(vlc.vegalite_to_svg(spec, vl_version=VL_VERSION))
        write_if_changed(svg_path, svg)
    if not png_path.exists():
        write_if_changed(png_path, bytes(vlc.svg_to_png(svg, ppi=PRINT_PPI)))


def chart_store(builder: Any) -> Path:
    """Where the execution workers keep charts' download files: ``_build/.chart-files``
    beside the builder's output folder (:data:`booktools.book.CHART_STORE`)."""
    from booktools.book import CHART_STORE

    return Path(builder.outdir).parent / Path(CHART_STORE).name


def downloads_html(contract: Mapping[str, Any], static: str) -> str:
    """The "Download: Data (CSV) PNG SVG" line; ``static`` is the relative URL of
    ``_static/`` from the page."""
    chart_id = str(contract["id"])
    title = html.escape(str(contract.get("title") or chart_id))
    anchors = []
    for ext, label in FORMATS:
        href = html.escape(f"{static}{DOWNLOADS}/{chart_id}.{ext}")
        anchors.append(
            f'<a href="{href}" download="{chart_id}.{ext}" data-format="{ext}" '
            f'aria-label="{label} of the chart: {title}">{label}</a>'
        )
    return f'<p class="book-chart-downloads">Download: {" ".join(anchors)}</p>\n'


def visit_chart_html(self: Any, node: chart) -> None:
    """HTML: the chart's container with its download links; writes the download files."""
    from analysis.charts import chart_html
    from booktools.openext import chart_extras

    contract = node["chart"]
    builder = self.builder
    write_chart_files(Path(builder.outdir) / "_static" / DOWNLOADS, contract, chart_store(builder))
    static = relative_uri(builder.get_target_uri(builder.current_docname), "_static/")
    extras = chart_extras(builder, contract, static)
    self.body.append(chart_html(contract, downloads=downloads_html(contract, static) + extras))
    raise nodes.SkipNode


def skip_chart(self: Any, node: chart) -> None:
    """Other writers: nothing (LaTeX takes the chart's SVG output instead)."""
    raise nodes.SkipNode


def charts_of(doctree: nodes.Node | None) -> list[dict[str, Any]]:
    """The contracts of the charts in a doctree, in page order."""
    if doctree is None:
        return []
    return [dict(node["chart"]) for node in doctree.findall(chart)]


# --------------------------------------------------------------------------- link previews


def add_og_image(context: dict[str, Any], url: str, alt: str) -> None:
    """Append the ``og:image`` (and, when given, ``og:image:alt``) tags to a page's metatags."""
    tags = f'<meta property="og:image" content="{html.escape(url)}" />\n'
    if alt:
        tags += f'<meta property="og:image:alt" content="{html.escape(alt)}" />\n'
    context["metatags"] = str(context.get("metatags", "")) + tags


def chart_preview(app: Sphinx, context: dict[str, Any], contracts: list[dict[str, Any]]) -> None:
    """OpenGraph image of a page with charts: its first chart's PNG, with the chart title as
    alt text (link previews need an absolute URL, so only when the site URL is known)."""
    base = str(app.config.html_baseurl or "")
    if not base or not contracts or "og:image" in str(context.get("metatags", "")):
        return
    first = contracts[0]
    url = f"{base.rstrip('/')}/_static/{DOWNLOADS}/{first['id']}.png"
    add_og_image(context, url, str(first.get("title", "")))


def book_preview(
    app: Sphinx, pagename: str, context: dict[str, Any], contracts: list[dict[str, Any]]
) -> None:
    """Link preview of pages without a chart of their own: the first chart of the page named
    by ``book_preview_page`` (the book's summary chart), copied to ``_static/book/preview.png``
    when that page is written; its alt text is the book's and that page's titles."""
    page = str(app.config.book_preview_page or "")
    base = str(app.config.html_baseurl or "")
    if not page or page not in app.env.found_docs:
        return
    if pagename == page:
        if not contracts:
            logger.warning(
                "book_preview_page %s has no chart to preview the book with",
                page,
                type="book",
                subtype="preview",
            )
            return
        source = Path(app.outdir) / "_static" / DOWNLOADS / f"{contracts[0]['id']}.png"
        write_if_changed(Path(app.outdir) / "_static" / PREVIEW_NAME, source.read_bytes())
    if not base or "og:image" in str(context.get("metatags", "")):
        return
    title = app.env.titles[page].astext() if page in app.env.titles else page
    alt = f"{app.config.html_title or app.config.project}: {title}"
    add_og_image(context, f"{base.rstrip('/')}/_static/{PREVIEW_NAME}", alt)


def page_charts(
    app: Sphinx, pagename: str, context: dict[str, Any], doctree: nodes.Node | None
) -> bool:
    """``html-page-context`` part: link previews of the page; True if the page has charts."""
    contracts = charts_of(doctree)
    if "pathto" in context:  # HTML builders only
        chart_preview(app, context, contracts)
        book_preview(app, pagename, context, contracts)
    return bool(contracts)


# --------------------------------------------------------------------------- environment


def _charts_of_env(env: BuildEnvironment) -> dict[str, list[str]]:
    found: dict[str, list[str]] | None = getattr(env, _ENV_CHARTS, None)
    if found is None:
        found = {}
        setattr(env, _ENV_CHARTS, found)
    return found


def record_charts(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: note the ids of the page's charts in the environment."""
    ids = [str(c["id"]) for c in charts_of(doctree)]
    found = _charts_of_env(app.env)
    if ids:
        found[app.env.docname] = ids
    else:
        found.pop(app.env.docname, None)


def forget_charts(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _charts_of_env(env).pop(docname, None)


def merge_charts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    mine = _charts_of_env(env)
    mine.update({d: v for d, v in getattr(other, _ENV_CHARTS, {}).items() if d in docnames})


def missing_downloads(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose chart files are gone from ``_static/charts`` are written again, and
    the ``book_preview_page`` when the site-wide preview image is gone."""
    if app.builder.format != "html":
        return []
    folder = Path(app.outdir) / "_static" / DOWNLOADS
    kept = env.found_docs - added - changed - removed
    outdated = [
        docname
        for docname, ids in sorted(_charts_of_env(env).items())
        if docname in kept
        and any(
            not (folder / f"{i}.{ext}").is_file()
            for i in ids
            for ext in ("csv", "png", "svg", "zip", "json")
        )
    ]
    preview = str(app.config.book_preview_page or "")
    if (
        preview in kept
        and preview not in outdated
        and not (Path(app.outdir) / "_static" / PREVIEW_NAME).is_file()
    ):
        outdated.append(preview)  # the site-wide preview image is written with that page
    return outdated


def check_plugin(app: Sphinx) -> None:
    """``builder-inited``: an HTML build without the plugin would lose the downloads."""
    if app.builder.format == "html" and not plugin_installed():
        logger.warning(
            "MyST-NB does not know the book's chart renderer (entry point "
            "myst_nb.mime_renderers: book-chart); reinstall the package: "
            "pip install --no-deps -e .",
            type="book",
            subtype="charts",
        )


def prune_downloads(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: delete download files of charts no page shows any more.

    A chart's files are named by its id, a hash of its spec, so a changed chart writes new
    files; without this the old ones would stay in ``_static/charts`` and be published.
    """
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / "_static" / DOWNLOADS
    if not folder.is_dir():
        return
    current = {chart_id for ids in _charts_of_env(app.env).values() for chart_id in ids}
    for path in folder.glob("chart-*.*"):
        if path.name.split(".", 1)[0] not in current:
            path.unlink(missing_ok=True)


class PasteCharts(SphinxPostTransform):
    """A chart pasted from another page (``{glue}`` with ``:doc:``) becomes a chart node.

    MyST-NB resolves such pastes in its own post-transform, which knows only a few mime
    types and would paste the chart's ``text/html`` as raw HTML, without the page getting
    the vega bundle or the chart its downloads. This transform runs first (priority 4 < 5)
    and hands the pasted contract to the same :class:`chart` node a notebook output gets.
    """

    default_priority = 4
    builders = HTML_BUILDERS

    def run(self, **kwargs: Any) -> None:
        from myst_nb.ext.glue.crossref import read_glue_cache
        from myst_nb.ext.glue.utils import PendingGlueReference

        folder = self.env.mystnb_config.output_folder  # type: ignore[attr-defined]
        for node in list(self.document.findall(PendingGlueReference)):
            if node.gtype == "text":
                continue
            output = read_glue_cache(folder, node.refdoc).get(node.key, {})
            data = output.get("data", {}) if isinstance(output, dict) else {}
            if CHART_MIME in data:
                pasted = chart(
                    chart=contract_of(data[CHART_MIME]), classes=["output", "book-chart-output"]
                )
                node.replace_self(pasted)


def setup(app: Sphinx) -> None:
    """Register the chart node, its writers and the handlers (called by ``sphinxext``)."""
    skip = (skip_chart, None)
    app.add_node(
        chart, html=(visit_chart_html, None), latex=skip, text=skip, man=skip, texinfo=skip
    )
    app.add_config_value("book_preview_page", "", "html", types=frozenset({str}))
    app.add_post_transform(PasteCharts)
    app.connect("build-finished", prune_downloads, priority=400)
    app.connect("builder-inited", check_plugin)
    app.connect("doctree-read", record_charts)
    app.connect("env-purge-doc", forget_charts)
    app.connect("env-merge-info", merge_charts)
    app.connect("env-get-outdated", missing_downloads)
