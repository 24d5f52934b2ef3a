"""ICEWS event metrics and Zapad claims, pinned to the raw data and the curated table.

ICEWS counts were checked by hand against the raw ``icews.rda`` (rows i = "Belarus",
j = "Ukraine" etc.); Zapad figures against ``data/curated/zapad_claims.csv``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import load_icews
from analysis.metrics.events import (
    EVENT_COLUMNS,
    EVENT_TYPES,
    cooperation_share,
    dyad_events,
    event_panel,
)
from analysis.metrics.zapad import (
    CLAIM_COLUMNS,
    MUZHENKO_CONTEXT_IDS,
    muzhenko_context,
    official_totals,
    official_vs_claims,
    prepare_claims,
    ratio_to_official,
)

# --- events ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def icews() -> pd.DataFrame:
    return load_icews()


def _counts(events: pd.DataFrame, dyad: str, year: int) -> dict[str, int]:
    rows = events[(events["dyad"] == dyad) & (events["year"] == year)]
    return dict(zip(rows["event_type"], rows["count"], strict=True))


def test_dyad_events_pinned(icews: pd.DataFrame) -> None:
    got = dyad_events(icews, [("BLR", "UKR")], years=(2014, 2014))
    assert list(got.columns) == EVENT_COLUMNS
    assert got["event_type"].tolist() == EVENT_TYPES
    assert _counts(got, "BLR->UKR", 2014) == {
        "verbCoop": 344,
        "matlCoop": 17,
        "verbConf": 25,
        "matlConf": 25,
    }


def test_dyad_events_both_directions_and_years(icews: pd.DataFrame) -> None:
    got = dyad_events(icews, [("BLR", "UKR"), ("BLR", "RUS")], both_directions=True)
    assert got["dyad"].unique().tolist() == ["BLR->UKR", "UKR->BLR", "BLR->RUS", "RUS->BLR"]
    span = got.groupby("dyad")["year"].agg(["min", "max", "nunique"])
    assert span.eq([2002, 2014, 13]).all().all()
    assert len(got) == 4 * 13 * 4
    assert _counts(got, "UKR->BLR", 2014) == {
        "verbCoop": 285,
        "matlCoop": 6,
        "verbConf": 3,
        "matlConf": 25,
    }
    assert _counts(got, "BLR->RUS", 2013) == {
        "verbCoop": 629,
        "matlCoop": 17,
        "verbConf": 33,
        "matlConf": 79,
    }
    assert event_panel([("BLR", "UKR")], years=(2013, 2014))["year"].unique().tolist() == [
        2013,
        2014,
    ]


def test_dyad_events_rejects_unknown_dyads(icews: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="BLR->XXX"):
        dyad_events(icews, [("BLR", "UKR"), ("BLR", "XXX")])
    with pytest.raises(ValueError, match="two different"):
        dyad_events(icews, [("BLR", "BLR")])


def test_cooperation_share(icews: pd.DataFrame) -> None:
    events = dyad_events(icews, [("BLR", "UKR")], years=(2013, 2014))
    got = cooperation_share(events).set_index("year")
    assert (got.loc[2014, "cooperation"], got.loc[2014, "conflict"]) == (361, 50)
    assert got.loc[2014, "cooperation_share"] == pytest.approx(361 / 411)
    assert got.loc[2013, "cooperation_share"] == pytest.approx(108 / 118)
    material = cooperation_share(events, kind="material").set_index("year")
    assert material.loc[2014, "cooperation_share"] == pytest.approx(17 / 42)
    assert material.loc[2013, "cooperation_share"] == 0.0  # 0 coop, 3 conflict
    with pytest.raises(ValueError, match="kind"):
        cooperation_share(events, kind="hostile")


def test_cooperation_share_without_events_is_nan() -> None:
    events = pd.DataFrame(
        {
            "dyad": "AAA->BBB",
            "sender_iso3": "AAA",
            "target_iso3": "BBB",
            "year": 2010,
            "event_type": EVENT_TYPES,
            "count": 0,
        }
    )
    got = cooperation_share(events)
    assert got["total"].tolist() == [0] and got["cooperation_share"].isna().all()


# --- Zapad claims ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def zapad() -> pd.DataFrame:
    return load_curated("zapad_claims")


@pytest.fixture(scope="module")
def claims(zapad: pd.DataFrame) -> pd.DataFrame:
    return prepare_claims(zapad)


def test_prepare_claims_columns_and_groups(zapad: pd.DataFrame, claims: pd.DataFrame) -> None:
    assert list(claims.columns) == CLAIM_COLUMNS and len(claims) == len(zapad)
    group = claims.set_index("fact_id")["claimant_group"]
    assert group["zapad-2017-tass-12700"] == "RUS"
    assert group["zapad-2017-nato-review-60000-70000"] == "NATO"
    assert group["zapad-2017-kofman-65000-70000"] == "analysts"  # coded USA in the table
    assert group["zapad-2017-rusi-70000"] == "analysts"
    assert group["zapad-2013-observers-wiki-60000-90000"] == "observers"
    assert group["zapad-2009-official-wiki-13000"] == "RUS;BLR"
    label = claims.set_index("fact_id")["claimant_label"]
    assert label["zapad-2009-official-wiki-13000"] == "Russia / Belarus"
    assert label["zapad-2017-muzhenko-100000"] == "Ukraine"
    # Every non-state claimant got a group.
    assert not claims.loc[claims["claimant_iso3"].isna(), "claimant_group"].eq("other").any()


def test_prepare_claims_figures(claims: pd.DataFrame) -> None:
    by_id = claims.set_index("fact_id")
    turchynov = by_id.loc["zapad-2017-turchynov-230000-240000"]
    assert (turchynov["figure_low"], turchynov["figure_high"]) == (230_000, 240_000)
    assert turchynov["figure_mid"] == 235_000 and turchynov["role"] == "claim"
    assert turchynov["counts"] == "whole_strategic_activity" and turchynov["claimant_iso3"] == "UKR"
    open_ended = by_id.loc["zapad-2017-macierewicz-100000-2017-09-15"]
    assert open_ended["open_ended"] and open_ended["figure_mid"] == 100_000
    qualitative = by_id.loc["zapad-2017-stoltenberg-far-more-than"]
    assert pd.isna(qualitative["figure_mid"]) and not qualitative["open_ended"]
    assert by_id.loc["zapad-2017-fomin-12700", "flagged"]  # tier C
    assert by_id.loc["zapad-2017-tass-12700", "source_url"] == "http://tass.com/defense/966013"


def test_official_totals(claims: pd.DataFrame) -> None:
    got = official_totals(claims).set_index("exercise")
    assert got["official_total"].to_dict() == {
        "Zapad-2009": 12_500,
        "Zapad-2013": 12_950,
        "Zapad-2017": 12_700,
        "Zapad-2021": 200_000,
    }
    assert got.loc["Zapad-2017", "official_fact_id"] == "zapad-2017-tass-12700"
    assert got.loc["Zapad-2017", "official_tier"] == "A"


def test_ratio_to_official(claims: pd.DataFrame) -> None:
    got = ratio_to_official(claims).set_index("fact_id")
    assert got.loc["zapad-2017-muzhenko-100000", "ratio_mid"] == pytest.approx(100_000 / 12_700)
    assert got.loc["zapad-2017-muzhenko-100000", "ratio_mid"] == pytest.approx(7.874, abs=5e-4)
    turchynov = got.loc["zapad-2017-turchynov-230000-240000"]
    assert turchynov["ratio_low"] == pytest.approx(230_000 / 12_700)
    assert turchynov["ratio_high"] == pytest.approx(240_000 / 12_700)
    assert pd.isna(got.loc["zapad-2017-tass-250-tanks", "ratio_mid"])  # not personnel
    assert got.loc["zapad-2013-tass-10400", "official_total"] == 12_950


def test_official_vs_claims(zapad: pd.DataFrame) -> None:
    got = official_vs_claims("Zapad-2017", zapad=zapad)
    assert set(got["exercise"]) == {"Zapad-2017"}
    assert got["unit"].eq("personnel").all() and got["figure_mid"].notna().all()
    assert got["figure_mid"].is_monotonic_increasing
    assert got["official_total"].eq(12_700).all()
    assert len(got) == 28
    assert not got["url_missing"].any()
    assert len(official_vs_claims(zapad=zapad)) == 48  # all four exercises
    with pytest.raises(ValueError, match="unknown exercise"):
        official_vs_claims("Zapad-1999", zapad=zapad)


def test_muzhenko_context() -> None:
    got = muzhenko_context()
    assert got["fact_id"].tolist() == [
        "zapad-2017-tass-12700",
        "zapad-2017-muzhenko-100000",
        "zapad-2017-muzhenko-230000-240000",
    ]
    assert set(got["fact_id"]) == set(MUZHENKO_CONTEXT_IDS)
    assert got["figure_low"].tolist() == [12_700, 100_000, 230_000]
    assert got["figure_high"].tolist() == [12_700, 100_000, 240_000]
    assert got["counts"].tolist() == [
        "total_participants",
        "regional_deployment",
        "whole_strategic_activity",
    ]
    assert got["ratio_mid"].tolist() == pytest.approx([1.0, 100_000 / 12_700, 235_000 / 12_700])
    assert not got["flagged"].any()
