"""Zapad troop figures made chart-ready (analysis.metrics.zapad) and the page that
charts them (analysis.pages.confrontation_spiral.claims_against_counts).

The frames are hand-made, shaped like the curated ``zapad_claims`` table; expected
numbers are worked out in the comments.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from analysis import charts
from analysis.charts.style import TIER_FLAGGED, TIER_SOURCED
from analysis.metrics import zapad as zm
from analysis.metrics.zapad import muzhenko_context, official_vs_claims
from analysis.pages.confrontation_spiral import claims_against_counts as page


def _zapad_row(
    fact_id: str,
    exercise: str,
    claimant: str,
    iso3: str | None,
    role: str,
    low: float,
    high: float,
    counts: str,
    tier: str,
    **extra: Any,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "fact_id": fact_id,
        "exercise": exercise,
        "year": int(exercise[-4:]),
        "claimant": claimant,
        "claimant_country": None,
        "claimant_iso3": iso3,
        "role": role,
        "figure": f"{low}",
        "qualifier": None,
        "figure_low": low,
        "figure_high": high,
        "unit": "personnel",
        "what_counted": counts,
        "counts": counts,
        "date_stated": "2017-09",
        "date_precision": "month",
        "source_title": f"source of {fact_id}",
        "source_url": "https://example.org/x",
        "quote": None,
        "source_tier": tier,
        "notes": None,
    }
    row.update(extra)
    return row


@pytest.fixture(scope="module")
def zapad() -> pd.DataFrame:
    """Nine hand-made rows shaped like the curated ``zapad_claims`` table."""
    rows = [
        _zapad_row(
            "zapad-2017-tass-12700",
            "Zapad-2017",
            "Russian MoD",
            "RUS",
            "official",
            12700.0,
            12700.0,
            "total_participants",
            "A",
        ),
        _zapad_row(
            "zapad-2017-ru-5500",
            "Zapad-2017",
            "Russian MoD",
            "RUS",
            "official",
            5500.0,
            5500.0,
            "russian_participants",
            "A",
        ),
        _zapad_row(
            "zapad-2017-ru-0",
            "Zapad-2017",
            "Russian MoD",
            "RUS",
            "official",
            0.0,
            0.0,
            "russian_troops_remaining",
            "A",
        ),
        _zapad_row(
            "zapad-2017-muzhenko-100000",
            "Zapad-2017",
            "Gen. Muzhenko",
            "UKR",
            "claim",
            100000.0,
            100000.0,
            "regional_deployment",
            "A",
        ),
        _zapad_row(
            "zapad-2017-muzhenko-230000-240000",
            "Zapad-2017",
            "Gen. Muzhenko",
            "UKR",
            "claim",
            230000.0,
            240000.0,
            "whole_strategic_activity",
            "A",
        ),
        _zapad_row(
            "zapad-2017-pl-100000",
            "Zapad-2017",
            "Polish minister",
            "POL",
            "claim",
            100000.0,
            100000.0,
            "total_participants",
            "B",
        ),
        _zapad_row(
            "zapad-2017-de-100000",
            "Zapad-2017",
            "German minister",
            "DEU",
            "estimate",
            100000.0,
            100000.0,
            "total_participants",
            "C",
        ),
        _zapad_row(
            "zapad-2017-nato",
            "Zapad-2017",
            "NATO Review tally",
            None,
            "estimate",
            60000.0,
            70000.0,
            "russian_participants",
            "B",
        ),
        _zapad_row(
            "zapad-2021-by-200000",
            "Zapad-2021",
            "Belarusian state TV",
            "BLR",
            "official",
            200000.0,
            200000.0,
            "total_participants",
            "A",
        ),
    ]
    frame = pd.DataFrame(rows)
    frame["flagged"] = frame["source_tier"].isin(["C", "W"])
    frame["tier_label"] = frame["source_tier"]
    frame["url_missing"] = False
    return frame


def test_claimant_key() -> None:
    assert zm.claimant_key("UKR") == "Ukraine"
    assert zm.claimant_key("RUS;BLR") == "Russia and Belarus (joint)"
    assert zm.claimant_key("BLR;RUS") == "Russia and Belarus (joint)"
    assert zm.claimant_key("NATO") == "NATO"
    assert zm.claimant_key("analysts") == "analysts"
    assert zm.claimant_key("SWE") == "other (press, observers)"
    assert zm.claimant_key("observers") == "other (press, observers)"
    # every key the metric can give has a colour on the page
    keys = {zm.claimant_key(g) for g in ("RUS", "BLR", "UKR", "POL", "LTU", "EST", "DEU")}
    keys |= {"Russia and Belarus (joint)", "NATO", "analysts", "other (press, observers)"}
    assert keys <= set(page.CLAIMANT_COLOURS)


def test_zapad_findings_hand_checked(zapad: pd.DataFrame) -> None:
    found = zm.zapad_findings(official_vs_claims(zapad=zapad))
    assert found["official_2017"] == 12700.0 and found["official_2021"] == 200000.0
    # Largest tier A/B figure: Muzhenko's 230,000-240,000; 240,000 / 12,700 = 18.897...
    assert found["max_2017"] == 240000.0 and found["max_2017_low"] == 230000.0
    assert found["max_2017_ratio"] == pytest.approx(18.8976, abs=1e-4)
    assert found["max_2017_claimant"] == "Gen. Muzhenko"
    # >= 100,000 and sourced: Muzhenko 100k, Muzhenko 230k, Poland 100k (Germany is tier C).
    assert found["n_100k_2017"] == 3
    assert found["n_100k_2017_total"] == 1 and found["n_100k_2017_total_who"] == "Poland"
    assert found["official_russians_2017"] == 5500.0
    assert np.isnan(found["official_belarusians_2017"])
    assert (found["nato_low"], found["nato_high"]) == (60000.0, 70000.0)
    assert found["n_zero"] == 1


def test_zapad_chart_data(zapad: pd.DataFrame) -> None:
    data = zm.zapad_chart_data(official_vs_claims(zapad=zapad))
    assert len(data) == 8  # the 0 is dropped
    assert (data["low"] > 0).all()
    row = data.set_index("fact_id")
    assert row.loc["zapad-2017-nato", "claimant_key"] == "NATO"
    assert row.loc["zapad-2017-de-100000", "tier_status"] == TIER_FLAGGED
    assert row.loc["zapad-2017-pl-100000", "tier_status"] == TIER_SOURCED
    assert row.loc["zapad-2017-pl-100000", "counts_label"] == "all participants"
    assert row.loc["zapad-2017-muzhenko-100000", "ratio"] == pytest.approx(7.87)  # 100000/12700
    assert row.loc["zapad-2017-muzhenko-230000-240000", "high"] == 240000.0
    assert row.loc["zapad-2017-muzhenko-230000-240000", "mid"] == 235000.0
    # Rows ordered by exercise, then by what they count (COUNTS_LABELS order), then figure.
    z17 = data[data["exercise"] == "Zapad-2017"]
    assert z17["counts"].iloc[0] == "total_participants"
    assert data["exercise"].iloc[-1] == "Zapad-2021"


def test_zapad_title_numbers_and_page_chart(zapad: pd.DataFrame) -> None:
    data = zm.zapad_chart_data(official_vs_claims(zapad=zapad))
    assert zm.zapad_title_numbers(data) == {
        "official_2017": 12700.0,
        "official_2021": 200000.0,
        "max_2017": 240000.0,
        "max_ratio": pytest.approx(240000 / 12700),
    }
    meta = charts.show(page.zapad_chart(data, n_zero=1), "zapad").meta
    # like for like: the largest sourced count of the same thing (participants), no ratio
    # of an all-activity figure to the exercise total (issue 13)
    assert meta["title"] == (
        "Sourced counts of Zapad-2017's participants ran from 12,700 (declared) to 100,000 "
        "(Poland); for Zapad-2021 Russia itself declared 200,000"
    )
    assert "Zapad-2017: official total 12,700, figures from 5,500 to 240,000" in meta["description"]
    assert any("1 official statements of 0" in line for line in meta["source"])


def test_muzhenko_data_and_page_chart(zapad: pd.DataFrame) -> None:
    data = zm.muzhenko_data(muzhenko_context(zapad))
    assert data["fact_id"].tolist() == list(zm.MUZHENKO_LABELS)  # sorted by size
    # 100,000 / 12,700 = 7.87 -> 7.9; 235,000 / 12,700 = 18.50 -> 18.5
    assert data["ratio"].tolist() == [1.0, 7.9, 18.5]
    assert data["text"].tolist() == ["12,700", "100,000", "230,000-240,000"]
    meta = charts.show(page.muzhenko_chart(data), "muzhenko").meta
    assert meta["title"].startswith(
        "The article's '100,000' was Muzhenko's figure for one strategic direction"
    )
    assert " times" not in meta["title"] and "times the" not in meta["description"]
    # the note's breakdown is the curated row's, not typed into the page (issue 13)
    counted = data.set_index("fact_id").loc["zapad-2017-muzhenko-100000", "what_counted"]
    assert any(str(counted) in line for line in meta["source"])


def test_thousands() -> None:
    assert page.thousands(12700.0) == "12,700"
    assert page.thousands(230000) == "230,000"
