"""Military expenditure (SIPRI) and armed-forces personnel (COW NMC) panels.

:func:`milex_panel` selects countries, measures and years from the tidy SIPRI table
(:func:`analysis.inputs.loaders.load_sipri_milex`) and keeps SIPRI's status flags, which the
workbook shows only as font colours:

=============  =====================================================================
ok             a SIPRI figure
estimate       SIPRI estimate (blue font), e.g. Russia 2022-24, Ukraine 2014-24
uncertain      highly uncertain figure (red font)
missing        ``...``, blank, or a placeholder zero of the current-US$ sheet
               (Belarus 1992-94, Russia 1992): value NaN, never 0
not_existing   ``xxx``, the state did not exist: value NaN
=============  =====================================================================

Measures (:data:`MILEX_MEASURES`): ``constant_2023_usd_m`` (US$ m, constant 2023),
``current_usd_m``, ``share_of_gdp`` (percent, 2.07 = 2.07 %), ``per_capita_usd``,
``share_of_govt_spending`` (percent; implausible for Belarus, 26.8 % in 2014 and 50.7 %
in 2024, so chart it only with a warning).

:func:`personnel_panel` gives COW NMC ``milper`` (armed-forces personnel, thousands) in
the same long layout (measure ``milper``, status ``ok`` or ``missing``), so the two panels
can be concatenated. COW's Belarus series is 48 in 2013-17, 45 in 2018-20 and 48 again in
2021-22 (the raw file; SOURCES.md's "48 in 2016-2022" overlooks the 45s).

:func:`real_changes` / :func:`real_change` give percentage changes in constant US$.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.countries import display_name
from analysis.inputs.loaders import load_cow_nmc, load_sipri_milex
from analysis.inputs.loaders.sipri import MILEX_SHEETS

#: SIPRI measures of :func:`milex_panel`.
MILEX_MEASURES: tuple[str, ...] = tuple(s.measure for s in MILEX_SHEETS)
#: The measure real changes are computed from.
REAL_MEASURE = "constant_2023_usd_m"
PANEL_COLUMNS = ["iso3", "country", "year", "measure", "value", "unit", "status", "source"]

Years = tuple[int, int]


def select_milex(
    milex: pd.DataFrame, iso3s: Iterable[str], measures: Iterable[str], years: Years
) -> pd.DataFrame:
    """Rows of the tidy SIPRI milex table for ``iso3s`` x ``measures`` x ``years``.

    Columns :data:`PANEL_COLUMNS`; sorted by measure, iso3 (in the order given), year.
    Raises ValueError for an unknown measure.
    """
    iso3s, measures = list(iso3s), list(measures)
    unknown = sorted(set(measures) - set(MILEX_MEASURES))
    if unknown:
        raise ValueError(f"unknown measure(s) {unknown}; known: {list(MILEX_MEASURES)}")
    rows = milex[
        milex["iso3"].isin(iso3s) & milex["measure"].isin(measures) & milex["year"].between(*years)
    ]
    order = {"iso3": iso3s, "measure": measures}
    rank = {k: rows[k].map({v: i for i, v in enumerate(vals)}) for k, vals in order.items()}
    return rows.assign(_m=rank["measure"], _i=rank["iso3"]).sort_values(
        ["_m", "_i", "year"], ignore_index=True
    )[PANEL_COLUMNS]


def milex_panel(
    iso3s: Iterable[str] = ("BLR", "RUS", "UKR"),
    measures: Iterable[str] = ("constant_2023_usd_m", "share_of_gdp"),
    years: Years = (1992, 2024),
    *,
    milex: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """SIPRI military expenditure panel, long, with status flags (see module docstring)."""
    milex = load_sipri_milex() if milex is None else milex
    return select_milex(milex, iso3s, measures, years)


def select_personnel(nmc: pd.DataFrame, iso3s: Iterable[str], years: Years) -> pd.DataFrame:
    """COW NMC ``milper`` (thousands) for ``iso3s`` and ``years``, in the panel layout."""
    iso3s = list(iso3s)
    rows = nmc[
        nmc["iso3"].isin(iso3s) & (nmc["indicator"] == "milper") & nmc["year"].between(*years)
    ]
    out = pd.DataFrame(
        {
            "iso3": rows["iso3"],
            "country": rows["iso3"].map(display_name),
            "year": rows["year"].astype("int64"),
            "measure": "milper",
            "value": rows["value"].astype("float64"),
            "unit": rows["unit"],
            "status": np.where(rows["value"].isna(), "missing", "ok"),
            "source": rows["source"],
        }
    )
    rank = out["iso3"].map({v: i for i, v in enumerate(iso3s)})
    return out.assign(_i=rank).sort_values(["_i", "year"], ignore_index=True)[PANEL_COLUMNS]


def personnel_panel(
    iso3s: Iterable[str] = ("BLR", "RUS", "UKR"),
    years: Years = (1992, 2022),
    *,
    nmc: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """COW NMC v7.0 armed-forces personnel (thousands), 1816-2022, panel layout."""
    nmc = load_cow_nmc() if nmc is None else nmc
    return select_personnel(nmc, iso3s, years)


def real_changes(
    panel: pd.DataFrame, y0: int, y1: int, measure: str = REAL_MEASURE
) -> pd.DataFrame:
    """Percentage change of ``measure`` from ``y0`` to ``y1`` for every iso3 of ``panel``.

    Columns iso3, value_y0, value_y1, change_pct = 100 * (value_y1 / value_y0 - 1); NaN
    when either value is missing or ``value_y0`` is 0. Use a constant-price measure
    (default ``constant_2023_usd_m``) for a real change.
    """
    rows = panel[(panel["measure"] == measure) & panel["year"].isin([y0, y1])]
    wide = rows.pivot_table(
        index="iso3", columns="year", values="value", aggfunc="first", dropna=False, sort=False
    )
    wide = wide.reindex(columns=[y0, y1]).reindex(pd.unique(panel["iso3"]))
    v0, v1 = wide[y0].astype("float64"), wide[y1].astype("float64")
    change = 100.0 * (v1 / v0.where(v0 != 0) - 1.0)
    return pd.DataFrame(
        {
            "iso3": wide.index,
            "value_y0": v0.to_numpy(),
            "value_y1": v1.to_numpy(),
            "change_pct": change.to_numpy(),
        }
    )


def real_change(
    panel: pd.DataFrame, iso3: str, y0: int, y1: int, measure: str = REAL_MEASURE
) -> float:
    """Percentage change in constant US$ of ``iso3`` from ``y0`` to ``y1`` (NaN if unknown)."""
    table = real_changes(panel[panel["iso3"] == iso3], y0, y1, measure)
    return float(table["change_pct"].iloc[0]) if len(table) else float("nan")
