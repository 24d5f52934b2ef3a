"""The built HTML book in a real browser: charts render, nothing loads from other hosts.

Runs against ``_build/html`` (build it first: ``make book``), twice: served over HTTP
on 127.0.0.1 at a desktop's width (1280 px) and opened from ``file://`` at a phone's
(390 px; these checks do not depend on the width), one visit per page in each mode, each a
fresh load at its width, with one browser per pytest worker (the ``browser`` and
``server`` fixtures of tests/conftest.py) and one browser context, whose HTTP cache every
visit shares, with one tab per width (each visit leaves its page for ``about:blank``).
Each visit also measures the page's charts and tables (:data:`MEASURE`, :data:`TABLES`)
for tests/test_reader_layout.py (:data:`LAYOUT`): the layout does not depend on how the
page is served (the same measurements over HTTP and from ``file://``, at both widths, on
every chart page when this was set up), so those tests load no page again.
For every page it checks that

* every chart container (``.book-chart``) rendered an ``<svg>`` or ``<canvas>``;
* no request went to any host other than 127.0.0.1 (such requests are recorded, and
  fail: Chromium resolves no other host, so an offline reader sees the same page);
* the book's own scripts logged no console error and raised no exception;
* every chart offers its three downloads (data as CSV, PNG, SVG), each of which
  resolves (HTTP 200, or the file exists), and the CSV has ``source`` and ``licence``
  columns.

Each page is also audited with axe-core on its HTTP visit (``tools/axe``, ``npm ci``
there; injected inline, so nothing is fetched): no violation of impact serious or
critical, colour contrast included; no rule is disabled (the book repairs the third-party
markup axe flagged: ``_static/book/a11y.js``, see booktools.sphinxext).

A visit ends when every chart has rendered, the audit is done and no request is still in
flight; there is no fixed wait (none of the pages issued a request or logged a message
after its charts had rendered, watched for 1.5 s each, in both modes).

It also checks page weights (no page's HTML over 1.5 MB) and, once ``make pdf`` has run,
that the site offers the PDF. Uses Debian's Chromium (``/usr/bin/chromium``, or
``BOOK_CHROMIUM``) through Playwright; it never downloads a browser. Skipped, with the
reason, when Chromium, Playwright or the build is missing, unless
``BOOK_BROWSER_REQUIRED=1`` (set by ``.ci/run``), which turns those skips into failures.
Set ``BOOK_SCREENSHOTS=<folder>`` to save a full-page screenshot of each page (``http/``
at the desktop's width, ``file/`` at the phone's).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

#: Every test here reads the HTML build of this run (tests/conftest.py).
pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
PDF = ROOT / "_build" / "latex" / "book.pdf"
CHROMIUM = Path(os.environ.get("BOOK_CHROMIUM", "/usr/bin/chromium"))
REQUIRED = os.environ.get("BOOK_BROWSER_REQUIRED") == "1"
MAX_PAGE_BYTES = 1_500_000
#: Every host but 127.0.0.1 fails to resolve, so nothing leaves the machine; requests are
#: not intercepted (Playwright routing would turn the HTTP cache off), but each one to
#: another host is still recorded and fails the page (:func:`_visit`).
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    OFFLINE,
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
RENDER_TIMEOUT_MS = 20_000
#: The longest wait for requests still in flight once a page is checked.
SETTLE_TIMEOUT_S = 5.0
DOWNLOAD_FORMATS = ("csv", "png", "svg", "zip")
AXE_JS = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_IMPACTS = ("serious", "critical")

#: For each chart, as drawn (tests/test_reader_layout.py checks them): the smallest drawn
#: text (font size times the SVG's on-screen scale), that text, how far the SVG runs past
#: its container (px), text cut by its box or the screen, its widest plot, and labels drawn
#: over other text.
MEASURE = """
els => els.map(el => {
  const svg = el.querySelector('.book-chart-view svg');
  if (!svg) { return {id: el.id, drawn: false}; }
  const natural = svg.width.baseVal.value || svg.getBoundingClientRect().width;
  const scale = svg.getBoundingClientRect().width / natural;
  let smallest = Infinity, which = '';
  svg.querySelectorAll('text').forEach(t => {
    const words = (t.textContent || '').trim();
    if (!words || t.getBoundingClientRect().width === 0) { return; }
    const size = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (size < smallest) { smallest = size; which = words.slice(0, 40); }
  });
  const overflow = svg.getBoundingClientRect().right - el.getBoundingClientRect().right;
  /* Text cut by the chart's own box or by the screen: every drawn text's box (a title
     line, an axis or mark label, a legend entry, a source line) inside both; no title or
     label on the plot shortened to an ellipsis (axis labels may be: the axis still reads). */
  const box = el.getBoundingClientRect(), screenRight = document.documentElement.clientWidth;
  const cut = [];
  svg.querySelectorAll('text').forEach(t => {
    const words = (t.textContent || '').trim(), r = t.getBoundingClientRect();
    if (!words || r.width === 0) { return; }
    const left = Math.max(box.left, 0), right = Math.min(box.right, screenRight);
    if (r.left < left - 1 || r.right > right + 1) {
      cut.push(words.slice(0, 40) + ' (' + Math.round(r.left) + '-' + Math.round(r.right) + ' px)');
    } else if (words.endsWith('\u2026') && t.closest('.role-title, .role-mark')) {
      cut.push(words.slice(0, 40) + ' (shortened)');  /* a title or a label on the plot */
    }
  });
  /* Plot areas: the background of each view (groups that are no legend, axis or title). */
  let plot = 0;
  svg.querySelectorAll('g.mark-group.role-scope > g > path.background').forEach(p => {
    if (p.closest('.role-legend, .role-axis, .role-title')) { return; }
    plot = Math.max(plot, p.getBoundingClientRect().width);
  });
  /* A label on the plot drawn over text: a visible label of a mark and another visible
     text of the chart (a label, an axis, legend or title text) whose boxes share more than
     a pixel both across and down (hidden text - opacity 0, display none - is not drawn). */
  const shown = t => {
    for (let n = t; n && n !== svg; n = n.parentElement) {
      const st = getComputedStyle(n);
      if (st.display === 'none' || st.visibility === 'hidden' || parseFloat(st.opacity) === 0 ||
          n.getAttribute('opacity') === '0') { return false; }
    }
    return true;
  };
  const texts = [];
  svg.querySelectorAll('text').forEach(t => {
    const words = (t.textContent || '').trim(), r = t.getBoundingClientRect();
    const label = !!t.closest('.role-mark') && !t.closest('.role-axis, .role-legend, .role-title');
    if (words && r.width > 0 && r.height > 0 && shown(t)) { texts.push([words, r, label]); }
  });
  const overlaps = [];
  texts.forEach(([a, ra, la], i) => texts.slice(i + 1).forEach(([b, rb, lb]) => {
    const across = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
    const down = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
    if (across > 1 && down > 1) { overlaps.push(a.slice(0, 30) + ' / ' + b.slice(0, 30)); }
  }));
  return {id: el.id, drawn: true, smallest: smallest, which: which, overflow: overflow,
          cut: cut, plot: plot, box: [Math.round(box.left), Math.round(box.right)],
          overlaps: overlaps};
})
"""

#: For each table of the page's text: how far it runs past the box it sits in (px), that
#: box's width, the table's first header (to name it), and the words of its cells drawn
#: across two lines (``broken``: a word of letters cut inside, not at a space or hyphen;
#: code, paths and addresses may wrap anywhere and are left out).
TABLES = r"""
tables => tables.map(t => {
  const box = t.parentElement;
  const head = t.querySelector('th');
  const broken = [];
  t.querySelectorAll('td, th').forEach(cell => {
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      const text = node.textContent, within = node.parentElement;
      if (within.closest('code, kbd, span.pre') || /[/@]|www[.]/.test(text)) { continue; }
      for (const m of text.matchAll(/[\p{L}]{2,}/gu)) {
        const r = document.createRange();
        r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter(x => x.width > 0)
          .map(x => Math.round(x.top)));
        if (tops.size > 1) { broken.push(m[0]); }
      }
    }
  });
  return {head: head ? head.textContent.trim().slice(0, 30) : '', broken: broken,
          over: t.getBoundingClientRect().width - box.clientWidth, width: box.clientWidth};
})
"""


#: What the visits of this worker measured, by page and viewport: its ``charts``
#: (:data:`MEASURE`) and ``tables`` (:data:`TABLES`), for tests/test_reader_layout.py, whose
#: tests each take (and remove) what they check; tests/conftest.py runs a page's visits and
#: its layout tests on one worker, in that order.
LAYOUT: dict[tuple[str, int, int], dict[str, list[dict[str, Any]]]] = {}


def remember_layout(rel: str, viewport: dict[str, int], result: dict[str, Any]) -> None:
    """Keep what a visit of page ``rel`` at ``viewport`` measured (:data:`LAYOUT`)."""
    key = (rel, viewport["width"], viewport["height"])
    LAYOUT[key] = {"charts": result["layout"], "tables": result["tables"]}


def _pages() -> list[Path]:
    if not HTML.is_dir():
        return []
    return sorted(
        p
        for p in HTML.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(p.relative_to(HTML).parts)
    )


PAGES = _pages()


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (BOOK_BROWSER_REQUIRED=1)")
    pytest.skip(reason)


def _require_build() -> None:
    """Only a build newer than every input (tests/conftest.py): never a stale one."""
    from conftest import require_fresh_build

    require_fresh_build()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


_CONTEXTS: dict[int, Any] = {}


def context_of(browser: Any) -> Any:
    """The one browser context of this worker's browser, shared by every visit, so the HTTP
    cache keeps the scripts every page loads (Font Awesome, the chart bundle) and the code
    compiled from them; made again if a caller closed it."""
    context = _CONTEXTS.get(id(browser))
    if context is None or context not in browser.contexts:
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        _CONTEXTS[id(browser)] = context
    return context


def new_page(browser: Any, viewport: dict[str, int] = DESKTOP) -> Any:
    """A new page of the shared context (:func:`context_of`) at ``viewport``."""
    page = context_of(browser).new_page()
    page.set_viewport_size(viewport)
    return page


_TABS: dict[tuple[int, int, int], Any] = {}


def _tab(browser: Any, viewport: dict[str, int]) -> Any:
    """This worker's tab for the visits at ``viewport`` (:func:`_visit`), at ``about:blank``
    between visits, so that each visit loads its page at that width (never resized). One tab
    for many visits, as a reader follows links: a new tab per visit cost more than the
    visit's own work (a renderer process started, the chart bundle compiled again)."""
    context = context_of(browser)
    key = (id(context), viewport["width"], viewport["height"])
    page = _TABS.get(key)
    if page is None or page.is_closed() or page.context is not context:
        page = _TABS[key] = new_page(browser, viewport)
    return page


