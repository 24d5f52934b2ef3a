"""The country-code module: focus countries, COW codes that differ from GW, odd names."""

from __future__ import annotations

import pytest

from analysis.countries import (
    FOCUS,
    cow_to_iso3,
    display_name,
    iso2_to_iso3,
    map_names,
    name_to_iso3,
)


def test_focus_countries_round_trip() -> None:
    for country in FOCUS:
        if country.cow is not None:
            assert cow_to_iso3(country.cow) == country.iso3
        assert display_name(country.iso3) == country.name
        if country.iso3 != "EU27":
            assert iso2_to_iso3(country.iso2) == country.iso3


@pytest.mark.parametrize(
    ("cow", "iso3"),
    [
        (315, "CSK"),
        (316, "CZE"),
        (816, "VNM"),
        (970, "NRU"),
        (946, "KIR"),
        (680, "YMD"),
        (710, "CHN"),
    ],
)
def test_cow_codes_that_differ_from_gleditsch_ward(cow: int, iso3: str) -> None:
    assert cow_to_iso3(cow) == iso3


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Russian Federation", "RUS"),
        ("USSR", "SUN"),
        ("UAE", "ARE"),
        ("Viet Nam", "VNM"),
        ("unknown supplier(s)", None),
        ("Hezbollah (Lebanon)*", None),
        ("Northern Cyprus", None),
    ],
)
def test_names(name: str, iso3: str | None) -> None:
    assert name_to_iso3(name) == iso3


def test_map_names_keeps_alignment() -> None:
    assert map_names(["Belarus", "unknown supplier(s)", "Belarus"]).tolist() == ["BLR", None, "BLR"]
