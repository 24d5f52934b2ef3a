"""Dated events for timelines: curated incidents, milestones and later events, pure.

Inputs are curated tables (:func:`analysis.inputs.curated.load_curated`):
``belarus_ukraine_incidents_statements`` and ``timeline_events``, and the map's merged
timeline (:func:`analysis.metrics.bookmap.timeline`). Every function returns a tidy frame
(one row per dated mark) or a dict of numbers; charts are drawn by
:func:`analysis.charts.timeline.event_timeline`.

Rules kept here: rows without a source URL never enter a timeline; rows of tier C or W
(``flagged``) are labelled :data:`analysis.charts.style.TIER_FLAGGED` and never counted as
evidence; rows dated only to a year are left out of day-scale timelines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts.style import TIER_FLAGGED, TIER_SOURCED


def tier_status(flagged: pd.Series) -> pd.Series:
    """:data:`TIER_FLAGGED` where ``flagged`` (tier C or W), else :data:`TIER_SOURCED`."""
    return pd.Series(
        np.where(flagged.astype(bool).to_numpy(), TIER_FLAGGED, TIER_SOURCED), index=flagged.index
    )


def mid_date(date: str, precision: str) -> pd.Timestamp | None:
    """A day to draw a curated date on: month dates mid-month; year-only or unknown: None."""
    if precision in ("year", "unknown") or not isinstance(date, str) or len(date) < 7:
        return None
    if len(date) == 7:  # month precision: middle of the month
        return pd.Timestamp(f"{date}-15")
    return pd.Timestamp(date)


def join_names(names: Sequence[str]) -> str:
    """``["a"] -> "a"``, ``["a", "b"] -> "a and b"``, ``["a", "b", "c"] -> "a, b and c"``."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- incidents

#: Who acted, as the incidents timeline groups them (ISO3 -> label).
ACTOR_ROWS: dict[str, str] = {"BLR": "Belarus", "UKR": "Ukraine", "RUS": "Russia"}
#: The label of a row with more than one (or no single) acting state.
SEVERAL_STATES = "two or more states"
#: Order of the statement types in the incidents timeline.
TYPE_ORDER = ["statement", "announcement", "assessment", "claim", "denial", "meeting", "incident"]