@contextlib.contextmanager
def opened(
    browser: Any, url: str, viewport: dict[str, int] = DESKTOP, redirects: bool = False
) -> Iterator[Any]:
    """``url`` loaded at ``viewport`` in this worker's tab for that width (:func:`_tab`),
    every chart drawn, for the caller to read; then left for ``about:blank`` (the tab closed
    if anything failed). No listening: :func:`_visit` checks requests and errors."""
    page = _tab(browser, viewport)
    left = False
    try:
        page.goto(url, wait_until="load")
        if redirects:
            page.wait_for_url(lambda now: now != url, wait_until="load")
        if page.locator(".book-chart").count():
            page.wait_for_function(
                "() => [...document.querySelectorAll('.book-chart')]"
                ".every(el => el.hasAttribute('data-rendered'))",
                timeout=RENDER_TIMEOUT_MS,
            )
        yield page
        page.goto("about:blank")
        left = page.url == "about:blank"
    finally:
        if not left:
            page.close()


def _visit(
    browser: Any,
    url: str,
    shot: Path | None = None,
    redirects: bool = False,
    audit: bool = False,
    viewport: dict[str, int] = DESKTOP,
) -> dict[str, Any]:
    """Load ``url`` at ``viewport`` (:func:`_tab`); return charts found, external requests
    and the book's own errors, every chart measured by :data:`MEASURE` once drawn
    (``layout``) and every table of the text by :data:`TABLES` (``tables``), and with
    ``audit`` the axe-core results (see :func:`_audit_problems`).

    ``redirects``: the page is a meta-refresh redirect (``index.html``); follow it first.
    Requests to other hosts are recorded from the whole context while the page is open
    (pop-ups included); they fail to resolve (:data:`OFFLINE`). A visit ends by leaving the
    page for ``about:blank`` before it stops listening, so nothing of the page runs on into
    the next visit; a visit that fails closes its tab (the next one opens a new tab).
    """
    context = context_of(browser)
    external: list[str] = []
    errors: list[str] = []
    pending: set[Any] = set()

    def offsite(req: Any) -> None:
        if not _is_local(req.url):
            external.append(req.url)

    def console(msg: Any) -> None:
        where = (msg.location or {}).get("url", "")
        if urlsplit(where).path == "/favicon.ico":
            return  # the browser's own guess (the book declares no icon), not the book's request
        if msg.type == "error" and (not where or _is_local(where)):
            errors.append(f"console: {msg.text} ({where})")

    handlers = {
        "request": lambda req: pending.add(req),
        "requestfinished": lambda req: pending.discard(req),
        "requestfailed": lambda req: pending.discard(req),
        "websocket": lambda ws: None if _is_local(ws.url) else external.append(ws.url),
        "pageerror": lambda exc: errors.append(f"uncaught: {exc}"),
        "console": console,
    }
    page = _tab(browser, viewport)
    context.on("request", offsite)
    for event, handler in handlers.items():
        page.on(event, handler)
    axe = None
    left = False
    try:
        page.goto(url, wait_until="load")
        if redirects:
            page.wait_for_url(lambda now: now != url, wait_until="load")
        charts = page.locator(".book-chart").count()
        if charts:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.book-chart')]"
                ".every(el => el.hasAttribute('data-rendered'))",
                timeout=RENDER_TIMEOUT_MS,
            )
        states = page.eval_on_selector_all(
            ".book-chart",
            "els => els.map(el => ({id: el.id, state: el.getAttribute('data-rendered'),"
            " drawn: el.querySelector('.book-chart-view svg, .book-chart-view canvas') !== null,"
            " label: (el.querySelector('[role=graphics-document]') || el).getAttribute('aria-label'),"
            " downloads: [...el.querySelectorAll('.book-chart-downloads a')]"
            ".map(a => ({format: a.dataset.format, href: a.href}))}))",
        )
        layout = page.eval_on_selector_all(".book-chart", MEASURE) if charts else []
        tables = page.eval_on_selector_all("article table", TABLES)
        if audit:
            axe = _run_axe(page)
        # late requests and console messages: wait while a request is in flight (events
        # are delivered in order, so messages logged so far have arrived)
        deadline = time.monotonic() + SETTLE_TIMEOUT_S
        while pending and time.monotonic() < deadline:
            page.wait_for_timeout(25)
        if shot is not None:
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True)
        page.goto("about:blank")  # the tab's next visit starts from a blank page
        left = page.url == "about:blank"
    finally:
        for event, handler in handlers.items():
            page.remove_listener(event, handler)
        context.remove_listener("request", offsite)
        if not left:
            page.close()
    return {
        "charts": states,
        "external": sorted(set(external)),
        "errors": errors,
        "axe": axe,
        "layout": layout,
        "tables": tables,
    }


