"""Page ``confrontation-spiral/events``: ICEWS events between Belarus and Ukraine and Russia.

Directed dyad-year event counts (both directions) of Belarus with Ukraine and with
Russia, 2002-2014: totals, the conflict share and its peak, stacked by event class.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis import charts
from analysis.charts.events import conflict_share_lines, event_bars
from analysis.inputs.loaders import load_icews
from analysis.metrics.events import (
    conflict_shares,
    cooperation_share,
    dyad_events,
    labelled_events,
    pair_event_findings,
    peak_conflict,
)
from analysis.pages import Section
from analysis.pages.confrontation_spiral.voting_together import pct

#: The directed dyads of the page (both directions of each are drawn).
DYADS = [("BLR", "UKR"), ("BLR", "RUS")]
#: The ICEWS dataset id (the event frames carry no ``source`` column).
ICEWS = "icews-dyadyear"
#: ICEWS quad classes: label and colour (Paul Tol's muted scheme, no country colour).
EVENT_STYLE: dict[str, tuple[str, str]] = {
    "verbCoop": ("verbal cooperation", "#88CCEE"),
    "matlCoop": ("material cooperation", "#AA4499"),
    "verbConf": ("verbal conflict", "#DDCC77"),
    "matlConf": ("material conflict", "#CC6677"),
}


@cache
def events() -> pd.DataFrame:
    """ICEWS events of :data:`DYADS`, both directions, long."""
    return dyad_events(load_icews(), DYADS, both_directions=True)


def numbers() -> Section:
    """Event totals of 2013 and 2014, the conflict shares, the Russia ratio, the last year."""
    found = pair_event_findings(events())
    return Section(
        numbers={
            "ev_2013": found["blr_ukr_2013"],
            "ev_2014": found["blr_ukr_2014"],
            "ev_conflict_2014": pct(found["blr_ukr_conflict_2014"]),
            "ev_conflict_max": pct(found["blr_ukr_conflict_max"]),
            "ev_conflict_max_year": found["blr_ukr_conflict_max_year"],
            "ev_rus_2014": found["blr_rus_2014"],
            "ev_rus_ratio": f"{found['rus_to_ukr_ratio_2014']:.1f}",
            "ev_last_year": found["last_year"],
        },
        data={"findings": found},
    )


def counts() -> Section:
    """Chart: yearly events by class, one panel per directed dyad."""
    ev = events()
    f = pair_event_findings(ev)
    data = labelled_events(ev, {k: v[0] for k, v in EVENT_STYLE.items()})
    chart = event_bars(
        data,
        colours={label: colour for label, colour in EVENT_STYLE.values()},
        year_ticks=range(2002, 2015, 2),
        datasets=[ICEWS],
        title=(
            f"ICEWS coded mostly cooperation between Belarus and Ukraine; their events peaked "
            f"in {f['blr_ukr_peak_year']}, when the series ends"
        ),
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
    return Section(figures={"events": charts.show(chart, "events")})


def conflict_share() -> Section:
    """Chart: conflict as a share of all coded events per directed dyad and year."""
    data = conflict_shares(cooperation_share(events()))
    top = peak_conflict(data, "Ukraine")
    chart = conflict_share_lines(
        data,
        partners=["RUS", "UKR"],
        directions=["from Belarus", "to Belarus"],
        legend_title="Partner of Belarus",
        datasets=[ICEWS],
        title=(
            f"Conflict never made up more than {top.conflict_pct:.0f}% of the Belarus-Ukraine "
            f"events ICEWS coded in a year ({top.dyad_label}, {top.year})"
        ),
        description=(
            "Line chart, 2002 to 2014, of verbal and material conflict events as a share of all "
            "events ICEWS coded for four directed pairs: Belarus to and from Ukraine (indigo) and "
            f"Russia (blue). The Belarus-Ukraine peak is {top.conflict_pct:.0f}% "
            f"({top.dyad_label}, {top.year})."
        ),
        note=(
            "Shares of small counts swing widely: the number of events behind each point is "
            "in the chart's data download"
        ),
    )
    return Section(figures={"conflict-share": charts.show(chart, "conflict-share")})
