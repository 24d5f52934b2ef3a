"""Charts' download files stored by the execution workers and copied by the HTML build.

The SVG of a chart's downloads is the one its notebook output carries, and the PNG is
rasterised from that SVG: the same bytes as rendering the spec to PNG. The workers store
both by chart id (:func:`booktools.execute.store_chart_files`); the HTML build copies them,
or renders what is missing (:func:`booktools.charts.write_chart_files`).
"""

from __future__ import annotations

from pathlib import Path

import altair as alt
import nbformat
import pandas as pd

from analysis import charts as analysis_charts
from booktools import charts
from booktools.execute import store_chart_files


def _display() -> analysis_charts.ChartDisplay:
    frame = pd.DataFrame({"year": [2000, 2001, 2002], "value": [1.0, 3.0, 2.0]})
    chart = alt.Chart(frame).mark_line().encode(x="year:Q", y="value:Q")
    finished = analysis_charts.finish(
        chart, title="A line", datasets=["wdi-milex-gdp"], description="One line."
    )
    return analysis_charts.show(finished, "store-test")


def _notebook(bundle: dict, glued: bool) -> nbformat.NotebookNode:
    prefix = "application/papermill.record/" if glued else ""
    data = {prefix + key: value for key, value in bundle.items()}
    output = nbformat.v4.new_output("display_data", data=data)
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[output])])


def test_print_resolution_is_the_chart_package_s() -> None:
    assert charts.PRINT_PPI == analysis_charts.PRINT_PPI


def test_stored_files_are_the_output_svg_and_the_rendered_png(tmp_path: Path) -> None:
    shown = _display()
    bundle = shown._repr_mimebundle_()
    chart_id = shown.chart_id
    for glued in (False, True):
        store = tmp_path / f"store-{glued}"
        assert store_chart_files(_notebook(bundle, glued), store) == 2
        assert (store / f"{chart_id}.svg").read_text(encoding="utf-8") == bundle["image/svg+xml"]
        assert (store / f"{chart_id}.png").read_bytes() == shown.png()
        assert store_chart_files(_notebook(bundle, glued), store) == 0, "a stored file is current"


def test_html_build_copies_stored_files_or_renders_the_same(tmp_path: Path) -> None:
    shown = _display()
    bundle = shown._repr_mimebundle_()
    contract, chart_id = shown.contract, shown.chart_id
    store = tmp_path / "store"
    store_chart_files(_notebook(bundle, glued=True), store)
    copied, rendered = tmp_path / "copied", tmp_path / "rendered"
    charts.write_chart_files(copied, contract, store)
    charts.write_chart_files(rendered, contract, tmp_path / "empty-store")
    for ext in ("csv", "svg", "png"):
        assert (copied / f"{chart_id}.{ext}").is_file(), ext
    assert (copied / f"{chart_id}.svg").read_bytes() == (store / f"{chart_id}.svg").read_bytes()
    assert (rendered / f"{chart_id}.png").read_bytes() == shown.png()
    assert (copied / f"{chart_id}.png").read_bytes() == shown.png()
