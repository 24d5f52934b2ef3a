"""The book's chart data as open data: a Frictionless Data Package, bundles and JSON-LD.

* Each chart's resource descriptor (:func:`chart_resource`): name, path (the chart's CSV),
  title, description, the table schema (fields, types, units from the Vega-Lite
  encodings), licences and sources from the registry, the sha256 of every raw file the
  chart was computed from, and its provenance (notebook, function, book version).
* ``datapackage.json`` (Data Package v2, :func:`package_descriptor`) beside the CSVs in
  ``_static/charts``, one resource per chart; :func:`validate_package` runs the
  ``frictionless`` validator and fails naming each resource that does not validate.
* Each chart's bundle (:func:`bundle_zip`): CSV, metadata JSON, README, SVG, PNG and the
  Vega-Lite spec in one zip, byte-identical for identical inputs.
* JSON-LD (:func:`jsonld_script`) that survives any text (``</script>`` inside a string),
  and :func:`check_jsonld`, which names the page and the field a block lacks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

#: The Data Package v2 profile.
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: Licence of the book's own text, charts and compiled rows.
BOOK_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (the book's compilation and charts)",
}
PACKAGE_NAME = "belarus-between-moscow-and-kyiv-charts"
#: Fields a JSON-LD object of each type must have (dotted paths into the object).
JSONLD_REQUIRED: dict[str, tuple[str, ...]] = {
    "ClaimReview": (
        "url",
        "claimReviewed",
        "author.name",
        "datePublished",
        "reviewRating.alternateName",
        "itemReviewed.@type",
    ),
    "Dataset": ("url", "name", "description", "license", "distribution", "version"),
}


class OpenDataError(ValueError):
    """A data package, bundle or JSON-LD block that breaks the rules, named."""


def _type_of(values: list[Any]) -> str:
    present = [v for v in values if v is not None and v != ""]
    if not present:
        return "string"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "number"
    return "string"


def encoding_titles(spec: Mapping[str, Any]) -> dict[str, str]:
    """``{field: axis or legend title}`` from every encoding of a Vega-Lite spec."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            enc = node.get("encoding")
            if isinstance(enc, dict):
                for channel in enc.values():
                    for item in channel if isinstance(channel, list) else [channel]:
                        if isinstance(item, dict) and isinstance(item.get("field"), str):
                            title = item.get("title")
                            if isinstance(title, list):
                                title = " ".join(str(t) for t in title)
                            if title:
                                found.setdefault(item["field"], str(title))
            for key, value in node.items():
                if key not in ("datasets", "data", "config"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def table_schema(
    rows: list[dict[str, Any]], columns: list[str], spec: Mapping[str, Any]
) -> dict[str, Any]:
    """Table Schema of a chart's CSV: one field per column, typed from the values; the
    axis title as description, and a ``unit`` where the rows name one (a ``unit`` column
    with one value) or the axis title gives one in brackets or after a comma."""
    titles = encoding_titles(spec)
    units = {str(r.get("unit")) for r in rows if r.get("unit") not in (None, "")}
    fields = []
    for column in columns:
        key = column[5:] if column.startswith("data_") else column
        values = [r.get(key) for r in rows] if column not in ("source", "licence") else []
        item: dict[str, Any] = {"name": column, "type": _type_of(values)}
        title = titles.get(key)
        if title:
            item["description"] = title
            match = re.search(r"\(([^()]*)\)\s*$", title)
            if match:
                item["unit"] = match.group(1)
        if column == "value" and len(units) == 1:
            item["unit"] = units.pop()
        if column == "source":
            item["description"] = "where the row's data come from (registry dataset, release)"
        if column == "licence":
            item["description"] = "the terms of the row's data"
        fields.append(item)
    return {"fields": fields, "missingValues": [""]}


def licences(raw: list[dict[str, Any]], own_source: str | None) -> list[dict[str, str]]:
    """Data Package ``licenses`` of a chart: each dataset's terms, then the book's own."""
    from analysis.inputs.registry import dataset

    out: list[dict[str, str]] = []
    for ds_id in dict.fromkeys(r["dataset"] for r in raw):
        ds = dataset(ds_id)
        out.append({"title": f"{ds_id}: {ds.licence}", "path": ds.homepage})
    if own_source or not out:
        out.append(dict(BOOK_LICENCE))
    return out


def sources(raw: list[dict[str, Any]], own_source: str | None) -> list[dict[str, str]]:
    """Data Package ``sources``: each dataset (landing page), each pinned file (URL and
    sha256), and the book's own compilation when the chart draws one."""
    from analysis.inputs.registry import dataset

    out: list[dict[str, str]] = []
    for ds_id in dict.fromkeys(r["dataset"] for r in raw):
        ds = dataset(ds_id)
        out.append({"title": f"{ds.release} ({ds.publisher})", "path": ds.homepage})
    for r in raw:
        out.append(
            {
                "title": f"pinned copy of {r['dataset']}/{r['file']}",
                "path": r["pinned_url"],
                "sha256": r["sha256"],
            }
        )
    if own_source:
        out.append({"title": own_source})
    return out


def chart_resource(
    contract: Mapping[str, Any],
    csv_text: str,
    rows: list[dict[str, Any]],
    provenance: Mapping[str, Any],
) -> dict[str, Any]:
    """The Data Package resource of one chart (its CSV in the same folder)."""
    chart_id = str(contract["id"])
    columns = list(next(csv.reader(io.StringIO(csv_text)), []))
    raw = list(provenance.get("raw_files", []))
    own = str(contract.get("source") or "").strip() or None
    return {
        "name": str(contract["name"]),
        "type": "table",
        "path": f"{chart_id}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": str(contract.get("title") or contract["name"]),
        "description": str(contract.get("description") or contract.get("alt") or ""),
        "hash": "sha256:" + hashlib.sha256(csv_text.encode("utf-8")).hexdigest(),
        "bytes": len(csv_text.encode("utf-8")),
        "schema": table_schema(rows, columns, contract["spec"]),
        "licenses": licences(raw, own),
        "sources": sources(raw, own),
        "book:chart_id": chart_id,
        "book:raw_files": raw,
        "book:provenance": {k: v for k, v in provenance.items() if k != "raw_files"},
    }


def package_descriptor(resources: Iterable[Mapping[str, Any]], version: str) -> dict[str, Any]:
    """``datapackage.json``: one resource per chart, ordered by name, names unique."""
    unique: dict[str, Mapping[str, Any]] = {}
    for res in resources:
        name = str(res["name"])
        if name in unique and unique[name]["path"] != res["path"]:
            name = f"{name}-{str(res['book:chart_id'])[-12:]}"
        unique[name] = {**res, "name": name}
    return {
        "$schema": PACKAGE_PROFILE,
        "name": PACKAGE_NAME,
        "title": "Belarus between Moscow and Kyiv: the data of every chart",
        "description": (
            "One resource per chart of the book: the rows it draws, with the source and "
            "licence of each row, and the sha256 of every raw file it was computed from."
        ),
        "version": version,
        "licenses": [dict(BOOK_LICENCE)],
        "resources": [dict(unique[n]) for n in sorted(unique)],
    }


def validate_package(path: Path) -> dict[str, Any]:
    """Validate ``datapackage.json`` with ``frictionless``; raise naming every failing
    resource and its first errors. Returns ``{"resources": n, "bytes": total}``."""
    from frictionless import validate

    path = Path(path)
    if not path.is_file():
        raise OpenDataError(f"data package not found: {path}")
    report = validate(str(path))
    problems = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        if not task.valid:
            first = "; ".join(e.message for e in task.errors[:3])
            problems.append(f"resource {task.name!r} ({task.place}): {first}")
    if problems:
        raise OpenDataError(f"{path} does not validate:\n  " + "\n  ".join(problems))
    resources = json.loads(path.read_text(encoding="utf-8")).get("resources", [])
    total = sum((path.parent / str(r["path"])).stat().st_size for r in resources)
    return {"resources": len(resources), "bytes": total}


def readme_text(resource: Mapping[str, Any]) -> str:
    """The README of a chart's bundle: what each file is, sources, licences, provenance."""
    prov = resource.get("book:provenance", {})
    lines = [
        f"# {resource['title']}",
        "",
        str(resource.get("description", "")),
        "",
        "Files:",
        f"- {resource['path']}: the rows the chart draws (schema in metadata.json)",
        "- metadata.json: this chart's Data Package resource (schema, licences, sources)",
        "- chart.svg, chart.png: the chart as drawn in the book",
        "- chart.vl.json: the Vega-Lite specification (the data are inlined)",
        "",
        "Licences: " + "; ".join(str(x.get("title")) for x in resource.get("licenses", [])),
        "",
        "Computed from (raw file, sha256):",
    ]
    raw = resource.get("book:raw_files") or []
    lines += [f"- {r['dataset']}/{r['file']}: {r['sha256']}" for r in raw] or [
        "- no registry file (the book's own compilation)"
    ]
    lines += [
        "",
        f"Notebook: {prov.get('notebook')}; function: {prov.get('function')}; "
        f"book version: {prov.get('book_version')}",
        "",
    ]
    return "\n".join(lines)


def bundle_zip(
    resource: Mapping[str, Any], csv_text: str, svg: str, png: bytes, spec: Mapping[str, Any]
) -> bytes:
    """One zip per chart: CSV, metadata JSON, README, SVG, PNG and Vega-Lite spec; fixed
    timestamps, so the same chart gives the same bytes."""
    members: list[tuple[str, bytes]] = [
        (str(resource["path"]), csv_text.encode("utf-8")),
        ("metadata.json", json.dumps(resource, indent=2, ensure_ascii=False).encode("utf-8")),
        ("README.md", readme_text(resource).encode("utf-8")),
        ("chart.svg", svg.encode("utf-8")),
        ("chart.png", png),
        ("chart.vl.json", json.dumps(spec, indent=1, sort_keys=True).encode("utf-8")),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- JSON-LD


def jsonld_script(obj: Mapping[str, Any]) -> str:
    """``<script type="application/ld+json">`` holding ``obj``: ``<``, ``>`` and ``&``
    are written as JSON escapes, so no string can close the script element."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


_JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def jsonld_blocks(page_html: str) -> list[dict[str, Any]]:
    """Every JSON-LD object of a page (a block holding a list gives each item)."""
    out: list[dict[str, Any]] = []
    for text in _JSONLD.findall(page_html):
        data = json.loads(text)
        out += data if isinstance(data, list) else [data]
    return out


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(obj, Mapping) or part not in obj:
            return None
        obj = obj[part]
    return obj


def check_jsonld(obj: Mapping[str, Any], page: str) -> None:
    """Raise naming the page, the object and the field when a required field is empty."""
    kind = str(obj.get("@type"))
    missing = [f for f in JSONLD_REQUIRED.get(kind, ()) if _get(obj, f) in (None, "", [])]
    if missing:
        label = obj.get("url") or obj.get("name") or "?"
        raise OpenDataError(f"{page}: JSON-LD {kind} {label} lacks {', '.join(missing)}")
