"""Page ``appendix/data-and-sources``: every raw file of the registry, and who uses it.

The registry (:func:`analysis.inputs.registry.datasets`) as a summary table of datasets
and, per dataset, its files with their sha256 and pinned URL. Which chapter uses which
dataset comes from the book's dependency analysis, which is build tooling: the notebook
passes it in (``booktools.book.dataset_usage()``), so the analysis package never
imports the tooling.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.charts.tables import markdown_table
from analysis.inputs.registry import PINNED_COPY_REASON, datasets
from analysis.pages import Section

#: What these tables read (notebook dependency analysis): the whole registry, and which
#: notebook uses which dataset.
BOOK_INPUTS = ("data/sources.yml", "@dataset-usage")

#: Usage: ``{dataset id: [notebook path, ...]}`` (``booktools.book.dataset_usage``).
Usage = Mapping[str, Sequence[str]]


def _chapter_of(notebook: str) -> str:
    parts = notebook.split("/")
    return parts[1] if len(parts) > 2 else notebook


def registry_frame(usage: Usage) -> pd.DataFrame:
    """One row per raw file: dataset, publisher, licence, years, file, size, sha256, URL,
    and the chapters whose notebooks use the dataset (``usage``)."""
    rows = []
    for ds in datasets().values():
        users = sorted({_chapter_of(nb) for nb in usage.get(ds.id, [])})
        for raw in ds.files:
            rows.append(
                {
                    **ds.summary,
                    "citation": ds.citation,
                    "landing_page": ds.homepage,
                    "bibkey": ds.bibkey,
                    "file": raw.name,
                    "size_bytes": raw.size,
                    "sha256": raw.sha256,
                    "url": raw.url,
                    "chapters": ", ".join(users) if users else "(not yet used)",
                }
            )
    return pd.DataFrame(rows)


def datasets_markdown(frame: pd.DataFrame) -> str:
    """Markdown: why the book pins copies, a summary table of datasets (with each
    publisher's own page), then per dataset its files with hashes and pinned URLs."""
    firsts = frame.drop_duplicates("dataset")
    summary = pd.DataFrame(
        {
            "Dataset": "`" + firsts["dataset"] + "`",
            "Publisher": firsts["publisher"],
            "Licence / terms": firsts["licence"],
            "Years": firsts["years"],
            "Used by": firsts["chapters"],
        }
    )
    parts = [PINNED_COPY_REASON, markdown_table(summary, escape=False)]
    for dataset_id, group in frame.groupby("dataset", sort=False):
        first = group.iloc[0]
        files = pd.DataFrame(
            {
                "File": "`" + group["file"] + "`",
                "Bytes": [f"{n:,}" for n in group["size_bytes"]],
                "sha256": "`" + group["sha256"] + "`",
                "Pinned URL": "<" + group["url"] + ">",
            }
        )
        heading = (
            f"**`{dataset_id}`**: {first.title}. Publisher's page: <{first.landing_page}>. "
            f"Pinned copy (below). Cite: {first.citation}"
        )
        parts += [
            " ".join(heading.replace("|", "\\|").split()),
            markdown_table(files, align={"Bytes": "r"}, escape=False),
        ]
    return "\n\n".join(parts)


def registry(usage: Usage) -> Section:
    """Datasets, files and megabytes in the registry, and the tables of datasets and files."""
    files = registry_frame(usage)
    return Section(
        numbers={
            "n_datasets": files["dataset"].nunique(),
            "n_files": len(files),
            "total_mb": f"{files['size_bytes'].sum() / 1e6:.1f}",
        },
        data={"files": files},
    )


def tables(usage: Usage) -> Section:
    """The summary table of datasets, then each dataset's files (markdown)."""
    return Section(table=datasets_markdown(registry_frame(usage)))
