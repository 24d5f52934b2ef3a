"""Arms transfers by partner: SIPRI's register spliced with its TIV tables.

Two SIPRI products are combined (see the module docstring of :mod:`analysis.inputs.loaders.sipri_arms`):

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

from collections.abc import Collection, Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.config import ARMS_AFTER, ARMS_BEFORE, PLAN_YEARS
from analysis.countries import display_name
from analysis.inputs.loaders import load_sipri_arms_register, load_sipri_tiv
from analysis.metrics.groups import EU27, NATO_2024, WEST  # noqa: F401  (re-exported)

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


# --------------------------------------------------------------------------- chart frames


def _pct(value: float) -> float:
    """A fraction as a percentage rounded to one decimal."""
    return float(round(100.0 * value, 1))


def _span(frame: pd.DataFrame) -> Years:
    return int(frame["year"].min()), int(frame["year"].max())


def stacked_partners(
    frame: pd.DataFrame, n: int = 2, tiv_label: str = TIV_TABLE_LABEL
) -> pd.DataFrame:
    """A partner frame stacked for a bar chart: the ``n`` largest partners by name, the
    rest as :data:`OTHER_LABEL`, the TIV-table rows labelled ``tiv_label``; rows with no
    deliveries dropped. Columns: year, partner, tiv, y0, y1 (stack bounds), x0, x1 (bar
    edges), source."""
    partner = _partner_column(frame)
    top = top_partners(frame, n=n)
    top = top.assign(partner=top[partner].replace({TIV_TABLE_LABEL: tiv_label}))
    top = top[top["tiv"] > 0].copy()
    top["y1"] = top.groupby("year")["tiv"].cumsum().round(4)
    top["y0"] = (top["y1"] - top["tiv"]).round(4)
    top["x0"] = top["year"] - 0.4
    top["x1"] = top["year"] + 0.4
    return top[["year", "partner", "tiv", "y0", "y1", "x0", "x1", "source"]].reset_index(drop=True)


def window_share(frame: pd.DataFrame, partners: Iterable[str], years: Years) -> dict[str, float]:
    """Pooled share of ``partners`` (ISO3) in a partner frame's TIV over ``years``:
    total, from_partners (TIV m) and share (0-1, NaN when the total is 0)."""
    col = f"{_partner_column(frame)}_iso3"
    rows = frame[frame["year"].between(*years)]
    total = float(rows["tiv"].sum())
    part = float(rows.loc[rows[col].isin(list(partners)), "tiv"].sum())
    return {
        "total": round(total, 4),
        "from_partners": round(part, 4),
        "share": part / total if total > 0 else float("nan"),
    }


def imports_finding(
    imports: pd.DataFrame,
    before: Years = ARMS_BEFORE,
    plan: Years = PLAN_YEARS,
    after: Years = ARMS_AFTER,
    supplier: str = "RUS",
) -> dict[str, Any]:
    """``supplier``'s share (per cent) of a country's arms imports over the register
    years and ``before``/``plan``/``after``, totals and totals per year of each window
    (``per_year_*``: windows differ in length), the West's deliveries, the peak year, the
    suppliers after, and the TIV-table years (all empty or not)."""
    reg = imports[imports["source"] == REGISTER_SOURCE]
    first, last = _span(reg)
    whole = window_share(imports, [supplier], (first, last))
    b, p, a = (window_share(imports, [supplier], w) for w in (before, plan, after))
    west = window_share(imports, WEST, (first, last))
    yearly = reg.groupby("year")["tiv"].sum()
    suppliers_after = sorted(
        set(reg.loc[reg["year"].between(*after) & (reg["tiv"] > 0), "supplier"])
    )
    tiv_years = imports[imports["source"] == TIV_SOURCE]
    return {
        "first_year": first,
        "last_year": last,
        "rus_share_all": _pct(whole["share"]),
        "total_all": round(whole["total"], 1),
        "rus_share_before": _pct(b["share"]),
        "rus_share_plan": _pct(p["share"]),
        "rus_share_after": _pct(a["share"]),
        "total_before": round(b["total"], 1),
        "total_plan": round(p["total"], 1),
        "total_after": round(a["total"], 1),
        "per_year_before": round(b["total"] / (before[1] - before[0] + 1), 1),
        "per_year_plan": round(p["total"] / (plan[1] - plan[0] + 1), 1),
        "per_year_after": round(a["total"] / (after[1] - after[0] + 1), 1),
        "west_tiv": round(west["from_partners"], 1),
        "peak_year": int(yearly.idxmax()),
        "peak_tiv": round(float(yearly.max()), 1),
        "suppliers_after": suppliers_after,
        "tiv_table_years": f"{int(tiv_years['year'].min())}-{str(int(tiv_years['year'].max()))[2:]}"
        if len(tiv_years)
        else "",
        "tiv_table_all_empty": bool(tiv_years["no_deliveries"].all()) if len(tiv_years) else True,
    }


def partners_by_period(
    exports: pd.DataFrame,
    periods: Sequence[Years],
    n: int = 10,
    always: Sequence[str] = ("RUS",),
    keep: Collection[str] = WEST,
) -> pd.DataFrame:
    """A country's arms exports summed by recipient and period (register years only).

    The ``n`` largest recipients over all periods keep their names, then every recipient
    in ``keep`` (ISO3) that received anything, the rest are :data:`OTHER_LABEL`;
    recipients in ``always`` get a row even with nothing delivered (a zero is shown, not
    hidden). Every kept recipient has a row in every period (0.0 where nothing was
    delivered). Columns: recipient, recipient_iso3, period (``"1995-2004"``), tiv, rank
    (0 = largest), west (in ``keep``).
    """
    reg = exports[exports["source"] == REGISTER_SOURCE]
    labels = [f"{a}-{b}" for a, b in periods]
    parts = []
    for (a, b), label in zip(periods, labels, strict=True):
        rows = reg[reg["year"].between(a, b)]
        parts.append(
            rows.groupby(["recipient", "recipient_iso3"], dropna=False)["tiv"]
            .sum()
            .reset_index()
            .assign(period=label)
        )
    long = pd.concat(parts, ignore_index=True)
    totals = long.groupby("recipient")["tiv"].sum().reset_index()
    totals = totals.sort_values(["tiv", "recipient"], ascending=[False, True])
    top = list(totals.loc[totals["tiv"] > 0, "recipient"].head(n))
    kept = long[long["recipient_iso3"].isin(list(keep)) & (long["tiv"] > 0)]
    top += [r for r in totals["recipient"] if r in set(kept["recipient"]) and r not in top]
    names = dict(zip(reg["recipient_iso3"], reg["recipient"], strict=False))
    keep_always = [names.get(c, display_name(c)) for c in always]
    lump = ~long["recipient"].isin(top + keep_always)
    long.loc[lump, "recipient"] = OTHER_LABEL
    long.loc[lump, "recipient_iso3"] = None
    sums = long.groupby(["recipient", "period"])["tiv"].sum()
    iso = long.dropna(subset=["recipient_iso3"]).groupby("recipient")["recipient_iso3"].first()
    iso_of = {**iso.to_dict(), **dict(zip(keep_always, always, strict=True))}
    order = [*top, *[k for k in keep_always if k not in top], OTHER_LABEL]
    grid = pd.MultiIndex.from_product([order, labels], names=["recipient", "period"])
    out = sums.reindex(grid, fill_value=0.0).reset_index()  # every recipient in every period
    out["recipient_iso3"] = out["recipient"].map(iso_of).astype("object")
    out["recipient_iso3"] = out["recipient_iso3"].where(out["recipient_iso3"].notna(), None)
    out["rank"] = out["recipient"].map({r: i for i, r in enumerate(order)}).astype("int64")
    out["west"] = out["recipient_iso3"].isin(list(keep))
    out["tiv"] = out["tiv"].round(2)
    out["period"] = pd.Categorical(out["period"], categories=labels, ordered=True)
    out = out.sort_values(["rank", "period"], ignore_index=True)
    out["period"] = out["period"].astype(str)
    out["source"] = REGISTER_SOURCE
    return out[["recipient", "recipient_iso3", "period", "tiv", "rank", "west", "source"]]


def exports_finding(
    exports: pd.DataFrame, plan: Years = PLAN_YEARS, after: Years = ARMS_AFTER
) -> dict[str, Any]:
    """A country's arms exports: totals, Russia's and the West's TIV before the plan's
    first year (up to ``plan[0] - 1``) and in ``after``, recipients after, new ones (none
    before the plan), and the four largest."""
    reg = exports[exports["source"] == REGISTER_SOURCE]
    first, last = _span(reg)
    rus = window_share(reg, ["RUS"], (first, last))
    west_before = window_share(reg, WEST, (first, plan[0] - 1))
    west_after = window_share(reg, WEST, after)
    before_rows = reg[reg["year"].between(first, plan[0] - 1) & (reg["tiv"] > 0)]
    after_rows = reg[reg["year"].between(*after) & (reg["tiv"] > 0)]
    new = sorted(set(after_rows["recipient"]) - set(before_rows["recipient"]))
    by_after = after_rows.groupby("recipient")["tiv"].sum().sort_values(ascending=False)
    west_names = sorted(
        set(reg.loc[reg["recipient_iso3"].isin(WEST) & (reg["tiv"] > 0), "recipient"])
    )
    return {
        "first_year": first,
        "last_year": last,
        "total_all": round(rus["total"], 1),
        "rus_tiv": round(rus["from_partners"], 1),
        "total_before": round(west_before["total"], 1),
        "total_after": round(west_after["total"], 1),
        "west_tiv_before": round(west_before["from_partners"], 1),
        "west_tiv_after": round(west_after["from_partners"], 1),
        "west_recipients": west_names,
        "n_recipients_after": int(after_rows["recipient"].nunique()),
        "new_recipients_after": new,
        "top_after": list(by_after.index[:4]),
        "top_after_tiv": [round(float(v), 1) for v in by_after.iloc[:4]],
    }


def deliveries_to(
    register: pd.DataFrame, supplier: str, recipients: Collection[str]
) -> pd.DataFrame:
    """Register rows of ``supplier``'s deliveries to any of ``recipients`` (ISO3)."""
    return register[
        (register["supplier_iso3"] == supplier) & register["recipient_iso3"].isin(list(recipients))
    ]


