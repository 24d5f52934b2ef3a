"""Page ``confrontation-spiral/voting-together``: UN General Assembly votes of the triangle.

Agreement (share of identical votes) of Belarus with Ukraine, Russia and the United
States and of Ukraine with Russia, 1992-2019; agreement by issue and period; ideal-point
distances; the roll calls that split Minsk and Kyiv after 2014. Also the voting numbers
of ``what-happened-next`` (:func:`findings`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts.tables import list_table, markdown_table
from analysis.charts.votes import PairStyles, agreement_lines, distance_lines, issue_dots
from analysis.config import POST_SOVIET_START, VOTE_PERIODS
from analysis.inputs.loaders import (
    load_un_roll_call_issues,
    load_un_roll_calls,
    load_un_votes,
    load_unga_idealpoints,
)
from analysis.metrics.votes import (
    agreement_by_period,
    agreement_frame,
    agreement_in,
    conflict_resolution_splits,
    distance_in,
    idealpoint_panel,
    issue_phrase,
    lowest_agreement,
    split_counts,
    split_votes,
)
from analysis.pages import Section

#: Years of the voting record the chapter reads (the unvotes data end in 2019 here).
YEARS: tuple[int, int] = (POST_SOVIET_START, 2019)
#: Marker years: Crimea and Donbas, the article.
RULES = (2014, 2017)
#: The chapter's country pairs, as the text names them.
PAIR_NAMES: dict[str, str] = {
    "BLR-RUS": "Belarus–Russia",
    "BLR-UKR": "Belarus–Ukraine",
    "UKR-RUS": "Ukraine–Russia",
    "BLR-USA": "Belarus–United States",
}
#: Styles of the voting lines: Belarus's pairs are labelled and coloured by the partner
#: (a house colour marks its own country only); the pair without Belarus is grey, dashed.
PAIRS: PairStyles = {
    "BLR-RUS": ("Russia", charts.PALETTE["RUS"], [1, 0]),
    "BLR-UKR": ("Ukraine", charts.PALETTE["UKR"], [1, 0]),
    "UKR-RUS": ("Ukraine and Russia", charts.NEUTRAL, [6, 3]),
    "BLR-USA": ("United States", charts.PALETTE["USA"], [1, 0]),
}
#: The legend title of the voting lines.
LEGEND = "Belarus and"
#: Panels of the issue chart (no colour: periods are greys).
ISSUE_PANELS: PairStyles = {
    p: (PAIR_NAMES[p], charts.NEUTRAL, [1, 0]) for p in ("BLR-UKR", "BLR-RUS")
}
#: Years whose agreement and distance the prose quotes.
AGREEMENT_YEARS = (1992, 2013, 2016, 2017, 2018, 2019)
DISTANCE_YEARS = (2013, 2017, 2019)
#: The window of split roll calls.
SPLIT_YEARS: tuple[int, int] = (2014, 2019)


def pct(value: float, digits: int = 0) -> str:
    """A fraction as a percentage text: ``pct(0.534) == "53%"``."""
    return f"{100 * value:.{digits}f}%"


@cache
def panel() -> pd.DataFrame:
    """Yearly agreement of the chapter's pairs, 1992-2019 (all roll calls)."""
    return agreement_frame(load_un_votes(), load_un_roll_calls(), PAIRS, YEARS)


@cache
def distances() -> pd.DataFrame:
    """Ideal-point distances of the chapter's pairs, 1992-2019."""
    return idealpoint_panel(load_unga_idealpoints(), PAIRS, YEARS)


