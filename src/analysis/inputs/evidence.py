"""The evidence model of the article annotations (:mod:`analysis.inputs.articles`).

A verdict is only as good as its weakest evidence: decisive evidence is a ``dataset:``
reference or an independent tier A/B curated row with a source URL; a row sourced to the
article itself (:func:`self_sourced`) never supports its own claim; a conditional
forecast records its condition; an inferred date is shown as inferred. See the
docstring of :mod:`analysis.inputs.articles` for the rules; :func:`evidence_problems`
checks them and returns one message per problem, naming the claim and the row.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from analysis.paths import data_dir

if TYPE_CHECKING:
    from analysis.inputs.articles import Article, Metadata

#: What this module reads, for the notebook dependency analysis (booktools.book).
BOOK_INPUTS = ("data/curated/*.csv",)

#: Verdicts that decide a claim (in whole or in part) and so need decisive evidence.
DECIDING_VERDICTS: frozenset[str] = frozenset({"supported", "contradicted", "mixed"})
#: Source tiers that may decide a verdict (C and W are flagged claims only).
DECISIVE_TIERS: frozenset[str] = frozenset({"A", "B"})
#: A forecast worded like this is conditional and must record its condition.
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|provided that|as long as|in case)\b|^\s*should\b", re.IGNORECASE
)


def _url_key(url: str) -> str:
    """A URL without scheme, ``www.``, ``amp/`` prefixes, query and trailing slash."""
    key = re.sub(r"^https?://(?:www\.)?", "", url.strip().lower())
    return key.split("?", 1)[0].split("#", 1)[0].rstrip("/")


def self_sourced(source_url: str | None, source_title: str | None, metadata: Metadata) -> bool:
    """True when a curated row's source is the article itself: the same URL, or (for an
    article whose URL is unknown) a source title naming the article's title."""
    if source_url and metadata.url and _url_key(source_url) == _url_key(metadata.url):
        return True
    title = metadata.title.strip().lower()
    return bool(source_title) and title in str(source_title).lower()


@lru_cache(maxsize=4)
def _fact_index(stamp: tuple[tuple[str, int, int], ...]) -> tuple[dict[str, dict[str, Any]], str]:
    """Curated rows by fact_id (table, tier, source, date), and the tables that failed to
    load (their problems are reported by the curated loader, not here)."""
    from analysis.errors import CuratedDataError
    from analysis.inputs.curated import curated_tables, load_curated

    index: dict[str, dict[str, Any]] = {}
    broken: list[str] = []
    for name in curated_tables():
        try:
            frame = load_curated(name)
        except CuratedDataError:
            broken.append(name)
            continue
        date_col = next(
            c for c in ("date", "date_stated", "date_published", "year") if c in frame.columns
        )
        for row in frame.to_dict("records"):
            index[row["fact_id"]] = {
                "table": name,
                "tier": row["source_tier"],
                "source_url": row["source_url"],
                "source_title": row["source_title"],
                "url_missing": bool(row["url_missing"]),
                "date": row[date_col],
                "date_note": row.get("date_note") or row.get("year_note"),
                "date_inferred": bool(row["date_inferred"]),
            }
    return index, ", ".join(broken)


def curated_fact_index() -> tuple[dict[str, dict[str, Any]], str]:
    """:func:`_fact_index` for the curated tables as they are on disk now."""
    folder = data_dir() / "curated"
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _fact_index(stamp)


