"""Page layers of the vote, event and timeline pages (both chapters and the map): each
returns a Section whose glue keys and numbers the prose uses (pinned to the data)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.pages import Section
from analysis.pages.confrontation_spiral import events as cs_events
from analysis.pages.confrontation_spiral import voting_together
from analysis.pages.confrontation_spiral import what_happened_next as cs_next
from analysis.pages.map import timeline as map_timeline
from analysis.pages.mic_bridge import what_happened_next as mb_next


def _check(section: Section, numbers: dict[str, object], figures: tuple[str, ...] = ()) -> None:
    for key, value in numbers.items():
        assert section.numbers[key] == value, key
    assert tuple(section.figures) == figures
    for figure in section.figures.values():
        assert figure.meta["title"] and figure.meta["description"] and figure.meta["source"]


def test_voting_together() -> None:
    numbers = voting_together.numbers()
    _check(numbers, {"blr_ukr_1992": "90%", "blr_ukr_2017": "53%", "blr_ukr_n_2017": 118})
    _check(numbers, {"dist_ratio_2017": "4", "dist_blr_rus_2017": "0.34"})
    _check(voting_together.agreement(), {}, ("agreement",))
    _check(voting_together.issues(), {}, ("issues",))
    _check(voting_together.idealpoints(), {}, ("idealpoints",))
    splits = voting_together.splits()
    _check(splits, {"n_splits": 256, "n_splits_rus_usa": 130, "n_conflict": 10})
    assert splits.table is not None and splits.table.startswith("```{list-table}")
    table = voting_together.split_table().table
    assert table is not None and table.startswith("| Year | Split roll calls |")


def test_events_page() -> None:
    _check(cs_events.numbers(), {"ev_2013": 232, "ev_conflict_2014": "11%", "ev_rus_ratio": "2.2"})
    _check(cs_events.counts(), {}, ("events",))
    _check(cs_events.conflict_share(), {}, ("conflict-share",))


def test_confrontation_spiral_what_happened_next() -> None:
    after = cs_next.after()
    _check(after, {"meeting_date": "26 October 2018", "n_recalls": 2}, ("after",))
    # the count follows the curated timeline: every event charted, none invented
    assert after.numbers["n_after"] == len(cs_next.after_events())
    _check(cs_next.votes(), {"blr_ukr_2019": "48%", "blr_ukr_2016": "48%", "dist_2019": "1.43"})
    assert after.numbers["kyiv_meeting_date"].endswith("2017")
    _check(cs_next.spending(), {"idx_last_year": 2024, "idx_ukr": "14"}, ("spending-index",))
    assert "*" in (cs_next.verdicts().table or "")


def test_after_findings_on_toy_events() -> None:
    events = pd.DataFrame(
        {
            "date": ["2018-10-26", "2019-05-01", "2020-08-17", "2022-02-24"],
            "lane": [cs_next.CONTACTS, cs_next.INCIDENTS, cs_next.INCIDENTS, cs_next.WAR],
            "event": ["Presidents' meeting", "Spy case", "Ambassador recalls", "Russia invades"],
        }
    )
    f = cs_next.after_findings(events)
    assert (f["first_meeting_year"], f["first_meeting_date"]) == (2018, "2018-10-26")
    assert (f["first_incident_year_after_2018"], f["war_year"]) == (2019, 2022)
    assert f["n_belarus_ukraine_incidents"] == 2 and f["n_events"] == 4


def test_mic_bridge_what_happened_next() -> None:
    _check(mb_next.arms_and_votes(), {"v_rus_before": "81.5", "imp_rus_share_after": "99.5"})
    ba = mb_next.before_after()
    frame = ba.data["indicators"].set_index("indicator")
    _check(ba, {"ba_n": f"{len(frame)}"}, ("mic-before-after",))
    # like for like: no year of the plan (2012-2015) in either window, one indicator per
    # pair of observations (Comtrade's Russia and EU shares share theirs: one is counted)
    for years in (*frame["before_years"], *frame["after_years"]):
        first, _, last = str(years).partition("-")
        assert not {int(first), int(last or first)} & set(range(2012, 2016)), years
        assert int(last or first) < 2012 or int(first) > 2015, years
    assert frame["dataset"].value_counts().get("comtrade-4yearly") == 1
    moved = int(ba.numbers["ba_n_rus"]) + int(ba.numbers["ba_n_west"])
    assert moved == int((frame["direction"] != "no change").sum())
    row = frame.loc["Russia's share of Belarus's arms imports (SIPRI TIV)"]
    assert (row["before_years"], row["after_years"]) == ("2005-2011", "2016-2024")
    west = frame.loc["EU/NATO share of Belarus's arms exports (SIPRI TIV)"]
    assert west["before_years"] == row["before_years"], "the 1996 tank sale window is back"
    assert set(ba.figures["mic-before-after"].meta["datasets"]) == {
        "sipri-arms-register",
        "comtrade-4yearly",
        "unvotes",
    }
    _check(mb_next.votes_chart(), {}, ("mic-un-votes",))
    _check(mb_next.russian_offer(), {"order_share_2014": "15"})
    assert "Claim" in (mb_next.verdicts().table or "")


def test_map_timeline() -> None:
    from analysis.inputs.curated import load_curated

    section = map_timeline.timeline()
    _check(section, {"article_years": "2012 and 2017"}, ("map-timeline",))
    # counts follow the curated table (not pinned: curating a fact changes them)
    assert section.numbers["n_curated"] == len(load_curated("timeline_events"))
    assert section.numbers["n_events"] > section.numbers["n_curated"]
    tables = map_timeline.categories().numbers
    assert set(tables) == {"category-table", "mapping-table"}


def test_page_checks_raise_clear_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voting_together, "findings", lambda *a: {"blr_ukr_min_year": 2016})
    with pytest.raises(ValueError, match="2019 equals 2016 within one vote"):
        cs_next.votes()


def test_map_timeline_title_is_a_finding_of_the_data() -> None:
    """The title says where the curated record thickens relative to the articles' years,
    from the data: other data, another finding."""
    toy = pd.DataFrame(
        {
            "origin": ["article", "curated", "curated", "curated", "curated"],
            "year": [2012, 1999, 2013, 2013, 2017],
            "category": ["exercises", "treaties", "exercises", "exercises", "incidents"],
        }
    )
    rec = map_timeline.record_findings(toy)
    assert (rec["cur_since_year"], rec["cur_since_n"], rec["cur_n"]) == (2012, 3, 4)
    assert (rec["cur_busiest_year"], rec["cur_busiest_n"]) == (2013, 2)
    assert not rec["cur_busiest_is_article_year"]
    title = map_timeline.record_title(rec)
    assert "(3 of 4)" in title and "2013" in title and "exercises: 2" in title
    early = map_timeline.record_findings(toy.assign(year=[2012, 1999, 2000, 2000, 2012]))
    assert map_timeline.record_title(early) != title
    assert early["cur_since_n"] == 1 and early["cur_busiest_year"] == 2000


def test_map_timeline_labels_key_events_and_titles_its_finding() -> None:
    section = map_timeline.timeline()
    meta = section.figures["map-timeline"].meta
    n = section.numbers
    assert f"({n['cur_since_n']} of {n['cur_n']})" in meta["title"]
    assert str(n["cur_busiest_year"]) in meta["title"]
    spec = section.figures["map-timeline"].spec
    band = spec["vconcat"][0]["vconcat"][0]
    labels = {row["label"] for row in band["data"]["values"]}
    assert labels == set(map_timeline.KEY_EVENTS.values())
    with pytest.raises(KeyError, match="not in the curated timeline"):
        map_timeline.key_event_dates(pd.DataFrame({"fact_id": [], "date": []}), {"x": "X"})