def findings(agreement: pd.DataFrame, dist: pd.DataFrame) -> dict[str, Any]:
    """Agreement (fractions) of BLR-UKR and BLR-RUS in :data:`AGREEMENT_YEARS`, the
    BLR-UKR low and its year, the joint votes of 2017, and the distances of
    :data:`DISTANCE_YEARS` (keys ``blr_ukr_2017``, ``dist_blr_rus_2017``, ...)."""
    out: dict[str, Any] = {}
    for pair in ("BLR-UKR", "BLR-RUS"):
        out.update(agreement_in(agreement, pair, AGREEMENT_YEARS))
    out["blr_ukr_min"], out["blr_ukr_min_year"] = lowest_agreement(agreement, "BLR-UKR")
    bu = agreement[(agreement["pair"] == "BLR-UKR") & (agreement["issue"] == "all")]
    out["blr_ukr_n_2017"] = int(bu.set_index("year").loc[2017, "n_votes"])
    for pair in ("BLR-UKR", "BLR-RUS"):
        out.update(distance_in(dist, pair, DISTANCE_YEARS))
    return out


def numbers() -> Section:
    """The agreement and ideal-point numbers of the page's prose."""
    found = findings(panel(), distances())
    out: dict[str, Any] = {
        key: pct(found[key])
        for key in (
            "blr_ukr_1992",
            "blr_ukr_2013",
            "blr_ukr_2016",
            "blr_ukr_2017",
            "blr_ukr_2019",
            "blr_rus_2017",
            "blr_rus_2019",
        )
    }
    out["blr_ukr_n_2017"] = found["blr_ukr_n_2017"]
    out["dist_blr_ukr_2017"] = f"{found['dist_blr_ukr_2017']:.2f}"
    out["dist_blr_rus_2017"] = f"{found['dist_blr_rus_2017']:.2f}"
    ratio = found["dist_blr_ukr_2017"] / found["dist_blr_rus_2017"]
    out["dist_ratio_2017"] = f"{ratio:.0f}"
    out["dist_blr_ukr_2013"] = f"{found['dist_blr_ukr_2013']:.2f}"
    return Section(numbers=out, data={"findings": found})


def agreement() -> Section:
    """Chart: share of identical votes per year and pair."""
    data = panel()
    share = data[data["issue"] == "all"].assign(share=lambda d: 100 * d["agreement"])
    by_pair = {p: g.set_index("year")["share"] for p, g in share.groupby("pair", sort=False)}
    bu, br = by_pair["BLR-UKR"], by_pair["BLR-RUS"]
    first, last = int(share["year"].min()), int(share["year"].max())
    chart = agreement_lines(
        data,
        styles=PAIRS,
        legend_title=LEGEND,
        rules=RULES,
        title=(
            f"Belarus voted like Ukraine on {bu[2017]:.0f}% of UN roll calls in 2017, down from "
            f"{bu[first]:.0f}% in {first}; like Russia on {br[2017]:.0f}%"
        ),
        description=(
            f"Line chart, {first} to {last}, of the share of UN General Assembly roll calls on "
            "which two countries cast the same vote (yes, no or abstain), of those both voted "
            "on. "
            + "; ".join(
                f"{PAIR_NAMES[p]}: {s[first]:.0f}% in {first}, {s[2017]:.0f}% in 2017, "
                f"{s[last]:.0f}% in {last}"
                for p, s in by_pair.items()
            )
            + "."
        ),
        note="Every recorded roll call counts, including amendments and separate paragraphs",
    )
    return Section(figures={"agreement": charts.show(chart, "agreement")})


