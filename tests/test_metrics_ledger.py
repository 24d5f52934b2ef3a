"""The book's one verdict counter (analysis.inputs.articles.verdict_counts) and the
claims ledger (analysis.metrics.ledger)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
import yaml

from analysis.inputs.articles import NOT_JUDGED, Article, all_articles, verdict_counts
from analysis.metrics import ledger as lm
from analysis.paths import data_dir


def _yml_docs() -> dict[str, dict[str, Any]]:
    """The annotation files read as plain YAML (independently of the package)."""
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((data_dir() / "articles").glob("*.yml"))
    }


def _article(slug: str, claims: list[dict[str, Any]]) -> Article:
    return Article.model_validate(
        {
            "metadata": {
                "slug": slug,
                "title": f"Article {slug}",
                "outlet": "Test",
                "url": None,
                "page_date": "2020-01-01",
                "event_dates": [],
                "text": {"file": f"{slug}.txt", "sha256": "0" * 64},
            },
            "entities": [],
            "relations": [],
            "claims": claims,
        }
    )


def _claim(cid: str, verdict: str | None) -> dict[str, Any]:
    return {
        "id": cid,
        "statement": f"Claim {cid} in our words.",
        "kind": "fact",
        "paragraph": 1,
        "evidence": [],
        "verdict": verdict,
        **({"why": "Because."} if verdict else {}),
    }


# --------------------------------------------------------------------------- the counter


def test_verdict_counts_of_a_claims_frame_and_of_a_ledger() -> None:
    claims = pd.DataFrame({"verdict": ["supported", None, "mixed", "supported", ""]})
    assert verdict_counts(claims) == {
        "supported": 2,
        "contradicted": 0,
        "mixed": 1,
        "unverifiable": 0,
        NOT_JUDGED: 2,
        "judged": 3,
        "total": 5,
    }
    ledger = pd.DataFrame({"verdict": [NOT_JUDGED, "unverifiable"]})
    counts = verdict_counts(ledger)
    assert (counts[NOT_JUDGED], counts["unverifiable"], counts["judged"]) == (1, 1, 1)
    assert verdict_counts(claims.iloc[:0])["total"] == 0


def test_verdict_counts_rejects_unknown_verdicts() -> None:
    with pytest.raises(ValueError, match="probable"):
        verdict_counts(pd.DataFrame({"verdict": ["probable"]}))


# --------------------------------------------------------------------------- the ledger


def test_ledger_counts_every_claim_of_every_article() -> None:
    docs = _yml_docs()
    ledger = lm.claims_ledger(all_articles())
    expected = sum(len(d["claims"]) for d in docs.values())
    assert len(ledger) == expected
    assert list(ledger.columns) == lm.LEDGER_COLUMNS
    assert set(ledger["slug"]) == set(docs)
    raw = pd.Series([c.get("verdict") or NOT_JUDGED for d in docs.values() for c in d["claims"]])
    totals = lm.verdict_totals(ledger)
    assert totals["total"] == expected
    assert sum(v for k, v in totals.items() if k != "total") == expected
    for verdict in lm.LEDGER_VERDICTS:
        assert totals[verdict] == int((raw == verdict).sum()), verdict
    counts = lm.verdict_table(ledger)
    assert len(counts) == len(docs) * len(lm.LEDGER_VERDICTS)
    for slug, doc in docs.items():
        assert counts.loc[counts["slug"] == slug, "n"].sum() == len(doc["claims"])
    assert ledger["link"].notna().all()


def test_ledger_verdicts_links_tables_and_findings() -> None:
    a = _article("a", [_claim("c-one", None), _claim("c-two", "supported")])
    b = _article("b", [_claim("c-three", "mixed")])
    ledger = lm.claims_ledger([b, a])  # articles in slug order whatever the input order
    assert list(ledger["slug"]) == ["a", "a", "b"]
    assert list(ledger["verdict"]) == [NOT_JUDGED, "supported", "mixed"]
    assert list(ledger["link"]) == ["chapters/a/index.md"] * 2 + ["chapters/b/index.md"]
    assert lm.verdict_totals(ledger) == {
        "supported": 1,
        "contradicted": 0,
        "mixed": 1,
        "unverifiable": 0,
        NOT_JUDGED: 1,
        "total": 3,
    }
    table = lm.verdict_table(ledger)
    assert table[table["n"] > 0].to_dict("records") == [
        {"slug": "a", "verdict": "supported", "n": 1},
        {"slug": "a", "verdict": NOT_JUDGED, "n": 1},
        {"slug": "b", "verdict": "mixed", "n": 1},
    ]
    grid = lm.verdict_grid(ledger)
    assert list(grid.columns) == ["Article", *lm.LEDGER_VERDICTS, "total"]
    assert grid["Article"].tolist() == ["a", "b", "all articles"]
    assert grid["total"].tolist() == [2, 1, 3]
    assert grid.loc[2, "supported"] == 1 and grid.loc[2, NOT_JUDGED] == 1
    found = lm.ledger_findings(ledger)
    assert (found["total"], found["judged"], found["n_articles"]) == (3, 2, 2)
    assert found["not_yet_judged"] == 1
    assert found["per_article"] == {"a": 2, "b": 1} and found["per_kind"] == {"fact": 3}
