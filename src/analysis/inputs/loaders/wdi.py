"""World Bank WDI loader: military expenditure as % of GDP (MS.MIL.XPND.GD.ZS).

Raw layout (``wdi-milex-gdp``): ``data.csv`` is a long CSV with the columns
``Country Name, Country Code, Year, Value`` (Value in percent of GDP; the World Bank
takes it from SIPRI), one row per economy or aggregate and year with a value; the
Frictionless ``datapackage.json`` beside it names the indicator and the fields, and
is checked against the CSV.

:func:`load_wdi_milex_gdp` gives one row per code and year:

=======  ========================================================================
iso3     the World Bank's three-letter code (str). Aggregates keep their codes
         (WLD, EUU, AFE, ...); Kosovo is XKX
country  the World Bank's name (str)
year     int
value    military expenditure, % of GDP (float)
unit     ``% of GDP``
source   ``wdi-milex-gdp``
=======  ========================================================================
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.errors import LayoutError
from analysis.inputs.loaders._base import require_columns, tidy_loader

WDI_ID = "wdi-milex-gdp"
WDI_FILES = ("data.csv", "datapackage.json")
WDI_INDICATOR = "ms.mil.xpnd.gd.zs"
WDI_COLUMNS = {"Country Code": "iso3", "Country Name": "country", "Year": "year", "Value": "value"}


def parse_wdi_milex_gdp(data_path: Path, package_path: Path) -> pd.DataFrame:
    """Parse the WDI military-expenditure CSV after checking its datapackage metadata."""
    where = f"dataset {WDI_ID!r} ({data_path.name})"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    name = str(package.get("name", "")).lower()
    fields = [
        f.get("name")
        for r in package.get("resources", [])
        for f in r.get("schema", {}).get("fields", [])
    ]
    if name != WDI_INDICATOR or set(WDI_COLUMNS) - set(fields):
        raise LayoutError(
            f"dataset {WDI_ID!r} ({package_path.name}): indicator {name!r} with fields {fields}; "
            f"expected {WDI_INDICATOR!r} with {list(WDI_COLUMNS)}"
        )
    raw = pd.read_csv(
        data_path,
        dtype={"Country Code": str, "Country Name": str},
        keep_default_na=False,  # only an empty Value is missing
        na_values={"Value": [""]},
    )
    require_columns(raw, list(WDI_COLUMNS), where)
    frame = raw[list(WDI_COLUMNS)].rename(columns=WDI_COLUMNS)
    frame["iso3"] = frame["iso3"].str.strip()
    frame["country"] = frame["country"].str.strip()
    frame["year"] = pd.to_numeric(frame["year"], errors="raise").astype("int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="raise").astype(float)
    frame = frame.dropna(subset=["value"]).reset_index(drop=True)
    frame["unit"] = "% of GDP"
    frame["source"] = WDI_ID
    return frame


WDI_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z0-9]{3}$")),
        "country": pa.Column(str),
        "year": pa.Column("int64", pa.Check.in_range(1960, 2100)),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str, pa.Check.eq("% of GDP")),
        "source": pa.Column(str, pa.Check.eq(WDI_ID)),
    },
    unique=["iso3", "year"],
    strict=True,
    ordered=True,
)


@tidy_loader(WDI_ID, files=WDI_FILES, version=1, schema=WDI_SCHEMA)
def load_wdi_milex_gdp(data_path: Path, package_path: Path) -> pd.DataFrame:
    """World Bank WDI military expenditure (% of GDP) by economy/aggregate and year."""
    return parse_wdi_milex_gdp(data_path, package_path)
