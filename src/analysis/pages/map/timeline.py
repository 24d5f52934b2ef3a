"""Page ``map/timeline``: one timeline of every article's dated events and the curated ones.

The dated events and relations of all annotated articles and the curated timeline
(:func:`analysis.metrics.map_timeline.timeline`), in one lane per category; the events
per category and origin; how the curated labels map onto the categories.
"""

from __future__ import annotations

from functools import cache
from typing import Any

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
#: Key events labelled above the lanes: curated fact id -> short label (ours).
KEY_EVENTS: dict[str, str] = {
    "tl-1999-12-08-treaty-creation-union-state": "Union State treaty",
    "tl-2012-10-23-semashko-rogozin-sign-action": "Defence-industry plan",
    "tl-2014-09-05-minsk-protocol-trilateral-contact": "Minsk Protocol",
    "tl-2017-09-14-zapad-2017-joint-strategic": "Zapad-2017",
    "tl-2020-08-09-belarusian-presidential-election-officially": "Disputed election",
    "tl-2022-02-24-russia-invades-ukraine-including": "Invasion of Ukraine",
}
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


def key_event_dates(curated: pd.DataFrame, labels: dict[str, str]) -> dict[str, str]:
    """ISO date -> label of the key events (``labels``: fact id -> label). Raises
    KeyError for a fact id the curated timeline does not hold."""
    dates = curated.set_index("fact_id")["date"]
    missing = sorted(set(labels) - set(dates.index))
    if missing:
        raise KeyError(f"key events not in the curated timeline: {missing}")
    return {str(dates[i]): label for i, label in sorted(labels.items(), key=lambda x: dates[x[0]])}


def record_findings(tl: pd.DataFrame) -> dict[str, Any]:
    """Where the articles' years fall in the curated record: curated events from the first
    article's year on, and the curated record's busiest year (its largest category there,
    and whether an article reports on that year)."""
    curated = tl[tl["origin"] == "curated"]
    article_years = sorted(set(tl.loc[tl["origin"] == "article", "year"].astype(int)))
    since = article_years[0] if article_years else int(curated["year"].max())
    by_year = curated.groupby("year").size()
    busiest = int(by_year.sort_values(ascending=False, kind="stable").index[0])
    there = curated.loc[curated["year"] == busiest, "category"].value_counts()
    return {
        "cur_since_year": since,
        "cur_since_n": int((curated["year"] >= since).sum()),
        "cur_n": len(curated),
        "cur_busiest_year": busiest,
        "cur_busiest_n": int(by_year[busiest]),
        "cur_busiest_category": str(there.index[0]),
        "cur_busiest_category_n": int(there.iloc[0]),
        "cur_busiest_is_article_year": busiest in article_years,
    }


def record_title(rec: dict[str, Any]) -> str:
    """The timeline's title: where the curated record thickens, relative to the articles."""
    lead = "Most" if 2 * rec["cur_since_n"] > rec["cur_n"] else "Fewer than half of the"
    year_is = "also an article's" if rec["cur_busiest_is_article_year"] else "one no article covers"
    return (
        f"{lead} curated events date from {rec['cur_since_year']}, the first article's year, "
        f"or later ({rec['cur_since_n']} of {rec['cur_n']}); the busiest year, "
        f"{rec['cur_busiest_year']} ({rec['cur_busiest_n']} events; "
        f"{rec['cur_busiest_category']}: {rec['cur_busiest_category_n']}), is {year_is}"
    )


def category_lanes(marks: pd.DataFrame) -> dict[str, Any]:
    """:func:`~analysis.charts.timeline.event_timeline`'s lane settings for timeline marks:
    one lane per category present (in the book's order), coloured by category, points of
    one day staggered (the map timeline and a new article's data context share them)."""
    return {
        "row": "category",
        "rows": [c for c in map_timeline.CATEGORIES if c in set(marks["category"])],
        "colour": "category",
        "colours": CATEGORY_COLOURS,
        "colour_title": "Category",
        "stagger": "stagger",
    }


def timeline() -> Section:
    """The timeline's numbers and chart."""
    tl = book_timeline()
    found = book_timeline_findings(tl)
    rec = record_findings(tl)
    marks = book_timeline_marks(tl)
    lanes = category_lanes(marks)
    cats = lanes["rows"]
    chart = event_timeline(
        marks,
        **lanes,
        shape="origin",
        shapes={"curated": "circle", "article": "diamond"},
        sizes={"curated": 55, "article": 170},
        shape_title="Event from",
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
        key_events=key_event_dates(_curated(), KEY_EVENTS),
        title=record_title(rec),
        description=(
            f"Timeline of {found['n_events']} dated events, {found['first_year']}-"
            f"{found['last_year']}, in {len(cats)} lanes by category ({', '.join(cats)}): "
            f"{found['n_curated']} curated events (circles) and {found['n_article']} article "
            f"events and dated relations on {found['n_article_days']} days (diamonds). The "
            f"busiest year is {found['busiest_year']} ({found['busiest_n']} events); the "
            f"largest category is {found['top_category']} ({found['top_category_n']}). "
            f"{rec['cur_since_n']} of the {rec['cur_n']} curated events date from "
            f"{rec['cur_since_year']} or later. Key events labelled above the lanes: "
            + "; ".join(
                f"{d}: {label}" for d, label in key_event_dates(_curated(), KEY_EVENTS).items()
            )
            + "."
        ),
        source=f"{ANNOTATIONS_SOURCE}; {CURATED_TIMELINE_SOURCE}",
        note="Dates given to the month or year are drawn on its first day",
    )
    numbers: dict[str, object] = {key: found[key] for key in NUMBER_KEYS}
    numbers["n_flagged"] = int(tl["flagged"].sum())
    numbers["n_categories"] = len(map_timeline.CATEGORIES)
    numbers.update({k: v for k, v in rec.items() if not k.startswith("cur_busiest_is")})
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
