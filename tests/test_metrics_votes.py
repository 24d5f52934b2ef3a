"""UN voting metrics: definition on toy data, and values pinned to the raw data.

Pinned counts were checked by hand against the raw ``un_votes.rda`` / ``un_roll_calls.rda``
read directly with pyreadr (ISO2 codes BY, RU, UA, US; calendar year of ``date``), and
ideal points against ``IdealpointestimatesAll_Apr2020.csv``. They reproduce the sanity
values of ``SOURCES.md`` to two decimals.
"""

from __future__ import annotations

import time

import pandas as pd
import pytest

from analysis.inputs.loaders import (
    load_un_roll_call_issues,
    load_un_roll_calls,
    load_un_votes,
    load_unga_idealpoints,
)
from analysis.metrics.votes import (
    AGREEMENT_COLUMNS,
    ISSUES,
    agreement_by_period,
    agreement_frame,
    agreement_in,
    agreement_panel,
    before_after_agreement,
    conflict_resolution_splits,
    distance_in,
    idealpoint_distance,
    idealpoint_panel,
    issue_phrase,
    lowest_agreement,
    pair_key,
    percent,
    pooled_agreement,
    resolution_title,
    split_counts,
    split_votes,
    vote_agreement,
)

# --- toy data: the definition ---------------------------------------------------------

VOTE = pd.CategoricalDtype(["yes", "abstain", "no"])


