"""Charts and tables of the chapter on "Belarusian and Ukrainian Defence Ministries entangle
in confrontation spiral" (Belarus in Focus, 2 October 2017): ``chapters/confrontation-spiral``.

Every ``*_chart`` function takes tidy frames (from :mod:`analysis.metrics`, the loaders or
:func:`analysis.inputs.curated.load_curated`) and returns a finished house-style chart
(:func:`analysis.charts.finish`: a title that states the finding, the source and licence
line, a description for screen readers); render it with :func:`analysis.charts.show`.
The ``*_data`` / ``*_table`` functions are the pure preparation steps behind them, and the
``*_findings`` functions return the numbers the chapter's prose glues.

Rules kept here, so that no notebook can forget them:

* curated rows of tier C or W (``flagged``) are drawn as rings (hollow marks), labelled
  :data:`TIER_FLAGGED`, and never enter a finding;
* curated rows without a source URL (``url_missing``) are left out altogether;
* figures that count different things are never summed, and their ``counts`` category is
  always shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from analysis import charts
from analysis.countries import display_name
from analysis.inputs import articles
from analysis.pages.legacy_common import (
    by_country,
    country_colour,
    country_year_chart,
    country_year_tooltips,
    measure_rows,
    values_in,
    year_span,
    year_x,
)

#: Legend labels of the two tier groups (curated tables).
TIER_SOURCED = "tier A/B: sourced"
TIER_FLAGGED = "tier C/W: unverified"
TIER_DOMAIN = [TIER_SOURCED, TIER_FLAGGED]

#: Neutral colours for claimants that are not a country (they never take a country colour).
NATO_COLOUR = charts.NEUTRAL
ANALYST_COLOUR = "#8E9AA6"
OTHER_COLOUR = "#BDBDBD"
JOINT_COLOUR = "#3B3B3B"

#: Colour groups of the Zapad claims chart, in legend order, with their colours.
CLAIMANT_COLOURS: dict[str, str] = {
    "Russia": charts.PALETTE["RUS"],
    "Belarus": charts.PALETTE["BLR"],
    "Russia and Belarus (joint)": JOINT_COLOUR,
    "Ukraine": charts.PALETTE["UKR"],
    "Poland": charts.PALETTE["POL"],
    "Lithuania": charts.PALETTE["LTU"],
    "Estonia": charts.PALETTE["EST"],
    "Germany": charts.PALETTE["DEU"],
    "NATO": NATO_COLOUR,
    "analysts": ANALYST_COLOUR,
    "other (press, observers)": OTHER_COLOUR,
}
_CLAIMANT_COUNTRIES = ("RUS", "BLR", "UKR", "POL", "LTU", "EST", "DEU")

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

#: Country pairs of the voting charts: label, colour, dash (house colour of the partner).
PAIRS: dict[str, tuple[str, str, list[int]]] = {
    "BLR-RUS": ("Belarus–Russia", charts.PALETTE["RUS"], [1, 0]),
    "BLR-UKR": ("Belarus–Ukraine", charts.PALETTE["UKR"], [1, 0]),
    "UKR-RUS": ("Ukraine–Russia", charts.NEUTRAL, [6, 3]),
    "BLR-USA": ("Belarus–United States", charts.PALETTE["USA"], [1, 0]),
}

#: ICEWS quad classes: label and colour (Paul Tol's muted scheme, no country colour).
EVENT_STYLE: dict[str, tuple[str, str]] = {
    "verbCoop": ("verbal cooperation", "#88CCEE"),
    "matlCoop": ("material cooperation", "#332288"),
    "verbConf": ("verbal conflict", "#DDCC77"),
    "matlConf": ("material conflict", "#CC6677"),
}


#: UN resolutions on Ukraine's and Georgia's territorial conflicts (roll-call descriptions).
_CONFLICT_RESOLUTION = re.compile(
    r"Territorial integrity of Ukraine|Crimea|Sevastopol|Abkhazia|Tskhinvali|GUAM area",
    re.IGNORECASE,
)


# ----------------------------------------------------------------------------- helpers


def curated_source(*tables: str) -> str:
    """The source text of a chart drawn from curated tables (not registry datasets)."""
    names = ", ".join(f"{t}" for t in tables)
    return (
        f"curated table(s) {names} (data/curated), compiled by the book's authors from the "
        "sources each row cites, with a reliability tier per row"
    )


def tier_status(flagged: pd.Series) -> pd.Series:
    """:data:`TIER_FLAGGED` where ``flagged`` (tier C or W), else :data:`TIER_SOURCED`."""
    return pd.Series(
        np.where(flagged.astype(bool).to_numpy(), TIER_FLAGGED, TIER_SOURCED), index=flagged.index
    )


def _colour(domain: Sequence[str], colours: Mapping[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(domain), range=[colours[d] for d in domain])


#: A ring (hollow circle) as a Vega symbol path in the unit square; drawn for tier C/W rows.
RING = "M1,0A1,1,0,1,1,-1,0A1,1,0,1,1,1,0ZM0.5,0A0.5,0.5,0,1,0,-0.5,0A0.5,0.5,0,1,0,0.5,0Z"


def tier_shape(title: str = "Source tier") -> alt.Shape:
    """Shape by tier: a filled circle for tier A/B rows, a ring for tier C/W rows, with the
    legend entries "tier A/B: sourced" and "tier C/W: unverified". Use on filled marks."""
    return alt.Shape(
        "tier_status:N",
        title=title,
        scale=alt.Scale(domain=TIER_DOMAIN, range=["circle", RING]),
        legend=alt.Legend(symbolFillColor=charts.MUTED, symbolStrokeWidth=0, symbolSize=90),
    )


def _year_rules(years: Iterable[int]) -> alt.LayerChart | alt.FacetChart:
    """Dashed vertical rules at the chapter's marker years, labelled with the year (the
    labels step down so that close years do not overlap)."""
    years = list(years)
    base = alt.Chart(alt.Data(values=[{"year": y, "label": str(y)} for y in years])).encode(
        x=alt.X("year:Q", scale=alt.Scale(zero=False))
    )
    layers: list[alt.Chart] = [base.mark_rule(strokeDash=[4, 3], color=charts.MUTED)]
    for i, year in enumerate(years):
        layers.append(
            base.transform_filter(f"datum.year == {year}")
            .mark_text(
                align="left", dx=3, baseline="top", y=2 + 13 * i, color=charts.MUTED, fontSize=10
            )
            .encode(text="label:N")
        )
    return alt.layer(*layers)


def _date_rules(dates: Mapping[str, str]) -> alt.LayerChart | alt.FacetChart:
    """Dashed rules with labels at ISO dates (timelines)."""
    rows = [{"date": d, "label": label} for d, label in dates.items()]
    base = alt.Chart(alt.Data(values=rows)).encode(x="date:T")
    rule = base.mark_rule(strokeDash=[4, 3], color=charts.MUTED)
    text = base.mark_text(
        align="left", dx=3, dy=2, baseline="top", y=0, color=charts.MUTED, fontSize=10
    ).encode(text="label:N")
    return alt.layer(rule, text)


def pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage text: ``pct(0.534) == "53%"``."""
    return f"{100 * value:.{digits}f}%"


def thousands(value: float) -> str:
    """A count with thousands separators: ``thousands(12700.0) == "12,700"``."""
    return f"{value:,.0f}"


# ----------------------------------------------------------------------------- Zapad claims


def claimant_key(group: str) -> str:
    """Colour group of a ``claimant_group`` (:func:`analysis.metrics.zapad.prepare_claims`).

    The countries of :data:`CLAIMANT_COLOURS` keep their name, a joint Russian-Belarusian
    declaration is ``"Russia and Belarus (joint)"``, NATO and analysts are their own
    (neutral) groups, and everything else (newspapers, a foreign observer, "international
    observers") is ``"other (press, observers)"``.
    """
    if group in _CLAIMANT_COUNTRIES:
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


