"""SIPRI Military Expenditure Database loader (``sipri-milex``).

Raw layouts (see ``SOURCES.md`` of the raw-data mirror) and the tidy tables they become:

``sipri-milex`` / ``SIPRI-Milex-data-1949-2024_2.xlsx``
    One sheet per measure. Above each table sit a few title lines; the header row is the
    row whose first cell is ``Country`` (row 6, 7 or 8 depending on the sheet), followed
    by label columns (Notes, Reporting year, ...) and one column per year. Country rows
    are grouped under region heading rows, which carry no values. ``...`` means missing,
    ``xxx`` means the country did not exist; estimates are printed in blue, highly
    uncertain figures in red (indexed font colours 12 and 10 of the workbook palette).

    :func:`load_sipri_milex` gives one row per country, year and measure:

    ========  ==========================================================================
    iso3      ISO3 code (str; None for names no concordance knows)
    country   SIPRI's country name (str)
    year      calendar year (int)
    measure   ``constant_2023_usd_m`` (US$ m, constant 2023), ``current_usd_m`` (US$ m,
              current), ``share_of_gdp`` (% of GDP), ``per_capita_usd`` (current US$
              per person), ``share_of_govt_spending`` (% of general government spending)
    value     float; NaN when missing or not existing. Shares are in percent
              (SIPRI's fraction 0.0207 becomes 2.07)
    unit      the measure's unit, spelled out
    status    ``ok``, ``estimate`` (blue), ``uncertain`` (red), ``missing`` (``...``,
              blank, or a placeholder zero, below), ``not_existing`` (``xxx``)
    source    ``sipri-milex``
    ========  ==========================================================================

    Placeholder zeros: the Current US$ sheet prints 0 where no current-dollar figure
    exists (Belarus 1992-94, Russia 1988-90 and 1992 after hyperinflation and
    redenomination, Czechoslovakia and Taiwan before the 1990s, ...). A current-US$ 0
    is kept as a true zero only where the constant-US$ figure for the same country and
    year is also 0 (Costa Rica, Iceland, Panama, Haiti: no armed forces; and Mauritania
    2007, 2010-11); every other current-US$ 0 becomes NaN with status ``missing``.
    Two rows map to ISO3 ``YEM`` ("Yemen, North" before 1990 and "Yemen").

    :func:`sipri_milex_notes` gives the footnotes attached to each country: country,
    iso3, marker (``†``, ``‡``, ``§``, ``¶``, ``‖`` or a footnote number), text.

The arms-transfer register and the TIV tables are read by :mod:`.sipri_arms`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.countries import map_names
from analysis.errors import LayoutError
from analysis.inputs.loaders._base import tidy_loader

MILEX_ID = "sipri-milex"
MILEX_FILE = "SIPRI-Milex-data-1949-2024_2.xlsx"


def _where(dataset_id: str, path: Path, detail: str = "") -> str:
    return f"dataset {dataset_id!r} ({path.name}{', ' + detail if detail else ''})"


# --------------------------------------------------------------------------------------
# Military expenditure
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilexSheet:
    """One measure of the milex workbook: its sheet, tidy name, unit and scale factor."""

    sheet: str
    measure: str
    unit: str
    scale: float


MILEX_SHEETS: tuple[MilexSheet, ...] = (
    MilexSheet("Constant (2023) US$", "constant_2023_usd_m", "US$ m, constant 2023", 1.0),
    MilexSheet("Current US$", "current_usd_m", "US$ m, current", 1.0),
    MilexSheet("Share of GDP", "share_of_gdp", "% of GDP", 100.0),
    MilexSheet("Per capita", "per_capita_usd", "US$ per person, current", 1.0),
    MilexSheet(
        "Share of Govt. spending", "share_of_govt_spending", "% of government spending", 100.0
    ),
)
MILEX_STATUSES = ("ok", "estimate", "uncertain", "missing", "not_existing")
_MISSING_MARKS = {"...", ". .", "..", ""}


def _is_year(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 1900 <= value <= 2100


def _font_status(cell: Any, palette: tuple[str, ...]) -> str:
    """``estimate`` for a blue font, ``uncertain`` for a red one, else ``ok``."""
    color = cell.font.color if cell.font is not None else None
    if color is None:
        return "ok"
    if color.type == "rgb" and isinstance(color.rgb, str):
        rgb = color.rgb
    elif (
        color.type == "indexed" and isinstance(color.indexed, int) and color.indexed < len(palette)
    ):
        rgb = palette[color.indexed]
    else:  # theme colours are black or grey in this workbook
        return "ok"
    r, g, b = (int(rgb[-6:][i : i + 2], 16) for i in (0, 2, 4))
    if b >= 0xC0 and r < 0x60 and g < 0x60:
        return "estimate"
    if r >= 0xC0 and g < 0x60 and b < 0x60:
        return "uncertain"
    return "ok"


_TEXT_YEAR = re.compile(r"\s*(?:1[89]|20)\d\d\s*")


def _header_years(row: Any, where: str) -> dict[int, int]:
    """Column index -> year of a header row; a year written as text, or anything after
    the year columns, is a layout change and raises :class:`LayoutError`."""
    years: dict[int, int] = {}
    for index, cell in enumerate(row):
        value = cell.value
        if _is_year(value):
            years[index] = int(value)
        elif isinstance(value, str) and _TEXT_YEAR.fullmatch(value):
            raise LayoutError(
                f"{where}: year column header {cell.coordinate} is text {value!r}, not a number"
            )
        elif years and not (value is None or (isinstance(value, str) and not value.strip())):
            raise LayoutError(
                f"{where}: unexpected header {value!r} in {cell.coordinate} after the year columns"
            )
    return years


def _milex_sheet(wb: Any, spec: MilexSheet, path: Path) -> pd.DataFrame:
    """Long table (country, year, value, status) of one sheet; region headings dropped."""
    where = _where(MILEX_ID, path, f"sheet {spec.sheet!r}")
    if spec.sheet not in wb.sheetnames:
        raise LayoutError(
            f"{where}: sheet {spec.sheet!r} not found; the workbook has {wb.sheetnames}"
        )
    from openpyxl.styles.colors import COLOR_INDEX  # only when parsing: not on a cached load

    palette = tuple(getattr(wb, "_colors", None) or COLOR_INDEX)
    years: dict[int, int] | None = None
    countries: list[str] = []
    out_years: list[int] = []
    values: list[float] = []
    statuses: list[str] = []
    for row in wb[spec.sheet].iter_rows():
        first = row[0].value
        if years is None:
            if isinstance(first, str) and first.strip() == "Country":
                years = _header_years(row, where)
            continue
        if not isinstance(first, str) or not first.strip():
            continue
        cells = [(year, row[i]) for i, year in years.items() if i < len(row)]
        if all(
            c.value is None or (isinstance(c.value, str) and not c.value.strip()) for _, c in cells
        ):
            continue  # region or sub-region heading
        name = first.strip()
        for year, cell in cells:
            raw = cell.value
            if raw is None or (isinstance(raw, str) and raw.strip() in _MISSING_MARKS):
                value, status = np.nan, "missing"
            elif isinstance(raw, str) and raw.strip().lower() == "xxx":
                value, status = np.nan, "not_existing"
            elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
                value, status = float(raw) * spec.scale, _font_status(cell, palette)
            else:
                raise LayoutError(
                    f"{where}: unexpected value {raw!r} in cell {cell.coordinate} ({name}, {year})"
                )
            countries.append(name)
            out_years.append(year)
            values.append(value)
            statuses.append(status)
    if years is None:
        raise LayoutError(
            f"{where}: no header row whose first cell is 'Country' in sheet {spec.sheet!r}"
        )
    if not years or not countries:
        raise LayoutError(
            f"{where}: header row of sheet {spec.sheet!r} has no year columns or no country rows"
        )
    return pd.DataFrame(
        {
            "country": countries,
            "year": out_years,
            "measure": spec.measure,
            "value": values,
            "unit": spec.unit,
            "status": statuses,
        }
    )


def parse_sipri_milex(path: Path) -> pd.DataFrame:
    """Parse the SIPRI milex workbook into the tidy long table (see the module docstring)."""
    import openpyxl  # only when parsing: a cached load needs no spreadsheet reader

    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        frame = pd.concat(
            [_milex_sheet(wb, spec, path) for spec in MILEX_SHEETS], ignore_index=True
        )
    finally:
        wb.close()
    # A current-US$ 0 is a placeholder unless the constant-US$ figure is also 0.
    key = ["country", "year"]
    constant = frame.loc[frame["measure"] == "constant_2023_usd_m", [*key, "value"]]
    current = frame.loc[frame["measure"] == "current_usd_m", key + ["value"]].reset_index()
    merged = current.merge(constant, on=key, how="left", suffixes=("", "_constant"))
    fake = merged.loc[(merged["value"] == 0) & (merged["value_constant"] != 0), "index"]
    frame.loc[fake, "value"] = np.nan
    frame.loc[fake, "status"] = "missing"
    frame.insert(0, "iso3", map_names(frame["country"]).to_numpy())
    frame["year"] = frame["year"].astype("int64")
    frame["source"] = MILEX_ID
    return frame


def _value_matches_status(df: pd.DataFrame) -> pd.Series:
    return df["value"].isna() == df["status"].isin(["missing", "not_existing"])


MILEX_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, nullable=True),
        "country": pa.Column(str),
        "year": pa.Column("int64", pa.Check.in_range(1949, 2100)),
        "measure": pa.Column(str, pa.Check.isin([s.measure for s in MILEX_SHEETS])),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(MILEX_STATUSES)),
        "source": pa.Column(str, pa.Check.eq(MILEX_ID)),
    },
    checks=pa.Check(
        _value_matches_status, error="value is NaN exactly when status is missing/not_existing"
    ),
    unique=["country", "year", "measure"],
    strict=True,
    ordered=True,
)


@tidy_loader(MILEX_ID, files=(MILEX_FILE,), version=1, schema=MILEX_SCHEMA)
def load_sipri_milex(path: Path) -> pd.DataFrame:
    """SIPRI military expenditure, 1949-2024: one row per country, year and measure
    (constant 2023 US$ m, current US$ m, % of GDP, per capita US$, % of government
    spending), with SIPRI's estimate/uncertain font flags as ``status``."""
    return parse_sipri_milex(path)