def _run_axe(page: Any) -> dict[str, Any]:
    """axe-core on the page as it is (charts drawn): violations, and charts' text alternatives."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    return dict(
        page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => ({target: n.target.join(' '), impact: n.impact,"
            " summary: n.failureSummary}))})),"
            " unlabelled: [...document.querySelectorAll('.book-chart [role=graphics-document]')]"
            ".filter(e => !(e.getAttribute('aria-label') || '').trim()).length,"
            " charts: document.querySelectorAll('.book-chart').length,"
            " labelled: document.querySelectorAll('.book-chart [role=graphics-document][aria-label]').length}; }",
        )
    )


def _audit_problems(result: dict[str, Any]) -> list[str]:
    """axe-core: no serious or critical violation; every chart has a text alternative."""
    problems = [
        f"axe-core: {v['id']} ({n['impact'] or v['impact']}): {v['help']} at {n['target']}:"
        f" {n['summary']}"
        for v in result["violations"]
        for n in v["nodes"]
        if (n["impact"] or v["impact"]) in AXE_IMPACTS
    ]
    if result["labelled"] != result["charts"] or result["unlabelled"]:
        problems.append(
            f"axe-core: {result['charts']} charts, {result['labelled']} with a text alternative"
        )
    return problems


def _fetch(url: str) -> bytes:
    """The bytes behind a download link: over HTTP (status 200) or from file://."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
        assert path.is_file(), f"missing file {path}"
        return path.read_bytes()
    assert _is_local(url), f"download link leaves the site: {url}"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, f"{url}: HTTP {response.status}"
        return bytes(response.read())


