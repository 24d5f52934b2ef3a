"""Tidy-table cache: each raw file is parsed once, its tidy result kept as parquet.

A cache entry is keyed by the dataset id, the loader's name and version, and the
sha256 of every raw file it reads, so a new raw file or a new loader version can
never serve an old table. Writes are atomic: the table goes to a temporary file in
the same folder, is read back and compared, then renamed into place; an interrupted
write leaves only a temporary file, which the next run removes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analysis.paths import processed_dir


def cache_path(dataset_id: str, loader: str, version: int, hashes: Sequence[str]) -> Path:
    """Where the tidy table of ``loader`` over raw files with ``hashes`` lives."""
    key = hashlib.sha256("|".join(sorted(hashes)).encode()).hexdigest()[:16]
    return processed_dir() / dataset_id / f"{loader}.v{version}.{key}.parquet"


def write_parquet_atomic(frame: pd.DataFrame, target: Path) -> None:
    """Write ``frame`` to ``target`` via a verified temporary file and an atomic rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".parquet", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        frame.to_parquet(tmp, index=False)
        back = pd.read_parquet(tmp)
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
            return pd.read_parquet(target)
        except Exception:  # truncated or corrupt cache file: rebuild it
            target.unlink(missing_ok=True)
    frame = build()
    for stale in target.parent.glob(f"{loader}.v*.parquet") if target.parent.exists() else ():
        if stale != target:
            stale.unlink(missing_ok=True)
    write_parquet_atomic(frame, target)
    return pd.read_parquet(target)
