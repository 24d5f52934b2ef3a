"""What each source article says, as data: ``data/articles/<slug>.yml``.

One YAML file per article holds four sections (see DESIGN, "What each article says, as
data"):

``metadata``
    slug, title, outlet, url (``null`` when unknown), page_date, event_dates
    (``[{date, what, date_inferred?, fact?}]``), text (``{file, sha256}``: the article
    text's file name in the articles folder and its hash, :mod:`analysis.inputs.article_text`;
    never a path) and notes.
``entities``
    ``{id, name, kind, country, description, wikidata?, url?}``; ``kind`` is one of
    :data:`ENTITY_KINDS`, ``country`` an ISO3 code or ``null``.
``relations``
    ``{id, source, target, kind, date, date_inferred?, evidence: {quote, paragraph}}``;
    ``source`` and ``target`` are entity ids, ``kind`` one of :data:`RELATION_KINDS`.
``proposed`` (optional)
    what ``python -m booktools new-article`` found mechanically in the text
    (:func:`analysis.metrics.context.propose`): countries named, entities known from other
    annotations, years and dates, the article's year and window. Machine-proposed until a
    person sets ``confirmed: true``; the chapter's "Data context" page reads its countries
    and window.
``claims``
    ``{id, statement, kind, paragraph, evidence, facts?, condition?, condition_held?,
    verdict, why}``; ``kind`` one of :data:`CLAIM_KINDS`, ``verdict`` one of
    :data:`VERDICTS` or ``null`` (not yet judged), ``evidence`` a list of references
    (:data:`EVIDENCE_PREFIXES`), ``facts`` the curated rows (``fact_id``) the ``why``
    relies on.

Verdicts (:data:`VERDICTS`, deliberately few)
    ``supported`` and ``contradicted``: independent tier A/B evidence (or the registry's
    data) decides the claim; ``mixed``: it holds in part and fails in part;
    ``unverifiable``: no independent A/B evidence decides it, or the claim (a motive, a
    hidden process, a counterfactual) cannot be tested, or a conditional forecast's
    condition did not hold, so the forecast was never put to the test.

Evidence model (the book's evidence discipline, DESIGN.md, made mechanical)
    - **Decisive evidence** is a ``dataset:`` reference (the registry's primary data) or a
      curated row in ``facts`` that is tier A or B, has a source URL, and is *independent*
      of the article. A row is *self-sourced* when its ``source_url`` is the article's
      ``url`` or its ``source_title`` names the article's title (:func:`self_sourced`):
      it records what the article says and can never support the article's own claims.
    - A ``supported``, ``contradicted`` or ``mixed`` verdict needs at least one piece of
      decisive evidence; tier C/W and self-sourced rows never count, and a self-sourced
      row may be listed only under an ``unverifiable`` (or unjudged) claim.
    - A forecast worded as a condition (``if``, ``unless``, ``should``, ...) records it:
      ``condition`` (our words) and ``condition_held`` (``true``/``false``, ``null`` when
      unknown). Only a forecast whose condition held can be ``supported``,
      ``contradicted`` or ``mixed``; when it did not hold the verdict is
      ``unverifiable``.
    - An inferred date is shown as inferred wherever it is cited: a claim whose ``facts``
      include a row with ``date_inferred`` (:mod:`analysis.inputs.curated`) says
      "inferred" in its ``why``; an event date backed by such a row (``fact``) carries
      ``date_inferred: true``, and so does every relation dated to an inferred event date.
    - Every ``facts`` row exists, its table is among the claim's ``curated:`` references,
      and a judged claim names in ``facts`` at least one row of each table it cites.

Paragraph numbers
    The article text is the file ``metadata.text.file`` in the articles folder (setting
    ``BOOK_ARTICLES_DIR``, default ``../shared/articles``), with the recorded sha256:
    YAML front matter between ``---`` lines, then blocks separated by blank lines. The
    header blocks (title, category, date stamp, photo credit) run up to and including the
    first block with a date-stamp line such as ``April 22, 2016 18:20``; the body
    paragraphs follow and are numbered from 1 (:func:`article_paragraphs`).

Checks (each failure raises :class:`~analysis.errors.AnnotationError` naming the file and id)
    - ids are unique across entities, relations and claims, and slug-like;
    - relation endpoints are entity ids; enums, dates and required fields hold;
    - an evidence quote is at most one sentence, and, when the article text is available,
      appears verbatim (whitespace and typographic quotes normalised) in the stated
      paragraph; paragraph numbers exist;
    - a claim statement is our own words: it shares no run of :data:`MAX_SHARED_WORDS`
      words with the article;
    - evidence references name a registry dataset, a curated CSV or an existing notebook;
    - a verdict comes with a ``why``; the slug matches the file name and the title matches
      the article's front matter;
    - the evidence model above. Each refusal names the file, the claim and the row.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal, get_args

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from analysis.errors import AnnotationError, BookDataError
from analysis.inputs.article_text import (
    missing_text_notice,
    read_text,
    split_front_matter,
    split_paragraphs,
)
from analysis.inputs.evidence import (  # noqa: F401  (re-exported: the evidence model)
    DECIDING_VERDICTS,
    DECISIVE_TIERS,
    curated_fact_index,
    evidence_problems,
    self_sourced,
)
from analysis.inputs.registry import safe_load_yaml
from analysis.paths import data_dir, project_root

#: What this module reads, for the notebook dependency analysis (booktools.book): the
#: annotations and the article texts; the curated tables (the evidence model reads the
#: cited rows' tiers, sources and dates); the registry's ids and the notebooks' names
#: (those evidence references are checked for existence only).
#: The article texts are not listed: each annotation records its text's sha256, so a
#: changed text changes the annotation file (and a text whose bytes differ is refused).
BOOK_INPUTS = (
    "data/articles/*.yml",
    "@registry-ids",
    "data/curated/*.csv",
    "@names:chapters/**/*.ipynb",
)

#: Entity kinds. DESIGN's six, plus three this book needs:
#: ``agreement`` (a signed document, e.g. the 2012-2015 action plan), ``programme`` (an
#: ongoing state programme or reform, e.g. Russian state procurement, Ukraine's military
#: reform) and ``group`` (a collective the article treats as one actor without it being a
#: state or body, e.g. "the West", "the Baltic states", "Belarusian defence industry").
EntityKind = Literal[
    "person",
    "office",
    "company",
    "state",
    "institution",
    "event",
    "agreement",
    "programme",
    "group",
]

#: Relation kinds (``source`` -> ``target``). DESIGN's nine, plus the ones the articles need.
RelationKind = Literal[
    "signed",  # person or state -> agreement
    "heads",  # person or office -> institution or state it leads / is in charge of
    "holds",  # person -> office held at the time
    "represents",  # person or office -> state or institution it acts for
    "member_of",  # state -> international organisation or regime
    "seeks_stake_in",  # state or company -> company whose assets it wants
    "merger_talks",  # company -> company (symmetric; stored once)
    "requests",  # actor -> addressee of a request
    "criticises",  # actor -> target of criticism
    "claims",  # actor -> subject of a claim (a statement the article reports)
    "participates_in",  # actor -> event or programme
    "observes",  # actor -> event it monitors
    "cooperates_with",  # actor -> partner (symmetric; stored once)
    "seeks_support_from",  # actor -> prospective backer (money, political support)
    "seeks_market_in",  # state or companies -> state where it seeks buyers
    "offers_mediation",  # actor -> conflict it offers to host talks on
    "integrates_with",  # state -> alliance or organisation it is moving towards
    "confronts",  # actor -> adversary (symmetric; stored once)
    "exploits",  # actor -> situation it takes advantage of
    "party_to",  # state -> conflict it is a party to
]
RELATION_KINDS: tuple[str, ...] = get_args(RelationKind)
ENTITY_KINDS: tuple[str, ...] = get_args(EntityKind)

ClaimKind = Literal["fact", "estimate", "forecast", "assessment"]
Verdict = Literal["supported", "contradicted", "mixed", "unverifiable"]
CLAIM_KINDS: tuple[str, ...] = get_args(ClaimKind)
VERDICTS: tuple[str, ...] = get_args(Verdict)
#: What a claim without a verdict (``verdict: null``) is called in tables and the ledger.
NOT_JUDGED = "not yet judged"

#: Evidence reference forms: ``dataset:<id in data/sources.yml>``,
#: ``curated:<name of a CSV in data/curated/>`` and ``notebook:<path from the project root>``.
EVIDENCE_PREFIXES: tuple[str, ...] = ("dataset", "curated", "notebook")

#: A claim statement may share at most this many consecutive words with the article, minus one.
MAX_SHARED_WORDS = 6

_ID = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+[\"'“‘(]*[A-ZА-ЯЁ]")
_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventDate(_Model):
    """A date the article reports an event on."""

    date: dt.date
    what: str = Field(min_length=1)
    date_inferred: bool = Field(
        default=False, description="the date (or its year) was inferred, not read in a source"
    )
    fact: str | None = Field(default=None, description="curated fact_id that dates the event")


class ArticleText(_Model):
    """The article text: its file name in the articles folder and its sha256 (no path)."""

    file: str = Field(pattern=r"^[^/\\]+$", description="file name, e.g. <slug>.txt")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Metadata(_Model):
    """Bibliographic facts about the article."""

    slug: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    outlet: str = Field(min_length=1)
    url: str | None = Field(description="null when the article's own URL is unknown")
    page_date: dt.date = Field(description="the date the page shows")
    event_dates: tuple[EventDate, ...] = ()
    text: ArticleText
    notes: str | None = None


class Entity(_Model):
    """An actor, body, document or event the article names."""

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    kind: EntityKind
    country: str | None = Field(pattern=r"^[A-Z]{3}$", description="ISO3 code or null")
    description: str = Field(min_length=1, description="short, in our words")
    wikidata: str | None = Field(default=None, pattern=r"^Q[0-9]+$")
    url: str | None = None


class Evidence(_Model):
    """A short verbatim quote (one sentence at most) and its 1-based body paragraph."""

    quote: str = Field(min_length=3)
    paragraph: int = Field(ge=1)


class Relation(_Model):
    """A typed link between two entities, with the article's evidence for it."""

    id: str = Field(pattern=_ID)
    source: str
    target: str
    kind: RelationKind
    date: dt.date | None = None
    date_inferred: bool = False
    evidence: Evidence


