"""Reading a new article's text file: front matter, body paragraphs, checks.

:func:`read_article_source` refuses, naming the file and the field, a file without front
matter, a missing or malformed field, an empty body, bytes that are not UTF-8, or a slug the
book already has. Used by :mod:`booktools.new_article`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import BookDataError

#: Front-matter fields a new article must have.
REQUIRED_FIELDS: tuple[str, ...] = ("slug", "title", "outlet", "page_date")
#: Slugs taken by the book's own chapters.
RESERVED_SLUGS = frozenset({"map", "appendix", "intro"})
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")


class NewArticleError(BookDataError):
    """The article file cannot become a chapter (the message names the file and field)."""


@dataclass(frozen=True)
class ArticleSource:
    """What the front matter of a new article says."""

    path: Path
    slug: str
    title: str
    outlet: str
    url: str | None
    page_date: dt.date
    event_dates: tuple[tuple[dt.date, str], ...] = ()
    n_paragraphs: int = 0
    sha256: str = ""
    paragraphs: tuple[str, ...] = ()


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise NewArticleError(f"{where}: {value!r} is not a date (write YYYY-MM-DD)")


def _comment_of(front_text: str, key: str) -> str | None:
    """The ``# comment`` after ``key: value`` on its line of the front matter, if any."""
    m = re.search(rf"^{re.escape(key)}\s*:[^#\n]*#\s*(.+?)\s*$", front_text, re.MULTILINE)
    return m.group(1) if m else None


def read_article_source(path: Path) -> ArticleSource:
    """Parse and check the front matter of an article text file."""
    path = Path(path)
    if not path.is_file():
        raise NewArticleError(f"{path}: no such file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewArticleError(
            f"{path}: not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "save the article as UTF-8"
        ) from exc
    if not text.startswith("---\n"):
        raise NewArticleError(
            f"{path}: no front matter: the file must start with a '---' line, then "
            f"{', '.join(REQUIRED_FIELDS)} (and optionally url, event_date), then '---'"
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        raise NewArticleError(f"{path}: front matter is not closed by a '---' line")
    front_text, body = text[4:end], text[end + 5 :]
    try:
        front = yaml.safe_load(front_text)
    except yaml.YAMLError as exc:
        raise NewArticleError(f"{path}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(front, dict):
        raise NewArticleError(f"{path}: front matter must be a mapping of fields")
    missing = [f for f in REQUIRED_FIELDS if front.get(f) in (None, "")]
    if missing:
        raise NewArticleError(
            f"{path}: front matter lacks the required field(s) {', '.join(map(repr, missing))} "
            f"(required: {', '.join(REQUIRED_FIELDS)})"
        )
    slug = str(front["slug"])
    if not _SLUG.match(slug):
        raise NewArticleError(
            f"{path}: field 'slug': {slug!r} is not a slug (lowercase letters, digits, hyphens)"
        )
    for key in ("title", "outlet"):
        if not isinstance(front[key], str) or not front[key].strip():
            raise NewArticleError(f"{path}: field {key!r} must be text")
    url = front.get("url")
    if url is not None and (not isinstance(url, str) or not _URL.match(url.strip())):
        raise NewArticleError(f"{path}: field 'url': {url!r} is not an http(s) URL (or null)")
    page_date = _date(front["page_date"], f"{path}: field 'page_date'")
    if page_date > dt.date.today():
        raise NewArticleError(
            f"{path}: field 'page_date': {page_date} is in the future (the date the page shows)"
        )
    events: list[tuple[dt.date, str]] = []
    if front.get("event_date") is not None:
        raw = front["event_date"]
        dates = raw if isinstance(raw, list) else [raw]
        what = _comment_of(front_text, "event_date") if not isinstance(raw, list) else None
        for value in dates:
            events.append(
                (
                    _date(value, f"{path}: field 'event_date'"),
                    what or "event the article reports (describe it)",
                )
            )
    for i, item in enumerate(front.get("event_dates") or [], start=1):
        where = f"{path}: field 'event_dates' item {i}"
        if isinstance(item, dict):
            if "date" not in item:
                raise NewArticleError(f"{where}: needs a 'date'")
            events.append(
                (
                    _date(item["date"], where),
                    str(item.get("what") or "event the article reports (describe it)"),
                )
            )
        else:
            events.append((_date(item, where), "event the article reports (describe it)"))
    from analysis.inputs.article_text import split_paragraphs

    paragraphs = split_paragraphs(text)
    if not paragraphs:
        blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
        raise NewArticleError(
            f"{path}: no article text after the front matter"
            + (" (only a title or date line)" if blocks else "")
        )
    for when, _ in events:
        if when > dt.date.today():
            raise NewArticleError(f"{path}: field 'event_date': {when} is in the future")
    return ArticleSource(
        path=path,
        slug=slug,
        title=front["title"].strip(),
        outlet=front["outlet"].strip(),
        url=url.strip() if url else None,
        page_date=page_date,
        event_dates=tuple(events),
        n_paragraphs=len(paragraphs),
        sha256=hashlib.sha256(data).hexdigest(),
        paragraphs=tuple(paragraphs),
    )
