"""Page ``confrontation-spiral/what-happened-next``: the record after October 2017.

Did the presidents step in (sourced curated events after the article, in lanes), did the
two governments' UN positions converge (agreement and ideal points to 2019), did the
military balance calm down (real spending indexed to 2017), and the verdicts on the
article's forward-looking claims.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts.lines import by_country, index_lines, values_in, year_span
from analysis.charts.timeline import curated_source, event_timeline
from analysis.config import ARTICLE_YEAR_SPIRAL, TRIANGLE
from analysis.inputs.articles import claims_frame, load_article
from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import load_sipri_milex
from analysis.metrics.milex import REAL_MEASURE, select_milex, spending_index
from analysis.metrics.timeline import first_year, lane_counts, lane_events
from analysis.pages import Section
from analysis.pages.confrontation_spiral import voting_together

#: The article's date, and the end of the record the page reads.
SINCE, UNTIL = "2017-10-03", "2024-12-31"
#: The presidents' meeting in Kyiv before the article (curated, tier B).
KYIV_2017 = "tl-2017-07-21-poroshenko-lukashenka-talks-kyiv"
#: Lanes of the after-2017 timeline, by the first part of a curated ``timeline_events``
#: category (before any " / ").
LANES: dict[str, str] = {
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
CONTACTS, INCIDENTS, WAR = LANE_ORDER[0], LANE_ORDER[1], LANE_ORDER[4]
#: The forward-looking claims judged on this page.
AHEAD = [
    "c-hard-to-reverse",
    "c-third-states-benefit",
    "c-restraint-insufficient",
    "c-presidents-needed",
]


def after_events() -> pd.DataFrame:
    """Sourced curated events after the article, with their lane."""
    return lane_events(load_curated("timeline_events"), LANES, SINCE, UNTIL)


def after_findings(events: pd.DataFrame) -> dict[str, Any]:
    """The first presidential meeting (year and date), the first Belarus-Ukraine incident
    after 2018, the invasion's year, the number of events and the events per lane."""
    meetings = events[
        (events["lane"] == CONTACTS) & events["event"].str.contains("meeting", case=False)
    ]
    out: dict[str, Any] = {
        "first_meeting_year": first_year(events, CONTACTS, "meeting"),
        "first_meeting_date": str(meetings["date"].min()),
        "first_incident_year_after_2018": first_year(events, INCIDENTS, "", since="2019"),
        "war_year": first_year(events, WAR, "invades"),
        "n_events": len(events),
    }
    out.update(lane_counts(events))
    return out


def after() -> Section:
    """The events after the article: numbers and the timeline chart."""
    events = after_events()
    f = after_findings(events)
    later = events[(events["lane"] == INCIDENTS) & (events["date"] >= "2020")]
    lanes = [x for x in LANE_ORDER if x in set(events["lane"])]
    counts = events.groupby("lane").size()
    chart = event_timeline(
        events,
        row="lane",
        rows=lanes,
        marks={
            "2017-10-02": "article",
            "2018-10-26": "presidents meet, Gomel",
            "2019-10-04": "presidents meet, Zhytomyr",
            "2022-02-24": "invasion",
        },
        span=("2017-07-01", "2025-03-01"),
        tick_count="year",
        step=36,
        tooltips=[
            charts.tooltip("date", "Date"),
            charts.tooltip("event", "What"),
            charts.tooltip("actors", "Who"),
            charts.tooltip("source_title", "Source"),
        ],
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
            + " ".join(f"{r.date}: {r.event}." for r in events.itertuples())
        ),
        note=(
            "Only tier A/B rows of the curated timeline; each event and its source are in "
            "the chart's data download"
        ),
    )
    meetings = events[
        (events["lane"] == CONTACTS) & events["event"].str.contains("meet", case=False)
    ]
    before = load_curated("timeline_events").set_index("fact_id").loc[KYIV_2017]
    if before["source_tier"] not in ("A", "B") or str(before["date"]) >= SINCE:
        raise ValueError("the text says the presidents met in Kyiv before the article (A/B)")
    return Section(
        numbers={
            "kyiv_meeting_date": pd.Timestamp(str(before["date"])).strftime("%-d %B %Y"),
            "n_meetings_after": len(meetings),
            "second_meeting_date": pd.Timestamp(str(meetings["date"].iloc[1])).strftime("%-d %B %Y")
            if len(meetings) > 1
            else "none",
            "meeting_date": pd.Timestamp(f["first_meeting_date"]).strftime("%-d %B %Y"),
            "n_after": f["n_events"],
            "n_incidents_after": len(later),
            "n_recalls": int(later["event"].str.contains("recalls", case=False).sum()),
            "n_forces_after": f["n_russian_forces_integration"],
        },
        figures={"after": charts.show(chart, "after")},
        data={"events": events, "findings": f},
    )