def evidence_problems(article: Article) -> list[str]:
    """The evidence model (module docstring): decisive evidence, self-sourced rows,
    conditional forecasts, inferred dates. One message per problem, naming claim and row."""
    problems: list[str] = []
    index, broken = curated_fact_index()
    meta = article.metadata

    unchecked: set[str] = set()  # claims citing a row that may be in a broken table

    def row_of(fact_id: str, where: str) -> dict[str, Any] | None:
        row = index.get(fact_id)
        if row is None and broken:
            unchecked.add(where)  # the curated loader reports the broken table itself
        elif row is None:
            problems.append(f"{where}: fact {fact_id!r} is not in any curated table")
        return row

    inferred_days: set[dt.date] = set()
    for n, event in enumerate(meta.event_dates, start=1):
        where = f"metadata.event_dates[{n}] ({event.date})"
        if event.date_inferred:
            inferred_days.add(event.date)
        if event.fact is None:
            continue
        row = row_of(event.fact, where)
        if row is None:
            continue
        if self_sourced(row["source_url"], row["source_title"], meta):
            problems.append(
                f"{where}: fact {event.fact!r} is sourced to the article itself and cannot "
                "date its events"
            )
        if row["date_inferred"] and not event.date_inferred:
            problems.append(
                f"{where}: fact {event.fact!r} has an inferred date ({row['date_note']}); "
                "set date_inferred: true"
            )
    for rel in article.relations:
        if rel.date in inferred_days and not rel.date_inferred:
            problems.append(
                f"relation {rel.id!r}: date {rel.date} is an inferred event date; set "
                "date_inferred: true"
            )

    for claim in article.claims:
        where = f"claim {claim.id!r}"
        verdict = claim.verdict
        tables = {ref.partition(":")[2] for ref in claim.evidence if ref.startswith("curated:")}
        if len(set(claim.facts)) != len(claim.facts):
            problems.append(f"{where}: facts list a row twice")
        weak: list[str] = []
        decisive = [ref for ref in claim.evidence if ref.startswith("dataset:")]
        for fact_id in dict.fromkeys(claim.facts):
            row = row_of(fact_id, where)
            if row is None:
                continue
            if row["table"] not in tables:
                problems.append(
                    f"{where}: fact {fact_id!r} is in {row['table']}, which the claim's "
                    f"evidence does not list (add 'curated:{row['table']}')"
                )
            if self_sourced(row["source_url"], row["source_title"], meta):
                weak.append(f"{fact_id!r} (sourced to the article itself)")
                if verdict in DECIDING_VERDICTS:
                    problems.append(
                        f"{where}: fact {fact_id!r} is sourced to the article itself and can "
                        f"never support its own claim (verdict {verdict!r}); cite it only "
                        "under an unverifiable claim"
                    )
            elif row["tier"] not in DECISIVE_TIERS:
                weak.append(f"{fact_id!r} (tier {row['tier']})")
            elif row["url_missing"]:
                weak.append(f"{fact_id!r} (no source URL)")
            else:
                decisive.append(fact_id)
            shown = "inferred" in (claim.why or "").lower()
            if row["date_inferred"] and verdict is not None and not shown:
                problems.append(
                    f"{where}: fact {fact_id!r} has an inferred date ({row['date']}, "
                    f"{row['date_note']}); the why must show it as inferred"
                )
        if verdict is not None:
            cited = {index[f]["table"] for f in claim.facts if f in index}
            for table in sorted(tables - cited):
                if not broken:
                    problems.append(
                        f"{where}: evidence lists 'curated:{table}' but facts name none of its "
                        "rows (name the rows the why relies on, or drop the table)"
                    )
        if verdict in DECIDING_VERDICTS and not decisive and where not in unchecked:
            listed = "; ".join(weak) if weak else "no dataset: reference and no facts listed"
            problems.append(
                f"{where}: verdict {verdict!r} rests on no decisive evidence (a dataset: "
                f"reference or an independent tier A/B curated row in facts): {listed}"
            )

        conditional = claim.kind == "forecast" and bool(_CONDITIONAL.search(claim.statement))
        if claim.condition is not None and claim.kind != "forecast":
            problems.append(f"{where}: only a forecast can have a condition (kind {claim.kind!r})")
        if claim.condition_held is not None and claim.condition is None:
            problems.append(f"{where}: condition_held without a condition")
        if conditional and claim.condition is None and verdict is not None:
            problems.append(
                f"{where}: a conditional forecast needs 'condition' and 'condition_held' "
                "before it is judged"
            )
        if claim.condition is not None and verdict in DECIDING_VERDICTS:
            if claim.condition_held is False:
                problems.append(
                    f"{where}: its condition did not hold, so the forecast was never tested: "
                    f"verdict {verdict!r} is refused (use 'unverifiable')"
                )
            elif claim.condition_held is None:
                problems.append(
                    f"{where}: verdict {verdict!r} needs condition_held: true (whether the "
                    "condition happened is not recorded)"
                )
    return problems