def _download_problems(chart: dict[str, Any]) -> list[str]:
    links = {d["format"]: d["href"] for d in chart.get("downloads", [])}
    if sorted(links) != sorted(DOWNLOAD_FORMATS):
        return [
            f"chart {chart['id']} offers downloads {sorted(links)}, not {list(DOWNLOAD_FORMATS)}"
        ]
    problems = []
    for fmt, href in links.items():
        try:
            data = _fetch(href)
        except (AssertionError, OSError) as exc:
            problems.append(f"chart {chart['id']}: {fmt} download {href} does not resolve: {exc}")
            continue
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
            header = set(rows[0]) if rows else set()
            if (
                not rows
                or not {"source", "licence"} <= header
                or not all(r["source"] and r["licence"] for r in rows)
            ):
                problems.append(
                    f"chart {chart['id']}: CSV without rows or filled source/licence columns"
                )
        elif fmt == "png" and not data.startswith(b"\x89PNG"):
            problems.append(f"chart {chart['id']}: PNG download is not a PNG")
        elif fmt == "svg" and b"<svg" not in data[:500]:
            problems.append(f"chart {chart['id']}: SVG download is not an SVG")
        elif fmt == "zip" and not data.startswith(b"PK"):
            problems.append(f"chart {chart['id']}: bundle download is not a zip")
    return problems


