"""Tables for the appendix pages, derived from the registry and the notebooks."""

from __future__ import annotations

import pandas as pd

from analysis.inputs.registry import datasets
from booktools.book import dataset_usage

#: What these tables read (notebook dependency analysis, booktools.book): the whole
#: registry, and which notebook uses which dataset.
BOOK_INPUTS = ("data/sources.yml", "@dataset-usage")


def _chapter_of(notebook: str) -> str:
    parts = notebook.split("/")
    return parts[1] if len(parts) > 2 else notebook


def registry_frame() -> pd.DataFrame:
    """One row per raw file: dataset, publisher, licence, years, file, size, sha256, URL, users."""
    usage = dataset_usage()
    rows = []
    for ds in datasets().values():
        users = sorted({_chapter_of(nb) for nb in usage.get(ds.id, [])})
        for raw in ds.files:
            rows.append(
                {
                    "dataset": ds.id,
                    "title": ds.title,
                    "publisher": ds.publisher,
                    "licence": ds.licence,
                    "years": ds.years,
                    "citation": ds.citation,
                    "bibkey": ds.bibkey,
                    "file": raw.name,
                    "size_bytes": raw.size,
                    "sha256": raw.sha256,
                    "url": raw.url,
                    "chapters": ", ".join(users) if users else "(not yet used)",
                }
            )
    return pd.DataFrame(rows)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def datasets_markdown(frame: pd.DataFrame) -> str:
    """Markdown: a summary table of datasets, then per dataset its files with hashes."""
    lines = [
        "| Dataset | Publisher | Licence / terms | Years | Used by |",
        "|---|---|---|---|---|",
    ]
    for dataset_id, group in frame.groupby("dataset", sort=False):
        first = group.iloc[0]
        lines.append(
            f"| `{dataset_id}` | {_cell(first.publisher)} | {_cell(first.licence)} "
            f"| {_cell(first.years)} | {_cell(first.chapters)} |"
        )
    for dataset_id, group in frame.groupby("dataset", sort=False):
        first = group.iloc[0]
        lines += [
            "",
            f"**`{dataset_id}`**: {_cell(first.title)}. Cite: {_cell(first.citation)}",
            "",
        ]
        lines += ["| File | Bytes | sha256 | Pinned URL |", "|---|---:|---|---|"]
        for row in group.itertuples():
            lines.append(f"| `{row.file}` | {row.size_bytes:,} | `{row.sha256}` | <{row.url}> |")
    return "\n".join(lines)
