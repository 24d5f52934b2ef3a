"""The fault suite: the book under bad input fails loudly, names the culprit, leaves no debris.

Every case of issue 7, and each fault the publishing workflow's linters must catch, is
listed in :data:`FAULT_CASES` with the test that proves it;
:func:`test_every_fault_case_has_a_test` keeps the list honest. Cases already proven
elsewhere (fetching in ``test_fetch.py``, curated tables in ``test_curated.py``,
annotations in ``test_articles.py``, SIPRI layouts in ``test_loaders_sipri.py``, the
workflow linters in ``test_workflow.py``) are referenced, not repeated; the cases below
are the ones no other file covered:

* raw layout changes no test fed to a parser before (a year written as text);
* a notebook that raises, through ``make book`` (the real Makefile and ``_config.yml``
  in a minimal temporary book) and through ``python -m booktools execute``;
* a process killed with SIGKILL while writing the tidy cache or a download, and the
  next run that recovers.

Each case asserts an exception or a non-zero exit whose message names the file, the
dataset, the row or the id, and that nothing corrupt or half-written is left where a
later step could read it.
"""

from __future__ import annotations

import csv
import importlib
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from analysis.errors import LayoutError
from analysis.inputs.loaders import LOADERS, tidy_loader
from analysis.inputs.loaders.sipri import (
    MILEX_FILE,
    MILEX_SHEETS,
    parse_sipri_milex,
)
from analysis.inputs.loaders.sipri_arms import (
    REGISTER_FILE,
    TIV_FILES,
    parse_sipri_arms_register,
    parse_sipri_tiv,
)
from conftest import mini_book

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent.parent  # the venv running the tests (make's $(VENV))

#: Each fault case (issue 7, the workflow linters) -> the tests (``module::function``) proving it.
FAULT_CASES: dict[str, list[str]] = {
    "raw file with wrong bytes": [
        "test_fetch::test_corrupt_mirror_file_is_refused_and_not_kept",
        "test_fetch::test_corrupt_file_already_in_raw_is_replaced",
        "test_fetch::test_make_data_exits_nonzero_naming_dataset",
    ],
    "truncated raw file": ["test_fetch::test_truncated_mirror_file_is_refused"],
    "registry entry with a wrong hash": ["test_fetch::test_registry_entry_with_wrong_hash"],
    "mirror folder missing a file": ["test_fetch::test_mirror_missing_a_file"],
    "no network and no mirror": [
        "test_fetch::test_no_network_and_no_mirror_says_how_to_provide_data"
    ],
    "malformed registry": ["test_fetch::test_malformed_registry_names_dataset"],
    "SIPRI sheet renamed": ["test_loaders_sipri::test_milex_renamed_sheet_raises_layout_error"],
    "SIPRI header row changed": [
        "test_loaders_sipri::test_milex_missing_header_raises_layout_error"
    ],
    "column missing": ["test_loaders_sipri::test_register_missing_column_raises_layout_error"],
    "year column of text": [
        "test_faults::test_milex_year_header_of_text",
        "test_faults::test_milex_year_column_with_text_value",
        "test_faults::test_register_year_column_of_text",
        "test_faults::test_tiv_year_column_of_text",
    ],
    "layout error through a loader writes no cache": [
        "test_faults::test_layout_error_in_loader_names_dataset_and_caches_nothing"
    ],
    "curated CSV with a wrong column count": [
        "test_curated::test_wrong_column_count",
        "test_curated::test_extra_column",
        "test_curated::test_missing_header_column",
    ],
    "curated CSV with a non-numeric figure": [
        "test_curated::test_non_numeric_figure",
        "test_curated::test_non_numeric_value",
    ],
    "curated CSV with an unknown tier": ["test_curated::test_unknown_tier"],
    "curated CSV with a missing source URL": [
        "test_curated::test_missing_source_url",
        "test_curated::test_non_http_source_url",
    ],
    "annotation: relation to an unknown entity": ["test_articles::test_unknown_relation_endpoint"],
    "annotation: duplicate id": ["test_articles::test_duplicate_id"],
    "annotation: claim without a (valid) kind, verdict without a why": [
        "test_articles::test_claim_kind_invalid_or_missing",
        "test_articles::test_bad_evidence_and_verdict_without_why",
    ],
    "curated table no chapter reads, with a surplus field (issue 13)": [
        "test_curated::test_validate_all_lists_every_problem",
        "test_curated::test_every_bad_row_count_reported_at_once",
    ],
    "annotation: verdict on self-sourced or tier C/W evidence only (issue 13)": [
        "test_articles::test_self_sourced_row_cannot_support_its_own_claim",
        "test_articles::test_flagged_rows_never_decide_a_verdict",
        "test_articles::test_decided_verdict_needs_rows_not_just_a_table",
        "test_curated::test_validate_all_names_claim_and_row",
    ],
    "annotation: conditional forecast judged although its condition did not hold": [
        "test_articles::test_condition_not_held_cannot_be_contradicted",
        "test_articles::test_conditional_forecast_must_record_its_condition",
    ],
    "annotation: inferred date cited as firm": [
        "test_articles::test_inferred_date_must_be_shown_as_inferred",
        "test_articles::test_inferred_event_date_marked_on_event_and_relations",
    ],
    "notebook that raises, in the build": [
        "test_faults::test_book_build_fails_naming_notebook_and_cell"
    ],
    "notebook that raises, in make notebooks": [
        "test_faults::test_execute_fails_naming_cell_and_leaves_notebook_unchanged"
    ],
    "killed while writing the tidy cache": ["test_faults::test_killed_while_writing_tidy_cache"],
    "killed while downloading": ["test_faults::test_killed_while_downloading"],
    "truncated tidy cache file": ["test_fetch::test_cache_builds_once_and_survives_interruption"],
    # The publishing workflow's linters (make lint-workflow) each catch a planted fault.
    "workflow: action pinned to a tag, not a commit (zizmor unpinned-uses)": [
        "test_workflow::test_zizmor_catches_unpinned_action"
    ],
    "workflow: template injection in a run step (zizmor template-injection)": [
        "test_workflow::test_zizmor_catches_template_injection"
    ],
    "workflow: job without runs-on, unknown top-level key (check-jsonschema)": [
        "test_workflow::test_check_jsonschema_catches_invalid_workflow"
    ],
    "workflow: undefined step output, needs an undefined job (actionlint)": [
        "test_workflow::test_actionlint_catches_undefined_references"
    ],
}


