"""Coverage metrics (``analysis.metrics.coverage``): dataset years and the first series."""

from __future__ import annotations

import pandas as pd

from analysis.config import CORE, NEIGHBOURS
from analysis.metrics import coverage


def test_coverage_finding() -> None:
    cover = pd.DataFrame({"start": [1816, 1992, 1995], "end": [2014, 2022, 2024]})
    assert coverage.coverage_finding(cover) == {
        "n_sets": 3,
        "n_2022": 2,
        "n_before_2020": 1,
        "oldest": 1816,
    }


def test_milex_share_uses_the_config_sets() -> None:
    raw = pd.DataFrame(
        {
            "iso3": ["BLR", "EUU", "DEU", "BLR"],
            "year": [1992, 1992, 1992, 1991],
            "value": [1.6, 1.5, 1.2, 9.0],
            "unit": "% of GDP",
            "source": "wdi-milex-gdp",
        }
    )
    out = coverage.milex_share(raw)
    assert out["iso3"].tolist() == ["BLR", "EU27"]  # Germany is not in CORE; 1991 too early
    assert set(out["iso3"]) <= set(CORE)
    assert out["country"].tolist() == ["Belarus", "European Union"]


def test_milex_share_finding_compares_with_every_neighbour() -> None:
    rows = [("BLR", 2023, 1.0), ("BLR", 2024, 2.1), ("BLR", 1992, 1.6)]
    rows += [(c, 2024, 2.5 + i) for i, c in enumerate(NEIGHBOURS)]
    rows += [(c, 2023, 3.0) for c in NEIGHBOURS[:-1]]  # 2023 lacks one neighbour
    frame = pd.DataFrame(rows, columns=["iso3", "year", "value"])
    f = coverage.milex_share_finding(frame)
    assert (f["year"], f["blr"], f["lowest_neighbour_value"]) == (2024, 2.1, 2.5)
    assert f["lowest_neighbour"] == "Russia" and f["blr_below_all_neighbours"]
    assert (f["blr_first"], f["blr_first_year"]) == (1.6, 1992)
