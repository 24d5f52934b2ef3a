"""Chart pieces shared by the chapter modules (analysis.pages.legacy_common)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from analysis import charts
from analysis.inputs.articles import NOT_JUDGED
from analysis.pages import legacy_common


def _panel() -> pd.DataFrame:
    """Two measures, two countries (Russia first, to check the order), one missing value."""
    return pd.DataFrame(
        {
            "iso3": ["RUS", "RUS", "BLR", "BLR", "BLR", "RUS"],
            "country": ["Russia", "Russia", "Belarus", "Belarus", "Belarus", "Russia"],
            "year": [2016, 2017, 2016, 2017, 2018, 2016],
            "measure": [
                "share_of_gdp",
                "share_of_gdp",
                "share_of_gdp",
                "share_of_gdp",
                "share_of_gdp",
                "milper",
            ],
            "value": [5.45, 4.2, 1.25, np.nan, 1.31, 831.0],
            "status": ["ok", "estimate", "ok", "missing", "ok", "ok"],
        }
    )


def test_year_span_and_measure_rows() -> None:
    panel = _panel()
    rows = common.measure_rows(panel, "share_of_gdp")
    # the BLR 2017 row has no value and the RUS milper row is another measure
    assert list(zip(rows["iso3"], rows["year"], strict=True)) == [
        ("RUS", 2016),
        ("RUS", 2017),
        ("BLR", 2016),
        ("BLR", 2018),
    ]
    assert list(rows.index) == [0, 1, 2, 4]
    rows["value"] = 0.0  # a copy: the panel is untouched
    assert panel.loc[0, "value"] == 5.45
    span = common.year_span(panel)
    assert span == (2016, 2018) and all(type(y) is int for y in span)
    assert common.measure_rows(panel, "constant_2023_usd_m").empty


def test_year_x() -> None:
    assert common.year_x().to_dict() == {
        "field": "year",
        "type": "quantitative",
        "title": "Year",
        "axis": {"format": "d"},
        "scale": {"zero": False},
    }
    x = common.year_x("Delivery year", scale=alt.Scale(domain=[1992, 2016], nice=False))
    assert x.to_dict()["title"] == "Delivery year"
    assert x.to_dict()["scale"] == {"domain": [1992, 2016], "nice": False}


def test_country_year_chart_encodings_and_colours() -> None:
    rows = common.measure_rows(_panel(), "share_of_gdp")
    y = alt.Y("value:Q", title="Share of GDP (%)")
    spec = common.country_year_chart(rows, y).mark_line().to_dict()
    enc = spec["encoding"]
    assert enc["x"] == common.year_x().to_dict()
    assert enc["y"] == {"field": "value", "type": "quantitative", "title": "Share of GDP (%)"}
    # house colours from analysis.charts, the legend limited to the frame's countries and
    # listed in the book's order (Belarus before Russia), whatever the row order
    assert enc["color"]["field"] == "country" and enc["color"]["title"] == "Country"
    assert enc["color"]["scale"] == {
        "domain": ["Belarus", "Russia"],
        "range": [charts.PALETTE["BLR"], charts.PALETTE["RUS"]],
    }
    assert enc["color"] == charts.country_color(["RUS", "BLR"], title="Country").to_dict()
    assert common.country_colour(rows).to_dict() == enc["color"]
    # the chart carries the rows themselves
    data = spec["datasets"][spec["data"]["name"]]
    assert [(r["country"], r["year"], r["value"]) for r in data] == [
        ("Russia", 2016, 5.45),
        ("Russia", 2017, 4.2),
        ("Belarus", 2016, 1.25),
        ("Belarus", 2018, 1.31),
    ]
    # a given x scale replaces the default one
    xs = alt.Scale(domain=[2016, 2018], nice=False)
    scaled = common.country_year_chart(rows, y, scale=xs).mark_line().to_dict()
    assert scaled["encoding"]["x"]["scale"] == {"domain": [2016, 2018], "nice": False}


def test_country_year_tooltips() -> None:
    def encoded(tips: list[alt.Tooltip]) -> list[dict]:
        data = pd.DataFrame(
            {
                "country": ["Belarus"],
                "year": [2017],
                "value": [1.2],
                "status_label": ["SIPRI figure"],
            }
        )
        return alt.Chart(data).mark_point().encode(tooltip=tips).to_dict()["encoding"]["tooltip"]

    value = charts.tooltip("value", "Military expenditure", unit="% of GDP", fmt=".2f")
    assert encoded(common.country_year_tooltips(value, status="status_label")) == [
        {"field": "country", "type": "nominal", "title": "Country"},
        {"field": "year", "type": "quantitative", "title": "Year"},
        {
            "field": "value",
            "type": "quantitative",
            "title": "Military expenditure (% of GDP)",
            "format": ".2f",
        },
        {"field": "status_label", "type": "nominal", "title": "Status"},
    ]
    assert [t["field"] for t in encoded(common.country_year_tooltips())] == ["country", "year"]


def test_by_country_and_values_in() -> None:
    rows = common.measure_rows(_panel(), "share_of_gdp")
    series = common.by_country(rows, "value")
    assert list(series) == ["BLR", "RUS"]  # sorted by ISO3
    assert series["BLR"].to_dict() == {2016: 1.25, 2018: 1.31}
    assert common.values_in(series, 2016, ".1f", "%") == "Belarus 1.2%, Russia 5.5%"
    assert common.values_in({"BLR": series["BLR"]}, 2018, ".2f") == "Belarus 1.31"


# --------------------------------------------------------------------------- claims table


def _claims() -> pd.DataFrame:
    """Three claims as :func:`analysis.inputs.articles.claims_frame` gives them: a judged one with
    every kind of evidence, an unjudged one, a judged one without sources."""
    return pd.DataFrame(
        [
            {
                "id": "c1",
                "statement": "A claim\n  on two lines, with $ and *stars*",
                "kind": "fact",
                "paragraph": 3,
                "verdict": "supported",
                "why": "Because\n the data say so.",
                "evidence": [
                    "notebook:chapters/mic-bridge/arms-dependence.ipynb",
                    "notebook:chapters/confrontation-spiral/voting-together.ipynb",
                    "dataset:sipri-milex",
                    "curated:timeline_events",
                ],
            },
            {
                "id": "c2",
                "statement": "Open claim",
                "kind": "forecast",
                "paragraph": 7,
                "verdict": None,
                "why": None,
                "evidence": [],
            },
            {
                "id": "c3",
                "statement": "Said in Minsk",
                "kind": "assessment",
                "paragraph": 1,
                "verdict": "unverifiable",
                "why": "Only the article reports it.",
                "evidence": [],
            },
        ]
    )


def _rows(text: str) -> dict[str, list[str]]:
    """The list-table's rows (header under ``"head"``), keyed by their first cell."""
    body = text.split("```")[1].splitlines()
    rows: dict[str, list[str]] = {}
    key = ""
    for line in body:
        if line.startswith("* - "):
            key = "head" if not rows else line[4:]
            rows[key] = [line[4:]]
        elif line.startswith("  - "):
            rows[key].append(line[4:])
    return rows