class Claim(_Model):
    """One claim the article makes, in our words, with the evidence that weighs it."""

    id: str = Field(pattern=_ID)
    statement: str = Field(min_length=10)
    kind: ClaimKind
    paragraph: int = Field(ge=1)
    evidence: tuple[str, ...] = ()
    facts: tuple[str, ...] = Field(
        default=(), description="curated fact_ids the why relies on (row-level evidence)"
    )
    condition: str | None = Field(
        default=None, min_length=5, description="a forecast's condition, in our words"
    )
    condition_held: bool | None = Field(
        default=None, description="whether the condition happened (null: unknown)"
    )
    verdict: Verdict | None = None
    why: str | None = None


class ProposedCountry(_Model):
    """A country the text names (name, adjective or demonym), found mechanically."""

    iso3: str = Field(pattern=r"^[A-Z0-9]{3,4}$")
    name: str
    words: tuple[str, ...] = Field(description="the words that named it, e.g. Belarusian")
    mentions: int = Field(ge=1)
    paragraphs: tuple[int, ...] = ()


class ProposedEntity(_Model):
    """An entity of another annotation whose name the text mentions (same id)."""

    id: str = Field(pattern=_ID)
    name: str
    kind: EntityKind
    country: str | None = None
    known_from: tuple[str, ...]
    paragraphs: tuple[int, ...] = ()