def zapad_claims_chart(data: pd.DataFrame, *, n_zero: int = 0) -> alt.VConcatChart:
    """Official figures against claims, Zapad-2009 to 2021: log scale, one panel per exercise.

    ``data`` is :func:`zapad_chart_data`. Rows are what a figure counts, colours the
    claimant, rings mark tier C/W rows, a horizontal bar the range of a "from-to"
    figure, and a dashed rule the exercise's official total. ``n_zero`` (figures of 0
    left out) goes into the note.
    """
    keys = [k for k in CLAIMANT_COLOURS if k in set(data["claimant_key"])]
    counts = [v for k, v in COUNTS_LABELS.items() if v in set(data["counts_label"])]
    colour = alt.Color(
        "claimant_key:N",
        title="Who gave the figure",
        scale=_colour(keys, CLAIMANT_COLOURS),
        sort=keys,
    )
    x = alt.X(
        "mid:Q",
        title="People (log scale)",
        scale=alt.Scale(type="log", domain=[1_000, 300_000], nice=False),
        axis=alt.Axis(values=[1_000, 3_000, 10_000, 30_000, 100_000, 300_000], format="~s"),
    )
    y = alt.Y(
        "counts_label:N",
        title=None,
        sort=counts,
        axis=alt.Axis(labelLimit=170, grid=True, gridDash=[2, 2]),
    )
    offset = alt.YOffset("claimant_key:N", sort=keys, scale=alt.Scale(paddingOuter=0.3))
    tips = [
        charts.tooltip("exercise", "Exercise"),
        charts.tooltip("claimant", "Who"),
        charts.tooltip("figure", "Figure as stated"),
        charts.tooltip("what_counted", "What it counts"),
        charts.tooltip("low", "Figure, low", unit="people", fmt=",.0f"),
        charts.tooltip("high", "Figure, high", unit="people", fmt=",.0f"),
        charts.tooltip("bound", "Bound"),
        charts.tooltip("ratio", "Multiple of the official total", unit="x", fmt=".2f"),
        charts.tooltip("tier_status", "Source tier"),
        charts.tooltip("date_stated", "Stated"),
        charts.tooltip("source_title", "Source"),
    ]
    base = alt.Chart().encode(y=y, yOffset=offset)
    ranges = (
        base.transform_filter("datum.high > datum.low")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(x=alt.X("low:Q"), x2="high:Q", color=colour, tooltip=tips)
    )
    points = base.mark_point(size=70, filled=True, opacity=0.9, strokeWidth=0).encode(
        x=x, color=colour, shape=tier_shape(), tooltip=tips
    )
    official = (
        alt.Chart()
        .mark_rule(strokeDash=[5, 3], color=charts.MUTED)
        .encode(
            x=alt.X("max(official_total):Q"),
            tooltip=[
                charts.tooltip("max(official_total)", "Official total", unit="people", fmt=",.0f")
            ],
        )
    )
    panel = alt.layer(official, ranges, points).properties(
        width=charts.WIDTH - 110, height=alt.Step(22, **{"for": "position"})
    )
    chart = (
        panel.facet(
            data=data,
            row=alt.Row(
                "exercise:N",
                sort=list(EXERCISES),
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontWeight="bold",
                ),
            ),
        )
        .resolve_scale(y="independent", yOffset="independent")
        .properties(spacing=6)
    )
    f = zapad_findings_from_chart_data(data)
    title = (
        f"Outside figures for Zapad-2017 reached {f['max_ratio']:.0f} times the declared "
        f"{thousands(f['official_2017'])}; for Zapad-2021 Russia itself declared "
        f"{thousands(f['official_2021'])}"
    )
    summary = "; ".join(
        f"{ex}: official total {thousands(g['official_total'].iloc[0])}, figures from "
        f"{thousands(g['low'].min())} to {thousands(g['high'].max())}"
        for ex, g in data.groupby("exercise", sort=True)
    )
    note = (
        "Each row is what a figure counts: 'forces on one front' and 'whole strategic "
        "activity' count more than the exercise itself. Dashed rule: the official total "
        "participants. Bars: a range. Rings: tier C/W sources, unverified"
    )
    if n_zero:
        note += (
            f". {n_zero} official statements of 0 troops left behind cannot be drawn on a log scale"
        )
    return charts.finish(
        chart,
        title=title,
        description=(
            "Dot chart in four panels, one per Zapad exercise (2009, 2013, 2017, 2021), of the "
            "personnel figures stated for it, on a log scale, grouped by what each figure "
            "counts and coloured by who stated it; rings instead of dots mark unverified (tier C or W) "
            f"sources. {summary}."
        ),
        source=curated_source("zapad_claims"),
        note=note,
    )


def zapad_findings_from_chart_data(data: pd.DataFrame) -> dict[str, float]:
    """Title numbers of :func:`zapad_claims_chart`: official totals and the largest
    sourced (tier A/B) Zapad-2017 figure as a multiple of the official total."""
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
    range (low, high, mid), the ratio to the official total and a text label."""
    out = context.copy()
    out["label"] = out["fact_id"].map(MUZHENKO_LABELS)
    out["low"] = out["figure_low"].astype("float64")
    out["high"] = out["figure_high"].astype("float64").fillna(out["low"])
    out["mid"] = out["figure_mid"].astype("float64")
    out["ratio"] = (out["mid"] / out["official_total"]).round(1)
    out["country"] = out["claimant_group"].map(display_name)
    out["text"] = [
        (f"{thousands(lo)}-{thousands(hi)}" if hi > lo else thousands(lo))
        + ("" if r == 1 else f" ({r:.1f}x)")
        for lo, hi, r in zip(out["low"], out["high"], out["ratio"], strict=True)
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


def muzhenko_chart(data: pd.DataFrame) -> alt.VConcatChart:
    """The article's "100,000" in context: the declared total, Muzhenko's south-western
    front figure and his total for all Russian activities (bars, linear scale)."""
    order = list(data["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=300))
    colour = alt.Color(
        "country:N", legend=None, scale=charts.country_scale(sorted(set(data["country"])))
    )
    tips = [
        charts.tooltip("claimant", "Who"),
        charts.tooltip("figure", "Figure as stated"),
        charts.tooltip("what_counted", "What it counts"),
        charts.tooltip("mid", "Figure (midpoint)", unit="people", fmt=",.0f"),
        charts.tooltip("ratio", "Multiple of the declared total", unit="x", fmt=".1f"),
        charts.tooltip("date_stated", "Stated"),
        charts.tooltip("source_title", "Source"),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(height=18).encode(
        x=alt.X(
            "mid:Q",
            title="People",
            axis=alt.Axis(format=",.0f", values=[0, 100_000, 200_000, 300_000]),
            scale=alt.Scale(domain=[0, 300_000]),
        ),
        color=colour,
        tooltip=tips,
    )
    ranges = (
        base.transform_filter("datum.high > datum.low")
        .mark_rule(strokeWidth=2, color="black")
        .encode(x="low:Q", x2="high:Q")
    )
    text = base.mark_text(align="left", dx=6).encode(x="high:Q", text="text:N")
    row = {r.fact_id: r for r in data.itertuples()}
    mz = row["zapad-2017-muzhenko-100000"]
    total = row["zapad-2017-muzhenko-230000-240000"]
    official = row["zapad-2017-tass-12700"]
    return charts.finish(
        alt.layer(bars, ranges, text).properties(width=charts.WIDTH - 60, height=110),
        title=(
            f"The article's '100,000' was Muzhenko's count for one front, {mz.ratio:.1f} times "
            f"the declared {thousands(official.mid)}, out of {thousands(total.low)}-"
            f"{thousands(total.high)} he put in all"
        ),
        description=(
            "Horizontal bars of three Zapad-2017 figures: the declared total of "
            f"{thousands(official.mid)} participants from both states (Russian Ministry of "
            f"Defence); Gen. Muzhenko's about {thousands(mz.mid)} Russian forces on the "
            "south-western strategic direction facing Ukraine (armed forces and other security "
            f"forces), {mz.ratio:.1f} times the declared total; and his {thousands(total.low)} "
            f"to {thousands(total.high)} for all Russian activities around the exercise."
        ),
        source=curated_source("zapad_claims"),
        note=(
            "Muzhenko's 100,000 combined up to 70,000 armed forces and up to 30,000 other "
            "security forces; it counts a front, not the exercise's participants"
        ),
    )


# ----------------------------------------------------------------------------- UN voting


def pair_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``pair_label`` (e.g. "Belarus–Russia") to a frame with a ``pair`` column."""
    unknown = sorted(set(frame["pair"]) - set(PAIRS))
    if unknown:
        raise ValueError(f"no style for pair(s) {unknown}; known: {list(PAIRS)}")
    return frame.assign(pair_label=frame["pair"].map({k: v[0] for k, v in PAIRS.items()}))


def _pair_encodings(pairs: Sequence[str]) -> dict[str, Any]:
    labels = [PAIRS[p][0] for p in PAIRS if p in pairs]
    return {
        "color": alt.Color(
            "pair_label:N",
            title="Pair",
            sort=labels,
            scale=alt.Scale(domain=labels, range=[PAIRS[p][1] for p in PAIRS if p in pairs]),
        ),
        "strokeDash": alt.StrokeDash(
            "pair_label:N",
            title="Pair",
            sort=labels,
            scale=alt.Scale(domain=labels, range=[PAIRS[p][2] for p in PAIRS if p in pairs]),
        ),
    }


def voting_findings(panel: pd.DataFrame, distances: pd.DataFrame) -> dict[str, Any]:
    """Agreement and ideal-point numbers of the chapter.

    ``panel``: :func:`analysis.metrics.votes.agreement_panel` (all issues) with BLR-UKR,
    BLR-RUS; ``distances``: stacked :func:`~analysis.metrics.votes.idealpoint_distance`
    frames. Returns agreement (fractions) for 1992, 2013, 2016, 2017, 2018 and 2019 of both
    pairs (``blr_ukr_2017`` ...), the BLR-UKR low over 1992-2019 (``blr_ukr_min``,
    ``blr_ukr_min_year``) and the ideal-point distances of 2017 and 2019.
    """
    out: dict[str, Any] = {}
    for pair in ("BLR-UKR", "BLR-RUS"):
        rows = panel[(panel["pair"] == pair) & (panel["issue"] == "all")].set_index("year")
        key = pair.lower().replace("-", "_")
        for year in (1992, 2013, 2016, 2017, 2018, 2019):
            out[f"{key}_{year}"] = float(rows.loc[year, "agreement"])
        if pair == "BLR-UKR":
            out["blr_ukr_min"] = float(rows["agreement"].min())
            out["blr_ukr_min_year"] = int(rows["agreement"].idxmin())
            out["blr_ukr_n_2017"] = int(rows.loc[2017, "n_votes"])
    for pair in ("BLR-UKR", "BLR-RUS"):
        rows = distances[distances["pair"] == pair].set_index("year")
        key = pair.lower().replace("-", "_")
        for year in (2013, 2017, 2019):
            out[f"dist_{key}_{year}"] = float(rows.loc[year, "distance"])
    return out


