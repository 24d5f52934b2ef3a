"""ATOP v5.1 alliance obligations, directed dyad-years (via peacesciencer).

Raw layout: ``atop_alliance.rda`` / ``atop_alliance`` with ccode1, ccode2, year
(1815-2018) and five 0/1 dummies atop_defense, atop_offense, atop_neutral,
atop_nonagg, atop_consul. Both directions of a dyad are present. Only dyad-years with
an ATOP alliance are listed (170 rows have all five dummies 0: an alliance with none of
these obligations); an absent dyad-year means no alliance, not missing data.

Tidy table (:func:`load_atop`): iso3_1, iso3_2, ccode1, ccode2, year, defense, offense,
neutral, nonagg, consul (bool: the alliance obliges it), source. Wide on purpose: the
five obligations are attributes of one dyad-year, not separate measurements.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.errors import LayoutError
from analysis.inputs.loaders._base import tidy_loader
from analysis.inputs.loaders._rdata import cow_iso3, read_rda, source_column, with_source

OBLIGATIONS = ["defense", "offense", "neutral", "nonagg", "consul"]


def parse_atop(path: Path) -> pd.DataFrame:
    """Tidy ATOP dyad-years from ``atop_alliance.rda`` (see module docstring)."""
    raw_cols = [f"atop_{o}" for o in OBLIGATIONS]
    raw = read_rda(path, "atop_alliance", ["ccode1", "ccode2", "year", *raw_cols])
    out = raw[["ccode1", "ccode2", "year"]].astype("int64")
    out.insert(0, "iso3_1", cow_iso3(out["ccode1"]))
    out.insert(1, "iso3_2", cow_iso3(out["ccode2"]))
    dummies = raw[raw_cols]
    if not dummies.isin([0, 1]).all().all():
        raise LayoutError(f"{path.name}: obligation dummies are not all 0/1")
    for name, col in zip(OBLIGATIONS, raw_cols, strict=True):
        out[name] = dummies[col].astype(bool)
    return with_source(out, "atop")


SCHEMA = pa.DataFrameSchema(
    {
        "iso3_1": pa.Column(str, nullable=True),
        "iso3_2": pa.Column(str, nullable=True),
        "ccode1": pa.Column(int, pa.Check.in_range(1, 999)),
        "ccode2": pa.Column(int, pa.Check.in_range(1, 999)),
        "year": pa.Column(int, pa.Check.in_range(1815, 2018)),
        **{name: pa.Column(bool) for name in OBLIGATIONS},
        "source": source_column("atop"),
    },
    strict=True,
    unique=["ccode1", "ccode2", "year"],
)


@tidy_loader("atop", files=("atop_alliance.rda",), version=1, schema=SCHEMA)
def load_atop(path: Path) -> pd.DataFrame:
    """ATOP v5.1 directed dyad-years with an alliance, 1815-2018: five obligation
    flags (defense, offense, neutral, nonagg, consul) as bool."""
    return parse_atop(path)
