"""The curated fact tables load, validate, and report broken rows by file, line and column."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import CuratedDataError
from analysis.inputs.curated import curated_dir, curated_tables, fact, load_curated

TABLES = curated_tables()


def test_tables_listed() -> None:
    assert sorted(p.stem for p in curated_dir().glob("*.csv")) == TABLES
    assert len(TABLES) == 7


@pytest.mark.parametrize("name", TABLES)
def test_table_loads_and_validates(name: str) -> None:
    frame = load_curated(name)
    assert len(frame) > 0
    assert frame["fact_id"].is_unique and frame["fact_id"].notna().all()
    assert set(frame["source_tier"]) <= {"A", "B", "C", "W"}
    # flagged rows are exactly the aggregator / Wikipedia ones
    assert (frame["flagged"] == frame["source_tier"].isin(["C", "W"])).all()
    assert frame["tier_label"].notna().all()
    # every row has an http(s) URL or is explicitly flagged as lacking one
    missing = frame["source_url"].isna()
    assert frame.loc[~missing, "source_url"].str.match(r"https?://").all()
    assert frame.loc[missing, "notes"].str.startswith("NO SOURCE URL").all()
    assert (frame["url_missing"] == missing).all()


def test_fact_ids_unique_across_tables() -> None:
    ids = pd.concat([load_curated(name)["fact_id"] for name in TABLES])
    assert ids.is_unique, ids[ids.duplicated()].tolist()


def test_zapad_2017_official_total() -> None:
    row = fact("zapad-2017-tass-12700")
    assert row["table"] == "zapad_claims"
    assert (row["figure_low"], row["figure_high"]) == (12700, 12700)
    assert row["source_tier"] == "A" and not row["flagged"]
    assert "TASS" in row["claimant"] and "tass.com" in row["source_url"]
    assert row["counts"] == "total_participants"


def test_turchynov_claim() -> None:
    zapad = load_curated("zapad_claims")
    hit = zapad[zapad["claimant"].str.contains("Turchynov") & (zapad["figure_low"] == 230_000)]
    assert len(hit) == 1
    row = hit.iloc[0]
    assert row["figure_high"] == 240_000 and row["unit"] == "personnel"
    assert row["claimant_iso3"] == "UKR" and row["role"] == "claim"
    assert row["counts"] == "whole_strategic_activity"


def test_zapad_counts_separate_what_is_counted() -> None:
    zapad = load_curated("zapad_claims")
    official = zapad[(zapad["exercise"] == "Zapad-2017") & (zapad["role"] == "official")]
    assert set(official["counts"]) >= {"total_participants", "russian_troops_in_belarus"}
    assert zapad.loc[zapad["claimant_country"] == "NATO", "claimant_iso3"].isna().all()


def test_messy_values_split() -> None:
    exports = fact("di-goskomvoenprom-organisations-exports-goods-services-2017")
    assert (exports["value"], exports["qualifier"], exports["value_text"]) == (960, ">", ">960")
    trade = fact("trade-2009-turnover-by-embassy")
    assert (trade["value"], trade["qualifier"]) == (3.0, "~")
    inferred = fact("trade-2010-turnover-by-embassy-full-year")
    assert inferred["year"] == 2010 and inferred["year_note"] == "inferred"


def test_unknown_fact_id() -> None:
    with pytest.raises(CuratedDataError, match="no-such-fact"):
        fact("no-such-fact")


def test_unknown_table() -> None:
    with pytest.raises(CuratedDataError, match="nope"):
        load_curated("nope")


# --- error paths, on a temporary copy of the book's data -------------------------------------


@pytest.fixture
def tmp_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of ``data/curated`` under a temporary BOOK_ROOT; returns the curated folder."""
    target = tmp_path / "data" / "curated"
    shutil.copytree(curated_dir(), target)
    monkeypatch.setenv("BOOK_ROOT", str(tmp_path))
    return target


