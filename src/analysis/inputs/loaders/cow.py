"""Correlates of War: National Material Capabilities v7.0 and Trade v4.0 (via peacesciencer).

Raw layout (one R data frame per ``.rda``; COW state codes, e.g. Belarus 370, Russia 365):

* ``cow_nmc.rda`` / ``cow_nmc``: ccode, year, milex, milper, irst, pec, tpop, upop, cinc
  (1816-2022), one row per state-year.
* ``cow_trade_ndy.rda`` / ``cow_trade_ndy``: undirected dyad-years with ccode1 < ccode2,
  flow1 = imports of ccode1 from ccode2, flow2 = imports of ccode2 from ccode1 (current
  US$ million), smoothflow1/2 (COW's smoothed series), 1870-2014.
* ``cow_trade_sy.rda`` / ``cow_trade_sy``: ccode, year, imports, exports (US$ million).

COW codes missing values as -9 in some releases; this release already uses NA. Both
become NaN here, never 0.

Tidy tables (``source`` = dataset id, ``iso3`` via :func:`analysis.countries.map_cow`,
None where the concordance has no code, so keep ``ccode`` as the key):

* :func:`load_cow_nmc`: iso3, ccode, year, indicator, value, unit, source -- long, one
  row per state-year-indicator; units in :data:`NMC_UNITS`.
* :func:`load_cow_trade_dyadic`: importer_iso3, exporter_iso3, importer_ccode,
  exporter_ccode, year, value (imports of importer from exporter), smoothed_value, unit
  ("US$ million, current"), source -- directed, two rows per raw row.
* :func:`load_cow_trade_national`: iso3, ccode, year, flow ("imports"/"exports"),
  value, unit ("US$ million, current"), source.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.inputs.loaders._base import tidy_loader
from analysis.inputs.loaders._rdata import cow_iso3, read_rda, source_column, with_source

COW_MISSING = -9
TRADE_UNIT = "US$ million, current"

#: Unit of each NMC indicator (COW NMC v7.0 codebook).
NMC_UNITS: dict[str, str] = {
    "milex": "US$ thousand, current",
    "milper": "thousand personnel",
    "irst": "thousand tonnes of iron and steel",
    "pec": "thousand coal-ton equivalents",
    "tpop": "thousand people",
    "upop": "thousand people (cities of 100,000 and more)",
    "cinc": "share of the world total (0-1)",
}


def _cow_na(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Replace COW's -9 missing code by NaN in ``columns`` (as float)."""
    values = frame[columns].astype("float64")
    frame[columns] = values.mask(values == COW_MISSING)
    return frame


_YEAR = pa.Column(int, pa.Check.in_range(1816, 2022))
_CCODE = pa.Column(int, pa.Check.in_range(1, 999))
_ISO3 = pa.Column(str, nullable=True)


def parse_cow_nmc(path: Path) -> pd.DataFrame:
    """Tidy long NMC table from ``cow_nmc.rda`` (see module docstring)."""
    indicators = list(NMC_UNITS)
    raw = _cow_na(read_rda(path, "cow_nmc", ["ccode", "year", *indicators]).copy(), indicators)
    raw[["ccode", "year"]] = raw[["ccode", "year"]].astype("int64")
    long = raw.melt(["ccode", "year"], indicators, var_name="indicator", value_name="value")
    long.insert(0, "iso3", cow_iso3(long["ccode"]))
    long["unit"] = long["indicator"].map(NMC_UNITS)
    return with_source(long, "cow-nmc")


NMC_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": _ISO3,
        "ccode": _CCODE,
        "year": _YEAR,
        "indicator": pa.Column(str, pa.Check.isin(list(NMC_UNITS))),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str),
        "source": source_column("cow-nmc"),
    },
    strict=True,
    unique=["ccode", "year", "indicator"],
)


