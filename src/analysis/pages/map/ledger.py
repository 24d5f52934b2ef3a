"""Page ``map/ledger``: every claim of every article, its verdict and where it is weighed.

The ledger (:func:`analysis.metrics.ledger.claims_ledger`), its counts by the book's one
verdict counter, the verdict bar chart (:func:`analysis.charts.claims.verdict_bars`) and
the two tables (:func:`analysis.charts.tables.markdown_table`,
:func:`analysis.charts.tables.ledger_markdown`).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
from IPython.display import Markdown

from analysis.charts import show
from analysis.charts.claims import verdict_bars
from analysis.charts.tables import ledger_markdown, markdown_table
from analysis.inputs.articles import CLAIM_KINDS, all_articles
from analysis.metrics.ledger import (
    LEDGER_VERDICTS,
    claims_ledger,
    ledger_findings,
    verdict_grid,
    verdict_table,
    verdict_totals,
)
from analysis.pages import Section
from analysis.paths import project_root

#: Source line of charts drawn from the article annotations.
ANNOTATIONS_SOURCE = "the book's annotations of the articles (our reading of each article)"


def _ledger() -> pd.DataFrame:
    articles = all_articles()
    ledger = claims_ledger(articles)
    expected = sum(len(a.claims) for a in articles)
    if len(ledger) != expected:
        raise ValueError(f"the text says the ledger holds every claim: {len(ledger)} of {expected}")
    return ledger


def ledger_chart(ledger: pd.DataFrame) -> alt.VConcatChart:
    """Claims per article, stacked by verdict (grey: not yet judged), titled with the
    totals."""
    found = ledger_findings(ledger)
    if found["judged"] == 0:
        title = (
            f"None of the {found['total']} claims of the {found['n_articles']} articles "
            "is judged yet"
        )
    else:
        title = (
            f"{found['judged']} of {found['total']} claims judged: {found['supported']} "
            f"supported, {found['mixed']} mixed, {found['contradicted']} contradicted, "
            f"{found['unverifiable']} unverifiable"
        )
    description = (
        f"Stacked bars, one per article, counting its claims by verdict. {found['total']} "
        "claims in all: "
        + ", ".join(f"{v} {n}" for v, n in verdict_totals(ledger).items() if v != "total")
        + ". Per article: "
        + ", ".join(f"{k} {v}" for k, v in found["per_article"].items())
        + "."
    )
    return verdict_bars(
        verdict_table(ledger),
        title=title,
        description=description,
        source=ANNOTATIONS_SOURCE,
        verdicts=LEDGER_VERDICTS,
    )


def verdicts() -> Section:
    """Claims, articles, judged claims, claims per verdict and per kind, and the chart."""
    ledger = _ledger()
    found: dict[str, Any] = ledger_findings(ledger)
    numbers: dict[str, int] = {
        "n_claims": found["total"],
        "n_articles": found["n_articles"],
        "n_judged": found["judged"],
    }
    for verdict in LEDGER_VERDICTS:
        key = verdict.replace(" ", "_")
        numbers[f"n_{key}"] = found[key]
    for kind in CLAIM_KINDS:
        numbers[f"n_kind_{kind}"] = found["per_kind"].get(kind, 0)
    return Section(
        numbers=numbers,
        figures={"map-ledger": show(ledger_chart(ledger), "map-ledger")},
        data={"ledger": ledger},
    )


def verdict_columns(grid: pd.DataFrame) -> pd.DataFrame:
    """The counts by article and verdict with a row per verdict and a column per article
    (and the total): a few narrow columns fit the text column, seven did not."""
    out = grid.set_index("Article").T.rename_axis("Verdict").reset_index()
    out.columns.name = None
    return out


def tables() -> Section:
    """The counts by article and verdict (``verdict-table``) and every claim
    (``ledger-table``), glued as markdown."""
    ledger = _ledger()
    grid = verdict_columns(verdict_grid(ledger))
    counts = markdown_table(grid, align={c: "r" for c in grid.columns if c != "Verdict"})
    return Section(
        numbers={
            "verdict-table": Markdown(counts),
            "ledger-table": Markdown(ledger_markdown(ledger, root=project_root())),
        }
    )
