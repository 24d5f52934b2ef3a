"""The curated fact tables under ``data/curated``: hand-checked facts with their sources.

Each table is a CSV whose rows carry a stable ``fact_id``, the figure or event, and the
source it was read in (title, URL, a short quote and a tier, see ``data/curated/README.md``).
:func:`load_curated` parses a table with the :mod:`csv` module (so a row with the wrong
number of fields is reported by its line), validates it with the table's pandera schema,
and adds

- ``flagged``: the source is tier C (aggregator) or W (Wikipedia); such rows may be shown
  only as flagged claims, never as evidence;
- ``tier_label``: a readable name of the tier;
- ``url_missing``: the row has no source URL (its ``notes`` say ``NO SOURCE URL``);
- ``date_inferred``: the row's date (or year) was inferred, not read in the source: its
  ``date_note`` or ``year_note`` says so (:data:`INFERRED_DATE`, e.g. ``year inferred``,
  ``year uncertain``, ``date not shown; ~2017``) and a date is given. Wherever such a
  row is cited, the date must be shown as inferred (the annotation validator enforces
  it for verdicts, :mod:`analysis.inputs.articles`).

Every failure raises :class:`CuratedDataError` naming the file, the CSV line (header =
line 1) and the column; a file with several problems gets one error listing them all.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError, SchemaErrors

from analysis.errors import CuratedDataError
from analysis.paths import data_dir

#: Files this module reads, for the notebook dependency analysis (booktools.book).
BOOK_INPUTS = ("data/curated/*.csv",)

#: Source tiers and their labels (A and B are evidence; C and W are flagged claims).
TIERS: dict[str, str] = {
    "A": "official / primary",
    "B": "reputable media / think-tank",
    "C": "aggregator / blog (flagged)",
    "W": "Wikipedia (flagged)",
}
FLAGGED_TIERS = frozenset({"C", "W"})
#: The marker a row's ``notes`` must carry when its source URL is missing.
NO_URL_MARKER = "NO SOURCE URL"
#: Words in ``date_note`` / ``year_note`` that mark a date or year as inferred rather than
#: read in the source (case-insensitive).
INFERRED_DATE = re.compile(r"infer|uncertain|ambiguous|not shown|\?", re.IGNORECASE)
#: The date column of each table (the first one present), for ``date_inferred``.
_DATE_COLUMNS = ("date", "date_stated", "date_published", "year")
PRECISIONS = ["day", "month", "year", "range", "approx", "unknown"]
QUALIFIERS = ["~", ">", ">=", "<", "<="]
#: What a Zapad figure counts (``zapad_claims.counts``).
ZAPAD_COUNTS = [
    "total_participants",
    "belarusian_participants",
    "russian_participants",
    "troops_in_belarus",
    "russian_troops_in_belarus",
    "russian_troops_remaining",
    "whole_strategic_activity",
    "regional_deployment",
    "equipment",
    "other",
]
PERIOD_TYPES = ["full_year", "partial_year", "forecast", "target", "current"]

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ISO3 = r"^[A-Z]{3}(?:;[A-Z]{3})*$"
_NUMERIC_DTYPES = ("float64", "Int64")
_HEADER_CHECKS = {
    "column_in_dataframe": "required column missing from the header",
    "column_in_schema": "unknown column in the header",
}


def _iso_date(value: str) -> bool:
    """True for ``YYYY``, ``YYYY-MM`` or a valid ``YYYY-MM-DD``."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return False
    try:
        date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return False
    return True


# Column builders: cells arrive as str or None; numeric columns are coerced, and a cell
# that cannot be coerced is reported as "not numeric".
def _text(required: bool = False) -> pa.Column:
    return pa.Column(str, nullable=not required)


def _float() -> pa.Column:
    return pa.Column(float, nullable=True, coerce=True)


def _int() -> pa.Column:
    return pa.Column("Int64", nullable=True, coerce=True)


def _date() -> pa.Column:
    error = "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"
    return pa.Column(str, pa.Check(_iso_date, element_wise=True, error=error), nullable=True)


def _isin(values: list[str], required: bool = True) -> pa.Column:
    check = pa.Check.isin(values, error=f"not one of {values}")
    return pa.Column(str, check, nullable=not required)


def _matches(pattern: str, error: str, required: bool = False) -> pa.Column:
    return pa.Column(str, pa.Check.str_matches(pattern, error=error), nullable=not required)


def _iso3() -> pa.Column:
    return _matches(_ISO3, "not ISO3 code(s) joined by ';'")


def _value_columns() -> dict[str, pa.Column]:
    """``value_text`` as stated, split into ``qualifier`` + numeric ``value`` and a note."""
    return {
        "value_text": _text(required=True),
        "qualifier": _isin(QUALIFIERS, required=False),
        "value": _float(),
        "value_note": _text(),
    }