def agreement_chart(panel: pd.DataFrame) -> alt.VConcatChart:
    """Share of identical UNGA votes by year for the pairs of ``panel`` (issue ``"all"``)."""
    data = pair_frame(panel[panel["issue"] == "all"]).assign(share=lambda d: 100 * d["agreement"])
    data = data[["pair", "pair_label", "year", "share", "n_votes", "n_identical"]]
    enc = _pair_encodings(list(data["pair"].unique()))
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=year_x(),
            y=alt.Y(
                "share:Q",
                title="Identical votes (% of roll calls both cast)",
                scale=alt.Scale(domain=[0, 100]),
            ),
            tooltip=[
                charts.tooltip("pair_label", "Pair"),
                charts.tooltip("year", "Year"),
                charts.tooltip("share", "Identical votes", unit="%", fmt=".1f"),
                charts.tooltip("n_identical", "Identical", unit="roll calls"),
                charts.tooltip("n_votes", "Both voted", unit="roll calls"),
            ],
            **enc,
        )
    )
    bu = data[data["pair"] == "BLR-UKR"].set_index("year")["share"]
    br = data[data["pair"] == "BLR-RUS"].set_index("year")["share"]
    first, last = year_span(data)
    return charts.finish(
        alt.layer(_year_rules([2014, 2017]), lines),
        title=(
            f"Belarus voted like Ukraine on {bu[2017]:.0f}% of UN roll calls in 2017, down from "
            f"{bu[first]:.0f}% in {first}; like Russia on {br[2017]:.0f}%"
        ),
        datasets=["unvotes"],
        description=(
            f"Line chart, {first} to {last}, of the share of UN General Assembly roll calls on "
            "which two countries cast the same vote (yes, no or abstain), of those both voted "
            "on. "
            + "; ".join(
                f"{lab}: {g.set_index('year')['share'][first]:.0f}% in {first}, "
                f"{g.set_index('year')['share'][2017]:.0f}% in 2017, "
                f"{g.set_index('year')['share'][last]:.0f}% in {last}"
                for lab, g in data.groupby("pair_label", sort=False)
            )
            + "."
        ),
        note="Every recorded roll call counts, including amendments and separate paragraphs",
    )


#: Periods of :func:`agreement_by_period` (inclusive).
PERIODS: tuple[tuple[int, int], ...] = ((1992, 1999), (2000, 2007), (2008, 2013), (2014, 2019))


def agreement_by_period(
    panel: pd.DataFrame, periods: Sequence[tuple[int, int]] = PERIODS
) -> pd.DataFrame:
    """Pool yearly agreement rows into periods: sum n_identical and n_votes, then divide.

    ``panel`` is :func:`analysis.metrics.votes.agreement_panel` output (any issues).
    Returns pair, issue, period ("1992-1999"), first, last, n_votes, n_identical,
    agreement (fraction), issue_label; years outside every period are dropped.
    """
    from analysis.metrics.votes import ISSUES

    labels = {f"{a}-{b}": (a, b) for a, b in periods}
    which = pd.Series(pd.NA, index=panel.index, dtype="object")
    for label, (a, b) in labels.items():
        which[panel["year"].between(a, b)] = label
    rows = panel.assign(period=which).dropna(subset=["period"])
    out = rows.groupby(["pair", "issue", "period"], as_index=False, sort=True)[
        ["n_votes", "n_identical"]
    ].sum()
    out["agreement"] = out["n_identical"] / out["n_votes"]
    out["first"] = out["period"].map(lambda p: labels[p][0]).astype("int64")
    out["last"] = out["period"].map(lambda p: labels[p][1]).astype("int64")
    out["issue_label"] = out["issue"].map({**ISSUES, "all": "all roll calls"})
    out = out.sort_values(["pair", "issue", "first"], ignore_index=True)
    return out[
        [
            "pair",
            "issue",
            "issue_label",
            "period",
            "first",
            "last",
            "n_votes",
            "n_identical",
            "agreement",
        ]
    ]


def issue_phrase(label: str) -> str:
    """An issue label inside a sentence: lower case except proper adjectives
    (``"Human rights"`` -> ``"human rights"``, ``"Palestinian conflict"`` unchanged)."""
    return label if label.split()[0] in {"Palestinian"} else label[:1].lower() + label[1:]


#: Greys from light (early) to dark (recent) for the periods (no country colour).
PERIOD_COLOURS = ["#D0D0D0", "#A0A0A0", "#6A6A6A", "#111111"]


def issue_agreement_chart(periods: pd.DataFrame) -> alt.VConcatChart:
    """Agreement by issue and period, Belarus with Ukraine and with Russia (dot plot).

    ``periods`` is :func:`agreement_by_period` output for BLR-UKR and BLR-RUS by issue.
    """
    data = pair_frame(periods).assign(share=lambda d: 100 * d["agreement"])
    order = list(dict.fromkeys(data.sort_values("issue")["issue_label"]))
    period_order = list(dict.fromkeys(data.sort_values("first")["period"]))
    base = alt.Chart().encode(
        y=alt.Y("issue_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
    )
    span = base.mark_rule(color="#CCCCCC", strokeWidth=2).encode(
        x="min(share):Q", x2="max(share):Q"
    )
    dots = base.mark_point(filled=True, size=70, opacity=1).encode(
        x=alt.X("share:Q", title="Identical votes (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "period:N",
            title="Period",
            sort=period_order,
            scale=alt.Scale(domain=period_order, range=PERIOD_COLOURS[: len(period_order)]),
        ),
        tooltip=[
            charts.tooltip("pair_label", "Pair"),
            charts.tooltip("issue_label", "Issue"),
            charts.tooltip("period", "Period"),
            charts.tooltip("share", "Identical votes", unit="%", fmt=".1f"),
            charts.tooltip("n_votes", "Both voted", unit="roll calls"),
        ],
    )
    chart = (
        alt.layer(span, dots)
        .properties(width=175, height=alt.Step(24))
        .facet(
            column=alt.Column(
                "pair_label:N",
                title=None,
                sort=[PAIRS[p][0] for p in PAIRS],
                header=alt.Header(labelFontWeight="bold"),
            ),
            data=data,
        )
    )
    bu = data[data["pair"] == "BLR-UKR"]
    last_p = period_order[-1]
    recent = bu[bu["period"] == last_p].set_index("issue_label")["share"]
    low_issue = str(recent.idxmin())
    high_issue = str(recent.idxmax())
    return charts.finish(
        chart,
        title=(
            f"In {last_p} Belarus and Ukraine voted alike least on {issue_phrase(low_issue)} "
            f"({recent[low_issue]:.0f}%), most on the {issue_phrase(high_issue)} ({recent[high_issue]:.0f}%)"
        ),
        datasets=["unvotes"],
        description=(
            "Dot plot in two panels (Belarus with Ukraine, Belarus with Russia): for each of "
            "six issue groups of UN General Assembly roll calls, the share of identical votes "
            f"in the periods {', '.join(period_order)}, darker for later periods. Belarus and "
            f"Ukraine in {last_p}: " + ", ".join(f"{k} {v:.0f}%" for k, v in recent.items()) + "."
        ),
        note=(
            "Issue codes of the unvotes data; a roll call can carry several issues or none. "
            "Votes pooled over each period"
        ),
    )


def idealpoint_chart(distances: pd.DataFrame) -> alt.VConcatChart:
    """Distance between UNGA ideal points (Bailey, Strezhnev & Voeten) by year and pair."""
    data = pair_frame(distances)[
        ["pair", "pair_label", "session", "year", "ideal_point_a", "ideal_point_b", "distance"]
    ]
    enc = _pair_encodings(list(data["pair"].unique()))
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            x=year_x("Year (of the session's start)"),
            y=alt.Y("distance:Q", title="Distance between ideal points"),
            tooltip=[
                charts.tooltip("pair_label", "Pair"),
                charts.tooltip("year", "Year"),
                charts.tooltip("session", "UNGA session"),
                charts.tooltip("distance", "Distance", unit="ideal-point units", fmt=".2f"),
                charts.tooltip("ideal_point_a", "Ideal point, first country", fmt=".2f"),
                charts.tooltip("ideal_point_b", "Ideal point, second country", fmt=".2f"),
            ],
            **enc,
        )
    )
    d = {p: g.set_index("year")["distance"] for p, g in data.groupby("pair")}
    first, last = year_span(data)
    return charts.finish(
        alt.layer(_year_rules([2014, 2017]), lines),
        title=(
            f"Belarus's UN positions sat {d['BLR-UKR'][2017] / d['BLR-RUS'][2017]:.0f} times "
            f"farther from Ukraine's than from Russia's in 2017"
        ),
        datasets=["unga-idealpoints"],
        description=(
            f"Line chart, {first} to {last}, of the absolute distance between the UN General "
            "Assembly ideal points of two countries (one dimension, estimated from all votes "
            "of a session; 0 = same position). In 2017: "
            + ", ".join(f"{PAIRS[p][0]} {d[p][2017]:.2f}" for p in PAIRS if p in d)
            + "."
        ),
        note="Ideal points place each state on one dimension (higher = closer to US positions)",
    )


