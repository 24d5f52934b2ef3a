"""Fetch raw files from their pinned URLs (or a local mirror) and verify their sha256.

Downloading and verification are pooch's: bytes land in a temporary file beside the
target, the hash is checked, and only a matching file is moved into place, so a
corrupt or truncated download never reaches ``data/raw``. What this module adds:

* ``BOOK_DATA_MIRROR``: a folder laid out ``<dataset-id>/<file>`` that replaces the
  network (an offline machine, CI). Its files are verified exactly like downloads.
* A file already in ``data/raw`` whose hash no longer matches is deleted before
  anything else happens, so no later step can read it.
* A verification stamp, as make does it: once a file's sha256 has been verified, its
  size and modification time (and its inode and change time) are written beside it
  (``.<file>.verified``). A later call finds them unchanged and skips re-hashing the
  bytes; a file that was changed, replaced or truncated differs in one of them (a file
  moved into place, even with the old size and time, has another inode and change
  time) and is hashed again (and refused or deleted if it no longer matches). Writing the stamp is atomic; a stamp that cannot be
  read just means the file is hashed again.
* Errors that name the dataset, the file, the expected and the actual hash, and say
  how to provide the data when there is neither network nor mirror.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pooch

from analysis.errors import BookDataError, ChecksumError, DataUnavailableError
from analysis.inputs.registry import Dataset, RawFile, dataset, datasets
from analysis.paths import raw_dir

MIRROR_ENV = "BOOK_DATA_MIRROR"

pooch.get_logger().setLevel(logging.WARNING)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mirror_dir() -> Path | None:
    """The mirror folder named by ``BOOK_DATA_MIRROR``, or None when unset."""
    value = os.environ.get(MIRROR_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def _mirror_downloader(ds: Dataset, raw: RawFile, mirror: Path) -> Callable[[str, Any, Any], None]:
    source = mirror / ds.id / raw.name

    def copy(url: str, output_file: Any, pooch_obj: Any) -> None:  # pooch's downloader protocol
        if not source.is_file():
            raise DataUnavailableError(
                f"dataset {ds.id!r}: file {raw.name!r} is missing from the mirror "
                f"{MIRROR_ENV}={mirror} (expected {source})"
            )
        if isinstance(output_file, (str, os.PathLike)):
            shutil.copyfile(source, output_file)
        else:
            with open(source, "rb") as handle:
                shutil.copyfileobj(handle, output_file)

    return copy


def _stamp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.verified")


def _stat_key(path: Path) -> str:
    """Size and modification time, as make compares, and the inode and change time, which
    no copy or restore can carry over: other bytes moved into place are hashed again."""
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"


def _write_stamp(target: Path, sha256: str) -> None:
    """Record that ``target`` had ``sha256`` at its current size and modification time."""
    stamp = _stamp_path(target)
    tmp = stamp.with_name(stamp.name + ".tmp")
    tmp.write_text(f"{sha256} {_stat_key(target)}\n", encoding="utf-8")
    os.replace(tmp, stamp)


def is_verified(target: Path, sha256: str) -> bool:
    """Whether ``target`` holds ``sha256``: from its stamp when size and time are unchanged,
    otherwise by hashing it (and stamping it when it matches)."""
    stamp = _stamp_path(target)
    try:
        recorded = stamp.read_text(encoding="utf-8").split()
        if recorded == [sha256, _stat_key(target)]:
            return True
    except (OSError, ValueError):
        pass
    stamp.unlink(missing_ok=True)
    if sha256_of(target) != sha256:
        return False
    _write_stamp(target, sha256)
    return True


@dataclass(frozen=True)
class Fetched:
    """A verified raw file: where it is and the hash it was verified against."""

    dataset_id: str
    name: str
    path: Path
    sha256: str
    size: int


def fetch_file(dataset_id: str, name: str | None = None) -> Fetched:
    """Make sure one raw file is in ``data/raw/<dataset-id>/`` with the pinned hash.

    Returns the verified file. Raises :class:`ChecksumError` when the bytes from the
    network or the mirror do not match the registry (nothing is kept), and
    :class:`DataUnavailableError` when the file can be had from neither.
    """
    ds = dataset(dataset_id)
    raw = ds.file(name)
    target_dir = raw_dir() / ds.id
    target = target_dir / raw.name
    if target.exists() and not is_verified(target, raw.sha256):
        target.unlink()  # stale or corrupt: never leave it where a loader could read it
    if target.exists():
        return Fetched(ds.id, raw.name, target, raw.sha256, target.stat().st_size)

    target_dir.mkdir(parents=True, exist_ok=True)
    mirror = mirror_dir()
    downloader = _mirror_downloader(ds, raw, mirror) if mirror else None
    try:
        path = pooch.retrieve(
            url=raw.url,
            known_hash=f"sha256:{raw.sha256}",
            fname=raw.name,
            path=target_dir,
            downloader=downloader,
            progressbar=False,
        )
    except DataUnavailableError:
        raise
    except ValueError as exc:
        if "hash" not in str(exc).lower():
            raise
        actual = _actual_hash(exc)
        origin = f"mirror {mirror / ds.id / raw.name}" if mirror else f"download {raw.url}"
        raise ChecksumError(
            f"dataset {ds.id!r}: file {raw.name!r} from {origin} failed verification: "
            f"expected sha256 {raw.sha256}, got {actual}. The bytes were discarded."
        ) from exc
    except Exception as exc:  # network errors: requests, urllib3, socket
        raise DataUnavailableError(
            f"dataset {ds.id!r}: could not download {raw.name!r} from {raw.url} "
            f"({type(exc).__name__}: {exc}). On a machine without internet, set "
            f"{MIRROR_ENV} to a folder laid out <dataset-id>/<file> holding the raw files "
            f"(in this project's checkout: {MIRROR_ENV}=../shared/data/raw), then run "
            f"'make data' again."
        ) from exc
    finally:
        _remove_partials(target_dir, keep=raw.name)
    _write_stamp(Path(path), raw.sha256)  # pooch verified these bytes
    return Fetched(ds.id, raw.name, Path(path), raw.sha256, Path(path).stat().st_size)


def _actual_hash(exc: ValueError) -> str:
    """Pull the computed hash out of pooch's mismatch message."""
    text = str(exc)
    for token in text.replace("(", " ").replace(")", " ").split():
        token = token.strip("'\".,:")
        if len(token) == 64 and all(c in "0123456789abcdef" for c in token):
            return token
    return "a different hash"