def test_every_fault_case_has_a_test() -> None:
    for case, tests in FAULT_CASES.items():
        assert tests, case
        for ref in tests:
            module_name, function = ref.split("::")
            module = importlib.import_module(module_name)
            assert callable(getattr(module, function, None)), f"{case}: {ref} does not exist"


# --- raw layout changes: a year written as text ------------------------------------------


def _milex_workbook(path: Path, header: list[object], row: list[object]) -> Path:
    """A small workbook with every measure sheet: title lines, a header row, one country."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in MILEX_SHEETS:
        ws = wb.create_sheet(spec.sheet)
        ws.append([f"Military expenditure: {spec.measure}"])
        ws.append([])
        ws.append(["Country", "Notes", *header])
        ws.append(["Europe"])
        ws.append(["Belarus", None, *row])
    wb.save(path)
    return path


def test_milex_year_header_of_text(tmp_path: Path) -> None:
    ok = _milex_workbook(tmp_path / "ok.xlsx", [2023, 2024], [1.0, 2.0])
    assert sorted(parse_sipri_milex(ok)["year"].unique()) == [2023, 2024]
    broken = _milex_workbook(tmp_path / MILEX_FILE, [2023, "2024"], [1.0, 2.0])
    with pytest.raises(LayoutError) as info:
        parse_sipri_milex(broken)
    message = str(info.value)
    for needle in ("'sipri-milex'", MILEX_FILE, MILEX_SHEETS[0].sheet, "D3", "'2024'", "text"):
        assert needle in message, message


def test_milex_year_column_with_text_value(tmp_path: Path) -> None:
    broken = _milex_workbook(tmp_path / MILEX_FILE, [2023, 2024], [1.0, "n/a"])
    with pytest.raises(LayoutError) as info:
        parse_sipri_milex(broken)
    message = str(info.value)
    for needle in ("'sipri-milex'", MILEX_FILE, "'n/a'", "D5", "Belarus", "2024"):
        assert needle in message, message


def test_register_year_column_of_text(mirror: Path, tmp_path: Path) -> None:
    lines = (
        (mirror / "sipri-arms-register" / REGISTER_FILE).read_text(encoding="ascii").splitlines()
    )
    head = next(i for i, line in enumerate(lines) if line.startswith("SIPRI AT Database ID"))
    column = next(csv.reader([lines[head].rstrip(";")])).index("Delivery year")
    fields = next(csv.reader([lines[head + 5].rstrip(";")]))
    deal_id, fields[column] = fields[0], "twenty-nineteen"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    lines[head + 5] = out.getvalue() + ";"
    broken = tmp_path / REGISTER_FILE
    broken.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    with pytest.raises(LayoutError) as info:
        parse_sipri_arms_register(broken)
    message = str(info.value)
    for needle in ("'sipri-arms-register'", REGISTER_FILE, "'Delivery year'", deal_id, "twenty"):
        assert needle in message, message


def test_tiv_year_column_of_text(mirror: Path, tmp_path: Path) -> None:
    imports, exports = (mirror / "sipri-arms-tiv" / name for name in TIV_FILES)
    lines = imports.read_text(encoding="utf-8-sig").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("Belarus,"))
    fields = lines[row].split(",")
    fields[50] = "about 8"  # column 50 is 1999
    lines[row] = ",".join(fields)
    broken = tmp_path / TIV_FILES[0]
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LayoutError) as info:
        parse_sipri_tiv(broken, exports)
    message = str(info.value)
    for needle in ("'sipri-arms-tiv'", TIV_FILES[0], "'about 8'", "'Belarus'", "1999"):
        assert needle in message, message


def test_layout_error_in_loader_names_dataset_and_caches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOK_RAW_DIR", str(tmp_path / "raw"))
    monkeypatch.setenv("BOOK_PROCESSED_DIR", str(tmp_path / "processed"))

    @tidy_loader("wdi-milex-gdp", files=("data.csv",), version=1, schema=None)  # type: ignore[arg-type]
    def fault_loader_missing_column(path: Path) -> pd.DataFrame:
        return pd.read_csv(path)["Military spending"]

    try:
        with pytest.raises(LayoutError) as info:
            fault_loader_missing_column()
    finally:
        LOADERS.pop("fault_loader_missing_column", None)
    message = str(info.value)
    assert "'wdi-milex-gdp'" in message and "data.csv" in message and "Military spending" in message
    processed = tmp_path / "processed"
    assert not processed.exists() or not any(processed.rglob("*")), list(processed.rglob("*"))


# --- a notebook that raises -------------------------------------------------------------

FAILING_CELL = "raise ValueError('planted failure: the ratio is undefined')"


@pytest.fixture(scope="module")
def failing_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A minimal book with the real Makefile and _config.yml and one notebook that raises."""
    root = tmp_path_factory.mktemp("failing") / "book"
    mini_book(root, "ratio", "# A book with one broken notebook\n")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Ratio"),
        nbformat.v4.new_code_cell("ratio = 1"),
        nbformat.v4.new_code_cell(FAILING_CELL),
        nbformat.v4.new_code_cell("print('never reached')"),
    ]
    nbformat.write(nb, root / "chapters" / "demo" / "ratio.ipynb")
    return root


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOK_RAW", "BOOK_PROCESSED"))}
    env["BOOK_ROOT"] = str(root)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _make_book_fails(root: Path) -> str:
    """``make book`` in the mini book ``root``: it must fail; its output."""
    run = subprocess.run(
        ["make", "book", f"VENV={VENV}"],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    return output


def test_book_build_fails_naming_notebook_and_cell(failing_book: Path) -> None:
    output = _make_book_fails(failing_book)
    cell_id = nbformat.read(failing_book / "chapters/demo/ratio.ipynb", as_version=4).cells[2].id
    summary = (
        f"Notebook failed: chapters/demo/ratio.ipynb: cell 3 (code cell 2, id {cell_id}) raised"
    )
    assert f"{summary} ValueError: planted failure" in output, output
    assert FAILING_CELL in output, output
    assert "Book ready" not in output, output
    assert "Executing" in output  # the notebook did run, and the build stopped on it
    assert not (failing_book / "_build" / "html" / "chapters" / "demo" / "ratio.html").exists()
    from jupyter_cache import get_cache

    cache = get_cache(str(failing_book / "_build" / ".jupyter_cache"))
    assert not [r for r in cache.list_cache_records() if r.uri.endswith("ratio.ipynb")], (
        "a failed execution was cached"
    )


def test_execute_fails_naming_cell_and_leaves_notebook_unchanged(failing_book: Path) -> None:
    path = failing_book / "chapters" / "demo" / "ratio.ipynb"
    before = path.read_bytes()
    cell_id = nbformat.read(path, as_version=4).cells[2].id
    run = subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "booktools", "execute", "chapters/demo/ratio.ipynb"],
        cwd=failing_book,
        env=_env(failing_book),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    first = next(line for line in run.stderr.splitlines() if line.startswith("error: "))
    assert first.startswith("error: chapters/demo/ratio.ipynb: cell 3 (code cell 2, id "), first
    assert cell_id in first and "ValueError: planted failure" in first, first
    assert FAILING_CELL in run.stderr
    assert path.read_bytes() == before, "the notebook file was modified"
    assert [p.name for p in path.parent.iterdir()] == ["ratio.ipynb"], "debris left beside it"