def conflict_resolution_splits(splits: pd.DataFrame) -> pd.DataFrame:
    """Split votes on resolutions about Ukraine's and Georgia's territorial conflicts.

    ``splits`` is :func:`analysis.metrics.votes.split_votes` output for BLR and UKR with
    ``others=("RUS", "USA")``. Keeps roll calls whose description names the territorial
    integrity of Ukraine, Crimea/Sevastopol, Abkhazia/Tskhinvali or the GUAM area's
    protracted conflicts, and returns date (ISO text), resolution, subject (the
    description up to " : resolution"), and the votes of Belarus, Ukraine, Russia and the
    United States, in date order.
    """
    text = splits["descr"].fillna("") + " " + splits["short"].fillna("")
    rows = splits[text.str.contains(_CONFLICT_RESOLUTION)].copy()
    subject = [
        resolution_title(sh, de) for sh, de in zip(rows["short"], rows["descr"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "date": rows["date"].dt.strftime("%Y-%m-%d"),
            "resolution": rows["unres"].str.replace(r"^(A/RES/|R/)", "", regex=True),
            "subject": subject,
            "Belarus": rows["vote_a"],
            "Ukraine": rows["vote_b"],
            "Russia": rows.get("vote_RUS"),
            "United States": rows.get("vote_USA"),
        }
    )
    return out.reset_index(drop=True)


def resolution_title(short: str | None, descr: str | None) -> str:
    """The title of a resolution from the roll-call ``short`` and ``descr`` fields.

    The unvotes data put the title in either field (the other may hold an agenda code
    such as ``"A/71/251 68c - ..."``): take the text before " : resolution" where there
    is one, else ``descr`` unless it is an agenda code, else ``short``.
    """
    short, descr = (short or "").strip(), (descr or "").strip()
    for text in (descr, short):
        if " : resolution" in text:
            return text.split(" : resolution")[0].strip()
    if descr and not re.match(r"^A/\d+/\d+", descr):
        return descr
    return short


def split_counts(splits: pd.DataFrame) -> pd.DataFrame:
    """Split roll calls per year, and how many of them had Belarus voting as Russia did
    and Ukraine as the United States did (``with_rus_and_usa``)."""
    both = splits["vote_a"].eq(splits.get("vote_RUS")) & splits["vote_b"].eq(splits.get("vote_USA"))
    out = (
        splits.assign(_both=both.fillna(False).astype(bool))
        .groupby("year", as_index=False)
        .agg(n_splits=("rcid", "size"), with_rus_and_usa=("_both", "sum"))
    )
    return out.astype({"year": "int64", "n_splits": "int64", "with_rus_and_usa": "int64"})


def markdown_table(frame: pd.DataFrame, align: Mapping[str, str] | None = None) -> str:
    """A pipe table of ``frame`` (cells as text; ``|`` escaped); ``align`` maps a column
    to ``"right"`` for numbers."""
    align = align or {}

    def cell(value: Any) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            return ""
        return str(value).replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---:" if align.get(c) == "right" else "---" for c in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def list_table(frame: pd.DataFrame, widths: Sequence[int], *, longtable: bool = False) -> str:
    """A MyST ``list-table`` of ``frame`` with relative column ``widths`` (the PDF honours
    them, unlike a pipe table's automatic widths). Empty cells show an en dash.
    ``longtable`` lets the PDF break a long table across pages."""
    if len(widths) != len(frame.columns):
        raise ValueError(f"{len(widths)} widths for {len(frame.columns)} columns")

    def cell(value: Any) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return "\u2013"
        text = " ".join(str(value).split())
        return text or "\u2013"

    lines = ["```{list-table}", ":header-rows: 1", f":widths: {' '.join(map(str, widths))}"]
    lines += [":class: longtable", ""] if longtable else [""]
    for row in [list(frame.columns), *frame.itertuples(index=False)]:
        values = [cell(v) for v in row]
        lines.append(f"* - {values[0]}")
        lines.extend(f"  - {v}" for v in values[1:])
    lines.append("```")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- forces


def sipri_note_sentence(notes: pd.DataFrame, iso3: str, keyword: str = "uncertain") -> str:
    """The sentence of SIPRI's footnote for ``iso3`` that contains ``keyword``.

    ``notes`` is :func:`analysis.inputs.loaders.sipri_milex_notes`. Raises ValueError when no
    footnote sentence of the country contains the keyword.
    """
    for text in notes.loc[notes["iso3"] == iso3, "text"]:
        for sentence in re.split(r"(?<=[.!?])\s+", str(text)):
            if keyword.lower() in sentence.lower():
                return sentence.strip()
    raise ValueError(f"no SIPRI footnote sentence of {iso3!r} contains {keyword!r}")


def _country_lines(
    data: pd.DataFrame, y: alt.Y, tips: list[alt.Tooltip], rules: Sequence[int] = (2014, 2022)
) -> alt.LayerChart | alt.FacetChart:
    lines = country_year_chart(data, y).mark_line()
    points = (
        alt.Chart(data)
        .mark_point(size=28, strokeWidth=1.4)
        .encode(
            x="year:Q",
            y=y,
            color=country_colour(data),
            shape=alt.Shape(
                "status_label:N",
                title="SIPRI status",
                scale=alt.Scale(
                    domain=["SIPRI figure", "SIPRI estimate"], range=["circle", "triangle-up"]
                ),
            ),
            tooltip=tips,
        )
    )
    return alt.layer(_year_rules(rules), lines, points)


STATUS_LABELS = {"ok": "SIPRI figure", "estimate": "SIPRI estimate", "uncertain": "SIPRI estimate"}


def forces_data(panel: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One measure of a :func:`analysis.metrics.milex.milex_panel` (or personnel) panel,
    without missing values, with ``status_label`` (SIPRI figure / estimate)."""
    rows = measure_rows(panel, measure)
    if rows.empty:
        raise ValueError(f"no values for measure {measure!r}")
    rows["status_label"] = rows["status"].map(STATUS_LABELS).fillna("SIPRI figure")
    return rows[["iso3", "country", "year", "measure", "value", "unit", "status", "status_label"]]


def milex_constant_chart(panel: pd.DataFrame, ukraine_note: str | None = None) -> alt.VConcatChart:
    """Military expenditure in constant 2023 US$ (log scale), 2014 and 2022 marked."""
    data = forces_data(panel, "constant_2023_usd_m").assign(bn=lambda d: d["value"] / 1000)
    y = alt.Y(
        "bn:Q",
        title="Military expenditure (US$ bn, constant 2023, log scale)",
        scale=alt.Scale(type="log", domain=[0.3, 200]),
        axis=alt.Axis(values=[0.3, 1, 3, 10, 30, 100]),
    )
    tips = country_year_tooltips(
        charts.tooltip("bn", "Military expenditure", unit="US$ bn, constant 2023", fmt=",.2f"),
        status="status_label",
    )
    v = by_country(data, "bn")
    first, last = year_span(data)
    change = {c: 100 * (s[last] / s[2017] - 1) for c, s in v.items()}
    note = "Triangles: SIPRI estimates"
    if ukraine_note:
        note += f". SIPRI on Ukraine: {ukraine_note}"
    return charts.finish(
        _country_lines(data, y, tips),
        title=(
            f"From 2017 to {last} Belarus's real military spending grew {change['BLR']:.0f}%, "
            f"Russia's {change['RUS']:.0f}%, Ukraine's {change['UKR'] / 100 + 1:.0f}-fold"
        ),
        datasets=["sipri-milex"],
        description=(
            f"Line chart, {first} to {last}, of military expenditure in US$ billion at constant "
            "2023 prices, log scale, for "
            + ", ".join(data["country"].unique())
            + f". In 2017: {values_in(v, 2017, '.2f')}; "
            f"in {last}: {values_in(v, last, '.2f')} (US$ bn)."
        ),
        note=note,
    )


def milex_share_chart(panel: pd.DataFrame) -> alt.VConcatChart:
    """Military expenditure as a share of GDP (log scale), 2014 and 2022 marked."""
    data = forces_data(panel, "share_of_gdp")
    y = alt.Y(
        "value:Q",
        title="Military expenditure (% of GDP, log scale)",
        scale=alt.Scale(type="log", domain=[0.8, 40]),
        axis=alt.Axis(values=[1, 2, 3, 5, 10, 20, 40]),
    )
    tips = country_year_tooltips(
        charts.tooltip("value", "Military expenditure", unit="% of GDP", fmt=".2f"),
        status="status_label",
    )
    v = by_country(data, "value")
    first, last = year_span(data)
    return charts.finish(
        _country_lines(data, y, tips),
        title=(
            f"Belarus spent {v['BLR'][2017]:.1f}% of GDP on defence in 2017 against Ukraine's "
            f"{v['UKR'][2017]:.1f}% and Russia's {v['RUS'][2017]:.1f}%"
        ),
        datasets=["sipri-milex"],
        description=(
            f"Line chart, {first} to {last}, of military expenditure as a share of GDP, log "
            f"scale. In 2013: {values_in(v, 2013, '.1f', '%')}; in 2017: "
            f"{values_in(v, 2017, '.1f', '%')}; in {last}: {values_in(v, last, '.1f', '%')}."
        ),
        note="Triangles: SIPRI estimates",
    )


def personnel_chart(panel: pd.DataFrame) -> alt.VConcatChart:
    """Armed-forces personnel (COW NMC, thousands, log scale), 2014 and 2022 marked."""
    data = panel[panel["value"].notna()].copy()
    data["status_label"] = "COW figure"
    y = alt.Y(
        "value:Q",
        title="Armed forces (thousands, log scale)",
        scale=alt.Scale(type="log", domain=[30, 1500]),
        axis=alt.Axis(values=[30, 50, 100, 200, 500, 1000]),
    )
    tips = country_year_tooltips(
        charts.tooltip("value", "Armed forces", unit="thousands", fmt=",.0f")
    )
    lines = (
        country_year_chart(data, y)
        .mark_line(point=alt.OverlayMarkDef(size=20))
        .encode(tooltip=tips)
    )
    v = by_country(data, "value")
    first, last = year_span(data)
    return charts.finish(
        alt.layer(_year_rules([2014, 2022]), lines),
        title=(
            f"In 2017 Ukraine had {v['UKR'][2017]:.0f} thousand troops, Belarus "
            f"{v['BLR'][2017]:.0f} thousand and Russia {v['RUS'][2017]:.0f} thousand"
        ),
        datasets=["cow-nmc"],
        description=(
            f"Line chart, {first} to {last}, of armed-forces personnel in thousands, log scale. "
            f"In 2017: {values_in(v, 2017, '.0f')}; in {last}: {values_in(v, last, '.0f')}."
        ),
        note="COW rounds to thousands and repeats a figure over years when it has no new one",
    )


def spending_index(panel: pd.DataFrame, base_year: int = 2017) -> pd.DataFrame:
    """Constant-US$ military expenditure as an index, ``base_year`` = 100, per country."""
    data = forces_data(panel, "constant_2023_usd_m")
    base = data[data["year"] == base_year].set_index("iso3")["value"]
    missing = sorted(set(data["iso3"]) - set(base.index))
    if missing:
        raise ValueError(f"no {base_year} value for {missing}")
    data = data[data["year"] >= base_year].copy()
    data["index"] = 100 * data["value"] / data["iso3"].map(base)
    return data.reset_index(drop=True)


def spending_index_chart(index: pd.DataFrame) -> alt.VConcatChart:
    """:func:`spending_index` as lines (log scale), 2022 marked."""
    base_year, last = year_span(index)
    y = alt.Y(
        "index:Q",
        title=f"Real military expenditure ({base_year} = 100, log scale)",
        scale=alt.Scale(type="log", domain=[50, 2000]),
        axis=alt.Axis(values=[50, 100, 200, 500, 1000, 2000]),
    )
    tips = country_year_tooltips(
        charts.tooltip("index", "Index", unit=f"{base_year} = 100", fmt=".0f"),
        charts.tooltip("value", "Military expenditure", unit="US$ m, constant 2023", fmt=",.0f"),
        status="status_label",
    )
    v = by_country(index, "index")
    return charts.finish(
        _country_lines(index, y, tips, rules=[2022]),
        title=(
            f"After 2017 all three spent more: by {last} Belarus's real spending was "
            f"{v['BLR'][last] / 100:.1f} times its {base_year} level, Ukraine's "
            f"{v['UKR'][last] / 100:.0f} times"
        ),
        datasets=["sipri-milex"],
        description=(
            f"Line chart, {base_year} to {last}, of military expenditure at constant 2023 "
            f"prices as an index ({base_year} = 100), log scale. "
            f"In {last}: {values_in(v, last, '.0f')}."
        ),
        note="Triangles: SIPRI estimates. SIPRI treats Ukraine's figures from 2014 on as uncertain",
    )


# ----------------------------------------------------------------------------- events


def events_data(events: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.metrics.events.dyad_events` output with readable labels:
    ``dyad_label`` ("Belarus to Ukraine"), ``event_label`` and ``kind`` (cooperation /
    conflict)."""
    out = events.copy()
    out["dyad_label"] = [
        f"{display_name(s)} to {display_name(t)}"
        for s, t in zip(out["sender_iso3"], out["target_iso3"], strict=True)
    ]
    out["event_label"] = out["event_type"].map({k: v[0] for k, v in EVENT_STYLE.items()})
    out["kind"] = np.where(out["event_type"].str.endswith("Coop"), "cooperation", "conflict")
    return out


def events_findings(events: pd.DataFrame) -> dict[str, Any]:
    """Event numbers of the chapter, from :func:`analysis.metrics.events.dyad_events` output
    covering BLR<->UKR and BLR<->RUS: totals per dyad pair in 2013 and 2014, the peak year
    of Belarus-Ukraine events, the conflict share of Belarus-Ukraine events in 2014 and its
    highest value (year), and the last year of data."""
    ev = events.copy()
    ev["pair"] = np.where(
        ev[["sender_iso3", "target_iso3"]].isin(["UKR"]).any(axis=1), "BLR-UKR", "BLR-RUS"
    )
    ev["conflict"] = ev["event_type"].str.endswith("Conf")
    by = ev.groupby(["pair", "year"]).agg(total=("count", "sum"))
    conf = ev[ev["conflict"]].groupby(["pair", "year"])["count"].sum()
    share = (conf / by["total"]).rename("conflict_share")
    bu = pd.concat([by, share], axis=1).loc["BLR-UKR"]
    br = by.loc["BLR-RUS"]["total"]
    return {
        "blr_ukr_2013": int(bu.loc[2013, "total"]),
        "blr_ukr_2014": int(bu.loc[2014, "total"]),
        "blr_ukr_peak_year": int(bu["total"].idxmax()),
        "blr_ukr_conflict_2014": float(bu.loc[2014, "conflict_share"]),
        "blr_ukr_conflict_max": float(bu["conflict_share"].max()),
        "blr_ukr_conflict_max_year": int(bu["conflict_share"].idxmax()),
        "blr_rus_2014": int(br.loc[2014]),
        "rus_to_ukr_ratio_2014": float(br.loc[2014] / bu.loc[2014, "total"]),
        "last_year": int(ev["year"].max()),
    }


def events_chart(events: pd.DataFrame) -> alt.VConcatChart:
    """Stacked yearly ICEWS event counts by quad class, one panel per directed dyad."""
    data = events_data(events)[["dyad_label", "year", "event_type", "event_label", "kind", "count"]]
    order = [v[0] for v in EVENT_STYLE.values()]
    dyads = list(dict.fromkeys(data["dyad_label"]))
    bars = (
        alt.Chart()
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title="Year",
                axis=alt.Axis(labelAngle=-90, values=list(range(2002, 2015, 2))),
            ),
            y=alt.Y("sum(count):Q", title="Events coded"),
            color=alt.Color(
                "event_label:N",
                title="Event type",
                sort=order,
                scale=alt.Scale(domain=order, range=[v[1] for v in EVENT_STYLE.values()]),
            ),
            order=alt.Order("event_type_order:Q"),
            tooltip=[
                charts.tooltip("dyad_label", "Direction"),
                charts.tooltip("year", "Year"),
                charts.tooltip("event_label", "Event type"),
                charts.tooltip("count", "Events", unit="count"),
            ],
        )
    )
    data = data.assign(
        event_type_order=data["event_type"].map({k: i for i, k in enumerate(EVENT_STYLE)})
    )
    chart = (
        bars.properties(width=200, height=140)
        .facet(
            data=data,
            facet=alt.Facet(
                "dyad_label:N", title=None, sort=dyads, header=alt.Header(labelFontWeight="bold")
            ),
            columns=2,
        )
        .resolve_scale(y="independent")
    )
    f = events_findings(events)
    return charts.finish(
        chart,
        title=(
            f"ICEWS coded mostly cooperation between Belarus and Ukraine; their events peaked "
            f"in {f['blr_ukr_peak_year']}, when the series ends"
        ),
        datasets=["icews-dyadyear"],
        description=(
            "Four panels of stacked bars, 2002 to 2014, of events coded by ICEWS from news "
            "reports with one state as source and the other as target (Belarus to Ukraine, "
            "Ukraine to Belarus, Belarus to Russia, Russia to Belarus), split into verbal and "
            f"material cooperation and conflict. Belarus-Ukraine events in both directions: "
            f"{f['blr_ukr_2013']} in 2013, {f['blr_ukr_2014']} in 2014, of which "
            f"{pct(f['blr_ukr_conflict_2014'])} conflictual. Belarus-Russia: "
            f"{f['blr_rus_2014']} in 2014."
        ),
        note="Each panel has its own scale. ICEWS ends in 2014 here: it cannot show 2016-2017",
    )