def incidents_data(incidents: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows of the curated ``belarus_ukraine_incidents_statements`` table.

    Drops rows without a source URL and rows dated only to a year (both counted by
    :func:`incidents_findings`). Month-precision dates sit mid-month. Adds ``who``
    (Belarus, Ukraine, Russia or "two or more states"), ``start``/``end`` (ISO dates;
    ``end`` = ``start`` unless a range), ``tier_status`` and ``date_text``.
    """
    rows = incidents[~incidents["url_missing"].astype(bool)].copy()
    rows["start_ts"] = [
        mid_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
    ]
    rows = rows[rows["start_ts"].notna()]
    end = pd.to_datetime(rows["date_end"], errors="coerce")
    rows["end_ts"] = end.fillna(rows["start_ts"])
    rows["who"] = [
        ACTOR_ROWS.get(i, SEVERAL_STATES) if isinstance(i, str) and ";" not in i else SEVERAL_STATES
        for i in rows["actor_iso3"]
    ]
    rows["tier_status"] = tier_status(rows["flagged"])
    rows["start"] = pd.to_datetime(rows["start_ts"]).dt.strftime("%Y-%m-%d")
    rows["end"] = pd.to_datetime(rows["end_ts"]).dt.strftime("%Y-%m-%d")
    rows["date_text"] = np.where(
        rows["date_end"].notna(),
        rows["date"] + " to " + rows["date_end"].fillna(""),
        rows["date"] + np.where(rows["date_precision"].eq("approx"), " (approx.)", ""),
    )
    cols = [
        "fact_id",
        "start",
        "end",
        "date_text",
        "who",
        "actor",
        "type",
        "summary",
        "tier",
        "tier_status",
        "source_title",
    ]
    rows = rows.rename(columns={"source_tier": "tier"})
    return rows.sort_values(["start", "fact_id"])[cols].reset_index(drop=True)


def incidents_findings(incidents: pd.DataFrame) -> dict[str, int]:
    """Counts of the incidents table: rows, sourced (A/B) rows, flagged rows, rows left
    out of the timeline (no URL, or only a year), and sourced rows by who acted."""
    data = incidents_data(incidents)
    ok = data[data["tier_status"] == TIER_SOURCED]
    out = {
        "n_rows": len(incidents),
        "n_sourced": int((~incidents["flagged"].astype(bool)).sum()),
        "n_flagged": int(incidents["flagged"].astype(bool).sum()),
        "n_shown": len(data),
        "n_left_out": int(len(incidents) - len(data)),
        "n_no_url": int(incidents["url_missing"].astype(bool).sum()),
    }
    for who in ACTOR_ROWS.values():
        out[f"n_sourced_{who.lower()}"] = int((ok["who"] == who).sum())
    return out


def incident_types(data: pd.DataFrame) -> list[str]:
    """The item types of :func:`incidents_data` in timeline order (unknown types last)."""
    found = set(data["type"])
    return [t for t in TYPE_ORDER if t in found] + sorted(found - set(TYPE_ORDER))


#: Offices of the actors in the incidents table, tried in order on ``actor``.
OFFICES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "military",
        re.compile(
            r"Defen[cs]e|\bMoD\b|General Staff|\bGen\.|\bCol\.|Intelligence|Verification",
            re.IGNORECASE,
        ),
    ),
    ("president", re.compile(r"Lukashenk|Poroshenko|Zelensk|Putin|President", re.IGNORECASE)),
    ("foreign minister", re.compile(r"Foreign Minist|Ambassador|\bMFA\b", re.IGNORECASE)),
)


def office(actor: str) -> str:
    """The office an incidents-table ``actor`` speaks for: "military" (defence ministry,
    General Staff, officers), "president", "foreign minister" (or an ambassador), "other"."""
    for name, pattern in OFFICES:
        if pattern.search(actor):
            return name
    return "other"


def who_spoke(data: pd.DataFrame) -> dict[str, str]:
    """For each of Belarus, Ukraine and Russia, the offices that spoke in the sourced (tier
    A/B) rows of :func:`incidents_data`, as text ("president and foreign minister"), in
    the order of :data:`OFFICES`; "nobody" when a country has no sourced row."""
    ok = data[data["tier_status"] == TIER_SOURCED]
    order = [name for name, _ in OFFICES] + ["other"]
    out = {}
    for who in ACTOR_ROWS.values():
        found = set(ok.loc[ok["who"] == who, "actor"].map(office))
        names = [n for n in order if n in found]
        out[who] = " and ".join(names) if names else "nobody"
    return out


# --------------------------------------------------------------------------- milestones


def milestones_frame(
    timeline: pd.DataFrame, labels: Mapping[str, str], lanes: Mapping[str, str]
) -> pd.DataFrame:
    """Chosen curated milestones (``timeline_events``), one row each, in date order.

    ``labels``: fact id -> short label (ours); ``lanes``: curated category -> lane (other
    categories keep their name). Columns: fact_id, date (ISO; month or year dates
    completed to the first day), year, label (with " (flagged)" for tier C/W), lane,
    event (curators' wording), tier, flagged, tier_status, evidence ("evidence (tier
    A/B)" or "flagged claim (tier C/W)"), source_title, source_url. Raises KeyError for
    a label whose fact id is not in the table.
    """
    missing = sorted(set(labels) - set(timeline["fact_id"]))
    if missing:
        raise KeyError(f"fact ids not in timeline_events: {missing}")
    rows = timeline[timeline["fact_id"].isin(list(labels))].copy()
    rows["date"] = rows["date"].map(lambda d: d + "-01" * (2 - d.count("-")))
    rows["year"] = rows["date"].str[:4].astype("int64")
    rows["flagged"] = rows["flagged"].astype(bool)
    rows["label"] = [
        labels[i] + (" (flagged)" if f else "")
        for i, f in zip(rows["fact_id"], rows["flagged"], strict=True)
    ]
    rows["lane"] = rows["category"].map(dict(lanes)).fillna(rows["category"])
    rows["tier"] = rows["source_tier"]
    rows["tier_status"] = tier_status(rows["flagged"])
    rows["evidence"] = np.where(rows["flagged"], "flagged claim (tier C/W)", "evidence (tier A/B)")
    cols = [
        "fact_id",
        "date",
        "year",
        "label",
        "lane",
        "event",
        "tier",
        "flagged",
        "tier_status",
        "evidence",
        "source_title",
        "source_url",
    ]
    return rows.sort_values(["date", "fact_id"], ignore_index=True)[cols]


def milestones_finding(
    frame: pd.DataFrame, date: str, industry_lane: str = "Defence industry"
) -> dict[str, object]:
    """Milestones before ``date``: sourced (tier A/B) treaties and agreements (every lane
    but ``industry_lane``), flagged ones, and counts of the whole frame."""
    before = frame[frame["date"] < date]
    ties = before[before["lane"] != industry_lane]
    return {
        "n_milestones": len(frame),
        "n_flagged": int(frame["flagged"].sum()),
        "n_prior_ties": int((~ties["flagged"]).sum()),
        "n_prior_flagged": int(ties["flagged"].sum()),
        "first_year": int(frame["year"].min()),
        "n_after": int((frame["date"] > date).sum()),
    }


# --------------------------------------------------------------------------- later events


def lane_of(category: str, lanes: Mapping[str, str]) -> str | None:
    """The lane of a ``timeline_events`` category, by its first part (before any " / ")."""
    return lanes.get(category.split(" / ")[0].strip())


def lane_events(
    timeline: pd.DataFrame, lanes: Mapping[str, str], since: str, until: str
) -> pd.DataFrame:
    """Sourced (tier A/B, with URL) ``timeline_events`` between two dates, with a lane.

    Keeps rows dated to a day or month between ``since`` and ``until`` whose category has
    a lane (:func:`lane_of`); month dates sit mid-month. Columns: fact_id, date, lane,
    event, actors, category, tier, source_title.
    """
    rows = timeline[
        ~timeline["flagged"].astype(bool) & ~timeline["url_missing"].astype(bool)
    ].copy()
    rows["ts"] = [mid_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)]
    rows = rows[rows["ts"].notna()]
    rows = rows[(rows["ts"] >= pd.Timestamp(since)) & (rows["ts"] <= pd.Timestamp(until))]
    rows["lane"] = rows["category"].map(lambda c: lane_of(c, lanes))
    rows = rows[rows["lane"].notna()]
    rows["date"] = pd.to_datetime(rows["ts"]).dt.strftime("%Y-%m-%d")
    rows = rows.rename(columns={"source_tier": "tier"})
    cols = ["fact_id", "date", "lane", "event", "actors", "category", "tier", "source_title"]
    return rows.sort_values(["date", "fact_id"])[cols].reset_index(drop=True)


def slug(name: str) -> str:
    """A glue-key slug of a lane name: ``"Belarus's 2020 crisis" -> "belarus_s_2020_crisis"``."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def lane_counts(events: pd.DataFrame) -> dict[str, int]:
    """Events per lane, keyed ``n_<lane slug>`` (:func:`slug`)."""
    return {"n_" + slug(str(k)): int(n) for k, n in events.groupby("lane").size().items()}


def first_year(events: pd.DataFrame, lane: str, pattern: str, since: str = "") -> int:
    """Year of the first event of ``lane`` whose text matches ``pattern`` (case-blind),
    on or after ``since`` (an ISO date prefix). Raises ValueError when none does."""
    rows = events[
        (events["lane"] == lane)
        & events["event"].str.contains(pattern, case=False)
        & (events["date"] >= since)
    ]
    if rows.empty:
        raise ValueError(f"no event in lane {lane!r} matching {pattern!r} since {since!r}")
    return int(str(rows["date"].min())[:4])


# --------------------------------------------------------------------------- map timeline


def book_timeline_marks(tl: pd.DataFrame, max_listed: int = 4) -> pd.DataFrame:
    """One mark per curated event and per (article, day, category) of article events.

    ``tl``: :func:`analysis.metrics.bookmap.timeline`. Columns: date, date_text, year,
    category, origin, source, event (several article relations of one day are listed, at
    most ``max_listed``, then "and N more"), n, tier, flagged, stagger (0 for article
    events, 1-3 for curated events: spreads the marks of one lane and year vertically).
    """
    curated = tl[tl["origin"] == "curated"].assign(
        source=lambda f: "curated: " + f["ref"] + " (tier " + f["tier"].fillna("?") + ")", n=1
    )
    parts = [curated]
    art = tl[tl["origin"] == "article"]
    if len(art):

        def _events(events: pd.Series) -> str:
            items = list(events)
            text = "; ".join(items[:max_listed])
            return text + (
                f"; and {len(items) - max_listed} more" if len(items) > max_listed else ""
            )

        grouped = art.groupby(["article", "date", "category"], as_index=False, sort=True).agg(
            date_text=("date_text", "first"),
            year=("year", "first"),
            event=("event", _events),
            n=("event", "size"),
        )
        grouped["origin"] = "article"
        grouped["source"] = "article: " + grouped["article"]
        grouped["tier"] = None
        grouped["flagged"] = False
        parts.append(grouped)
    cols = [
        "date",
        "date_text",
        "year",
        "category",
        "origin",
        "source",
        "event",
        "n",
        "tier",
        "flagged",
    ]
    marks = pd.concat([p.reindex(columns=cols) for p in parts], ignore_index=True)
    marks = marks.sort_values(["date", "origin", "source"], ignore_index=True)
    curated_rows = marks["origin"] == "curated"
    marks["stagger"] = 0  # article events: the top row of their lane; curated: rows 1-3
    marks.loc[curated_rows, "stagger"] = (
        marks[curated_rows].groupby(["category", "year"]).cumcount() % 3 + 1
    )
    marks["n"] = marks["n"].astype("int64")
    marks["flagged"] = marks["flagged"].astype(bool)
    return marks


def book_timeline_findings(tl: pd.DataFrame) -> dict[str, Any]:
    """Numbers of the map's timeline: events, by origin and category, the busiest year."""
    by_year = tl.groupby("year").size()
    by_cat = tl["category"].value_counts()
    art = tl[tl["origin"] == "article"]
    return {
        "n_events": len(tl),
        "n_curated": int((tl["origin"] == "curated").sum()),
        "n_article": len(art),
        "n_article_days": int(art[["article", "date"]].drop_duplicates().shape[0]),
        "first_year": int(tl["year"].min()),
        "last_year": int(tl["year"].max()),
        "busiest_year": int(by_year.idxmax()),
        "busiest_n": int(by_year.max()),
        "top_category": str(by_cat.index[0]),
        "top_category_n": int(by_cat.iloc[0]),
        "article_years": join_names([str(y) for y in sorted(art["year"].unique())]),
    }


def category_table(tl: pd.DataFrame, categories: Sequence[str]) -> pd.DataFrame:
    """Events of the map's timeline per category and origin, ``categories`` in order, with
    totals. Columns: Category, From the articles, Curated, All."""
    counts = tl.pivot_table(
        index="category", columns="origin", values="ref", aggfunc="count", fill_value=0
    ).reindex(columns=["article", "curated"], fill_value=0)
    counts = counts.reindex([c for c in categories if c in counts.index])
    counts["all"] = counts.sum(axis=1)
    out = counts.reset_index().rename(
        columns={
            "category": "Category",
            "article": "From the articles",
            "curated": "Curated",
            "all": "All",
        }
    )
    out.columns.name = None
    return out


def curated_mapping_table(
    curated: pd.DataFrame, categories: Sequence[str], category_of: Callable[[str | None, str], str]
) -> pd.DataFrame:
    """How the curated timeline's own labels map onto the map's categories, with counts.

    ``category_of(label, event)`` maps a curated label (None: no label) to a category
    (:func:`analysis.metrics.map_timeline.curated_category`). Columns: Curated label,
    Events, Category on the map; rows in ``categories`` order, then by count and label.
    """
    labels = curated["category"].fillna("").value_counts()
    rows = [
        {
            "Curated label": label,
            "Events": int(n),
            "Category on the map": category_of(label or None, ""),
        }
        for label, n in labels.items()
    ]
    frame = pd.DataFrame(rows)
    order = {c: i for i, c in enumerate(categories)}
    return (
        frame.assign(_o=frame["Category on the map"].map(order))
        .sort_values(["_o", "Events", "Curated label"], ascending=[True, False, True])
        .drop(columns="_o")
        .reset_index(drop=True)
    )
