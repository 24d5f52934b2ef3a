"""Tidy-table cache: each raw file is parsed once, its tidy result kept as an Arrow file.

A cache entry is keyed by the dataset id, the loader's name and version, and the
sha256 of every raw file it reads, so a new raw file or a new loader version can
never serve an old table. Writes are atomic: the table goes to a temporary file in
the same folder, is read back and compared, then renamed into place; an interrupted
write leaves only a temporary file, which the next run removes.

The format is chosen for the load, which every notebook pays: an Arrow IPC file
(LZ4-compressed record batches), with each text column stored dictionary-encoded (each
distinct text once, and one small integer per row). Reading it back
(:func:`read_table`) is about three times quicker than a parquet read of the same table:
nothing is decoded row by row, and a text column becomes Python strings by one
``take`` over its distinct values. The frame read back is the one pandas' parquet
reader gives for the table (same columns, dtypes, values, missing values as ``None``);
every load, the first included, returns what :func:`read_table` reads.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.paths import processed_dir

SUFFIX = ".arrow"
#: Schema metadata naming the text columns stored dictionary-encoded (read back as objects).
_TEXT_KEY = b"book:text-columns"


def cache_path(dataset_id: str, loader: str, version: int, hashes: Sequence[str]) -> Path:
    """Where the tidy table of ``loader`` over raw files with ``hashes`` lives."""
    key = hashlib.sha256("|".join(sorted(hashes)).encode()).hexdigest()[:16]
    return processed_dir() / dataset_id / f"{loader}.v{version}.{key}{SUFFIX}"


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` (its index dropped) to ``path`` as a compressed Arrow IPC file."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.ipc

    table = pa.Table.from_pandas(frame, preserve_index=False)
    text = [f.name for f in table.schema if pa.types.is_string(f.type)]
    columns = [
        pc.dictionary_encode(col) if name in text else col
        for name, col in zip(table.column_names, table.columns, strict=True)
    ]
    metadata = {**(table.schema.metadata or {}), _TEXT_KEY: json.dumps(text).encode()}
    table = pa.Table.from_arrays(columns, names=table.column_names).replace_schema_metadata(
        metadata
    )
    options = pyarrow.ipc.IpcWriteOptions(compression="lz4")
    with (
        pa.OSFile(str(path), "wb") as sink,
        pyarrow.ipc.new_file(sink, table.schema, options=options) as out,
    ):
        out.write_table(table)


def _objects(column: Any) -> pd.Series:
    """A dictionary-encoded text column as an object Series (missing values ``None``)."""
    column = column.combine_chunks()
    values = np.asarray(column.dictionary.to_pylist(), dtype=object)
    indices = column.indices
    missing = indices.null_count > 0
    codes = indices.fill_null(-1).to_numpy() if missing else indices.to_numpy()
    out = values.take(codes) if len(values) else np.full(len(codes), None, dtype=object)
    if missing:
        out[codes < 0] = None
    return pd.Series(out, dtype=object, copy=False)


def read_table(path: Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table`: the frame pandas' parquet reader would
    give for it (text columns as objects, other columns as pandas' metadata says)."""
    import pyarrow as pa
    import pyarrow.ipc

    with pa.memory_map(str(path)) as source:
        table = pyarrow.ipc.open_file(source).read_all()
    text = set(json.loads((table.schema.metadata or {}).get(_TEXT_KEY, b"[]")))
    others = table.select([n for n in table.column_names if n not in text]).to_pandas()
    columns = {
        name: _objects(table.column(name)) if name in text else others[name]
        for name in table.column_names
    }
    return pd.DataFrame(columns, copy=False) if columns else others


def write_atomic(frame: pd.DataFrame, target: Path) -> None:
    """Write ``frame`` to ``target`` via a verified temporary file and an atomic rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write_table(frame, tmp)
        back = read_table(tmp)
        if len(back) != len(frame) or list(back.columns) != [str(c) for c in frame.columns]:
            raise OSError(f"cache write to {target} did not read back identically")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def cached(
    dataset_id: str,
    loader: str,
    version: int,
    hashes: Sequence[str],
    build: Callable[[], pd.DataFrame],
) -> pd.DataFrame:
    """Return the cached tidy table, building and storing it when absent or unreadable."""
    target = cache_path(dataset_id, loader, version, hashes)
    for leftover in target.parent.glob(".tmp-*") if target.parent.exists() else ():
        leftover.unlink(missing_ok=True)
    if target.exists():
        try:
            return read_table(target)
        except Exception:  # truncated or corrupt cache file: rebuild it
            target.unlink(missing_ok=True)
    frame = build()
    for stale in target.parent.glob(f"{loader}.v*") if target.parent.exists() else ():
        if stale != target:  # older versions and keys, and the earlier parquet format
            stale.unlink(missing_ok=True)
    write_atomic(frame, target)
    return read_table(target)