class Proposed(_Model):
    """What the automatic pass found; machine-proposed until ``confirmed`` is true."""

    confirmed: bool = False
    countries: tuple[ProposedCountry, ...] = ()
    entities: tuple[ProposedEntity, ...] = ()
    years: tuple[int, ...] = ()
    dates: tuple[dt.date, ...] = ()
    later_years: tuple[int, ...] = Field(
        default=(), description="years after the page date (forecasts): not in the window"
    )
    article_year: int | None = None
    window: tuple[int, int] | None = None


class Article(_Model):
    """An article annotation file, validated."""

    metadata: Metadata
    proposed: Proposed | None = None
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...] = ()
    claims: tuple[Claim, ...] = ()

    @property
    def slug(self) -> str:
        return self.metadata.slug

    def entity(self, entity_id: str) -> Entity:
        """The entity with id ``entity_id`` (KeyError if none)."""
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        raise KeyError(entity_id)


# --- article text -----------------------------------------------------------------------


def articles_dir() -> Path:
    """``data/articles/``: the annotation files."""
    return data_dir() / "articles"


def article_text(article: Article) -> str | None:
    """The article's text (checked against its sha256), or None when it is absent."""
    meta = article.metadata
    return read_text(meta.text.file, meta.text.sha256, origin=f"data/articles/{meta.slug}.yml")


