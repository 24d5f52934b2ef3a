"""Formal alliances from ATOP: defence pacts and alliance years of a pair.

Pure functions over :func:`analysis.inputs.loaders.load_atop` (directed dyad-years with
obligation flags such as ``defense``).
"""

from __future__ import annotations

import pandas as pd


def defence_partners(atop: pd.DataFrame, iso3: str, year: int) -> list[str]:
    """ISO3 codes of the states ``iso3`` has a defence pact with in ``year`` (ATOP
    directed dyad-years, ``defense`` obligation), sorted."""
    rows = atop[(atop["iso3_1"] == iso3) & (atop["year"] == year) & atop["defense"].astype(bool)]
    return sorted(str(c) for c in rows["iso3_2"].dropna().unique())


def alliance_finding(atop: pd.DataFrame, a: str = "BLR", b: str = "RUS") -> dict[str, object]:
    """ATOP dyad-years of ``a`` with ``b`` (directed rows ``a`` -> ``b``): first and last
    year with any alliance, number of years with a defence pledge, and its first year."""
    rows = atop[(atop["iso3_1"] == a) & (atop["iso3_2"] == b)]
    defence = rows[rows["defense"]]
    return {
        "first_year": int(rows["year"].min()),
        "last_year": int(rows["year"].max()),
        "n_years": int(rows["year"].nunique()),
        "n_defence_years": int(defence["year"].nunique()),
        "defence_first_year": int(defence["year"].min()) if len(defence) else None,
        "data_last_year": int(atop["year"].max()),
    }
