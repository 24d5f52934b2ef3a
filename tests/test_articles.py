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


# --- the evidence model (issue 13): each rule refuses a violation naming claim and row ------


def _claim(doc: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(c for c in doc["claims"] if c["id"] == claim_id)


BIF_SIGNING_ROW = "tl-2012-10-23-semashko-rogozin-sign-action"  # sourced to mic-bridge itself


def test_self_sourced_row_cannot_support_its_own_claim(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-plan-signed")["facts"] = [BIF_SIGNING_ROW]  # the pre-issue-13 basis

    path = _broken(tmp_path, "mic-bridge", mutate)
    message = _fails(path, "claim 'c-plan-signed'", repr(BIF_SIGNING_ROW), "article itself")
    assert "rests on no decisive evidence" in message  # nothing independent is left


def test_self_sourced_row_is_recognised_by_url_or_title() -> None:
    from analysis.inputs.articles import self_sourced
    from analysis.inputs.curated import fact

    mic = load_article("mic-bridge").metadata
    row = fact(BIF_SIGNING_ROW)
    assert self_sourced(row["source_url"], row["source_title"], mic)
    assert self_sourced(mic.url.replace("https://", "http://www.") + "/", None, mic)  # type: ignore[union-attr]
    independent = fact("tl-2012-10-23-defence-industry-programme-oreanda")
    assert not self_sourced(independent["source_url"], independent["source_title"], mic)
    spiral = load_article("confrontation-spiral").metadata  # no URL: matched by title
    title = f"Belarus in Focus: {spiral.title}"
    assert self_sourced(None, title, spiral) and not self_sourced(None, "Reuters", spiral)


def test_self_sourced_row_may_only_be_listed_under_unverifiable() -> None:
    claims = {c.id: c for c in load_article("mic-bridge").claims}
    row = "di-belarus-russia-action-plan-assets-2012"  # sourced to the article
    assert row in claims["c-integral-maz-named"].facts
    assert claims["c-integral-maz-named"].verdict == "unverifiable"


def test_flagged_rows_never_decide_a_verdict(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-quasi-open-label")["verdict"] = "supported"  # tier C rows only

    path = _broken(tmp_path, "confrontation-spiral", mutate)
    message = _fails(path, "claim 'c-quasi-open-label'", "no decisive evidence", "(tier C)")
    assert "'inc-2017-09-26-ua-verification-assessment'" in message


def test_decided_verdict_needs_rows_not_just_a_table(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-signatories-posts").pop("facts")  # as before issue 13

    path = _broken(tmp_path, "mic-bridge", mutate)
    _fails(path, "claim 'c-signatories-posts'", "no decisive evidence", "no facts listed")


def test_fact_must_exist_and_its_table_be_cited(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        claim = _claim(doc, "c-minsk-talks-venue")
        claim["facts"] = [
            *claim["facts"],
            "tl-2099-01-01-no-such-row",
            "trade-2016-turnover-lukashenko",
        ]

    path = _broken(tmp_path, "confrontation-spiral", mutate)
    _fails(
        path,
        "claim 'c-minsk-talks-venue': fact 'tl-2099-01-01-no-such-row' is not in any curated table",
        "'trade-2016-turnover-lukashenko' is in trade_belarus_ukraine",
    )


def test_cited_table_needs_a_named_row(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-mostly-hidden")["evidence"].append("curated:zapad_claims")

    path = _broken(tmp_path, "confrontation-spiral", mutate)
    _fails(path, "claim 'c-mostly-hidden'", "'curated:zapad_claims' but facts name none")


def test_condition_not_held_cannot_be_contradicted(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-west-if-no-offer")["verdict"] = "contradicted"  # the pre-issue verdict

    path = _broken(tmp_path, "mic-bridge", mutate)
    _fails(path, "claim 'c-west-if-no-offer'", "condition did not hold", "'contradicted'")


@pytest.mark.parametrize("verdict", ["supported", "mixed"])
def test_condition_not_held_decides_nothing(tmp_path: Path, verdict: str) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-presidents-needed")["verdict"] = verdict

    path = _broken(tmp_path, "confrontation-spiral", mutate)
    _fails(path, "claim 'c-presidents-needed'", "condition did not hold")


def test_conditional_forecast_must_record_its_condition(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        claim = _claim(doc, "c-west-if-no-offer")
        claim.pop("condition")
        claim.pop("condition_held")

    path = _broken(tmp_path, "mic-bridge", mutate)
    _fails(path, "claim 'c-west-if-no-offer'", "conditional forecast needs 'condition'")


def test_condition_held_unknown_cannot_decide(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        claim = _claim(doc, "c-west-if-no-offer")
        claim["condition_held"] = None
        claim["verdict"] = "contradicted"

    _fails(_broken(tmp_path, "mic-bridge", mutate), "'c-west-if-no-offer'", "condition_held: true")


def test_condition_only_on_forecasts(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        _claim(doc, "c-plan-signed")["condition"] = "If the plan was signed at all."
        _claim(doc, "c-framework-only")["condition_held"] = True

    path = _broken(tmp_path, "mic-bridge", mutate)
    _fails(path, "'c-plan-signed': only a forecast", "'c-framework-only': condition_held without")


def test_inferred_date_must_be_shown_as_inferred(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        claim = _claim(doc, "c-maz-kamaz-talks")
        claim["why"] = "Talks ran from February 2011 to 8 October 2012 (tier B)."  # firm dates

    path = _broken(tmp_path, "mic-bridge", mutate)
    message = _fails(path, "claim 'c-maz-kamaz-talks'", "inferred date", "show it as inferred")
    assert "'tl-2012-10-08-lukashenka-says-he-has'" in message


def test_inferred_event_date_marked_on_event_and_relations(tmp_path: Path) -> None:
    def mutate(doc: dict[str, Any]) -> None:
        doc["metadata"]["event_dates"][0]["date_inferred"] = False
        rel = next(r for r in doc["relations"] if r["id"] == "r-semashko-signed")
        rel["date_inferred"] = False

    path = _broken(tmp_path, "mic-bridge", mutate)
    message = _fails(path, "metadata.event_dates[1]", "set date_inferred: true")
    assert "relation 'r-semashko-signed'" not in message  # the event is no longer inferred

    def relation_only(doc: dict[str, Any]) -> None:
        next(r for r in doc["relations"] if r["id"] == "r-semashko-signed")["date_inferred"] = False

    path = _broken(tmp_path, "mic-bridge", relation_only)
    _fails(path, "relation 'r-semashko-signed': date 2012-10-23 is an inferred event date")


def test_issue_13_verdicts() -> None:
    """The revised verdicts of issue 13 hold, with the evidence model's fields."""
    mic = {c.id: c for c in load_article("mic-bridge").claims}
    spiral = {c.id: c for c in load_article("confrontation-spiral").claims}
    west = mic["c-west-if-no-offer"]
    assert (west.verdict, west.condition_held) == ("unverifiable", False) and west.condition
    assert "tl-2015-10-29-eu-suspends-sanctions-beltechexport" in west.facts
    for claim_id in ("c-plan-signed", "c-signatories-posts"):
        assert BIF_SIGNING_ROW not in mic[claim_id].facts
        assert "tl-2012-10-23-defence-industry-programme-oreanda" in mic[claim_id].facts
        assert "inferred" in (mic[claim_id].why or "")
    assert "inferred" in (mic["c-maz-kamaz-talks"].why or "")
    assert spiral["c-presidents-needed"].condition_held is False
    assert spiral["c-presidents-needed"].verdict == "unverifiable"
    assert spiral["c-hard-to-reverse"].verdict == "mixed"
    assert "lowest" not in (spiral["c-hard-to-reverse"].why or "")
    assert "tl-2019-10-04-lukashenka-zelensky-meet-zhytomyr" in spiral["c-hard-to-reverse"].facts
    assert spiral["c-by-mod-restrained"].verdict == "unverifiable"
    assert "zapad-2017-bymod-makarov-0" in spiral["c-rhetorical-spiral"].facts
    assert "only through" not in (spiral["c-rhetorical-spiral"].why or "")
    assert spiral["c-criticism-motives"].verdict == "unverifiable"
    assert "dataset:unvotes" not in spiral["c-kyiv-wants-backing"].evidence
    assert "tl-2014-09-05-minsk-protocol-trilateral-contact" in spiral["c-minsk-talks-venue"].facts
    contradicted = [c for c in [*mic.values(), *spiral.values()] if c.verdict == "contradicted"]
    assert contradicted == []


def test_article_texts_are_present_or_the_skipped_checks_are_named() -> None:
    """Every annotation's text is in the articles folder; when one is not, this test says
    in one line per text which checks could not run (skip), and fails in CI
    (``BOOK_ARTICLES_REQUIRED=1`` or ``BOOK_BROWSER_REQUIRED=1``)."""
    from analysis.inputs.articles import missing_texts
    from analysis.paths import articles_required

    absent = missing_texts()
    if absent and articles_required():
        pytest.fail("\n".join(absent))
    if absent:
        pytest.skip("\n".join(absent))


def test_a_missing_text_is_a_notice_and_an_error_when_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analysis.errors import InputValidationError
    from analysis.inputs.articles import articles_dir
    from analysis.inputs.validate import validate_all

    monkeypatch.setenv("BOOK_ARTICLES_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("BOOK_BROWSER_REQUIRED", raising=False)
    monkeypatch.delenv("BOOK_ARTICLES_REQUIRED", raising=False)
    notice: list[str] = []
    validate_all(notice)
    assert len(notice) == len(list(articles_dir().glob("*.yml")))
    assert all("quote checks, paragraph numbers" in line and "\n" not in line for line in notice)
    monkeypatch.setenv("BOOK_ARTICLES_REQUIRED", "1")
    with pytest.raises(InputValidationError, match="not found in"):
        validate_all()


def test_a_text_whose_bytes_changed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The annotation records the text's sha256: an edited text cannot pass silently."""
    import shutil

    from analysis.paths import articles_text_dir

    if not (articles_text_dir() / "mic-bridge.txt").is_file():
        pytest.skip("no article texts in this checkout")
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(articles_text_dir() / "mic-bridge.txt", folder / "mic-bridge.txt")
    with (folder / "mic-bridge.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nAn added paragraph.\n")
    monkeypatch.setenv("BOOK_ARTICLES_DIR", str(folder))
    with pytest.raises(AnnotationError, match="sha256"):
        load_article("mic-bridge")
