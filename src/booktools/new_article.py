"""``python -m booktools new-article PATH``: scaffold the chapter of a new article.

Input: an article text file with YAML front matter, as in ``../shared/articles``::

    ---
    slug: mic-bridge
    title: "Military industrial complex outlook as a bridge between Russia and Belarus"
    outlet: Belarus in Focus
    url: https://belarusinfocus.info/...          # optional (null when unknown)
    page_date: 2016-04-22
    event_date: 2012-10-23  # what happened that day (the comment becomes the description)
    ---
    Title line
    April 22, 2016 18:20

    First body paragraph ...

Required: :data:`REQUIRED_FIELDS`. Optional: ``event_date`` (one date) or ``event_dates``
(dates or ``{date, what}``); other fields are ignored.

Output, all or nothing:

* ``data/articles/<slug>.yml``: the metadata, ``source_file`` (the text's path relative to
  the project root, which :mod:`analysis.inputs.articles` reads to check quotes and paragraph
  numbers) and empty ``entities``, ``relations`` and ``claims`` lists, with commented
  templates of each;
* ``chapters/<slug>/index.md``: the chapter page;
* ``chapters/<slug>/annotations.ipynb``: a starter notebook drawing the article's network
  and claims table (empty lists work), executed, so the chapter passes nbval at once;
* ``_toc.yml``: the chapter inserted before the map chapter (``chapters/map/index``), or
  at the end of the "Chapters" part, by text insertion so the file's comments survive.

The notebooks declaring ``data/articles/*.yml`` in their ``book.depends_on`` metadata (the
map chapter: the union map and the ledger read every annotation file) are executed again,
beside the new ones, once for several files (``new-article A.txt B.txt``).

Bad input (no front matter, a missing or malformed field, a slug that exists) raises
:class:`NewArticleError` naming the file and the field before anything is written. Files
are staged and validated first; a later failure (a notebook raising) restores them all.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml

from analysis.errors import BookDataError
from analysis.paths import project_root
from booktools.article_source import (
    RESERVED_SLUGS,
    ArticleSource,
    NewArticleError,
    read_article_source,
)
from booktools.site import Site, launch_cell, load_site

#: The starter notebook's file name inside ``chapters/<slug>/``.
NOTEBOOK_NAME = "annotations.ipynb"
#: The data-context notebook's file name inside ``chapters/<slug>/``.
CONTEXT_NAME = "context.ipynb"
#: The sections of the data-context page: (heading, page function of analysis.pages.context).
CONTEXT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("Military spending", "spending"),
    ("Military burden", "burden"),
    ("Arms transfers among the article's countries", "arms"),
    ("UN General Assembly votes", "votes"),
    ("Trade", "trade"),
    ("Coded events", "events"),
    ("Curated timeline", "timeline"),
)
_TOPIC = {
    "spending": "milex",
    "burden": "burden",
    "arms": "arms",
    "votes": "votes",
    "trade": "trade",
    "events": "events",
    "timeline": "timeline",
}
#: The toc entry new chapters go before (when present).
MAP_ENTRY = "chapters/map/index"
#: Glob a notebook declares in ``book.depends_on`` to be re-executed for a new article.
ANNOTATIONS_GLOB = "data/articles/*.yml"


@dataclass
class Scaffold:
    """What :func:`new_article` did: files created, files changed, notebooks executed."""

    slug: str
    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    executed: dict[str, float] = field(default_factory=dict)
    #: the text copied into the articles folder (None: it was there already)
    copied: Path | None = None


# --------------------------------------------------------------------------- writing


def proposals(src: ArticleSource) -> dict[str, Any]:
    """The automatic pass over the article (:func:`analysis.metrics.context.propose`):
    countries, entities of the other annotations, years, dates and window."""
    from analysis.inputs.articles import all_articles, entities_frame
    from analysis.metrics.context import propose

    known = [row for a in all_articles() for row in entities_frame(a).to_dict("records")]
    return propose(
        src.paragraphs,
        src.page_date,
        entities=known,
        event_dates=[d for d, _ in src.event_dates],
    )


_TEMPLATES = """\
# Entities: one per actor, body, document or event the article names.
#   - id: belarus               # lowercase-with-hyphens; reuse ids of other articles for the
#     name: Belarus             # same real-world entity (the map merges them), or give its
#     kind: state               # wikidata id. Kinds: {entity_kinds}
#     country: BLR              # ISO3 code or null
#     description: Republic of Belarus.
#     wikidata: Q184            # optional
entities: []

