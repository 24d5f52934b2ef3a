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
