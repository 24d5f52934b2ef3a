"""The reuse measure (analysis.metrics.reuse) and what the built book publishes
(booktools.published): how much of an article the book repeats in runs of words."""

from __future__ import annotations

import pytest

from analysis.inputs.articles import RELATION_KINDS
from analysis.metrics.reuse import RELATION_PHRASES, relation_paraphrase, reuse, words
from booktools.published import csv_texts, html_texts

ARTICLE = [
    "One two three four five six seven eight nine ten.",
    "Alpha beta gamma delta epsilon zeta eta theta.",
]


def test_a_run_of_six_counts_and_five_does_not() -> None:
    five = reuse(ARTICLE, ["we say one two three four five and stop"])
    assert five.covered == 0 and five.longest == 0
    six = reuse(ARTICLE, ["we say one two three four five six and stop"])
    assert (six.total, six.covered, six.longest) == (18, 6, 6)
    assert six.runs == ("one two three four five six",)
    assert six.share == pytest.approx(6 / 18)


def test_overlapping_runs_are_counted_once_and_merged() -> None:
    r = reuse(ARTICLE, ["one two three four five six seven", "three four five six seven eight"])
    assert r.covered == 8 and r.longest == 8


def test_runs_never_span_two_texts_or_two_paragraphs() -> None:
    assert reuse(ARTICLE, ["one two three", "four five six"]).covered == 0
    assert reuse(ARTICLE, ["nine ten alpha beta gamma delta"]).covered == 0


def test_words_fold_case_punctuation_and_typographic_quotes() -> None:
    assert words("Rogozin’s “Integral” (MAZ)") == ["rogozin", "s", "integral", "maz"]
    article = ["Rogozin’s visit to Minsk was the shaping of"]
    assert reuse(article, ["ROGOZIN'S visit, to Minsk: was the"]).covered == 7


def test_every_relation_kind_has_a_phrase_and_the_paraphrase_names_the_paragraph() -> None:
    assert set(RELATION_PHRASES) == set(RELATION_KINDS)
    text = relation_paraphrase("Semashko", "signed", "the plan", 2)
    assert text == "Semashko signed the plan (article, paragraph 2)"
    with pytest.raises(KeyError):
        relation_paraphrase("a", "no-such-kind", "b", 1)


def test_html_texts_reads_text_attributes_and_json_specs_but_not_code() -> None:
    html = (
        '<p>Body <b>text</b></p><div aria-label="a label" class="x" data-x="hidden"></div>'
        '<img alt="alt text"><script>var code = "not text";</script><style>p{}</style>'
        '<script type="application/json">{"data": {"values": [{"quote": "in the spec"}]}}</script>'
        '<meta content="preview &amp; more">'
    )
    texts = html_texts(html)
    assert {"Body ", "text", "a label", "alt text", "in the spec", "preview & more"} <= set(texts)
    assert not any("not text" in t or "hidden" in t or "p{}" in t for t in texts)


def test_csv_texts_are_its_cells() -> None:
    assert csv_texts('a,b\n"x, y",\n') == ["a", "b", "x, y"]
