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

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.countries import display_name
from analysis.inputs.loaders import load_cow_nmc, load_sipri_milex
from analysis.inputs.loaders.sipri import MILEX_SHEETS
from analysis.metrics.groups import years_text

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


def measure_rows(panel: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The rows of one ``measure`` of a long panel that have a value, as a copy."""
    return panel[(panel["measure"] == measure) & panel["value"].notna()].copy()


def spending_index(
    panel: pd.DataFrame, base_year: int = 2017, measure: str = REAL_MEASURE
) -> pd.DataFrame:
    """``measure`` (default constant-US$ spending) as an index, ``base_year`` = 100.

    One row per country and year from ``base_year`` on, the panel's columns plus
    ``index`` = 100 * value / value in ``base_year``. Raises ValueError when a country
    of the panel has no ``base_year`` value.
    """
    data = measure_rows(panel, measure)
    if data.empty:
        raise ValueError(f"no values for measure {measure!r}")
    base = data[data["year"] == base_year].set_index("iso3")["value"]
    missing = sorted(set(data["iso3"]) - set(base.index))
    if missing:
        raise ValueError(f"no {base_year} value for {missing}")
    data = data[data["year"] >= base_year].copy()
    data["index"] = 100 * data["value"] / data["iso3"].map(base)
    return data.reset_index(drop=True)


# --------------------------------------------------------------------------- findings


def missing_years(panel: pd.DataFrame, measure: str) -> dict[str, list[int]]:
    """``{country: [years]}`` with no value for ``measure`` (missing or not existing)."""
    rows = panel[(panel["measure"] == measure) & panel["value"].isna()]
    return {c: sorted(int(y) for y in g["year"]) for c, g in rows.groupby("country", sort=False)}


def missing_note(missing: Mapping[str, Sequence[int]]) -> str:
    """ "No value: Lithuania 1992; Ukraine 1992" (or "" when nothing is missing)."""
    parts = [f"{c} {years_text(list(y))}" for c, y in missing.items() if y]
    return ("No value: " + "; ".join(parts)) if parts else ""


def _value(frame: pd.DataFrame, iso3: str, year: int) -> float:
    hit = frame[(frame["iso3"] == iso3) & (frame["year"] == year)]["value"]
    return float(hit.iloc[0]) if len(hit) else float("nan")


def _estimate_years(real: pd.DataFrame, iso3: str) -> str:
    rows = real[(real["iso3"] == iso3) & real["status"].isin(["estimate", "uncertain"])]
    return years_text(sorted(int(y) for y in rows["year"]))


def milex_finding(
    panel: pd.DataFrame, plan: tuple[int, int] = (2012, 2015), low_from: int = 1995
) -> dict[str, object]:
    """Belarus and Russia around an action plan: real change of spending over ``plan``
    and from its first year to the panel's last year, share of GDP in the first year,
    Belarus's low (from ``low_from``) and last value, and SIPRI's estimate years."""
    y0, y1 = plan
    real = panel[panel["measure"] == REAL_MEASURE]
    gdp = panel[panel["measure"] == "share_of_gdp"]
    last = int(real.dropna(subset=["value"])["year"].max())
    blr_gdp = gdp[(gdp["iso3"] == "BLR") & gdp["year"].between(low_from, last)].dropna(
        subset=["value"]
    )
    low = blr_gdp.loc[blr_gdp["value"].idxmin()]
    ratio = _value(real, "RUS", y0) / _value(real, "BLR", y0)
    return {
        "last_year": last,
        "blr_2012": round(_value(real, "BLR", y0), 0),
        "rus_2012": round(_value(real, "RUS", y0), 0),
        "blr_last": round(_value(real, "BLR", last), 0),
        "rus_to_blr_2012": round(ratio, 0),
        "blr_change_plan": round(real_change(panel, "BLR", y0, y1), 1),
        "rus_change_plan": round(real_change(panel, "RUS", y0, y1), 1),
        "blr_change_last": round(real_change(panel, "BLR", y0, last), 1),
        "blr_gdp_2012": round(_value(gdp, "BLR", y0), 2),
        "rus_gdp_2012": round(_value(gdp, "RUS", y0), 2),
        "blr_gdp_low": round(float(low["value"]), 2),
        "blr_gdp_low_year": int(low["year"]),
        "blr_gdp_last": round(_value(gdp, "BLR", last), 2),
        "blr_estimate_years": _estimate_years(real, "BLR"),
        "rus_estimate_years": _estimate_years(real, "RUS"),
    }


def personnel_finding(
    panel: pd.DataFrame, iso3: str = "BLR", year: int = 2012
) -> dict[str, object]:
    """COW armed-forces personnel (thousands) of ``iso3``: first, ``year``, the year
    after and last year with a value, and Russia's size relative to it in ``year``."""
    rows = panel[(panel["iso3"] == iso3) & (panel["measure"] == "milper")].dropna(subset=["value"])
    series = rows.set_index("year")["value"]
    rus = panel[(panel["iso3"] == "RUS") & (panel["measure"] == "milper")].set_index("year")[
        "value"
    ]
    first, last = int(series.index.min()), int(series.index.max())
    return {
        "first_year": first,
        "last_year": last,
        "first": float(series[first]),
        "last": float(series[last]),
        "y2012": float(series.get(year, np.nan)),
        "y2013": float(series.get(year + 1, np.nan)),
        "rus_ratio_2012": round(float(rus.get(year, np.nan) / series.get(year, np.nan)), 1),
    }


def sipri_note_sentence(notes: pd.DataFrame, iso3: str, keyword: str = "uncertain") -> str:
    """The sentence of SIPRI's footnote for ``iso3`` that contains ``keyword``.

    ``notes`` is :func:`analysis.inputs.loaders.sipri_milex_notes`. Raises ValueError when
    no footnote sentence of the country contains the keyword.
    """
    for text in notes.loc[notes["iso3"] == iso3, "text"]:
        for sentence in re.split(r"(?<=[.!?])\s+", str(text)):
            if keyword.lower() in sentence.lower():
                return sentence.strip()
    raise ValueError(f"no SIPRI footnote sentence of {iso3!r} contains {keyword!r}")


def change_and_burden(panel: pd.DataFrame, y0: int, y1: int) -> pd.DataFrame:
    """Per country: real change of spending from ``y0`` to ``y1`` (per cent), the level
    in ``y1`` (constant US$ m) and the share of GDP in ``y0`` and ``y1``.

    Columns: iso3, change_pct, level_y1, share_y0, share_y1 (one row per iso3 of the
    panel, in its order; NaN where a value is missing).
    """
    changes = real_changes(panel, y0, y1).set_index("iso3")
    gdp = panel[panel["measure"] == "share_of_gdp"]
    iso3s = list(changes.index)
    return pd.DataFrame(
        {
            "iso3": iso3s,
            "change_pct": changes["change_pct"].to_numpy(),
            "level_y1": changes["value_y1"].to_numpy(),
            "share_y0": [_value(gdp, c, y0) for c in iso3s],
            "share_y1": [_value(gdp, c, y1) for c in iso3s],
        }
    )
