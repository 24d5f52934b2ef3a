"""Article annotations: the real files validate, and broken copies fail with clear errors."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis.errors import AnnotationError
from analysis.inputs.articles import (
    Article,
    all_articles,
    article_paragraphs,
    claims_frame,
    entities_frame,
    load_article,
    relations_frame,
)
from analysis.paths import data_dir

SLUGS = ["confrontation-spiral", "mic-bridge"]


def _doc(slug: str) -> dict[str, Any]:
    return yaml.safe_load((data_dir() / "articles" / f"{slug}.yml").read_text(encoding="utf-8"))


def _broken(tmp_path: Path, slug: str, mutate: Callable[[dict[str, Any]], None]) -> Path:
    """Write a mutated copy of ``<slug>.yml`` to ``tmp_path`` and return its path."""
    doc = copy.deepcopy(_doc(slug))
    mutate(doc)
    path = tmp_path / f"{slug}.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _fails(path: Path, *needles: str) -> str:
    with pytest.raises(AnnotationError) as info:
        load_article(path)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message, message
    return message


@pytest.mark.parametrize("slug", SLUGS)
def test_article_validates_with_substance(slug: str) -> None:
    article = load_article(slug)
    assert article.slug == slug
    assert len(article.entities) >= 15
    assert len(article.relations) >= 20
    assert len(article.claims) >= 15
    entity_ids = {e.id for e in article.entities}
    for rel in article.relations:
        assert rel.source in entity_ids and rel.target in entity_ids, rel.id
    assert all(
        c.verdict is None or (c.why or "").strip() for c in article.claims
    )  # judged with a why


def test_all_articles_sorted_and_metadata() -> None:
    articles = all_articles()
    assert [a.slug for a in articles] == SLUGS
    by_slug = {a.slug: a for a in articles}
    mic = by_slug["mic-bridge"].metadata
    assert str(mic.page_date) == "2016-04-22"
    assert [str(e.date) for e in mic.event_dates] == ["2012-10-23"]
    spiral = by_slug["confrontation-spiral"].metadata
    assert spiral.url is None and spiral.notes and "URL" in spiral.notes
    assert str(spiral.page_date) == "2017-10-02"


def test_paragraph_counting() -> None:
    mic = article_paragraphs("mic-bridge")
    spiral = article_paragraphs("confrontation-spiral")
    assert mic is not None and spiral is not None
    assert len(mic) == 5 and mic[0].startswith("Enhanced cooperation")
    assert len(spiral) == 6 and spiral[0].startswith("Over the past year")


def test_frames() -> None:
    article: Article = load_article("mic-bridge")
    ents, rels, claims = entities_frame(article), relations_frame(article), claims_frame(article)
    assert len(ents) == len(article.entities) and ents["id"].is_unique
    assert len(rels) == len(article.relations) and rels["source_name"].notna().all()
    assert set(rels["kind"]) >= {"signed", "holds", "seeks_stake_in", "merger_talks", "requests"}
    assert len(claims) == len(article.claims)
    assert set(claims["kind"]) == {"fact", "assessment", "forecast"}
    assert all(isinstance(e, list) for e in claims["evidence"])


def test_unknown_relation_endpoint(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        next(r for r in doc["relations"] if r["id"] == "r-maz-kamaz")["target"] = "kamazz"

    _fails(_broken(tmp_path, "mic-bridge", mutate), "relation 'r-maz-kamaz'", "'kamazz'")


def test_duplicate_id(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["claims"][0]["id"] = "belarus"  # already an entity id

    _fails(_broken(tmp_path, "confrontation-spiral", mutate), "claim 'belarus'", "already used")


@pytest.mark.parametrize("kind", ["opinion", None])
def test_claim_kind_invalid_or_missing(tmp_path: Path, kind: str | None) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        claim = next(c for c in doc["claims"] if c["id"] == "c-maz-kamaz-talks")
        if kind is None:
            del claim["kind"]
        else:
            claim["kind"] = kind

    message = _fails(_broken(tmp_path, "mic-bridge", mutate), "claim 'c-maz-kamaz-talks'", "kind")
    assert ("Field required" in message) if kind is None else ("'fact'" in message)


def test_quote_not_in_article(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["relations"][0]["evidence"]["quote"] = "Minsk agreed to sell MAZ to KAMAZ"

    first = _doc("mic-bridge")["relations"][0]["id"]
    _fails(_broken(tmp_path, "mic-bridge", mutate), f"relation {first!r}", "not in the article")


def test_quote_in_wrong_paragraph(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        rel = next(r for r in doc["relations"] if r["id"] == "r-maz-kamaz")
        rel["evidence"]["paragraph"] = 2

    _fails(_broken(tmp_path, "mic-bridge", mutate), "relation 'r-maz-kamaz'", "paragraph 3")


def test_quote_longer_than_one_sentence(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        rel = next(r for r in doc["relations"] if r["id"] == "r-russia-exploits")
        rel["evidence"]["quote"] = "(or have already done so). This is not only about Russia."

    _fails(_broken(tmp_path, "confrontation-spiral", mutate), "'r-russia-exploits'", "one sentence")


def test_statement_copied_from_article(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["claims"][0]["statement"] = (
            "Over the past year, military-political relations between Minsk and Kyiv "
            "have become complicated."
        )

    first = _doc("confrontation-spiral")["claims"][0]["id"]
    _fails(_broken(tmp_path, "confrontation-spiral", mutate), f"claim {first!r}", "copies")


def test_bad_evidence_and_verdict_without_why(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["claims"][0]["evidence"] = ["dataset:sipri-milx", "zapad_claims"]
        doc["claims"][1]["verdict"] = "supported"
        doc["claims"][1].pop("why", None)  # the real file gives every verdict a why

    path = _broken(tmp_path, "mic-bridge", mutate)
    message = _fails(path, "'dataset:sipri-milx'", "needs a 'why'")
    assert re.search(r"'zapad_claims' must be one of", message)


def test_unknown_slug() -> None:
    with pytest.raises(AnnotationError, match="no such annotation file"):
        load_article("no-such-article")