_MARKER = re.compile(r"[†‡§¶‖]|\d+")


def parse_sipri_milex_notes(path: Path) -> pd.DataFrame:
    """Footnotes of each country in the milex workbook (Notes column x Footnotes sheet)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    try:
        where = _where(MILEX_ID, path, "sheet 'Footnotes'")
        if "Footnotes" not in wb.sheetnames:
            raise LayoutError(f"{where}: sheet 'Footnotes' not found")
        texts: dict[str, str] = {}
        for row in wb["Footnotes"].iter_rows(values_only=True):
            if not row or row[0] is None:
                continue
            marker = str(row[0]).strip()
            text = next((str(v).strip() for v in row[1:] if isinstance(v, str) and v.strip()), None)
            if text and _MARKER.fullmatch(marker):
                texts[marker] = text
        spec = MILEX_SHEETS[0]
        rows = (
            list(wb[spec.sheet].iter_rows(values_only=True)) if spec.sheet in wb.sheetnames else []
        )
    finally:
        wb.close()
    head = next(
        (
            i
            for i, r in enumerate(rows)
            if r and isinstance(r[0], str) and r[0].strip() == "Country"
        ),
        None,
    )
    if head is None or "Notes" not in rows[head]:
        raise LayoutError(
            f"{_where(MILEX_ID, path, repr(spec.sheet))}: no header row with 'Country' and 'Notes'"
        )
    col = list(rows[head]).index("Notes")
    records = []
    for r in rows[head + 1 :]:
        if r and isinstance(r[0], str) and isinstance(r[col], str):
            for marker in _MARKER.findall(r[col]):
                if marker not in texts:
                    raise LayoutError(f"{where}: note {marker!r} of {r[0]!r} has no footnote text")
                records.append((r[0].strip(), marker, texts[marker]))
    frame = pd.DataFrame(records, columns=["country", "marker", "text"])
    frame.insert(1, "iso3", map_names(frame["country"]).to_numpy())
    return frame


NOTES_SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str),
        "iso3": pa.Column(str, nullable=True),
        "marker": pa.Column(str),
        "text": pa.Column(str),
    },
    unique=["country", "marker"],
    strict=True,
)


@tidy_loader(MILEX_ID, files=(MILEX_FILE,), version=1, schema=NOTES_SCHEMA)
def sipri_milex_notes(path: Path) -> pd.DataFrame:
    """SIPRI milex footnotes by country: special notes (†‡§¶‖) and numbered footnotes."""
    return parse_sipri_milex_notes(path)