# Relations: source -> target (entity ids), with a quote (one sentence at most) and its
# body paragraph (1 = first paragraph after the date line). Kinds: {relation_kinds}
#   - id: r-example
#     source: belarus
#     target: russia
#     kind: cooperates_with
#     date: null                # or YYYY-MM-DD
#     evidence: {{quote: "a short verbatim quote", paragraph: 1}}
relations: []

# Claims, in our own words (no run of {max_words} words copied from the article).
# Kinds: {claim_kinds}. Verdicts: {verdicts}, or null until judged (a verdict needs a 'why').
#   - id: c-example
#     statement: What the article claims, in our words.
#     kind: assessment
#     paragraph: 1
#     evidence: [dataset:unvotes, curated:timeline_events, notebook:chapters/{slug}/{notebook}]
#     verdict: null
#     why: null
claims: []
"""


def annotation_yaml(src: ArticleSource, proposed: dict[str, Any] | None = None) -> str:
    """Text of ``data/articles/<slug>.yml`` for a new article (empty lists, templates)."""
    from analysis.inputs.articles import (
        CLAIM_KINDS,
        ENTITY_KINDS,
        MAX_SHARED_WORDS,
        RELATION_KINDS,
        VERDICTS,
    )

    metadata = {
        "slug": src.slug,
        "title": src.title,
        "outlet": src.outlet,
        "url": src.url,
        "page_date": src.page_date,
        "event_dates": [{"date": d, "what": what} for d, what in src.event_dates],
        "text": {"file": src.path.name, "sha256": src.sha256},
        "notes": None,
    }
    header = (
        f"# What {json.dumps(src.title, ensure_ascii=False)} says.\n"
        "# Created by `python -m booktools new-article`. Schema and checks:\n"
        "# src/analysis/inputs/articles.py. Paragraph numbers count the body paragraphs of the text\n"
        "# metadata.text names (a file in the articles folder, setting BOOK_ARTICLES_DIR, checked\n"
        "# by its sha256). Quotes are short evidence excerpts only; claim statements are our own words.\n"
    )
    meta = yaml.safe_dump({"metadata": metadata}, sort_keys=False, allow_unicode=True, width=100)
    if proposed is not None:
        meta += (
            "\n# Machine-proposed by new-article's automatic pass (analysis.metrics.context.propose):\n"
            "# countries named, entities known from other annotations (same id: copy the right ones\n"
            "# into entities below), years and dates, the article's year and window. Review them,\n"
            "# then set confirmed: true. The chapter's Data context page charts these countries\n"
            "# and window.\n"
            + yaml.safe_dump({"proposed": proposed}, sort_keys=False, allow_unicode=True, width=100)
        )
    templates = _TEMPLATES.format(
        entity_kinds=", ".join(ENTITY_KINDS),
        relation_kinds=", ".join(RELATION_KINDS),
        claim_kinds=", ".join(CLAIM_KINDS),
        verdicts=", ".join(VERDICTS),
        max_words=MAX_SHARED_WORDS,
        slug=src.slug,
        notebook=NOTEBOOK_NAME,
    )
    return header + meta + "\n" + templates


def chapter_index(src: ArticleSource) -> str:
    """Text of ``chapters/<slug>/index.md``."""
    from analysis.charts.tables import md_escape

    when = f"{src.page_date:%d %B %Y}".lstrip("0")
    outlet = md_escape(src.outlet)
    where = f"[{outlet}]({src.url})" if src.url else outlet
    return (
        f"# {md_escape(src.title)}\n\n"
        f'*Chapter in preparation.* This chapter will discuss the article "{md_escape(src.title)}" '
        f"({where}, page dated {when}) and weigh its claims against the book's data and curated "
        "facts.\n\n"
        f"The article's entities, relations and claims are recorded, in our own words, in\n"
        f"`data/articles/{src.slug}.yml`; {{doc}}`{Path(NOTEBOOK_NAME).stem}` draws them and fills "
        "itself as the file is annotated. {doc}`"
        f"{Path(CONTEXT_NAME).stem}` charts what the book's datasets say about the countries and "
        "years the article names.\n"
    )


def starter_notebook(slug: str, site: Site | None = None) -> nbformat.NotebookNode:
    """The starter notebook: load the annotations, draw the network, list the claims.

    With the book's :class:`~booktools.site.Site`, it starts with the hidden set-up cell
    that lets it run on Colab, like every other notebook of the book."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    def code(source: str) -> Any:
        return new_code_cell(source, metadata={"tags": ["remove-input"]})

    cells = [
        new_markdown_cell(
            "# What the article says, as data\n\n"
            f"The annotation file `data/articles/{slug}.yml` records, in our own words, the actors "
            "the article names, what it says links them and what it claims. This page draws them; "
            "it fills itself as the file is annotated, and so do the book's relationship map and "
            "claims ledger."
        ),
        code(
            "from analysis.inputs.articles import load_article\n"
            "from analysis.pages import publish\n"
            "from analysis.pages import starter as page\n\n"
            f'SLUG = "{slug}"\n'
            "article = load_article(SLUG)\n"
            "publish(page.overview(article))  # counts and fig-<slug>-network\n"
        ),
        new_markdown_cell(
            "The annotation lists {glue:text}`n_entities` entities, {glue:text}`n_relations` "
            "relations and {glue:text}`n_claims` claims, {glue:text}`n_judged` of them judged.\n\n"
            f"```{{glue:figure}} fig-{slug}-network\n"
            f":name: fig-{slug}-network\n"
            ":alt: Network of the actors the article names and the relations between them.\n\n"
            "The actors the article names and how it links them; the chart's data download lists "
            "each relation in our words with the paragraph it rests on.\n"
            "```"
        ),
        new_markdown_cell("## Claims\n\n```{glue:md} claims-table\n:format: myst\n```"),
        code("publish(page.claims_table(article))\n"),
    ]
    return _chapter_notebook(cells, slug, site)