def _toy() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Five roll calls in two years; C is absent from rc 3, B from rc 5."""
    rows = [
        (1, "AAA", "yes"),
        (1, "BBB", "yes"),
        (1, "CCC", "no"),
        (2, "AAA", "abstain"),
        (2, "BBB", "abstain"),
        (2, "CCC", "yes"),
        (3, "AAA", "no"),
        (3, "BBB", "yes"),
        (4, "AAA", "yes"),
        (4, "BBB", "no"),
        (4, "CCC", "no"),
        (5, "AAA", "yes"),
        (5, "CCC", "yes"),
    ]
    votes = pd.DataFrame(rows, columns=["rcid", "iso3", "vote"]).astype({"vote": VOTE})
    rollcalls = pd.DataFrame(
        {
            "rcid": [1, 2, 3, 4, 5],
            "session": [60, 60, 60, 61, 61],
            "date": pd.to_datetime(
                ["2005-10-01", "2005-12-01", "2006-01-10", "2006-11-01", "2006-12-01"]
            ),
            "year": [2005, 2005, 2006, 2006, 2006],
            "unres": [f"R/60/{i}" for i in range(1, 6)],
            "short": ["s"] * 5,
            "descr": ["d"] * 5,
            "importantvote": [False, True, False, False, False],
        }
    )
    issues = pd.DataFrame(
        {
            "rcid": [1, 1, 3, 4],
            "short_name": ["hr", "me", "hr", "nu"],
            "issue": [
                "Human rights",
                "Palestinian conflict",
                "Human rights",
                "Nuclear weapons and nuclear material",
            ],
        }
    )
    return votes, rollcalls, issues


def test_agreement_definition_on_toy_data() -> None:
    votes, rollcalls, _ = _toy()
    got = vote_agreement(votes, rollcalls, "AAA", "BBB")
    assert list(got.columns) == AGREEMENT_COLUMNS
    # 2005: yes=yes, abstain=abstain -> 2/2; 2006: rc 3 no/yes, rc 4 yes/no, rc 5 B absent.
    assert got[["year", "n_votes", "n_identical"]].values.tolist() == [[2005, 2, 2], [2006, 2, 0]]
    assert got["agreement"].tolist() == [1.0, 0.0]
    assert (got["pair"] == "AAA-BBB").all() and (got["issue"] == "all").all()
    ac = vote_agreement(votes, rollcalls, "AAA", "CCC")  # rc 3 dropped (C absent)
    assert ac[["year", "n_votes", "n_identical"]].values.tolist() == [[2005, 2, 0], [2006, 2, 1]]


def test_agreement_by_session_and_issue_on_toy_data() -> None:
    votes, rollcalls, issues = _toy()
    by_session = vote_agreement(votes, rollcalls, "AAA", "BBB", by="session")
    assert "session" in by_session.columns and "year" not in by_session.columns
    assert by_session[["session", "n_votes", "n_identical"]].values.tolist() == [
        [60, 3, 2],
        [61, 1, 0],
    ]
    by_issue = vote_agreement(votes, rollcalls, "AAA", "BBB", issues=issues)
    # rc 1 counts under hr and me; rc 2 and 5 have no issue and drop out.
    assert by_issue[["year", "issue", "n_votes", "n_identical"]].values.tolist() == [
        [2005, "hr", 1, 1],
        [2005, "me", 1, 1],
        [2006, "hr", 1, 0],
        [2006, "nu", 1, 0],
    ]


def test_agreement_rejects_bad_input() -> None:
    votes, rollcalls, _ = _toy()
    with pytest.raises(ValueError, match="two different"):
        vote_agreement(votes, rollcalls, "AAA", "AAA")
    with pytest.raises(ValueError, match="no UN votes"):
        vote_agreement(votes, rollcalls, "AAA", "XXX")
    with pytest.raises(ValueError, match="by must be"):
        vote_agreement(votes, rollcalls, "AAA", "BBB", by="decade")


def test_split_votes_on_toy_data() -> None:
    votes, rollcalls, _ = _toy()
    got = split_votes(votes, rollcalls, "AAA", "BBB", others=["CCC"])
    assert got["rcid"].tolist() == [3, 4]
    assert got["vote_a"].astype(str).tolist() == ["no", "yes"]
    assert got["vote_b"].astype(str).tolist() == ["yes", "no"]
    assert got["vote_CCC"].isna().tolist() == [True, False]  # C absent from rc 3
    assert split_votes(votes, rollcalls, "AAA", "BBB", years=(2005, 2005)).empty


# --- real data -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def un() -> dict[str, pd.DataFrame]:
    return {
        "votes": load_un_votes(),
        "rollcalls": load_un_roll_calls(),
        "issues": load_un_roll_call_issues(),
        "idealpoints": load_unga_idealpoints(),
    }


# (b, year): (n_votes, n_identical, SOURCES.md value) for Belarus against b.
SOURCES_AGREEMENT = {
    ("RUS", 2012): (89, 70, 0.79),
    ("RUS", 2014): (73, 56, 0.77),
    ("RUS", 2017): (120, 85, 0.71),
    ("UKR", 2012): (88, 54, 0.61),
    ("UKR", 2014): (68, 37, 0.54),
    ("UKR", 2017): (118, 63, 0.53),
    ("USA", 2012): (89, 20, 0.22),
    ("USA", 2014): (74, 12, 0.16),
    ("USA", 2017): (120, 24, 0.20),
}


@pytest.mark.parametrize(("b", "year"), list(SOURCES_AGREEMENT))
def test_agreement_reproduces_sources_md(un: dict[str, pd.DataFrame], b: str, year: int) -> None:
    n_votes, n_identical, published = SOURCES_AGREEMENT[(b, year)]
    got = vote_agreement(un["votes"], un["rollcalls"], "BLR", b).set_index("year").loc[year]
    assert (got["n_votes"], got["n_identical"]) == (n_votes, n_identical)
    assert got["agreement"] == pytest.approx(published, abs=0.005)


def test_agreement_alternatives_do_not_reproduce_sources_md(un: dict[str, pd.DataFrame]) -> None:
    """Why the definition is calendar year with abstentions kept (documented in the module)."""
    sessions = vote_agreement(un["votes"], un["rollcalls"], "BLR", "UKR", by="session")
    s67 = sessions.set_index("session").loc[67]
    assert (s67["n_votes"], s67["n_identical"]) == (84, 54)  # 0.643, not 0.61
    votes = un["votes"][un["votes"]["vote"] != "abstain"]
    no_abstain = vote_agreement(votes, un["rollcalls"], "BLR", "RUS").set_index("year")
    assert no_abstain.loc[2012, "agreement"] == pytest.approx(62 / 66)  # 0.94, not 0.79


def test_agreement_by_issue_pinned(un: dict[str, pd.DataFrame]) -> None:
    got = vote_agreement(un["votes"], un["rollcalls"], "BLR", "RUS", issues=un["issues"])
    y2014 = got[got["year"] == 2014].set_index("issue")
    assert set(y2014.index) == set(ISSUES)
    pinned = {
        "co": (8, 7),
        "di": (22, 13),
        "ec": (10, 9),
        "hr": (15, 13),
        "me": (11, 11),
        "nu": (14, 6),
    }
    assert {k: (r.n_votes, r.n_identical) for k, r in y2014.iterrows()} == pinned


def test_agreement_is_fast(un: dict[str, pd.DataFrame]) -> None:
    start = time.perf_counter()
    got = vote_agreement(un["votes"], un["rollcalls"], "BLR", "RUS")
    elapsed = time.perf_counter() - start
    assert got["year"].min() == 1946 and got["year"].max() == 2020
    assert elapsed < 1.0, f"vote_agreement took {elapsed:.2f} s"


def test_agreement_panel() -> None:
    got = agreement_panel([("BLR", "RUS"), "BLR-UKR"], years=(2012, 2017))
    assert got["pair"].unique().tolist() == ["BLR-RUS", "BLR-UKR"]
    assert got["year"].between(2012, 2017).all() and got.groupby("pair").size().eq(6).all()
    row = got.set_index(["pair", "year"]).loc[("BLR-UKR", 2014)]
    assert (row["n_votes"], row["n_identical"]) == (68, 37)
    by_issue = agreement_panel(["BLR-USA"], years=(2014, 2014), by_issue=True)
    assert sorted(by_issue["issue"]) == sorted(ISSUES)
    with pytest.raises(ValueError, match="two ISO3"):
        agreement_panel(["BLR"])


def test_idealpoint_distance_pinned(un: dict[str, pd.DataFrame]) -> None:
    ip = un["idealpoints"]
    s69 = {
        b: idealpoint_distance(ip, "BLR", b).set_index("session").loc[69]
        for b in ("RUS", "UKR", "USA")
    }
    assert s69["RUS"]["year"] == 2014
    assert s69["RUS"]["ideal_point_a"] == pytest.approx(-0.312056, abs=1e-6)
    assert s69["RUS"]["ideal_point_b"] == pytest.approx(0.070969, abs=1e-6)
    assert s69["UKR"]["ideal_point_b"] == pytest.approx(1.049914, abs=1e-6)
    assert s69["USA"]["ideal_point_b"] == pytest.approx(2.668466, abs=1e-6)
    assert s69["RUS"]["distance"] == pytest.approx(0.383025, abs=1e-6)
    assert s69["USA"]["distance"] == pytest.approx(2.980522, abs=1e-6)
    full = idealpoint_distance(ip, "BLR", "RUS")
    # Sessions 1-74 except 19 (1964, no recorded votes: the Article 19 dispute).
    assert full["session"].tolist() == [s for s in range(1, 75) if s != 19]
    with pytest.raises(ValueError, match="no ideal points"):
        idealpoint_distance(ip, "BLR", "XXX")
    with pytest.raises(ValueError, match="several ideal points"):
        idealpoint_distance(ip, "BLR", "YAR")


def test_split_votes_territorial_integrity_of_ukraine(un: dict[str, pd.DataFrame]) -> None:
    got = split_votes(
        un["votes"], un["rollcalls"], "BLR", "UKR", years=(2014, 2014), others=("RUS", "USA")
    )
    assert len(got) == 68 - 37  # consistent with the 2014 agreement counts
    row = got.set_index("rcid").loc[5309]
    assert row["unres"] == "R/68/262" and row["date"] == pd.Timestamp("2014-03-27")
    assert row["descr"].startswith("Territorial integrity of Ukraine")
    assert (row["vote_a"], row["vote_b"], row["vote_RUS"], row["vote_USA"]) == (
        "no",
        "yes",
        "no",
        "yes",
    )
    assert 5309 not in set(split_votes(un["votes"], un["rollcalls"], "BLR", "RUS")["rcid"])


# --- study helpers: pooled agreement, periods, split votes -----------------------------


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


def test_agreement_in_lowest_and_distance() -> None:
    panel = _panel("BLR-UKR", {2016: (25, 12), 2017: (118, 63), 2019: (40, 19)})
    assert agreement_in(panel, "BLR-UKR", [2017]) == {"blr_ukr_2017": pytest.approx(63 / 118)}
    # lowest: 19/40 = 0.475 in 2019 (2016: 12/25 = 0.48)
    assert lowest_agreement(panel, "BLR-UKR") == (0.475, 2019)
    dist = pd.DataFrame({"pair": ["BLR-RUS"], "year": [2017], "distance": [0.35]})
    assert distance_in(dist, "BLR-RUS", [2017]) == {"dist_blr_rus_2017": 0.35}
    assert pair_key("BLR-UKR") == "blr_ukr" and percent(0.80714) == 80.7


def test_before_after_agreement_pools_windows() -> None:
    panel = pd.concat(
        [
            _panel("BLR-RUS", {2011: (10, 8), 2012: (10, 6), 2013: (20, 10)}),
            _panel("BLR-USA", {2011: (10, 1), 2012: (10, 3), 2013: (20, 2)}),
        ],
        ignore_index=True,
    )
    assert pooled_agreement(panel, "BLR-RUS", (2011, 2012)) == 0.7  # 14 / 20, not a mean
    f = before_after_agreement(panel, (2011, 2012), (2013, 2013))
    assert (f["rus_before"], f["rus_after"], f["rus_2012"]) == (70.0, 50.0, 60.0)
    assert (f["usa_before"], f["usa_after"]) == (20.0, 10.0)
    assert (f["rus_min_after"], f["rus_max_after"]) == (50.0, 50.0)
    assert (f["before"], f["after"], f["last_year"]) == ("2011-12", "2013-13", 2013)


def test_before_after_agreement_real_2012() -> None:
    panel = agreement_panel(["BLR-RUS", "BLR-USA"], years=(1992, 2019))
    f = before_after_agreement(panel, (2009, 2012), (2013, 2019))
    assert f["rus_2012"] == 78.7  # 70 / 89
    assert f["last_year"] == 2019


def test_agreement_frame_matches_panel_and_idealpoint_panel(un: dict[str, pd.DataFrame]) -> None:
    frame = agreement_frame(un["votes"], un["rollcalls"], ["BLR-RUS", ("BLR", "UKR")], (2012, 2014))
    assert frame["pair"].unique().tolist() == ["BLR-RUS", "BLR-UKR"]
    assert frame["year"].between(2012, 2014).all()
    ideal = idealpoint_panel(load_unga_idealpoints(), ["BLR-UKR"], (2017, 2017))
    assert ideal["year"].tolist() == [2017]


def test_agreement_by_period_pools_counts() -> None:
    rows = _panel("BLR-UKR", {1992: (10, 9), 1995: (10, 7), 2015: (4, 1), 2021: (5, 5)}, issue="hr")
    got = agreement_by_period(rows, ((1992, 1999), (2000, 2007), (2008, 2013), (2014, 2019)))
    assert got["period"].tolist() == ["1992-1999", "2014-2019"]  # 2021 is in no period
    assert got["n_votes"].tolist() == [20, 4] and got["n_identical"].tolist() == [16, 1]
    assert got["agreement"].tolist() == [0.8, 0.25]  # 16/20, 1/4
    assert got["issue_label"].tolist() == ["Human rights", "Human rights"]
    assert got[["first", "last"]].iloc[1].tolist() == [2014, 2019]
    assert issue_phrase("Human rights") == "human rights"
    assert issue_phrase("Palestinian conflict") == "Palestinian conflict"


@pytest.fixture(scope="module")
def splits() -> pd.DataFrame:
    crimea = "Situation of human rights in the Autonomous Republic of Crimea and the city of Sevastopol, Ukraine"
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
        (4, "2019-12-18", "A/RES/74/168", crimea, crimea, "no", "yes", "no", None),
    ]
    cols = ["rcid", "date", "unres", "short", "descr", "vote_a", "vote_b", "vote_RUS", "vote_USA"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["year"] = frame["date"].dt.year
    return frame


def test_conflict_resolution_splits(splits: pd.DataFrame) -> None:
    got = conflict_resolution_splits(splits)
    assert got["resolution"].tolist() == ["68/262", "74/168"]  # the Guam question is not GUAM
    assert got["subject"].iloc[0] == "Territorial integrity of Ukraine"
    assert got[["Belarus", "Ukraine", "Russia"]].iloc[0].tolist() == ["no", "yes", "no"]
    assert got["date"].tolist() == ["2014-03-27", "2019-12-18"]


def test_resolution_title() -> None:
    assert resolution_title("X", "Territorial integrity of Ukraine : resolution / adopted") == (
        "Territorial integrity of Ukraine"
    )
    # title in `short`, agenda code in `descr` (the unvotes layout of 2016-2018)
    assert (
        resolution_title(
            "Status of IDPs from Abkhazia : resolution / adopted",
            "A/71/251 32 - Protracted conflicts in the GUAM area",
        )
        == "Status of IDPs from Abkhazia"
    )
    assert resolution_title("Problem", "Problem") == "Problem"
    assert resolution_title("Short title", "A/72/251 62 - GUAM QUESTION") == "Short title"
    assert resolution_title(None, None) == ""


def test_split_counts(splits: pd.DataFrame) -> None:
    got = split_counts(splits)
    assert got["year"].tolist() == [2014, 2017, 2019]
    assert got["n_splits"].tolist() == [2, 1, 1]
    # 2014: rcid 1 (BLR=RUS, UKR=USA) and rcid 2 (UKR abstain vs USA no) -> 1
    # 2017: Guam (BLR=RUS yes, UKR=USA no) -> 1; 2019: US absent -> 0
    assert got["with_rus_and_usa"].tolist() == [1, 1, 0]
