"""Registry, verified fetching, the tidy cache and stale-notebook detection."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.errors import ChecksumError, DataUnavailableError, RegistryError
from analysis.inputs.cache import cache_path, cached, read_table, write_table
from analysis.inputs.fetch import fetch_file, sha256_of
from analysis.inputs.registry import datasets, parse_registry
from booktools import book
from booktools.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
SHARED_SUMS = ROOT.parent / "shared" / "data" / "SHA256SUMS"


def _sums() -> dict[str, str]:
    out = {}
    for line in SHARED_SUMS.read_text().splitlines():
        digest, path = line.split(maxsplit=1)
        out[path.removeprefix("./")] = digest
    return out


def test_registry_matches_published_checksums() -> None:
    registered = {f"{d.id}/{f.name}": f.sha256 for d in datasets().values() for f in d.files}
    assert registered == _sums()


def test_registry_entries_have_provenance() -> None:
    for ds in datasets().values():
        assert ds.licence and ds.citation and ds.publisher, ds.id
        for raw in ds.files:
            assert raw.url.startswith("https://raw.githubusercontent.com/"), raw.url
            assert raw.name in raw.url


@pytest.fixture
def raw_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "raw"
    monkeypatch.setenv("BOOK_RAW_DIR", str(target))
    return target


@pytest.fixture
def bad_mirror(tmp_path: Path, mirror: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "mirror"
    shutil.copytree(mirror, copy)
    for path in copy.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    monkeypatch.setenv("BOOK_DATA_MIRROR", str(copy))
    return copy


def test_fetch_from_mirror_verifies(raw_tmp: Path) -> None:
    got = fetch_file("atop")
    assert got.path == raw_tmp / "atop" / "atop_alliance.rda"
    assert sha256_of(got.path) == got.sha256


def test_corrupt_mirror_file_is_refused_and_not_kept(raw_tmp: Path, bad_mirror: Path) -> None:
    with open(bad_mirror / "atop" / "atop_alliance.rda", "ab") as handle:
        handle.write(b"corrupt")
    with pytest.raises(ChecksumError) as info:
        fetch_file("atop")
    message = str(info.value)
    assert "'atop'" in message and "1449ca0369aed33c" in message and "got " in message
    assert not any((raw_tmp / "atop").iterdir()), "corrupt bytes were left in data/raw"


def test_truncated_mirror_file_is_refused(raw_tmp: Path, bad_mirror: Path) -> None:
    path = bad_mirror / "unvotes" / "un_votes.rda"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ChecksumError, match="unvotes"):
        fetch_file("unvotes", "un_votes.rda")
    assert list((raw_tmp / "unvotes").iterdir()) == []


def test_corrupt_file_already_in_raw_is_replaced(raw_tmp: Path) -> None:
    good = fetch_file("atop").path
    good.write_bytes(b"tampered")
    again = fetch_file("atop")
    assert sha256_of(again.path) == again.sha256


def test_verified_file_is_not_hashed_again(raw_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second fetch of an unchanged file trusts its stamp (size and mtime), as make does."""
    import analysis.inputs.fetch as fetch

    fetch_file("atop")
    calls: list[Path] = []
    real = fetch.sha256_of
    monkeypatch.setattr(fetch, "sha256_of", lambda p: calls.append(p) or real(p))
    again = fetch_file("atop")
    assert calls == [] and again.path.is_file()