def article_paragraphs(slug: str) -> list[str] | None:
    """The body paragraphs of the article annotated in ``data/articles/<slug>.yml``
    (index 0 = paragraph 1), or None if its text is absent."""
    path = articles_dir() / f"{slug}.yml"
    doc = safe_load_yaml(path.read_text(encoding="utf-8")) or {}
    text_meta = (doc.get("metadata") or {}).get("text") or {}
    text = read_text(str(text_meta.get("file")), text_meta.get("sha256"), origin=str(path.name))
    return None if text is None else split_paragraphs(text)


def _norm(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).split())


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-zа-яё]+", text.translate(_TYPOGRAPHIC).lower())


# --- loading and validation -------------------------------------------------------------


def _label(doc: Any, loc: tuple[Any, ...]) -> str:
    """'relation 'r3'' for a pydantic error location inside a list section."""
    singular = {"entities": "entity", "relations": "relation", "claims": "claim"}
    if len(loc) >= 2 and loc[0] in singular and isinstance(loc[1], int):
        items = doc.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        name = repr(ident) if ident else f"#{loc[1] + 1}"
        field = ".".join(str(p) for p in loc[2:]) or "item"
        return f"{singular[loc[0]]} {name}: {field}"
    return ".".join(str(p) for p in loc)


def _check_evidence_ref(ref: str) -> str | None:
    """Return a problem description for an evidence reference, or None if it is valid."""
    prefix, _, value = ref.partition(":")
    if prefix not in EVIDENCE_PREFIXES or not value:
        return f"evidence {ref!r} must be one of {', '.join(p + ':...' for p in EVIDENCE_PREFIXES)}"
    if prefix == "dataset":
        from analysis.inputs.registry import datasets

        try:
            known = datasets()
        except BookDataError as exc:
            return f"evidence {ref!r}: cannot read the registry ({exc})"
        if value not in known:
            return f"evidence {ref!r}: unknown dataset id (registry has {', '.join(known)})"
    elif prefix == "curated":
        curated = data_dir() / "curated"
        if not re.match(r"^[a-z0-9_]+$", value):
            return f"evidence {ref!r}: curated ids are CSV stems like 'zapad_claims'"
        if (
            curated.is_dir()
            and any(curated.glob("*.csv"))
            and not (curated / f"{value}.csv").is_file()
        ):
            return f"evidence {ref!r}: no data/curated/{value}.csv"
    elif not value.endswith(".ipynb") or not (project_root() / value).is_file():
        return f"evidence {ref!r}: not an existing notebook path from the project root"
    return None