def conflict_share_chart(shares: pd.DataFrame) -> alt.VConcatChart:
    """Conflict as a share of all coded events per directed dyad-year (lines).

    ``shares`` is :func:`analysis.metrics.events.cooperation_share` output.
    """
    data = shares.copy()
    data["conflict_pct"] = 100 * (1 - data["cooperation_share"])
    data["partner"] = np.where(
        data[["sender_iso3", "target_iso3"]].isin(["UKR"]).any(axis=1), "UKR", "RUS"
    )
    data["country"] = data["partner"].map(display_name)
    data["direction"] = np.where(data["sender_iso3"] == "BLR", "from Belarus", "to Belarus")
    data["dyad_label"] = [
        f"{display_name(s)} to {display_name(t)}"
        for s, t in zip(data["sender_iso3"], data["target_iso3"], strict=True)
    ]
    data = data[
        [
            "dyad_label",
            "country",
            "direction",
            "year",
            "cooperation",
            "conflict",
            "total",
            "conflict_pct",
        ]
    ]
    lines = (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=16))
        .encode(
            x=year_x(),
            y=alt.Y(
                "conflict_pct:Q",
                title="Conflict events (% of all coded)",
                scale=alt.Scale(domain=[0, 50]),
            ),
            color=charts.country_color(["RUS", "UKR"], title="Partner of Belarus"),
            strokeDash=alt.StrokeDash(
                "direction:N",
                title="Direction",
                scale=alt.Scale(domain=["from Belarus", "to Belarus"], range=[[1, 0], [5, 3]]),
            ),
            detail="dyad_label:N",
            tooltip=[
                charts.tooltip("dyad_label", "Direction"),
                charts.tooltip("year", "Year"),
                charts.tooltip(
                    "conflict_pct", "Conflict events", unit="% of coded events", fmt=".1f"
                ),
                charts.tooltip("conflict", "Conflict events", unit="count"),
                charts.tooltip("total", "All events", unit="count"),
            ],
        )
    )
    bu = data[data["country"] == "Ukraine"]
    top = bu.sort_values(["conflict_pct", "year"], ascending=[False, True]).iloc[0]
    return charts.finish(
        lines,
        title=(
            f"Conflict never made up more than {top.conflict_pct:.0f}% of the Belarus-Ukraine "
            f"events ICEWS coded in a year ({top.dyad_label}, {top.year})"
        ),
        datasets=["icews-dyadyear"],
        description=(
            "Line chart, 2002 to 2014, of verbal and material conflict events as a share of all "
            "events ICEWS coded for four directed pairs: Belarus to and from Ukraine (orange) and "
            f"Russia (blue). The Belarus-Ukraine peak is {top.conflict_pct:.0f}% "
            f"({top.dyad_label}, {top.year})."
        ),
        note="Shares of small counts swing widely: hover for the number of events",
    )


