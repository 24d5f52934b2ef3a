"""Page layers that draw spending, personnel, arms and trade (data mirror needed).

Each page function returns a :class:`analysis.pages.Section` whose numbers are the ones
the prose glues. The pinned values are those of the notebooks before the reorganisation
(their glue records), most of them hand-checked against the raw files in
``tests/test_metrics_milex.py``, ``tests/test_metrics_arms.py`` and
``tests/test_metrics_trade.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from analysis.charts.style import RING, STATUS_LABELS
from analysis.pages import Section
from analysis.pages import coverage as appendix_coverage
from analysis.pages.confrontation_spiral import forces_facing, ties
from analysis.pages.map import dashboard
from analysis.pages.mic_bridge import arms_dependence, economic_bridge, military_burden
from conftest import spec_views

PAGES: dict[str, Callable[[], Section]] = {
    "forces.spending": forces_facing.spending,
    "forces.burden": forces_facing.burden,
    "forces.personnel": forces_facing.personnel,
    "ties.trade": ties.trade,
    "ties.arms": ties.arms,
    "ties.alliances": ties.alliances,
    "burden.spending": military_burden.spending,
    "burden.burden": military_burden.burden,
    "burden.personnel": military_burden.personnel,
    "arms.imports": arms_dependence.imports,
    "arms.exports": arms_dependence.exports,
    "bridge.shares": economic_bridge.shares,
    "bridge.eu_monthly": economic_bridge.eu_monthly,
    "coverage.datasets": appendix_coverage.datasets,
    "coverage.milex_burden": appendix_coverage.milex_burden,
    "dashboard.indicators": dashboard.indicators,
}

#: (page, glue key) -> the value the notebook glued before the reorganisation.
PINNED: dict[tuple[str, str], Any] = {
    ("forces.spending", "change_13_17_ukr"): "+26.9%",
    ("forces.spending", "bn_2017_rus"): "65.41",
    ("forces.spending", "ukr_over_blr_2017"): "5.7",
    ("forces.burden", "share_2017_blr"): "1.4",
    ("forces.personnel", "milper_ratio"): "4",
    ("ties.trade", "cow_peak_year"): 2012,
    ("ties.trade", "share_ukr_2014"): "7.3%",
    ("ties.arms", "n_deals"): 3,
    ("ties.alliances", "n_pacts_blr"): 7,
    ("burden.spending", "rus_to_blr_2012"): "85",
    ("burden.spending", "missing_usd"): "Ukraine 1992; Lithuania 1992; Latvia 1992",
    ("burden.spending", "rus_estimate_years"): "1992-2012, 2022-2024",
    ("burden.personnel", "per_missing"): "Belarus 1997-1998",
    ("arms.imports", "imp_rus_share_plan"): "96.9",
    ("arms.imports", "imp_others_after"): "China, Iran",  # from 2016 (issue 13: disjoint windows)
    ("arms.exports", "exp_west_what"): "second hand T-72M1 tanks delivered in 1996",
    ("arms.exports", "exp_total_before"): "2,164",  # to 2011 (issue 13: disjoint windows)
    ("bridge.shares", "rus_2012"): "44.3",
    ("bridge.shares", "nl_own"): "7.5",
    ("bridge.eu_monthly", "eu_imp_change"): "-68",
    ("coverage.datasets", "oldest"): "1815",
    ("coverage.milex_burden", "ms_low_name"): "Lithuania",
    ("dashboard.indicators", "agree_ukr_early"): "91",
    ("dashboard.indicators", "arms_years"): 19,
}


@pytest.fixture(scope="module")
def sections() -> dict[str, Section]:
    return {name: page() for name, page in PAGES.items()}


def test_pinned_numbers_keep_their_values(sections: dict[str, Section]) -> None:
    for (page, key), value in PINNED.items():
        assert sections[page].numbers[key] == value, (page, key)


def test_every_number_is_text_or_an_int(sections: dict[str, Section]) -> None:
    for name, section in sections.items():
        for key, value in section.numbers.items():
            assert isinstance(value, (str, int)) and not isinstance(value, bool), (name, key)


def _points_with_status(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every layer of a spec that encodes a shape by SIPRI status label."""
    return [
        view
        for view in spec_views(spec)
        if isinstance(shape := view.get("encoding", {}).get("shape", {}), dict)
        and shape.get("field") == "status_label"
    ]


def test_sipri_spending_charts_share_the_estimate_marker(sections: dict[str, Section]) -> None:
    for page, figure in (
        ("forces.spending", "milex-constant"),
        ("forces.burden", "milex-share"),
        ("burden.spending", "mic-milex-usd"),
        ("burden.burden", "mic-milex-gdp"),
    ):
        layers = _points_with_status(sections[page].figures[figure].spec)
        assert layers, (page, figure)
        for layer in layers:
            scale = layer["encoding"]["shape"]["scale"]
            assert scale["domain"] == list(dict.fromkeys(STATUS_LABELS.values()))
            assert scale["range"][0] == "circle" and set(scale["range"][1:]) == {RING}


