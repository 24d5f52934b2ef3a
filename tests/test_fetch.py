"""Registry, verified fetching, the tidy cache and stale-notebook detection."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import book
from analysis.__main__ import main
from analysis.cache import cached, cache_path
from analysis.errors import ChecksumError, DataUnavailableError, RegistryError
from analysis.fetch import fetch_file, sha256_of
from analysis.registry import datasets, parse_registry

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


def test_mirror_missing_a_file(raw_tmp: Path, bad_mirror: Path) -> None:
    (bad_mirror / "cow-nmc" / "cow_nmc.rda").unlink()
    with pytest.raises(DataUnavailableError, match=r"cow-nmc.*missing from the mirror"):
        fetch_file("cow-nmc")


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
    (target.parent / ".tmp-killed.parquet").write_bytes(b"PAR1 partial")
    target.write_bytes(target.read_bytes()[:20])
    second = cached("demo", "load_demo", 1, ["ab"], build)
    pd.testing.assert_frame_equal(first, second)
    assert len(calls) == 2 and not list(target.parent.glob(".tmp-*"))
    cached("demo", "load_demo", 1, ["ab"], build)
    assert len(calls) == 2, "a valid cache entry was rebuilt"
    cached("demo", "load_demo", 2, ["ab"], build)
    assert len(calls) == 3, "a new loader version did not rebuild"
    assert [p.name for p in target.parent.glob("*.parquet")] == [
        cache_path("demo", "load_demo", 2, ["ab"]).name
    ]


def test_changed_inputs_invalidate_notebooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "book"
    (root / "chapters" / "c").mkdir(parents=True)
    (root / "src" / "analysis").mkdir(parents=True)
    module = root / "src" / "analysis" / "metrics.py"
    module.write_text("X = 1\n")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("print(1)")]
    nbformat.write(nb, root / "chapters" / "c" / "a.ipynb")
    monkeypatch.setenv("BOOK_ROOT", str(root))
    assert book.invalidate_stale(root) == [Path("chapters/c/a.ipynb")]
    assert book.invalidate_stale(root) == []
    module.write_text("X = 2\n")
    assert book.invalidate_stale(root) == [Path("chapters/c/a.ipynb")]
    (root / "data").mkdir()
    (root / "data" / "sources.yml").write_text("datasets: []\n")
    assert book.invalidate_stale(root) == [Path("chapters/c/a.ipynb")]