def _problems(article: Article, origin: Path) -> list[str]:
    """Cross-field checks pydantic cannot do; one message per problem."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for section, items in (
        ("entity", article.entities),
        ("relation", article.relations),
        ("claim", article.claims),
    ):
        for item in items:
            if item.id in seen:
                problems.append(f"{section} {item.id!r}: id already used by a {seen[item.id]}")
            seen.setdefault(item.id, section)
    if origin.suffix == ".yml" and origin.stem != article.slug:
        problems.append(f"metadata: slug {article.slug!r} differs from the file name")

    try:
        text = article_text(article)
    except AnnotationError as exc:
        return [str(exc).split(": ", 1)[-1]]
    if text is not None:
        front, _ = split_front_matter(text)
        if front.get("title") and str(front["title"]) != article.metadata.title:
            problems.append(f"metadata: title differs from the article's {front['title']!r}")
    paragraphs = split_paragraphs(text) if text is not None else None
    normed = [_norm(p) for p in paragraphs] if paragraphs is not None else None
    entity_ids = {e.id for e in article.entities}
    for rel in article.relations:
        where = f"relation {rel.id!r}"
        for end in ("source", "target"):
            value = getattr(rel, end)
            if value not in entity_ids:
                problems.append(f"{where}: {end} {value!r} is not an entity id")
        quote = _norm(rel.evidence.quote)
        if _SENTENCE_BREAK.search(quote.rstrip(".!?\"'”’) ")):
            problems.append(f"{where}: evidence quote is longer than one sentence")
        if normed is None:
            continue
        number = rel.evidence.paragraph
        if number > len(normed):
            problems.append(f"{where}: paragraph {number} > {len(normed)} paragraphs")
        elif quote not in normed[number - 1]:
            found = [i + 1 for i, p in enumerate(normed) if quote in p]
            hint = f" (it is in paragraph {found[0]})" if found else " (not in the article)"
            problems.append(f"{where}: evidence quote not in paragraph {number}{hint}")

    article_words = _words(" ".join(paragraphs)) if paragraphs is not None else []
    n = MAX_SHARED_WORDS
    grams = {tuple(article_words[i : i + n]) for i in range(len(article_words) - n + 1)}
    for claim in article.claims:
        where = f"claim {claim.id!r}"
        if paragraphs is not None and claim.paragraph > len(paragraphs):
            problems.append(f"{where}: paragraph {claim.paragraph} > {len(paragraphs)} paragraphs")
        words = _words(claim.statement)
        runs = (words[i : i + n] for i in range(len(words) - n + 1))
        copied = [run for run in runs if tuple(run) in grams]
        if copied:
            problems.append(f"{where}: statement copies the article ({' '.join(copied[0])!r})")
        if len(set(claim.evidence)) != len(claim.evidence):
            problems.append(f"{where}: evidence lists a reference twice")
        for ref in claim.evidence:
            issue = _check_evidence_ref(ref)
            if issue:
                problems.append(f"{where}: {issue}")
        if claim.verdict is not None and not (claim.why or "").strip():
            problems.append(f"{where}: verdict {claim.verdict!r} needs a 'why'")
    problems += evidence_problems(article)
    return problems


def _origin(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(project_root()))
    except ValueError:
        return str(path)


def load_article(path_or_slug: str | Path) -> Article:
    """Load and validate one annotation file, given its path or its slug."""
    path = Path(path_or_slug)
    if path.suffix not in (".yml", ".yaml"):
        path = articles_dir() / f"{path_or_slug}.yml"
    origin = _origin(path)
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(articles_dir().glob("*.yml")))
        raise AnnotationError(f"{origin}: no such annotation file (known slugs: {known})")
    try:
        doc = safe_load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AnnotationError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise AnnotationError(f"{origin}: expected a mapping with metadata, entities, ...")
    try:
        article = Article.model_validate(doc)
    except ValidationError as exc:
        lines = [f"{origin}: {_label(doc, tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise AnnotationError("\n".join(lines)) from exc
    problems = _problems(article, path)
    if problems:
        raise AnnotationError("\n".join(f"{origin}: {p}" for p in problems))
    return article


def missing_texts(articles: list[Article] | None = None) -> list[str]:
    """One line per annotation whose article text is not in the articles folder, naming
    the checks that could not run (:func:`~analysis.inputs.article_text.missing_text_notice`)."""
    from analysis.inputs.article_text import text_path

    return [
        missing_text_notice(a.slug, a.metadata.text.file)
        for a in (all_articles() if articles is None else articles)
        if not text_path(a.metadata.text.file).is_file()
    ]


def all_articles() -> list[Article]:
    """Every ``data/articles/*.yml``, validated, sorted by slug."""
    articles = [load_article(p) for p in articles_dir().glob("*.yml")]
    return sorted(articles, key=lambda a: a.slug)


# --- DataFrame views ----------------------------------------------------------------------


def entities_frame(article: Article) -> pd.DataFrame:
    """One row per entity: slug, id, name, kind, country, description, wikidata, url."""
    rows = [{"slug": article.slug, **e.model_dump()} for e in article.entities]
    columns = ["slug", *Entity.model_fields]
    return pd.DataFrame(rows, columns=columns)


def relations_frame(article: Article) -> pd.DataFrame:
    """One row per relation, with the endpoints' names and the quote's paragraph."""
    names = {e.id: e.name for e in article.entities}
    rows = [
        {
            "slug": article.slug,
            "id": r.id,
            "source": r.source,
            "source_name": names.get(r.source),
            "kind": r.kind,
            "target": r.target,
            "target_name": names.get(r.target),
            "date": r.date,
            "date_inferred": r.date_inferred,
            "quote": r.evidence.quote,
            "paragraph": r.evidence.paragraph,
        }
        for r in article.relations
    ]
    columns = [
        "slug",
        "id",
        "source",
        "source_name",
        "kind",
        "target",
        "target_name",
        "date",
        "date_inferred",
        "quote",
        "paragraph",
    ]
    return pd.DataFrame(rows, columns=columns)


def claims_frame(article: Article) -> pd.DataFrame:
    """One row per claim; ``evidence`` is a list of references."""
    rows = [{"slug": article.slug, **c.model_dump()} for c in article.claims]
    for row in rows:
        row["evidence"] = list(row["evidence"])
        row["facts"] = list(row["facts"])
    columns = ["slug", *Claim.model_fields]
    return pd.DataFrame(rows, columns=columns)


def verdict_counts(claims: pd.DataFrame) -> dict[str, int]:
    """The book's one verdict counter: claims per verdict, for a :func:`claims_frame` or a
    claims ledger (:func:`analysis.metrics.ledger.claims_ledger`).

    Keys, in this order: every verdict of :data:`VERDICTS` (0 when absent), then
    :data:`NOT_JUDGED` (claims whose verdict is None, empty or already ``NOT_JUDGED``),
    ``"judged"`` (claims with a verdict) and ``"total"`` (all claims). Raises ValueError
    for a verdict outside :data:`VERDICTS`.
    """
    verdicts = claims["verdict"].where(claims["verdict"].notna(), NOT_JUDGED)
    verdicts = verdicts.replace("", NOT_JUDGED)
    unknown = sorted(set(verdicts) - {*VERDICTS, NOT_JUDGED})
    if unknown:
        raise ValueError(f"unknown verdicts {unknown}; expected one of {list(VERDICTS)}")
    counts = verdicts.value_counts()
    out = {v: int(counts.get(v, 0)) for v in (*VERDICTS, NOT_JUDGED)}
    out["judged"] = len(claims) - out[NOT_JUDGED]
    out["total"] = len(claims)
    return out
