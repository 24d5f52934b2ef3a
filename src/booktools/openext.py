"""Sphinx side of the book's open data (:mod:`booktools.opendata`, :mod:`booktools.claimdata`).

HTML builds only. While a chart is written (:func:`chart_extras`, called by the chart
node's visitor) its resource descriptor ``<id>.json`` and bundle ``<id>.zip`` go into
``_static/charts``, and the page gets the chart's provenance (notebook, function,
datasets with sha256, book version) and its ``Dataset`` JSON-LD. Claims pages get an
anchor on the row of each claim and a ``ClaimReview`` per judged claim; the ledger page
links ``claims.csv`` and ``claims.json``. When the build ends, ``datapackage.json``
(every chart of the book), the claims files and ``numbers.json`` (every glued number,
verdict and chart, with provenance: what ``make release`` compares) are written.
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from booktools import claimdata, opendata, provenance
from booktools.report import citation_metadata

logger = logging.getLogger(__name__)

#: Folder of the chart files, relative to ``_static`` (as :data:`booktools.charts.DOWNLOADS`).
DOWNLOADS = "charts"
NUMBERS = "numbers.json"
PACKAGE = "datapackage.json"


def _index(app: Sphinx) -> provenance.NotebookIndex:
    found = getattr(app, "_book_notebook_index", None)
    if found is None:
        found = provenance.notebook_index(Path(app.srcdir), sorted(app.env.found_docs))
        app._book_notebook_index = found  # type: ignore[attr-defined]
    return found


def _site(app: Sphinx) -> tuple[str, str | None]:
    """(site root URL with a trailing slash, or "" when unknown; repository URL or None)."""
    base = str(app.config.html_baseurl or "")
    theme = app.config.html_theme_options or {}
    repo = str(theme.get("repository_url") or "") or None
    return (base.rstrip("/") + "/" if base else ""), repo


def chart_provenance(app: Sphinx, contract: dict[str, Any], docname: str) -> dict[str, Any]:
    """Notebook, function (and its source line), datasets with sha256, book version."""
    origin = _index(app).charts.get(str(contract["name"]))
    notebook = origin.docname if origin else docname
    out: dict[str, Any] = {
        "notebook": f"{notebook}.ipynb",
        "page": docname,
        "function": origin.function if origin else None,
        "function_source": (
            f"{origin.source_file}#L{origin.line}" if origin and origin.source_file else None
        ),
        "datasets": [str(d) for d in contract.get("datasets") or []],
        "book_version": provenance.book_version(Path(app.confdir)),
        "raw_files": provenance.raw_files([str(d) for d in contract.get("datasets") or []]),
    }
    return out


def provenance_html(prov: dict[str, Any], static: str, repo: str | None) -> str:
    """The "Provenance" disclosure under a chart."""
    e = html.escape
    notebook = str(prov["notebook"])
    root = static[: -len("_static/")] if static.endswith("_static/") else ""
    items = [f'Notebook: <a href="{e(root)}_sources/{e(notebook)}">{e(notebook)}</a>']
    if prov.get("function"):
        code = f"<code>{e(str(prov['function']))}</code>"
        if repo and prov.get("function_source"):
            code += f' (<a href="{e(repo)}/blob/main/{e(str(prov["function_source"]))}">source</a>)'
        items.append(f"Drawn by: {code}")
    raws = prov.get("raw_files") or []
    if raws:
        files = "".join(
            f"<li><code>{e(r['dataset'])}/{e(r['file'])}</code> sha256 "
            f'<code>{e(r["sha256"])}</code> (<a href="{e(r["pinned_url"])}">pinned copy</a>, '
            f'<a href="{e(r["landing_page"])}">publisher</a>)</li>'
            for r in raws
        )
        items.append(f"Data: <ul>{files}</ul>")
    else:
        items.append("Data: the book's own compilation (curated facts or article annotations)")
    items.append(f"Book version: {e(str(prov['book_version']))}")
    body = "".join(f"<li>{i}</li>" for i in items)
    return (
        '<details class="book-chart-provenance"><summary>Provenance</summary>'
        f"<ul>{body}</ul></details>\n"
    )


def dataset_jsonld(
    resource: dict[str, Any], page_url: str, static_url: str, version: str
) -> dict[str, Any]:
    """schema.org ``Dataset`` of one chart's data."""
    chart_id = str(resource["book:chart_id"])
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": f"{page_url}#{chart_id}",
        "url": f"{page_url}#{chart_id}",
        "name": resource["title"],
        "description": resource["description"] or resource["title"],
        "license": [x.get("path") or x.get("title") for x in resource["licenses"]],
        "isBasedOn": [s["path"] for s in resource["sources"] if s.get("path")],
        "version": version,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": fmt,
                "contentUrl": f"{static_url}{DOWNLOADS}/{chart_id}.{ext}",
            }
            for ext, fmt in (("csv", "text/csv"), ("zip", "application/zip"))
        ],
    }


