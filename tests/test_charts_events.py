"""The event chart family (:mod:`analysis.charts.events`) on small frames."""

from __future__ import annotations

import pandas as pd

from analysis import charts
from analysis.charts.events import conflict_share_lines, event_bars
from analysis.metrics.events import conflict_shares, cooperation_share, labelled_events


def _events() -> pd.DataFrame:
    rows = []
    for (s, t), values in {("BLR", "UKR"): (90, 0, 5, 5), ("UKR", "BLR"): (100, 0, 0, 0)}.items():
        for event_type, n in zip(
            ["verbCoop", "matlCoop", "verbConf", "matlConf"], values, strict=True
        ):
            rows.append(
                {
                    "dyad": f"{s}->{t}",
                    "sender_iso3": s,
                    "target_iso3": t,
                    "year": 2013,
                    "event_type": event_type,
                    "count": n,
                }
            )
    return pd.DataFrame(rows)


def test_event_bars_stack_in_the_order_given() -> None:
    labels = {"verbCoop": "vc", "matlCoop": "mc", "verbConf": "vf", "matlConf": "mf"}
    colours = {"vc": "#1", "mc": "#2", "vf": "#3", "mf": "#4"}
    chart = event_bars(
        labelled_events(_events(), labels),
        colours=colours,
        title="T",
        description="D.",
        datasets=["icews-dyadyear"],
    )
    spec = chart.to_dict()["vconcat"][0]
    enc = spec["spec"]["encoding"]
    assert enc["color"]["scale"] == {
        "domain": ["vc", "mc", "vf", "mf"],
        "range": ["#1", "#2", "#3", "#4"],
    }
    assert spec["resolve"]["scale"]["y"] == "independent"
    assert charts.show(chart, "ev-test").meta["datasets"] == ["icews-dyadyear"]


def test_conflict_share_lines() -> None:
    data = conflict_shares(cooperation_share(_events()))
    chart = conflict_share_lines(
        data,
        partners=["UKR"],
        directions=["from Belarus", "to Belarus"],
        title="T",
        description="D.",
        datasets=["icews-dyadyear"],
    )
    enc = chart.to_dict()["vconcat"][0]["encoding"]
    assert enc["color"]["scale"]["domain"] == ["Ukraine"]
    assert enc["strokeDash"]["scale"]["range"] == [[1, 0], [5, 3]]
