"""Timeline metrics (:mod:`analysis.metrics.timeline`): incidents, milestones, later
events, the map's timeline marks and tables, on small frames built here."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.charts.style import TIER_FLAGGED, TIER_SOURCED
from analysis.metrics import timeline as tm

# --------------------------------------------------------------------------- helpers


def test_tier_status_mid_date_join_and_slug() -> None:
    got = tm.tier_status(pd.Series([True, False], index=[5, 7]))
    assert got.tolist() == [TIER_FLAGGED, TIER_SOURCED] and got.index.tolist() == [5, 7]
    assert tm.mid_date("2017-04", "month") == pd.Timestamp("2017-04-15")
    assert tm.mid_date("2017-09-30", "day") == pd.Timestamp("2017-09-30")
    assert tm.mid_date("2017", "year") is None
    assert tm.mid_date(None, "unknown") is None  # type: ignore[arg-type]
    assert tm.join_names([]) == "" and tm.join_names(["a"]) == "a"
    assert tm.join_names(["a", "b", "c"]) == "a, b and c"
    assert tm.slug("Belarus's 2020 crisis") == "belarus_s_2020_crisis"


# --------------------------------------------------------------------------- incidents


@pytest.fixture(scope="module")
def incidents() -> pd.DataFrame:
    def row(fid, date, precision, actor, iso3, kind, tier, end=None, url="https://example.org"):  # type: ignore[no-untyped-def]
        return {
            "fact_id": fid,
            "date": date,
            "date_end": end,
            "date_precision": precision,
            "actor": actor,
            "actor_iso3": iso3,
            "type": kind,
            "summary": f"summary {fid}",
            "source_title": "t",
            "source_url": url,
            "source_tier": tier,
            "flagged": tier in ("C", "W"),
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
    data = tm.incidents_data(incidents)
    # i7 has no URL and i8 only a year: 6 rows left, in date order
    assert data["fact_id"].tolist() == ["i1", "i2", "i6", "i3", "i4", "i5"]
    row = data.set_index("fact_id")
    assert row.loc["i1", "start"] == "2017-04-15"
    assert (row.loc["i6", "start"], row.loc["i6", "end"]) == ("2017-08-24", "2017-09-07")
    assert row.loc["i6", "who"] == tm.SEVERAL_STATES and row.loc["i4", "who"] == "Russia"
    assert row.loc["i6", "date_text"] == "2017-08-24 to 2017-09-07"
    assert row.loc["i5", "tier_status"] == TIER_FLAGGED
    assert tm.incident_types(data) == ["statement", "claim", "denial", "incident"]


def test_incidents_findings_offices_and_voices(incidents: pd.DataFrame) -> None:
    assert tm.incidents_findings(incidents) == {
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
    assert tm.office("Maj. Gen. Igor Konashenkov, Russian MoD") == "military"
    assert tm.office("Gen. Viktor Muzhenko & Gen. Leszek Surawski") == "military"
    assert tm.office("Petro Poroshenko / Alexander Lukashenko") == "president"
    assert tm.office("Igor Kizim, Ambassador of Ukraine to Belarus") == "foreign minister"
    assert tm.office("Pavlo Hryb case") == "other"
    # The flagged Belarusian MoD statement (i5) does not count.
    assert tm.who_spoke(tm.incidents_data(incidents)) == {
        "Belarus": "president and foreign minister",
        "Ukraine": "military",
        "Russia": "military",
    }


# --------------------------------------------------------------------------- curated timeline


def _tl_row(fid, date, precision, category, event, tier="B", url="https://example.org"):  # type: ignore[no-untyped-def]
    return {
        "fact_id": fid,
        "date": date,
        "date_precision": precision,
        "event": event,
        "actors": "x",
        "category": category,
        "source_title": "t",
        "source_url": url,
        "source_tier": tier,
        "flagged": tier in ("C", "W"),
        "url_missing": url is None,
    }


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _tl_row("t0", "2017-09-14", "range", "exercise", "Zapad-2017"),
            _tl_row(
                "t1", "2017-11-21", "day", "Belarus-Ukraine incident", "Ukraine expels a diplomat"
            ),
            _tl_row("t2", "2018-10-26", "day", "Belarus-Ukraine", "Lukashenka-Poroshenko meeting"),
            _tl_row(
                "t3",
                "2020-08-17",
                "day",
                "Belarus-Ukraine incident",
                "Ukraine recalls its ambassador",
            ),
            _tl_row("t4", "2021-11-04", "day", "Union State / military doctrine", "New doctrine"),
            _tl_row("t5", "2022-02-24", "day", "war", "Russia invades Ukraine"),
            _tl_row("t6", "2022", "year", "defence spending", "Budget"),
            _tl_row("t7", "2023-03", "month", "nuclear", "Nuclear weapons in Belarus", tier="C"),
        ]
    )


LANES = {
    "Belarus-Ukraine": "contacts",
    "Belarus-Ukraine incident": "incidents",
    "Union State": "integration",
    "nuclear": "integration",
    "war": "war",
}


def test_lane_events_counts_and_first_year(timeline: pd.DataFrame) -> None:
    assert tm.lane_of("Union State / military doctrine", LANES) == "integration"
    assert tm.lane_of("defence spending", LANES) is None
    got = tm.lane_events(timeline, LANES, "2017-10-03", "2024-12-31")
    # t0 is before the start, t6 has no lane and only a year, t7 is flagged
    assert got["fact_id"].tolist() == ["t1", "t2", "t3", "t4", "t5"]
    assert tm.lane_counts(got) == {
        "n_contacts": 1,
        "n_incidents": 2,
        "n_integration": 1,
        "n_war": 1,
    }
    assert tm.first_year(got, "incidents", "", since="2019") == 2020
    assert tm.first_year(got, "contacts", "meeting") == 2018
    with pytest.raises(ValueError, match="no event in lane"):
        tm.first_year(got, "war", "peace")


def test_milestones_frame_and_finding(timeline: pd.DataFrame) -> None:
    labels = {"t2": "Meeting", "t4": "Doctrine", "t7": "Nukes", "t6": "Budget"}
    frame = tm.milestones_frame(timeline, labels, {"Union State / military doctrine": "Union"})
    assert frame["fact_id"].tolist() == ["t2", "t4", "t6", "t7"]  # date order
    assert frame["date"].tolist() == ["2018-10-26", "2021-11-04", "2022-01-01", "2023-03-01"]
    row = frame.set_index("fact_id")
    assert row.loc["t6", "date"] == "2022-01-01" and row.loc["t7", "date"] == "2023-03-01"
    assert (
        row.loc["t7", "label"] == "Nukes (flagged)" and row.loc["t7", "tier_status"] == TIER_FLAGGED
    )
    assert row.loc["t4", "lane"] == "Union" and row.loc["t2", "lane"] == "Belarus-Ukraine"
    f = tm.milestones_finding(frame, "2022-06-01", industry_lane="Union")
    # before June 2022: t2 (B), t4 (Union: the excluded lane), t6 (B) -> 2 sourced ties
    assert f == {
        "n_milestones": 4,
        "n_flagged": 1,
        "n_prior_ties": 2,
        "n_prior_flagged": 0,
        "first_year": 2018,
        "n_after": 1,
    }
    with pytest.raises(KeyError, match="no-such-fact"):
        tm.milestones_frame(timeline, {"no-such-fact": "x"}, {})


# --------------------------------------------------------------------------- the map


@pytest.fixture(scope="module")
def book_tl() -> pd.DataFrame:
    def ev(origin, date, category, event, article=None, ref="r", tier=None, flagged=False):  # type: ignore[no-untyped-def]
        return {
            "date": date,
            "date_text": date,
            "year": int(date[:4]),
            "category": category,
            "origin": origin,
            "article": article,
            "ref": ref,
            "event": event,
            "tier": tier,
            "flagged": flagged,
        }

    return pd.DataFrame(
        [
            ev("curated", "2012-10-23", "defence industry", "Plan", ref="c1", tier="B"),
            ev("curated", "2012-12-24", "defence industry", "Resolution", ref="c2", tier="B"),
            ev("curated", "2017-09-14", "exercises", "Zapad", ref="c3", tier="W", flagged=True),
            ev("article", "2012-10-23", "defence industry", "signs", article="mic"),
            ev("article", "2012-10-23", "defence industry", "meets", article="mic"),
            ev("article", "2017-09-14", "exercises", "holds", article="spiral"),
        ]
    )


def test_book_timeline_marks_and_findings(book_tl: pd.DataFrame) -> None:
    marks = tm.book_timeline_marks(book_tl, max_listed=1)
    art = marks[marks["origin"] == "article"].set_index("source")
    # two relations of one article and day pool into one mark; one listed, then "and 1 more"
    assert (
        art.loc["article: mic", "n"] == 1 + 1
        and art.loc["article: mic", "event"] == "signs; and 1 more"
    )
    cur = marks[marks["origin"] == "curated"]
    assert cur["stagger"].tolist() == [1, 2, 1]  # spread within (category, year)
    assert (marks.loc[marks["origin"] == "article", "stagger"] == 0).all()
    f = tm.book_timeline_findings(book_tl)
    assert (f["n_events"], f["n_curated"], f["n_article"], f["n_article_days"]) == (6, 3, 3, 2)
    assert (f["busiest_year"], f["busiest_n"]) == (2012, 4)
    assert (f["top_category"], f["top_category_n"]) == ("defence industry", 4)
    assert f["article_years"] == "2012 and 2017"


def test_category_and_mapping_tables(book_tl: pd.DataFrame) -> None:
    cats = tm.category_table(book_tl, ["exercises", "defence industry", "other"])
    assert cats.columns.tolist() == ["Category", "From the articles", "Curated", "All"]
    assert cats["Category"].tolist() == ["exercises", "defence industry"]
    assert cats["All"].tolist() == [2, 4]
    curated = pd.DataFrame({"category": ["a", "a", "b", None]})
    mapping = tm.curated_mapping_table(
        curated, ["x", "y"], lambda label, event: "x" if label == "b" else "y"
    )
    assert mapping.to_dict("records") == [
        {"Curated label": "b", "Events": 1, "Category on the map": "x"},
        {"Curated label": "a", "Events": 2, "Category on the map": "y"},
        {"Curated label": "", "Events": 1, "Category on the map": "y"},
    ]


def test_milestones_on_the_real_curated_timeline() -> None:
    """The mic-bridge milestones (pinned to data/curated/timeline_events.csv)."""
    from analysis.inputs.curated import load_curated
    from analysis.pages.mic_bridge.economic_bridge import TIMELINE_LABELS, TIMELINE_LANES

    frame = tm.milestones_frame(load_curated("timeline_events"), TIMELINE_LABELS, TIMELINE_LANES)
    assert len(frame) == len(TIMELINE_LABELS) and frame["date"].is_monotonic_increasing
    goskom = frame[frame["fact_id"] == "tl-2003-12-decision-unite-belarusian-defence"]
    assert goskom["date"].iloc[0] == "2003-12-01"
    flagged = frame[frame["flagged"]]
    assert len(flagged) == 6 and set(flagged["tier"]) == {"C", "W"}
    f = tm.milestones_finding(frame, "2012-10-23")
    assert f["n_prior_ties"] == 6 and f["n_prior_flagged"] == 4
