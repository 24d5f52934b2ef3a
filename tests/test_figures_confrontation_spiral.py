"""Charts and tables of the confrontation-spiral chapter (analysis.pages.legacy_spiral).

Most tests feed small hand-made frames whose expected numbers are worked out in the
comments; a few pin the chapter's headline numbers to the real data, checked by hand
against the raw files and curated tables (noted where they are).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from analysis import charts
from analysis.inputs.articles import claims_frame, load_article
from analysis.metrics.zapad import muzhenko_context, official_vs_claims
from analysis.pages import legacy_spiral as cs
from analysis.pages.legacy_common import claims_markdown

# ----------------------------------------------------------------------------- helpers


def _meta(chart: alt.TopLevelMixin, name: str = "t") -> dict:
    """The house metadata of a finished chart, after rendering its spec with show()."""
    display = charts.show(chart, name)
    return display.meta


def test_small_helpers() -> None:
    assert cs.pct(0.534) == "53%"
    assert cs.pct(0.07337, 1) == "7.3%"
    assert cs.thousands(12700.0) == "12,700"
    assert cs.thousands(230000) == "230,000"
    assert cs.issue_phrase("Human rights") == "human rights"
    assert cs.issue_phrase("Palestinian conflict") == "Palestinian conflict"
    assert "zapad_claims" in cs.curated_source("zapad_claims")
    flagged = pd.Series([True, False], index=[5, 7])
    got = cs.tier_status(flagged)
    assert got.tolist() == [cs.TIER_FLAGGED, cs.TIER_SOURCED] and got.index.tolist() == [5, 7]
    shape = cs.tier_shape().to_dict()
    assert shape["scale"]["domain"] == cs.TIER_DOMAIN
    assert shape["scale"]["range"] == ["circle", cs.RING]


def test_private_chart_helpers() -> None:
    scale = cs._colour(["Russia", "NATO"], cs.CLAIMANT_COLOURS).to_dict()
    assert scale == {"domain": ["Russia", "NATO"], "range": [charts.PALETTE["RUS"], charts.NEUTRAL]}
    rules = cs._year_rules([2014, 2017]).to_dict()
    assert len(rules["layer"]) == 3  # one rule layer, one label per year
    assert [layer["mark"]["y"] for layer in rules["layer"][1:]] == [2, 15]  # labels step down
    dates = cs._date_rules({"2017-09-14": "Zapad-2017"}).to_dict()
    assert dates["layer"][0]["encoding"]["x"] == {"field": "date", "type": "temporal"}
    enc = cs._pair_encodings(["BLR-UKR", "BLR-RUS"])
    # legend order follows PAIRS, not the order given
    assert enc["color"].to_dict()["scale"]["domain"] == ["Belarus–Russia", "Belarus–Ukraine"]
    assert enc["strokeDash"].to_dict()["scale"]["range"] == [[1, 0], [1, 0]]
    data = pd.DataFrame(
        {
            "iso3": ["BLR", "UKR"],
            "country": ["Belarus", "Ukraine"],
            "year": [2017, 2017],
            "value": [1.0, 2.0],
            "status_label": ["SIPRI figure", "SIPRI estimate"],
        }
    )
    lines = cs._country_lines(
        data, alt.Y("value:Q"), [charts.tooltip("value", "Value")], rules=[2014]
    )
    assert len(lines.to_dict()["layer"]) == 3  # year rules, lines, points


def test_mid_date() -> None:
    assert cs._mid_date("2017-04", "month") == pd.Timestamp("2017-04-15")
    assert cs._mid_date("2017-09-30", "day") == pd.Timestamp("2017-09-30")
    assert cs._mid_date("2017", "year") is None
    assert cs._mid_date(None, "unknown") is None  # type: ignore[arg-type]


def test_markdown_table() -> None:
    frame = pd.DataFrame({"A": ["x|y", None], "N": [1.5, np.nan]})
    assert cs.markdown_table(frame, align={"N": "right"}) == (
        "| A | N |\n|---|---:|\n| x\\|y | 1.5 |\n|  |  |"
    )


def test_list_table() -> None:
    frame = pd.DataFrame({"A": ["x\n y", None], "B": ["{doc}`p`", ""]})
    assert cs.list_table(frame, widths=[30, 70]) == (
        "```{list-table}\n:header-rows: 1\n:widths: 30 70\n\n"
        "* - A\n  - B\n* - x y\n  - {doc}`p`\n* - \u2013\n  - \u2013\n```"
    )
    assert ":class: longtable\n\n* - A" in cs.list_table(frame, widths=[30, 70], longtable=True)
    with pytest.raises(ValueError, match="widths"):
        cs.list_table(frame, widths=[100])


# ----------------------------------------------------------------------------- Zapad claims


def _zapad_row(fact_id, exercise, claimant, iso3, role, low, high, counts, tier, **extra):
    row = {
        "fact_id": fact_id,
        "exercise": exercise,
        "year": int(exercise[-4:]),
        "claimant": claimant,
        "claimant_country": None,
        "claimant_iso3": iso3,
        "role": role,
        "figure": f"{low}",
        "qualifier": None,
        "figure_low": low,
        "figure_high": high,
        "unit": "personnel",
        "what_counted": counts,
        "counts": counts,
        "date_stated": "2017-09",
        "date_precision": "month",
        "source_title": f"source of {fact_id}",
        "source_url": "https://example.org/x",
        "quote": None,
        "source_tier": tier,
        "notes": None,
    }
    row.update(extra)
    return row


@pytest.fixture(scope="module")
def zapad() -> pd.DataFrame:
    """Nine hand-made rows shaped like the curated ``zapad_claims`` table."""
    rows = [
        _zapad_row(
            "zapad-2017-tass-12700",
            "Zapad-2017",
            "Russian MoD",
            "RUS",
            "official",
            12700.0,
            12700.0,
            "total_participants",
            "A",
        ),
        _zapad_row(
            "zapad-2017-ru-5500",
            "Zapad-2017",
            "Russian MoD",
            "RUS",
            "official",
            5500.0,
            5500.0,
            "russian_participants",
            "A",
        ),
        _zapad_row(
            "zapad-2017-ru-0",
            "Zapad-2017",
            "Russian MoD",
            "RUS",
            "official",
            0.0,
            0.0,
            "russian_troops_remaining",
            "A",
        ),
        _zapad_row(
            "zapad-2017-muzhenko-100000",
            "Zapad-2017",
            "Gen. Muzhenko",
            "UKR",
            "claim",
            100000.0,
            100000.0,
            "regional_deployment",
            "A",
        ),
        _zapad_row(
            "zapad-2017-muzhenko-230000-240000",
            "Zapad-2017",
            "Gen. Muzhenko",
            "UKR",
            "claim",
            230000.0,
            240000.0,
            "whole_strategic_activity",
            "A",
        ),
        _zapad_row(
            "zapad-2017-pl-100000",
            "Zapad-2017",
            "Polish minister",
            "POL",
            "claim",
            100000.0,
            100000.0,
            "total_participants",
            "B",
        ),
        _zapad_row(
            "zapad-2017-de-100000",
            "Zapad-2017",
            "German minister",
            "DEU",
            "estimate",
            100000.0,
            100000.0,
            "total_participants",
            "C",
        ),
        _zapad_row(
            "zapad-2017-nato",
            "Zapad-2017",
            "NATO Review tally",
            None,
            "estimate",
            60000.0,
            70000.0,
            "russian_participants",
            "B",
        ),
        _zapad_row(
            "zapad-2021-by-200000",
            "Zapad-2021",
            "Belarusian state TV",
            "BLR",
            "official",
            200000.0,
            200000.0,
            "total_participants",
            "A",
        ),
    ]
    frame = pd.DataFrame(rows)
    frame["flagged"] = frame["source_tier"].isin(["C", "W"])
    frame["tier_label"] = frame["source_tier"]
    frame["url_missing"] = False
    return frame


def test_claimant_key() -> None:
    assert cs.claimant_key("UKR") == "Ukraine"
    assert cs.claimant_key("RUS;BLR") == "Russia and Belarus (joint)"
    assert cs.claimant_key("BLR;RUS") == "Russia and Belarus (joint)"
    assert cs.claimant_key("NATO") == "NATO"
    assert cs.claimant_key("analysts") == "analysts"
    assert cs.claimant_key("SWE") == "other (press, observers)"
    assert cs.claimant_key("observers") == "other (press, observers)"
    assert set(cs.CLAIMANT_COLOURS) >= {"Russia", "Ukraine", "Poland", "NATO", "analysts"}


def test_zapad_findings_hand_checked(zapad: pd.DataFrame) -> None:
    found = cs.zapad_findings(official_vs_claims(zapad=zapad))
    assert found["official_2017"] == 12700.0 and found["official_2021"] == 200000.0
    # Largest tier A/B figure: Muzhenko's 230,000-240,000; 240,000 / 12,700 = 18.897...
    assert found["max_2017"] == 240000.0 and found["max_2017_low"] == 230000.0
    assert found["max_2017_ratio"] == pytest.approx(18.8976, abs=1e-4)
    assert found["max_2017_claimant"] == "Gen. Muzhenko"
    # >= 100,000 and sourced: Muzhenko 100k, Muzhenko 230k, Poland 100k (Germany is tier C).
    assert found["n_100k_2017"] == 3
    assert found["n_100k_2017_total"] == 1 and found["n_100k_2017_total_who"] == "Poland"
    assert found["official_russians_2017"] == 5500.0
    assert np.isnan(found["official_belarusians_2017"])
    assert (found["nato_low"], found["nato_high"]) == (60000.0, 70000.0)
    assert found["n_zero"] == 1


def test_zapad_chart_data(zapad: pd.DataFrame) -> None:
    data = cs.zapad_chart_data(official_vs_claims(zapad=zapad))
    assert len(data) == 8  # the 0 is dropped
    assert (data["low"] > 0).all()
    row = data.set_index("fact_id")
    assert row.loc["zapad-2017-nato", "claimant_key"] == "NATO"
    assert row.loc["zapad-2017-de-100000", "tier_status"] == cs.TIER_FLAGGED
    assert row.loc["zapad-2017-pl-100000", "tier_status"] == cs.TIER_SOURCED
    assert row.loc["zapad-2017-pl-100000", "counts_label"] == "all participants"
    assert row.loc["zapad-2017-muzhenko-100000", "ratio"] == pytest.approx(7.87)  # 100000/12700
    assert row.loc["zapad-2017-muzhenko-230000-240000", "high"] == 240000.0
    assert row.loc["zapad-2017-muzhenko-230000-240000", "mid"] == 235000.0
    # Rows ordered by exercise, then by what they count (COUNTS_LABELS order), then figure.
    z17 = data[data["exercise"] == "Zapad-2017"]
    assert z17["counts"].iloc[0] == "total_participants"
    assert data["exercise"].iloc[-1] == "Zapad-2021"


def test_zapad_claims_chart(zapad: pd.DataFrame) -> None:
    data = cs.zapad_chart_data(official_vs_claims(zapad=zapad))
    assert cs.zapad_findings_from_chart_data(data) == {
        "official_2017": 12700.0,
        "official_2021": 200000.0,
        "max_2017": 240000.0,
        "max_ratio": pytest.approx(240000 / 12700),
    }
    meta = _meta(cs.zapad_claims_chart(data, n_zero=1), "zapad")
    assert meta["title"] == (
        "Outside figures for Zapad-2017 reached 19 times the declared 12,700; "
        "for Zapad-2021 Russia itself declared 200,000"
    )
    assert "Zapad-2017: official total 12,700, figures from 5,500 to 240,000" in meta["description"]
    assert any("1 official statements of 0" in line for line in meta["source"])


def test_muzhenko_data_and_chart(zapad: pd.DataFrame) -> None:
    data = cs.muzhenko_data(muzhenko_context(zapad))
    assert data["fact_id"].tolist() == list(cs.MUZHENKO_LABELS)  # sorted by size
    # 100,000 / 12,700 = 7.87 -> 7.9; 235,000 / 12,700 = 18.50 -> 18.5
    assert data["ratio"].tolist() == [1.0, 7.9, 18.5]
    assert data["text"].tolist() == ["12,700", "100,000 (7.9x)", "230,000-240,000 (18.5x)"]
    meta = _meta(cs.muzhenko_chart(data), "muzhenko")
    assert meta["title"].startswith(
        "The article's '100,000' was Muzhenko's count for one front, 7.9 times"
    )
    assert "230,000-240,000" in meta["title"]


# ----------------------------------------------------------------------------- UN voting


def _panel(pair: str, values: dict[int, tuple[int, int]], issue: str = "all") -> pd.DataFrame:
    a, b = pair.split("-")
    return pd.DataFrame(
        [
            {
                "pair": pair,
                "a_iso3": a,
                "b_iso3": b,
                "year": y,
                "issue": issue,
                "n_votes": n,
                "n_identical": k,
                "agreement": k / n,
            }
            for y, (n, k) in values.items()
        ]
    )


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    years = (1992, 2013, 2016, 2017, 2018, 2019)
    ukr = dict(zip(years, [(10, 9), (20, 11), (25, 12), (118, 63), (10, 5), (40, 19)], strict=True))
    rus = dict(zip(years, [(10, 7), (20, 15), (25, 18), (120, 85), (10, 8), (40, 31)], strict=True))
    return pd.concat([_panel("BLR-UKR", ukr), _panel("BLR-RUS", rus)], ignore_index=True)


@pytest.fixture(scope="module")
def distances() -> pd.DataFrame:
    rows = []
    for pair, values in {"BLR-UKR": (1.2, 1.5, 1.4), "BLR-RUS": (0.3, 0.3, 0.35)}.items():
        for year, d in zip((2013, 2017, 2019), values, strict=True):
            a, b = pair.split("-")
            rows.append(
                {
                    "pair": pair,
                    "a_iso3": a,
                    "b_iso3": b,
                    "session": year - 1945,
                    "year": year,
                    "ideal_point_a": 0.0,
                    "ideal_point_b": d,
                    "distance": d,
                }
            )
    return pd.DataFrame(rows)


def test_voting_findings(panel: pd.DataFrame, distances: pd.DataFrame) -> None:
    f = cs.voting_findings(panel, distances)
    assert f["blr_ukr_1992"] == 0.9 and f["blr_ukr_2017"] == pytest.approx(63 / 118)
    assert f["blr_rus_2017"] == pytest.approx(85 / 120)
    # lowest BLR-UKR: 19/40 = 0.475 in 2019 (2016: 12/25 = 0.48)
    assert f["blr_ukr_min"] == 0.475 and f["blr_ukr_min_year"] == 2019
    assert f["blr_ukr_n_2017"] == 118
    assert f["dist_blr_ukr_2017"] == 1.5 and f["dist_blr_rus_2019"] == 0.35


def test_pair_frame_and_agreement_chart(panel: pd.DataFrame) -> None:
    assert cs.pair_frame(panel)["pair_label"].unique().tolist() == [
        "Belarus–Ukraine",
        "Belarus–Russia",
    ]
    with pytest.raises(ValueError, match="no style"):
        cs.pair_frame(pd.DataFrame({"pair": ["BLR-POL"]}))
    meta = _meta(cs.agreement_chart(panel), "agreement")
    # 63/118 = 53.4% -> 53; 9/10 -> 90; 85/120 = 70.8% -> 71
    assert meta["title"] == (
        "Belarus voted like Ukraine on 53% of UN roll calls in 2017, down from 90% in 1992; "
        "like Russia on 71%"
    )
    assert meta["datasets"] == ["unvotes"]


def test_agreement_by_period_pools_counts() -> None:
    rows = _panel("BLR-UKR", {1992: (10, 9), 1995: (10, 7), 2015: (4, 1), 2021: (5, 5)}, issue="hr")
    got = cs.agreement_by_period(rows)
    assert got["period"].tolist() == ["1992-1999", "2014-2019"]  # 2021 is in no period
    assert got["n_votes"].tolist() == [20, 4] and got["n_identical"].tolist() == [16, 1]
    assert got["agreement"].tolist() == [0.8, 0.25]  # 16/20, 1/4
    assert got["issue_label"].tolist() == ["Human rights", "Human rights"]
    assert got[["first", "last"]].iloc[1].tolist() == [2014, 2019]


def test_issue_agreement_chart() -> None:
    rows = pd.concat(
        [
            _panel("BLR-UKR", {2015: (10, 3)}, issue="hr"),
            _panel("BLR-UKR", {2015: (10, 9)}, issue="me"),
            _panel("BLR-RUS", {2015: (10, 8)}, issue="hr"),
            _panel("BLR-RUS", {2015: (10, 9)}, issue="me"),
        ]
    )
    meta = _meta(cs.issue_agreement_chart(cs.agreement_by_period(rows)), "issues")
    assert meta["title"] == (
        "In 2014-2019 Belarus and Ukraine voted alike least on human rights (30%), "
        "most on the Palestinian conflict (90%)"
    )


def test_idealpoint_chart(distances: pd.DataFrame) -> None:
    meta = _meta(cs.idealpoint_chart(distances), "ideal")
    assert (
        meta["title"]
        == "Belarus's UN positions sat 5 times farther from Ukraine's than from Russia's in 2017"
    )
    assert "Belarus–Ukraine 1.50" in meta["description"]


@pytest.fixture(scope="module")
def splits() -> pd.DataFrame:
    rows = [
        (
            1,
            "2014-03-27",
            "R/68/262",
            "ARMED CONFLICTS PREVENTION",
            "Territorial integrity of Ukraine : resolution / adopted by the General Assembly",
            "no",
            "yes",
            "no",
            "yes",
        ),
        (
            2,
            "2014-12-02",
            "R/69/27",
            "",
            "Something else : resolution",
            "yes",
            "abstain",
            "yes",
            "no",
        ),
        (
            3,
            "2017-12-07",
            "A/RES/72/102",
            "Question of Guam : resolution",
            "A/72/251 62 - GUAM QUESTION",
            "yes",
            "no",
            "yes",
            "no",
        ),
        (
            4,
            "2019-12-18",
            "A/RES/74/168",
            "Situation of human rights in the Autonomous Republic of Crimea and the city of Sevastopol, Ukraine",
            "Situation of human rights in the Autonomous Republic of Crimea and the city of Sevastopol, Ukraine",
            "no",
            "yes",
            "no",
            None,
        ),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "rcid",
            "date",
            "unres",
            "short",
            "descr",
            "vote_a",
            "vote_b",
            "vote_RUS",
            "vote_USA",
        ],
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["year"] = frame["date"].dt.year
    return frame


def test_conflict_resolution_splits(splits: pd.DataFrame) -> None:
    got = cs.conflict_resolution_splits(splits)
    assert got["resolution"].tolist() == ["68/262", "74/168"]  # the Guam question is not GUAM
    assert got["subject"].tolist() == [
        "Territorial integrity of Ukraine",
        "Situation of human rights in the Autonomous Republic of Crimea and the city of Sevastopol, Ukraine",
    ]
    assert got[["Belarus", "Ukraine", "Russia"]].iloc[0].tolist() == ["no", "yes", "no"]
    assert got["date"].tolist() == ["2014-03-27", "2019-12-18"]


def test_resolution_title() -> None:
    assert cs.resolution_title("X", "Territorial integrity of Ukraine : resolution / adopted") == (
        "Territorial integrity of Ukraine"
    )
    # title in `short`, agenda code in `descr` (the unvotes layout of 2016-2018)
    assert (
        cs.resolution_title(
            "Status of IDPs from Abkhazia : resolution / adopted",
            "A/71/251 32 - Protracted conflicts in the GUAM area",
        )
        == "Status of IDPs from Abkhazia"
    )
    assert cs.resolution_title(
        "Problem of the militarization", "Problem of the militarization"
    ) == ("Problem of the militarization")
    assert cs.resolution_title("Short title", "A/72/251 62 - GUAM QUESTION") == "Short title"
    assert cs.resolution_title(None, None) == ""


def test_split_counts(splits: pd.DataFrame) -> None:
    got = cs.split_counts(splits)
    assert got["year"].tolist() == [2014, 2017, 2019]
    assert got["n_splits"].tolist() == [2, 1, 1]
    # 2014: rcid 1 (BLR=RUS, UKR=USA) and rcid 2 (BLR=RUS, UKR abstain vs USA no) -> 1
    # 2017: Guam (BLR=RUS yes, UKR=USA no) -> 1; 2019: US absent -> 0
    assert got["with_rus_and_usa"].tolist() == [1, 1, 0]


# ----------------------------------------------------------------------------- forces


@pytest.fixture(scope="module")
def milex_panel() -> pd.DataFrame:
    values = {  # (constant US$ m, % of GDP) in 2013, 2017, 2024
        "BLR": [(700, 1.3), (800, 1.4), (1600, 2.0)],
        "RUS": [(60000, 3.9), (60000, 4.2), (120000, 7.0)],
        "UKR": [(4000, 2.4), (5000, 3.2), (70000, 34.0)],
    }
    rows = []
    for iso3, series in values.items():
        for year, (usd, share) in zip((2013, 2017, 2024), series, strict=True):
            status = "estimate" if iso3 == "UKR" else "ok"
            rows.append(
                {
                    "iso3": iso3,
                    "country": iso3,
                    "year": year,
                    "measure": "constant_2023_usd_m",
                    "value": float(usd),
                    "unit": "US$ m",
                    "status": status,
                    "source": "sipri-milex",
                }
            )
            rows.append(
                {
                    "iso3": iso3,
                    "country": iso3,
                    "year": year,
                    "measure": "share_of_gdp",
                    "value": share,
                    "unit": "%",
                    "status": status,
                    "source": "sipri-milex",
                }
            )
    rows.append(
        {
            "iso3": "BLR",
            "country": "BLR",
            "year": 1992,
            "measure": "share_of_gdp",
            "value": np.nan,
            "unit": "%",
            "status": "missing",
            "source": "sipri-milex",
        }
    )
    return pd.DataFrame(rows)


def test_forces_data(milex_panel: pd.DataFrame) -> None:
    got = cs.forces_data(milex_panel, "share_of_gdp")
    assert len(got) == 9  # the missing 1992 value is dropped
    assert set(got.loc[got["iso3"] == "UKR", "status_label"]) == {"SIPRI estimate"}
    assert set(got.loc[got["iso3"] == "BLR", "status_label"]) == {"SIPRI figure"}
    with pytest.raises(ValueError, match="no values"):
        cs.forces_data(milex_panel, "per_capita_usd")


def test_milex_charts(milex_panel: pd.DataFrame) -> None:
    meta = _meta(cs.milex_constant_chart(milex_panel, ukraine_note="uncertain from 2014"), "m1")
    # 2017 -> 2024: BLR 800 -> 1600 (+100%), RUS +100%, UKR 5000 -> 70000 (14-fold)
    assert meta["title"] == (
        "From 2017 to 2024 Belarus's real military spending grew 100%, Russia's 100%, Ukraine's 14-fold"
    )
    assert any("SIPRI on Ukraine: uncertain from 2014" in line for line in meta["source"])
    meta = _meta(cs.milex_share_chart(milex_panel), "m2")
    assert meta["title"] == (
        "Belarus spent 1.4% of GDP on defence in 2017 against Ukraine's 3.2% and Russia's 4.2%"
    )


def test_spending_index(milex_panel: pd.DataFrame) -> None:
    index = cs.spending_index(milex_panel)
    last = index[index["year"] == 2024].set_index("iso3")["index"]
    assert last.to_dict() == {"BLR": 200.0, "RUS": 200.0, "UKR": 1400.0}
    assert index["year"].min() == 2017  # years before the base are dropped
    meta = _meta(cs.spending_index_chart(index), "idx")
    assert meta["title"] == (
        "After 2017 all three spent more: by 2024 Belarus's real spending was 2.0 times its "
        "2017 level, Ukraine's 14 times"
    )
    with pytest.raises(ValueError, match="no 2030 value"):
        cs.spending_index(milex_panel, base_year=2030)


def test_personnel_chart() -> None:
    rows = [
        {
            "iso3": c,
            "country": c,
            "year": y,
            "measure": "milper",
            "value": v,
            "unit": "thousands",
            "status": "ok",
            "source": "cow-nmc",
        }
        for c, vals in {"BLR": (48, 48), "RUS": (831, 900), "UKR": (204, 688)}.items()
        for y, v in zip((2017, 2022), vals, strict=True)
    ]
    meta = _meta(cs.personnel_chart(pd.DataFrame(rows)), "pers")
    assert (
        meta["title"]
        == "In 2017 Ukraine had 204 thousand troops, Belarus 48 thousand and Russia 831 thousand"
    )


def test_sipri_note_sentence() -> None:
    notes = pd.DataFrame(
        {
            "country": ["Ukraine"],
            "iso3": ["UKR"],
            "marker": ["84"],
            "text": [
                "Ukraine: First. Given the war, the figures should be treated as uncertain. Last."
            ],
        }
    )
    assert (
        cs.sipri_note_sentence(notes, "UKR")
        == "Given the war, the figures should be treated as uncertain."
    )
    with pytest.raises(ValueError):
        cs.sipri_note_sentence(notes, "BLR")


# ----------------------------------------------------------------------------- events


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
    rows = []
    for (s, t, y), values in counts.items():
        for event_type, n in zip(cs.EVENT_STYLE, values, strict=True):
            rows.append(
                {
                    "dyad": f"{s}->{t}",
                    "sender_iso3": s,
                    "target_iso3": t,
                    "year": y,
                    "event_type": event_type,
                    "count": n,
                }
            )
    return pd.DataFrame(rows)


def test_events_data_and_findings(events: pd.DataFrame) -> None:
    data = cs.events_data(events)
    assert data["dyad_label"].iloc[0] == "Belarus to Ukraine"
    assert set(data.loc[data["event_type"] == "matlConf", "kind"]) == {"conflict"}
    assert data.loc[data["event_type"] == "verbCoop", "event_label"].iloc[0] == "verbal cooperation"
    f = cs.events_findings(events)
    # BLR<->UKR 2013: 100 + 100 = 200; 2014: 400 + 300 = 700; conflict 2014: 80 + 10 = 90 / 700
    assert f["blr_ukr_2013"] == 200 and f["blr_ukr_2014"] == 700
    assert f["blr_ukr_peak_year"] == 2014
    assert f["blr_ukr_conflict_2014"] == pytest.approx(90 / 700)
    # 2013 conflict share: 10 / 200 = 0.05 < 90/700 = 0.129
    assert f["blr_ukr_conflict_max_year"] == 2014
    # BLR<->RUS 2014: 700 + 800 = 1500, 1500 / 700 = 2.14
    assert f["blr_rus_2014"] == 1500 and f["rus_to_ukr_ratio_2014"] == pytest.approx(1500 / 700)
    assert f["last_year"] == 2014


def test_events_charts(events: pd.DataFrame) -> None:
    from analysis.metrics.events import cooperation_share

    meta = _meta(cs.events_chart(events), "ev")
    assert meta["title"].endswith("peaked in 2014, when the series ends")
    assert meta["datasets"] == ["icews-dyadyear"]
    meta = _meta(cs.conflict_share_chart(cooperation_share(events)), "cf")
    # Highest directed Belarus-Ukraine conflict share: BLR->UKR 2014, 80/400 = 20%
    assert meta["title"] == (
        "Conflict never made up more than 20% of the Belarus-Ukraine events ICEWS coded in a "
        "year (Belarus to Ukraine, 2014)"
    )


# ----------------------------------------------------------------------------- ties


@pytest.fixture(scope="module")
def trade_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    cow = pd.DataFrame(
        {
            "year": [2012, 2014],
            "a": "BLR",
            "b": "UKR",
            "imports_a_from_b": [2000.0, 1500.0],
            "imports_b_from_a": [5000.0, 3600.0],
            "total": [7000.0, 5100.0],
            "unit": "US$ million, current",
            "source": "cow-trade",
        }
    )
    comtrade = pd.DataFrame(
        {
            "year": [2012, 2016],
            "a": "BLR",
            "b": "UKR",
            "exports_a_to_b": [5e9, 3e9],
            "exports_b_to_a": [2e9, 1e9],
            "total": [7e9, 4e9],
            "status_a_to_b": "reported",
            "status_b_to_a": "reported",
            "unit": "US$, current",
            "source": "comtrade-4yearly",
        }
    )
    base = {
        "year_note": None,
        "qualifier": None,
        "value_note": None,
        "change_pct": np.nan,
        "date_stated": "2018",
        "date_precision": "year",
        "date_note": None,
        "source_title": "t",
        "source_url": "https://example.org",
        "quote": None,
        "notes": None,
        "url_missing": False,
    }
    statements = pd.DataFrame(
        [
            {
                **base,
                "fact_id": "t-2017-by",
                "year": 2017,
                "period_type": "full_year",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "4.6",
                "value": 4.6,
                "unit": "USD billion",
                "basis": "Belarusian data",
                "stated_by": "BY official",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-2017-ua",
                "year": 2017,
                "period_type": "full_year",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "4.5",
                "value": 4.5,
                "unit": "USD billion",
                "basis": "Ukrainian statement",
                "stated_by": "UA official",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-2018-c",
                "year": 2018,
                "period_type": "current",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "~5.5",
                "value": 5.5,
                "unit": "USD billion",
                "basis": "Belarusian statement",
                "stated_by": "BY",
                "source_tier": "C",
                "flagged": True,
            },
            {
                **base,
                "fact_id": "t-2019-target",
                "year": 2019,
                "period_type": "target",
                "flow": "turnover target",
                "partner_iso3": "UKR",
                "value_text": ">=8",
                "value": 8.0,
                "unit": "USD billion",
                "basis": "presidential target",
                "stated_by": "both",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-2013-partial",
                "year": 2013,
                "period_type": "partial_year",
                "flow": "turnover",
                "partner_iso3": "UKR",
                "value_text": "2.3",
                "value": 2.3,
                "unit": "USD billion",
                "basis": "Ukrainian data",
                "stated_by": "UA",
                "source_tier": "B",
                "flagged": False,
            },
            {
                **base,
                "fact_id": "t-ru",
                "year": 2016,
                "period_type": "full_year",
                "flow": "turnover BY-RU (context)",
                "partner_iso3": "RUS",
                "value_text": "26.1",
                "value": 26.1,
                "unit": "USD billion",
                "basis": "Belstat",
                "stated_by": "Belstat",
                "source_tier": "B",
                "flagged": False,
            },
        ]
    )
    return cow, comtrade, statements


def test_trade_series(trade_inputs) -> None:
    cow, comtrade, statements = trade_inputs
    got = cs.trade_series(cow, comtrade, statements)
    assert len(got) == 2 + 2 + 4  # partial-year and Belarus-Russia rows are left out
    by_source = got.set_index("source")
    assert by_source.loc["curated:t-2017-ua", "series"] == "Ukrainian statements"
    assert by_source.loc["curated:t-2017-by", "series"] == "Belarusian statements"
    assert by_source.loc["curated:t-2018-c", "tier_status"] == cs.TIER_FLAGGED
    assert by_source.loc["curated:t-2019-target", "period_type"] == "target"
    cow_rows = got[got["source"] == "cow-trade"]
    assert cow_rows["value_bn"].tolist() == [7.0, 5.1]  # US$ m / 1000
    assert got[got["source"] == "comtrade-4yearly"]["value_bn"].tolist() == [7.0, 4.0]  # US$ / 1e9
    meta = _meta(cs.trade_chart(got), "trade")
    assert meta["title"] == (
        "Belarus-Ukraine trade peaked near $7.0 bn in 2012, fell after 2014, and officials of "
        "both sides put 2017 at $4.5-4.6 bn"
    )
    assert meta["datasets"] == ["cow-trade", "comtrade-4yearly"]


def test_trade_findings(trade_inputs) -> None:
    cow, comtrade, _ = trade_inputs
    shares = pd.DataFrame(
        {"year": [2014, 2014], "partner_iso3": ["RUS", "UKR"], "share": [0.44, 0.07]}
    )
    f = cs.trade_findings(cow, comtrade, shares)
    assert f["ct_2016_exports_bn"] == 3.0 and f["ct_2016_imports_bn"] == 1.0
    assert f["ct_2016_ratio"] == 3.0
    assert f["cow_2014_ratio"] == pytest.approx(3600 / 1500)  # 2.4
    assert (f["cow_peak_bn"], f["cow_peak_year"]) == (7.0, 2012)
    assert (f["share_ukr_2014"], f["share_rus_2014"]) == (0.07, 0.44)


def test_defence_partners() -> None:
    atop = pd.DataFrame(
        {
            "iso3_1": ["BLR", "BLR", "BLR", "UKR"],
            "iso3_2": ["RUS", "ARM", "POL", "USA"],
            "year": [2017, 2017, 2017, 2017],
            "defense": [True, True, False, False],
        }
    )
    assert cs.defence_partners(atop, "BLR", 2017) == ["ARM", "RUS"]
    assert cs.defence_partners(atop, "UKR", 2017) == []
    assert cs.defence_partners(atop, "BLR", 2016) == []


def _partner_frame(recipients: dict[str, dict[int, float]]) -> pd.DataFrame:
    rows = [
        {
            "year": 1994,
            "recipient": "all (TIV table)",
            "recipient_iso3": None,
            "tiv": 5.0,
            "no_deliveries": False,
            "source": "sipri-arms-tiv",
        }
    ]
    for year in (1995, 1996, 1997):
        for iso3, values in recipients.items():
            rows.append(
                {
                    "year": year,
                    "recipient": iso3,
                    "recipient_iso3": iso3,
                    "tiv": values.get(year, 0.0),
                    "no_deliveries": year not in values,
                    "source": "sipri-arms-register",
                }
            )
    return pd.DataFrame(rows)


def test_arms_between_and_chart() -> None:
    ukr = _partner_frame({"BLR": {1996: 5.94}, "IND": {1995: 100.0}})
    blr = _partner_frame({"CHN": {1995: 10.0}})  # Belarus never delivers to Ukraine
    got = cs.arms_between(ukr, blr)
    assert got["year"].tolist() == [1995, 1996, 1997] * 2  # TIV-table year 1994 dropped
    ub = got[got["supplier_iso3"] == "UKR"]
    assert ub["tiv"].tolist() == [0.0, 5.94, 0.0]
    assert ub["no_deliveries"].tolist() == [True, False, True]
    bu = got[got["supplier_iso3"] == "BLR"]
    assert bu["tiv"].tolist() == [0.0, 0.0, 0.0] and bu["no_deliveries"].all()
    assert bu["direction"].iloc[0] == "Belarus to Ukraine"
    meta = _meta(cs.arms_chart(got), "arms")
    assert meta["title"] == (
        "SIPRI records Ukrainian arms deliveries to Belarus in 1 years (6 TIV m in all) and none "
        "from Belarus to Ukraine, 1995-1997"
    )


def test_arms_deals() -> None:
    register = pd.DataFrame(
        {
            "deal_id": [7, 7, 9],
            "supplier_iso3": ["UKR", "UKR", "UKR"],
            "recipient_iso3": ["BLR", "BLR", "BLR"],
            "designation": ["L-39C", "L-39C", "AI-222"],
            "description": ["trainer", "trainer", "turbofan"],
            "status": ["Second hand", "Second hand", "New"],
            "order_year": [2005, 2005, 2012],
            "delivery_year": [2005, 2006, 2015],
            "numbers_delivered": [2.0, 8.0, 8.0],
            "tiv_delivery": [5.94, 23.76, 9.6],
        }
    )
    got = cs.arms_deals(register, "UKR", "BLR")
    assert got["designation"].tolist() == ["L-39C", "AI-222"]
    assert got["delivered"].tolist() == ["2005-2006", "2015"]
    assert got["number"].tolist() == [10, 8]
    assert got["tiv"].tolist() == [29.7, 9.6]  # 5.94 + 23.76
    assert cs.arms_deals(register, "BLR", "UKR").empty


@pytest.fixture(scope="module")
def incidents() -> pd.DataFrame:
    def row(fid, date, precision, actor, iso3, kind, tier, end=None, url="https://example.org"):
        return {
            "fact_id": fid,
            "date": date,
            "date_end": end,
            "date_precision": precision,
            "date_note": None,
            "actor": actor,
            "actor_country": None,
            "actor_iso3": iso3,
            "type": kind,
            "summary": f"summary {fid}",
            "source_title": "t",
            "source_url": url,
            "quote": None,
            "source_tier": tier,
            "notes": None,
            "flagged": tier in ("C", "W"),
            "tier_label": tier,
            "url_missing": url is None,
        }

    return pd.DataFrame(
        [
            row("i1", "2017-04", "month", "Alexander Lukashenko", "BLR", "statement", "B"),
            row(
                "i2",
                "2017-07-21",
                "day",
                "Vladimir Makei, Belarusian Foreign Minister",
                "BLR",
                "statement",
                "B",
            ),
            row(
                "i3",
                "2017-09-29",
                "day",
                "Gen. Viktor Muzhenko (Reuters interview)",
                "UKR",
                "claim",
                "B",
            ),
            row(
                "i4",
                "2017-09-30",
                "day",
                "Maj. Gen. Igor Konashenkov, Russian MoD",
                "RUS",
                "denial",
                "A",
            ),
            row(
                "i5",
                "2017-09-30",
                "day",
                "Col. Vladimir Makarov, Belarusian MoD spokesman",
                "BLR",
                "statement",
                "C",
            ),
            row(
                "i6",
                "2017-08-24",
                "range",
                "Pavlo Hryb case",
                "UKR;BLR;RUS",
                "incident",
                "B",
                end="2017-09-07",
            ),
            row(
                "i7",
                "2017-10",
                "approx",
                "Belarusian Ministry of Defence",
                "BLR",
                "denial",
                "C",
                url=None,
            ),
            row(
                "i8",
                "2017",
                "approx",
                "Andrei Ravkov, Defence Minister of Belarus",
                "BLR",
                "assessment",
                "C",
            ),
        ]
    )


def test_incidents_data(incidents: pd.DataFrame) -> None:
    data = cs.incidents_data(incidents)
    # i7 has no URL and i8 only a year: 6 rows left, in date order
    assert data["fact_id"].tolist() == ["i1", "i2", "i6", "i3", "i4", "i5"]
    row = data.set_index("fact_id")
    assert row.loc["i1", "start"] == "2017-04-15"
    assert (row.loc["i6", "start"], row.loc["i6", "end"]) == ("2017-08-24", "2017-09-07")
    assert row.loc["i6", "who"] == "two or more states" and row.loc["i4", "who"] == "Russia"
    assert row.loc["i6", "date_text"] == "2017-08-24 to 2017-09-07"
    assert row.loc["i5", "tier_status"] == cs.TIER_FLAGGED


def test_incidents_findings_and_offices(incidents: pd.DataFrame) -> None:
    f = cs.incidents_findings(incidents)
    assert f == {
        "n_rows": 8,
        "n_sourced": 5,
        "n_flagged": 3,
        "n_shown": 6,
        "n_left_out": 2,
        "n_no_url": 1,
        "n_sourced_belarus": 2,
        "n_sourced_ukraine": 1,
        "n_sourced_russia": 1,
    }
    assert cs.office("Maj. Gen. Igor Konashenkov, Russian MoD") == "military"
    assert cs.office("Gen. Viktor Muzhenko & Gen. Leszek Surawski") == "military"
    assert cs.office("Petro Poroshenko / Alexander Lukashenko") == "president"
    assert cs.office("Igor Kizim, Ambassador of Ukraine to Belarus") == "foreign minister"
    assert cs.office("Pavlo Hryb case") == "other"
    data = cs.incidents_data(incidents)
    # The flagged Belarusian MoD statement (i5) does not count.
    assert cs.who_spoke(data) == {
        "Belarus": "president and foreign minister",
        "Ukraine": "military",
        "Russia": "military",
    }
    meta = _meta(cs.incidents_chart(data), "inc")
    assert meta["title"] == (
        "In the sourced 2017 record Belarus spoke through its president and foreign minister, "
        "Ukraine through its military, Russia through its military"
    )


# ----------------------------------------------------------------------------- what happened next


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    def row(fid, date, precision, category, event, tier="B", url="https://example.org"):
        return {
            "fact_id": fid,
            "date": date,
            "date_end": None,
            "date_precision": precision,
            "date_note": None,
            "event": event,
            "actors": "x",
            "category": category,
            "source_title": "t",
            "source_url": url,
            "quote": None,
            "source_tier": tier,
            "notes": None,
            "flagged": tier in ("C", "W"),
            "tier_label": tier,
            "url_missing": url is None,
        }

    return pd.DataFrame(
        [
            row("t0", "2017-09-14", "range", "exercise", "Zapad-2017"),  # before the article
            row("t1", "2017-11-21", "day", "Belarus-Ukraine incident", "Ukraine expels a diplomat"),
            row(
                "t2",
                "2018-10-26",
                "day",
                "Belarus-Ukraine",
                "Forum of Regions; Lukashenka-Poroshenko meeting",
            ),
            row(
                "t3",
                "2020-08-17",
                "day",
                "Belarus-Ukraine incident",
                "Ukraine recalls its ambassador",
            ),
            row("t4", "2021-11-04", "day", "Union State / military doctrine", "New doctrine"),
            row("t5", "2022-02-24", "day", "war", "Russia invades Ukraine, including from Belarus"),
            row("t6", "2022-03-02", "day", "UN", "UNGA adopts ES-11/1"),
            row("t7", "2022", "year", "defence spending", "Budget"),  # no lane, only a year
            row(
                "t8",
                "2023-03",
                "month",
                "nuclear",
                "Putin announces nuclear weapons in Belarus",
                tier="C",
            ),
        ]
    )


def test_lane() -> None:
    assert cs.lane("Union State / military doctrine") == "Russian forces, integration"
    assert cs.lane("UN") == "Russia's war on Ukraine"
    assert cs.lane("Belarus-Ukraine / exercise") == "Belarus-Ukraine contacts"
    assert cs.lane("Belarus-Ukraine incident") == "Belarus-Ukraine incidents"
    assert cs.lane("2020 crisis / non-recognition") == "Belarus's 2020 crisis"
    assert cs.lane("defence spending") is None


def test_after_events_findings_and_chart(timeline: pd.DataFrame) -> None:
    got = cs.after_events(timeline)
    # t0 is before the article, t7 has no lane and a year only, t8 is flagged
    assert got["fact_id"].tolist() == ["t1", "t2", "t3", "t4", "t5", "t6"]
    assert got.set_index("fact_id").loc["t4", "lane"] == "Russian forces, integration"
    f = cs.after_findings(got)
    assert f["first_meeting_year"] == 2018 and f["first_meeting_date"] == "2018-10-26"
    assert f["first_incident_year_after_2018"] == 2020 and f["war_year"] == 2022
    assert f["n_events"] == 6 and f["n_belarus_ukraine_incidents"] == 2
    assert f["n_russia_s_war_on_ukraine"] == 2
    meta = _meta(cs.after_chart(got), "after")
    assert meta["title"] == (
        "After the article the presidents met in 2018; from 2020 came recalled ambassadors, "
        "and in 2022 a war launched partly from Belarus"
    )


# ----------------------------------------------------------------------------- claims table


def test_verdict_counts() -> None:
    claims = pd.DataFrame({"verdict": ["supported", None]})
    assert cs.verdict_counts(claims) == {
        "supported": 1,
        "mixed": 0,
        "contradicted": 0,
        "unverifiable": 0,
        "judged": 1,
        "total": 2,
    }


def test_every_claim_of_the_chapter_is_judged_with_evidence() -> None:
    claims = claims_frame(load_article("confrontation-spiral"))
    assert claims["verdict"].notna().all()
    assert claims["why"].str.strip().str.len().gt(40).all()
    testable = claims[~claims["id"].isin(["c-ua-generals-targeted", "c-not-only-russia"])]
    assert testable["evidence"].map(len).gt(0).all()
    # Tier C/W cannot decide: the two observer claims rest on a tier C source only.
    verdicts = claims.set_index("id")["verdict"]
    assert verdicts["c-quasi-open-label"] == verdicts["c-observers-no-assessment"] == "unverifiable"
    assert verdicts["c-nato-view-belarus-army"] == "unverifiable"  # no NATO source (FACTS.md)
    text = claims_markdown(claims, chapter="chapters/confrontation-spiral")
    assert "{doc}`Voting together <voting-together>`" in text
    assert text.count("- **Claim ") == len(claims)  # every claim judged, every reason shown


# ----------------------------------------------------------------------------- real data


def test_headline_numbers_on_the_real_data() -> None:
    """Pinned to data/curated/zapad_claims.csv (rows zapad-2017-tass-12700, -muzhenko-*)."""
    claims = official_vs_claims()
    found = cs.zapad_findings(claims)
    assert found["official_2017"] == 12700.0 and found["official_2021"] == 200000.0
    assert found["n_100k_2017_total_who"] == "Poland"
    context = cs.muzhenko_data(muzhenko_context())
    assert context["ratio"].tolist() == [1.0, 7.9, 18.5]
    assert cs.zapad_chart_data(claims)["low"].gt(0).all()