# ----------------------------------------------------------------------------- ties


def trade_series(
    cow: pd.DataFrame, comtrade: pd.DataFrame, statements: pd.DataFrame
) -> pd.DataFrame:
    """Belarus-Ukraine trade on its three bases, in US$ billion, long.

    ``cow`` is :func:`analysis.metrics.trade.bilateral_trade` ("BLR", "UKR"); ``comtrade``
    :func:`~analysis.metrics.trade.comtrade_flows` ("BLR", "UKR"); ``statements`` the
    curated ``trade_belarus_ukraine`` table, of which the turnover rows with Ukraine
    (full year, forecast, target or "current") are kept; partial-year rows, year-on-year
    changes, single flows and the Belarus-Russia context rows are not, nor rows without a
    URL. Columns: year, value_bn, series, basis, period_type, tier_status, label, source.
    """
    parts = []
    c = cow.dropna(subset=["total"])
    parts.append(
        pd.DataFrame(
            {
                "year": c["year"],
                "value_bn": c["total"] / 1000,
                "series": "COW (imports recorded)",
                "basis": "dataset",
                "period_type": "full_year",
                "tier_status": TIER_SOURCED,
                "label": "COW v4.0",
                "source": "cow-trade",
            }
        )
    )
    t = comtrade.dropna(subset=["total"])
    parts.append(
        pd.DataFrame(
            {
                "year": t["year"],
                "value_bn": t["total"] / 1e9,
                "series": "UN Comtrade (exports reported)",
                "basis": "dataset",
                "period_type": "full_year",
                "tier_status": TIER_SOURCED,
                "label": "UN Comtrade",
                "source": "comtrade-4yearly",
            }
        )
    )
    s = statements[
        statements["flow"].isin(["turnover", "turnover target"])
        & statements["partner_iso3"].eq("UKR")
        & statements["period_type"].isin(["full_year", "forecast", "target", "current"])
        & statements["unit"].eq("USD billion")
        & ~statements["url_missing"].astype(bool)
    ]
    ukrainian = s["basis"].fillna("").str.contains("Ukrainian")
    series = np.where(ukrainian, "Ukrainian statements", "Belarusian statements")
    parts.append(
        pd.DataFrame(
            {
                "year": s["year"].astype("int64"),
                "value_bn": s["value"].astype("float64"),
                "series": series,
                "basis": s["basis"],
                "period_type": s["period_type"],
                "tier_status": tier_status(s["flagged"]),
                "label": s["stated_by"].fillna("") + " (" + s["value_text"] + ")",
                "source": "curated:" + s["fact_id"],
            }
        )
    )
    out = pd.concat(parts, ignore_index=True)
    out["value_bn"] = out["value_bn"].round(3)
    return out.astype({"year": "int64"})


TRADE_SERIES_STYLE: dict[str, str] = {
    "COW (imports recorded)": charts.NEUTRAL,
    "UN Comtrade (exports reported)": "#111111",
    "Belarusian statements": charts.PALETTE["BLR"],
    "Ukrainian statements": charts.PALETTE["UKR"],
}


def trade_chart(series: pd.DataFrame) -> alt.VConcatChart:
    """:func:`trade_series` as one chart: the COW line, Comtrade points, and statements
    coloured by whose statistics they quote (forecasts and targets ringed in grey, tier
    C/W rows drawn as rings)."""
    domain = [k for k in TRADE_SERIES_STYLE if k in set(series["series"])]
    colour = alt.Color(
        "series:N", title="Basis", sort=domain, scale=_colour(domain, TRADE_SERIES_STYLE)
    )
    x = year_x(scale=alt.Scale(domain=[1992, 2020], zero=False))
    y = alt.Y("value_bn:Q", title="Trade in goods, both ways (US$ bn, current)")
    tips = [
        charts.tooltip("series", "Basis"),
        charts.tooltip("year", "Year"),
        charts.tooltip("value_bn", "Trade", unit="US$ bn, current", fmt=".2f"),
        charts.tooltip("label", "Figure"),
        charts.tooltip("period_type", "Period"),
        charts.tooltip("tier_status", "Source tier"),
    ]
    cow = series[series["source"] == "cow-trade"]
    line = alt.Chart(cow).mark_line(color=charts.NEUTRAL, strokeWidth=1.5).encode(x=x, y=y)
    points = (
        alt.Chart(series)
        .mark_point(size=60, filled=True, opacity=0.9, strokeWidth=0)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=tier_shape(),
            tooltip=tips,
        )
    )
    ahead = series[series["period_type"].isin(["forecast", "target"])]
    rings = (
        alt.Chart(ahead)
        .mark_point(
            size=300,
            shape="circle",
            filled=False,
            color=charts.MUTED,
            strokeDash=[2, 2],
            strokeWidth=1,
        )
        .encode(x=x, y=y)
    )
    cw = cow.set_index("year")["value_bn"]
    ct = series[series["source"] == "comtrade-4yearly"].set_index("year")["value_bn"]
    st = series[
        series["series"].str.endswith("statements")
        & series["period_type"].eq("full_year")
        & series["tier_status"].eq(TIER_SOURCED)
    ]
    s17 = st[st["year"] == 2017]["value_bn"]
    peak = int(cw.idxmax())
    return charts.finish(
        alt.layer(_year_rules([2014, 2017]), line, points, rings),
        title=(
            f"Belarus-Ukraine trade peaked near ${cw[peak]:.1f} bn in {peak}, fell after 2014, and "
            f"officials of both sides put 2017 at ${s17.min():.1f}-{s17.max():.1f} bn"
        ),
        datasets=["cow-trade", "comtrade-4yearly"],
        source=curated_source("trade_belarus_ukraine"),
        description=(
            "Chart of Belarus-Ukraine trade in goods, both directions, in current US$ billion, "
            f"1992 to 2019, on three bases: Correlates of War (line, to 2014; {cw[peak]:.2f} in "
            f"{peak}, {cw[2014]:.2f} in 2014), UN Comtrade every fourth year ("
            + ", ".join(f"{y}: {v:.2f}" for y, v in ct.items())
            + "), and full-year figures, forecasts and targets stated by Belarusian and "
            "Ukrainian officials to 2019 ("
            + ", ".join(
                f"{r.year}: {r.value_bn:.1f} ({r.series.split()[0]})" for r in st.itertuples()
            )
            + "); forecasts and targets are ringed; rings instead of dots mark unverified sources."
        ),
        note=(
            "The bases differ: COW sums each side's recorded imports, Comtrade each side's "
            "reported exports, and officials quote their own statistics. Grey circles: "
            "forecasts and targets, not outturns. Rings: tier C/W sources, unverified"
        ),
    )