def votes() -> Section:
    """UN agreement of Belarus with Ukraine and Russia, 2017-2019, and ideal-point distances."""
    panel = voting_together.panel()
    v = voting_together.findings(panel, voting_together.distances())
    ukr = panel[(panel["pair"] == "BLR-UKR") & (panel["issue"] == "all")].set_index("year")
    n_2019 = int(ukr.loc[2019, "n_votes"])
    # 2019's share against 2016's, in votes: how many more identical votes of 2019's
    # roll calls 2016's share would have meant (the text: "within one vote", no new low)
    gap_votes = n_2019 * float(ukr.loc[2016, "agreement"]) - int(ukr.loc[2019, "n_identical"])
    if not (v["blr_ukr_min_year"] == 2019 and 0 <= gap_votes < 1):
        raise ValueError("the text says 2019 equals 2016 within one vote: rewrite it")
    pct = voting_together.pct
    numbers: dict[str, Any] = {
        key: pct(v[key])
        for key in ("blr_ukr_2016", "blr_ukr_2017", "blr_ukr_2018", "blr_ukr_2019", "blr_rus_2019")
    }
    numbers["n_calls_2019"] = f"{n_2019}"
    numbers["dist_2017"] = f"{v['dist_blr_ukr_2017']:.2f}"
    numbers["dist_2019"] = f"{v['dist_blr_ukr_2019']:.2f}"
    return Section(numbers=numbers)


def spending() -> Section:
    """Real military spending of the triangle indexed to the article's year: numbers, chart."""
    panel = select_milex(load_sipri_milex(), TRIANGLE, [REAL_MEASURE], (ARTICLE_YEAR_SPIRAL, 2024))
    index = spending_index(panel, ARTICLE_YEAR_SPIRAL)
    base_year, last = year_span(index)
    v = by_country(index, "index")
    chart = index_lines(
        index,
        base_year=base_year,
        rules=[2022],
        title=(
            f"After 2017 all three spent more: by {last} Belarus's real spending was "
            f"{v['BLR'][last] / 100:.1f} times its {base_year} level, Ukraine's "
            f"{v['UKR'][last] / 100:.0f} times"
        ),
        description=(
            f"Line chart, {base_year} to {last}, of military expenditure at constant 2023 "
            f"prices as an index ({base_year} = 100), log scale. "
            f"In {last}: {values_in(v, last, '.0f')}."
        ),
        note="SIPRI treats Ukraine's figures from 2014 on as uncertain",
    )
    return Section(
        numbers={
            "idx_last_year": last,
            "idx_blr": f"{v['BLR'][last] / 100:.1f}",
            "idx_rus": f"{v['RUS'][last] / 100:.1f}",
            "idx_ukr": f"{v['UKR'][last] / 100:.0f}",
        },
        figures={"spending-index": charts.show(chart, "spending-index")},
    )


def verdicts() -> Section:
    """The verdicts on the article's forward-looking claims, as paragraphs."""
    claims = claims_frame(load_article("confrontation-spiral"))
    ahead = claims[claims["id"].isin(AHEAD)]
    if len(ahead) != len(AHEAD) or ahead["verdict"].isna().any():
        raise ValueError(f"the page gives a verdict on each of {AHEAD}")
    text = "\n\n".join(
        f"**{' '.join(row.statement.split())}** ({row.kind}): *{row.verdict}*. {row.why.strip()}"
        for row in ahead.itertuples()
    )
    return Section(table=text)
