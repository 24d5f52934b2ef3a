"""Incremental builds re-execute what changed, and the pieces of ``make bench``.

The build test runs the real Makefile and ``_config.yml`` on a one-notebook book: a
change to a file the notebook depends on (not to the notebook) must re-execute it in an
incremental build, which needs both ``python -m booktools deps`` (drops the cache record)
and ``booktools.sphinxext`` (has Sphinx read the notebook again).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from booktools import bench, bench_report
from conftest import mini_book

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent.parent


@pytest.fixture(scope="module")
def tiny_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny") / "book"
    mini_book(root, "value", "# Tiny book\n\n```{bench-table}\n```\n")
    (root / "data" / "value.txt").write_text("value-one")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["book"] = {"depends_on": ["data/value.txt"]}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Value"),
        nbformat.v4.new_code_cell("print(open('../../data/value.txt').read())"),
    ]
    nbformat.write(nb, root / "chapters" / "demo" / "value.ipynb")
    return root


def _workspace(root: Path) -> bench.Workspace:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOK_RAW", "BOOK_PROCESSED"))}
    env["BOOK_ROOT"] = str(root)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return bench.Workspace(root, VENV, env, None, root / "_build" / "bench-logs")


def _page(root: Path, name: str) -> str:
    return (root / "_build" / "html" / name).read_text(encoding="utf-8")


def test_changed_input_reexecutes_notebook_in_incremental_build(tiny_book: Path) -> None:
    ws = _workspace(tiny_book)
    first = bench.make(ws, "book", "first build")
    assert first.returncode == 0, first.log[-3000:]
    assert first.executed == ["chapters/demo/value.ipynb"] == first.cache_executed
    assert "value-one" in _page(tiny_book, "chapters/demo/value.html")
    assert "No benchmark snapshot" in _page(tiny_book, "intro.html")

    (tiny_book / "data" / "value.txt").write_text("value-two")
    snapshot = {
        "measured_at": "2026-01-02T03:04:05+00:00",
        "machine": {"cpus": 2, "python": "3.11"},
        "book": {
            "notebooks": ["chapters/demo/value.ipynb"],
            "where": "temporary copy",
            "data": "mirror",
        },
        "runs": 3,
        "cold_runs": 3,
        "steps": {
            "cold_build": {
                "median": 10.0,
                "runs": [{"seconds": 10.0, "returncode": 0, "executed": ["x"]}],
            }
        },
    }
    (tiny_book / "data" / "bench.json").write_text(json.dumps(snapshot))
    second = bench.make(ws, "book", "after an input change")
    assert second.returncode == 0, second.log[-3000:]
    assert second.executed == ["chapters/demo/value.ipynb"], second.log[-3000:]
    assert "value-two" in _page(tiny_book, "chapters/demo/value.html")
    intro = _page(tiny_book, "intro.html")
    assert (
        "Measured 2026-01-02 on a 2-core machine" in intro and "No benchmark snapshot" not in intro
    )

    third = bench.make(ws, "book", "nothing changed")
    assert third.returncode == 0 and third.executed == [] and third.cache_executed == []
    assert "Book current" in third.log and "Building the HTML book" not in third.log


def test_built_notebooks_follow_the_toc(tiny_book: Path) -> None:
    assert bench_report.built_notebooks(tiny_book) == [Path("chapters/demo/value.ipynb")]
    assert [str(p) for p in bench_report.built_notebooks(ROOT)] and all(
        (ROOT / p).is_file() for p in bench_report.built_notebooks(ROOT)
    )


def test_restoring_puts_bytes_back_even_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "loader.py"
    path.write_text("X = 1\n")
    with pytest.raises(RuntimeError), bench.restoring(path):
        path.write_text("X = 1\n# bench change\n")
        raise RuntimeError("the build failed")
    assert path.read_text() == "X = 1\n"


def test_page_weights(tmp_path: Path) -> None:
    site = tmp_path / "html"
    (site / "_static").mkdir(parents=True)
    (site / "_static" / "a.js").write_bytes(b"x" * 1000)
    (site / "_static" / "s.css").write_text("body{background:url('f.woff2')}")
    (site / "_static" / "f.woff2").write_bytes(b"f" * 500)
    (site / "page.html").write_text(
        '<script src="_static/a.js"></script><link rel="stylesheet" href="_static/s.css">'
        '<script src="https://cdn.example/x.js"></script>'
    )
    (site / "small.html").write_text("<p>hi</p>")
    weights = bench_report.page_weights(site)
    assert weights["largest"] == "page.html"
    page = weights["pages"]["page.html"]
    assert (
        page["assets"] == 1000 + len("body{background:url('f.woff2')}")
        and page["css_assets"] == 500
    )


def _result(
    cold: float, warm: float, executed: list[str], loaders: dict[str, tuple[float, float]]
) -> dict:
    """A bench result: ``loaders`` maps a loader to (tidy seconds, raw seconds)."""

    def run(seconds: float, ran: list[str], peak: float = 900.0) -> dict:
        return {"seconds": seconds, "returncode": 0, "executed": ran, "peak_rss_mb": peak}

    return {
        "steps": {
            "cold_build": {"median": cold, "runs": [run(cold, ["a", "b"], 1500.0)]},
            "cold_build_serial": {
                "median": 2.2 * cold,
                "runs": [run(2.2 * cold, ["a", "b"])],
                "notebook_exec_seconds": 2 * cold,
            },
            "warm_build": {"median": warm, "runs": [run(warm, [])]},
            "edit_code": {
                "median": 5.0,
                "notebook": "a",
                "expected": ["a"],
                "runs": [run(5.0, executed)],
            },
            "edit_markdown": {
                "median": 4.0,
                "notebook": "a",
                "expected": [],
                "runs": [run(4.0, [])],
            },
            "make_test": {"median": 140.0, "runs": [run(140.0, [])]},
        },
        "loaders": {
            k: {"dataset": f"d-{k}", "tidy_s": [tidy] * 3, "raw_s": [raw] * 3}
            for k, (tidy, raw) in loaders.items()
        },
    }


def test_targets_and_table() -> None:
    good = bench_report.targets(_result(100.0, 4.0, ["a"], {"x": (0.02, 0.3), "y": (0.005, 0.01)}))
    met = {t["name"]: t["met"] for t in good}
    assert all(met.values()) and len(met) == 7, good
    by = {t["name"]: t for t in good}
    assert by["cold build / serial notebook execution"]["value"] == "0.50"
    assert by["make test / cold build"]["value"] == "1.40"
    assert by["warm rebuild / cold build"]["value"] == "4%"
    assert "1500 MB" in by["peak memory of make book / 2 GB"]["note"]
    assert "2 of 2 loaders" in by["tidy load from cache vs raw parse, per loader"]["value"]
    # too slow a warm build, an extra notebook, a tidy load neither 10x faster nor < 10 ms
    bad = bench_report.targets(_result(100.0, 20.0, ["a", "b"], {"x": (0.02, 0.1)}))
    by = {t["name"]: t for t in bad}
    assert not by["warm rebuild / cold build"]["met"]
    assert not by["one notebook edited: notebooks executed"]["met"]
    assert "extra b" in by["one notebook edited: notebooks executed"]["value"]
    tidy = by["tidy load from cache vs raw parse, per loader"]
    assert not tidy["met"] and "x: 5.0×, tidy load 20 ms" in tidy["note"]
    assert by["one notebook's prose edited: notebooks executed"]["met"]
    table = bench_report.report_tables({**_result(100.0, 4.0, ["a"], {}), "targets": good})
    assert "| warm rebuild, nothing changed | 4.0 s | 1 | 4% | 0 |" in table
    assert "| cold build, one worker (`JOBS=1`) | 220.0 s | 1 |" in table


def test_ratio_chart_draws_every_ratio_against_its_limit() -> None:
    contract = bench_report.ratio_chart(_result(100.0, 20.0, ["a"], {}))
    assert contract is not None
    rows = [r for rows in contract["spec"]["datasets"].values() for r in rows]
    shares = {r["target"]: r["tiv"] for r in rows}
    assert shares["warm rebuild / cold build"] == 400.0  # 20% of a 5% limit
    assert shares["cold build / serial notebook execution"] == round(100 * 0.5 / 0.55, 1)
    assert {r["group"] for r in rows} == {"within the target", "over the target"}
    assert "CC BY 4.0" in contract["source"] and contract["datasets"] == []
    assert bench_report.ratio_chart({"steps": {}}) is None