# --- interrupted runs: SIGKILL while writing ---------------------------------------------


def _kill_when_ready(script: str, marker: Path, env: dict[str, str]) -> str:
    """Run ``script`` in a fresh interpreter; SIGKILL it once it writes ``marker``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the writer ended before it was killed:\n{proc.stdout.read()}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the writer never reached its write")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return marker.read_text()


def _writer_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["BOOK_RAW_DIR"] = str(tmp_path / "raw")
    env["BOOK_PROCESSED_DIR"] = str(tmp_path / "processed")
    env["MARKER"] = str(tmp_path / "writing")
    return env


def test_killed_while_writing_tidy_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.inputs.loaders.wdi import load_wdi_milex_gdp

    expected = load_wdi_milex_gdp()
    env = _writer_env(tmp_path)
    # The writer gets as far as half a table file, says so, and hangs until killed.
    writing = _kill_when_ready(
        """
        import os, time
        import analysis.inputs.cache as cache
        real = cache.write_table
        def slow(frame, path):
            real(frame, path)
            data = open(path, "rb").read()
            open(path, "wb").write(data[: len(data) // 2])
            open(os.environ["MARKER"], "w").write(str(path))
            time.sleep(300)
        cache.write_table = slow
        from analysis.inputs.loaders.wdi import load_wdi_milex_gdp
        load_wdi_milex_gdp()
        """,
        Path(env["MARKER"]),
        env,
    )
    folder = tmp_path / "processed" / "wdi-milex-gdp"
    left = sorted(p.name for p in folder.iterdir())
    assert left == [Path(writing).name] and left[0].startswith(".tmp-"), left
    # The next run ignores and removes the half-written file, and builds a sound table.
    monkeypatch.setenv("BOOK_RAW_DIR", env["BOOK_RAW_DIR"])
    monkeypatch.setenv("BOOK_PROCESSED_DIR", env["BOOK_PROCESSED_DIR"])
    again = load_wdi_milex_gdp()
    pd.testing.assert_frame_equal(again, expected)
    names = [p.name for p in folder.iterdir()]
    assert len(names) == 1 and names[0].startswith("load_wdi_milex_gdp.v"), names


def test_killed_while_downloading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.inputs.fetch import fetch_file, sha256_of

    env = _writer_env(tmp_path)
    # The mirror copy gets half the bytes into pooch's temporary file, then hangs.
    writing = _kill_when_ready(
        """
        import os, shutil, time
        def slow(source, target, *args, **kwargs):
            data = open(source, "rb").read()
            with open(target, "wb") as handle:
                handle.write(data[: len(data) // 2])
            open(os.environ["MARKER"], "w").write(str(target))
            time.sleep(300)
        shutil.copyfile = slow
        from analysis.inputs.fetch import fetch_file
        fetch_file("atop")
        """,
        Path(env["MARKER"]),
        env,
    )
    folder = tmp_path / "raw" / "atop"
    assert not (folder / "atop_alliance.rda").exists(), "a partial download took the file's name"
    assert [p.name for p in folder.iterdir()] == [Path(writing).name]
    monkeypatch.setenv("BOOK_RAW_DIR", env["BOOK_RAW_DIR"])
    got = fetch_file("atop")
    assert sha256_of(got.path) == got.sha256
    left = sorted(p.name for p in folder.iterdir())
    assert left == [".atop_alliance.rda.verified", "atop_alliance.rda"], (
        "partial download not removed"
    )


def test_book_build_stops_at_validation_before_any_notebook(tmp_path: Path) -> None:
    """make book validates the inputs first (while the kernel server starts beside it): a
    broken annotation file stops the build with its name, and no notebook is executed."""
    root = mini_book(tmp_path / "book", "page", "# A book with a broken annotation\n")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Page"), nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, root / "chapters" / "demo" / "page.ipynb")
    (root / "data" / "articles").mkdir()
    (root / "data" / "articles" / "broken.yml").write_text("slug: [not, a, slug\n")
    output = _make_book_fails(root)
    assert "broken.yml" in output, output
    assert "Executing notebook" not in output and "Book ready" not in output, output
