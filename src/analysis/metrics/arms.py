"""Arms transfers by partner: SIPRI's register spliced with its TIV tables.

Two SIPRI products are combined (see the module docstring of :mod:`analysis.inputs.loaders.sipri`):

* the **trade register** (``sipri-arms-register``), one row per deal and delivery year,
  gives deliveries *by supplier and recipient*, but only for delivery years **1995-2024**;
* the **TIV tables** (``sipri-arms-tiv``) give each country's yearly *total* imports and
  exports, 1950-2022, **without any partner breakdown**.

The splice (:func:`partner_flows`) takes years before :data:`REGISTER_FIRST_YEAR` (1995)
from the TIV table and every later year from the register, so a series reaches back to
1992 (the first year of the post-Soviet states).

What the splice can and cannot show for 1992-94
    The TIV import table lists one total per recipient and year, the export table one
    total per supplier and year. Neither says who the partner was, and the register has
    no delivery before 1995 (its preamble: "deals with deliveries made for the year range
    '1995' to '2025'"; the number delivered refers only to those years). No file of the
    registry gives a 1992-94 breakdown by partner, so those years appear as a single row
    whose partner is :data:`TIV_TABLE_LABEL` (``"all (TIV table)"``, ISO3 None). What the
    row *can* establish is an upper bound on any one partner and, when SIPRI's cell is
    empty ("no deliveries"), that no partner delivered anything: Belarus's import row is
    empty for 1992-94, so Russia's deliveries to Belarus in those years were nil, and
    :func:`supplier_share` reports 0 from the partner (share NaN, total 0). A ``0`` in the
    table (deliveries under 0.5 TIV m) or any positive total leaves the partner's part
    unknown (NaN). Belarus's *exports* show 8 TIV m in 1993 with no recipient known.

    Years before 1992 come out of the TIV table as 0.0 for states that did not exist
    (Belarus 1950-91 is an empty cell, i.e. "no deliveries"): do not ask for them.

Vintages
    The TIV tables were generated in December 2023, the register in February 2026.
    SIPRI revises past deliveries, so the two disagree on overlapping years (Russia's
    1995 exports: 3,799 vs 3,859; Belarus's 2019 exports: 159 vs 84.13). The splice
    therefore never mixes the two within a year; :func:`compare_vintages` shows the gap.

Values are SIPRI trend-indicator values in millions (TIV m): a measure of military
capability transferred, not a price. Frames of this module are "partner frames":
``year, <partner>, <partner>_iso3, tiv, no_deliveries, source`` with ``<partner>``
``supplier`` (imports of one recipient) or ``recipient`` (exports of one supplier).
Within register years the frame is dense: every partner that appears in any register year
of the selection has a row in every register year (``tiv`` 0.0, ``no_deliveries`` True
where it delivered nothing), so yearly totals and shares are defined for each year.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis.inputs.loaders import load_sipri_arms_register, load_sipri_tiv

#: First delivery year of the trade register; earlier years come from the TIV tables.
REGISTER_FIRST_YEAR = 1995
#: Partner label of the spliced TIV-table rows (a total over all partners).
TIV_TABLE_LABEL = "all (TIV table)"
#: Label :func:`top_partners` gives to the partners it lumps together.
OTHER_LABEL = "Other"
REGISTER_SOURCE = "sipri-arms-register"
TIV_SOURCE = "sipri-arms-tiv"

Flow = Literal["imports", "exports"]
Years = tuple[int, int]

# flow -> (column of the country itself, column of its partner) in the register.
_ROLES: dict[str, tuple[str, str]] = {
    "imports": ("recipient", "supplier"),
    "exports": ("supplier", "recipient"),
}


def _partner_column(frame: pd.DataFrame) -> str:
    """``supplier`` or ``recipient``: the partner column of a partner frame."""
    for col in ("supplier", "recipient"):
        if col in frame.columns and f"{col}_iso3" in frame.columns:
            return col
    raise ValueError(f"not a partner frame: no supplier/recipient column in {list(frame.columns)}")


def register_by_partner(
    register: pd.DataFrame, iso3: str, flow: Flow, years: Years
) -> pd.DataFrame:
    """Yearly register TIV of ``iso3``'s imports by supplier (or exports by recipient).

    Only delivery years from :data:`REGISTER_FIRST_YEAR` to the register's last year are
    returned, dense over partners (see module docstring). Partners are keyed by SIPRI's
    name, since non-state and unknown partners have no ISO3 code.
    """
    own, partner = _ROLES[flow]
    first = max(years[0], REGISTER_FIRST_YEAR)
    last = min(years[1], int(register["delivery_year"].max()))
    rows = register[
        (register[f"{own}_iso3"] == iso3) & register["delivery_year"].between(first, last)
    ]
    columns = ["year", partner, f"{partner}_iso3", "tiv", "no_deliveries", "source"]
    if rows.empty or first > last:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=t)
                for c, t in zip(
                    columns, ["int64", "object", "object", "float64", "bool", "object"], strict=True
                )
            }
        )
    sums = (
        rows.groupby(["delivery_year", partner])["tiv_delivery"]
        .sum()
        .round(6)
        .rename("tiv")
        .rename_axis(["year", partner])
        .reset_index()
    )
    partners = rows[[partner, f"{partner}_iso3"]].drop_duplicates(partner)
    grid = pd.DataFrame({"year": np.arange(first, last + 1, dtype="int64")}).merge(
        partners, how="cross"
    )
    out = grid.merge(sums, on=["year", partner], how="left", indicator=True)
    out["no_deliveries"] = out.pop("_merge").eq("left_only").to_numpy()
    out["tiv"] = out["tiv"].fillna(0.0)
    out["source"] = REGISTER_SOURCE
    out[f"{partner}_iso3"] = out[f"{partner}_iso3"].astype("object")
    return out[columns].sort_values(["year", partner], ignore_index=True)


def tiv_table_totals(tiv: pd.DataFrame, iso3: str, flow: Flow, years: Years) -> pd.DataFrame:
    """TIV-table totals of ``iso3`` for the years before the register, as a partner frame.

    One row per year ``years[0]`` .. min(``years[1]``, 1994) with partner
    :data:`TIV_TABLE_LABEL` and ISO3 None; ``no_deliveries`` is SIPRI's empty cell.
    """
    _, partner = _ROLES[flow]
    last = min(years[1], REGISTER_FIRST_YEAR - 1)
    rows = tiv[(tiv["iso3"] == iso3) & (tiv["flow"] == flow) & tiv["year"].between(years[0], last)]
    out = (
        rows.groupby("year", as_index=False)
        .agg(tiv=("value", "sum"), no_deliveries=("no_deliveries", "all"))
        .astype({"year": "int64", "tiv": "float64", "no_deliveries": "bool"})
    )
    out.insert(1, partner, TIV_TABLE_LABEL)
    out.insert(2, f"{partner}_iso3", pd.Series([None] * len(out), dtype="object"))
    out["source"] = TIV_SOURCE
    return out[["year", partner, f"{partner}_iso3", "tiv", "no_deliveries", "source"]]


def partner_flows(
    register: pd.DataFrame, tiv: pd.DataFrame, iso3: str, flow: Flow, years: Years
) -> pd.DataFrame:
    """The splice: TIV-table totals before 1995, register by partner from 1995.

    Pure: takes the tidy tables of :func:`~analysis.inputs.loaders.load_sipri_arms_register`
    and :func:`~analysis.inputs.loaders.load_sipri_tiv`. ``years`` is inclusive.
    """
    if flow not in _ROLES:
        raise ValueError(f"flow must be 'imports' or 'exports', not {flow!r}")
    parts = [
        tiv_table_totals(tiv, iso3, flow, years),
        register_by_partner(register, iso3, flow, years),
    ]
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


def arms_imports_by_supplier(
    recipient_iso3: str,
    years: Years = (1992, 2024),
    *,
    register: pd.DataFrame | None = None,
    tiv: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Yearly TIV (m) of ``recipient_iso3``'s arms imports by supplier, 1992-94 spliced.

    Columns: year, supplier, supplier_iso3, tiv, no_deliveries, source. Rows before 1995
    are TIV-table totals with supplier :data:`TIV_TABLE_LABEL` (no breakdown exists;
    see the module docstring). The tables are loaded unless passed in.
    """
    register = load_sipri_arms_register() if register is None else register
    tiv = load_sipri_tiv() if tiv is None else tiv
    return partner_flows(register, tiv, recipient_iso3, "imports", years)