def _edit(path: Path, change: Callable[[list[list[str]]], None]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _set(path: Path, line: int, column: str, value: str) -> None:
    def change(rows: list[list[str]]) -> None:
        rows[line - 1][rows[0].index(column)] = value

    _edit(path, change)


def _expect(name: str, line: int, column: str) -> None:
    with pytest.raises(CuratedDataError) as err:
        load_curated(name)
    msg = str(err.value)
    assert f"{name}.csv" in msg and f"line {line}" in msg and repr(column) in msg, msg


def test_copy_is_valid(tmp_book: Path) -> None:
    assert len(load_curated("zapad_claims")) == 69


def test_wrong_column_count(tmp_book: Path) -> None:
    _edit(tmp_book / "defence_industry.csv", lambda rows: rows[6].pop())
    _expect("defence_industry", 7, "notes")


def test_extra_column(tmp_book: Path) -> None:
    _edit(tmp_book / "timeline_events.csv", lambda rows: rows[2].append("stray"))
    _expect("timeline_events", 3, "notes")


def test_non_numeric_figure(tmp_book: Path) -> None:
    _set(tmp_book / "zapad_claims.csv", 5, "figure_low", "about three thousand")
    _expect("zapad_claims", 5, "figure_low")


def test_non_numeric_value(tmp_book: Path) -> None:
    _set(tmp_book / "trade_belarus_ukraine.csv", 4, "value", "8,2")
    _expect("trade_belarus_ukraine", 4, "value")


def test_unknown_tier(tmp_book: Path) -> None:
    _set(tmp_book / "milex_personnel.csv", 4, "source_tier", "X")
    _expect("milex_personnel", 4, "source_tier")


def test_missing_source_url(tmp_book: Path) -> None:
    _set(tmp_book / "airbase_plans.csv", 3, "source_url", "")
    _expect("airbase_plans", 3, "source_url")


def test_non_http_source_url(tmp_book: Path) -> None:
    _set(tmp_book / "zapad_claims.csv", 10, "source_url", "tass.com/defense/966013")
    _expect("zapad_claims", 10, "source_url")


def test_bad_date(tmp_book: Path) -> None:
    _set(tmp_book / "timeline_events.csv", 6, "date", "2017-02-30")
    _expect("timeline_events", 6, "date")


def test_duplicate_fact_id(tmp_book: Path) -> None:
    _set(tmp_book / "zapad_claims.csv", 3, "fact_id", "zapad-2017-tass-12700")
    _expect("zapad_claims", 3, "fact_id")


def test_line_numbers_count_multiline_fields(tmp_book: Path) -> None:
    path = tmp_book / "airbase_plans.csv"
    _set(path, 2, "quote", "first line\nsecond line")  # row 2 now spans lines 2-3
    _set(path, 3, "source_tier", "Z")  # the third record starts on line 4
    _expect("airbase_plans", 4, "source_tier")


def test_missing_header_column(tmp_book: Path) -> None:
    def drop(rows: list[list[str]]) -> None:
        i = rows[0].index("qualifier")
        for row in rows:
            del row[i]

    _edit(tmp_book / "airbase_plans.csv", drop)
    _expect("airbase_plans", 1, "qualifier")


def test_every_bad_row_count_reported_at_once(tmp_book: Path) -> None:
    def change(rows: list[list[str]]) -> None:
        rows[2].append("stray")
        rows[5].pop()

    _edit(tmp_book / "timeline_events.csv", change)
    with pytest.raises(CuratedDataError) as err:
        load_curated("timeline_events")
    msg = str(err.value)
    assert "line 3, column 'notes'" in msg and "line 6, column 'notes'" in msg, msg


def test_inferred_dates_are_marked() -> None:
    """``date_inferred`` comes from ``date_note``/``year_note`` (and needs a date)."""
    timeline = load_curated("timeline_events").set_index("fact_id")
    assert timeline.loc["tl-2012-10-08-lukashenka-says-he-has", "date_inferred"]
    assert timeline.loc["tl-2012-10-23-defence-industry-programme-oreanda", "date_inferred"]
    assert timeline.loc["tl-2012-10-23-semashko-rogozin-sign-action", "date_inferred"]
    assert not timeline.loc["tl-2019-10-04-lukashenka-zelensky-meet-zhytomyr", "date_inferred"]
    industry = load_curated("defence_industry").set_index("fact_id")
    assert industry.loc["di-rogozin-post-deputy-pm-2012", "date_inferred"]
    assert not industry.loc["di-maz-kamaz-start-rosbelavto-talks-2010", "date_inferred"]  # no date
    assert fact("trade-2010-turnover-by-embassy-full-year")["date_inferred"]  # year_note


def test_december_2026_additions_are_tier_a_or_b() -> None:
    """The additions of issue 13 (FACTS.md section 8) with their sources and caveats."""
    ids = {
        "tl-2014-09-05-minsk-protocol-trilateral-contact": "A",
        "tl-2015-02-11-normandy-summit-minsk-hosted": "B",
        "tl-2015-02-12-package-of-measures-minsk": "A",
        "tl-2015-10-29-eu-suspends-sanctions-beltechexport": "B",
        "tl-2016-02-15-eu-council-decides-not": "B",
        "tl-2016-02-25-council-decision-cfsp-2016-280": "A",
        "tl-2016-02-27-eu-sanctions-lift-takes-effect": "B",
        "tl-2017-07-21-poroshenko-lukashenka-talks-kyiv": "B",
        "tl-2019-10-04-lukashenka-zelensky-meet-zhytomyr": "B",
        "tl-2012-10-23-defence-industry-programme-oreanda": "B",
        "di-rogozin-post-deputy-pm-2012": "A",
        "di-semashko-post-first-deputy-pm-2013": "A",
        "di-semashko-post-deputy-pm-2014": "A",
    }
    for fact_id, tier in ids.items():
        row = fact(fact_id)
        assert row["source_tier"] == tier and not row["url_missing"], fact_id
        assert "wikipedia" not in row["source_url"], fact_id
    assert "Белтехэкспорт" in fact("tl-2015-10-29-eu-suspends-sanctions-beltechexport")["quote"]
    assert "links two acts" in fact("tl-2015-10-29-eu-suspends-sanctions-beltechexport")["notes"]
    assert "DISCREPANCY" in fact("tl-2016-02-15-eu-council-decides-not")["notes"]
    assert "never evidence" in fact("tl-2012-10-23-semashko-rogozin-sign-action")["notes"]


# --- validate_all: every table and annotation, used by a chapter or not -----------------------


@pytest.fixture
def tmp_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary book root with copies of data/curated, data/articles and the registry
    (chapters linked, for notebook evidence references); returns the root."""
    root = curated_dir().parents[1]
    shutil.copytree(root / "data" / "curated", tmp_path / "data" / "curated")
    shutil.copytree(root / "data" / "articles", tmp_path / "data" / "articles")
    shutil.copy(root / "data" / "sources.yml", tmp_path / "data" / "sources.yml")
    (tmp_path / "chapters").symlink_to(root / "chapters")
    monkeypatch.setenv("BOOK_ROOT", str(tmp_path))
    return tmp_path


def test_validate_all_passes_on_the_book() -> None:
    from analysis.inputs import validate_all

    summary = validate_all()
    assert {k for k in summary if k.startswith("curated/")} == {f"curated/{t}" for t in TABLES}
    assert {"articles/mic-bridge", "articles/confrontation-spiral"} <= set(summary)
    assert all(n > 0 for n in summary.values()), summary


def test_validate_command_stops_on_a_table_no_chapter_reads(
    tmp_inputs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m booktools validate`` (run by make book before building) exits 1 and
    names the file, line and column of a surplus field in airbase_plans.csv."""
    from booktools.__main__ import main

    assert main(["validate"]) == 0
    capsys.readouterr()
    _edit(tmp_inputs / "data" / "curated" / "airbase_plans.csv", lambda r: r[4].append("x"))
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "data/curated/airbase_plans.csv: line 5, column 'notes'" in err, err


def test_validate_all_lists_every_problem(tmp_inputs: Path) -> None:
    """A surplus field in a table no chapter reads, and two other faults, in one error."""
    from analysis.errors import InputValidationError
    from analysis.inputs import validate_all

    curated = tmp_inputs / "data" / "curated"
    _edit(curated / "airbase_plans.csv", lambda rows: rows[4].append("surplus"))
    _set(curated / "milex_personnel.csv", 3, "source_tier", "Z")
    mic = tmp_inputs / "data" / "articles" / "mic-bridge.yml"
    text = mic.read_text(encoding="utf-8")
    mic.write_text(text.replace("condition_held: false", "condition_held: true"), encoding="utf-8")
    with pytest.raises(InputValidationError) as err:
        validate_all()
    problems = err.value.problems
    message = str(err.value)
    assert any(
        p.startswith("data/curated/airbase_plans.csv: line 5, column 'notes'") for p in problems
    ), message
    assert "extra fields" in message
    assert any("milex_personnel.csv" in p and "line 3" in p for p in problems), message
    # with its condition said to hold, the forecast's 'unverifiable' is allowed; the
    # surplus field still fails the build, whether or not a chapter reads the table
    assert len(problems) == 2, message


def test_validate_all_names_claim_and_row(tmp_inputs: Path) -> None:
    from analysis.errors import InputValidationError
    from analysis.inputs import validate_all

    spiral = tmp_inputs / "data" / "articles" / "confrontation-spiral.yml"
    text = spiral.read_text(encoding="utf-8")
    old = "      - zapad-2017-bymod-makarov-0\n      - inc-2017-09-30-makarov-statement"
    assert old in text
    text = text.replace(old, "      - inc-2017-09-30-makarov-statement")
    text = text.replace(
        "      - inc-2017-ravkov-assessment\n    verdict: unverifiable",
        "      - inc-2017-ravkov-assessment\n    verdict: supported",
    )
    spiral.write_text(text, encoding="utf-8")
    (tmp_inputs / "data" / "curated" / "extra_table.csv").write_text("fact_id\nx-1\n")
    with pytest.raises(InputValidationError) as err:
        validate_all()
    message = str(err.value)
    assert "data/curated/extra_table.csv: no schema" in message
    assert "data/articles/confrontation-spiral.yml: claim 'c-by-mod-restrained'" in message
    assert "'inc-2017-10-bymod-denial' (tier C)" in message