def test_changed_file_with_a_stamp_is_hashed_and_replaced(raw_tmp: Path) -> None:
    """Same size, other bytes and another mtime: the stamp no longer vouches for it."""
    import os

    good = fetch_file("atop").path
    data = bytearray(good.read_bytes())
    data[100] ^= 0xFF
    good.write_bytes(bytes(data))
    stat = good.stat()
    os.utime(good, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    again = fetch_file("atop")
    assert sha256_of(again.path) == again.sha256


def test_file_replaced_with_same_size_and_mtime_is_hashed_again(raw_tmp: Path) -> None:
    """Other bytes of the same size moved into place with the old mtime (a restore, a
    ``cp -p``): the stamp names the file's inode and change time too, so it is hashed."""
    import os

    good = fetch_file("atop").path
    stat = good.stat()
    data = bytearray(good.read_bytes())
    data[100] ^= 0xFF
    other = good.with_name("replacement")
    other.write_bytes(bytes(data))
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(other, good)
    assert good.stat().st_size == stat.st_size and good.stat().st_mtime_ns == stat.st_mtime_ns
    again = fetch_file("atop")
    assert sha256_of(again.path) == again.sha256


def test_mirror_missing_a_file(raw_tmp: Path, bad_mirror: Path) -> None:
    (bad_mirror / "cow-nmc" / "cow_nmc.rda").unlink()
    with pytest.raises(
        DataUnavailableError, match=r"cow-nmc.*'cow_nmc.rda'.*missing from the mirror"
    ):
        fetch_file("cow-nmc")
    assert list((raw_tmp / "cow-nmc").iterdir()) == [], "debris left in data/raw"


def _tmp_book(tmp_path: Path, url: str, sha: str = "0" * 64) -> Path:
    root = tmp_path / "book"
    (root / "data").mkdir(parents=True)
    (root / "data" / "sources.yml").write_text(
        "datasets:\n"
        "  - {id: demo, title: t, publisher: p, release: r, licence: l, homepage: h,\n"
        "     years: y, citation: c, bibkey: b, repository: o/r,\n"
        f"     files: [{{name: demo.csv, url: '{url}', sha256: '{sha}', size: 1}}]}}\n"
    )
    return root


def test_no_network_and_no_mirror_says_how_to_provide_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tmp_book(tmp_path, "https://127.0.0.1:9/demo.csv")
    monkeypatch.setenv("BOOK_ROOT", str(root))
    monkeypatch.setenv("BOOK_RAW_DIR", str(root / "data" / "raw"))
    monkeypatch.delenv("BOOK_DATA_MIRROR", raising=False)
    with pytest.raises(DataUnavailableError) as info:
        fetch_file("demo")
    assert "BOOK_DATA_MIRROR" in str(info.value) and "'demo'" in str(info.value)
    assert not (root / "data" / "raw" / "demo" / "demo.csv").exists()


def test_registry_entry_with_wrong_hash(
    tmp_path: Path, mirror: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tmp_book(tmp_path, "https://example.invalid/demo.csv", sha="a" * 64)
    (tmp_path / "m" / "demo").mkdir(parents=True)
    (tmp_path / "m" / "demo" / "demo.csv").write_text("x,y\n1,2\n")
    monkeypatch.setenv("BOOK_ROOT", str(root))
    monkeypatch.setenv("BOOK_RAW_DIR", str(root / "data" / "raw"))
    monkeypatch.setenv("BOOK_DATA_MIRROR", str(tmp_path / "m"))
    with pytest.raises(ChecksumError, match="expected sha256 a{64}"):
        fetch_file("demo")
    assert list((root / "data" / "raw" / "demo").iterdir()) == []


def test_malformed_registry_names_dataset() -> None:
    text = "datasets:\n  - {id: broken, title: t, files: []}\n"
    with pytest.raises(RegistryError, match="'broken'"):
        parse_registry(text, origin="x.yml")
    with pytest.raises(RegistryError, match="sha256"):
        parse_registry(
            "datasets:\n  - {id: d, title: t, publisher: p, release: r, licence: l, homepage: h,"
            " years: y, citation: c, bibkey: b, repository: o/r,"
            " files: [{name: f, url: 'https://x/f', sha256: nothex, size: 1}]}\n"
        )


def test_make_data_exits_nonzero_naming_dataset(
    raw_tmp: Path, bad_mirror: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(bad_mirror / "icews-dyadyear" / "icews.rda", "ab") as handle:
        handle.write(b"!")
    assert main(["data"]) == 1
    assert "icews-dyadyear" in capsys.readouterr().err
    assert not (raw_tmp / "icews-dyadyear" / "icews.rda").exists()


def test_cache_builds_once_and_survives_interruption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOK_PROCESSED_DIR", str(tmp_path / "processed"))
    calls: list[int] = []

    def build() -> pd.DataFrame:
        calls.append(1)
        return pd.DataFrame({"year": [2012, 2013], "value": [1.5, float("nan")]})

    first = cached("demo", "load_demo", 1, ["ab"], build)
    target = cache_path("demo", "load_demo", 1, ["ab"])
    # an interrupted writer leaves a temporary file; a killed one may leave a truncated target
    (target.parent / ".tmp-killed.arrow").write_bytes(b"ARROW1 partial")
    target.write_bytes(target.read_bytes()[:20])
    second = cached("demo", "load_demo", 1, ["ab"], build)
    pd.testing.assert_frame_equal(first, second)
    assert len(calls) == 2 and not list(target.parent.glob(".tmp-*"))
    cached("demo", "load_demo", 1, ["ab"], build)
    assert len(calls) == 2, "a valid cache entry was rebuilt"
    cached("demo", "load_demo", 2, ["ab"], build)
    assert len(calls) == 3, "a new loader version did not rebuild"
    assert [p.name for p in target.parent.iterdir()] == [
        cache_path("demo", "load_demo", 2, ["ab"]).name
    ]


def test_cached_table_reads_back_as_the_parquet_reader_would(tmp_path: Path) -> None:
    """The cache's file format gives back exactly the frame a parquet round trip gives:
    columns, dtypes, values, missing texts as None, and columns a notebook may change."""
    frame = pd.DataFrame(
        {
            "iso3": ["BLR", None, "RUS", "BLR"],
            "year": [2019, 2020, 2021, 2022],
            "value": [1.5, float("nan"), 2.0, -1.0],
            "flag": [True, False, True, True],
            "count": pd.array([1, None, 3, 4], dtype="Int64"),
            "when": pd.to_datetime(["2019-01-01", "2020-02-02", None, "2022-04-04"]),
            "vote": pd.Categorical(["yes", "no", None, "yes"]),
            "empty": [None, None, None, None],
            "source": ["S"] * 4,
        }
    )
    for sample in (frame, frame[["iso3", "source"]], frame.iloc[:0]):
        sample.to_parquet(tmp_path / "t.parquet", index=False)
        want = pd.read_parquet(tmp_path / "t.parquet")
        write_table(sample, tmp_path / "t.arrow")
        got = read_table(tmp_path / "t.arrow")
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert got.columns.equals(want.columns) and type(got.index) is type(want.index)
        for name in got.columns:
            assert [type(v) for v in got[name]] == [type(v) for v in want[name]], name
            assert got[name].to_numpy().flags.writeable, name


# --- which notebooks run again: a temporary mini-book ----------------------------------

MINI_PACKAGE = {
    "__init__.py": "from analysis.errors import BookError\n",
    "errors.py": "class BookError(Exception):\n    pass\n",
    "paths.py": "ROOT = '.'\n",
    "charts.py": "from analysis.paths import ROOT\n\ndef finish(datasets=()):\n    return ROOT\n",
    "inputs/__init__.py": "",
    "inputs/curated.py": "BOOK_INPUTS = ('data/curated/*.csv',)\n\ndef load_curated(name):\n    return name\n",
    "inputs/loaders/__init__.py": (
        "from analysis.inputs.loaders._base import LOADERS, tidy_loader\n"
        "from analysis.inputs.loaders.alpha import load_alpha\n"
        "from analysis.inputs.loaders.beta import load_beta\n"
    ),
    "inputs/loaders/_base.py": (
        "from analysis.errors import BookError\nLOADERS = {}\n\n"
        "def tidy_loader(dataset_id, files, version, schema):\n    return lambda f: f\n"
    ),
    "inputs/loaders/alpha.py": (
        "from analysis.inputs.loaders._base import tidy_loader\n\nALPHA_ID = 'alpha'\n\n"
        "@tidy_loader(ALPHA_ID, files=('a.csv',), version=1, schema=None)\n"
        "def load_alpha(path):\n    return path\n"
    ),
    "inputs/loaders/beta.py": (
        "from ._base import tidy_loader\n\n"
        "@tidy_loader('beta', files=('b.csv',), version=1, schema=None)\n"
        "def load_beta(path):\n    return path\n"
    ),
    "metrics/__init__.py": "",
    "metrics/spend.py": (
        "def beta_total():\n    from analysis.inputs.loaders import load_beta\n\n    return load_beta()\n"
    ),
}
MINI_NOTEBOOKS = {
    "alpha.ipynb": "from analysis.inputs.loaders import load_alpha\nload_alpha()",
    "beta.ipynb": "from analysis.metrics.spend import beta_total\nbeta_total()",
    "facts.ipynb": "import analysis.inputs.curated as cur\ncur.load_curated('t')\nprint('gamma')",
    "plain.ipynb": "print(1)",
    "chart.ipynb": "%matplotlib inline\nfrom analysis import charts\ncharts.finish()",
}
MINI_REGISTRY = """datasets:
  - {id: alpha, licence: CC0, sha256: aaa}
  - {id: beta, licence: CC0, sha256: bbb}
  - {id: gamma, licence: CC0, sha256: ccc}
"""


def _mini_book(root: Path) -> Path:
    for name, text in MINI_PACKAGE.items():
        path = root / "src" / "analysis" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "chapters" / "c").mkdir(parents=True)
    for name, code in MINI_NOTEBOOKS.items():
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell(code)]
        nbformat.write(nb, root / "chapters" / "c" / name)
    (root / "data" / "curated").mkdir(parents=True)
    (root / "data" / "curated" / "t.csv").write_text("fact_id,value\nx,1\n")
    (root / "data" / "sources.yml").write_text(MINI_REGISTRY)
    (root / "requirements.lock").write_text("pandas==2.2.3\n")
    return root


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _edit_cell(path: Path, index: int, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[index].source += text
    nbformat.write(nb, path)


def test_changed_inputs_invalidate_notebooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _mini_book(tmp_path / "book")
    monkeypatch.setenv("BOOK_ROOT", str(root))
    chapters, src = root / "chapters" / "c", root / "src" / "analysis"

    def stale() -> set[str]:
        return {p.name for p in book.invalidate_stale(root)}

    assert stale() == set(MINI_NOTEBOOKS)
    assert stale() == set()
    # Editing one notebook's code re-executes that notebook alone: jupyter-cache sees its
    # new code, and no other notebook depends on it. Editing prose re-executes nothing.
    _edit_cell(chapters / "alpha.ipynb", 1, "\n# a comment")
    assert stale() == set()
    _edit_cell(chapters / "beta.ipynb", 0, " and more words")
    assert stale() == set()
    # A loader change re-executes exactly the notebooks that use it, directly or through
    # a module; the package's re-exports do not tie every loader to every notebook.
    _append(src / "inputs" / "loaders" / "alpha.py", "# changed\n")
    assert stale() == {"alpha.ipynb"}
    _append(src / "inputs" / "loaders" / "beta.py", "# changed\n")
    assert stale() == {"beta.ipynb"}
    _append(src / "metrics" / "spend.py", "# changed\n")
    assert stale() == {"beta.ipynb"}
    _append(src / "inputs" / "loaders" / "_base.py", "# changed\n")
    assert stale() == {"alpha.ipynb", "beta.ipynb"}
    _append(src / "inputs" / "loaders" / "__init__.py", "# changed\n")
    assert stale() == {"alpha.ipynb", "beta.ipynb"}
    _append(src / "charts.py", "# changed\n")
    assert stale() == {"chart.ipynb"}  # parsed despite its IPython magic
    _append(src / "paths.py", "# changed\n")
    assert stale() == {"chart.ipynb"}
    _append(src / "errors.py", "# changed\n")
    assert stale() == {"alpha.ipynb", "beta.ipynb"}  # via loaders/_base.py
    _append(src / "__init__.py", "# changed\n")
    assert stale() == set(MINI_NOTEBOOKS) - {"plain.ipynb"}
    # Curated tables count for the notebooks whose modules read them.
    _append(root / "data" / "curated" / "t.csv", "y,2\n")
    assert stale() == {"facts.ipynb"}
    # A registry entry counts for the notebooks using its dataset (or naming its id).
    registry = root / "data" / "sources.yml"
    registry.write_text(MINI_REGISTRY.replace("sha256: aaa", "sha256: abc"))
    assert stale() == {"alpha.ipynb"}
    registry.write_text(registry.read_text().replace("sha256: ccc", "sha256: cde"))
    assert stale() == {"facts.ipynb"}
    _append(registry, "  - {id: delta, licence: CC0, sha256: ddd}\n")
    assert stale() == set()
    # The lock file counts for every notebook.
    _append(root / "requirements.lock", "numpy==2.1.0\n")
    assert stale() == set(MINI_NOTEBOOKS)
    # Globs a notebook declares; a new module file nobody imports changes nothing.
    nb = nbformat.read(chapters / "plain.ipynb", as_version=4)
    nb.metadata["book"] = {"depends_on": ["data/extra/*.txt"]}
    nbformat.write(nb, chapters / "plain.ipynb")
    (root / "data" / "extra").mkdir()
    (root / "data" / "extra" / "x.txt").write_text("1")
    assert stale() == {"plain.ipynb"}
    (src / "unused.py").write_text("X = 1\n")
    assert stale() == set()
    # A cell that does not parse ties its notebook to the whole package.
    _edit_cell(chapters / "plain.ipynb", 1, "\nthis is not python(")
    assert stale() == {"plain.ipynb"}
    _append(src / "unused.py", "# changed\n")
    assert stale() == {"plain.ipynb"}


def test_deps_entry_point_and_dataset_usage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _mini_book(tmp_path / "book")
    monkeypatch.setenv("BOOK_ROOT", str(root))
    assert main(["deps"]) == 0
    assert "chapters/c/alpha.ipynb" in capsys.readouterr().out
    assert main(["deps"]) == 0
    assert "No notebook inputs changed" in capsys.readouterr().out
    assert main(["deps", "--explain", "chapters/c/beta.ipynb"]) == 0
    out = capsys.readouterr().out
    assert "analysis.inputs.loaders.beta" in out and "analysis.inputs.loaders.alpha" not in out
    assert "loaders:  load_beta" in out and "datasets: beta" in out
    assert book.dataset_usage(root) == {
        "alpha": ["chapters/c/alpha.ipynb"],
        "beta": ["chapters/c/beta.ipynb"],
        "gamma": ["chapters/c/facts.ipynb"],
    }
    deps = book.BookDeps(root)
    assert deps.dependents(Path("src/analysis/inputs/loaders/beta.py")) == [
        Path("chapters/c/beta.ipynb")
    ]


def test_static_loader_discovery_matches_registry() -> None:
    from analysis.inputs.loaders import LOADERS

    static = book.BookDeps().package.loaders
    assert {name: dataset_id for name, (_, dataset_id) in static.items()} == {
        name: info.dataset_id for name, info in LOADERS.items() if not name.startswith("fault_")
    }


def test_book_notebooks_depend_on_their_own_loaders_only() -> None:
    deps = book.BookDeps()
    coverage = deps.deps(Path("chapters/appendix/coverage.ipynb"))
    assert coverage.loaders == ("load_wdi_milex_gdp",) and coverage.datasets == ("wdi-milex-gdp",)
    names = {str(p.relative_to(deps.root)) for p in coverage.files}
    assert (
        "src/analysis/inputs/loaders/wdi.py" in names
        and "src/analysis/inputs/loaders/sipri.py" not in names
    )
    assert "data/curated/zapad_claims.csv" not in names
    appendix = deps.deps(Path("chapters/appendix/data-and-sources.ipynb"))
    assert appendix.derived == ("@dataset-usage",)
    assert not any(p.suffix == ".ipynb" for p in appendix.files)
