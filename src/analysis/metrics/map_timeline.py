"""The book's timeline: dated events of every article and of the curated timeline.

Pure: annotations and the validated curated table in, one tidy table out
(:func:`timeline`), each event in one of the :data:`CATEGORIES`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from analysis.inputs.articles import Article

#: Timeline categories, in legend order.
CATEGORIES: tuple[str, ...] = (
    "treaties & integration",
    "exercises",
    "defence industry",
    "bases & deployments",
    "incidents",
    "diplomacy & politics",
)

#: Curated ``timeline_events.category`` labels -> :data:`CATEGORIES`. A label not listed
#: is classified from the event text (:func:`classify_event`).
CURATED_CATEGORIES: dict[str, str] = {
    "CSTO": "treaties & integration",
    "Union State": "treaties & integration",
    "Union State / military doctrine": "treaties & integration",
    "Union State / nuclear": "treaties & integration",
    "Eurasian integration": "treaties & integration",
    "military integration": "treaties & integration",
    "exercise": "exercises",
    "Belarus-Ukraine / exercise": "exercises",
    "exercise / force deployment": "exercises",
    "defence industry": "defence industry",
    "MAZ-KAMAZ": "defence industry",
    "defence spending": "defence industry",
    "airbase": "bases & deployments",
    "air defence": "bases & deployments",
    "force deployment": "bases & deployments",
    "Wagner / force deployment": "bases & deployments",
    "nuclear": "bases & deployments",
    "constitution / nuclear": "bases & deployments",
    "Belarus-Ukraine incident": "incidents",
    "war": "incidents",
    "Belarus-Ukraine": "diplomacy & politics",
    "2020 crisis": "diplomacy & politics",
    "2020 crisis / Russia-Belarus security": "diplomacy & politics",
    "2020 crisis / non-recognition": "diplomacy & politics",
    "UN": "diplomacy & politics",
    "Minsk process": "diplomacy & politics",
    "EU sanctions": "diplomacy & politics",
    "EU sanctions / arms embargo": "diplomacy & politics",
}

#: Keyword rules for events without a curated category (first match wins; the last
#: category is the fallback).
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (cat, re.compile(rx, re.IGNORECASE))
    for cat, rx in (
        ("exercises", r"exercis|\bdrills?\b|zapad|west-20\d\d|union resolve|allied resolve"),
        (
            "defence industry",
            r"defen[cs]e[- ]industr|industrial|procurement|defen[cs]e order"
            r"|\bmaz\b|kamaz|integral|rosbelavto|arms industr|military[- ]technical",
        ),
        ("bases & deployments", r"air ?base|air[- ]defen[cs]e|nuclear|deploy|station|wagner"),
        (
            "incidents",
            r"incident|arrest|expel|recall|\bspy|persona non grata|invade|invasion"
            r"|attack|detain|disappear|criticis|confront",
        ),
        (
            "treaties & integration",
            r"treaty|charter|agreement|action plan|union state"
            r"|customs union|economic space|eaeu|eurasian|csto"
            r"|collective security|\bsign",
        ),
    )
)


def classify_event(text: str) -> str:
    """The :data:`CATEGORIES` entry of an event described by ``text`` (keyword rules)."""
    for category, pattern in _RULES:
        if pattern.search(text):
            return category
    return CATEGORIES[-1]


def curated_category(label: str | None, event: str) -> str:
    """A curated label mapped by :data:`CURATED_CATEGORIES`, else :func:`classify_event`."""
    if label and label in CURATED_CATEGORIES:
        return CURATED_CATEGORIES[label]
    return classify_event(event)


TIMELINE_COLUMNS = [
    "date",
    "date_end",
    "date_text",
    "precision",
    "year",
    "event",
    "category",
    "origin",
    "article",
    "ref",
    "tier",
    "flagged",
]

_VERBS = {
    "member_of": "is a member of",
    "seeks_stake_in": "seeks a stake in",
    "merger_talks": "is in merger talks with",
    "participates_in": "takes part in",
    "cooperates_with": "cooperates with",
    "seeks_support_from": "seeks support from",
    "seeks_market_in": "seeks a market in",
    "offers_mediation": "offers mediation in",
    "integrates_with": "integrates with",
    "party_to": "is a party to",
}


def relation_phrase(kind: str) -> str:
    """``'seeks_stake_in'`` -> ``'seeks a stake in'``: a relation kind as a verb phrase."""
    return _VERBS.get(kind, kind.replace("_", " "))


def _iso_start(text: str) -> str:
    """First day of an ISO date, month or year (``'2012-10'`` -> ``'2012-10-01'``)."""
    parts = text.split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def timeline(articles: Iterable[Article], curated: pd.DataFrame | None = None) -> pd.DataFrame:
    """One table of dated events from the articles and the curated timeline.

    Rows from each article: its ``metadata.event_dates`` (ref ``<slug>/event-<n>``) and
    its relations with a date (ref ``<slug>/<relation id>``, event "<source> <verb>
    <target>"). An article relation is classified by its own text; when the keyword
    rules find nothing and the article reports an event on the same day, it takes that
    event's category. Rows from ``curated`` (the validated ``timeline_events`` table, or
    None for none): ref = fact_id, category mapped by :func:`curated_category`, tier and
    flagged from the table.

    Columns :data:`TIMELINE_COLUMNS`: date (ISO ``YYYY-MM-DD``, the first day of a month
    or year given less precisely), date_end (ISO or None), date_text (as given),
    precision (day, month, year, range, approx), year (int), event, category, origin
    (``article`` or ``curated``), article (slug or None), ref, tier (curated only),
    flagged (tier C/W). Sorted by date, origin, ref.
    """
    rows: list[dict[str, Any]] = []
    for article in sorted(articles, key=lambda a: a.slug):
        names = {e.id: e.name for e in article.entities}
        day_category: dict[str, str] = {}
        for n, ev in enumerate(article.metadata.event_dates, start=1):
            category = classify_event(ev.what)
            day_category.setdefault(ev.date.isoformat(), category)
            rows.append(
                {
                    "date": ev.date.isoformat(),
                    "date_end": None,
                    "date_text": ev.date.isoformat(),
                    "precision": "day",
                    "event": ev.what,
                    "category": category,
                    "origin": "article",
                    "article": article.slug,
                    "ref": f"{article.slug}/event-{n}",
                    "tier": None,
                    "flagged": False,
                }
            )
        for rel in article.relations:
            if rel.date is None:
                continue
            day = rel.date.isoformat()
            text = f"{names[rel.source]} {relation_phrase(rel.kind)} {names[rel.target]}"
            category = classify_event(text)
            if category == CATEGORIES[-1] and day in day_category:
                category = day_category[day]
            rows.append(
                {
                    "date": day,
                    "date_end": None,
                    "date_text": day,
                    "precision": "day",
                    "event": text,
                    "category": category,
                    "origin": "article",
                    "article": article.slug,
                    "ref": f"{article.slug}/{rel.id}",
                    "tier": None,
                    "flagged": False,
                }
            )
    if curated is not None:
        for row in curated.itertuples(index=False):
            if not isinstance(row.date, str):
                continue
            end = row.date_end if isinstance(row.date_end, str) else None
            rows.append(
                {
                    "date": _iso_start(row.date),
                    "date_end": _iso_start(end) if end else None,
                    "date_text": row.date + (f" to {end}" if end else ""),
                    "precision": row.date_precision,
                    "event": row.event,
                    "category": curated_category(row.category, row.event),
                    "origin": "curated",
                    "article": None,
                    "ref": row.fact_id,
                    "tier": row.source_tier,
                    "flagged": bool(row.flagged),
                }
            )
    frame = pd.DataFrame(rows, columns=[c for c in TIMELINE_COLUMNS if c != "year"])
    frame.insert(4, "year", frame["date"].str[:4].astype("int64"))
    return frame.sort_values(["date", "origin", "ref"], ignore_index=True)[TIMELINE_COLUMNS]
