"""Validate every input the book is built from, used by a chapter or not.

:func:`validate_all` loads each ``data/curated/*.csv`` with its schema
(:mod:`analysis.inputs.curated`) and each ``data/articles/*.yml`` with the annotation
validator (:mod:`analysis.inputs.articles`, evidence model included), and raises one
:class:`~analysis.errors.InputValidationError` listing every problem with its file and
line, or its claim and row. The build tooling calls it before a build, so a malformed row
in a table no notebook reads cannot pass silently.
"""

from __future__ import annotations

from pathlib import Path

from analysis.errors import AnnotationError, CuratedDataError, InputValidationError
from analysis.inputs.articles import articles_dir, load_article, missing_texts
from analysis.inputs.curated import SCHEMAS, curated_dir, load_curated
from analysis.paths import articles_required, project_root

#: What this module reads, for the notebook dependency analysis (booktools.book).
#: (Article texts count through the sha256 each annotation records.)
BOOK_INPUTS = ("data/curated/*.csv", "data/articles/*.yml")


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(project_root()))
    except ValueError:
        return str(path)


def validate_all(notice: list[str] | None = None) -> dict[str, int]:
    """Check all curated tables and article annotations; raise one
    :class:`InputValidationError` listing every problem.

    An article text absent from the articles folder adds one line to ``notice`` (which
    checks could not run); under ``BOOK_ARTICLES_REQUIRED=1`` (or
    ``BOOK_BROWSER_REQUIRED=1``, CI) it is a problem instead.

    Returns, when all is well, the number of rows per curated table and of claims per
    article (``{"curated/<table>": n, "articles/<slug>": n}``).
    """
    problems: list[str] = []
    summary: dict[str, int] = {}
    folder = curated_dir()
    present = {p.stem for p in folder.glob("*.csv")} if folder.is_dir() else set()
    for stem in sorted(present - set(SCHEMAS)):
        problems.append(
            f"{_rel(folder / f'{stem}.csv')}: no schema for this table "
            f"(known: {', '.join(sorted(SCHEMAS))}); add one in analysis.inputs.curated"
        )
    owner: dict[str, str] = {}
    for name in sorted(SCHEMAS):
        path = folder / f"{name}.csv"
        if name not in present:
            if present:  # a book with curated facts must have every table; a book
                # without any (a mini book, a new project) has nothing to check
                problems.append(f"{_rel(path)}: curated table {name!r} is missing")
            continue
        try:
            frame = load_curated(name)
        except CuratedDataError as exc:
            problems.append(str(exc).replace(str(path), _rel(path)))
            continue
        summary[f"curated/{name}"] = len(frame)
        for fact_id in frame["fact_id"]:
            if fact_id in owner:
                problems.append(
                    f"{_rel(path)}: fact_id {fact_id!r} is also used in "
                    f"data/curated/{owner[fact_id]}.csv (ids are unique across tables)"
                )
            owner.setdefault(fact_id, name)
    files = sorted(articles_dir().glob("*.yml")) if articles_dir().is_dir() else []
    loaded = []
    for path in files:
        try:
            article = load_article(path)
        except AnnotationError as exc:
            problems.extend(line for line in str(exc).splitlines() if line.strip())
            continue
        loaded.append(article)
        summary[f"articles/{article.slug}"] = len(article.claims)
    absent = missing_texts(loaded)
    if articles_required():
        problems.extend(f"{line} (BOOK_ARTICLES_REQUIRED=1)" for line in absent)
    elif notice is not None:
        notice.extend(absent)
    if problems:
        raise InputValidationError(problems)
    return summary
