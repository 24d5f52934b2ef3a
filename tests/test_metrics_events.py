"""Event metrics of the chapters (:mod:`analysis.metrics.events`): labels, pair numbers,
conflict shares, on a small hand-checked frame."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.metrics.events import (
    EVENT_TYPES,
    conflict_shares,
    cooperation_share,
    labelled_events,
    pair_event_findings,
    peak_conflict,
)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    counts = {  # (dyad, year): verbCoop, matlCoop, verbConf, matlConf
        ("BLR", "UKR", 2013): (90, 0, 5, 5),
        ("UKR", "BLR", 2013): (100, 0, 0, 0),
        ("BLR", "UKR", 2014): (300, 20, 40, 40),
        ("UKR", "BLR", 2014): (280, 10, 10, 0),
        ("BLR", "RUS", 2013): (600, 0, 0, 0),
        ("RUS", "BLR", 2013): (600, 0, 0, 0),
        ("BLR", "RUS", 2014): (700, 0, 0, 0),
        ("RUS", "BLR", 2014): (750, 0, 0, 50),
    }
    rows = [
        {
            "dyad": f"{s}->{t}",
            "sender_iso3": s,
            "target_iso3": t,
            "year": y,
            "event_type": e,
            "count": n,
        }
        for (s, t, y), values in counts.items()
        for e, n in zip(EVENT_TYPES, values, strict=True)
    ]
    return pd.DataFrame(rows)


def test_labelled_events(events: pd.DataFrame) -> None:
    data = labelled_events(events, {"verbCoop": "verbal cooperation"})
    assert data["dyad_label"].iloc[0] == "Belarus to Ukraine"
    assert set(data.loc[data["event_type"] == "matlConf", "kind"]) == {"conflict"}
    assert data.loc[data["event_type"] == "verbCoop", "event_label"].iloc[0] == "verbal cooperation"
    assert data["event_type_order"].iloc[:4].tolist() == [0, 1, 2, 3]


def test_pair_event_findings(events: pd.DataFrame) -> None:
    f = pair_event_findings(events)
    # BLR<->UKR 2013: 100 + 100 = 200; 2014: 400 + 300 = 700; conflict 2014: 80 + 10 = 90 / 700
    assert f["blr_ukr_2013"] == 200 and f["blr_ukr_2014"] == 700
    assert f["blr_ukr_peak_year"] == 2014
    assert f["blr_ukr_conflict_2014"] == pytest.approx(90 / 700)
    # 2013 conflict share: 10 / 200 = 0.05 < 90/700 = 0.129
    assert f["blr_ukr_conflict_max_year"] == 2014
    # BLR<->RUS 2014: 700 + 800 = 1500, 1500 / 700 = 2.14
    assert f["blr_rus_2014"] == 1500 and f["rus_to_ukr_ratio_2014"] == pytest.approx(1500 / 700)
    assert f["last_year"] == 2014


def test_conflict_shares_and_peak(events: pd.DataFrame) -> None:
    data = conflict_shares(cooperation_share(events))
    row = data[(data["dyad_label"] == "Belarus to Ukraine") & (data["year"] == 2014)].iloc[0]
    assert row["conflict_pct"] == pytest.approx(20.0)  # 80 / 400
    assert (row["country"], row["direction"]) == ("Ukraine", "from Belarus")
    assert set(data.loc[data["dyad_label"] == "Russia to Belarus", "direction"]) == {"to Belarus"}
    top = peak_conflict(data, "Ukraine")
    assert (top["dyad_label"], top["year"]) == ("Belarus to Ukraine", 2014)