def _dates(prefix: str = "date", end: bool = False) -> dict[str, pa.Column]:
    """An ISO date column, optional ``date_end``, ``date_precision`` and ``date_note``."""
    cols = {prefix: _date(), "date_precision": _isin(PRECISIONS), "date_note": _text()}
    return {**cols, "date_end": _date()} if end else cols


def _url_present(frame: pd.DataFrame) -> pd.Series:
    flagged = frame["notes"].fillna("").str.startswith(NO_URL_MARKER)
    return frame["source_url"].notna() | flagged


def _low_le_high(frame: pd.DataFrame) -> pd.Series:
    low, high = (pd.to_numeric(frame[c], errors="coerce") for c in ("figure_low", "figure_high"))
    return low.isna() | high.isna() | (low <= high)


def _schema(
    name: str, columns: dict[str, pa.Column], checks: tuple[pa.Check, ...] = ()
) -> pa.DataFrameSchema:
    """A table schema: ``fact_id``, the table's own columns and the source columns.

    Frame-level checks put the column they concern before a colon in ``error`` so that
    failures can be reported by column.
    """
    common = {
        "fact_id": pa.Column(
            str, pa.Check.str_matches(_SLUG, error="not a lowercase slug"), unique=True
        ),
        "source_title": _text(required=True),
        "source_url": _matches(r"^https?://\S+$", "not an http(s) URL"),
        "quote": _text(),
        "source_tier": _isin(list(TIERS)),
        "notes": _text(),
    }
    url_check = pa.Check(
        _url_present, error=f"source_url: missing, and notes do not start with {NO_URL_MARKER!r}"
    )
    return pa.DataFrameSchema(
        {**common, **columns}, checks=[url_check, *checks], strict=True, name=name
    )


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "zapad_claims": _schema(
        "zapad_claims",
        {
            "exercise": _matches(r"^Zapad-\d{4}$", "not 'Zapad-YYYY'", required=True),
            "year": _int(),
            "claimant": _text(required=True),
            "claimant_country": _text(),
            "claimant_iso3": _iso3(),
            "role": _isin(["official", "claim", "estimate"]),
            "figure": _text(required=True),
            "qualifier": _isin(QUALIFIERS, required=False),
            "figure_low": _float(),
            "figure_high": _float(),
            "unit": _text(required=True),
            "what_counted": _text(required=True),
            "counts": _isin(ZAPAD_COUNTS),
            "date_stated": _date(),
            "date_precision": _isin(PRECISIONS),
        },
        (pa.Check(_low_le_high, error="figure_high: smaller than figure_low"),),
    ),
    "timeline_events": _schema(
        "timeline_events",
        {
            **_dates(end=True),
            "event": _text(required=True),
            "actors": _text(),
            "category": _text(required=True),
        },
    ),
    "defence_industry": _schema(
        "defence_industry",
        {
            "topic": _text(required=True),
            "entity": _text(required=True),
            "metric": _text(required=True),
            **_value_columns(),
            "change_pct": _float(),
            "unit": _text(required=True),
            "period": _text(required=True),
            "period_start": _int(),
            "period_end": _int(),
            **_dates("date_stated"),
            "stated_by": _text(),
        },
    ),
    "trade_belarus_ukraine": _schema(
        "trade_belarus_ukraine",
        {
            "year": _int(),
            "year_note": _text(),
            "period_type": _isin(PERIOD_TYPES),
            "flow": _text(required=True),
            "partner_iso3": _iso3(),
            **_value_columns(),
            "change_pct": _float(),
            "unit": _text(required=True),
            "basis": _text(),
            "stated_by": _text(),
            **_dates("date_stated"),
        },
    ),
    "milex_personnel": _schema(
        "milex_personnel",
        {
            "country": _text(required=True),
            "country_iso3": _iso3(),
            "year": _int(),
            "year_note": _text(),
            "metric": _text(required=True),
            **_value_columns(),
            "change_pct": _float(),
            "unit": _text(required=True),
            "source_org": _text(),
            **_dates("date_published"),
        },
    ),
    "belarus_ukraine_incidents_statements": _schema(
        "belarus_ukraine_incidents_statements",
        {
            **_dates(end=True),
            "actor": _text(required=True),
            "actor_country": _text(),
            "actor_iso3": _iso3(),
            "type": _text(required=True),
            "summary": _text(required=True),
        },
    ),
    "airbase_plans": _schema(
        "airbase_plans",
        {
            **_dates(),
            "item": _text(required=True),
            **_value_columns(),
            "unit": _text(required=True),
            "stated_by": _text(),
        },
    ),
}


def curated_dir() -> Path:
    """``data/curated/``: the curated fact tables."""
    return data_dir() / "curated"


def curated_tables() -> list[str]:
    """Names of the curated tables (file names without ``.csv``)."""
    return sorted(SCHEMAS)