def chart_extras(builder: Any, contract: dict[str, Any], static: str) -> str:
    """Write the chart's resource JSON and bundle; return its provenance and JSON-LD HTML."""
    from booktools.charts import chart_csv, chart_rows, write_if_changed

    app = builder.app
    folder = Path(builder.outdir) / "_static" / DOWNLOADS
    chart_id = str(contract["id"])
    docname = builder.current_docname
    prov = chart_provenance(app, contract, docname)
    csv_text = chart_csv(contract)
    resource = opendata.chart_resource(contract, csv_text, chart_rows(contract["spec"]), prov)
    write_if_changed(
        folder / f"{chart_id}.json", json.dumps(resource, indent=1, ensure_ascii=False)
    )
    svg = (folder / f"{chart_id}.svg").read_text(encoding="utf-8")
    png = (folder / f"{chart_id}.png").read_bytes()
    write_if_changed(
        folder / f"{chart_id}.zip",
        opendata.bundle_zip(resource, csv_text, svg, png, contract["spec"]),
    )
    base, repo = _site(app)
    page = builder.get_target_uri(docname)
    page_url = f"{base}{page}" if base else page.rsplit("/", 1)[-1]
    static_url = f"{base}_static/" if base else static
    ld = dataset_jsonld(resource, page_url, static_url, str(prov["book_version"]))
    opendata.check_jsonld(ld, docname)
    return provenance_html(prov, static, repo) + opendata.jsonld_script(ld)


# --------------------------------------------------------------------------- claims pages


def _claims(app: Sphinx) -> list[dict[str, Any]]:
    found = getattr(app, "_book_claims", None)
    if found is None:
        base, repo = _site(app)
        try:
            found = claimdata.claim_rows(set(app.env.found_docs), base, repo)
        except Exception as exc:  # a book without articles has no claims
            logger.info("no claims ledger: %s", exc)
            found = []
        app._book_claims = found  # type: ignore[attr-defined]
    return found


def _raw_html(text: str) -> nodes.raw:
    return nodes.raw("", text, format="html")