def arms_exports_by_recipient(
    supplier_iso3: str,
    years: Years = (1992, 2024),
    *,
    register: pd.DataFrame | None = None,
    tiv: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Yearly TIV (m) of ``supplier_iso3``'s arms exports by recipient, 1992-94 spliced.

    Columns: year, recipient, recipient_iso3, tiv, no_deliveries, source; the mirror of
    :func:`arms_imports_by_supplier`.
    """
    register = load_sipri_arms_register() if register is None else register
    tiv = load_sipri_tiv() if tiv is None else tiv
    return partner_flows(register, tiv, supplier_iso3, "exports", years)


def supplier_share(frame: pd.DataFrame, supplier_iso3: str = "RUS") -> pd.DataFrame:
    """Share of one partner in each year's total, from a partner frame.

    Works on imports-by-supplier and exports-by-recipient frames alike. Returns year,
    total, from_supplier, share (fraction 0-1), source. ``share`` is NaN when ``total`` is
    0. In TIV-table years the partner's part is unknown (NaN) unless SIPRI records no
    deliveries at all, in which case it is 0.
    """
    partner = _partner_column(frame)
    hit = frame[f"{partner}_iso3"].eq(supplier_iso3)
    work = frame.assign(
        _from=frame["tiv"].where(hit, 0.0),
        _register=frame["source"].eq(REGISTER_SOURCE),
    )
    out = work.groupby("year", as_index=False).agg(
        total=("tiv", "sum"),
        from_supplier=("_from", "sum"),
        known=("_register", "all"),
        none=("no_deliveries", "all"),
        source=("source", "first"),
    )
    out["from_supplier"] = out["from_supplier"].where(out["known"] | out["none"])
    out.loc[~out["known"] & out["none"], "from_supplier"] = 0.0
    total = out["total"].where(out["total"] > 0)
    out["share"] = out["from_supplier"] / total
    return out[["year", "total", "from_supplier", "share", "source"]]


def top_partners(
    frame: pd.DataFrame,
    n: int = 5,
    *,
    partner_col: str | None = None,
    value_col: str = "tiv",
) -> pd.DataFrame:
    """Keep the ``n`` largest partners (by ``value_col`` summed over all years) and lump the
    rest into :data:`OTHER_LABEL` (ISO3 None), summing per year and source.

    Rows labelled :data:`TIV_TABLE_LABEL` are kept as they are and are not ranked. Works
    on any frame with a partner column and ``<partner>_iso3`` (default: ``supplier`` or
    ``recipient``). Rows are ordered by year, then partner rank, "Other", TIV table.
    Ties in the ranking are broken by name.
    """
    partner = partner_col or _partner_column(frame)
    iso = f"{partner}_iso3"
    ranked = (
        frame.loc[frame[partner] != TIV_TABLE_LABEL]
        .groupby(partner)[value_col]
        .sum()
        .reset_index()
        .sort_values([value_col, partner], ascending=[False, True])
    )
    top = list(ranked[partner].head(n))
    lump = ~frame[partner].isin(top) & (frame[partner] != TIV_TABLE_LABEL)
    work = frame.assign(**{partner: frame[partner].where(~lump, OTHER_LABEL)})
    work[iso] = work[iso].where(~lump, None)
    aggs: dict[str, tuple[str, str]] = {value_col: (value_col, "sum")}
    if "no_deliveries" in work.columns:
        aggs["no_deliveries"] = ("no_deliveries", "all")
    keys = [c for c in work.columns if c not in aggs]
    out = work.groupby(keys, dropna=False, sort=False, as_index=False).agg(**aggs)
    out[iso] = out[iso].astype("object").where(out[iso].notna(), None)
    order = {name: i for i, name in enumerate([*top, OTHER_LABEL, TIV_TABLE_LABEL])}
    out = out.assign(_rank=out[partner].map(order))
    sort = ["year", "_rank"] if "year" in out.columns else ["_rank"]
    return out.sort_values(sort, kind="stable", ignore_index=True)[list(frame.columns)]


def compare_vintages(
    register: pd.DataFrame, tiv: pd.DataFrame, iso3: str, flow: Flow, years: Years
) -> pd.DataFrame:
    """Yearly totals of the register (Feb 2026) beside the TIV table (Dec 2023).

    For overlapping years (1995-2022): year, register_total, tiv_table_total, difference
    (register minus table). Shows how much SIPRI revised past deliveries between vintages.
    """
    first, last = max(years[0], REGISTER_FIRST_YEAR), min(years[1], int(tiv["year"].max()))
    reg = register_by_partner(register, iso3, flow, (first, last))
    reg_tot = reg.groupby("year")["tiv"].sum().rename("register_total")
    rows = tiv[(tiv["iso3"] == iso3) & (tiv["flow"] == flow) & tiv["year"].between(first, last)]
    tab_tot = rows.groupby("year")["value"].sum().rename("tiv_table_total")
    out = pd.concat([reg_tot, tab_tot], axis=1).fillna(0.0).rename_axis("year").reset_index()
    out["difference"] = (out["register_total"] - out["tiv_table_total"]).round(6)
    return out.astype({"year": "int64"})
