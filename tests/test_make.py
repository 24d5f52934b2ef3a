"""The inner loop and the test lanes: ``make check``, ``make test``, markers, pre-commit.

``make check`` is ruff (lint and format), mypy and the unit tests, side by side; ``make
test`` runs the same three plus the workflow linters, the book, and the data/build/site tests
with nbval in one pytest run, each check once. The site tests read only a build newer than its inputs, and each test
gets exactly one kind (tests/conftest.py). Unit tests: they read files, run nothing.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

import conftest
from conftest import ROOT, make_prerequisites, make_test_step

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _recipe(target: str) -> str:
    return MAKEFILE.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]


def test_make_check_is_ruff_mypy_and_the_unit_tests() -> None:
    checks = re.search(r"^CHECKS := (.*)$", MAKEFILE, flags=re.M)
    assert checks and checks.group(1).split() == ["lint", "typecheck", "unit"]
    assert "$(MAKE) --no-print-directory -j2 --output-sync=target $(CHECKS)" in _recipe("check")
    lint = make_test_step("lint")
    assert "$(VENV)/bin/ruff check src tests" in lint
    assert "$(VENV)/bin/ruff format --check src tests" in lint
    assert "$(PY) -m pytest -m unit" in make_test_step("unit")
    locked = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    for package in ("ruff", "pre_commit", "mypy"):
        assert any(line.startswith(f"{package}==") for line in locked), package


def test_make_test_runs_every_check_once() -> None:
    reached = make_prerequisites("test")
    for target in ("lint", "typecheck", "unit", "lint-workflow", "book", "slow"):
        assert reached.count(target) == 1, (target, reached)
    # the site tests read the build this run made; nbval over the chapters runs in the same
    # pytest run as the data, build and site tests (make nbval alone is not part of it)
    assert "book" in make_prerequisites("slow")
    assert "nbval" not in reached
    assert '$(PY) -m pytest -m "not unit" $(XDIST) tests --nbval chapters/' in _recipe("slow")
    # pytest over tests/ runs in two lanes that do not overlap; mypy and the linters run as
    # make targets only (tests check the checks with planted faults, not the tree again)
    runs = re.findall(r"\$\(PY\) -m pytest( [^\n]*)?$", MAKEFILE, flags=re.M)
    lanes = sorted(
        " ".join(r.replace("$(XDIST)", "").split())
        for r in runs
        if not r.strip().startswith("--nbval")
        and not any(s in r for s in ("test_browser", "test_report"))
    )
    assert lanes == ['-m "not unit" tests --nbval chapters/', "-m unit -q"], lanes
    assert MAKEFILE.count("$(VENV)/bin/mypy") == 1
    tests = "".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").glob("test_*.py")
        if p.name != "test_make.py"
    )
    assert '_mypy("src/analysis")' not in tests and "(*WORKFLOWS)" not in tests


def test_book_stamps_its_build() -> None:
    assert "touch $(BUILD_STAMP)" in _recipe("book-build")
    stamp = re.search(r"^BUILD_STAMP := (\S+)$", MAKEFILE, flags=re.M)
    assert stamp and ROOT / stamp.group(1) == conftest.BUILD_STAMP


def test_site_tests_refuse_a_missing_or_stale_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = tmp_path / "_build" / "html"
    monkeypatch.setattr(conftest, "ROOT", tmp_path)
    monkeypatch.setattr(conftest, "HTML", html)
    monkeypatch.setattr(conftest, "BUILD_STAMP", html / ".book-built")
    monkeypatch.delenv("BOOK_BROWSER_REQUIRED", raising=False)
    (tmp_path / "chapters" / "c").mkdir(parents=True)
    notebook = tmp_path / "chapters" / "c" / "n.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    with pytest.raises(pytest.skip.Exception, match="make book"):
        conftest.require_fresh_build()
    html.mkdir(parents=True)
    (html / ".book-built").touch()
    assert conftest.require_fresh_build() == html
    later = time.time() + 10
    os.utime(notebook, (later, later))
    with pytest.raises(pytest.skip.Exception, match=r"older than 1 of its inputs.*n\.ipynb"):
        conftest.require_fresh_build()
    monkeypatch.setenv("BOOK_BROWSER_REQUIRED", "1")
    with pytest.raises(pytest.fail.Exception, match="BOOK_BROWSER_REQUIRED=1"):
        conftest.require_fresh_build()


def _item(module: str, fixtures: tuple[str, ...] = (), marks: tuple[str, ...] = ()) -> Any:
    return SimpleNamespace(
        path=Path(f"tests/{module}.py"),
        fixturenames=fixtures,
        get_closest_marker=lambda name: name if name in marks else None,
    )


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        (_item("test_charts"), "unit"),
        (_item("test_charts", ("tmp_path",)), "unit"),
        (_item("test_faults", ("mirror", "tmp_path")), "data"),
        (_item("test_loaders_sipri"), "data"),
        (_item("test_metrics_votes"), "data"),
        (_item("test_metrics_votes", marks=("unit",)), "unit"),
        (_item("test_bench", ("tiny_book",)), "build"),
        (_item("test_faults", ("failing_book", "mirror")), "build"),
        (_item("test_site", marks=("build",)), "build"),
        (_item("test_site", ("built_site",)), "site"),
        (_item("test_browser", marks=("site",)), "site"),
    ],
)
def test_each_test_has_one_kind(item: Any, kind: str) -> None:
    assert conftest.kind_of(item) == kind


def test_a_pages_browser_checks_are_one_unit_its_visits_first() -> None:
    """The layout tests of a page read what its visits measured (test_browser.LAYOUT) on
    their worker: under xdist they share a unit of work (scope_of), the visits first."""

    def item(nodeid: str) -> Any:
        return SimpleNamespace(
            nodeid=nodeid,
            path=Path(nodeid.split("::")[0]),
            fixturenames=("browser",),
            get_closest_marker=lambda name: None,
        )

    layout, visits = "tests/test_reader_layout.py::", "tests/test_browser.py::"
    items = [
        item(layout + "test_charts_reflow_at_phone_width[a.html]"),
        item(layout + "test_ledger_is_readable_at_desktop_width"),
        item("tests/test_charts.py::test_one"),
        item(visits + "test_page_over_http[a.html]"),
        item(visits + "test_page_over_http[b.html]"),
        item(visits + "test_page_from_file[a.html]"),
        item(visits + "test_page_weights"),
        item(layout + "test_chart_text_does_not_overlap_at_desktop_width[a.html]"),
    ]
    units: dict[str, list[str]] = {}
    for it in conftest.schedule(items):
        units.setdefault(conftest.scope_of(it.nodeid), []).append(it.nodeid.split("::")[1])
    assert list(units) == [
        "tests/test_charts.py",
        "browser page a.html",
        "browser page b.html",
        visits + "test_page_weights",
        layout + "test_ledger_is_readable_at_desktop_width",
    ]
    assert units["browser page a.html"] == [
        "test_page_over_http[a.html]",
        "test_page_from_file[a.html]",
        "test_charts_reflow_at_phone_width[a.html]",
        "test_chart_text_does_not_overlap_at_desktop_width[a.html]",
    ]


def test_pre_commit_hooks_are_local_and_run_the_locked_tools() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # offline: nothing to fetch
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert {"ruff-check", "ruff-format", "mypy"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["entry"].startswith(".venv/bin/"), hook["entry"]