def test_claims_markdown_table_columns_links_and_pdf_class() -> None:
    text = common.claims_markdown(_claims(), chapter="chapters/mic-bridge")
    lines = text.splitlines()
    assert lines[:4] == [
        "```{list-table}",
        ":header-rows: 1",
        ":widths: 5 6 44 11 13 21",
        ":class: longtable",
    ]
    rows = _rows(text)
    assert rows["head"] == ["No.", "Para.", "Claim (our words)", "Kind", "Verdict", "Pages"]
    assert sum(common.CLAIMS_COLUMNS.values()) == 100
    # a page of the same chapter is linked relatively, another chapter's from the root;
    # the link text reads the file name as a title unless ``titles`` says otherwise
    assert rows["1"] == [
        "1",
        "3",
        r"A claim on two lines, with \$ and \*stars\*",
        "fact",
        "**supported**",
        "{doc}`Arms dependence <arms-dependence>`; "
        "{doc}`Voting together </chapters/confrontation-spiral/voting-together>`",
    ]
    assert rows["2"] == ["2", "7", "Open claim", "forecast", "not yet judged", "none"]
    assert rows["2"][4] == NOT_JUDGED
    titled = common.claims_markdown(
        _claims(), chapter="chapters/mic-bridge", titles={"arms-dependence": "Arms"}
    )
    assert "{doc}`Arms <arms-dependence>`" in titled
    other = common.claims_markdown(_claims(), chapter="chapters/confrontation-spiral/")
    assert "{doc}`Voting together <voting-together>`" in other
    assert "{doc}`Arms dependence </chapters/mic-bridge/arms-dependence>`" in other


def test_claims_markdown_reasons_with_their_sources() -> None:
    text = common.claims_markdown(_claims(), chapter="chapters/mic-bridge")
    table, reasons = text.split("\n\n**Why each verdict**\n\n")
    assert table.endswith("```")
    assert reasons.splitlines() == [
        "- **Claim 1, supported.** Because the data say so. "
        "(data: {doc}`sipri-milex </chapters/appendix/data-and-sources>`; curated: `timeline_events`)",
        "- **Claim 3, unverifiable.** Only the article reports it.",
    ]  # the unjudged claim 2 has no reason


def test_claims_markdown_subset_keeps_numbers_and_empty_cases() -> None:
    claims = _claims()
    text = common.claims_markdown(claims, chapter="chapters/mic-bridge", only=["c3", "c2"])
    rows = _rows(text)
    assert list(rows) == ["head", "2", "3"]  # article order, article numbers
    assert "- **Claim 3, unverifiable.**" in text and "Claim 1" not in text
    unjudged = common.claims_markdown(claims, chapter="chapters/mic-bridge", only=["c2"])
    assert "Why each verdict" not in unjudged and unjudged.endswith("```")
    assert (
        common.claims_markdown(claims.iloc[:0], chapter="chapters/x")
        == "*No claims are annotated yet.*"
    )
    assert (
        common.claims_markdown(claims, chapter="chapters/x", only=[])
        == "*No claims are annotated yet.*"
    )
    bad = claims.assign(evidence=[["paper:x"], [], []])
    with pytest.raises(ValueError, match="paper:x"):
        common.claims_markdown(bad, chapter="chapters/x")


def test_claims_markdown_renders_every_annotated_article() -> None:
    from analysis.inputs.articles import all_articles, claims_frame

    for article in all_articles():
        claims = claims_frame(article)
        text = common.claims_markdown(claims, chapter=f"chapters/{article.slug}")
        assert len(_rows(text)) == len(claims) + 1 if len(claims) else text.startswith("*No claims")
