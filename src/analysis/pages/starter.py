"""Page of a new article's starter notebook (``python -m booktools new-article``).

What an article's annotation says, as data: how many entities, relations and claims it
lists, its actor network (the map's network chart for one article,
:func:`analysis.pages.map.network.article_network_chart`) and its claims table
(:func:`analysis.charts.tables.claims_markdown`). Both fill themselves as the annotation
file grows; a file without entities gives a placeholder chart.
"""

from __future__ import annotations

from IPython.display import Markdown

from analysis.charts import show
from analysis.charts.tables import claims_markdown
from analysis.inputs.articles import Article, claims_frame, verdict_counts
from analysis.pages import Section
from analysis.pages.map.network import article_network_chart


def overview(article: Article) -> Section:
    """Entities, relations, claims and judged claims of ``article`` (``n_entities``,
    ``n_relations``, ``n_claims``, ``n_judged``) and its network (``fig-<slug>-network``)."""
    counts = verdict_counts(claims_frame(article))
    name = f"{article.slug}-network"
    return Section(
        numbers={
            "n_entities": len(article.entities),
            "n_relations": len(article.relations),
            "n_claims": len(article.claims),
            "n_judged": counts["judged"],
        },
        figures={name: show(article_network_chart(article), name)},
    )


def claims_table(article: Article) -> Section:
    """The article's claims table, glued as ``claims-table`` (MyST markdown)."""
    table = claims_markdown(claims_frame(article), chapter=f"chapters/{article.slug}")
    return Section(numbers={"claims-table": Markdown(table)})
