"""Charts show what their titles say: the named country is readable on its scale.

A war budget (Ukraine from 2022, over a third of GDP) on the same axis as peacetime
budgets of 1-4% flattened Belarus's line, which the titles name; the dashboard's arms
panel drew a line across years without deliveries (0% to 84% in one step).
"""

from __future__ import annotations

from typing import Any

from analysis.pages.map import dashboard
from analysis.pages.mic_bridge import military_burden


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The data rows with a numeric ``value`` (not the bands' and labels' rows)."""
    return [
        row
        for rows in spec.get("datasets", {}).values()
        for row in rows
        if isinstance(row.get("value"), int | float)
    ]


def test_burden_scale_keeps_belarus_readable() -> None:
    shown = military_burden.burden().figures["mic-milex-gdp"]
    domains = [
        n["scale"]["domain"]
        for n in _walk(shown.spec)
        if isinstance(n.get("scale"), dict) and n.get("field") == "value" and "domain" in n["scale"]
    ]
    assert domains, "the burden chart has no fixed y domain"
    top = max(d[-1] for d in domains)
    rows = _rows(shown.spec)
    belarus = max(r["value"] for r in rows if r.get("iso3") == "BLR")
    assert belarus >= 0.3 * top, f"Belarus peaks at {belarus:.1f}% on an axis to {top}%"
    above = [r for r in rows if r["value"] > top]
    note = " ".join(shown.meta["source"])
    for r in above:  # what runs off the scale is named, with its value
        assert f"{r['year']} {r['value']:.1f}%" in note


def test_dashboard_burden_panel_and_arms_points() -> None:
    shown = dashboard.indicators().figures["map-dashboard"]
    rows = _rows(shown.spec)
    burden = [r["value"] for r in rows if r["indicator"] == dashboard.BURDEN]
    belarus = [
        r["value"] for r in rows if r["indicator"] == dashboard.BURDEN and r["iso3"] == "BLR"
    ]
    assert burden and max(belarus) >= 0.3 * max(burden), "Belarus is flat on the burden panel"
    lines = [
        n for n in _walk(shown.spec) if n.get("mark", {}) == {"type": "line", "strokeWidth": 1.8}
    ]
    assert lines and all(
        any("not" in f.get("filter", {}) for f in n.get("transform", [])) for n in lines
    ), "the arms panel still draws a line across years without deliveries"
