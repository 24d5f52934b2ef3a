"""Eurostat Comext DS-045409: EU member states' monthly trade with Belarus and neighbours.

Raw layout (``eu_total_trade_4630244_spreadsheet.xlsx``, extracted 22 Jan 2023): sheets
Summary, Structure and ``Sheet 1``..``Sheet 4``. Each data sheet describes itself in
column A label cells: ``PRODUCT [PRODUCT]`` (e.g. ``Total [TOTAL]`` or ``MINERAL FUELS,
... [27]``), ``FLOW`` (IMPORT/EXPORT) and ``INDICATORS`` (VALUE_IN_EUROS), each value in
the first filled cell to the right. The header row reads ``TIME | TIME | 2020-01 ...
2022-12``; data rows follow the ``REPORTER (Labels)`` row as reporter | partner |
values, up to the first blank row (a "Special value" legend follows). ``:`` means not
available; 2022-12 is ``:`` throughout. Reporters are the 27 member states (labels carry
coverage notes such as "France (incl. ... )"); partners are Armenia, Belarus, Georgia,
Kazakhstan, Kyrgyzstan, Russia, Uzbekistan. Header and labels are found by content, not
by row number.

Tidy table (:func:`load_eurostat_eu_belarus`): reporter, reporter_iso3 (EU aggregate ->
"EU27"), partner, partner_iso3 (names without the parenthesised notes, ISO3 via
:func:`analysis.countries.map_names`), period (``YYYY-MM``), year, month, product
("TOTAL" or "HS27"), flow ("import"/"export", from the reporter's side), value (EUR,
NaN where ``:``), unit ("EUR"), source. Not-available months stay as NaN rows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.countries import map_names
from analysis.errors import LayoutError
from analysis.inputs.loaders._base import tidy_loader
from analysis.inputs.loaders._rdata import source_column, with_source

SHEETS = ("Sheet 1", "Sheet 2", "Sheet 3", "Sheet 4")
NOT_AVAILABLE = ":"
_PERIOD = re.compile(r"^\d{4}-\d{2}$")


def _label(sheet: pd.DataFrame, key: str, where: str) -> str:
    """Value of the label cell ``key`` in column A: the first filled cell to its right."""
    hits = sheet.index[sheet[0].astype(str).str.strip() == key]
    if hits.empty:
        raise LayoutError(f"{where}: no {key!r} label cell in column A")
    cells = sheet.loc[hits[0]].iloc[1:].dropna()
    if cells.empty:
        raise LayoutError(f"{where}: label {key!r} has no value")
    return str(cells.iloc[0]).strip()


def _short_name(label: str) -> str:
    """Country label without Eurostat's parenthesised notes: 'Ireland (Eire)' -> 'Ireland'."""
    return re.sub(r"\s*\(.*$", "", label).strip()


def _parse_sheet(sheet: pd.DataFrame, where: str) -> pd.DataFrame:
    """One data sheet in long form: reporter, partner, period, product, flow, value."""
    product_label = _label(sheet, "PRODUCT [PRODUCT]", where)
    code = re.search(r"\[(\w+)\]\s*$", product_label)
    if code is None:
        raise LayoutError(f"{where}: product label {product_label!r} has no [code]")
    product = f"HS{code.group(1)}" if code.group(1).isdigit() else code.group(1)
    flow = _label(sheet, "FLOW", where).lower()
    indicator = _label(sheet, "INDICATORS", where)
    if flow not in ("import", "export") or indicator != "VALUE_IN_EUROS":
        raise LayoutError(f"{where}: unexpected flow {flow!r} or indicator {indicator!r}")

    first = sheet[0].astype(str).str.strip()
    header = sheet.index[(first == "TIME") & (sheet[1].astype(str).str.strip() == "TIME")]
    labels_row = sheet.index[first == "REPORTER (Labels)"]
    if header.empty or labels_row.empty:
        raise LayoutError(f"{where}: no 'TIME | TIME' header or 'REPORTER (Labels)' row")
    periods = {
        c: str(v).strip() for c, v in sheet.loc[header[0]].items() if _PERIOD.match(str(v).strip())
    }
    if not periods:
        raise LayoutError(f"{where}: header row {header[0] + 1} lists no YYYY-MM periods")
    body = sheet.loc[labels_row[0] + 1 :]
    blank = body.index[body[0].isna()]
    body = body.loc[: blank[0] - 1] if not blank.empty else body

    cells = body[list(periods)]
    values = cells.where(cells.map(lambda v: str(v).strip() != NOT_AVAILABLE))
    numbers = values.apply(pd.to_numeric, errors="coerce")
    bad = values.notna() & numbers.isna()
    if bad.any().any():
        raise LayoutError(f"{where}: non-numeric cells {values[bad].stack().unique()[:5]}")
    wide = numbers.rename(columns=periods)
    wide.insert(0, "reporter", body[0].astype(str).map(_short_name))
    wide.insert(1, "partner", body[1].astype(str).map(_short_name))
    long = wide.melt(["reporter", "partner"], var_name="period", value_name="value")
    long["product"] = product
    long["flow"] = flow
    return long


def parse_eurostat_eu_belarus(path: Path) -> pd.DataFrame:
    """Tidy monthly EU trade from the Eurostat spreadsheet (see module docstring)."""
    book = pd.read_excel(path, sheet_name=None, header=None, engine="calamine")
    missing = [s for s in SHEETS if s not in book]
    if missing:
        raise LayoutError(f"{path.name}: missing sheet(s) {missing}; found {list(book)}")
    out = pd.concat(
        [_parse_sheet(book[s], f"{path.name} [{s}]") for s in SHEETS], ignore_index=True
    )
    reporters = out["reporter"]
    out.insert(1, "reporter_iso3", map_names(reporters).to_numpy())
    out.loc[reporters.str.startswith("European Union"), "reporter_iso3"] = "EU27"
    out.insert(3, "partner_iso3", map_names(out["partner"]).to_numpy())
    out.insert(5, "year", out["period"].str[:4].astype("int64"))
    out.insert(6, "month", out["period"].str[5:].astype("int64"))
    out["value"] = out["value"].astype("float64")
    out["unit"] = "EUR"
    columns = [
        "reporter",
        "reporter_iso3",
        "partner",
        "partner_iso3",
        "period",
        "year",
        "month",
        "product",
        "flow",
        "value",
        "unit",
    ]
    return with_source(out[columns], "eurostat-eu-belarus")


SCHEMA = pa.DataFrameSchema(
    {
        "reporter": pa.Column(str),
        "reporter_iso3": pa.Column(str),
        "partner": pa.Column(str),
        "partner_iso3": pa.Column(str),
        "period": pa.Column(str, pa.Check.str_matches(_PERIOD.pattern)),
        "year": pa.Column(int, pa.Check.in_range(1988, 2030)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "product": pa.Column(str, pa.Check.isin(["TOTAL", "HS27"])),
        "flow": pa.Column(str, pa.Check.isin(["import", "export"])),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str, pa.Check.eq("EUR")),
        "source": source_column("eurostat-eu-belarus"),
    },
    strict=True,
    unique=["reporter", "partner", "period", "product", "flow"],
)


@tidy_loader(
    "eurostat-eu-belarus",
    files=("eu_total_trade_4630244_spreadsheet.xlsx",),
    version=1,
    schema=SCHEMA,
)
def load_eurostat_eu_belarus(path: Path) -> pd.DataFrame:
    """Eurostat Comext monthly trade of EU member states with Belarus, Russia and five
    other post-Soviet states, 2020-01 to 2022-12, total and HS27 (fuels), EUR."""
    return parse_eurostat_eu_belarus(path)
