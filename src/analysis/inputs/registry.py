"""The data registry, ``data/sources.yml``: every raw file with its pinned URL and sha256.

The registry is the single description of the book's raw inputs. Fetching, the data
appendix, the bibliography and the chart source lines are all derived from it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from analysis.errors import RegistryError
from analysis.paths import registry_path

#: Why the registry points at a pinned copy as well as at each publisher's own page.
PINNED_COPY_REASON = (
    "The book reads a pinned copy of each file (a public repository at a fixed commit, "
    "checked against its sha256) so that every build starts from exactly the same bytes, "
    "while the publisher's own page may change or serve a newer release."
)

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: libyaml's safe loader when PyYAML was built with it (about ten times quicker, the same
#: documents), else the pure-Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load_yaml(text: str) -> Any:
    """``yaml.safe_load``, with libyaml when available (the registry, the annotations)."""
    return yaml.load(text, Loader=_YAML_LOADER)


class RawFile(BaseModel):
    """One raw file of a dataset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="file name, also its name in the mirror and in data/raw")
    url: str = Field(description="pinned URL (a fixed commit) that serves the exact bytes")
    sha256: str
    size: int = Field(gt=0, description="size in bytes")

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _SHA256.match(value):
            raise ValueError(f"not a lowercase sha256 hex digest: {value!r}")
        return value

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError(f"pinned URL must be https: {value!r}")
        return value


class Dataset(BaseModel):
    """One dataset: provenance, licence, citation and its files."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    publisher: str
    release: str
    licence: str
    homepage: str = Field(description="the publisher's own landing page of the dataset")
    years: str
    citation: str
    bibkey: str
    repository: str
    files: tuple[RawFile, ...]

    def file(self, name: str | None = None) -> RawFile:
        """Return the file called ``name``, or the only file when ``name`` is None."""
        if name is None:
            if len(self.files) != 1:
                names = ", ".join(f.name for f in self.files)
                raise RegistryError(f"dataset {self.id!r} has several files ({names}); name one")
            return self.files[0]
        for raw in self.files:
            if raw.name == name:
                return raw
        names = ", ".join(f.name for f in self.files)
        raise RegistryError(f"dataset {self.id!r} has no file {name!r} (it has: {names})")

    @property
    def summary(self) -> dict[str, str]:
        """The fields every table of datasets shows: id, title, publisher, licence, years."""
        return {
            "dataset": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "licence": self.licence,
            "years": self.years,
        }

    @property
    def source_line(self) -> str:
        """Short 'Source: ... Licence: ...' text used under charts and tables."""
        return f"Source: {self.release}. Licence: {self.licence}."


def parse_registry(text: str, origin: str = "data/sources.yml") -> dict[str, Dataset]:
    """Parse and validate registry YAML; errors name ``origin`` and the dataset id."""
    try:
        doc = safe_load_yaml(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("datasets"), list):
        raise RegistryError(f"{origin}: expected a mapping with a 'datasets' list")
    out: dict[str, Dataset] = {}
    for index, entry in enumerate(doc["datasets"]):
        label = (
            entry.get("id", f"entry #{index + 1}")
            if isinstance(entry, dict)
            else f"entry #{index + 1}"
        )
        try:
            ds = Dataset.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise RegistryError(f"{origin}: dataset {label!r}: {problems}") from exc
        if ds.id in out:
            raise RegistryError(f"{origin}: dataset id {ds.id!r} appears twice")
        out[ds.id] = ds
    return out


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int) -> dict[str, Dataset]:
    return parse_registry(path.read_text(encoding="utf-8"), origin=str(path))


def datasets(path: Path | None = None) -> dict[str, Dataset]:
    """All datasets of the registry, keyed by id, in registry order."""
    path = path or registry_path()
    if not path.exists():
        raise RegistryError(f"registry not found: {path}")
    return _load(path, path.stat().st_mtime_ns)


def dataset(dataset_id: str) -> Dataset:
    """One dataset by id, with an error listing the known ids."""
    all_ = datasets()
    try:
        return all_[dataset_id]
    except KeyError:
        raise RegistryError(
            f"unknown dataset id {dataset_id!r}; the registry has: {', '.join(all_)}"
        ) from None
