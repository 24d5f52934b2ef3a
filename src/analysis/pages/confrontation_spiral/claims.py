"""Page ``confrontation-spiral/claims``: every claim of the article and its verdict.

The claims come from the chapter's annotation file (``data/articles/confrontation-spiral.yml``);
they are counted by :func:`analysis.inputs.articles.verdict_counts` and listed by
:func:`analysis.charts.tables.claims_markdown`.
"""

from __future__ import annotations

import pandas as pd

from analysis.charts.tables import claims_markdown
from analysis.inputs.articles import VERDICTS, claims_frame, load_article, verdict_counts
from analysis.pages import Section

SLUG = "confrontation-spiral"


def _claims() -> pd.DataFrame:
    return claims_frame(load_article(SLUG))


def verdicts() -> Section:
    """Claims per verdict (``v_<verdict>``), judged and in all (``v_judged``, ``v_total``),
    and each claim's verdict (``verdict-<claim id>``).

    Raises ValueError when a claim has no verdict: the page's prose says every claim is
    judged.
    """
    claims = _claims()
    counts = verdict_counts(claims)
    if counts["judged"] != counts["total"]:
        raise ValueError(
            f"the text says every claim is judged; {counts['total'] - counts['judged']} "
            "claims have no verdict"
        )
    keys = (*VERDICTS, "judged", "total")
    numbers: dict[str, object] = {f"v_{k}": counts[k] for k in keys}
    numbers |= {f"verdict-{row.id}": row.verdict for row in claims.itertuples()}
    return Section(numbers=numbers, data={"claims": claims})


def claims_table() -> Section:
    """The claims table with the reasons for each verdict (a MyST list-table)."""
    return Section(table=claims_markdown(_claims(), chapter=f"chapters/{SLUG}"))