def issues() -> Section:
    """Chart: agreement by issue and period, Belarus with Ukraine and with Russia."""
    by_issue = agreement_frame(
        load_un_votes(),
        load_un_roll_calls(),
        ["BLR-UKR", "BLR-RUS"],
        YEARS,
        issues=load_un_roll_call_issues(),
    )
    periods = agreement_by_period(by_issue, VOTE_PERIODS)
    bu = periods[periods["pair"] == "BLR-UKR"]
    last_p = str(bu.sort_values("first")["period"].iloc[-1])
    recent = 100 * bu[bu["period"] == last_p].set_index("issue_label")["agreement"]
    low, high = str(recent.idxmin()), str(recent.idxmax())
    period_names = list(dict.fromkeys(periods.sort_values("first")["period"]))
    chart = issue_dots(
        periods,
        styles=ISSUE_PANELS,
        title=(
            f"In {last_p} Belarus and Ukraine voted alike least on {issue_phrase(low)} "
            f"({recent[low]:.0f}%), most on the {issue_phrase(high)} ({recent[high]:.0f}%)"
        ),
        description=(
            "Dot plot in two panels (Belarus with Ukraine, Belarus with Russia): for each of "
            "six issue groups of UN General Assembly roll calls, the share of identical votes "
            f"in the periods {', '.join(period_names)}, darker for later periods. Belarus and "
            f"Ukraine in {last_p}: " + ", ".join(f"{k} {v:.0f}%" for k, v in recent.items()) + "."
        ),
        note=(
            "Issue codes of the unvotes data; a roll call can carry several issues or none. "
            "Votes pooled over each period"
        ),
    )
    numbers = {
        "iss_period": last_p,
        "iss_low": issue_phrase(low),
        "iss_low_pct": f"{recent[low]:.0f}%",
        "iss_high": issue_phrase(high),
        "iss_high_pct": f"{recent[high]:.0f}%",
    }
    return Section(
        numbers=numbers,
        figures={"issues": charts.show(chart, "issues")},
        data={"periods": periods},
    )


def idealpoints() -> Section:
    """Chart: ideal-point distance per year and pair."""
    data = distances()
    d = {p: g.set_index("year")["distance"] for p, g in data.groupby("pair")}
    first, last = int(data["year"].min()), int(data["year"].max())
    chart = distance_lines(
        data,
        styles=PAIRS,
        legend_title=LEGEND,
        rules=RULES,
        title=(
            f"Belarus's UN positions sat {d['BLR-UKR'][2017] / d['BLR-RUS'][2017]:.0f} times "
            f"farther from Ukraine's than from Russia's in 2017"
        ),
        description=(
            f"Line chart, {first} to {last}, of the absolute distance between the UN General "
            "Assembly ideal points of two countries (one dimension, estimated from all votes "
            "of a session; 0 = same position). In 2017: "
            + ", ".join(f"{PAIR_NAMES[p]} {d[p][2017]:.2f}" for p in PAIRS if p in d)
            + "."
        ),
        note="Ideal points place each state on one dimension (higher = closer to US positions)",
    )
    return Section(figures={"idealpoints": charts.show(chart, "idealpoints")})


@cache
def _splits() -> pd.DataFrame:
    return split_votes(
        load_un_votes(),
        load_un_roll_calls(),
        "BLR",
        "UKR",
        years=SPLIT_YEARS,
        others=("RUS", "USA"),
    )


def splits() -> Section:
    """The split roll calls on territorial conflicts (a table) and the split counts."""
    rows = _splits()
    conflict = conflict_resolution_splits(rows)
    if conflict.empty or conflict["resolution"].iloc[0] != "68/262":
        raise ValueError("the text says the first split on a territorial conflict is 68/262")
    if not (
        (conflict["Belarus"] == conflict["Russia"]).all() and conflict["Belarus"].eq("no").all()
    ):
        raise ValueError("the text says Belarus voted no, as Russia did, on every one of them")
    counts = split_counts(rows)
    table = list_table(
        conflict.rename(columns={"date": "Date", "resolution": "Resolution", "subject": "Subject"}),
        widths=[13, 9, 42, 9, 9, 9, 9],
    )
    return Section(
        numbers={
            "n_splits": int(counts["n_splits"].sum()),
            "n_splits_rus_usa": int(counts["with_rus_and_usa"].sum()),
            "n_conflict": len(conflict),
        },
        table=table,
        data={"conflict": conflict, "counts": counts},
    )


def split_table() -> Section:
    """Split roll calls per year, and those with Belarus as Russia and Ukraine as the US."""
    counts = split_counts(_splits())
    both = "Belarus as Russia, Ukraine as US"
    table = markdown_table(
        counts.rename(
            columns={"year": "Year", "n_splits": "Split roll calls", "with_rus_and_usa": both}
        ),
        align={"Split roll calls": "right", both: "right"},
    )
    return Section(table=table)
