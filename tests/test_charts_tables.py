"""The one table renderer (analysis.charts.tables): pipe tables, list-tables, claims tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.charts import tables
from analysis.inputs.articles import NOT_JUDGED

# --------------------------------------------------------------------------- md_escape


def test_not_judged_is_the_annotations_text() -> None:
    assert tables.NOT_JUDGED == NOT_JUDGED


def test_md_escape_folds_whitespace_and_escapes_markup() -> None:
    assert tables.md_escape("a\n  b") == "a b"
    assert tables.md_escape("$5 *x* [l](u) a|b") == r"\$5 \*x\* \[l\](u) a\|b"
    assert tables.md_escape(3) == "3"


# --------------------------------------------------------------------------- markdown_table


def test_markdown_table_escapes_aligns_and_blanks_missing() -> None:
    frame = pd.DataFrame({"A": ["x|y", None], "N": [1.5, np.nan]})
    assert tables.markdown_table(frame, align={"N": "right"}) == (
        "| A | N |\n|:--|--:|\n| x\\|y | 1.5 |\n|  |  |"
    )
    # "r" and "right" both right-align
    assert tables.markdown_table(frame, align={"N": "r"}).splitlines()[1] == "|:--|--:|"
    starred = pd.DataFrame({"a_b": ["*x*"], "n": [2]})
    assert tables.markdown_table(starred).splitlines() == [
        r"| a\_b | n |",
        "|:--|:--|",
        r"| \*x\* | 2 |",
    ]


def test_markdown_table_without_escaping_keeps_markup() -> None:
    frame = pd.DataFrame({"Dataset": ["`wdi`"], "Licence": ["CC BY | 4.0\nterms"]})
    assert tables.markdown_table(frame, escape=False).splitlines()[2] == (
        r"| `wdi` | CC BY \| 4.0 terms |"
    )


def test_markdown_table_of_no_rows() -> None:
    empty = pd.DataFrame({"A": []})
    assert tables.markdown_table(empty) == tables.NO_ROWS
    assert tables.markdown_table(empty, empty="nothing") == "nothing"


# --------------------------------------------------------------------------- list_table


def test_list_table() -> None:
    frame = pd.DataFrame({"A": ["x\n y", None], "B": ["{doc}`p`", ""]})
    assert tables.list_table(frame, widths=[30, 70]) == (
        "```{list-table}\n:header-rows: 1\n:widths: 30 70\n\n"
        "* - A\n  - B\n* - x y\n  - {doc}`p`\n* - \u2013\n  - \u2013\n```"
    )
    assert ":class: longtable\n\n* - A" in tables.list_table(frame, widths=[30, 70], longtable=True)
    with pytest.raises(ValueError, match="widths"):
        tables.list_table(frame, widths=[100])


def test_list_table_paragraphs_class_and_fence() -> None:
    frame = pd.DataFrame({"A": ["first\n\nsecond  part"]})
    text = tables.list_table(frame, [100], css_class="wide", fence=":::")
    assert text.splitlines() == [
        ":::{list-table}",
        ":header-rows: 1",
        ":widths: 100",
        ":class: wide",
        "",
        "* - A",
        "* - first",
        "",
        "    second part",
        ":::",
    ]
    both = tables.list_table(frame, [100], longtable=True, css_class="wide")
    assert ":class: longtable wide" in both


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
    text = tables.claims_markdown(_claims(), chapter="chapters/mic-bridge")
    lines = text.splitlines()
    assert lines[:4] == [
        "```{list-table}",
        ":header-rows: 1",
        ":widths: 5 6 44 11 13 21",
        ":class: longtable",
    ]
    rows = _rows(text)
    assert rows["head"] == ["No.", "Para.", "Claim (our words)", "Kind", "Verdict", "Pages"]
    assert sum(tables.CLAIMS_COLUMNS.values()) == 100
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
    titled = tables.claims_markdown(
        _claims(), chapter="chapters/mic-bridge", titles={"arms-dependence": "Arms"}
    )
    assert "{doc}`Arms <arms-dependence>`" in titled
    other = tables.claims_markdown(_claims(), chapter="chapters/confrontation-spiral/")
    assert "{doc}`Voting together <voting-together>`" in other
    assert "{doc}`Arms dependence </chapters/mic-bridge/arms-dependence>`" in other


def test_claims_markdown_reasons_with_their_sources() -> None:
    text = tables.claims_markdown(_claims(), chapter="chapters/mic-bridge")
    table, reasons = text.split("\n\n**Why each verdict**\n\n")
    assert table.endswith("```")
    assert reasons.splitlines() == [
        "- **Claim 1, supported.** Because the data say so. "
        "(data: {doc}`sipri-milex </chapters/appendix/data-and-sources>`; curated: `timeline_events`)",
        "- **Claim 3, unverifiable.** Only the article reports it.",
    ]  # the unjudged claim 2 has no reason


def test_claims_markdown_subset_keeps_numbers_and_empty_cases() -> None:
    claims = _claims()
    text = tables.claims_markdown(claims, chapter="chapters/mic-bridge", only=["c3", "c2"])
    rows = _rows(text)
    assert list(rows) == ["head", "2", "3"]  # article order, article numbers
    assert "- **Claim 3, unverifiable.**" in text and "Claim 1" not in text
    unjudged = tables.claims_markdown(claims, chapter="chapters/mic-bridge", only=["c2"])
    assert "Why each verdict" not in unjudged and unjudged.endswith("```")
    assert tables.claims_markdown(claims.iloc[:0], chapter="chapters/x") == tables.NO_CLAIMS
    assert tables.claims_markdown(claims, chapter="chapters/x", only=[]) == tables.NO_CLAIMS
    bad = claims.assign(evidence=[["paper:x"], [], []])
    with pytest.raises(ValueError, match="paper:x"):
        tables.claims_markdown(bad, chapter="chapters/x")


def test_claims_markdown_renders_every_annotated_article() -> None:
    from analysis.inputs.articles import all_articles, claims_frame

    for article in all_articles():
        claims = claims_frame(article)
        text = tables.claims_markdown(claims, chapter=f"chapters/{article.slug}")
        assert len(_rows(text)) == len(claims) + 1 if len(claims) else text.startswith("*No claims")


# --------------------------------------------------------------------------- ledger table


def _ledger() -> pd.DataFrame:
    """Two claims as :func:`analysis.metrics.ledger.claims_ledger` gives them."""
    return pd.DataFrame(
        {
            "slug": ["a", "a"],
            "article_title": ["Article A", "Article A"],
            "id": ["c-one", "c-two"],
            "kind": ["fact", "forecast"],
            "statement": ["A claim in our own words.", "Another claim, with $ signs and *stars*."],
            "verdict": [NOT_JUDGED, "supported"],
            "why": [None, "It happened."],
            "notebook": [None, "chapters/a/x.ipynb"],
            "link": ["chapters/a/index.md", "chapters/a/x.ipynb"],
        }
    )


def test_ledger_markdown(tmp_path: object) -> None:
    text = tables.ledger_markdown(_ledger())
    lines = text.splitlines()
    assert lines[:5] == [
        ":::{list-table}",
        ":header-rows: 1",
        ":widths: 14 56 9 10 11",
        ":class: longtable book-ledger",
        "",
    ]
    assert text.endswith(":::")
    assert r"\$ signs and \*stars\*" in text
    # the reason of a judged claim is a second paragraph of the statement cell
    assert "  - Another claim, with \\$ signs and \\*stars\\*.\n\n    *Why:* It happened.\n" in text
    assert "  - supported" in text
    # links read as the pages' own titles (Sphinx fills an empty {doc} title), not "notebook"
    assert "* - {doc}`/chapters/a/index`" in text
    assert "  - {doc}`The chapter </chapters/a/index>`" in text
    assert "  - {doc}`/chapters/a/x`" in text
    assert "notebook" not in text
    # claim ids stay out of the reader's table
    assert "c-one" not in text and "c-two" not in text
    assert tables.ledger_markdown(_ledger().iloc[:0]) == tables.NO_CLAIMS


def test_ledger_markdown_links_to_missing_pages_fall_back_to_text(tmp_path: object) -> None:
    from pathlib import Path

    root = Path(str(tmp_path))
    (root / "chapters" / "a").mkdir(parents=True)
    (root / "chapters" / "a" / "index.md").write_text("# a\n")
    text = tables.ledger_markdown(_ledger(), root=root)
    assert "{doc}`/chapters/a/index`" in text
    assert "  - X\n" in text + "\n", "a missing page reads as its title, not its file name"
    assert "x.ipynb" not in text
