"""Open data: the charts' Data Package, bundles, claims as data, JSON-LD and releases.

Unit tests on small inputs (booktools.opendata, booktools.release, booktools.provenance),
site tests on this run's build (the package validates with frictionless; every judged
claim has ClaimReview JSON-LD; every chart its provenance and Dataset JSON-LD), and a
build test: `make release` twice on a mini book, one curated value changed in between.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from booktools import opendata, provenance, release
from booktools.opendata import OpenDataError

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- unit


@pytest.mark.unit
def test_the_table_schema_types_each_column_and_takes_units_from_axes_and_rows() -> None:
    rows = [
        {"year": 2014, "value": 1.5, "unit": "USD m", "ok": True, "name": "a"},
        {"year": 2015, "value": 2, "unit": "USD m", "ok": False, "name": None},
    ]
    spec = {"encoding": {"y": {"field": "year", "title": "Year (calendar)"}}}
    schema = opendata.table_schema(rows, ["year", "value", "unit", "ok", "name", "source"], spec)
    fields = {f["name"]: f for f in schema["fields"]}
    assert [fields[c]["type"] for c in ("year", "value", "unit", "ok", "name", "source")] == [
        "integer",
        "number",
        "string",
        "boolean",
        "string",
        "string",
    ]
    assert fields["year"]["unit"] == "calendar" and fields["value"]["unit"] == "USD m"


def _package(folder: Path, cells: str) -> Path:
    (folder / "chart-a.csv").write_text("year,value\n2014,1.5\n2015,2\n", encoding="utf-8")
    (folder / "chart-b.csv").write_text(f"year,value\n{cells}\n", encoding="utf-8")
    schema = {"fields": [{"name": "year", "type": "integer"}, {"name": "value", "type": "number"}]}
    resources = [
        {"name": n, "path": f"chart-{n}.csv", "schema": schema, "book:chart_id": f"chart-{n}"}
        for n in ("a", "b")
    ]
    package = opendata.package_descriptor(resources, "0.0.1")
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


@pytest.mark.unit
def test_a_valid_package_passes_and_a_broken_one_fails_naming_the_resource(
    tmp_path: Path,
) -> None:
    good = tmp_path / "good"
    good.mkdir()
    found = opendata.validate_package(_package(good, "2016,3"))
    assert found["resources"] == 2 and found["bytes"] > 0
    bad = tmp_path / "bad"
    bad.mkdir()
    with pytest.raises(OpenDataError, match=r"resource 'b'") as info:
        opendata.validate_package(_package(bad, "2016,three"))
    assert "'a'" not in str(info.value)


@pytest.mark.unit
def test_json_ld_survives_a_closing_script_tag_inside_a_string() -> None:
    obj = {"@type": "Thing", "name": 'A </script><script>alert("x")</script> & more'}
    page = "<html>" + opendata.jsonld_script(obj) + "</html>"
    assert page.count("</script>") == 1
    assert opendata.jsonld_blocks(page) == [obj]


@pytest.mark.unit
def test_json_ld_missing_a_required_field_fails_naming_page_and_field() -> None:
    review = {
        "@type": "ClaimReview",
        "url": "claims.html#claim-x",
        "claimReviewed": "A claim.",
        "author": {"name": "Us"},
        "datePublished": "2026-01-01",
        "reviewRating": {"alternateName": "supported"},
        "itemReviewed": {"@type": "Claim"},
    }
    opendata.check_jsonld(review, "chapters/x/claims")
    del review["reviewRating"]
    with pytest.raises(OpenDataError, match=r"chapters/x/claims.*claim-x.*reviewRating"):
        opendata.check_jsonld(review, "chapters/x/claims")


@pytest.mark.unit
def test_a_bundle_holds_six_files_and_is_the_same_bytes_each_time() -> None:
    resource = {
        "name": "demo",
        "path": "chart-demo.csv",
        "title": "Demo",
        "description": "d",
        "licenses": [{"title": "CC0"}],
        "book:raw_files": [{"dataset": "d", "file": "f.csv", "sha256": "ab" * 32}],
        "book:provenance": {"notebook": "n.ipynb", "function": "m.f", "book_version": "1.0.0"},
    }
    args = (resource, "x\n1\n", "<svg/>", b"\x89PNG", {"mark": "bar"})
    first = opendata.bundle_zip(*args)
    assert first == opendata.bundle_zip(*args)
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert sorted(names) == sorted(
        ["chart-demo.csv", "metadata.json", "README.md", "chart.svg", "chart.png", "chart.vl.json"]
    )
    readme = zipfile.ZipFile(io.BytesIO(first)).read("README.md").decode()
    assert "ab" * 32 in readme and "m.f" in readme


@pytest.mark.unit
def test_the_function_a_cell_publishes_is_resolved_through_its_imports() -> None:
    imports = {"page": "analysis.pages.map.ledger", "publish": "analysis.pages.publish"}
    assert (
        provenance.published_function("publish(page.verdicts())", imports)
        == "analysis.pages.map.ledger.verdicts"
    )
    assert provenance.published_function("x = 1", imports) is None


def _numbers(value: str, verdict: str, data: str) -> dict[str, Any]:
    return {
        "numbers": {
            "p#a": {"value": value, "page": "p", "function": "m.f", "datasets": []},
            "p#b": {"value": "7", "page": "p", "function": "m.g", "datasets": []},
        },
        "verdicts": {"art/c1": {"verdict": verdict, "page": "q"}},
        "charts": {"one": {"id": "chart-one-1", "data": data, "page": "p", "title": "T"}},
    }


@pytest.mark.unit
def test_compare_lists_exactly_what_differs() -> None:
    old = _numbers("1", "supported", "sha256:" + "0" * 64)
    same = release.compare(old, old)
    assert same.empty()
    new = _numbers("2", "mixed", "sha256:" + "1" * 64)
    new["numbers"]["p#c"] = {"value": "3", "page": "p"}
    changes = release.compare(old, new)
    assert [(k, a, b) for k, a, b, _ in changes.numbers] == [("p#a", "1", "2"), ("p#c", None, "3")]
    assert [(k, a, b) for k, a, b, _ in changes.verdicts] == [("art/c1", "supported", "mixed")]
    assert [k for k, *_ in changes.charts] == ["one"]
    page = release.changes_markdown(changes, "1.1.0", "1.0.0")
    assert "p#a" in page and "p#b" not in page


@pytest.mark.unit
def test_a_release_refuses_an_existing_or_malformed_version(tmp_path: Path) -> None:
    (tmp_path / "releases" / "1.0.0").mkdir(parents=True)
    with pytest.raises(release.ReleaseError, match=r"release 1\.0\.0 exists"):
        release.check_new(tmp_path, "1.0.0")
    with pytest.raises(release.ReleaseError, match="'v1' is not of the form"):
        release.check_new(tmp_path, "v1")
    release.check_new(tmp_path, "1.0.1")


# --------------------------------------------------------------------------- site


def test_the_built_data_package_validates_with_frictionless(built_site: Path) -> None:
    from analysis.inputs.registry import datasets

    path = built_site / "_static" / "charts" / "datapackage.json"
    found = opendata.validate_package(path)
    package = json.loads(path.read_text(encoding="utf-8"))
    pages = [p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")]
    chart_ids = {
        i for page in pages for i in re.findall(r'<div id="(chart-[^"]+)" class="book-chart"', page)
    }
    assert {r["book:chart_id"] for r in package["resources"]} == chart_ids
    assert found["resources"] == len(package["resources"])
    registry = {(d.id, f.name): f.sha256 for d in datasets().values() for f in d.files}
    for res in package["resources"]:
        assert res["schema"]["fields"] and res["licenses"] and res["sources"], res["name"]
        for raw in res["book:raw_files"]:
            assert registry[(raw["dataset"], raw["file"])] == raw["sha256"], res["name"]
        bundle = built_site / "_static" / "charts" / f"{res['book:chart_id']}.zip"
        assert len(zipfile.ZipFile(bundle).namelist()) == 6
    print(f"data package: {found['resources']} resources, {found['bytes']:,} bytes of CSV")


def test_every_judged_claim_has_claim_review_json_ld_at_a_stable_anchor(
    built_site: Path,
) -> None:
    from analysis.inputs.articles import all_articles

    judged = {f"{a.slug}/{c.id}" for a in all_articles() for c in a.claims if c.verdict is not None}
    reviewed: set[str] = set()
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        page = path.relative_to(built_site).as_posix()
        for obj in opendata.jsonld_blocks(text):
            opendata.check_jsonld(obj, page)
            if obj["@type"] == "ClaimReview":
                fragment = obj["url"].rpartition("#")[2]
                assert f'id="{fragment}"' in text, (page, fragment)
                reviewed.add(obj["identifier"])
    assert reviewed == judged
    rows = list(csv.DictReader(io.StringIO((built_site / "_static/claims/claims.csv").read_text())))
    assert {r["id"] for r in rows} >= judged
    ledger = (built_site / "chapters/map/ledger.html").read_text(encoding="utf-8")
    assert "_static/claims/claims.csv" in ledger and "_static/claims/claims.json" in ledger


def test_every_chart_shows_its_provenance_and_has_dataset_json_ld(built_site: Path) -> None:
    from booktools.report import citation_metadata

    version = citation_metadata(ROOT)["version"]
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        ids = re.findall(r'<div id="(chart-[^"]+)" class="book-chart"', text)
        if not ids:
            continue
        datasets = [o for o in opendata.jsonld_blocks(text) if o["@type"] == "Dataset"]
        assert {d["url"].rpartition("#")[2] for d in datasets} == set(ids), path
        assert text.count('class="book-chart-provenance"') == len(ids), path
        assert f"Book version: {version}" in text and ".ipynb</a>" in text


def test_numbers_json_holds_every_glued_number_with_its_provenance(built_site: Path) -> None:
    numbers = json.loads((built_site / "numbers.json").read_text(encoding="utf-8"))
    glued = 0
    for glue in (ROOT / "_build" / "jupyter_execute").rglob("*.glue.json"):
        page = glue.relative_to(ROOT / "_build" / "jupyter_execute").as_posix()[
            : -len(".glue.json")
        ]
        for key, out in json.loads(glue.read_text(encoding="utf-8")).items():
            if set(out.get("data", {})) == {"text/plain"}:
                glued += 1
                assert f"{page}#{key}" in numbers["numbers"], (page, key)
    assert glued == len(numbers["numbers"]) > 0
    with_function = [n for n in numbers["numbers"].values() if n["function"]]
    assert len(with_function) > 0.9 * glued
    assert numbers["charts"] and numbers["verdicts"]


def test_the_data_appendix_names_each_publishers_page_and_why_copies_are_pinned(
    built_site: Path,
) -> None:
    from analysis.inputs.registry import PINNED_COPY_REASON, datasets

    text = (built_site / "chapters/appendix/data-and-sources.html").read_text(encoding="utf-8")
    assert PINNED_COPY_REASON.split(",")[0] in text
    for ds in datasets().values():
        assert f'href="{ds.homepage}"' in text, ds.id


# --------------------------------------------------------------------------- build


MINI_NOTEBOOK = """\
import altair as alt, pandas as pd
from myst_nb import glue
from analysis import charts
from analysis.inputs.curated import load_curated
table = load_curated("milex_personnel")
blr = table[table["country_iso3"] == "BLR"].dropna(subset=["value"])
first = float(blr.set_index("fact_id").loc["milex-blr-2016-milex-iiss", "value"])
glue("blr_2016", f"{first:.0f}", display=False)
glue("blr_2016_twice", f"{2 * first:.0f}", display=False)
glue("n_rows", len(table), display=False)
glue("constant", "forty-two", display=False)
fed = charts.finish(alt.Chart(blr[["year", "value"]]).mark_bar().encode(x="year:O", y="value:Q"),
                    title="Spending", description="Bars.", source="curated facts")
