"""The claims ledger in the HTML edition: coloured verdicts, folded reasons, filters.

:func:`analysis.charts.tables.ledger_markdown` writes the ledger as a table of class
``book-ledger`` (article, claim and reason, kind, verdict, where weighed). The Sphinx
extension ships :data:`LEDGER_JS` and :func:`ledger_css` with the book (no other host)
and adds them to every page; they act on ``table.book-ledger`` only:

* each verdict cell gets the verdict's colour (:data:`analysis.charts.VERDICT_COLOURS`,
  the colours of the verdict charts) as a tinted band with the word kept dark;
* the reason of a verdict (the statement cell's paragraphs after the first) folds into
  a ``<details>`` ("Why supported"), so the statements stay in view;
* the article column becomes one heading row per article (the rows come in article
  order), which leaves the statements the width;
* a form above the table filters the rows by article and by verdict and says how many
  claims it shows.

Without JavaScript, and in the PDF, the ledger is the full table.
"""

from __future__ import annotations

import re

from analysis.charts.style import VERDICT_COLOURS

JS_NAME = "book/ledger.js"
CSS_NAME = "book/ledger.css"

LEDGER_JS = """\
/* The claims ledger: coloured verdicts, folded reasons, filters (booktools.ledger). */
(function () {
  "use strict";
  function slug(t) { return t.trim().toLowerCase().replace(/[^a-z]+/g, "-"); }
  function text(el) { return (el.textContent || "").replace(/\\s+/g, " ").trim(); }
  function choice(form, label, values, name) {
    var wrap = document.createElement("label");
    wrap.textContent = label + " ";
    var select = document.createElement("select");
    select.name = name;
    [["", "All"]].concat(values.map(function (v) { return [v, v]; })).forEach(function (o) {
      var option = document.createElement("option");
      option.value = o[0];
      option.textContent = o[1];
      select.appendChild(option);
    });
    wrap.appendChild(select);
    form.appendChild(wrap);
    return select;
  }
  function unique(rows, key) {
    var seen = [];
    rows.forEach(function (r) { if (seen.indexOf(r.dataset[key]) < 0) { seen.push(r.dataset[key]); } });
    return seen;
  }
  function enhance(table) {
    if (table.dataset.ledger || !table.tBodies.length) { return; }
    table.dataset.ledger = "yes";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.forEach(function (row) {
      var cells = row.cells;
      if (cells.length < 5) { return; }
      var verdict = text(cells[3]);
      row.dataset.article = text(cells[0]);
      row.dataset.verdict = verdict;
      cells[3].classList.add("book-verdict", "book-verdict-" + slug(verdict));
      var paragraphs = cells[1].querySelectorAll(":scope > p");
      if (paragraphs.length > 1) {
        var fold = document.createElement("details");
        fold.className = "book-why";
        var summary = document.createElement("summary");
        summary.textContent = "Why " + verdict;
        fold.appendChild(summary);
        for (var i = 1; i < paragraphs.length; i++) { fold.appendChild(paragraphs[i]); }
        cells[1].appendChild(fold);
      }
    });
    /* Rows come grouped by article: one heading row per article instead of a column. */
    var groups = [], last = null;
    rows.forEach(function (row) {
      if (row.cells.length < 5) { return; }
      if (row.dataset.article !== last) {
        last = row.dataset.article;
        var head = document.createElement("tr");
        head.className = "book-ledger-group";
        var cell = document.createElement("th");
        cell.colSpan = 4;
        cell.scope = "colgroup";
        cell.innerHTML = row.cells[0].innerHTML;
        head.appendChild(cell);
        row.parentNode.insertBefore(head, row);
        groups.push({head: head, rows: []});
      }
      groups[groups.length - 1].rows.push(row);
    });
    /* The article column goes (the heading rows carry it); its width goes to the others. */
    var cols = table.querySelectorAll("colgroup > col");
    if (cols.length === 5) {
      cols[0].remove();
      [50, 16, 18, 16].forEach(function (w, i) { cols[i + 1].style.width = w + "%"; });
    }
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows : [], function (r) {
      if (r.cells.length === 5) { r.cells[0].remove(); }
    });
    rows.forEach(function (r) { if (r.cells.length === 5) { r.cells[0].remove(); } });
    table.classList.add("book-ledger-grouped");
    var form = document.createElement("form");
    form.className = "book-ledger-filter";
    form.setAttribute("aria-label", "Filter the claims");
    var article = choice(form, "Article", unique(rows, "article"), "article");
    var verdict = choice(form, "Verdict", unique(rows, "verdict"), "verdict");
    var shown = document.createElement("output");
    shown.setAttribute("aria-live", "polite");
    form.appendChild(shown);
    function apply() {
      var n = 0;
      rows.forEach(function (r) {
        var keep = (!article.value || r.dataset.article === article.value) &&
          (!verdict.value || r.dataset.verdict === verdict.value);
        r.hidden = !keep;
        if (keep) { n += 1; }
      });
      groups.forEach(function (g) {
        g.head.hidden = g.rows.every(function (r) { return r.hidden; });
      });
      shown.textContent = n + " of " + rows.length + " claims shown";
    }
    article.addEventListener("change", apply);
    verdict.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
    var anchor = table.closest(".pst-scrollable-table-container") || table;
    anchor.parentNode.insertBefore(form, anchor);
  }
  function start() { document.querySelectorAll("table.book-ledger").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
"""


