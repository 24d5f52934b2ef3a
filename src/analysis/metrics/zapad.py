"""Zapad exercise figures: official numbers against claims and estimates, ready to chart.

Input is the curated table ``zapad_claims`` (:func:`analysis.inputs.curated.load_curated`; see
``data/curated/README.md``): one row per stated figure with exercise, claimant,
claimant_iso3, role (official / claim / estimate), figure_low, figure_high, unit, counts
(what the figure counts, e.g. ``total_participants``, ``regional_deployment``), source tier
and ``flagged`` (tier C or W: show only as a flagged claim).

* :func:`prepare_claims` adds ``claimant_group`` / ``claimant_label`` (a country, or a
  group for NATO, analysts, observers), ``figure_mid`` and ``open_ended``.
* :func:`official_totals` picks, per exercise, the official total-participant figure every
  claim is compared with (rule in its docstring): Zapad-2017 = 12,700 (Russian MoD via
  TASS, ``zapad-2017-tass-12700``).
* :func:`ratio_to_official` expresses figures as multiples of it (100,000 / 12,700 = 7.87).
* :func:`official_vs_claims` and :func:`muzhenko_context` are the chart-ready selections.

Compare like with like: a ratio of a ``regional_deployment`` or
``whole_strategic_activity`` figure to the official *total* is a measure of the gap between
narratives, not of one count against another.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from analysis.charts.style import TIER_SOURCED
from analysis.countries import display_name
from analysis.metrics.timeline import tier_status

#: Group labels, tried in order on ``claimant``. ``analysts`` applies even where the table
#: gives the analyst's country (CNA: USA, RUSI: GBR, OSW: POL); the other groups only fill
#: an empty ``claimant_iso3`` (non-state claimants).
ANALYSTS = re.compile(r"\banalyst\b|\bRUSI\b|Centre for Eastern Studies", re.IGNORECASE)
NON_STATE_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("NATO", re.compile(r"\bNATO\b")),
    ("observers", re.compile(r"\bobservers?\b", re.IGNORECASE)),
)
OTHER_GROUP = "other"

#: Facts that put the article's Ukrainian "100,000" in context (ids are frozen).
MUZHENKO_CONTEXT_IDS = (
    "zapad-2017-tass-12700",
    "zapad-2017-muzhenko-100000",
    "zapad-2017-muzhenko-230000-240000",
)

CLAIM_COLUMNS = [
    "fact_id",
    "exercise",
    "year",
    "claimant",
    "claimant_iso3",
    "claimant_group",
    "claimant_label",
    "role",
    "figure",
    "qualifier",
    "figure_low",
    "figure_high",
    "figure_mid",
    "open_ended",
    "unit",
    "counts",
    "what_counted",
    "date_stated",
    "tier",
    "tier_label",
    "flagged",
    "url_missing",
    "source_title",
    "source_url",
]
OFFICIAL_COLUMNS = [
    "exercise",
    "official_total",
    "official_fact_id",
    "official_claimant",
    "official_tier",
]
RATIO_COLUMNS = ["ratio_low", "ratio_high", "ratio_mid"]


def _group(claimant: str, iso3: str | None) -> str:
    """claimant_group of one row (see :data:`ANALYSTS`, :data:`NON_STATE_GROUPS`)."""
    if ANALYSTS.search(claimant):
        return "analysts"
    if iso3:
        return iso3
    for label, pattern in NON_STATE_GROUPS:
        if pattern.search(claimant):
            return label
    return OTHER_GROUP


def _label(group: str) -> str:
    """Display label of a claimant group: country names joined by " / ", or the group."""
    if re.fullmatch(r"[A-Z]{3}(?:;[A-Z]{3})*", group):
        return " / ".join(display_name(code) for code in group.split(";"))
    return group


def prepare_claims(zapad: pd.DataFrame) -> pd.DataFrame:
    """One chart-ready row per claim of the curated ``zapad_claims`` table.

    Adds

    - ``claimant_group``: ``"analysts"`` for think tanks and analysts; else the ISO3
      code(s) as given (``"RUS;BLR"`` for joint declarations); else ``"NATO"``,
      ``"observers"`` or ``"other"`` for non-state claimants;
    - ``claimant_label``: country display names (``"Russia / Belarus"``) or the group;
    - ``figure_mid``: midpoint of figure_low and figure_high; figure_low alone for an
      open-ended figure ("well above 100,000"), which is then a lower bound; NaN for
      qualitative rows;
    - ``open_ended``: figure_low without figure_high;
    - ``tier`` (= ``source_tier``).

    Columns :data:`CLAIM_COLUMNS`, in the table's order.
    """
    out = zapad.copy()
    iso3 = out["claimant_iso3"].where(out["claimant_iso3"].notna(), None)
    out["claimant_group"] = [_group(c, i) for c, i in zip(out["claimant"], iso3, strict=True)]
    out["claimant_label"] = out["claimant_group"].map(
        {g: _label(g) for g in out["claimant_group"].unique()}
    )
    low = out["figure_low"].astype("float64")
    high = out["figure_high"].astype("float64")
    out["open_ended"] = low.notna() & high.isna()
    out["figure_mid"] = ((low + high) / 2).fillna(low)
    out["tier"] = out["source_tier"]
    out["year"] = out["year"].astype("Int64")
    return out[CLAIM_COLUMNS].reset_index(drop=True)


def official_totals(claims: pd.DataFrame) -> pd.DataFrame:
    """The official total-participant figure of each exercise.

    ``claims`` is :func:`prepare_claims` output. Candidates: role ``official``, counts
    ``total_participants``, unit ``personnel``, a number, not flagged (tier A or B) and
    with a source URL. Per exercise the first by tier (A before B), closed before
    open-ended figures, date stated, fact_id is kept, and ``official_total`` is its
    ``figure_mid``. With the current table: Zapad-2009 12,500 (Polish Radio summary of
    the declared figures, tier B), Zapad-2013 12,950 (midpoint of the Russian side's
    12,900-13,000, TASS), Zapad-2017 12,700 (Russian MoD via TASS), Zapad-2021 200,000
    (Belarusian state TV, whole strategic exercise in both countries).

    Returns :data:`OFFICIAL_COLUMNS`, one row per exercise that has a candidate.
    """
    ok = (
        claims["role"].eq("official")
        & claims["counts"].eq("total_participants")
        & claims["unit"].eq("personnel")
        & claims["figure_mid"].notna()
        & ~claims["flagged"].astype(bool)
        & ~claims["url_missing"].astype(bool)
    )
    best = (
        claims[ok]
        .sort_values(["exercise", "tier", "open_ended", "date_stated", "fact_id"])
        .drop_duplicates("exercise")
    )
    return pd.DataFrame(
        {
            "exercise": best["exercise"],
            "official_total": best["figure_mid"].astype("float64"),
            "official_fact_id": best["fact_id"],
            "official_claimant": best["claimant"],
            "official_tier": best["tier"],
        }
    ).reset_index(drop=True)


def ratio_to_official(claims: pd.DataFrame, officials: pd.DataFrame | None = None) -> pd.DataFrame:
    """``claims`` with each figure as a multiple of its exercise's official total.

    ``officials`` defaults to :func:`official_totals` of ``claims`` itself (pass the
    totals of the full table when ``claims`` is a subset). Adds the
    :data:`OFFICIAL_COLUMNS` and ratio_low, ratio_high, ratio_mid = figure / official_total
    (NaN where the figure is missing or the exercise has no official total). Ratios are
    only meaningful for ``unit == "personnel"``; other units get NaN.
    """
    if officials is None:
        officials = official_totals(claims)
    out = claims.merge(
        officials[OFFICIAL_COLUMNS], on="exercise", how="left", validate="many_to_one"
    )
    personnel = out["unit"].eq("personnel").to_numpy()
    for col in RATIO_COLUMNS:
        figure = out[col.replace("ratio", "figure")].astype("float64")
        out[col] = np.where(personnel, figure / out["official_total"], np.nan)
    return out


def _zapad(zapad: pd.DataFrame | None) -> pd.DataFrame:
    if zapad is None:
        from analysis.inputs.curated import load_curated

        zapad = load_curated("zapad_claims")
    return zapad


def official_vs_claims(
    exercise: str | None = None, zapad: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Numeric personnel figures of one exercise (or all) with their ratio to the official total.

    ``zapad`` is the curated ``zapad_claims`` table (loaded when None). Keeps rows with
    ``unit == "personnel"`` and a figure, including flagged ones (chart them as flagged
    claims) and excluding rows without a source URL; sorted by exercise, then figure_mid.
    Columns: :data:`CLAIM_COLUMNS` + :data:`OFFICIAL_COLUMNS` + :data:`RATIO_COLUMNS`.
    """
    claims = prepare_claims(_zapad(zapad))
    officials = official_totals(claims)
    keep = (
        claims["unit"].eq("personnel")
        & claims["figure_mid"].notna()
        & ~claims["url_missing"].astype(bool)
    )
    if exercise is not None:
        if exercise not in set(claims["exercise"]):
            known = sorted(set(claims["exercise"]))
            raise ValueError(f"unknown exercise {exercise!r}; known: {known}")
        keep &= claims["exercise"].eq(exercise)
    out = ratio_to_official(claims[keep], officials)
    return out.sort_values(["exercise", "figure_mid", "fact_id"]).reset_index(drop=True)


