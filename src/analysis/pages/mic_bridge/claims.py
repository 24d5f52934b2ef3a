"""Page ``mic-bridge/claims``: every claim of the article and its verdict.

The claims come from the chapter's annotation file (``data/articles/mic-bridge.yml``);
they are counted by :func:`analysis.inputs.articles.verdict_counts` and listed by
:func:`analysis.charts.tables.claims_markdown`.
"""

from __future__ import annotations

import pandas as pd

from analysis.charts.tables import claims_markdown
from analysis.inputs.articles import (
    NOT_JUDGED,
    VERDICTS,
    claims_frame,
    load_article,
    verdict_counts,
)
from analysis.pages import Section

SLUG = "mic-bridge"


def _claims() -> pd.DataFrame:
    return claims_frame(load_article(SLUG))


def verdicts() -> Section:
    """The number of claims (``n_claims``), per verdict (``n_<verdict>``), per kind
    (``n_kind_<kind>``) and each claim's verdict (``verdict-<claim id>``), as text."""
    claims = _claims()
    counts = verdict_counts(claims)
    numbers = {"n_claims": f"{len(claims)}"}
    numbers |= {f"n_{v}": f"{counts[v]}" for v in VERDICTS}
    numbers |= {f"n_kind_{k}": f"{n}" for k, n in claims["kind"].value_counts().items()}
    numbers |= {f"verdict-{row.id}": row.verdict or NOT_JUDGED for row in claims.itertuples()}
    return Section(numbers=numbers, data={"claims": claims})


def claims_table() -> Section:
    """The claims table with the reasons for each verdict (a MyST list-table)."""
    return Section(table=claims_markdown(_claims(), chapter=f"chapters/{SLUG}"))
