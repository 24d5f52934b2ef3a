"""A new article arrives as a chapter with its data context charted (issue 15).

Unit tests of the automatic pass (:func:`analysis.metrics.context.propose`) and of the
context numbers; then, in a temporary copy of the book (shared with
tests/test_new_article.py: tests/newbook.py), ``new-article`` on an article of our own
naming four of the book's countries and a year in 2005-2020, and on one naming none: the
new chapters build strictly, pass nbval, and the glued numbers equal what the metrics
functions compute.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.metrics import context as ctx
from newbook import NBVAL_TARGETS, NewBook
from newbook import env as book_env

ROOT = Path(__file__).resolve().parents[1]
GLUE = "application/papermill.record/"
CHART_MIME = "application/vnd.book.chart+json"


@pytest.mark.unit
def test_propose_finds_countries_entities_years_and_window() -> None:
    paragraphs = [
        "Belarusian and Russian units held joint drills in 2015, and Ukrainian officials protested.",
        "NATO observers compared them with 2013. More troops may come by 2018; 12,000 men.",
    ]
    entities = [
        {"slug": "a", "id": "nato", "name": "NATO", "kind": "institution", "country": None},
        {"slug": "a", "id": "zzz", "name": "Nowhere Corp", "kind": "company", "country": None},
    ]
    found = ctx.propose(paragraphs, dt.date(2016, 3, 2), entities=entities)
    assert [c["iso3"] for c in found["countries"]] == ["BLR", "RUS", "UKR"]
    assert found["countries"][0]["words"] == ["Belarusian"]
    assert [e["id"] for e in found["entities"]] == ["nato"]
    assert found["entities"][0]["known_from"] == ["a"] and found["entities"][0]["paragraphs"] == [2]
    assert found["years"] == [2013, 2015] and found["later_years"] == [2018]
    assert found["article_year"] in (2013, 2015) and found["window"] == [2013, 2015]
    assert found["confirmed"] is False
    text = json.dumps(found)
    assert "joint drills" not in text  # nothing of the article's sentences is kept


@pytest.mark.unit
def test_event_date_sets_the_year_and_no_year_falls_back_to_the_page() -> None:
    found = ctx.propose(
        ["In 2010 and 2011."], dt.date(2012, 1, 1), event_dates=[dt.date(2011, 5, 1)]
    )
    assert found["article_year"] == 2011 and found["window"] == [2010, 2011]
    bare = ctx.propose(["No year here."], dt.date(2012, 1, 1))
    assert bare["article_year"] == 2012 and bare["window"] == [2012, 2012]
    assert bare["countries"] == []


@pytest.mark.unit
def test_before_after_and_coverage_statements() -> None:
    s = pd.Series([1.0, 2.0, 3.0, 10.0, 5.0, float("nan"), 7.0], index=range(2010, 2017))
    got = ctx.before_after(s, 2013)
    assert got == {"year": 10.0, "before": 2.0, "after": 6.0}
    assert pd.isna(ctx.before_after(s, 2030)["year"])
    assert ctx.coverage("D", (1990, 2020), (2000, 2005), ["BLR"], ["BLR"]) == ""
    early = ctx.coverage("D", (1990, 2020), (1850, 1860), ["BLR", "KEN"], ["BLR"])
    assert "none of the article's window 1850-1860" in early and "Kenya" in early
    assert "only" in ctx.coverage("D", (2002, 2014), (2010, 2016), [], [])


# --------------------------------------------------------------------------- end to end


def _glued(nb_path: Path) -> tuple[dict[str, str], list[str]]:
    """Glued plain/markdown values by key, and the names of the charts shown."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    values, shown = {}, []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            data = {k.removeprefix(GLUE): v for k, v in out.get("data", {}).items()}
            key = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if key:
                values[key] = str(data.get("text/markdown") or data.get("text/plain", "")).strip(
                    "'"
                )
            elif CHART_MIME in data:
                shown.append(data[CHART_MIME]["name"])
    return values, shown


def test_both_articles_are_scaffolded(new_article_book: NewBook) -> None:
    for name in ("known.txt", "none.txt"):
        run = new_article_book.scaffolds[name]
        assert run["returncode"] == 0, run["stdout"] + run["stderr"]


def test_new_chapters_build_strictly_and_pass_nbval(new_article_book: NewBook) -> None:
    build = new_article_book.build
    assert build["returncode"] == 0, build["stdout"][-3000:] + build["stderr"][-3000:]
    problems = new_article_book.nbval_problems(NBVAL_TARGETS["context"])
    assert not problems, "\n".join(problems)


def test_context_charts_and_numbers_match_the_metrics(
    new_article_book: NewBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_article_book.root
    for key, value in book_env(root).items():
        monkeypatch.setenv(key, value)
    from analysis.inputs.articles import load_article
    from analysis.inputs.loaders import (
        load_cow_trade_dyadic,
        load_cow_trade_national,
        load_sipri_milex,
        load_un_roll_calls,
        load_un_votes,
    )
    from analysis.metrics import milex
    from analysis.metrics.trade import partner_shares
    from analysis.metrics.votes import agreement_frame

    article = load_article("test-context-drills")
    assert article.proposed is not None and not article.proposed.confirmed
    isos = [c.iso3 for c in article.proposed.countries]
    assert {"BLR", "RUS", "UKR", "POL"} <= set(isos)
    year = article.proposed.article_year
    assert year is not None and 2005 <= year <= 2020
    values, shown = _glued(root / "chapters" / "test-context-drills" / "context.ipynb")
    assert len(shown) >= 4, shown
    win = article.proposed.window
    assert win is not None
    years = ctx.chart_years(win, year)
    focus = [c for c in isos if c != "EU27"][:5]

    for measure, topic, fmt in (
        ("constant_2023_usd_m", "milex", ",.0f"),
        ("share_of_gdp", "burden", ".2f"),
    ):
        rows = milex.measure_rows(
            milex.milex_panel(focus, (measure,), years, milex=load_sipri_milex()), measure
        )
        for iso3 in ("BLR", "RUS"):
            want = ctx.before_after(rows[rows["iso3"] == iso3].set_index("year")["value"], year)
            for which in ("year", "before", "after"):
                assert values[f"ctx-{topic}-{iso3}-{which}"] == f"{want[which]:{fmt}}"
    panel = agreement_frame(load_un_votes(), load_un_roll_calls(), [("BLR", "RUS")], years)
    share = (100 * panel[panel["issue"] == "all"].set_index("year")["agreement"]).round(1)
    want = ctx.before_after(share, year)
    assert values["ctx-votes-BLR-RUS-year"] == f"{want['year']:.1f}"
    first = focus[0]
    shares = partner_shares(
        first, focus[1:], years, dyadic=load_cow_trade_dyadic(), national=load_cow_trade_national()
    )
    partner = focus[1]
    series = (100 * shares[shares["partner_iso3"] == partner].set_index("year")["share"]).round(1)
    want = ctx.before_after(series, year)
    assert values[f"ctx-trade-{first}-{partner}-before"] == f"{want['before']:.1f}"


def test_article_naming_no_known_country_says_why(new_article_book: NewBook) -> None:
    root = new_article_book.root
    values, shown = _glued(root / "chapters" / "test-context-nowhere" / "context.ipynb")
    assert shown == []
    assert "names none of the book's countries" in values["ctx-scope"]
    for topic in ("milex", "burden", "arms", "votes", "trade", "events"):
        assert values[f"ctx-{topic}-text"].startswith("No chart:"), values[f"ctx-{topic}-text"]