def claims_on_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: anchors and ClaimReview JSON-LD on a claims page; links to the
    claims files on the ledger page."""
    if app.builder.format != "html":
        return
    static = relative_uri(app.builder.get_target_uri(docname), "_static/")
    links = (
        f'<a href="{static}claims/claims.csv" download>claims.csv</a> and '
        f'<a href="{static}claims/claims.json" download>claims.json</a>'
    )
    if docname == str(app.config.book_ledger_page or ""):
        doctree.append(
            _raw_html(
                '<p class="book-claims-data">Every claim and verdict as data: '
                f"{links} (stable id, article, paragraph, statement, kind, verdict, why, "
                "evidence links).</p>\n"
            )
        )
    rows = [r for r in _claims(app) if r["page"] == docname]
    if not rows:
        return
    by_text = {" ".join(str(r["statement"]).split()): r for r in rows}
    placed: set[str] = set()
    for row in doctree.findall(nodes.row):
        for entry in row.findall(nodes.entry):
            hit = by_text.get(" ".join(entry.astext().split()))
            if hit and hit["id"] not in placed:
                row["ids"].append(claimdata.anchor(str(hit["claim"])))
                placed.add(hit["id"])
                break
    spans = "".join(
        f'<span id="{html.escape(claimdata.anchor(str(r["claim"])))}"></span>'
        for r in rows
        if r["id"] not in placed
    )
    meta = citation_metadata(Path(app.confdir))
    date = meta.get("date-released", "")
    author = str(app.config.author or app.config.project)
    scripts = ""
    base, _ = _site(app)
    page = app.builder.get_target_uri(docname)
    outlets = _outlets()
    for r in rows:
        if not r["verdict"]:
            continue
        url = r["url"] if base else f"{page.rsplit('/', 1)[-1]}#{claimdata.anchor(r['claim'])}"
        review = claimdata.claim_review(r, url, date, author, outlets.get(str(r["article"])))
        opendata.check_jsonld(review, docname)
        scripts += opendata.jsonld_script(review)
    doctree.append(
        _raw_html(
            f'<div class="book-claims-data">{spans}<p>These claims as data: {links}.</p>\n'
            f"{scripts}</div>\n"
        )
    )


def _outlets() -> dict[str, str]:
    from analysis.inputs.articles import all_articles

    try:
        return {a.slug: a.metadata.outlet for a in all_articles()}
    except Exception:
        return {}


# --------------------------------------------------------------------------- end of build


def _glued_numbers(app: Sphinx) -> dict[str, Any]:
    """Every glued value that is text (not a chart or table), keyed ``<page>#<key>``."""
    from myst_nb.ext.glue.crossref import read_glue_cache

    folder = app.env.mystnb_config.output_folder  # type: ignore[attr-defined]
    index = _index(app)
    root = Path(app.confdir)
    out: dict[str, Any] = {}
    for docname in sorted(app.env.found_docs):
        if not (Path(app.srcdir) / f"{docname}.ipynb").is_file():
            continue
        datasets = provenance.notebook_datasets(root, docname)
        raws = {r["file"]: r["sha256"] for r in provenance.raw_files(datasets)}
        for key, output in sorted(read_glue_cache(folder, docname).items()):
            data = output.get("data", {}) if isinstance(output, dict) else {}
            if set(data) != {"text/plain"}:
                continue
            origin = index.keys.get((docname, key))
            out[f"{docname}#{key}"] = {
                "value": str(data["text/plain"]).strip("'\""),
                "page": docname,
                "key": key,
                "function": origin.function if origin else None,
                "datasets": datasets,
                "raw_sha256": raws,
            }
    return out


def write_open_data(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: datapackage.json, claims.csv/json and numbers.json."""
    if exception is not None or app.builder.format != "html":
        return
    from booktools.charts import _charts_of_env, write_if_changed

    out = Path(app.outdir)
    folder = out / "_static" / DOWNLOADS
    version = provenance.book_version(Path(app.confdir))
    resources: list[dict[str, Any]] = []
    charts: dict[str, dict[str, Any]] = {}
    for docname, ids in sorted(_charts_of_env(app.env).items()):
        for chart_id in ids:
            path = folder / f"{chart_id}.json"
            if not path.is_file():
                continue
            res = json.loads(path.read_text(encoding="utf-8"))
            resources.append(res)
            charts.setdefault(
                str(res["name"]),
                {"id": chart_id, "page": docname, "title": res["title"], "data": res["hash"]},
            )
    if resources:
        package = opendata.package_descriptor(resources, version)
        write_if_changed(folder / PACKAGE, json.dumps(package, indent=1, ensure_ascii=False))
    rows = _claims(app)
    claims_dir = out / claimdata.CLAIMS_FOLDER
    if rows:
        write_if_changed(claims_dir / "claims.csv", claimdata.claims_csv(rows))
        write_if_changed(claims_dir / "claims.json", claimdata.claims_json(rows, version))
    numbers = {
        "version": version,
        "numbers": _glued_numbers(app),
        "verdicts": {
            r["id"]: {"verdict": r["verdict"] or "not yet judged", "page": r["page"]} for r in rows
        },
        "charts": charts,
    }
    text = json.dumps(numbers, indent=1, sort_keys=True, ensure_ascii=False)
    write_if_changed(out / NUMBERS, text)
    logger.info(
        "open data: %d chart resources, %d claims, %d numbers (sha256 %s)",
        len(resources),
        len(rows),
        len(numbers["numbers"]),
        hashlib.sha256(text.encode()).hexdigest()[:12],
    )


def setup(app: Sphinx) -> None:
    """Register the handlers (called by :mod:`booktools.sphinxext`)."""
    app.add_config_value("book_ledger_page", "", "html", types=frozenset({str}))
    app.connect("doctree-resolved", claims_on_page)
    app.connect("build-finished", write_open_data)
