"""A new article's data context: what the text names, and its years against the data.

:func:`propose` is the automatic first pass of ``python -m booktools new-article``: from
the article's body paragraphs it finds the countries named (names, adjectives, demonyms:
:func:`analysis.countries.countries_named`), the entities of other annotations whose
names the text mentions (same id, so the book's map merges them), and the years and
dates mentioned, which set the article's year and window. It keeps no text of the
article beyond those names: numbers of paragraphs, never sentences.

:func:`before_after` compares a series in the article's year with the years before and
after; :func:`coverage` says in words which countries and years a dataset covers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis.countries import countries_named, display_name

#: Years either side of the article's year that :func:`before_after` averages.
SPAN = 3
#: Years the page charts around the article's window, either side.
MARGIN = 5
#: Earliest year the pass counts as a date (older numbers are rarely years here).
FIRST_YEAR = 1900

_YEAR = re.compile(r"(?<!\d)(?<!\d[,.])(19\d\d|20\d\d)(?!\d)(?![,.]\d)")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATES = (
    re.compile(rf"\b(?P<month>{_MONTHS}) (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}}) (?P<month>{_MONTHS}),? (?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)
_MONTH_NUMBER = {m: i for i, m in enumerate(_MONTHS.split("|"), start=1)}


def years_and_dates(paragraphs: Sequence[str]) -> tuple[Counter[int], list[dt.date]]:
    """Years (with counts) and full dates the paragraphs mention."""
    years: Counter[int] = Counter()
    dates: set[dt.date] = set()
    for paragraph in paragraphs:
        years.update(int(y) for y in _YEAR.findall(paragraph) if int(y) >= FIRST_YEAR)
        for pattern in _DATES:
            for m in pattern.finditer(paragraph):
                month = m.group("month")
                number = _MONTH_NUMBER.get(month) or int(month)
                try:
                    dates.add(dt.date(int(m.group("year")), number, int(m.group("day"))))
                except ValueError:
                    continue
    return years, sorted(dates)


def _name_patterns(name: str) -> list[re.Pattern[str]]:
    """Whole-word patterns for an entity name and its form without a parenthesis."""
    forms = {name.strip(), re.sub(r"\s*\(.*?\)\s*", " ", name).strip()}
    return [re.compile(rf"(?<!\w){re.escape(f)}(?!\w)") for f in forms if len(f) >= 4]


def known_entities(
    paragraphs: Sequence[str], entities: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Entities of other annotations whose name the paragraphs mention.

    ``entities``: rows with slug, id, name, kind, country (e.g. concatenated
    :func:`analysis.inputs.articles.entities_frame` records). One row per id:
    ``{id, name, kind, country, known_from, paragraphs}``."""
    out: dict[str, dict[str, Any]] = {}
    for ent in entities:
        where = [
            n
            for n, p in enumerate(paragraphs, start=1)
            if any(pat.search(p) for pat in _name_patterns(str(ent["name"])))
        ]
        if not where:
            continue
        row = out.setdefault(
            str(ent["id"]),
            {
                "id": str(ent["id"]),
                "name": str(ent["name"]),
                "kind": str(ent["kind"]),
                "country": ent.get("country"),
                "known_from": [],
                "paragraphs": where,
            },
        )
        if ent["slug"] not in row["known_from"]:
            row["known_from"].append(str(ent["slug"]))
    return sorted(out.values(), key=lambda e: e["id"])


def article_year(years: Counter[int], page_year: int, event_years: Sequence[int] = ()) -> int:
    """The article's year: the first event date's year when the front matter gives one,
    else the year the text mentions most often up to the page's year (the later one on a
    tie), else the page's year."""
    if event_years:
        return int(event_years[0])
    past = {y: n for y, n in years.items() if y <= page_year}
    if not past:
        return page_year
    return max(past, key=lambda y: (past[y], y))


def propose(
    paragraphs: Sequence[str],
    page_date: dt.date,
    *,
    entities: Iterable[Mapping[str, Any]] = (),
    event_dates: Sequence[dt.date] = (),
) -> dict[str, Any]:
    """The automatic pass over an article's body paragraphs (module docstring).

    Returns the ``proposed`` section of an annotation: ``confirmed`` (False), countries,
    entities, years, dates, later_years (after the page's year: forecasts, outside the
    window), article_year and window (first and last year mentioned up to the page's
    year, widened to hold the article's year)."""
    years, dates = years_and_dates(paragraphs)
    page_year = page_date.year
    past = sorted(y for y in years if y <= page_year)
    year = article_year(years, page_year, [d.year for d in event_dates])
    window = (min([*past, year]), max([*past, year]))
    return {
        "confirmed": False,
        "countries": countries_named(paragraphs),
        "entities": known_entities(paragraphs, entities),
        "years": past,
        "dates": [d for d in dates if d <= page_date],
        "later_years": sorted(y for y in years if y > page_year),
        "article_year": year,
        "window": [window[0], window[1]],
    }


# --------------------------------------------------------------------------- context numbers


def chart_years(window: tuple[int, int], article_year: int) -> tuple[int, int]:
    """Years a context chart shows: the window and :data:`MARGIN` years either side."""
    return min(window[0], article_year) - MARGIN, max(window[1], article_year) + MARGIN


def before_after(series: pd.Series, year: int, span: int = SPAN) -> dict[str, float]:
    """A yearly series (index year) in ``year`` against the ``span`` years before and after.

    ``{"year": value in year, "before": mean of year-span..year-1, "after": mean of
    year+1..year+span}``; NaN where the series has no value (means skip missing years)."""
    s = pd.to_numeric(series, errors="coerce")
    before = s[(s.index >= year - span) & (s.index < year)].dropna()
    after = s[(s.index > year) & (s.index <= year + span)].dropna()
    return {
        "year": float(s.get(year, float("nan"))),
        "before": float(before.mean()) if len(before) else float("nan"),
        "after": float(after.mean()) if len(after) else float("nan"),
    }


def compare_text(
    label: str, found: Mapping[str, float], year: int, fmt: str, unit: str = "", span: int = SPAN
) -> str:
    """One sentence fragment: ``label`` in ``year`` against the years before and after."""

    def show(value: float) -> str:
        return "no value" if pd.isna(value) else f"{value:{fmt}}{unit}"

    return (
        f"{label}: {show(found['year'])} in {year}, against {show(found['before'])} on "
        f"average in {year - span}-{year - 1} and {show(found['after'])} in "
        f"{year + 1}-{year + span}"
    )


def coverage(
    dataset: str,
    span: tuple[int, int],
    window: tuple[int, int],
    asked: Sequence[str],
    covered: Iterable[str],
) -> str:
    """A sentence on what a dataset covers of the article's countries and window (empty
    when it covers all of them)."""
    have = set(covered)
    parts = []
    lacking = [display_name(c) for c in asked if c not in have]
    if lacking:
        parts.append(f"has no data for {', '.join(lacking)}")
    if window[1] < span[0] or window[0] > span[1]:
        parts.append(
            f"covers {span[0]}-{span[1]}, none of the article's window {window[0]}-{window[1]}"
        )
    elif window[0] < span[0] or window[1] > span[1]:
        parts.append(f"covers {span[0]}-{span[1]} only, not all of {window[0]}-{window[1]}")
    return f"{dataset} " + " and ".join(parts) + "." if parts else ""
