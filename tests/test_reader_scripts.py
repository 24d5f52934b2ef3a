"""The small scripts and styles the HTML edition ships: chart reflow and the claims ledger.

Their behaviour in a browser is checked by tests/test_reader_layout.py; here, without a
build: they parse as JavaScript (``node --check``, when Node is installed), and the
ledger's stylesheet colours every verdict with the verdict charts' colours.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.charts import VERDICT_COLOURS
from analysis.charts.render import RESPONSIVE_JS
from booktools.ledger import LEDGER_JS, ledger_css


@pytest.mark.parametrize("name", ["responsive", "ledger"])
def test_scripts_parse(name: str, tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / f"{name}.js"
    script.write_text(RESPONSIVE_JS if name == "responsive" else LEDGER_JS, encoding="utf-8")
    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_reflow_never_scales_text_and_wraps_vega_embed() -> None:
    assert "window.vegaEmbed = function" in RESPONSIVE_JS
    assert "scale(" not in RESPONSIVE_JS and "zoom" not in RESPONSIVE_JS


def test_ledger_css_colours_every_verdict() -> None:
    css = ledger_css()
    for verdict, colour in VERDICT_COLOURS.items():
        name = verdict.replace(" ", "-")
        assert f"td.book-verdict-{name} {{ border-left-color: {colour};" in css