def trade_findings(
    cow: pd.DataFrame, comtrade: pd.DataFrame, shares: pd.DataFrame
) -> dict[str, Any]:
    """Trade numbers: exports of Belarus to Ukraine over its imports from Ukraine (Comtrade
    2016 and COW 2014), Comtrade 2016 flows (US$ bn), and Ukraine's and Russia's share of
    Belarus's trade in 2014 (COW, ``shares`` from :func:`analysis.metrics.trade.partner_shares`)."""
    ct = comtrade.set_index("year")
    cw = cow.set_index("year")
    sh = shares.set_index(["partner_iso3", "year"])["share"]
    return {
        "ct_2016_exports_bn": float(ct.loc[2016, "exports_a_to_b"] / 1e9),
        "ct_2016_imports_bn": float(ct.loc[2016, "exports_b_to_a"] / 1e9),
        "ct_2016_ratio": float(ct.loc[2016, "exports_a_to_b"] / ct.loc[2016, "exports_b_to_a"]),
        "cow_2014_ratio": float(
            cw.loc[2014, "imports_b_from_a"] / cw.loc[2014, "imports_a_from_b"]
        ),
        "cow_peak_bn": float(cw["total"].max() / 1000),
        "cow_peak_year": int(cw["total"].idxmax()),
        "share_ukr_2014": float(sh.loc[("UKR", 2014)]),
        "share_rus_2014": float(sh.loc[("RUS", 2014)]),
    }


def defence_partners(atop: pd.DataFrame, iso3: str, year: int) -> list[str]:
    """ISO3 codes of the states ``iso3`` has a defence pact with in ``year`` (ATOP
    directed dyad-years, ``defense`` obligation), sorted."""
    rows = atop[(atop["iso3_1"] == iso3) & (atop["year"] == year) & atop["defense"].astype(bool)]
    return sorted(str(c) for c in rows["iso3_2"].dropna().unique())


def arms_between(ukr_exports: pd.DataFrame, blr_exports: pd.DataFrame) -> pd.DataFrame:
    """Yearly SIPRI register deliveries Ukraine -> Belarus and Belarus -> Ukraine (TIV m).

    Takes :func:`analysis.metrics.arms.arms_exports_by_recipient` for "UKR" and "BLR"
    (register years only; rows before 1995 are dropped). A direction with no row in a
    register year (the partner never appears) gets 0 with ``no_deliveries`` True.
    Columns: year, direction, supplier_iso3, recipient_iso3, tiv, no_deliveries.
    """
    from analysis.metrics.arms import REGISTER_SOURCE

    frames = []
    for frame, sup, rec in ((ukr_exports, "UKR", "BLR"), (blr_exports, "BLR", "UKR")):
        reg = frame[frame["source"] == REGISTER_SOURCE]
        years = pd.DataFrame({"year": sorted(reg["year"].unique())})
        hit = reg[reg["recipient_iso3"] == rec][["year", "tiv", "no_deliveries"]]
        out = years.merge(hit, on="year", how="left")
        out["no_deliveries"] = out["no_deliveries"].astype("boolean").fillna(True).astype(bool)
        out["tiv"] = out["tiv"].fillna(0.0)
        out["direction"] = f"{display_name(sup)} to {display_name(rec)}"
        out["supplier_iso3"], out["recipient_iso3"] = sup, rec
        frames.append(out)
    out = pd.concat(frames, ignore_index=True).astype({"year": "int64"})
    return out[["year", "direction", "supplier_iso3", "recipient_iso3", "tiv", "no_deliveries"]]


def arms_deals(register: pd.DataFrame, supplier: str, recipient: str) -> pd.DataFrame:
    """Deals of the SIPRI register from ``supplier`` to ``recipient``: one row per deal with
    designation, description, order year, delivery years, numbers delivered, TIV m, status."""
    rows = register[
        (register["supplier_iso3"] == supplier) & (register["recipient_iso3"] == recipient)
    ]
    if rows.empty:
        return pd.DataFrame(
            columns=[
                "designation",
                "description",
                "ordered",
                "delivered",
                "number",
                "tiv",
                "status",
            ]
        )
    out = rows.groupby(["deal_id", "designation", "description", "status"], as_index=False).agg(
        ordered=("order_year", "first"),
        first=("delivery_year", "min"),
        last=("delivery_year", "max"),
        number=("numbers_delivered", "sum"),
        tiv=("tiv_delivery", "sum"),
    )
    out["delivered"] = [
        f"{a}" if a == b else f"{a}-{b}" for a, b in zip(out["first"], out["last"], strict=True)
    ]
    out["number"] = out["number"].astype("int64")
    out["tiv"] = out["tiv"].round(2)
    out = out.sort_values(["first", "deal_id"], ignore_index=True)
    return out[["designation", "description", "ordered", "delivered", "number", "tiv", "status"]]


def arms_chart(flows: pd.DataFrame) -> alt.VConcatChart:
    """:func:`arms_between` as bars per year and direction (Belarus to Ukraine: none)."""
    data = flows.assign(country=flows["supplier_iso3"].map(display_name))
    countries = list(dict.fromkeys(data["supplier_iso3"]))
    bars = (
        alt.Chart(data)
        .mark_bar(width=7)
        .encode(
            x=alt.X(
                "year:Q",
                title="Year of delivery",
                axis=alt.Axis(format="d"),
                scale=alt.Scale(domain=[1994.5, int(data["year"].max()) + 0.5]),
            ),
            y=alt.Y("tiv:Q", title="Deliveries (SIPRI TIV, millions)"),
            color=charts.country_color(countries, title="Supplier"),
            xOffset=alt.XOffset("country:N"),
            tooltip=[
                charts.tooltip("direction", "Direction"),
                charts.tooltip("year", "Year"),
                charts.tooltip("tiv", "Deliveries", unit="TIV m", fmt=".2f"),
            ],
        )
    )
    ub = data[data["supplier_iso3"] == "UKR"]
    bu = data[data["supplier_iso3"] == "BLR"]
    years = ub.loc[ub["tiv"] > 0, "year"].tolist()
    first, last = year_span(data)
    none_text = (
        "Belarus to Ukraine: no delivery in any year"
        if bu["tiv"].sum() == 0
        else f"Belarus to Ukraine: {bu['tiv'].sum():.0f} TIV m"
    )
    label = (
        alt.Chart(alt.Data(values=[{"t": none_text}]))
        .mark_text(x=8, y=8, align="left", baseline="top", color=charts.PALETTE["BLR"], fontSize=11)
        .encode(text="t:N")
    )
    return charts.finish(
        alt.layer(bars, label),
        title=(
            f"SIPRI records Ukrainian arms deliveries to Belarus in {len(years)} years "
            f"({ub['tiv'].sum():.0f} TIV m in all) and none from Belarus to Ukraine, {first}-{last}"
        ),
        datasets=["sipri-arms-register"],
        description=(
            f"Bar chart of SIPRI trend-indicator values of major arms delivered between Ukraine "
            f"and Belarus, {first} to {last}. Ukraine to Belarus: "
            + ", ".join(f"{r.year}: {r.tiv:.2f}" for r in ub[ub["tiv"] > 0].itertuples())
            + f" (TIV m); Belarus to Ukraine: {bu['tiv'].sum():.0f} in every year."
        ),
        note="TIV measures military capability transferred, not price; major weapons only",
    )


#: Who acted, as the incidents timeline groups them.
ACTOR_ROWS = {"BLR": "Belarus", "UKR": "Ukraine", "RUS": "Russia"}
ACTOR_COLOURS = {
    "Belarus": charts.PALETTE["BLR"],
    "Ukraine": charts.PALETTE["UKR"],
    "Russia": charts.PALETTE["RUS"],
    "two or more states": JOINT_COLOUR,
}


def _mid_date(date: str, precision: str) -> pd.Timestamp | None:
    if precision in ("year", "unknown") or not isinstance(date, str) or len(date) < 7:
        return None
    if len(date) == 7:  # month precision: middle of the month
        return pd.Timestamp(f"{date}-15")
    return pd.Timestamp(date)


