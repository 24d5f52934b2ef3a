"""The UN-vote chart family (:mod:`analysis.charts.votes`) on small frames."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import charts
from analysis.charts.votes import (
    agreement_lines,
    agreement_shares,
    distance_lines,
    issue_dots,
    pair_encodings,
    with_pair_labels,
)

STYLES = {
    "BLR-RUS": ("Belarus–Russia", "#0072B2", [1, 0]),
    "BLR-UKR": ("Belarus–Ukraine", "#332288", [6, 3]),
}


def _panel() -> pd.DataFrame:
    rows = []
    for pair, values in {
        "BLR-UKR": {2016: (25, 12), 2017: (118, 63)},
        "BLR-RUS": {2016: (25, 18), 2017: (120, 85)},
    }.items():
        for year, (n, k) in values.items():
            rows.append(
                {
                    "pair": pair,
                    "year": year,
                    "issue": "all",
                    "n_votes": n,
                    "n_identical": k,
                    "agreement": k / n,
                }
            )
    return pd.DataFrame(rows)


def test_pair_labels_and_encodings() -> None:
    assert with_pair_labels(_panel(), STYLES)["pair_label"].unique().tolist() == [
        "Belarus–Ukraine",
        "Belarus–Russia",
    ]
    with pytest.raises(ValueError, match="no style"):
        with_pair_labels(pd.DataFrame({"pair": ["BLR-POL"]}), STYLES)
    enc = pair_encodings(["BLR-UKR", "BLR-RUS"], STYLES, "Pair")
    # legend order follows the styles, not the order given
    assert enc["color"].to_dict()["scale"]["domain"] == ["Belarus–Russia", "Belarus–Ukraine"]
    assert enc["strokeDash"].to_dict()["scale"]["range"] == [[1, 0], [6, 3]]


def test_agreement_shares_and_lines() -> None:
    shares = agreement_shares(_panel())
    assert shares["share"].tolist() == [48.0, 53.4, 72.0, 70.8]  # 12/25, 63/118, 18/25, 85/120
    chart = agreement_lines(
        _panel(),
        styles=STYLES,
        rules=[2017],
        band=(2016, 2016),
        band_label="plan",
        title="T",
        description="D.",
    )
    spec = chart.to_dict()["vconcat"][0]
    assert len(spec["layer"]) == 3  # band, rules, lines
    meta = charts.show(chart, "agree-test").meta
    assert meta["datasets"] == ["unvotes"]


def test_distance_lines_and_issue_dots() -> None:
    dist = pd.DataFrame(
        {
            "pair": ["BLR-UKR", "BLR-RUS"],
            "session": [72, 72],
            "year": [2017, 2017],
            "ideal_point_a": [0.0, 0.0],
            "ideal_point_b": [1.5, 0.3],
            "distance": [1.5, 0.3],
        }
    )
    meta = charts.show(
        distance_lines(dist, styles=STYLES, title="T", description="D."), "dist-test"
    ).meta
    assert meta["datasets"] == ["unga-idealpoints"]
    periods = pd.DataFrame(
        {
            "pair": ["BLR-UKR", "BLR-UKR"],
            "issue": ["hr", "hr"],
            "issue_label": ["Human rights", "Human rights"],
            "period": ["1992-1999", "2014-2019"],
            "first": [1992, 2014],
            "last": [1999, 2019],
            "n_votes": [10, 10],
            "n_identical": [8, 3],
            "agreement": [0.8, 0.3],
        }
    )
    chart = issue_dots(periods, styles=STYLES, title="T", description="D.")
    facet = chart.to_dict()["vconcat"][0]
    dots = facet["spec"]["layer"][1]["encoding"]
    assert dots["color"]["scale"]["domain"] == ["1992-1999", "2014-2019"]
    assert dots["color"]["scale"]["range"] == ["#D0D0D0", "#A0A0A0"]  # light to dark
