"""Article texts: inputs like the raw data, looked up by file name, verified by sha256.

An annotation (``data/articles/<slug>.yml``) records its article's ``url`` and, under
``metadata.text``, the text's ``file`` name and ``sha256``; never a path. The text is
looked up in the folder :func:`analysis.paths.articles_text_dir` names (the setting
``BOOK_ARTICLES_DIR``, default ``../shared/articles``). A text that is present but whose
bytes differ from the recorded sha256 is an error (its paragraph numbers would not be
the annotated ones). A text that is absent skips the checks that need it (quotes,
paragraph numbers, the title): :func:`missing_text_notice` says so in one line, and
``BOOK_ARTICLES_REQUIRED=1`` (CI) turns the notice into an error.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import AnnotationError
from analysis.paths import ARTICLES_DIR_ENV, articles_text_dir

#: The checks that need the article's text.
TEXT_CHECKS = "quote checks, paragraph numbers, title match"

_DATE_STAMP = re.compile(
    r"^(January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{1,2}, \d{4}\b",
    re.MULTILINE,
)


def sha256_of(path: Path) -> str:
    """The sha256 (hex) of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def text_path(file: str) -> Path:
    """Where the text named ``file`` is looked up (it may be absent)."""
    return articles_text_dir() / file


@lru_cache(maxsize=16)
def _read(path: Path, mtime_ns: int, size: int) -> tuple[str, str]:
    data = path.read_bytes()
    return data.decode("utf-8"), hashlib.sha256(data).hexdigest()


def read_text(file: str, sha256: str | None = None, *, origin: str = "") -> str | None:
    """The text named ``file``, or None when it is not in the articles folder.

    Raises :class:`AnnotationError` when ``sha256`` is given and the bytes differ."""
    path = text_path(file)
    if not path.is_file():
        return None
    stat = path.stat()
    text, digest = _read(path, stat.st_mtime_ns, stat.st_size)
    if sha256 is not None and digest != sha256:
        raise AnnotationError(
            f"{origin or file}: the article text {path} has sha256 {digest[:12]}..., not the "
            f"annotated {sha256[:12]}...: the text changed since it was annotated (re-check "
            "quotes and paragraph numbers, then record the new sha256)"
        )
    return text


def missing_text_notice(slug: str, file: str) -> str:
    """One line: which checks of an annotation could not run because its text is absent."""
    return (
        f"data/articles/{slug}.yml: article text {file} not found in {articles_text_dir()} "
        f"(setting {ARTICLES_DIR_ENV}): {TEXT_CHECKS} not run"
    )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """``(front matter, body)`` of an article text (empty front matter when there is none)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            front = yaml.safe_load(text[4:end])
            return (front if isinstance(front, dict) else {}), text[end + 5 :]
    return {}, text


def split_paragraphs(text: str) -> list[str]:
    """Body paragraphs of an article text (front matter and header blocks dropped): the
    header runs up to the first block with a date stamp such as ``April 22, 2016 18:20``
    (or is the title block alone); paragraphs are numbered from 1 after it."""
    _, body = split_front_matter(text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    for index, block in enumerate(blocks[:4]):
        if _DATE_STAMP.search(block):
            return blocks[index + 1 :]
    return blocks[1:]