def _remove_partials(folder: Path, keep: str) -> None:
    """Delete temporary files an interrupted pooch download may have left behind."""
    for leftover in folder.glob("tmp*"):
        if leftover.name != keep and leftover.is_file():
            leftover.unlink(missing_ok=True)


def fetch_dataset(dataset_id: str) -> list[Fetched]:
    """Fetch and verify every file of one dataset."""
    return [fetch_file(dataset_id, raw.name) for raw in dataset(dataset_id).files]


def fetch_all(
    ids: Iterable[str] | None = None, report: Callable[[str], None] | None = None
) -> list[Fetched]:
    """Fetch and verify every registered file (or those of ``ids``), reporting each one.

    Every file is tried; when any fails, a :class:`BookDataError` listing each failure
    is raised after the others were fetched, so one run shows every problem.
    """
    chosen = list(ids) if ids is not None else list(datasets())
    done: list[Fetched] = []
    failures: list[str] = []
    for dataset_id in chosen:
        for raw in dataset(dataset_id).files:
            try:
                got = fetch_file(dataset_id, raw.name)
            except BookDataError as exc:
                failures.append(str(exc))
                if report:
                    report(f"  FAILED  {dataset_id}/{raw.name}")
                continue
            done.append(got)
            if report:
                report(
                    f"  ok  {dataset_id}/{raw.name}  {got.size:>10,} bytes  sha256 {got.sha256[:12]}"
                )
    if failures:
        raise BookDataError(
            f"{len(failures)} of {len(failures) + len(done)} raw files failed:\n  - "
            + "\n  - ".join(failures)
        )
    return done
