"""What the built book publishes, as text: for the reuse measure (:mod:`analysis.metrics.reuse`).

A reader meets an article's words in the HTML book in four places, and all four count:

* the pages' text (every text node outside scripts and styles);
* attributes a browser or screen reader shows: ``aria-label``, ``aria-description``,
  ``alt``, ``title``, ``placeholder`` and ``<meta content>`` (link previews);
* the chart specs (``<script type="application/json">``): every string in them, which
  includes each tooltip's field values and the titles Vega turns into aria-labels at
  run time;
* the chart downloads (``_static/charts/*.csv``): every cell.

Sphinx's search index (words out of order) and the theme's own scripts are not text a
reader reads and are skipped.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from analysis.inputs.articles import all_articles, article_paragraphs
from analysis.metrics.reuse import Reuse, reuse

#: Attributes whose values a reader sees or hears.
SHOWN_ATTRIBUTES = frozenset(
    {"aria-label", "aria-description", "alt", "title", "placeholder", "content"}
)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value (keys excluded)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._script: str | None = None  # "json", "skip" or None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.texts.append(value)
        if tag in ("script", "style"):
            kind = dict(attrs).get("type") or ""
            self._script = "json" if tag == "script" and kind.endswith("json") else "skip"
            self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._script is not None:
            if self._script == "json":
                try:
                    self.texts.extend(_strings(json.loads("".join(self._buffer))))
                except json.JSONDecodeError:
                    self.texts.append("".join(self._buffer))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._buffer.append(data)
        elif data.strip():
            self.texts.append(data)


def html_texts(html: str) -> list[str]:
    """The published texts of one HTML page (see the module docstring), in order."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    return parser.texts


def csv_texts(text: str) -> list[str]:
    """Every non-empty cell of a CSV file."""
    return [cell for row in csv.reader(text.splitlines()) for cell in row if cell.strip()]


def site_texts(html_dir: Path) -> dict[str, list[str]]:
    """Published texts of a built HTML book, by file (relative path): every page
    (``*.html`` outside ``_static`` and ``_sources``) and every chart download (CSV)."""
    out: dict[str, list[str]] = {}
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir)
        if rel.parts[0] in ("_static", "_sources", "_images"):
            continue
        out[rel.as_posix()] = html_texts(path.read_text(encoding="utf-8"))
    for path in sorted((html_dir / "_static").rglob("*.csv")):
        out[path.relative_to(html_dir).as_posix()] = csv_texts(path.read_text(encoding="utf-8"))
    return out


def site_reuse(html_dir: Path) -> dict[str, Reuse]:
    """For every annotated article whose text is available: what of it the built book
    republishes (:func:`analysis.metrics.reuse.reuse` over all of :func:`site_texts`)."""
    texts = [t for page in site_texts(html_dir).values() for t in page]
    out: dict[str, Reuse] = {}
    for article in all_articles():
        paragraphs = article_paragraphs(article.slug)
        if paragraphs is not None:
            out[article.slug] = reuse(paragraphs, texts)
    return out
