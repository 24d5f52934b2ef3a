"""How much of an article the book republishes: shared runs of words.

The book's rule (DESIGN, "the articles' words stay theirs"): published text holds at most
one quoted sentence of an article per claim or relation, and the whole book at most
:data:`MAX_SHARE` of any article's words in runs of :data:`RUN` or more words shared with
the published text. Annotations keep the quotes (the validator checks them against the
article); pages show a paraphrase and the paragraph number instead.

Pure functions over strings: the caller supplies the article's body paragraphs
(:func:`analysis.inputs.articles.article_paragraphs`) and the published texts (for the
built book, ``booktools.published`` reads them from the HTML).

Words are compared as :func:`analysis.inputs.articles` compares them: lower case, runs of
Latin or Cyrillic letters and digits, typographic quotes folded. A run never spans two
published texts (a tooltip field and the next one are separate texts), nor two article
paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Shortest run of consecutive words that counts as reuse.
RUN = 6
#: Largest share of an article's words the whole book may hold in such runs.
MAX_SHARE = 0.15

_TYPOGRAPHIC = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_WORD = re.compile(r"[0-9a-zа-яё]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as the reuse measure compares them."""
    return _WORD.findall(text.translate(_TYPOGRAPHIC).lower())


def _grams(texts: Iterable[str], run: int) -> set[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for text in texts:
        w = words(text)
        out.update(tuple(w[i : i + run]) for i in range(len(w) - run + 1))
    return out


@dataclass(frozen=True)
class Reuse:
    """What of one article a body of published text repeats.

    ``total``: the article's words; ``covered``: those inside a run of at least ``run``
    words that the published text also holds; ``longest``: the longest such run (words);
    ``runs``: the maximal shared runs, as text, longest first.
    """

    total: int
    covered: int
    longest: int
    runs: tuple[str, ...]

    @property
    def share(self) -> float:
        """``covered / total`` (0 for an empty article)."""
        return self.covered / self.total if self.total else 0.0


def reuse(paragraphs: Sequence[str], published: Iterable[str], run: int = RUN) -> Reuse:
    """How much of the article (its body ``paragraphs``) ``published`` repeats in runs of
    at least ``run`` words (see the module docstring)."""
    if run < 1:
        raise ValueError(f"run must be at least 1, got {run}")
    grams = _grams(published, run)
    total = covered = longest = 0
    runs: list[str] = []
    for paragraph in paragraphs:
        w = words(paragraph)
        total += len(w)
        hit = [False] * len(w)
        for i in range(len(w) - run + 1):
            if tuple(w[i : i + run]) in grams:
                for j in range(i, i + run):
                    hit[j] = True
        covered += sum(hit)
        start = None
        for i, flag in enumerate([*hit, False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                longest = max(longest, i - start)
                runs.append(" ".join(w[start:i]))
                start = None
    runs.sort(key=lambda r: (-len(r.split()), r))
    return Reuse(total=total, covered=covered, longest=longest, runs=tuple(runs))


#: A relation kind (:data:`analysis.inputs.articles.RELATION_KINDS`) in our words, as the
#: verb phrase between its two ends.
RELATION_PHRASES: dict[str, str] = {
    "signed": "signed",
    "heads": "heads or is in charge of",
    "holds": "held the post of",
    "represents": "acts for",
    "member_of": "is a member of",
    "seeks_stake_in": "wants a stake in",
    "merger_talks": "is in merger talks with",
    "requests": "asks something of",
    "criticises": "criticises",
    "claims": "makes a claim about",
    "participates_in": "takes part in",
    "observes": "watches",
    "cooperates_with": "works with",
    "seeks_support_from": "looks for backing from",
    "seeks_market_in": "looks for buyers in",
    "offers_mediation": "offers to host talks on",
    "integrates_with": "moves closer to",
    "confronts": "is at odds with",
    "exploits": "takes advantage of",
    "party_to": "is a party to",
}


def relation_paraphrase(source: str, kind: str, target: str, paragraph: int | None) -> str:
    """What an article's relation says, in our words, with the paragraph it rests on:
    what tooltips show instead of the annotation's quote ("Semashko signed the plan
    (article, paragraph 2)"). Raises KeyError for an unknown kind."""
    where = f" (article, paragraph {paragraph})" if paragraph is not None else ""
    return f"{source} {RELATION_PHRASES[kind]} {target}{where}"
