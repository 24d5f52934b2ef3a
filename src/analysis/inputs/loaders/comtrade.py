"""UN Comtrade merchandise exports every fourth year, with trade agreements (penppml).

Raw layout:

* ``trade.rda`` / ``trade``: exp, imp (country codes), time (1964, 1968, ..., 2016),
  export (US$, current), id (World Bank Deep Trade Agreements id, 0 = none), agreement
  (its name, blank on 480 rows whose id is set), 16 provision dummies (dropped here).
  Codes are ISO3 except a few legacy Comtrade codes (ROM, ZAR, TMP, MNT, KN1, SVR, BLX,
  ANT, and ISO 3166-3 YUG, CSK, DDR) listed in :data:`LEGACY_CODES`.
* ``countries.rda`` / ``countries``: iso, name, region, sub.region (249 ISO 3166-1
  codes; names carry literal ``\\u00c5``-style escapes).

Tidy table (:func:`load_comtrade`): exporter, importer (codes as published),
exporter_iso3, importer_iso3 (the code itself when ``countries.rda`` lists it, else the
legacy code's name mapped by :func:`analysis.countries.map_names`; None for
Belgium-Luxembourg and the Netherlands Antilles), year, value (exports, US$ current),
zero_as_missing, agreement (bool), agreement_id (NA = none), agreement_name, unit
("US$, current"), source.

Zeros: about 40 % of values are 0, mostly genuine (small pairs). A 0 is treated as
unreported (``value`` NaN, ``zero_as_missing`` True) when the reverse flow of the same
year is at least :data:`SUSPECT_REVERSE_MIN` (US$ 100 million): a country that imports
that much from a partner almost surely exports something back. This catches 339 rows,
among them the documented Russia -> Belarus 0 in 2000-2008, Singapore -> Indonesia and
South Africa 1976-84; :data:`KNOWN_UNREPORTED` pins the documented case regardless.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.countries import map_names
from analysis.inputs.loaders._base import tidy_loader
from analysis.inputs.loaders._rdata import read_rda, source_column, with_source

UNIT = "US$, current"
#: A 0 export is unreported when the reverse flow that year is at least this (US$).
SUSPECT_REVERSE_MIN = 1e8
#: Zeros documented as unreported: (exporter, importer) -> years.
KNOWN_UNREPORTED: dict[tuple[str, str], range] = {("RUS", "BLR"): range(2000, 2009)}
#: Comtrade codes that are not in ``countries.rda``, with the name they stand for.
LEGACY_CODES: dict[str, str] = {
    "ROM": "Romania",
    "ZAR": "Zaire",
    "TMP": "East Timor",
    "MNT": "Montenegro",
    "KN1": "Saint Kitts and Nevis",
    "SVR": "South Vietnam",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
    "DDR": "German Democratic Republic",
    "BLX": "Belgium-Luxembourg",
    "ANT": "Netherlands Antilles",
}


def _iso3(codes: pd.Series, iso: set[str]) -> pd.Series:
    """ISO3 for publisher codes: listed ISO codes as is, legacy codes via their names."""
    unique = pd.Series(codes.unique())
    legacy = unique[~unique.isin(iso)]
    mapped = dict(zip(legacy, map_names(legacy.map(LEGACY_CODES).fillna(legacy)), strict=True))
    lookup = {c: (c if c in iso else mapped[c]) for c in unique}
    return codes.map(lookup).astype("object")


def parse_comtrade(trade_path: Path, countries_path: Path) -> pd.DataFrame:
    """Tidy exports from ``trade.rda`` and ``countries.rda`` (see module docstring)."""
    raw = read_rda(trade_path, "trade", ["exp", "imp", "time", "export", "id", "agreement"])
    iso = set(read_rda(countries_path, "countries", ["iso", "name"])["iso"].astype(str))
    out = pd.DataFrame(
        {
            "exporter": raw["exp"].astype(str),
            "importer": raw["imp"].astype(str),
            "year": raw["time"].astype(str).astype("int64"),
            "value": raw["export"].astype("float64"),
        }
    )
    out.insert(2, "exporter_iso3", _iso3(out["exporter"], iso))
    out.insert(3, "importer_iso3", _iso3(out["importer"], iso))

    reverse = out[["exporter", "importer", "year", "value"]].rename(
        columns={"exporter": "importer", "importer": "exporter", "value": "reverse"}
    )
    rev = out.merge(reverse, on=["exporter", "importer", "year"], how="left")["reverse"]
    suspect = pd.Series(rev.to_numpy() >= SUSPECT_REVERSE_MIN, index=out.index)
    for (exporter, importer), years in KNOWN_UNREPORTED.items():
        pair = (out["exporter"] == exporter) & (out["importer"] == importer)
        suspect |= pair & out["year"].isin(years)
    suspect &= out["value"] == 0
    out["value"] = out["value"].mask(suspect)
    out["zero_as_missing"] = suspect

    ids = raw["id"].astype("int64")
    names = raw["agreement"].astype(str).str.strip()
    id_names = dict(zip(ids[names != ""], names[names != ""], strict=True))
    out["agreement"] = ids > 0
    out["agreement_id"] = ids.where(ids > 0).astype("Int64")
    out["agreement_name"] = ids.map(id_names).astype("object")
    out["agreement_name"] = out["agreement_name"].where(out["agreement_name"].notna(), None)
    out["unit"] = UNIT
    return with_source(out, "comtrade-4yearly")


SCHEMA = pa.DataFrameSchema(
    {
        "exporter": pa.Column(str),
        "importer": pa.Column(str),
        "exporter_iso3": pa.Column(str, nullable=True),
        "importer_iso3": pa.Column(str, nullable=True),
        "year": pa.Column(int, pa.Check.isin(list(range(1964, 2017, 4)))),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "zero_as_missing": pa.Column(bool),
        "agreement": pa.Column(bool),
        "agreement_id": pa.Column("Int64", pa.Check.gt(0), nullable=True),
        "agreement_name": pa.Column(str, nullable=True),
        "unit": pa.Column(str, pa.Check.eq(UNIT)),
        "source": source_column("comtrade-4yearly"),
    },
    strict=True,
    unique=["exporter", "importer", "year"],
)


@tidy_loader("comtrade-4yearly", files=("trade.rda", "countries.rda"), version=1, schema=SCHEMA)
def load_comtrade(trade_path: Path, countries_path: Path) -> pd.DataFrame:
    """UN Comtrade exports between country pairs every 4th year 1964-2016 (US$ current),
    with the trade-agreement flag; implausible zeros set to NaN (``zero_as_missing``)."""
    return parse_comtrade(trade_path, countries_path)