def _check(result: dict[str, Any], where: str) -> None:
    problems = []
    for chart in result["charts"]:
        if chart["state"] != "yes" or not chart["drawn"]:
            problems.append(f"chart {chart['id']} did not render (state {chart['state']!r})")
        elif not chart["label"]:
            problems.append(f"chart {chart['id']} has no aria-label (its description)")
        problems += _download_problems(chart)
    problems += [f"external request: {u}" for u in result["external"]]
    problems += result["errors"]
    if result.get("axe") is not None:
        problems += _audit_problems(result["axe"])
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def _shot(mode: str, rel: str) -> Path | None:
    folder = os.environ.get("BOOK_SCREENSHOTS")
    return Path(folder) / mode / (rel.replace("/", "__") + ".png") if folder else None


def _redirects(rel: str) -> bool:
    return 'http-equiv="Refresh"' in (HTML / rel).read_text(encoding="utf-8", errors="replace")


_IDS = [str(p.relative_to(HTML)) for p in PAGES] or ["(no build)"]


@pytest.mark.parametrize("rel", _IDS)
def test_page_over_http(browser: Any, server: str, rel: str) -> None:
    """Charts, downloads, requests, errors, and the axe-core audit (one visit, 1280 px)."""
    _require_build()
    audit = AXE_JS.is_file()
    result = _visit(browser, server + rel, _shot("http", rel), _redirects(rel), audit=audit)
    remember_layout(rel, DESKTOP, result)
    _check(result, f"http {rel}")
    if not audit:
        _unavailable(f"axe-core not installed at {AXE_JS} (cd tools/axe && npm ci)")


@pytest.mark.parametrize("rel", _IDS)
def test_page_from_file(browser: Any, rel: str) -> None:
    """Charts, downloads, requests and errors offline (one visit, 390 px)."""
    _require_build()
    url = (HTML / rel).as_uri()
    result = _visit(browser, url, _shot("file", rel), _redirects(rel), viewport=PHONE)
    remember_layout(rel, PHONE, result)
    _check(result, f"file:// {rel}")


def test_book_has_rendered_charts(browser: Any) -> None:
    """Guards the checks above from passing vacuously: the appendix page has its charts."""
    _require_build()
    page = HTML / "chapters" / "appendix" / "coverage.html"
    assert page.is_file(), "the coverage page is missing from the build"
    result = _visit(browser, page.as_uri())
    assert len(result["charts"]) >= 2 and all(c["drawn"] for c in result["charts"]), result


def test_a_request_to_another_host_is_caught(browser: Any, tmp_path: Path) -> None:
    """Guards the off-site check: a page that loads an image from, fetches from and opens a
    websocket to another host fails it (and, unresolved, nothing reaches that host)."""
    _require_build()
    page = tmp_path / "offsite.html"
    page.write_text(
        "<!doctype html><html lang='en'><title>off-site</title>"
        "<img src='https://example.org/y.png' alt=''>"
        "<script>fetch('https://example.org/x').catch(() => {});"
        "try { new WebSocket('wss://example.org/ws'); } catch (e) {}</script></html>",
        encoding="utf-8",
    )
    result = _visit(browser, page.as_uri())
    wanted = {"https://example.org/x", "https://example.org/y.png", "wss://example.org/ws"}
    assert wanted <= set(result["external"]), result
    with pytest.raises(AssertionError, match="external request: https://example.org/x"):
        _check(result, "off-site fixture")


def test_page_weights() -> None:
    _require_build()
    weights = {str(p.relative_to(HTML)): p.stat().st_size for p in PAGES}
    heavy = {k: v for k, v in weights.items() if v > MAX_PAGE_BYTES}
    assert not heavy, f"pages over {MAX_PAGE_BYTES:,} bytes: {heavy}"
    bundles = list((HTML / "_static" / "book").glob("vega-bundle-*.js"))
    assert len(bundles) == 1, f"expected one shared vega bundle, found {bundles}"


def test_pdf_offered() -> None:
    _require_build()
    if not PDF.is_file():
        pytest.skip("no PDF built yet (make pdf)")
    copy = HTML / "book.pdf"
    assert copy.is_file() and copy.read_bytes() == PDF.read_bytes(), (
        "run 'make pdf' to copy the PDF into the site"
    )
    assert 'href="book.pdf"' in (HTML / "intro.html").read_text(encoding="utf-8")