def muzhenko_context(zapad: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows that put the Oct-2017 article's Ukrainian "100,000" in context.

    The figure is Gen. Muzhenko's: about 100,000 on the south-western strategic direction
    (up to 70,000 armed forces + up to 30,000 other security forces), out of a claimed
    230,000-240,000 for the whole set of Russian activities, against the official 12,700
    total participants (see :data:`MUZHENKO_CONTEXT_IDS`). Returns those three rows as in
    :func:`official_vs_claims` (with ratios to 12,700), sorted by figure_mid.
    """
    rows = official_vs_claims("Zapad-2017", zapad)
    rows = rows[rows["fact_id"].isin(MUZHENKO_CONTEXT_IDS)]
    missing = set(MUZHENKO_CONTEXT_IDS) - set(rows["fact_id"])
    if missing:
        raise ValueError(f"zapad_claims lacks the context fact(s) {sorted(missing)}")
    return rows.reset_index(drop=True)


# --------------------------------------------------------------------------- chart-ready rows

#: Claimant groups that are countries: they keep their name (and house colour).
CLAIMANT_COUNTRIES = ("RUS", "BLR", "UKR", "POL", "LTU", "EST", "DEU")

#: What a Zapad figure counts (``zapad_claims.counts``), as the chart labels it, in order.
COUNTS_LABELS: dict[str, str] = {
    "total_participants": "all participants",
    "belarusian_participants": "Belarusian participants",
    "russian_participants": "Russian participants",
    "troops_in_belarus": "all troops in Belarus",
    "russian_troops_in_belarus": "Russian troops in Belarus",
    "russian_troops_remaining": "Russian troops left behind",
    "regional_deployment": "forces on one front",
    "whole_strategic_activity": "whole strategic activity",
    "other": "other",
}

EXERCISES = ("Zapad-2009", "Zapad-2013", "Zapad-2017", "Zapad-2021")


def claimant_key(group: str) -> str:
    """Colour group of a ``claimant_group`` (:func:`analysis.metrics.zapad.prepare_claims`).

    The countries of :data:`CLAIMANT_COUNTRIES` keep their name, a joint Russian-Belarusian
    declaration is ``"Russia and Belarus (joint)"``, NATO and analysts are their own
    (neutral) groups, and everything else (newspapers, a foreign observer, "international
    observers") is ``"other (press, observers)"``.
    """
    if group in CLAIMANT_COUNTRIES:
        return display_name(group)
    if set(group.split(";")) == {"RUS", "BLR"}:
        return "Russia and Belarus (joint)"
    if group in ("NATO", "analysts"):
        return group
    return "other (press, observers)"


def zapad_chart_data(claims: pd.DataFrame) -> pd.DataFrame:
    """Chart rows of :func:`analysis.metrics.zapad.official_vs_claims` (all exercises).

    Keeps personnel figures above zero (a log scale cannot show the two official "0 left
    behind" statements; :func:`zapad_findings` counts them), and adds ``claimant_key``,
    ``counts_label``, ``low``/``high`` (``high`` = ``low`` for an open-ended figure),
    ``mid``, ``tier_status``, ``bound`` ("at least" for open-ended figures) and ``ratio``
    (the figure's midpoint over the exercise's official total).
    """
    rows = claims[claims["figure_low"].astype("float64") > 0].copy()
    rows["claimant_key"] = rows["claimant_group"].map(claimant_key)
    rows["counts_label"] = rows["counts"].map(COUNTS_LABELS)
    rows["low"] = rows["figure_low"].astype("float64")
    rows["high"] = rows["figure_high"].astype("float64").fillna(rows["low"])
    rows["mid"] = rows["figure_mid"].astype("float64")
    rows["tier_status"] = tier_status(rows["flagged"])
    rows["bound"] = np.where(rows["open_ended"], "at least (open-ended)", "")
    rows["ratio"] = rows["ratio_mid"].astype("float64").round(2)
    rows["date_stated"] = rows["date_stated"].fillna("not stated")
    order = {c: i for i, c in enumerate(COUNTS_LABELS)}
    rows = rows.assign(_c=rows["counts"].map(order)).sort_values(
        ["exercise", "_c", "mid", "fact_id"]
    )
    cols = [
        "fact_id",
        "exercise",
        "claimant",
        "claimant_key",
        "role",
        "figure",
        "counts",
        "counts_label",
        "what_counted",
        "low",
        "high",
        "mid",
        "bound",
        "official_total",
        "ratio",
        "tier",
        "tier_status",
        "date_stated",
        "source_title",
    ]
    return rows[cols].reset_index(drop=True)


def zapad_findings(claims: pd.DataFrame) -> dict[str, Any]:
    """Numbers of the Zapad comparison, from :func:`~analysis.metrics.zapad.official_vs_claims`.

    Only tier A/B rows (not flagged) count. Returns the official totals per exercise
    (``official_<year>``); for Zapad-2017 the largest sourced claim (``max_2017``,
    ``max_2017_low``, its ratio to the official total ``max_2017_ratio`` and claimant),
    the number of sourced figures of 100,000 or more (``n_100k_2017``), how many of them
    count all participants (``n_100k_2017_total``) and who gave those
    (``n_100k_2017_total_who``), the official Russian and Belarusian participants and
    Russian troops in Belarus (``official_russians_2017``, ``official_belarusians_2017``,
    ``official_russians_in_belarus_2017``), the NATO Review tally (``nato_low``,
    ``nato_high``), and the number of zero figures the log-scale chart leaves out
    (``n_zero``, over all rows).
    """
    ok = claims[~claims["flagged"].astype(bool)]
    officials = claims.drop_duplicates("exercise").set_index("exercise")["official_total"]
    out: dict[str, Any] = {f"official_{e[-4:]}": float(officials[e]) for e in officials.index}
    z17 = ok[ok["exercise"] == "Zapad-2017"]
    top = z17.sort_values(["figure_mid", "fact_id"], ascending=[False, True]).iloc[0]
    out["max_2017"] = float(
        top["figure_high"] if pd.notna(top["figure_high"]) else top["figure_low"]
    )
    out["max_2017_low"] = float(top["figure_low"])
    out["max_2017_ratio"] = float(out["max_2017"] / officials["Zapad-2017"])
    out["max_2017_claimant"] = str(top["claimant"])
    big = z17[z17["figure_low"] >= 100_000]
    out["n_100k_2017"] = len(big)
    big_total = big[big["counts"].eq("total_participants")]
    out["n_100k_2017_total"] = len(big_total)
    out["n_100k_2017_total_who"] = " and ".join(sorted(set(big_total["claimant_label"])))
    official = (
        z17[z17["role"].eq("official")]
        .sort_values(["tier", "fact_id"])
        .drop_duplicates("counts")
        .set_index("counts")["figure_mid"]
    )
    out["official_russians_2017"] = float(official.get("russian_participants", float("nan")))
    out["official_belarusians_2017"] = float(official.get("belarusian_participants", float("nan")))
    out["official_russians_in_belarus_2017"] = float(
        official.get("russian_troops_in_belarus", float("nan"))
    )
    nato = z17[z17["claimant_group"].eq("NATO") & z17["figure_low"].notna()]
    out["nato_low"] = float(nato["figure_low"].min()) if len(nato) else float("nan")
    out["nato_high"] = float(nato["figure_high"].max()) if len(nato) else float("nan")
    out["n_zero"] = int((claims["figure_low"].astype("float64") == 0).sum())
    return out


def zapad_title_numbers(data: pd.DataFrame) -> dict[str, float]:
    """Title numbers of the Zapad claims chart (rows of :func:`zapad_chart_data`): the
    official totals and the largest sourced (tier A/B) Zapad-2017 figure as a multiple
    of the official total."""
    officials = data.drop_duplicates("exercise").set_index("exercise")["official_total"]
    z17 = data[(data["exercise"] == "Zapad-2017") & (data["tier_status"] == TIER_SOURCED)]
    top = float(z17["high"].max())
    return {
        "official_2017": float(officials["Zapad-2017"]),
        "official_2021": float(officials["Zapad-2021"]),
        "max_2017": top,
        "max_ratio": top / float(officials["Zapad-2017"]),
    }


#: Labels of the three facts of :func:`analysis.metrics.zapad.muzhenko_context`.
MUZHENKO_LABELS: dict[str, str] = {
    "zapad-2017-tass-12700": "Declared total, both states",
    "zapad-2017-muzhenko-100000": "Muzhenko: south-western front",
    "zapad-2017-muzhenko-230000-240000": "Muzhenko: all Russian activities",
}


def muzhenko_data(context: pd.DataFrame) -> pd.DataFrame:
    """Rows of :func:`analysis.metrics.zapad.muzhenko_context` with a bar label, the
    range (low, high, mid), the ratio to the official total (kept for checks; the figures
    count different things, so pages do not print it) and a text label (the range)."""
    out = context.copy()
    out["label"] = out["fact_id"].map(MUZHENKO_LABELS)
    out["low"] = out["figure_low"].astype("float64")
    out["high"] = out["figure_high"].astype("float64").fillna(out["low"])
    out["mid"] = out["figure_mid"].astype("float64")
    out["ratio"] = (out["mid"] / out["official_total"]).round(1)
    out["country"] = out["claimant_group"].map(display_name)
    out["text"] = [
        f"{lo:,.0f}-{hi:,.0f}" if hi > lo else f"{lo:,.0f}"
        for lo, hi in zip(out["low"], out["high"], strict=True)
    ]
    cols = [
        "fact_id",
        "label",
        "country",
        "claimant",
        "figure",
        "what_counted",
        "low",
        "high",
        "mid",
        "ratio",
        "text",
        "tier",
        "date_stated",
        "source_title",
    ]
    return out.sort_values("mid")[cols].reset_index(drop=True)
