"""ATOP alliances (``analysis.metrics.alliances``): defence partners and a pair's years."""

from __future__ import annotations

import pandas as pd

from analysis.metrics import alliances


def test_defence_partners() -> None:
    atop = pd.DataFrame(
        {
            "iso3_1": ["BLR", "BLR", "BLR", "UKR"],
            "iso3_2": ["RUS", "ARM", "POL", "USA"],
            "year": [2017, 2017, 2017, 2017],
            "defense": [True, True, False, False],
        }
    )
    assert alliances.defence_partners(atop, "BLR", 2017) == ["ARM", "RUS"]
    assert alliances.defence_partners(atop, "UKR", 2017) == []
    assert alliances.defence_partners(atop, "BLR", 2016) == []


def test_alliance_finding_on_toy_and_atop() -> None:
    atop = pd.DataFrame(
        {
            "iso3_1": ["BLR", "BLR", "BLR", "RUS"],
            "iso3_2": ["RUS"] * 3 + ["BLR"],
            "year": [1992, 1993, 1994, 1990],
            "defense": [False, True, True, True],
        }
    )
    f = alliances.alliance_finding(atop)
    assert (f["first_year"], f["last_year"], f["n_years"]) == (1992, 1994, 3)
    assert (f["n_defence_years"], f["defence_first_year"], f["data_last_year"]) == (2, 1993, 1994)
    from analysis.inputs.loaders import load_atop

    real = alliances.alliance_finding(load_atop())
    assert (real["first_year"], real["defence_first_year"], real["last_year"]) == (1992, 1993, 2018)
    assert real["n_defence_years"] == 26