def arms_between(a_exports: pd.DataFrame, b_exports: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Yearly register deliveries ``a`` -> ``b`` and ``b`` -> ``a`` (TIV m), from the two
    exporters' :func:`arms_exports_by_recipient` frames (register years only).

    A direction with no row in a register year gets 0 with ``no_deliveries`` True.
    Columns: year, direction, supplier_iso3, recipient_iso3, tiv, no_deliveries, source.
    """
    frames = []
    for frame, sup, rec in ((a_exports, a, b), (b_exports, b, a)):
        reg = frame[frame["source"] == REGISTER_SOURCE]
        years = pd.DataFrame({"year": sorted(reg["year"].unique())})
        hit = reg[reg["recipient_iso3"] == rec][["year", "tiv", "no_deliveries"]]
        out = years.merge(hit, on="year", how="left")
        out["no_deliveries"] = out["no_deliveries"].astype("boolean").fillna(True).astype(bool)
        out["tiv"] = out["tiv"].fillna(0.0)
        out["direction"] = f"{display_name(sup)} to {display_name(rec)}"
        out["supplier_iso3"], out["recipient_iso3"] = sup, rec
        frames.append(out)
    out = pd.concat(frames, ignore_index=True).astype({"year": "int64"})
    out["source"] = REGISTER_SOURCE
    cols = ["year", "direction", "supplier_iso3", "recipient_iso3", "tiv", "no_deliveries"]
    return out[[*cols, "source"]]


def arms_deals(register: pd.DataFrame, supplier: str, recipient: str) -> pd.DataFrame:
    """Deals of the register from ``supplier`` to ``recipient``, one row each: designation,
    description, ordered (year), delivered (years), number delivered, tiv (m), status."""
    cols = ["designation", "description", "ordered", "delivered", "number", "tiv", "status"]
    rows = register[
        (register["supplier_iso3"] == supplier) & (register["recipient_iso3"] == recipient)
    ]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    out = rows.groupby(["deal_id", "designation", "description", "status"], as_index=False).agg(
        ordered=("order_year", "first"),
        first=("delivery_year", "min"),
        last=("delivery_year", "max"),
        number=("numbers_delivered", "sum"),
        tiv=("tiv_delivery", "sum"),
    )
    out["delivered"] = [
        f"{a}" if a == b else f"{a}-{b}" for a, b in zip(out["first"], out["last"], strict=True)
    ]
    out["number"] = out["number"].astype("int64")
    out["tiv"] = out["tiv"].round(2)
    return out.sort_values(["first", "deal_id"], ignore_index=True)[cols]
