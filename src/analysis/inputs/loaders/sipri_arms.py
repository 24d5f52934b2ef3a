"""SIPRI arms-transfer loaders: the trade register and the TIV tables.

Raw layouts (see ``SOURCES.md`` of the raw-data mirror) and the tidy tables they become:

``sipri-arms-register`` / ``trade_register.csv``
    ASCII, CRLF, 11 preamble lines, then the header line (found by its first field
    ``SIPRI AT Database ID``); every line ends with ``;``. One row per deal and
    delivery year. :func:`load_sipri_arms_register` gives:

    ==========================  ============================================================
    deal_id                     SIPRI AT Database ID (int)
    supplier, recipient         SIPRI names (str); ``*`` marks non-state actors
    supplier_iso3,              ISO3 codes (str; None for non-state actors, "unknown
    recipient_iso3              supplier(s)", organisations marked ``**``)
    designation, description    weapon designation and type (str)
    category                    Armament category (str)
    order_year                  year of order (Int64, nullable)
    delivery_year               year of these deliveries (int)
    numbers_delivered           units delivered in ``delivery_year`` (float)
    tiv_unit_new                SIPRI's TIV per unit of the weapon when new, the raw
                                "SIPRI estimate" column (float, TIV m)
    tiv_deal_unit               TIV per unit in this deal, after the second-hand
                                discount (float, TIV m)
    tiv_delivery                TIV of the deliveries in ``delivery_year`` (float, TIV m)
    order_year_estimate,        SIPRI's "... is estimate" flags, or a ``?`` after the value
    numbers_estimate,           (nullable boolean: NA where SIPRI leaves the flag blank)
    delivery_year_estimate
    status                      ``New``, ``Second hand``, ``Second hand but modernized``
    local_production            licensed or local production (bool)
    source                      ``sipri-arms-register``
    ==========================  ============================================================

``sipri-arms-tiv`` / ``TIV-Import-All-Country-1950-2022.csv``, ``TIV-Export-...csv``
    10 preamble lines, header line ``,1950,...,2022,Total`` (found by content), first
    column the country; a blank row and a ``Total`` row close the table.
    :func:`load_sipri_tiv` gives iso3, country, year (int), flow (``imports`` /
    ``exports``), value (float, TIV m), no_deliveries (bool), unit (``TIV m``), source.
    SIPRI states that an empty cell means no deliveries, so empty cells become
    ``value = 0.0`` with ``no_deliveries = True``; note that this includes the years
    before a state existed (Belarus 1950-91 is 0.0, not NaN). A ``0`` in the raw table
    means deliveries worth less than 0.5 TIV m (``no_deliveries = False``). The Total
    column and the Total row are dropped.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.countries import map_names
from analysis.errors import LayoutError
from analysis.inputs.loaders._base import require_columns, tidy_loader
from analysis.inputs.loaders.sipri import _where

REGISTER_ID = "sipri-arms-register"
REGISTER_FILE = "trade_register.csv"
TIV_ID = "sipri-arms-tiv"
TIV_FILES = ("TIV-Import-All-Country-1950-2022.csv", "TIV-Export-All-Country-1950-2022.csv")


# --------------------------------------------------------------------------------------
# Arms-transfer register
# --------------------------------------------------------------------------------------

REGISTER_HEADER = "SIPRI AT Database ID"
REGISTER_COLUMNS: dict[str, str] = {
    "SIPRI AT Database ID": "deal_id",
    "Supplier": "supplier",
    "Recipient": "recipient",
    "Designation": "designation",
    "Description": "description",
    "Armament category": "category",
    "Order date": "order_year",
    "Order date is estimate": "order_year_estimate",
    "Numbers delivered": "numbers_delivered",
    "Numbers delivered is estimate": "numbers_estimate",
    "Delivery year": "delivery_year",
    "Delivery year is estimate": "delivery_year_estimate",
    "Status": "status",
    "SIPRI estimate": "tiv_unit_new",
    "TIV deal unit": "tiv_deal_unit",
    "TIV delivery values": "tiv_delivery",
    "Local production": "local_production",
}
REGISTER_ORDER = [
    "deal_id",
    "supplier",
    "supplier_iso3",
    "recipient",
    "recipient_iso3",
    "designation",
    "description",
    "category",
    "order_year",
    "delivery_year",
    "numbers_delivered",
    "tiv_unit_new",
    "tiv_deal_unit",
    "tiv_delivery",
    "order_year_estimate",
    "delivery_year_estimate",
    "numbers_estimate",
    "status",
    "local_production",
    "source",
]
_YES_NO = {"yes": True, "no": False, "": pd.NA}


def _yes_no(series: pd.Series, column: str, where: str) -> pd.Series:
    keys = series.str.strip().str.lower()
    bad = sorted(set(keys) - set(_YES_NO))
    if bad:
        raise LayoutError(
            f"{where}: column {column!r} has values other than Yes/No/blank: {bad[:5]}"
        )
    return keys.map(_YES_NO).astype("boolean")


def _numeric_with_flag(
    series: pd.Series, column: str = "", where: str = "", ids: pd.Series | None = None
) -> tuple[pd.Series, pd.Series]:
    """Numbers with an optional trailing ``?`` (uncertain): the values and the flags.

    A value that is not a number raises :class:`LayoutError` naming the column and the
    rows (by ``ids``, the deal ids) that hold one.
    """
    text = series.str.strip()
    flag = text.str.endswith("?")
    stripped = text.str.rstrip("?").str.strip().replace("", np.nan)
    values = pd.to_numeric(stripped, errors="coerce")
    bad = stripped.notna() & values.isna()
    if bad.any():
        rows = ids[bad] if ids is not None else series.index[bad]
        examples = ", ".join(f"{r} ({v!r})" for r, v in zip(rows[:5], series[bad][:5], strict=True))
        raise LayoutError(
            f"{where}: column {column!r}: {int(bad.sum())} value(s) are not numbers, "
            f"e.g. deal id {examples}"
        )
    return values, flag


def parse_sipri_arms_register(path: Path) -> pd.DataFrame:
    """Parse the SIPRI trade register CSV into one row per deal and delivery year."""
    where = _where(REGISTER_ID, path)
    lines = path.read_text(encoding="utf-8").splitlines()  # ASCII in practice
    head = next((i for i, line in enumerate(lines) if line.startswith(REGISTER_HEADER)), None)
    if head is None:
        raise LayoutError(f"{where}: no header line starting with {REGISTER_HEADER!r}")
    body = "\n".join(line.rstrip().removesuffix(";") for line in lines[head:] if line.strip(" ;"))
    raw = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    raw.columns = [c.strip() for c in raw.columns]
    require_columns(raw, list(REGISTER_COLUMNS), where)
    raw = raw[list(REGISTER_COLUMNS)].rename(columns=REGISTER_COLUMNS)

    out = pd.DataFrame(index=raw.index)
    out["deal_id"] = pd.to_numeric(raw["deal_id"], errors="raise").astype("int64")
    for col in ["supplier", "recipient", "designation", "description", "category", "status"]:
        out[col] = raw[col].str.strip()
    out["supplier_iso3"] = map_names(out["supplier"]).to_numpy()
    out["recipient_iso3"] = map_names(out["recipient"]).to_numpy()

    def numeric(col: str) -> tuple[pd.Series, pd.Series]:
        source = next(k for k, v in REGISTER_COLUMNS.items() if v == col)
        return _numeric_with_flag(raw[col], source, where, raw["deal_id"].str.strip())

    order, order_q = numeric("order_year")
    delivery, delivery_q = numeric("delivery_year")
    numbers, numbers_q = numeric("numbers_delivered")
    out["order_year"] = order.astype("Int64")
    if delivery.isna().any():
        raise LayoutError(f"{where}: {int(delivery.isna().sum())} row(s) without a delivery year")
    out["delivery_year"] = delivery.astype("int64")
    out["numbers_delivered"] = numbers.astype(float)
    for col in ["tiv_unit_new", "tiv_deal_unit", "tiv_delivery"]:
        out[col] = numeric(col)[0].astype(float)
    flags = {
        "order_year_estimate": order_q,
        "delivery_year_estimate": delivery_q,
        "numbers_estimate": numbers_q,
    }
    for col, question in flags.items():
        stated = _yes_no(raw[col], col, where)
        out[col] = (stated | question.astype("boolean")).astype("boolean")
    out["local_production"] = _yes_no(raw["local_production"], "local_production", where)
    if out["local_production"].isna().any():
        raise LayoutError(f"{where}: blank 'Local production' values")
    out["local_production"] = out["local_production"].astype(bool)
    out["source"] = REGISTER_ID
    return out[REGISTER_ORDER].reset_index(drop=True)


_FLAG = pa.Column("boolean", nullable=True)
REGISTER_SCHEMA = pa.DataFrameSchema(
    {
        "deal_id": pa.Column("int64"),
        "supplier": pa.Column(str),
        "supplier_iso3": pa.Column(str, nullable=True),
        "recipient": pa.Column(str),
        "recipient_iso3": pa.Column(str, nullable=True),
        "designation": pa.Column(str),
        "description": pa.Column(str),
        "category": pa.Column(str),
        "order_year": pa.Column("Int64", pa.Check.in_range(1900, 2100), nullable=True),
        "delivery_year": pa.Column("int64", pa.Check.in_range(1950, 2100)),
        "numbers_delivered": pa.Column(float, pa.Check.ge(0), nullable=True),
        "tiv_unit_new": pa.Column(float, pa.Check.ge(0), nullable=True),
        "tiv_deal_unit": pa.Column(float, pa.Check.ge(0), nullable=True),
        "tiv_delivery": pa.Column(float, pa.Check.ge(0), nullable=True),
        "order_year_estimate": _FLAG,
        "delivery_year_estimate": _FLAG,
        "numbers_estimate": _FLAG,
        "status": pa.Column(str),
        "local_production": pa.Column(bool),
        "source": pa.Column(str, pa.Check.eq(REGISTER_ID)),
    },
    unique=["deal_id", "delivery_year"],
    strict=True,
    ordered=True,
)


@tidy_loader(REGISTER_ID, files=(REGISTER_FILE,), version=1, schema=REGISTER_SCHEMA)
def load_sipri_arms_register(path: Path) -> pd.DataFrame:
    """SIPRI arms-transfer register, deliveries 1995-2024: one row per deal and delivery
    year, with supplier/recipient ISO3 codes and TIV (millions)."""
    return parse_sipri_arms_register(path)


# --------------------------------------------------------------------------------------
# TIV tables
# --------------------------------------------------------------------------------------

_YEAR = re.compile(r"^\d{4}$")


def _tiv_table(path: Path, flow: str, title_word: str) -> pd.DataFrame:
    where = _where(TIV_ID, path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or title_word not in (rows[0][0] if rows[0] else ""):
        got = rows[0][0] if rows and rows[0] else ""
        raise LayoutError(
            f"{where}: title {got!r} does not read '{title_word}': is this the {flow} table?"
        )
    head = next(
        (
            i
            for i, r in enumerate(rows)
            if len(r) > 1 and not r[0].strip() and _YEAR.match(r[1].strip())
        ),
        None,
    )
    if head is None:
        raise LayoutError(f"{where}: no header line of the form ',1950,...,Total'")
    years = {i: int(v) for i, v in enumerate(rows[head]) if _YEAR.match(v.strip())}
    records: list[tuple[str, int, float, bool]] = []
    for r in rows[head + 1 :]:
        name = r[0].strip() if r else ""
        if not name or name.lower() == "total":
            continue
        for i, year in years.items():
            cell = r[i].strip() if i < len(r) else ""
            try:
                records.append((name, year, float(cell) if cell else 0.0, not cell))
            except ValueError as exc:
                raise LayoutError(
                    f"{where}: non-numeric value {cell!r} for {name!r}, {year}"
                ) from exc
    frame = pd.DataFrame(records, columns=["country", "year", "value", "no_deliveries"])
    frame.insert(0, "iso3", map_names(frame["country"]).to_numpy())
    frame.insert(3, "flow", flow)
    return frame


def parse_sipri_tiv(import_path: Path, export_path: Path) -> pd.DataFrame:
    """Parse the SIPRI importer and exporter TIV tables into one long table."""
    frame = pd.concat(
        [
            _tiv_table(import_path, "imports", " to all"),
            _tiv_table(export_path, "exports", " from all"),
        ],
        ignore_index=True,
    )
    frame["year"] = frame["year"].astype("int64")
    frame["unit"] = "TIV m"
    frame["source"] = TIV_ID
    return frame


TIV_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, nullable=True),
        "country": pa.Column(str),
        "year": pa.Column("int64", pa.Check.in_range(1950, 2100)),
        "flow": pa.Column(str, pa.Check.isin(["imports", "exports"])),
        "value": pa.Column(float, pa.Check.ge(0)),
        "no_deliveries": pa.Column(bool),
        "unit": pa.Column(str, pa.Check.eq("TIV m")),
        "source": pa.Column(str, pa.Check.eq(TIV_ID)),
    },
    unique=["country", "year", "flow"],
    strict=True,
    ordered=True,
)


@tidy_loader(TIV_ID, files=TIV_FILES, version=1, schema=TIV_SCHEMA)
def load_sipri_tiv(import_path: Path, export_path: Path) -> pd.DataFrame:
    """SIPRI TIV of arms imports and exports by country and year, 1950-2022 (TIV m;
    empty cells, meaning no deliveries, are 0.0 with ``no_deliveries`` True)."""
    return parse_sipri_tiv(import_path, export_path)
