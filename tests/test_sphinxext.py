"""The Sphinx side of the book's charts: the chart contract, read as data (booktools.charts).

The renderer (:func:`analysis.charts.show`) defines the contract; these tests check that
the tooling reads it (never the HTML): the MyST-NB plugin turns it into a chart node for
HTML builders only, the node's HTML is the renderer's own with the download links inside
the container, the CSV holds the drawn rows with their provenance, and link previews
name the first chart. Unit tests: no data mirror, no build.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import altair as alt
import pandas as pd
import pytest

from analysis import charts
from analysis.charts.render import RESPONSIVE_NAME
from analysis.inputs.registry import dataset
from booktools import charts as book_charts
from booktools import opendata, sphinxext

ROOT = Path(__file__).resolve().parents[1]


def _display(**kw: Any) -> charts.ChartDisplay:
    frame = pd.DataFrame({"year": [2000, 2001, 2002], "value": [1.0, 2.0, 1.5]})
    args: dict[str, Any] = {
        "title": "Spending rose, then fell",
        "datasets": ["wdi-milex-gdp"],
        "description": "One line.",
    }
    args.update(kw)
    chart = alt.Chart(frame).mark_line().encode(x="year:O", y="value:Q")
    return charts.show(charts.finish(chart, **args), "spend")


# ----------------------------------------------------------------------------- the contract


def test_the_contract_is_the_chart_as_data() -> None:
    shown = _display(source="the book's curated facts.")
    bundle = shown._repr_mimebundle_()
    contract = bundle[charts.CHART_MIME]
    assert book_charts.CHART_MIME == charts.CHART_MIME
    assert set(book_charts.CONTRACT_FIELDS) <= set(contract)
    assert contract["id"] == shown.chart_id and contract["name"] == "spend"
    assert contract["spec"] == shown.spec
    assert contract["datasets"] == ["wdi-milex-gdp"]
    assert contract["source"] == "the book's curated facts"
    assert contract["title"] == "Spending rose, then fell"
    assert contract["alt"] == bundle["text/plain"]
    # The notebook's HTML is made from the contract: the tooling renders the same thing.
    assert charts.chart_html(contract) == bundle["text/html"]
    assert _display().contract["source"] is None


def test_plugin_takes_the_contract_for_html_builders_only() -> None:
    from myst_nb.core.render import MimeData, get_mime_priority

    assert book_charts.plugin_installed(), "pip install --no-deps -e . (entry point missing)"
    html_order = get_mime_priority("html", [("html", "text/html", 0)])
    assert html_order[0] == charts.CHART_MIME
    latex_order = get_mime_priority(
        "latex", [("latex", "image/svg+xml", 0), ("latex", "text/html", None)]
    )
    assert charts.CHART_MIME not in latex_order and latex_order[0] == "image/svg+xml"

    contract = _display().contract
    made = book_charts.ChartMimeRenderer.handle_mime(
        None, MimeData(charts.CHART_MIME, contract), False
    )
    assert made is not None and len(made) == 1
    assert isinstance(made[0], book_charts.chart) and made[0]["chart"] == contract
    assert (
        book_charts.ChartMimeRenderer.handle_mime(None, MimeData("text/html", "x"), False) is None
    )
    with pytest.raises(ValueError, match="re-execute"):
        book_charts.contract_of({"name": "old"})


# ----------------------------------------------------------------------------- downloads


def test_chart_csv_holds_the_drawn_rows_with_source_and_licence() -> None:
    contract = _display(note="Log scale").contract
    rows = list(csv.DictReader(io.StringIO(book_charts.chart_csv(contract))))
    assert len(rows) == charts.inlined_rows(contract["spec"]) == 3
    ds = dataset("wdi-milex-gdp")
    assert {r["source"] for r in rows} == {f"{ds.release} (wdi-milex-gdp)"}
    assert {r["licence"] for r in rows} == {f"wdi-milex-gdp: {ds.licence}"}
    own = _display(datasets=[], source="the book's curated facts").contract
    source, licence = book_charts.chart_provenance(own)
    assert source == "the book's curated facts" and licence == book_charts.OWN_LICENCE


def test_html_visitor_writes_the_files_and_links_them_inside_the_container(
    tmp_path: Path,
) -> None:
    from docutils import nodes

    contract = _display().contract
    app = SimpleNamespace(
        srcdir=str(tmp_path),
        confdir=str(ROOT),
        env=SimpleNamespace(found_docs=set()),
        config=SimpleNamespace(html_baseurl="", html_theme_options={}),
    )
    builder = SimpleNamespace(
        app=app,
        outdir=str(tmp_path),
        current_docname="chapters/demo/page",
        get_target_uri=lambda doc: f"{doc}.html",
    )
    writer = SimpleNamespace(builder=builder, body=[])
    with pytest.raises(nodes.SkipNode):
        book_charts.visit_chart_html(writer, book_charts.chart(chart=contract))
    page = "".join(writer.body)
    cid = contract["id"]
    container, _spec = page.split(f'<script type="application/json" id="{cid}-spec">')
    assert container.count('class="book-chart-downloads"') == 1
    for ext in ("csv", "png", "svg", "zip", "json"):
        assert (tmp_path / "_static" / "charts" / f"{cid}.{ext}").stat().st_size > 0
    for ext in ("csv", "png", "svg", "zip"):
        assert f'href="../../_static/charts/{cid}.{ext}"' in container
    # under the downloads: the provenance (notebook, datasets with sha256, version) and
    # the chart's Dataset JSON-LD
    assert container.count('class="book-chart-provenance"') == 1
    assert dataset("wdi-milex-gdp").files[0].sha256 in container
    ld = [o for o in opendata.jsonld_blocks(container) if o["@type"] == "Dataset"]
    assert len(ld) == 1 and ld[0]["url"] == f"page.html#{cid}"


# ----------------------------------------------------------------------------- page assets


class _App:
    def __init__(self, outdir: Path, base: str = "", preview: str = "") -> None:
        self.added: list[str] = []
        self.outdir = str(outdir)
        self.config = SimpleNamespace(
            html_baseurl=base, book_preview_page=preview, html_title="Book", project="Book"
        )
        self.env = SimpleNamespace(found_docs={"a", "b"}, titles={})

    def add_js_file(self, name: str, **kw: object) -> None:
        self.added.append(name)


def _context() -> dict[str, Any]:
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    return {
        "body": "<p>text</p>",
        "pathto": lambda name, resource=0: name,
        "metatags": "",
        "script_files": [
            _JavaScript("_static/doctools.js"),
            _JavaScript("_static/sphinx-thebe.js"),
            _JavaScript("", body='const THEBE_JS_URL = "https://unpkg.com/thebe"'),
            _JavaScript("https://cdn.example.org/mathjax.js"),
        ],
        "css_files": [_CascadingStyleSheet("_static/sphinx-thebe.css")],
    }


def _doctree(*contracts: dict[str, Any]) -> Any:
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document

    doc = new_document("page", get_default_settings())
    doc += nodes.paragraph(text="text")
    for contract in contracts:
        doc += book_charts.chart(chart=contract)
    return doc


def test_bundle_only_on_chart_pages_and_offsite_assets_flagged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = _App(tmp_path)
    plain = _context()
    with caplog.at_level("WARNING"):
        sphinxext._page_assets(app, "a", "page.html", plain, _doctree())  # type: ignore[arg-type]
    assert app.added == []
    assert [s.filename for s in plain["script_files"]] == [
        "_static/doctools.js",
        "https://cdn.example.org/mathjax.js",
    ]
    assert plain["css_files"] == []
    assert "cdn.example.org" in caplog.text and "offline" in caplog.text
    sphinxext._page_assets(app, "a", "page.html", _context(), None)  # type: ignore[arg-type]
    assert app.added == [], "pages without a doctree (search, index) have no charts"
    with_chart = _context()
    contract = _display().contract
    sphinxext._page_assets(app, "a", "page.html", with_chart, _doctree(contract))  # type: ignore[arg-type]
    assert app.added == [charts.BUNDLE_NAME, RESPONSIVE_NAME], "the reflow wraps the bundle"
    assert with_chart["metatags"] == "", "no site URL, no preview image (it must be absolute)"


def test_link_previews_name_the_first_chart(tmp_path: Path) -> None:
    first, second = _display().contract, _display(title="Another finding").contract
    app = _App(tmp_path, base="https://o.github.io/r/", preview="b")
    page = _context()
    sphinxext._page_assets(app, "a", "page.html", page, _doctree(first, second))  # type: ignore[arg-type]
    image = f"https://o.github.io/r/_static/charts/{first['id']}.png"
    assert f'<meta property="og:image" content="{image}" />' in page["metatags"]
    assert '<meta property="og:image:alt" content="Spending rose, then fell" />' in page["metatags"]
    # The preview page copies its first chart's PNG to the site-wide preview image.
    png = tmp_path / "_static" / "charts" / f"{second['id']}.png"
    png.parent.mkdir(parents=True)
    png.write_bytes(b"png")
    summary = _context()
    sphinxext._page_assets(app, "b", "page.html", summary, _doctree(second))  # type: ignore[arg-type]
    assert (tmp_path / "_static" / book_charts.PREVIEW_NAME).read_bytes() == b"png"
    other = _context()
    sphinxext._page_assets(app, "c", "page.html", other, _doctree())  # type: ignore[arg-type]
    assert "/_static/book/preview.png" in other["metatags"]


def test_no_html_is_parsed_again() -> None:
    """The contract replaced the regex over rendered HTML and the footer string surgery."""
    text = (Path(sphinxext.__file__).parent / "charts.py").read_text(encoding="utf-8")
    text += Path(sphinxext.__file__).read_text(encoding="utf-8")
    assert "import re\n" not in text and "-spec" not in text and "Note: " not in text


# ----------------------------------------------------------------------------- a real build


@pytest.mark.build
def test_a_built_page_renders_its_charts_from_the_contract(tmp_path: Path) -> None:
    """A mini book with a glued and a displayed chart, built by ``make book``: each chart's
    HTML, its downloads and the page's link preview come from the contract."""
    import os
    import subprocess

    import nbformat

    from conftest import mini_book

    root = mini_book(tmp_path / "book", "page", "# A small book\n")
    code = (
        "import altair as alt, pandas as pd\n"
        "from myst_nb import glue\n"
        "from analysis import charts\n"
        "df = pd.DataFrame({'x': [1, 2, 3], 'y': [3.0, 1.0, 2.0]})\n"
        "c = charts.finish(alt.Chart(df).mark_line().encode(x='x:Q', y='y:Q'),\n"
        "                  title='The line dips', description='One line.', source='made up')\n"
        "glue('fig-dip', charts.show(c, 'dip'), display=False)\n"
        "charts.show(c, 'shown')"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Page"),
        nbformat.v4.new_code_cell(code),
        nbformat.v4.new_markdown_cell("```{glue:figure} fig-dip\n:name: fig-dip\n\nThe dip.\n```"),
    ]
    nbformat.write(nb, root / "chapters" / "demo" / "page.ipynb")
    venv = Path(sys.executable).parent.parent  # the venv running the tests (make's $(VENV))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOK_RAW", "BOOK_PROCESSED"))}
    env.update(BOOK_ROOT=str(root), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    run = subprocess.run(
        ["make", "book", f"VENV={venv}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    html = root / "_build" / "html"
    page = (html / "chapters" / "demo" / "page.html").read_text(encoding="utf-8")
    ids = sorted(re.findall(r'<div id="(chart-[a-z0-9-]+)" class="book-chart"', page))
    assert len(ids) == 2 and ids[0].startswith("chart-dip-") and ids[1].startswith("chart-shown-")
    assert page.count('class="book-chart-downloads"') == 2
    for chart_id in ids:
        for ext in ("csv", "png", "svg"):
            assert (html / "_static" / "charts" / f"{chart_id}.{ext}").stat().st_size > 0
        assert f'href="../../_static/charts/{chart_id}.csv"' in page
    rows = (html / "_static" / "charts" / f"{ids[0]}.csv").read_text(encoding="utf-8")
    assert rows.splitlines()[0] == "x,y,source,licence" and ",made up," in rows
    assert 'property="og:image"' in page and "The line dips" in page
    assert (html / ".book-built").is_file()


def test_download_files_of_charts_no_page_shows_are_pruned(tmp_path: Path) -> None:
    """A changed chart gets a new id (hash of its spec): the old id's files must go."""
    from types import SimpleNamespace

    from booktools import charts as book_charts

    folder = tmp_path / "_static" / book_charts.DOWNLOADS
    folder.mkdir(parents=True)
    for name in ("chart-a-111111111111", "chart-a-222222222222"):
        for ext in ("csv", "png", "svg", "zip", "json"):
            (folder / f"{name}.{ext}").write_text("x", encoding="utf-8")
    (folder / "datapackage.json").write_text("{}", encoding="utf-8")
    env = SimpleNamespace()
    setattr(env, book_charts._ENV_CHARTS, {"page": ["chart-a-222222222222"]})
    app = SimpleNamespace(outdir=str(tmp_path), env=env, builder=SimpleNamespace(format="html"))
    book_charts.prune_downloads(app, None)  # type: ignore[arg-type]
    left = sorted(p.name for p in folder.iterdir())
    assert left == ["chart-a-222222222222." + e for e in ("csv", "json", "png", "svg", "zip")] + [
        "datapackage.json"
    ]
