"""Exceptions raised by the package; each message names the file, dataset, row or id."""

from __future__ import annotations


class BookDataError(Exception):
    """Base class: something about the book's inputs is wrong or missing."""


class RegistryError(BookDataError):
    """``data/sources.yml`` is malformed or names an unknown dataset or file."""


class ChecksumError(BookDataError):
    """A raw file's sha256 differs from the registry's pinned hash."""


class DataUnavailableError(BookDataError):
    """A raw file could be neither downloaded nor read from a mirror."""


class LayoutError(BookDataError):
    """A raw file does not have the layout its loader expects (sheet, column, header)."""


class CuratedDataError(BookDataError):
    """A curated CSV under ``data/curated`` breaks its schema."""


class AnnotationError(BookDataError):
    """An article annotation file under ``data/articles`` is invalid."""


class NotebookError(BookDataError):
    """A notebook raised while executing; the message names the notebook and the cell."""


class InputValidationError(BookDataError):
    """One or more curated tables or annotation files are invalid; ``problems`` lists each
    one, naming its file and line (or claim and row)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        super().__init__(
            f"{count} in the book's inputs:\n" + "\n".join(f"- {p}" for p in self.problems)
        )