def test_figures_and_tables(sections: dict[str, Section]) -> None:
    names = {name for s in sections.values() for name in s.figures}
    assert names == {
        "milex-constant",
        "milex-share",
        "personnel",
        "trade",
        "arms",
        "mic-milex-usd",
        "mic-milex-gdp",
        "mic-personnel",
        "mic-arms-imports",
        "mic-arms-exports",
        "mic-trade-shares",
        "mic-eu-monthly",
        "coverage",
        "map-dashboard",
    }
    table = sections["ties.arms"].table
    assert table is not None and table.startswith("| Weapon | Type |")
    for section in sections.values():
        for display in section.figures.values():
            assert display.meta["title"] and display.meta["description"] and display.meta["source"]


def test_pages_with_timelines_publish_their_numbers() -> None:
    incidents = ties.incidents()
    assert {k: incidents.numbers[k] for k in ("inc_rows", "inc_flagged", "inc_left_out")} == {
        "inc_rows": 20,
        "inc_flagged": 9,
        "inc_left_out": 2,
    }
    assert incidents.numbers["bymod_tier"] in ("A", "B")
    milestones = economic_bridge.milestones()
    assert milestones.numbers["tl_n_prior_ties"] == "6"
    assert milestones.numbers["atop_n_defence_years"] == "26"
    assert set(milestones.figures) == {"mic-timeline"}
    assert "6 sourced treaties" in milestones.figures["mic-timeline"].meta["title"]
    assert "president and foreign minister" in incidents.figures["incidents"].meta["title"]


def test_titles_state_the_findings(sections: dict[str, Section]) -> None:
    expected = {
        ("arms.imports", "mic-arms-imports"): "97.5%",
        ("arms.exports", "mic-arms-exports"): "1995-2024",
        ("bridge.shares", "mic-trade-shares"): "44.3%",
        ("bridge.eu_monthly", "mic-eu-monthly"): "68%",
        ("burden.spending", "mic-milex-usd"): "85 to 1",
        ("forces.personnel", "personnel"): "204 thousand",
    }
    for (page, figure), text in expected.items():
        assert text in sections[page].figures[figure].meta["title"], (page, figure)
    exports = sections["arms.exports"].figures["mic-arms-exports"].spec
    assert "Hungary" in str(exports["datasets"])


def test_dashboard_findings_on_toy() -> None:
    import pandas as pd

    rows = []
    for year, (rus, ukr) in {2015: (70.0, 50.0), 2016: (80.0, 60.0)}.items():
        rows.append((dashboard.AGREE, "Belarus-Russia", year, rus))
        rows.append((dashboard.AGREE, "Belarus-Ukraine", year, ukr))
        rows.append((dashboard.ARMS, "Russia", year, 100.0 if year == 2015 else float("nan")))
    rows += [(dashboard.TRADE, "Russia", 2014, 44.0), (dashboard.TRADE, "Ukraine", 2014, 7.0)]
    rows += [(dashboard.BURDEN, c, 2016, v) for c, v in (("Belarus", 1.2), ("Russia", 4.0))]
    dash = pd.DataFrame(rows, columns=["indicator", "series", "year", "value"])
    f = dashboard.dashboard_findings(dash, window=(2015, 2016))
    assert (f["window"], f["agree_rus"], f["agree_ukr"]) == ("2015-2016", 75.0, 55.0)
    assert (f["arms_rus"], f["arms_years"]) == (100.0, 1)
    assert (f["trade_year"], f["trade_rus"], f["trade_ukr"]) == (2014, 44.0, 7.0)
    assert (f["burden_year"], f["burden_blr"], f["burden_rus"]) == (2016, 1.2, 4.0)
    assert f["burden_ukr"] != f["burden_ukr"]  # no Ukrainian value: NaN
    assert (f["first_year"], f["last_year"]) == (2014, 2016)


def _point_layers(node: Any) -> list[dict[str, Any]]:
    """Every layer of a Vega-Lite spec that draws points (the marks a reader reads)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        mark = node.get("mark")
        if (mark == "point" or (isinstance(mark, dict) and mark.get("type") == "point")) and (
            "encoding" in node
        ):
            found.append(node)
        for key, value in node.items():
            if key not in ("datasets", "config"):
                found += _point_layers(value)
    elif isinstance(node, list):
        for item in node:
            found += _point_layers(item)
    return found


def test_incidents_chart_encodes_the_offices_its_title_names() -> None:
    """The title says which office spoke for each country: the marks must show it (in a
    position, shape or label), not only the country (colour)."""
    from analysis.inputs.curated import load_curated
    from analysis.metrics.timeline import incidents_data, who_spoke

    display = ties.incidents().figures["incidents"]
    voices = who_spoke(incidents_data(load_curated("belarus_ukraine_incidents_statements")))
    spec = display.spec
    rows = [row for values in spec["datasets"].values() for row in values]
    visible = ("x", "y", "row", "shape", "text", "yOffset")
    shown = {
        enc[channel]["field"]
        for layer in _point_layers(spec)
        for enc in [layer["encoding"]]
        for channel in visible
        if channel in enc and "field" in enc[channel]
    }
    colour = {layer["encoding"]["color"]["field"] for layer in _point_layers(spec)}
    assert colour, "the points are not coloured by country"
    (country_field,) = colour
    for country, spoken in voices.items():
        assert country in display.meta["title"]
        for name in spoken.split(" and "):
            assert name in display.meta["title"], (country, name)
            assert any(
                row.get(country_field) == country
                and row.get("tier_status", "").startswith("tier A/B")
                and any(str(row.get(f, "")).startswith(name) for f in shown)
                for row in rows
            ), f"the title says {country} spoke through its {name}; no mark shows that office"
