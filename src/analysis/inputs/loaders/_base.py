"""What every loader shares: fetch and verify, parse once, validate, cache.

A loader is a small function that turns the verified raw files of one dataset into a
tidy long DataFrame. It is declared with :func:`tidy_loader`, which

1. fetches (or finds) each raw file and verifies its sha256 (:mod:`analysis.inputs.fetch`);
2. looks for a cached table (an Arrow file) keyed by those hashes and the loader's version;
3. otherwise parses the raw files, validates the result against the loader's pandera
   schema, and stores it atomically (:mod:`analysis.inputs.cache`).

Bump a loader's ``version`` whenever its output changes; the cache then rebuilds.
The cache key also holds a hash of the loader's source, this module and the country
mapping, so a code change can never serve a stale table. Every schema or layout failure is re-raised as :class:`LayoutError` naming the
dataset and file, so a reader knows which input broke.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from analysis.errors import BookDataError, LayoutError
from analysis.inputs.cache import cached
from analysis.inputs.fetch import fetch_file

F = TypeVar("F", bound=Callable[..., pd.DataFrame])


@dataclass(frozen=True)
class LoaderInfo:
    """Registration record of one loader (used by the data appendix and tests)."""

    name: str
    dataset_id: str
    files: tuple[str, ...]
    version: int
    doc: str


#: Every loader declared with :func:`tidy_loader`, by function name.
LOADERS: dict[str, LoaderInfo] = {}


def tidy_loader(
    dataset_id: str,
    files: tuple[str, ...],
    version: int,
    schema: pa.DataFrameSchema,
) -> Callable[[Callable[..., pd.DataFrame]], Callable[[], pd.DataFrame]]:
    """Declare a cached, schema-checked loader.

    The decorated function receives one ``Path`` per name in ``files`` (verified raw
    files, in that order) and returns the tidy DataFrame. The public function it
    becomes takes no arguments and returns the cached, validated table.
    """

    def wrap(parse: Callable[..., pd.DataFrame]) -> Callable[[], pd.DataFrame]:
        name = parse.__name__

        @functools.wraps(parse)
        def load() -> pd.DataFrame:
            fetched = [fetch_file(dataset_id, f) for f in files]
            paths: list[Path] = [f.path for f in fetched]

            def build() -> pd.DataFrame:
                where = f"dataset {dataset_id!r} ({', '.join(files)})"
                try:
                    frame = parse(*paths)
                except BookDataError:
                    raise
                except (KeyError, ValueError, IndexError, TypeError) as exc:
                    raise LayoutError(
                        f"{where}: unexpected layout: {type(exc).__name__}: {exc}"
                    ) from exc
                try:
                    return schema.validate(frame, lazy=True)
                except (SchemaError, SchemaErrors) as exc:
                    raise LayoutError(
                        f"{where}: tidy table fails its schema in loader {name}: {exc}"
                    ) from exc

            keys = [f.sha256 for f in fetched] + [_code_hash(parse)]
            return cached(dataset_id, name, version, keys, build)

        LOADERS[name] = LoaderInfo(
            name, dataset_id, tuple(files), version, (parse.__doc__ or "").strip()
        )
        return load

    return wrap


def _code_hash(parse: Callable[..., pd.DataFrame]) -> str:
    """Hash of the code a tidy table depends on: the loader's module, this module, countries.

    Part of the cache key, so editing a loader or the country mapping can never serve a
    table built by the old code (the ``version`` number documents intended changes).
    """
    import analysis.countries

    files = {
        Path(inspect.getsourcefile(parse) or ""),
        Path(__file__),
        Path(analysis.countries.__file__),
    }
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def require_columns(frame: pd.DataFrame, columns: list[str], where: str) -> None:
    """Raise :class:`LayoutError` naming ``where`` and the missing columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise LayoutError(f"{where}: missing column(s) {missing}; found {list(frame.columns)[:20]}")
