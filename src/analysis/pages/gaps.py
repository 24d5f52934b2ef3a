"""Time between two dated things, in words, for the prose ("two months after the visit").

Dates come from the curated rows (:func:`analysis.inputs.curated.fact`); a date whose
note marks it inferred is cited with that note (:func:`cited_date`), and gaps count
calendar months or whole days, so an inferred day does not change a month count.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from analysis.inputs.curated import fact

_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def in_words(n: int, unit: str) -> str:
    """``n`` ``unit``s in words ("two months", "one day"; digits above twenty)."""
    number = _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"
    return f"{number} {unit}{'' if n == 1 else 's'}"


def fact_date(fact_id: str, column: str = "date") -> dt.date:
    """The date in ``column`` of a curated row."""
    return pd.Timestamp(fact(fact_id)[column]).date()


def inferred_part(fact_id: str) -> str | None:
    """What of the row's date is inferred ("day", "year", "date"), or ``None``."""
    row = fact(fact_id)
    if not bool(row["date_inferred"]):
        return None
    found = re.match(r"\s*(day|month|year)\b", str(row.get("date_note") or ""))
    return found.group(1) if found else "date"


def cited_date(fact_id: str) -> str:
    """A row's date as the prose cites it: "23 October 2012 (year inferred)"."""
    day = fact_date(fact_id)
    part = inferred_part(fact_id)
    text = f"{day.day} {day:%B %Y}"
    return f"{text} ({part} inferred)" if part else text


def calendar_months(start: dt.date, end: dt.date) -> int:
    """Calendar months from ``start`` to ``end`` (October to December: two)."""
    return (end.year - start.year) * 12 + end.month - start.month


def months_between(start_id: str, end_id: str) -> str:
    """Calendar months from one curated row's date to another's, in words."""
    months = calendar_months(fact_date(start_id), fact_date(end_id))
    if months < 1:
        raise ValueError(f"{end_id} is not in a later month than {start_id}")
    return in_words(months, "month")


def days_between(start: dt.date, end: dt.date) -> str:
    """Whole days from ``start`` to ``end``, in words."""
    days = (end - start).days
    if days < 1:
        raise ValueError(f"{end} is not after {start}")
    return in_words(days, "day")
