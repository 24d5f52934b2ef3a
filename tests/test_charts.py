"""House charts: palette, finishing, the one renderer and the Sphinx extension."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from analysis import charts
from analysis.countries import FOCUS
from analysis.inputs.registry import dataset
from analysis.metrics.coverage import parse_years, registry_coverage

# ----------------------------------------------------------------------------- palette

#: The book's colours, written out: changing one must be a deliberate edit here too.
EXPECTED_PALETTE = {
    "BLR": "#D55E00",
    "RUS": "#0072B2",
    "UKR": "#332288",
    "POL": "#CC79A7",
    "LTU": "#009E73",
    "LVA": "#668844",
    "USA": "#000000",
    "EU27": "#8800EE",
    "EST": "#882255",
    "DEU": "#661100",
}

# Machado, Oliveira & Fernandes (2009), severity 1, applied in linear RGB.
_CVD = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _lab(hex_colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    rgb = [linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5)]
    r, g, b = (min(1.0, max(0.0, sum(row[k] * rgb[k] for k in range(3)))) for row in matrix)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047  # sRGB -> XYZ, D65 white = 1
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_palette_is_fixed_and_covers_every_focus_country() -> None:
    assert charts.PALETTE == EXPECTED_PALETTE
    assert set(charts.PALETTE) == {c.iso3 for c in FOCUS}
    assert len(set(charts.PALETTE.values())) == len(charts.PALETTE)


@pytest.mark.parametrize("vision", list(_CVD))
def test_palette_colours_stay_apart_under_colour_blindness(vision: str) -> None:
    labs = {k: _lab(v, _CVD[vision]) for k, v in charts.PALETTE.items()}
    closest = min(
        (sum((p - q) ** 2 for p, q in zip(labs[a], labs[b], strict=True)) ** 0.5, a, b)
        for a, b in itertools.combinations(labs, 2)
    )
    assert closest[0] >= 15, (
        f"{vision}: {closest[1]} and {closest[2]} are too close ({closest[0]:.1f})"
    )


#: The pairs most charts compare: each must stay clearly apart in every kind of vision.
FOCUS_PAIRS = [("BLR", "UKR"), ("BLR", "RUS"), ("RUS", "UKR")]


@pytest.mark.parametrize("vision", list(_CVD))
@pytest.mark.parametrize(("a", "b"), FOCUS_PAIRS)
def test_belarus_ukraine_and_russia_stay_clearly_apart(vision: str, a: str, b: str) -> None:
    la, lb = (_lab(charts.PALETTE[c], _CVD[vision]) for c in (a, b))
    distance = sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5
    assert distance >= 20, f"{vision}: {a} and {b} are only {distance:.1f} apart"


def _relative_luminance(hex_colour: str) -> float:
    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(hex_colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("iso3", list(EXPECTED_PALETTE))
def test_every_country_colour_stands_out_on_white(iso3: str) -> None:
    # WCAG 2.1 1.4.11 (non-text contrast): lines and points need 3:1 against the page.
    ratio = 1.05 / (_relative_luminance(charts.PALETTE[iso3]) + 0.05)
    assert ratio >= 3, f"{iso3} {charts.PALETTE[iso3]} has contrast {ratio:.2f}:1 on white"


def test_country_scale_maps_names_to_house_colours_in_book_order() -> None:
    scale = charts.country_scale(["Ukraine", "BLR", "RUS"]).to_dict()
    assert scale["domain"] == ["Belarus", "Russia", "Ukraine"]
    assert scale["range"] == ["#D55E00", "#0072B2", "#332288"]
    full = charts.country_scale().to_dict()
    assert dict(zip(full["domain"], full["range"], strict=True)) == {
        c.name: EXPECTED_PALETTE[c.iso3] for c in FOCUS
    }
    assert charts.country_colour("European Union") == "#8800EE"
    with pytest.raises(KeyError, match="not a focus country"):
        charts.country_scale(["FRA"])


# ----------------------------------------------------------------------------- finishing


def _chart(rows: int = 4) -> alt.Chart:
    frame = pd.DataFrame(
        {
            "year": [2000 + i // 2 for i in range(rows)],
            "country": ["Belarus", "Russia"] * (rows // 2),
            "value": [float(i) for i in range(rows)],
        }
    )
    return (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x="year:Q",
            y="value:Q",
            color=charts.country_color(["BLR", "RUS"]),
            tooltip=[charts.tooltip("value", "Military expenditure", unit="% of GDP", fmt=".1f")],
        )
    )


def _finished(**kw: object) -> alt.VConcatChart:
    args: dict = {
        "title": "Russia spends more than Belarus",
        "datasets": ["wdi-milex-gdp"],
        "description": "Two lines, Russia above Belarus.",
    }
    args.update(kw)
    return charts.finish(_chart(), **args)


def test_source_line_names_release_and_licence_from_the_registry() -> None:
    ds = dataset("wdi-milex-gdp")
    lines = charts.source_lines(["wdi-milex-gdp", "sipri-milex"], note="Log scale")
    text = " ".join(lines)
    assert text.startswith("Source: ") and ds.release in text and f"Licence: {ds.licence}" in text
    assert f"Licence: {dataset('sipri-milex').licence}" in text  # wrapped lines join with spaces
    assert lines[-1] == "Note: Log scale."
    with pytest.raises(ValueError, match="at least one"):
        charts.source_lines([])
    with pytest.raises(Exception, match="unknown dataset id"):
        charts.source_lines(["no-such-dataset"])


def test_finish_draws_title_source_line_and_description() -> None:
    spec = charts.to_spec(_finished(note="Log scale"))
    assert spec["title"]["text"] == ["Russia spends more than Belarus"]
    assert spec["description"] == "Two lines, Russia above Belarus."
    footer = spec["vconcat"][0]["title"]
    assert footer["orient"] == "bottom"
    assert any("Licence: CC BY 4.0" in line for line in footer["text"])
    assert spec["usermeta"]["book"]["datasets"] == ["wdi-milex-gdp"]
    assert spec["config"]["font"] == charts.FONT  # the house theme is applied
    tooltip = spec["vconcat"][0]["encoding"]["tooltip"][0]
    assert tooltip["title"] == "Military expenditure (% of GDP)"


def test_finish_refuses_charts_without_a_finding_or_with_their_own_title() -> None:
    with pytest.raises(ValueError):
        charts.finish(_chart(), title="", datasets=["wdi-milex-gdp"], description="x")
    with pytest.raises(ValueError, match="sets the titles"):
        charts.finish(
            _chart().properties(title="Mine"),
            title="T",
            datasets=["wdi-milex-gdp"],
            description="x",
        )


# ----------------------------------------------------------------------------- rendering


def test_mimebundle_has_interactive_html_static_svg_and_alt_text() -> None:
    bundle = charts.show(_finished(), "test-chart")._repr_mimebundle_()
    assert set(bundle) == {charts.CHART_MIME, "text/html", "image/svg+xml", "text/plain"}
    html = bundle["text/html"]
    assert 'class="book-chart"' in html and "vegaEmbed" in html
    assert "cdn" not in html.lower() and "<script src" not in html  # bundle comes from _static
    assert (
        bundle["image/svg+xml"].startswith("<svg")
        and "Licence: CC BY 4.0" in bundle["image/svg+xml"]
    )
    assert bundle["text/plain"].startswith("Chart: Russia spends more than Belarus.")
    assert "Licence: CC BY 4.0" in bundle["text/plain"]


def test_html_embeds_the_spec_as_json_with_embed_options() -> None:
    shown = charts.show(_finished(description="A </script> in text"), "x")
    match = re.search(
        r'<script type="application/json" id="([^"]+)-spec">(.*?)</script>', shown.html, re.S
    )
    assert match and match.group(1) == shown.chart_id
    spec = json.loads(match.group(2))
    assert spec["usermeta"]["embedOptions"] == charts.EMBED_OPTIONS
    assert spec["$schema"].endswith(f"v{alt.SCHEMA_VERSION.lstrip('v')}.json")


def test_ids_are_deterministic_and_depend_on_spec_and_name() -> None:
    one = charts.show(_finished(), "milex")
    assert one.chart_id == charts.show(_finished(), "milex").chart_id
    assert re.fullmatch(r"chart-milex-[0-9a-f]{12}", one.chart_id)
    assert one.html == charts.show(_finished(), "milex").html
    assert one.chart_id != charts.show(_finished(), "other").chart_id
    assert one.chart_id != charts.show(_finished(title="Another finding"), "milex").chart_id


def test_static_output_is_identical_across_processes() -> None:
    """nbval compares stored outputs with a fresh kernel's: the bytes must not vary."""
    code = (
        f"import hashlib, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "import test_charts as t; b = t.charts.show(t._finished(), 'p')._repr_mimebundle_(); "
        "print(hashlib.sha256((b['text/html'] + b['image/svg+xml']).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    assert len(digests) == 1


def test_show_refuses_unaggregated_data_and_unfinished_charts() -> None:
    big = charts.finish(
        _chart(rows=charts.MAX_ROWS + 2), title="T", datasets=["wdi-milex-gdp"], description="d"
    )
    with pytest.raises(ValueError, match="aggregate"):
        charts.show(big, "big")
    with pytest.raises(ValueError, match="finish"):
        charts.show(_chart(), "raw")


def test_vl_convert_renders_altairs_vega_lite_version() -> None:
    import vl_convert as vlc

    assert ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]) == charts.VL_VERSION
    assert charts.VL_VERSION in vlc.get_vegalite_versions()


def test_javascript_bundle_is_a_classic_script_defining_vega_embed() -> None:
    bundle = charts.javascript_bundle()
    assert "window.vegaEmbed=" in bundle.replace(" ", "")
    assert bundle.lstrip().startswith("/*") and bundle.rstrip().endswith("})();")
    assert not re.search(r"^\s*(import|export)\s", bundle, re.M)


# ----------------------------------------------------------------------------- coverage


def test_registry_years_parse() -> None:
    assert parse_years("1995-2024 (deliveries)") == (1995, 2024)
    assert parse_years("2020-01 to 2022-11") == (2020, 2022)
    assert parse_years("1946-2019 (sessions 1-74)") == (1946, 2019)
    cover = registry_coverage()
    assert (cover["start"] <= cover["end"]).all() and cover["dataset"].is_unique


# The Sphinx side of charts (the chart contract, downloads, previews): tests/test_sphinxext.py.
