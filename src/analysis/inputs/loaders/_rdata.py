"""Helpers shared by the COW, ATOP, ICEWS, UN, Comtrade and Eurostat loaders.

Reading ``.rda`` files (R-packaged datasets, read with pyreadr): each ``.rda`` of the
registry holds one data frame named like the file (``cow_nmc.rda`` -> ``cow_nmc``).
:func:`read_rda` reads it and checks the columns a loader relies on, so a changed
package release fails with a :class:`LayoutError` naming the file, the object and the
missing names instead of a bare ``KeyError``. Also here: COW code -> ISO3 as an aligned
Series, and the ``source`` column every tidy table carries (value and schema check).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyreadr
from pyreadr.custom_errors import LibrdataError, PyreadrError

from analysis.countries import map_cow
from analysis.errors import LayoutError
from analysis.inputs.loaders._base import require_columns


def read_rda(path: Path, obj: str, columns: Sequence[str]) -> pd.DataFrame:
    """Return R object ``obj`` of ``path`` as a DataFrame having at least ``columns``."""
    try:
        objects = pyreadr.read_r(str(path))
    except (PyreadrError, LibrdataError) as exc:
        raise LayoutError(f"{path.name}: not a readable R data file ({exc})") from exc
    if obj not in objects:
        raise LayoutError(f"{path.name}: missing R object {obj!r}; found {sorted(objects)}")
    frame = objects[obj]
    require_columns(frame, list(columns), f"{path.name} (R object {obj!r})")
    return frame


def cow_iso3(codes: pd.Series) -> pd.Series:
    """ISO3 codes for COW state codes, aligned to ``codes`` (None where unknown)."""
    return pd.Series(map_cow(codes.astype("int64")).to_numpy(), index=codes.index, dtype="object")


def with_source(frame: pd.DataFrame, dataset_id: str) -> pd.DataFrame:
    """Add the ``source`` column (the dataset id) and reset the index."""
    return frame.assign(source=dataset_id).reset_index(drop=True)


def source_column(dataset_id: str) -> pa.Column:
    """Schema column: ``source`` equals the dataset id on every row."""
    return pa.Column(str, pa.Check.eq(dataset_id))
