"""What the data cover: the years of each registered dataset, and one first series.

Feeds the appendix page "What the data cover" (``chapters/appendix/coverage.ipynb``).
Pure functions over the registry and the tidy loaders; no charting here.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.config import CORE, NEIGHBOURS
from analysis.countries import BY_ISO3, FOCUS
from analysis.inputs.registry import datasets

#: The whole registry is read (notebook dependency analysis, booktools.book).
BOOK_INPUTS = ("data/sources.yml",)

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")

#: World Bank codes that differ from the book's codes.
_WB_TO_BOOK = {"EUU": "EU27"}


def parse_years(text: str) -> tuple[int, int]:
    """First and last year named in a registry ``years`` text ("1995-2024 (deliveries)")."""
    found = [int(y) for y in _YEAR.findall(text)]
    if not found:
        raise ValueError(f"no year in {text!r}")
    return min(found), max(found)


def registry_coverage() -> pd.DataFrame:
    """One row per registered dataset: id, title, publisher, licence, years text, start, end."""
    rows = []
    for ds in datasets().values():
        start, end = parse_years(ds.years)
        rows.append(
            {
                **ds.summary,
                "start": start,
                "end": end,
                "files": len(ds.files),
            }
        )
    return pd.DataFrame(rows)


def coverage_finding(
    cover: pd.DataFrame, recent: int = 2022, election: int = 2020
) -> dict[str, int]:
    """How many datasets of :func:`registry_coverage` reach ``recent``, how many end
    before ``election``, and the oldest first year."""
    return {
        "n_sets": len(cover),
        "n_2022": int((cover["end"] >= recent).sum()),
        "n_before_2020": int((cover["end"] < election).sum()),
        "oldest": int(cover["start"].min()),
    }


def milex_share(
    raw: pd.DataFrame, countries: tuple[str, ...] = CORE, since: int = 1992
) -> pd.DataFrame:
    """Military expenditure, % of GDP, for the book's countries, from the WDI tidy table.

    ``raw`` is :func:`analysis.inputs.loaders.wdi.load_wdi_milex_gdp`'s table. Returns iso3
    (book codes: the EU is ``EU27``), country (display name), year, value, unit,
    source; from ``since`` on, sorted by the book's country order and year.
    """
    frame = raw.assign(iso3=raw["iso3"].replace(_WB_TO_BOOK))
    frame = frame[frame["iso3"].isin(countries) & (frame["year"] >= since)].copy()
    frame["country"] = frame["iso3"].map(lambda c: BY_ISO3[c].name)
    order = {c.iso3: i for i, c in enumerate(FOCUS)}
    frame = frame.sort_values(
        ["iso3", "year"], key=lambda s: s.map(order) if s.name == "iso3" else s
    )
    return frame[["iso3", "country", "year", "value", "unit", "source"]].reset_index(drop=True)


def milex_share_finding(frame: pd.DataFrame) -> dict[str, object]:
    """Belarus against its neighbours in the latest year every one of them reports."""
    wide = frame.pivot(index="year", columns="iso3", values="value")
    needed = ["BLR", *NEIGHBOURS]
    year = int(wide[needed].dropna().index.max())
    row = wide.loc[year]
    neighbours = {c: float(row[c]) for c in NEIGHBOURS}
    lowest = min(neighbours, key=neighbours.__getitem__)
    blr = float(row["BLR"])
    return {
        "year": year,
        "blr": blr,
        "neighbours": neighbours,
        "lowest_neighbour": BY_ISO3[lowest].name,
        "lowest_neighbour_value": neighbours[lowest],
        "blr_below_all_neighbours": blr < neighbours[lowest],
        "rus": neighbours["RUS"],
        "ukr": neighbours["UKR"],
        "blr_first": float(wide["BLR"].dropna().iloc[0]),
        "blr_first_year": int(wide["BLR"].dropna().index[0]),
    }
