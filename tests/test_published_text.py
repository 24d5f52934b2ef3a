"""The articles' words stay theirs: the built book (its text, attributes, chart specs with
their tooltips, chart downloads) repeats at most MAX_SHARE of any article's words in runs
of RUN or more (analysis.metrics.reuse, booktools.published)."""

from __future__ import annotations

from pathlib import Path

from analysis.metrics.reuse import MAX_SHARE, RUN
from booktools.published import site_reuse, site_texts


def test_the_book_republishes_at_most_the_allowed_share_of_each_article(built_site: Path) -> None:
    found = site_reuse(built_site)
    assert found, "no annotated article with its text: nothing measured"
    over = {
        slug: f"{r.share:.0%} of {r.total} words (longest run {r.longest}: {r.runs[0]!r})"
        for slug, r in found.items()
        if r.share > MAX_SHARE
    }
    assert not over, f"runs of {RUN}+ words shared with the book exceed {MAX_SHARE:.0%}: {over}"


def test_chart_specs_and_downloads_are_measured(built_site: Path) -> None:
    texts = site_texts(built_site)
    assert any(name.endswith(".csv") for name in texts), "no chart download measured"
    network = [t for name, page in texts.items() if name.endswith("who-is-who.html") for t in page]
    assert any("(article, paragraph" in t for t in network), "network tooltips not in the measure"