def incidents_data(incidents: pd.DataFrame) -> pd.DataFrame:
    """Timeline rows of the curated ``belarus_ukraine_incidents_statements`` table.

    Drops rows without a source URL and rows dated only to a year (both counted by
    :func:`incidents_findings`). Month-precision dates sit mid-month. Adds ``who``
    (Belarus, Ukraine, Russia or "two or more states"), ``start``/``end`` (ISO dates;
    ``end`` = ``start`` unless a range), ``tier_status`` and ``date_text``.
    """
    rows = incidents[~incidents["url_missing"].astype(bool)].copy()
    rows["start_ts"] = [
        _mid_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
    ]
    rows = rows[rows["start_ts"].notna()]
    end = pd.to_datetime(rows["date_end"], errors="coerce")
    rows["end_ts"] = end.fillna(rows["start_ts"])
    rows["who"] = [
        ACTOR_ROWS.get(i, "two or more states")
        if isinstance(i, str) and ";" not in i
        else "two or more states"
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
    for who in ("Belarus", "Ukraine", "Russia"):
        out[f"n_sourced_{who.lower()}"] = int((ok["who"] == who).sum())
    return out


#: Order of the statement types in the incidents timeline.
TYPE_ORDER = ["statement", "announcement", "assessment", "claim", "denial", "meeting", "incident"]


def incidents_chart(data: pd.DataFrame) -> alt.VConcatChart:
    """Timeline of :func:`incidents_data`: one row per kind of item, coloured by who acted,
    rings for tier C/W rows, bars for incidents that ran over weeks."""
    who = [w for w in ACTOR_COLOURS if w in set(data["who"])]
    types = [t for t in TYPE_ORDER if t in set(data["type"])] + sorted(
        set(data["type"]) - set(TYPE_ORDER)
    )
    colour = alt.Color(
        "who:N",
        title="Who",
        sort=who,
        scale=_colour(who, ACTOR_COLOURS),
        legend=alt.Legend(symbolOpacity=1, symbolType="circle"),
    )
    y = alt.Y("type:N", title=None, sort=types)
    x = alt.X(
        "start:T",
        title=None,
        axis=alt.Axis(format="%b %Y", tickCount="month", labelAngle=-45),
        scale=alt.Scale(domain=["2017-03-20", "2017-12-10"]),
    )
    tips = [
        charts.tooltip("date_text", "Date"),
        charts.tooltip("actor", "Who"),
        charts.tooltip("type", "Type"),
        charts.tooltip("summary", "What"),
        charts.tooltip("tier_status", "Source tier"),
        charts.tooltip("source_title", "Source"),
    ]
    base = alt.Chart(data).encode(y=y)
    spans = (
        base.transform_filter("datum.end > datum.start")
        .mark_rule(strokeWidth=6, opacity=0.3)
        .encode(x=x, x2="end:T", color=colour, tooltip=tips)
    )
    points = base.mark_point(size=90, filled=True, opacity=0.9, strokeWidth=0).encode(
        x=x,
        color=colour,
        shape=tier_shape(),
        tooltip=tips,
    )
    marks = _date_rules({"2017-09-14": "Zapad-2017"})
    voices = who_spoke(data)
    return charts.finish(
        alt.layer(marks, spans, points).properties(height=alt.Step(30)),
        title=(
            f"In the sourced 2017 record Belarus spoke through its {voices['Belarus']}, Ukraine "
            f"through its {voices['Ukraine']}, Russia through its {voices['Russia']}"
        ),
        source=curated_source("belarus_ukraine_incidents_statements"),
        description=(
            "Timeline, April to November 2017, of diplomatic incidents and of statements by "
            "presidents, defence and foreign ministries about Belarus-Ukraine relations, one row "
            "per kind of item (statement, claim, denial, meeting, incident), coloured by who "
            "acted; rings instead of dots mark unverified sources. "
            + " ".join(
                f"{r.date_text}: {r.actor} ({r.type}): {r.summary}." for r in data.itertuples()
            )
        ),
        note=(
            "Rings: tier C/W sources, unverified. Bars: incidents that ran over weeks. "
            "Rows dated only to a year, or without a source URL, are left out"
        ),
    )


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
    for who in ("Belarus", "Ukraine", "Russia"):
        found = set(ok.loc[ok["who"] == who, "actor"].map(office))
        names = [n for n in order if n in found]
        out[who] = " and ".join(names) if names else "nobody"
    return out


# ----------------------------------------------------------------------------- what happened next

#: Lanes of the after-2017 timeline, by the first part of a curated ``timeline_events``
#: category (before any " / ").
AFTER_LANES: dict[str, str] = {
    "Belarus-Ukraine": "Belarus-Ukraine contacts",
    "Belarus-Ukraine incident": "Belarus-Ukraine incidents",
    "2020 crisis": "Belarus's 2020 crisis",
    "exercise": "Russian forces, integration",
    "force deployment": "Russian forces, integration",
    "nuclear": "Russian forces, integration",
    "Union State": "Russian forces, integration",
    "Wagner": "Russian forces, integration",
    "constitution": "Russian forces, integration",
    "war": "Russia's war on Ukraine",
    "UN": "Russia's war on Ukraine",
}
LANE_ORDER = [
    "Belarus-Ukraine contacts",
    "Belarus-Ukraine incidents",
    "Belarus's 2020 crisis",
    "Russian forces, integration",
    "Russia's war on Ukraine",
]


def lane(category: str) -> str | None:
    """The after-2017 timeline lane of a ``timeline_events`` category (None: not charted)."""
    return AFTER_LANES.get(category.split(" / ")[0].strip())


def after_events(
    timeline: pd.DataFrame, since: str = "2017-10-03", until: str = "2024-12-31"
) -> pd.DataFrame:
    """Sourced (tier A/B, with URL) ``timeline_events`` after the article, with a lane.

    Keeps rows dated to a day or month between ``since`` and ``until`` whose category has
    a lane (:func:`lane`); month dates sit mid-month. Columns: fact_id, date, lane, event,
    actors, category, tier, source_title.
    """
    rows = timeline[
        ~timeline["flagged"].astype(bool) & ~timeline["url_missing"].astype(bool)
    ].copy()
    rows["ts"] = [
        _mid_date(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)
    ]
    rows = rows[rows["ts"].notna()]
    rows = rows[(rows["ts"] >= pd.Timestamp(since)) & (rows["ts"] <= pd.Timestamp(until))]
    rows["lane"] = rows["category"].map(lane)
    rows = rows[rows["lane"].notna()]
    rows["date"] = pd.to_datetime(rows["ts"]).dt.strftime("%Y-%m-%d")
    rows = rows.rename(columns={"source_tier": "tier"})
    cols = ["fact_id", "date", "lane", "event", "actors", "category", "tier", "source_title"]
    return rows.sort_values(["date", "fact_id"])[cols].reset_index(drop=True)


def after_chart(events: pd.DataFrame) -> alt.VConcatChart:
    """Timeline of :func:`after_events`, one row per lane (neutral marks)."""
    lanes = [x for x in LANE_ORDER if x in set(events["lane"])]
    data = events.assign(year=events["date"].str[:4])
    points = (
        alt.Chart(data)
        .mark_point(size=90, filled=True, color=charts.NEUTRAL, opacity=0.85)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                axis=alt.Axis(format="%Y", tickCount="year"),
                scale=alt.Scale(domain=["2017-07-01", "2025-03-01"]),
            ),
            y=alt.Y("lane:N", title=None, sort=lanes, axis=alt.Axis(labelLimit=200)),
            tooltip=[
                charts.tooltip("date", "Date"),
                charts.tooltip("event", "What"),
                charts.tooltip("actors", "Who"),
                charts.tooltip("source_title", "Source"),
            ],
        )
    )
    marks = _date_rules(
        {"2017-10-02": "article", "2018-10-26": "presidents meet, Gomel", "2022-02-24": "invasion"}
    )
    counts = data.groupby("lane").size()
    f = after_findings(events)
    return charts.finish(
        alt.layer(marks, points).properties(height=alt.Step(36)),
        title=(
            f"After the article the presidents met in {f['first_meeting_year']}; from "
            f"{f['first_incident_year_after_2018']} came recalled ambassadors, and in "
            f"{f['war_year']} a war launched partly from Belarus"
        ),
        source=curated_source("timeline_events"),
        description=(
            "Timeline, October 2017 to 2024, of sourced events (tier A or B) in five rows: "
            + ", ".join(f"{k} ({counts.get(k, 0)} events)" for k in lanes)
            + ". "
            + " ".join(f"{r.date}: {r.event}." for r in data.itertuples())
        ),
        note="Only tier A/B rows of the curated timeline; hover for each event and its source",
    )


def after_findings(events: pd.DataFrame) -> dict[str, Any]:
    """Numbers of :func:`after_events`: the year of the first presidential meeting (a
    Belarus-Ukraine contact naming a meeting), the first Belarus-Ukraine incident after
    2018, the year of the invasion (lane "Russia's war on Ukraine", event naming an
    invasion), and event counts per lane (``n_<lane slug>``)."""
    contacts = events[
        (events["lane"] == "Belarus-Ukraine contacts")
        & events["event"].str.contains("meeting", case=False)
    ]
    incidents = events[(events["lane"] == "Belarus-Ukraine incidents") & (events["date"] >= "2019")]
    war = events[
        (events["lane"] == "Russia's war on Ukraine")
        & events["event"].str.contains("invades", case=False)
    ]
    out: dict[str, Any] = {
        "first_meeting_year": int(contacts["date"].min()[:4]),
        "first_meeting_date": str(contacts["date"].min()),
        "first_incident_year_after_2018": int(incidents["date"].min()[:4]),
        "war_year": int(war["date"].min()[:4]),
        "n_events": len(events),
    }
    for name, n in events.groupby("lane").size().items():
        out["n_" + re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")] = int(n)
    return out


# ----------------------------------------------------------------------------- claims

# The claims table itself is :func:`analysis.pages.legacy_common.claims_markdown`.


def verdict_counts(claims: pd.DataFrame) -> dict[str, int]:
    """Claims per verdict (:func:`analysis.inputs.articles.verdict_counts`), plus ``judged`` and
    ``total``."""
    out = articles.verdict_counts(claims)
    out["judged"] = int(claims["verdict"].notna().sum())
    out["total"] = len(claims)
    return out
