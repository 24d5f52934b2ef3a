"""The claims ledger: every claim of every article with its verdict (the map's ledger page).

Pure: annotations in, tables out. Claims are counted by verdict with the book's one
verdict counter, :func:`analysis.inputs.articles.verdict_counts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.inputs.articles import NOT_JUDGED, VERDICTS, Article, verdict_counts

#: Verdicts in ledger order (DESIGN's four, then claims not yet weighed).
LEDGER_VERDICTS: tuple[str, ...] = (*VERDICTS, NOT_JUDGED)

LEDGER_COLUMNS = [
    "slug",
    "article_title",
    "id",
    "kind",
    "statement",
    "paragraph",
    "verdict",
    "why",
    "evidence",
    "notebook",
    "link",
]


def claims_ledger(articles: Iterable[Article]) -> pd.DataFrame:
    """Every claim of every article, one row each, articles in slug order.

    Columns :data:`LEDGER_COLUMNS`: slug, article_title, id, kind, statement, paragraph,
    verdict (``"not yet judged"`` when the annotation has none), why, evidence (the
    references joined by ``"; "``), notebook (the first ``notebook:`` evidence path, or
    None) and link: where the claim is weighed, that notebook or else the article's
    chapter page ``chapters/<slug>/index.md``.
    """
    rows = []
    for article in sorted(articles, key=lambda a: a.slug):
        for claim in article.claims:
            notebooks = [
                ref.partition(":")[2] for ref in claim.evidence if ref.startswith("notebook:")
            ]
            notebook = notebooks[0] if notebooks else None
            rows.append(
                {
                    "slug": article.slug,
                    "article_title": article.metadata.title,
                    "id": claim.id,
                    "kind": claim.kind,
                    "statement": " ".join(claim.statement.split()),
                    "paragraph": claim.paragraph,
                    "verdict": claim.verdict or NOT_JUDGED,
                    "why": claim.why,
                    "evidence": "; ".join(claim.evidence),
                    "notebook": notebook,
                    "link": notebook or f"chapters/{article.slug}/index.md",
                }
            )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def verdict_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """Claims by article and verdict: slug, verdict, n (every verdict of
    :data:`LEDGER_VERDICTS` for every article, zeros included), in ledger order."""
    rows = [
        {"slug": slug, "verdict": verdict, "n": n}
        for slug, claims in ledger.groupby("slug", sort=False)
        for verdict, n in verdict_counts(claims).items()
        if verdict in LEDGER_VERDICTS
    ]
    return pd.DataFrame(rows, columns=["slug", "verdict", "n"]).astype({"n": "int64"})


def verdict_totals(ledger: pd.DataFrame) -> dict[str, int]:
    """``{verdict: number of claims}`` over all articles, every verdict of
    :data:`LEDGER_VERDICTS` listed, plus ``"total"``."""
    counts = verdict_counts(ledger)
    return {**{v: counts[v] for v in LEDGER_VERDICTS}, "total": counts["total"]}


def verdict_grid(ledger: pd.DataFrame) -> pd.DataFrame:
    """Counts by article (rows, first column ``Article``) and verdict (columns, in
    :data:`LEDGER_VERDICTS` order), with a ``total`` column and an ``all articles`` row."""
    counts = verdict_table(ledger)
    wide = counts.pivot(index="slug", columns="verdict", values="n").reindex(
        index=list(dict.fromkeys(counts["slug"])), columns=list(LEDGER_VERDICTS)
    )
    wide["total"] = wide.sum(axis=1)
    wide.loc["all articles"] = wide.sum()
    wide = wide.astype("int64")
    wide.columns.name = None
    return wide.rename_axis("Article").reset_index()


def ledger_findings(ledger: pd.DataFrame) -> dict[str, Any]:
    """Totals of the ledger: claims, per verdict (keys with spaces as underscores), per
    article, judged, and per kind."""
    totals = verdict_totals(ledger)
    out: dict[str, Any] = {k.replace(" ", "_"): v for k, v in totals.items()}
    out["judged"] = totals["total"] - totals[NOT_JUDGED]
    out["n_articles"] = int(ledger["slug"].nunique())
    out["per_article"] = {str(k): int(v) for k, v in ledger.groupby("slug").size().items()}
    out["per_kind"] = {
        str(k): int(v) for k, v in ledger["kind"].value_counts().sort_index().items()
    }
    return out
