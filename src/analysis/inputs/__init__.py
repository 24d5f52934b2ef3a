"""Everything that reads files: registry, fetch, cache, curated tables, annotations,
loaders. :func:`validate_all` checks every curated table and annotation at once."""

from __future__ import annotations

from typing import Any

__all__ = ["validate_all"]


def __getattr__(name: str) -> Any:
    if name == "validate_all":
        from analysis.inputs.validate import validate_all

        return validate_all
    raise AttributeError(f"module 'analysis.inputs' has no attribute {name!r}")