def _read_rows(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Parse ``path`` into an all-text frame and the CSV line each row starts on."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if not header:
            raise CuratedDataError(f"{path}: line 1: empty file, no header")
        rows: list[list[str | None]] = []
        lines: list[int] = []
        bad: list[str] = []
        start = reader.line_num + 1
        for record in reader:
            if record:
                if len(record) != len(header):
                    short = len(record) < len(header)
                    column = header[len(record)] if short else header[-1]
                    where = "missing from" if short else "extra fields after"
                    bad.append(
                        f"line {start}, column {column!r}: expected {len(header)} "
                        f"columns, found {len(record)} ({where} this column)"
                    )
                else:
                    rows.append([v if v.strip() else None for v in record])
                    lines.append(start)
            start = reader.line_num + 1
    if bad:
        raise CuratedDataError(f"{path}: " + "; ".join(bad))
    return pd.DataFrame(rows, columns=header, dtype=object), lines


def _describe(exc: SchemaErrors | SchemaError, path: Path, lines: list[int]) -> str:
    """Turn pandera failure cases into 'line N, column C: problem (value)' messages."""
    cases = getattr(exc, "failure_cases", None)
    if cases is None or not isinstance(cases, pd.DataFrame):
        return f"{path}: {exc}"
    seen: set[tuple[object, str]] = set()
    found: list[tuple[int, str]] = []
    for case in cases.itertuples(index=False):
        check, column, index = str(case.check), case.column, case.index
        value = "" if pd.isna(case.failure_case) else f" (value {case.failure_case!r})"
        if case.schema_context == "DataFrameSchema" and ":" in check:
            column, check = check.split(":", 1)  # frame-level checks name their column
            value = ""
        if check.startswith(("coerce_dtype", "dtype")) and any(t in check for t in _NUMERIC_DTYPES):
            check = "not numeric"
        if check in _HEADER_CHECKS:  # a column missing from, or unknown to, the header
            column, check, value = case.failure_case, _HEADER_CHECKS[check], ""
        check = {"field_uniqueness": "duplicate value (must be unique)"}.get(check, check)
        line = lines[int(index)] if index is not None and not pd.isna(index) else 1
        key = (line, str(column))
        if key in seen:
            continue
        seen.add(key)
        found.append((line, f"line {line}, column {column!r}: {check.strip()}{value}"))
    details = "; ".join(msg for _, msg in sorted(found, key=lambda t: t[0])[:10])
    more = f" (+{len(found) - 10} more)" if len(found) > 10 else ""
    return f"{path}: {details}{more}"


def load_curated(name: str) -> pd.DataFrame:
    """Load and validate ``data/curated/<name>.csv``.

    Adds ``flagged`` (tier C or W), ``tier_label`` and ``url_missing``. Raises
    :class:`CuratedDataError` naming the file, line and column of any problem.
    """
    if name not in SCHEMAS:
        raise CuratedDataError(f"unknown curated table {name!r}; known: {curated_tables()}")
    path = curated_dir() / f"{name}.csv"
    if not path.is_file():
        raise CuratedDataError(f"{path}: curated table {name!r} not found")
    raw, lines = _read_rows(path)
    try:
        frame = SCHEMAS[name].validate(raw, lazy=True)
    except (SchemaErrors, SchemaError) as exc:
        raise CuratedDataError(_describe(exc, path, lines)) from exc
    frame = frame[list(raw.columns)].copy()
    frame["flagged"] = frame["source_tier"].isin(FLAGGED_TIERS)
    frame["tier_label"] = frame["source_tier"].map(TIERS)
    frame["url_missing"] = frame["source_url"].isna()
    frame["date_inferred"] = _date_inferred(frame)
    return frame


def _date_inferred(frame: pd.DataFrame) -> pd.Series:
    """True where a date (or year) is given and its note marks it as inferred
    (:data:`INFERRED_DATE`): ``date_note`` qualifies the table's date column, ``year_note``
    its ``year``."""
    marked = pd.Series(False, index=frame.index)
    date_col = next((c for c in _DATE_COLUMNS if c in frame.columns and c != "year"), None)
    for note, column in (("date_note", date_col), ("year_note", "year")):
        if note in frame.columns and column in frame.columns:
            flagged = frame[note].fillna("").astype(str).str.contains(INFERRED_DATE)
            marked |= flagged & frame[column].notna()
    return marked


def fact(fact_id: str) -> pd.Series:
    """The row of ``fact_id`` from whichever curated table holds it (with a ``table`` entry)."""
    for name in curated_tables():
        table = load_curated(name)
        hit = table.loc[table["fact_id"] == fact_id]
        if len(hit):
            row = hit.iloc[0].copy()
            row["table"] = name
            return row
    raise CuratedDataError(f"unknown fact_id {fact_id!r}: not in any of {curated_tables()}")
