"""Page ``map/timeline``: one timeline of every article's dated events and the curated ones.

The dated events and relations of all annotated articles and the curated timeline
(:func:`analysis.metrics.map_timeline.timeline`), in one lane per category; the events
per category and origin; how the curated labels map onto the categories.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
from IPython.display import Markdown

from analysis import charts
from analysis.charts.style import CATEGORY_PALETTE
from analysis.charts.tables import markdown_table
from analysis.charts.timeline import event_timeline
from analysis.inputs.articles import all_articles
from analysis.inputs.curated import load_curated
from analysis.metrics import map_timeline
from analysis.metrics.timeline import (
    book_timeline_findings,
    book_timeline_marks,
    category_table,
    curated_mapping_table,
)
from analysis.pages import Section

#: One colour per timeline category (the house palette for categories that are not countries).
CATEGORY_COLOURS: dict[str, str] = dict(zip(map_timeline.CATEGORIES, CATEGORY_PALETTE, strict=True))
#: Source lines of the chart.
ANNOTATIONS_SOURCE = "the book's annotations of the articles (our reading of each article)"
CURATED_TIMELINE_SOURCE = (
    "the book's curated timeline of events (each row cites its source; "
    "tier C and W rows are flagged)"
)
#: Keys of the numbers the page's prose glues.
NUMBER_KEYS = (
    "n_events",
    "n_curated",
    "n_article",
    "n_article_days",
    "first_year",
    "last_year",
    "busiest_year",
    "busiest_n",
    "top_category",
    "top_category_n",
    "article_years",
)


@cache
def _curated() -> pd.DataFrame:
    return load_curated("timeline_events")


@cache
def book_timeline() -> pd.DataFrame:
    """Every dated event of the articles and of the curated timeline."""
    return map_timeline.timeline(all_articles(), _curated())


def timeline() -> Section:
    """The timeline's numbers and chart."""
    tl = book_timeline()
    found = book_timeline_findings(tl)
    marks = book_timeline_marks(tl)
    cats = [c for c in map_timeline.CATEGORIES if c in set(marks["category"])]
    chart = event_timeline(
        marks,
        row="category",
        rows=cats,
        colour="category",
        colours=CATEGORY_COLOURS,
        colour_title="Category",
        shape="origin",
        shapes={"curated": "circle", "article": "diamond"},
        sizes={"curated": 55, "article": 170},
        shape_title="Event from",
        stagger="stagger",
        span=(f"{found['first_year']}-01-01", f"{found['last_year']}-12-31"),
        tick_count=12,
        step=11,
        width=560,
        legend_orient="bottom",
        legend_columns=3,
        interactive=True,
        tooltips=[
            charts.tooltip("date_text", "Date"),
            charts.tooltip("event", "Event"),
            charts.tooltip("category", "Category"),
            charts.tooltip("source", "Source"),
            charts.tooltip("n", "Events pooled", unit="count"),
        ],
        title=(
            f"The articles report events of {found['article_years']}; the curated timeline "
            f"puts them among {found['n_curated']} events from {found['first_year']} to "
            f"{found['last_year']}"
        ),
        description=(
            f"Timeline of {found['n_events']} dated events, {found['first_year']}-"
            f"{found['last_year']}, in {len(cats)} lanes by category ({', '.join(cats)}): "
            f"{found['n_curated']} curated events (circles) and {found['n_article']} article "
            f"events and dated relations on {found['n_article_days']} days (diamonds). The "
            f"busiest year is {found['busiest_year']} ({found['busiest_n']} events); the "
            f"largest category is {found['top_category']} ({found['top_category_n']})."
        ),
        source=f"{ANNOTATIONS_SOURCE}; {CURATED_TIMELINE_SOURCE}",
        note="Dates given to the month or year are drawn on its first day",
    )
    numbers: dict[str, object] = {key: found[key] for key in NUMBER_KEYS}
    numbers["n_flagged"] = int(tl["flagged"].sum())
    numbers["n_categories"] = len(map_timeline.CATEGORIES)
    return Section(
        numbers=numbers,
        figures={"map-timeline": charts.show(chart, "map-timeline")},
        data={"timeline": tl, "findings": found},
    )


def categories() -> Section:
    """Two tables, glued: events per category and origin; curated labels -> categories."""
    tl = book_timeline()
    cats = category_table(tl, map_timeline.CATEGORIES)
    mapping = curated_mapping_table(
        _curated(), map_timeline.CATEGORIES, map_timeline.curated_category
    )
    return Section(
        numbers={
            "category-table": Markdown(
                markdown_table(cats, align={c: "r" for c in cats.columns[1:]})
            ),
            "mapping-table": Markdown(markdown_table(mapping, align={"Events": "r"})),
        }
    )
