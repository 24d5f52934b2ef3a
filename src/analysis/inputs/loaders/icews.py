"""ICEWS event counts aggregated to directed dyad-years (netify package).

Raw layout: ``icews.rda`` / ``icews``: a balanced panel of 152 countries, 2002-2014,
every ordered pair i != j (298,376 rows). Columns i, j (ICEWS country names such as
"Russian Federation", "Korea, Republic Of"), year, id, the four quad-class counts
verbCoop, matlCoop, verbConf, matlConf (events reported with i as source actor and j as
target), and i_/j_ attributes (iso3c, region, polity2, gdp, pop) that are dropped here.

Tidy table (:func:`load_icews`), wide by choice: the four quad classes are the
counts of one dyad-year and are analysed together (shares of conflict, net cooperation),
so one row per directed dyad-year keeps them aligned.

sender, sender_iso3, target, target_iso3, year, verbCoop, matlCoop, verbConf, matlConf
(int, number of events), unit ("events"), source. ``sender`` is ICEWS's source actor i
(named so to avoid clashing with the ``source`` column, the dataset id). ISO3 codes come
from the names via :func:`analysis.countries.map_names`. A 0 is a real zero count
(no event coded), not a missing value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.countries import map_names
from analysis.errors import LayoutError
from analysis.inputs.loaders._base import tidy_loader
from analysis.inputs.loaders._rdata import read_rda, source_column, with_source

QUAD_CLASSES = ["verbCoop", "matlCoop", "verbConf", "matlConf"]


def parse_icews(path: Path) -> pd.DataFrame:
    """Tidy directed dyad-years from ``icews.rda`` (see module docstring)."""
    raw = read_rda(path, "icews", ["i", "j", "year", *QUAD_CLASSES])
    out = pd.DataFrame(
        {
            "sender": raw["i"].astype(str),
            "sender_iso3": map_names(raw["i"]).to_numpy(),
            "target": raw["j"].astype(str),
            "target_iso3": map_names(raw["j"]).to_numpy(),
            "year": raw["year"].astype("int64"),
        }
    )
    counts = raw[QUAD_CLASSES]
    if counts.isna().any().any() or (counts % 1 != 0).any().any():
        raise LayoutError(f"{path.name}: event counts must be whole numbers without NA")
    out[QUAD_CLASSES] = counts.astype("int64")
    out["unit"] = "events"
    return with_source(out, "icews-dyadyear")


SCHEMA = pa.DataFrameSchema(
    {
        "sender": pa.Column(str),
        "sender_iso3": pa.Column(str, nullable=True),
        "target": pa.Column(str),
        "target_iso3": pa.Column(str, nullable=True),
        "year": pa.Column(int, pa.Check.in_range(1995, 2030)),
        **{name: pa.Column(int, pa.Check.ge(0)) for name in QUAD_CLASSES},
        "unit": pa.Column(str, pa.Check.eq("events")),
        "source": source_column("icews-dyadyear"),
    },
    strict=True,
    unique=["sender", "target", "year"],
)


@tidy_loader("icews-dyadyear", files=("icews.rda",), version=1, schema=SCHEMA)
def load_icews(path: Path) -> pd.DataFrame:
    """ICEWS directed dyad-years 2002-2014, 152 countries: counts of verbal/material
    cooperation and conflict events from sender to target (wide, one row per dyad-year)."""
    return parse_icews(path)