still = charts.finish(alt.Chart(pd.DataFrame({"x": [1, 2], "y": [2, 1]})).mark_line()
                      .encode(x="x:Q", y="y:Q"), title="Fixed", description="A line.",
                      source="made up")
glue("fig-fed", charts.show(fed, "fed"), display=False)
glue("fig-still", charts.show(still, "still"), display=False)
"""


@pytest.mark.build
def test_two_releases_list_exactly_the_changed_number_and_what_it_feeds(tmp_path: Path) -> None:
    import nbformat

    from conftest import mini_book

    root = mini_book(tmp_path / "book", "page", "# A small book\n")
    shutil.copytree(ROOT / "data" / "curated", root / "data" / "curated")
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")
    # the dependency analysis reads the package's sources in the book (python -m booktools
    # deps): without them it could not tell that the notebook reads the curated tables
    shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Page\n\nIn 2016: {glue:text}`blr_2016`."),
        nbformat.v4.new_code_cell(MINI_NOTEBOOK),
        nbformat.v4.new_markdown_cell("```{glue:figure} fig-fed\n:name: fig-fed\n\nFed.\n```"),
        nbformat.v4.new_markdown_cell(
            "```{glue:figure} fig-still\n:name: fig-still\n\nStill.\n```"
        ),
    ]
    nbformat.write(nb, root / "chapters" / "demo" / "page.ipynb")
    venv = ROOT / ".venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOOK_RAW", "BOOK_PROCESSED"))}
    env.update(BOOK_ROOT=str(root), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")

    def make_release(version: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["make", "release", f"VERSION={version}", f"VENV={venv}"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    first = make_release("0.1.0")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    archive = root / "_build" / "release" / "book-0.1.0.tar.gz"
    kept = root / "releases" / "0.1.0" / "numbers.json"
    assert archive.is_file() and kept.is_file(), first.stdout[-3000:] + first.stderr[-3000:]
    import tarfile

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "book-0.1.0/SHA256SUMS" in names and "book-0.1.0/data/datapackage.json" in names
    assert "book-0.1.0/html/what-changed.html" in names

    table = root / "data" / "curated" / "milex_personnel.csv"
    text = table.read_text(encoding="utf-8")
    assert text.count(",506,,506,") == 1
    table.write_text(text.replace(",506,,506,", ",507,,507,"), encoding="utf-8")

    second = make_release("0.1.1")
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    page = (root / "_build" / "release" / "book-0.1.1" / "html" / "what-changed.html").read_text()
    listed = re.findall(r'<tr data-kind="(\w+)" data-key="([^"]+)">(.*?)</tr>', page)
    numbers = {key: cells for kind, key, cells in listed if kind == "number"}
    assert sorted(numbers) == ["chapters/demo/page#blr_2016", "chapters/demo/page#blr_2016_twice"]
    assert "<td>506</td><td>507</td>" in numbers["chapters/demo/page#blr_2016"]
    assert "<td>1012</td><td>1014</td>" in numbers["chapters/demo/page#blr_2016_twice"]
    assert [key for kind, key, _ in listed if kind == "chart"] == ["fed"]
    assert not [key for kind, key, _ in listed if kind == "verdict"]
    changed = (root / "releases" / "0.1.1" / "what-changed.md").read_text(encoding="utf-8")
    assert "blr_2016_twice" in changed and "n_rows" not in changed and "constant" not in changed

    with tarfile.open(root / "_build" / "release" / "book-0.1.1.tar.gz") as tar:
        data = [n for n in tar.getnames() if n.startswith("book-0.1.1/data/chart-")]
    assert len([n for n in data if n.endswith(".csv")]) == 2, data  # no stale chart files

    again = make_release("0.1.1")
    assert again.returncode != 0 and "release 0.1.1 exists" in again.stdout + again.stderr


def test_a_release_refuses_a_pdf_older_than_the_html_build(tmp_path: Path) -> None:
    """A PDF left from an earlier build is not shipped beside a newer HTML site."""
    site = tmp_path / "_build" / "html"
    site.mkdir(parents=True)
    (site / "numbers.json").write_text("{}", encoding="utf-8")
    pdf = tmp_path / "_build" / "latex" / "book.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.5\n")
    stamp = site / ".book-built"
    stamp.touch()
    os.utime(pdf, (stamp.stat().st_mtime - 60, stamp.stat().st_mtime - 60))
    with pytest.raises(release.ReleaseError, match="book.pdf is older than the HTML build"):
        release.release(tmp_path, "0.2.0")
    assert not (tmp_path / "_build" / "release").exists(), "nothing is staged for a refusal"
