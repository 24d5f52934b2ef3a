"""One visual grammar across the book: every chart stored in the notebooks, checked.

Each chart's contract (``application/vnd.book.chart+json``, :data:`analysis.charts.CHART_MIME`)
is read from the notebooks' stored outputs (a glued figure or a displayed chart), and its
Vega-Lite spec is held to the grammar of :mod:`analysis.charts.style`:

* SIPRI status labels come only from ``STATUS_LABELS``: a legend entry or a status column
  that speaks of an estimate or uncertainty uses one of its values;
* the estimate marker is one shape, ``RING`` (a SIPRI figure is ``FIRM_SHAPE``), and a
  chart whose data hold estimates marks them (no hollow points, no triangles);
* an actor kind has one shape, ``KIND_SHAPES[kind]``, and a shape over ``kind`` always
  names its scale (Vega-Lite's default shapes would differ from chart to chart);
* every glued chart's key is ``fig-<name>``, its chart's name;
* a country's house colour (``PALETTE``) marks that country only: no legend entry that is
  another country, a pair or a group wears it.

A unit test: it reads the stored notebooks only (no data, no kernel). It fails on a
notebook whose outputs predate the chart contract: re-execute it
(``python -m booktools execute <notebook>``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from analysis.charts import CHART_MIME, style
from analysis.countries import display_name
from conftest import spec_views

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*/*.ipynb"))
#: Glue's prefix on the mime types of a glued output (myst_nb.glue / scrapbook).
GLUE_PREFIX = "application/papermill.record/"
ESTIMATE_LABELS = {style.STATUS_LABELS["estimate"], style.STATUS_LABELS["uncertain"]}
STATUS_WORDS = ("estimate", "uncertain")
COLOUR_OWNER = {colour.upper(): iso3 for iso3, colour in style.PALETTE.items()}
#: Two colours closer than this (Euclidean distance in RGB, 0-441) read as one: a colour
#: this near a country's house colour is that country's too (issue 13: a near-black
#: series beside the USA's black).
NEAR_RGB = 48.0


def _rgb(colour: str) -> tuple[int, int, int] | None:
    text = colour.strip().lstrip("#")
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        return None
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def colour_owner(colour: str) -> str | None:
    """The country whose house colour ``colour`` is, or is within :data:`NEAR_RGB` of."""
    rgb = _rgb(colour)
    if rgb is None:
        return COLOUR_OWNER.get(colour.upper())
    for owner_colour, iso3 in COLOUR_OWNER.items():
        other = _rgb(owner_colour)
        if other and sum((a - b) ** 2 for a, b in zip(rgb, other, strict=True)) ** 0.5 < NEAR_RGB:
            return iso3
    return None


def test_colour_owner_sees_near_copies() -> None:
    assert colour_owner(style.PALETTE["USA"]) == "USA"
    assert colour_owner("#111111") == "USA"
    assert colour_owner(style.NEUTRAL) is None and colour_owner("steelblue") is None


#: How many charts the book has (issue 12: "chart count unchanged (32) or higher").
MIN_CHARTS = 32


def _outputs(path: Path) -> Iterator[tuple[str | None, dict[str, Any]]]:
    """(glue key or None, data with glue's prefix removed) of every output of a notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = {k.removeprefix(GLUE_PREFIX): v for k, v in output.get("data", {}).items()}
            key = output.get("metadata", {}).get("scrapbook", {}).get("name")
            yield key, data


def _is_chart(data: dict[str, Any]) -> bool:
    html = data.get("text/html", "")
    html = "".join(html) if isinstance(html, list) else str(html)
    return CHART_MIME in data or 'class="book-chart"' in html


def _charts() -> list[Any]:
    found = []
    for path in NOTEBOOKS:
        rel = path.relative_to(ROOT / "chapters").as_posix()
        for key, data in _outputs(path):
            if _is_chart(data):
                contract = data.get(CHART_MIME)
                name = contract["name"] if isinstance(contract, dict) else "?"
                found.append(pytest.param(rel, key, contract, id=f"{rel}::{key or name}"))
    return found


CHARTS = _charts()


def _channels(unit: dict[str, Any], *names: str) -> Iterator[dict[str, Any]]:
    encoding = unit.get("encoding") or {}
    for name in names:
        channel = encoding.get(name)
        if isinstance(channel, dict):
            yield channel
            condition = channel.get("condition")
            for cond in condition if isinstance(condition, list) else [condition]:
                if isinstance(cond, dict):
                    yield cond


def _legend_pairs(channel: dict[str, Any]) -> list[tuple[str, str]]:
    """(domain value, range value) of a channel's explicit scale."""
    scale = channel.get("scale") or {}
    domain, rng = scale.get("domain"), scale.get("range")
    if not isinstance(domain, list) or not isinstance(rng, list):
        return []
    return [(str(d), str(r)) for d, r in zip(domain, rng, strict=False)]


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for values in (spec.get("datasets") or {}).values():
        rows += [r for r in values if isinstance(r, dict)]
    for unit in spec_views(spec):
        data = unit.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            rows += [r for r in data["values"] if isinstance(r, dict)]
    return rows


def _mark_type(unit: dict[str, Any]) -> str:
    mark = unit.get("mark")
    return str(mark.get("type") if isinstance(mark, dict) else mark or "")


def _owns(iso3: str, label: str) -> bool:
    """Whether a legend label is the country ``iso3``: its display name or its code
    (spelled with or without punctuation, e.g. "EU-27" for EU27), nothing more."""
    code = re.sub(r"[^A-Z0-9]", "", label.upper())
    return label == display_name(iso3) or code == iso3


def test_the_book_has_its_charts() -> None:
    assert len(CHARTS) >= MIN_CHARTS, f"{len(CHARTS)} charts in the notebooks"


@pytest.mark.parametrize(("notebook", "key", "contract"), CHARTS)
def test_chart_follows_the_grammar(notebook: str, key: str | None, contract: Any) -> None:
    assert isinstance(contract, dict), (
        f"{notebook}: a chart without its contract ({CHART_MIME}); re-execute the notebook"
    )
    name, spec = contract["name"], contract["spec"]
    problems: list[str] = []

    # one glue convention: fig-<name>
    if key is not None and key != f"fig-{name}":
        problems.append(f"glue key {key!r} is not 'fig-{name}' (the chart's name)")

    units = list(spec_views(spec))
    status_fields: set[str] = set()
    for unit in units:
        for channel in _channels(unit, "shape", "color", "fill", "stroke"):
            for label, _ in _legend_pairs(channel):
                if any(w in label.lower() for w in STATUS_WORDS) and label not in set(
                    style.STATUS_LABELS.values()
                ):
                    problems.append(f"status label {label!r} is not one of STATUS_LABELS")
        for channel in _channels(unit, "shape"):
            pairs = _legend_pairs(channel)
            field = str(channel.get("field", ""))
            if any(label in style.STATUS_LABELS.values() for label, _ in pairs):
                status_fields.add(field)
                if _mark_type(unit) == "point" and (unit.get("mark") or {}).get("filled") is False:
                    problems.append("status drawn with hollow points (the estimate is RING)")
            for label, shape in pairs:
                if label in ESTIMATE_LABELS and shape != style.RING:
                    problems.append(f"{label!r} drawn as {shape[:20]!r}, not RING")
                if label == style.STATUS_LABELS["ok"] and shape != style.FIRM_SHAPE:
                    problems.append(f"{label!r} drawn as {shape[:20]!r}, not {style.FIRM_SHAPE!r}")
            kinds = [label for label, _ in pairs if label in style.KIND_SHAPES]
            if field == "kind" or (pairs and len(kinds) == len(pairs)):
                if not pairs:
                    problems.append("shape over 'kind' without the KIND_SHAPES scale")
                for label, shape in pairs:
                    want = style.KIND_SHAPES.get(label)
                    if want is not None and shape != want:
                        problems.append(
                            f"actor kind {label!r} drawn as {shape[:20]!r}, not {want!r}"
                        )
        for channel in _channels(unit, "color", "fill", "stroke"):
            for label, colour in _legend_pairs(channel):
                owner = colour_owner(colour)
                if owner is not None and not _owns(owner, label):
                    problems.append(
                        f"legend entry {label!r} wears {display_name(owner)}'s colour {colour}"
                    )

    rows = _rows(spec)
    labels = {str(r[c]) for r in rows for c in r if c.endswith("status_label") and r[c] is not None}
    stray = {v for v in labels if any(w in v.lower() for w in STATUS_WORDS)} - set(
        style.STATUS_LABELS.values()
    )
    if stray:
        problems.append(f"status labels outside STATUS_LABELS in the data: {sorted(stray)}")
    has_estimates = any(r.get("status") in ("estimate", "uncertain") for r in rows) or bool(
        labels & ESTIMATE_LABELS
    )
    if has_estimates and not status_fields:
        problems.append("the data hold SIPRI estimates but no shape marks them (RING)")
    assert not problems, f"{notebook} {name}:\n  " + "\n  ".join(dict.fromkeys(problems))