def _chapter_notebook(cells: list[Any], slug: str, site: Site | None) -> nbformat.NotebookNode:
    """A notebook of a new chapter: its cells with stable ids, the kernel, the annotation it
    depends on (``book.depends_on``), and the hidden hosted set-up cell first."""
    from nbformat.v4 import new_notebook

    nb = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "book": {"depends_on": [f"data/articles/{slug}.yml"]},
        },
    )
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    if site is not None:
        nb.cells.insert(0, nbformat.from_dict(launch_cell(site)))
    return nb


def context_notebook(slug: str, site: Site | None = None) -> nbformat.NotebookNode:
    """The "Data context" notebook: one section per dataset, each a sentence glued from
    :mod:`analysis.pages.context` and its chart (or, where the data do not cover the
    article's countries or years, the statement saying so)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    def code(source: str) -> Any:
        return new_code_cell(source, metadata={"tags": ["remove-input"]})

    cells = [
        new_markdown_cell(
            "# Data context\n\n"
            "What the book's datasets say about the countries and years the article names, "
            "each compared in the article's year with the years before and after.\n\n"
            "```{glue:md} ctx-scope\n:format: myst\n```"
        ),
        code(
            "from analysis.pages import publish\n"
            "from analysis.pages import context\n\n"
            f'SLUG = "{slug}"\n'
            "publish(context.scope(SLUG))\n"
        ),
    ]
    for heading, fn in CONTEXT_SECTIONS:
        topic = _TOPIC[fn]
        cells.append(
            new_markdown_cell(
                f"## {heading}\n\n```{{glue:md}} ctx-{topic}-text\n:format: myst\n```"
            )
        )
        cells.append(code(f"context.display(context.{fn}(SLUG))\n"))
    return _chapter_notebook(cells, slug, site)


def toc_with_chapter(toc_text: str, slug: str) -> str:
    """``_toc.yml`` text with the new chapter (and its notebook as a section) inserted
    before the map chapter, or else at the end of the "Chapters" part; the rest of the
    text, comments included, is kept byte for byte."""
    lines = toc_text.splitlines(keepends=True)
    at: int | None = None
    indent = ""
    for i, line in enumerate(lines):
        m = re.match(rf"^(\s*)- file:\s*{re.escape(MAP_ENTRY)}\s*$", line)
        if m:
            at, indent = i, m.group(1)
            break
    if at is None:
        start = next(
            (
                i
                for i, line in enumerate(lines)
                if re.match(r"^\s*- caption:\s*[\"']?Chapters[\"']?\s*$", line)
            ),
            None,
        )
        if start is None:
            raise NewArticleError(
                f"_toc.yml: found neither '- file: {MAP_ENTRY}' nor a part '- caption: Chapters' "
                "to add the chapter to"
            )
        part_indent = len(lines[start]) - len(lines[start].lstrip())
        entries = [i for i in range(start + 1, len(lines)) if re.match(r"^\s*- file:", lines[i])]
        end = next(
            (
                i
                for i in range(start + 1, len(lines))
                if lines[i].strip()
                and not lines[i].lstrip().startswith("#")
                and len(lines[i]) - len(lines[i].lstrip()) <= part_indent
            ),
            len(lines),
        )
        entries = [i for i in entries if i < end]
        if not entries:
            raise NewArticleError("_toc.yml: the 'Chapters' part lists no chapter to align with")
        # The pattern matches every string (possibly empty), so re.match is never None.
        indent = re.match(r"^(\s*)", lines[entries[0]]).group(1)  # type: ignore[union-attr]
        at = end
        while at > start + 1 and not lines[at - 1].strip():
            at -= 1
        if at > 0 and not lines[at - 1].endswith("\n"):
            lines[at - 1] += "\n"
    entry = (
        f"{indent}- file: chapters/{slug}/index\n"
        f"{indent}  sections:\n"
        f"{indent}    - file: chapters/{slug}/{Path(NOTEBOOK_NAME).stem}\n"
        f"{indent}    - file: chapters/{slug}/{Path(CONTEXT_NAME).stem}\n"
    )
    new_text = "".join(lines[:at]) + entry + "".join(lines[at:])
    _check_toc(new_text, slug)
    return new_text


def _files_in_toc(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [str(node["file"])] if "file" in node else []
        return own + [f for v in node.values() for f in _files_in_toc(v)]
    if isinstance(node, list):
        return [f for v in node for f in _files_in_toc(v)]
    return []


def _check_toc(text: str, slug: str) -> None:
    try:
        toc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise NewArticleError(
            f"_toc.yml: inserting the chapter would break the YAML: {exc}"
        ) from exc
    files = _files_in_toc(toc)
    for wanted in (
        f"chapters/{slug}/index",
        f"chapters/{slug}/{Path(NOTEBOOK_NAME).stem}",
        f"chapters/{slug}/{Path(CONTEXT_NAME).stem}",
    ):
        if files.count(wanted) != 1:
            raise NewArticleError(f"_toc.yml: could not insert {wanted!r} exactly once")


def dependent_notebooks(slug: str, root: Path) -> list[Path]:
    """Notebooks (relative to ``root``) whose ``book.depends_on`` globs match the new
    annotation file: their stored outputs change with it."""
    from booktools.book import notebooks

    target = f"data/articles/{slug}.yml"
    found = []
    for rel in notebooks(root):
        meta = nbformat.read(root / rel, as_version=4).metadata
        patterns = meta.get("book", {}).get("depends_on", [])
        if any(fnmatch.fnmatch(target, p) for p in patterns) and rel.parts[1:2] != (slug,):
            found.append(rel)
    return found


# --------------------------------------------------------------------------- transaction


def new_article(
    path: str | Path,
    *,
    execute: bool = True,
    refresh: bool = True,
    report: Callable[[str], None] = lambda _msg: None,
) -> Scaffold:
    """Create the annotation file, chapter and toc entry of a new article (module docstring).
    ``refresh=False``: leave the notebooks that read every annotation file (the map
    chapter) to the caller (:func:`new_articles` runs them once for several articles).

    Raises :class:`NewArticleError`; on any failure every file is as it was before.
    """
    from analysis.inputs.articles import load_article

    root = project_root()
    src = read_article_source(Path(path))
    slug = src.slug
    yml = root / "data" / "articles" / f"{slug}.yml"
    chapter = root / "chapters" / slug
    toc_path = root / "_toc.yml"
    if slug in RESERVED_SLUGS:
        raise NewArticleError(
            f"{src.path}: field 'slug': {slug!r} is reserved for the book's own pages"
        )
    if yml.exists():
        raise NewArticleError(
            f"{src.path}: field 'slug': {slug!r} exists already ({yml.relative_to(root)})"
        )
    if chapter.exists():
        raise NewArticleError(
            f"{src.path}: field 'slug': {slug!r} exists already (chapters/{slug}/)"
        )
    toc_text = toc_path.read_text(encoding="utf-8")
    if f"chapters/{slug}/" in toc_text:
        raise NewArticleError(f"{src.path}: field 'slug': {slug!r} is in _toc.yml already")
    new_toc = toc_with_chapter(toc_text, slug)
    from analysis.paths import articles_text_dir

    store = articles_text_dir()
    stored = store / src.path.name
    copy_text = not stored.is_file()
    if not copy_text and hashlib.sha256(stored.read_bytes()).hexdigest() != src.sha256:
        raise NewArticleError(
            f"{src.path}: the articles folder {store} holds another {src.path.name}; rename "
            "the file (the annotation records its name and sha256)"
        )
    proposed = proposals(src)
    dependents = dependent_notebooks(slug, root) if execute and refresh else []
    backups = {rel: (root / rel).read_bytes() for rel in dependents}

    result = Scaffold(slug=slug)
    staging = Path(tempfile.mkdtemp(prefix=f".new-article-{slug}-", dir=root))
    moved: list[Path] = []
    toc_written = False
    try:
        staged_yml = staging / f"{slug}.yml"
        staged_yml.write_text(annotation_yaml(src, proposed), encoding="utf-8")
        staged_chapter = staging / "chapter"
        staged_chapter.mkdir()
        (staged_chapter / "index.md").write_text(chapter_index(src), encoding="utf-8")
        site = load_site(root)
        nbformat.write(starter_notebook(slug, site), staged_chapter / NOTEBOOK_NAME)
        nbformat.write(context_notebook(slug, site), staged_chapter / CONTEXT_NAME)
        staged_toc = staging / "_toc.yml"
        staged_toc.write_text(new_toc, encoding="utf-8")
        if copy_text:  # the text joins the articles folder (an input store, outside git)
            store.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src.path, stored)
            moved.append(stored)
            result.copied = stored
            report(f"Copying the text into the articles folder: {stored}")
        load_article(staged_yml)  # the annotation validates (title, paragraphs) before it lands
        report(f"Creating data/articles/{slug}.yml, chapters/{slug}/ and the _toc.yml entry")
        found = ", ".join(c["name"] for c in proposed["countries"]) or "none"
        report(
            f"Proposed (machine, to review): countries {found}; "
            f"{len(proposed['entities'])} known entities; years {proposed['years'] or 'none'}; "
            f"article year {proposed['article_year']}, window {proposed['window']}"
        )

        os.replace(staged_yml, yml)
        moved.append(yml)
        os.rename(staged_chapter, chapter)
        moved.append(chapter)
        os.replace(staged_toc, toc_path)
        toc_written = True
        result.created += [yml, chapter / "index.md", chapter / NOTEBOOK_NAME]
        result.created.append(chapter / CONTEXT_NAME)
        result.changed.append(toc_path)
        if execute:
            result.executed.update(_execute([slug], dependents, report))
            result.changed += [root / rel for rel in dependents]
        return result
    except BaseException as exc:
        for rel, data in backups.items():
            (root / rel).write_bytes(data)
        if toc_written:
            toc_path.write_text(toc_text, encoding="utf-8")
        for target in reversed(moved):
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
        if isinstance(exc, BookDataError):
            raise NewArticleError(f"{src.path}: nothing was changed: {exc}") from exc
        if isinstance(exc, Exception):
            raise NewArticleError(
                f"{src.path}: nothing was changed; the new chapter failed: {exc}"
            ) from exc
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _execute(
    slugs: list[str], dependents: list[Path], report: Callable[[str], None]
) -> dict[str, float]:
    """The articles' notebooks and those reading every annotation file, in one pool."""
    from booktools.execute import execute_in_place

    todo = [Path("chapters") / slug / n for slug in slugs for n in (NOTEBOOK_NAME, CONTEXT_NAME)]
    for nb in todo:
        report(f"Executing {nb} (stored outputs) ...")
    for rel in dependents:
        report(f"Executing {rel} again: it reads every annotation file ...")
    return execute_in_place([*todo, *dependents])