#: Every table of the book fits the text column at desktop width: code and links to other
#: sites in cells (file names, checksums, paths, addresses) may wrap anywhere instead of pushing the table past the column,
#: where a reader would have to scroll it sideways to see its last columns. Words are not
#: cut to squeeze a table: on a phone, a table wider than the screen scrolls sideways in
#: its box (the theme's), and the claims ledger keeps a readable width to scroll.
TABLE_FIT_CSS = (
    "/* Tables fit the text column (booktools.ledger.TABLE_FIT_CSS). */",
    "article table td { overflow-wrap: break-word; }",
    "article table td a.reference.external { overflow-wrap: anywhere; }",
    "article table td code, article table td span.pre { white-space: normal;"
    " overflow-wrap: anywhere; word-break: break-all; }",
    "article table.table { font-size: 0.92em; }",
    "article table.table td, article table.table th { padding: 0.35rem 0.4rem; }",
    "@media (max-width: 42rem) { article table.book-ledger { min-width: 42rem; } }",
)


def ledger_css() -> str:
    """The ledger's stylesheet (a wide statement column and one rule per verdict colour),
    and :data:`TABLE_FIT_CSS` for every table of the book."""
    rules = [
        *TABLE_FIT_CSS,
        "/* The claims ledger (booktools.ledger). */",
        "table.book-ledger { width: 100%; font-size: 0.92em; }",
        "table.book-ledger td { padding: 0.35rem 0.5rem; }",
        "table.book-ledger-grouped { table-layout: fixed; }",
        "tr.book-ledger-group th { background: #F3F4F6; font-size: 1.02em; padding-top: 0.6rem; }",
        "table.book-ledger td p { margin-bottom: 0.3rem; }",
        ".book-ledger-filter { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem;"
        " align-items: center; margin: 0.5rem 0 0.75rem; }",
        ".book-ledger-filter select { margin-left: 0.3rem; max-width: 22em; }",
        ".book-ledger-filter output { color: #444; }",
        "details.book-why > summary { cursor: pointer; color: #444; font-size: 0.92em; }",
        ".book-verdict { font-weight: 600; color: #111; border-left: 5px solid #BBBBBB; }",
    ]
    for verdict, colour in VERDICT_COLOURS.items():
        name = re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
        rules.append(
            f"table.book-ledger td.book-verdict-{name} {{ border-left-color: {colour};"
            f" background: {colour}26; }}"
        )
    return "\n".join(rules) + "\n"
