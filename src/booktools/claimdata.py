"""The claims ledger as data: ``claims.csv``, ``claims.json`` and ClaimReview JSON-LD.

The rows come from the ledger (:func:`analysis.metrics.ledger.claims_ledger`), so they
cannot disagree with the ledger page. Each claim has a stable id, ``<article>/<claim>``,
and a stable anchor, ``#claim-<claim>`` on its chapter's claims page
(``chapters/<article>/claims``, else the chapter's index), where the row that states it
carries that id. Every judged claim gets a schema.org ``ClaimReview`` on that page.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

#: Columns of ``claims.csv`` (and keys of each ``claims.json`` item).
CLAIM_COLUMNS = (
    "id",
    "article",
    "article_title",
    "article_url",
    "paragraph",
    "statement",
    "kind",
    "verdict",
    "why",
    "evidence",
    "url",
)
#: Where the files go, relative to the HTML output.
CLAIMS_FOLDER = "_static/claims"


def claims_page(slug: str, found_docs: set[str]) -> str:
    """The page that lists an article's claims: its ``claims`` page, else its index."""
    page = f"chapters/{slug}/claims"
    return page if page in found_docs else f"chapters/{slug}/index"


def anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def evidence_links(refs: str, base: str, repo: str | None) -> list[str]:
    """Evidence references as links: a dataset's landing page, a notebook's page, a
    curated table in the repository (``base`` is the site's root URL, maybe relative)."""
    from analysis.inputs.registry import datasets

    known = datasets()
    out = []
    for ref in [r.strip() for r in refs.split(";") if r.strip()]:
        kind, _, target = ref.partition(":")
        if kind == "dataset" and target in known:
            out.append(known[target].homepage)
        elif kind == "notebook":
            out.append(f"{base}{target.removesuffix('.ipynb')}.html")
        elif kind == "curated" and repo:
            out.append(f"{repo}/blob/main/data/curated/{target.removesuffix('.csv')}.csv")
        else:
            out.append(ref)
    return out


def claim_rows(found_docs: set[str], base: str, repo: str | None) -> list[dict[str, Any]]:
    """Every claim of every article as a row of :data:`CLAIM_COLUMNS`."""
    from analysis.inputs.articles import NOT_JUDGED, all_articles
    from analysis.metrics.ledger import claims_ledger

    articles = all_articles()
    urls = {a.slug: a.metadata.url for a in articles}
    rows = []
    for rec in claims_ledger(articles).to_dict("records"):
        page = claims_page(str(rec["slug"]), found_docs)
        rows.append(
            {
                "id": f"{rec['slug']}/{rec['id']}",
                "article": rec["slug"],
                "article_title": rec["article_title"],
                "article_url": urls.get(str(rec["slug"])) or "",
                "paragraph": rec["paragraph"],
                "statement": rec["statement"],
                "kind": rec["kind"],
                "verdict": "" if rec["verdict"] == NOT_JUDGED else rec["verdict"],
                "why": " ".join(str(rec["why"] or "").split()),
                "evidence": evidence_links(str(rec["evidence"] or ""), base, repo),
                "url": f"{base}{page}.html#{anchor(str(rec['id']))}",
                "page": page,
                "claim": rec["id"],
            }
        )
    return rows


def claims_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(CLAIM_COLUMNS), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "evidence": " ".join(row["evidence"])})
    return buffer.getvalue()


def claims_json(rows: Sequence[Mapping[str, Any]], version: str) -> str:
    items = [{k: row[k] for k in CLAIM_COLUMNS} for row in rows]
    return json.dumps({"version": version, "claims": items}, indent=1, ensure_ascii=False)


def claim_review(
    row: Mapping[str, Any], url: str, date: str, author: str, outlet: str | None
) -> dict[str, Any]:
    """schema.org ``ClaimReview`` of one judged claim (``url``: its absolute or
    page-relative anchor URL)."""
    item: dict[str, Any] = {"@type": "Claim", "author": {"@type": "Organization"}}
    item["author"]["name"] = outlet or row["article_title"]
    if row.get("article_url"):
        item["appearance"] = {
            "@type": "CreativeWork",
            "url": row["article_url"],
            "headline": row["article_title"],
        }
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "identifier": row["id"],
        "claimReviewed": row["statement"],
        "datePublished": date,
        "author": {"@type": "Organization", "name": author},
        "reviewRating": {"@type": "Rating", "alternateName": row["verdict"]},
        "reviewBody": row["why"],
        "itemReviewed": item,
    }
