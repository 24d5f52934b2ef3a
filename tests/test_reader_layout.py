"""The built HTML book as a reader sees it on a phone and on a desktop, in Chromium.

* At 390 px (a phone) every chart of every page reflows: its text is drawn at 9 px or
  more (nothing scales the SVG down), it fits the text column, none of its text (title,
  labels, legends, source lines) is cut by the chart's box or the screen's edge, and its
  plot keeps a readable width (:data:`MIN_PLOT_PX`), and no visible label on the plot is
  drawn over another text of the chart (at 1280 px too).
* At 1280 px no table of a page's text is wider than the text column.
* The claims ledger is readable at 1280 px (page under :data:`MAX_LEDGER_HEIGHT` px) and
  its filters (article, verdict) hide the other claims.

Uses the browser and the build of ``tests/test_browser.py`` (the ``browser`` and ``server``
fixtures of tests/conftest.py, one per worker; same skips and ``BOOK_BROWSER_REQUIRED``).
The charts' and tables' measurements come from that module's visits of the page (at
1280 px over HTTP, at 390 px from ``file://``), which tests/conftest.py runs just before on
the same worker; a page not visited there (this module run alone, say) is loaded here at
the width.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from test_browser import (
    DESKTOP,
    HTML,
    LAYOUT,
    MEASURE,
    PAGES,
    PHONE,
    TABLES,
    _redirects,
    _require_build,
    opened,
)

pytestmark = pytest.mark.site

#: Smallest chart text a phone reader can read (CSS px, as drawn).
MIN_TEXT_PX = 9.0
#: Narrowest plot area a phone reader can read a chart from (CSS px): the widest view of
#: each chart (a panel, a layer) must be at least this wide at 390 px. (The text column is
#: about 340 px there, and a category axis may keep 40% of it for its labels.)
MIN_PLOT_PX = 120.0
#: The ledger page at 1280 px: its statements get a readable column.
MAX_LEDGER_HEIGHT = 8000
LEDGER = "chapters/map/ledger.html"

_CHART_PAGES = [
    str(p.relative_to(HTML))
    for p in PAGES
    if 'class="book-chart"' in p.read_text(encoding="utf-8", errors="replace")
] or ["(no build)"]


def _measured(
    browser: Any, server: str, rel: str, viewport: dict[str, int], what: str = "charts"
) -> Any:
    """What of page ``rel`` at ``viewport`` (``charts``: :data:`test_browser.MEASURE`,
    ``tables``: :data:`test_browser.TABLES`): as this worker's visit of the page in
    tests/test_browser.py measured it (:data:`test_browser.LAYOUT`), else from a load of the
    page of its own."""
    _require_build()
    measured = LAYOUT.get((rel, viewport["width"], viewport["height"]), {}).pop(what, None)
    if measured is not None:
        return measured
    script, selector = (TABLES, "article table") if what == "tables" else (MEASURE, ".book-chart")
    with opened(browser, server + rel, viewport, _redirects(rel)) as page:
        return page.eval_on_selector_all(selector, script)


@pytest.mark.parametrize("rel", _CHART_PAGES)
def test_charts_reflow_at_phone_width(browser: Any, server: str, rel: str) -> None:
    charts = _measured(browser, server, rel, PHONE)
    assert charts, f"{rel}: no chart found"
    problems = []
    for c in charts:
        if not c["drawn"]:
            problems.append(f"{c['id']} did not draw")
            continue
        if c["smallest"] < MIN_TEXT_PX:
            problems.append(f"{c['id']}: text {c['smallest']:.1f} px ({c['which']!r})")
        if c["overflow"] > 2:
            problems.append(f"{c['id']}: runs {c['overflow']:.0f} px past the text column")
        if c["cut"]:
            problems.append(
                f"{c['id']}: {len(c['cut'])} text(s) cut by the chart's box {c['box']} or the "
                f"screen: {c['cut'][:4]}"
            )
        if 0 < c["plot"] < MIN_PLOT_PX:
            problems.append(f"{c['id']}: plot only {c['plot']:.0f} px wide")
        if c["overlaps"]:
            problems.append(
                f"{c['id']}: {len(c['overlaps'])} text(s) drawn over another: {c['overlaps'][:4]}"
            )
    assert not problems, f"{rel} at {PHONE['width']} px:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("rel", _CHART_PAGES)
def test_chart_text_does_not_overlap_at_desktop_width(browser: Any, server: str, rel: str) -> None:
    charts = _measured(browser, server, rel, DESKTOP)
    problems = [
        f"{c['id']}: {len(c['overlaps'])} text(s) drawn over another: {c['overlaps'][:4]}"
        for c in charts
        if c["drawn"] and c["overlaps"]
    ]
    assert not problems, f"{rel} at {DESKTOP['width']} px:\n  " + "\n  ".join(problems)


def test_ledger_is_readable_at_desktop_width(browser: Any, server: str) -> None:
    _require_build()
    with opened(browser, server + LEDGER, DESKTOP) as page:
        height = page.evaluate("document.documentElement.scrollHeight")
        widths = page.eval_on_selector_all(
            "table.book-ledger thead th",
            "ths => Object.fromEntries(ths.map(th => [th.textContent.trim(), th.offsetWidth]))",
        )
        coloured = page.eval_on_selector_all(
            "table.book-ledger td.book-verdict",
            "tds => tds.map(td => getComputedStyle(td).backgroundColor)",
        )
    assert height < MAX_LEDGER_HEIGHT, f"the ledger page is {height} px tall at 1280 px"
    statement = next((w for name, w in widths.items() if name.startswith("Claim")), 0)
    assert statement >= 0.5 * sum(widths.values()), f"statements squeezed: {widths}"
    assert coloured and len(set(coloured)) > 1, "verdict cells are not coloured by verdict"


def test_ledger_filters_by_article_and_verdict(browser: Any, server: str) -> None:
    _require_build()
    with opened(browser, server + LEDGER, DESKTOP) as page:
        claims = "table.book-ledger tbody tr:not(.book-ledger-group)"
        visible = claims + ":not([hidden])"
        rows = page.eval_on_selector_all(
            claims, "rs => rs.map(r => [r.dataset.article, r.dataset.verdict])"
        )
        assert rows, "the ledger has no rows"
        article, verdict = rows[-1]
        page.select_option(".book-ledger-filter select[name=article]", article)
        by_article = page.eval_on_selector_all(visible, "rs => rs.map(r => r.dataset.article)")
        page.select_option(".book-ledger-filter select[name=verdict]", verdict)
        both = page.eval_on_selector_all(
            visible, "rs => rs.map(r => [r.dataset.article, r.dataset.verdict])"
        )
        said = page.text_content(".book-ledger-filter output") or ""
    assert by_article == [a for a, _ in rows if a == article]
    assert both == [[a, v] for a, v in rows if a == article and v == verdict]
    assert said.startswith(f"{len(both)} of {len(rows)}"), said


#: Pages with a table in their text (a redirect page has none to check).
_TABLE_PAGES = [
    str(p.relative_to(HTML))
    for p in PAGES
    if "<table" in (text := p.read_text(encoding="utf-8", errors="replace"))
    and 'http-equiv="Refresh"' not in text
]


def test_the_ledger_page_has_a_table() -> None:
    """Guards the table check below from passing vacuously."""
    _require_build()
    assert LEDGER in _TABLE_PAGES, "the ledger page has no table"


@pytest.mark.parametrize("rel", _TABLE_PAGES or ["(no build)"])
def test_table_words_stay_whole_at_phone_width(browser: Any, server: str, rel: str) -> None:
    """At 390 px a table wider than the screen scrolls sideways in its box; its words are
    not cut into pieces to squeeze it (only code, paths and addresses may wrap anywhere)."""
    tables = _measured(browser, server, rel, PHONE, "tables")
    cut = [f"table '{t['head']}': {t['broken'][:6]}" for t in tables if t["broken"]]
    assert not cut, f"{rel}: words cut across lines at {PHONE['width']} px:\n  " + "\n  ".join(cut)


@pytest.mark.parametrize("rel", _TABLE_PAGES or ["(no build)"])
def test_no_table_is_clipped_at_desktop_width(browser: Any, server: str, rel: str) -> None:
    """At 1280 px every table fits the text column: none is wider than its box (a reader
    would see it cut, or have to scroll it sideways to find its last columns), and none
    fits by cutting its words."""
    tables = _measured(browser, server, rel, DESKTOP, "tables")
    clipped = [f"table '{t['head']}' {t['over']:.0f} px too wide" for t in tables if t["over"] > 1]
    clipped += [f"table '{t['head']}' cuts words: {t['broken'][:6]}" for t in tables if t["broken"]]
    assert not clipped, (
        f"{rel}: tables wider than the text column at {DESKTOP['width']} px:\n  "
        + "\n  ".join(clipped)
    )


def _chapter_front_pages() -> list[str]:
    import yaml

    toc = yaml.safe_load((HTML.parents[1] / "_toc.yml").read_text(encoding="utf-8"))
    return [
        entry["file"]
        for part in toc["parts"]
        if part.get("caption") == "Chapters"
        for entry in part["chapters"]
    ]


def test_chapter_front_pages_show_their_key_chart() -> None:
    _require_build()
    fronts = _chapter_front_pages()
    assert fronts, "no chapters in _toc.yml"
    without = [
        f
        for f in fronts
        if 'class="book-chart"' not in (HTML / f"{f}.html").read_text(encoding="utf-8")
    ]
    assert not without, f"chapter front pages without a chart: {without}"


#: File names and claim ids a reader should not meet in a chart's title, description and
#: source lines (its alt text in the HTML), in the claims ledger or in the text of a page
#: for readers (ids may stay in downloads, tooltips and a chart's provenance).
_FILE_NAMES = re.compile(
    r"data/(articles|curated|sources)|\.ya?ml\b|\.ipynb\b|\bc-[a-z]+-[a-z-]+\b"
)
#: The one page written for replicators, where file names are its subject.
REPLICATOR_PAGES = frozenset({"chapters/appendix/reproducing.html"})


def test_chart_and_ledger_text_names_no_files_or_claim_ids() -> None:
    _require_build()
    found = {}
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        parts = re.findall(r'<p class="book-chart-alt">(.*?)</p>', text, flags=re.S)
        parts += re.findall(r'<table class="[^"]*book-ledger.*?</table>', text, flags=re.S)
        words = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(parts)))
        hits = sorted({m.group(0) for m in _FILE_NAMES.finditer(words)})
        if hits:
            found[page.relative_to(HTML).as_posix()] = hits
    assert not found, f"file names or claim ids in charts or the ledger: {found}"


def test_reader_pages_name_no_files() -> None:
    """The text of every page but the replicators' (the appendix's data page included)
    says "the project's data registry", not its file name; a chart's collapsed provenance
    may name the notebook that made it."""
    _require_build()
    found = {}
    for page in PAGES:
        rel = page.relative_to(HTML).as_posix()
        match = re.search(r"<article.*?</article>", page.read_text(encoding="utf-8"), flags=re.S)
        if rel in REPLICATOR_PAGES or match is None:
            continue
        body = re.sub(r"<(script|style)\b.*?</\1>", " ", match.group(0), flags=re.S)
        body = re.sub(
            r'<details class="book-chart-provenance">.*?</details>', " ", body, flags=re.S
        )
        words = html.unescape(re.sub(r"<[^>]+>", " ", body))
        hits = sorted({m.group(0) for m in _FILE_NAMES.finditer(words)})
        if hits:
            found[rel] = hits
    assert not found, f"file names in the text of reader pages: {found}"