@tidy_loader("cow-nmc", files=("cow_nmc.rda",), version=1, schema=NMC_SCHEMA)
def load_cow_nmc(path: Path) -> pd.DataFrame:
    """COW National Material Capabilities v7.0, long: one row per state, year and indicator
    (milex US$ thousand current, milper thousand, irst, pec, tpop, upop, cinc); NaN = missing."""
    return parse_cow_nmc(path)


def parse_cow_trade_dyadic(path: Path) -> pd.DataFrame:
    """Directed tidy dyadic trade from ``cow_trade_ndy.rda`` (see module docstring)."""
    flows = ["flow1", "flow2", "smoothflow1", "smoothflow2"]
    raw = read_rda(path, "cow_trade_ndy", ["ccode1", "ccode2", "year", *flows]).copy()
    raw = _cow_na(raw, flows)
    keys = raw[["ccode1", "ccode2", "year"]].astype("int64")
    # flow1: ccode1 imports from ccode2; flow2: ccode2 imports from ccode1.
    halves = [
        pd.DataFrame(
            {
                "importer_ccode": keys[imp],
                "exporter_ccode": keys[exp],
                "year": keys["year"],
                "value": raw[f"flow{n}"],
                "smoothed_value": raw[f"smoothflow{n}"],
            }
        )
        for imp, exp, n in (("ccode1", "ccode2", 1), ("ccode2", "ccode1", 2))
    ]
    out = pd.concat(halves, ignore_index=True)
    out.insert(0, "importer_iso3", cow_iso3(out["importer_ccode"]))
    out.insert(1, "exporter_iso3", cow_iso3(out["exporter_ccode"]))
    out["unit"] = TRADE_UNIT
    return with_source(out, "cow-trade")


TRADE_DYADIC_SCHEMA = pa.DataFrameSchema(
    {
        "importer_iso3": _ISO3,
        "exporter_iso3": _ISO3,
        "importer_ccode": _CCODE,
        "exporter_ccode": _CCODE,
        "year": _YEAR,
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "smoothed_value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str, pa.Check.eq(TRADE_UNIT)),
        "source": source_column("cow-trade"),
    },
    strict=True,
    unique=["importer_ccode", "exporter_ccode", "year"],
)


@tidy_loader("cow-trade", files=("cow_trade_ndy.rda",), version=1, schema=TRADE_DYADIC_SCHEMA)
def load_cow_trade_dyadic(path: Path) -> pd.DataFrame:
    """COW Dyadic Trade v4.0, directed: imports of importer from exporter, US$ million
    current (raw and COW-smoothed), 1870-2014; NaN = missing."""
    return parse_cow_trade_dyadic(path)


def parse_cow_trade_national(path: Path) -> pd.DataFrame:
    """Tidy national totals from ``cow_trade_sy.rda`` (see module docstring)."""
    flows = ["imports", "exports"]
    raw = _cow_na(read_rda(path, "cow_trade_sy", ["ccode", "year", *flows]).copy(), flows)
    raw[["ccode", "year"]] = raw[["ccode", "year"]].astype("int64")
    long = raw.melt(["ccode", "year"], flows, var_name="flow", value_name="value")
    long.insert(0, "iso3", cow_iso3(long["ccode"]))
    long["unit"] = TRADE_UNIT
    return with_source(long, "cow-trade")


TRADE_NATIONAL_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": _ISO3,
        "ccode": _CCODE,
        "year": _YEAR,
        "flow": pa.Column(str, pa.Check.isin(["imports", "exports"])),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str, pa.Check.eq(TRADE_UNIT)),
        "source": source_column("cow-trade"),
    },
    strict=True,
    unique=["ccode", "year", "flow"],
)


@tidy_loader("cow-trade", files=("cow_trade_sy.rda",), version=1, schema=TRADE_NATIONAL_SCHEMA)
def load_cow_trade_national(path: Path) -> pd.DataFrame:
    """COW National Trade v4.0: total imports and exports per state-year, US$ million
    current, 1870-2014; NaN = missing."""
    return parse_cow_trade_national(path)