def new_articles(
    paths: list[str | Path] | list[Path],
    *,
    report: Callable[[str], None] = lambda _msg: None,
) -> list[Scaffold]:
    """:func:`new_article` for each file in turn, then their notebooks and, once, those
    reading every annotation file (the map chapter), in one pool. All or nothing: on any
    failure every file is as it was before (the articles scaffolded so far removed)."""
    if len(paths) == 1:
        return [new_article(paths[0], report=report)]
    root = project_root()
    toc_path = root / "_toc.yml"
    toc_text = toc_path.read_text(encoding="utf-8")
    done: list[Scaffold] = []
    backups: dict[Path, bytes] = {}
    try:
        for path in paths:
            done.append(new_article(path, execute=False, refresh=False, report=report))
        mine = {s.slug for s in done}
        found = {rel for s in done for rel in dependent_notebooks(s.slug, root)}
        dependents = sorted(rel for rel in found if rel.parts[1:2] not in {(m,) for m in mine})
        backups = {rel: (root / rel).read_bytes() for rel in dependents}
        timings = _execute([s.slug for s in done], dependents, report)
        for s in done:
            s.executed.update({k: v for k, v in timings.items() if Path(k).parts[1:2] == (s.slug,)})
        done[-1].executed.update({k: v for k, v in timings.items() if Path(k) in dependents})
        done[-1].changed += [root / rel for rel in dependents]
        return done
    except BaseException as exc:
        for rel, data in backups.items():
            (root / rel).write_bytes(data)
        toc_path.write_text(toc_text, encoding="utf-8")
        for s in done:
            (root / "data" / "articles" / f"{s.slug}.yml").unlink(missing_ok=True)
            shutil.rmtree(root / "chapters" / s.slug, ignore_errors=True)
            if s.copied is not None:
                s.copied.unlink(missing_ok=True)
        if done and isinstance(exc, Exception) and not isinstance(exc, NewArticleError):
            slugs = ", ".join(s.slug for s in done)
            raise NewArticleError(
                f"nothing was changed ({slugs} removed); a notebook failed: {exc}"
            ) from exc
        raise
