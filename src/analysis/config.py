"""Country sets and study windows: one name each, used by every chapter.

Chapters and chart functions take their countries and years from here, so "the
neighbours" or "the action plan's years" mean the same thing on every page. Codes are
ISO3 (``analysis.countries`` maps names and other codes).
"""

from __future__ import annotations

#: The book's subject.
SUBJECT = "BLR"
#: The three states whose relations the book follows.
TRIANGLE: tuple[str, ...] = ("BLR", "RUS", "UKR")
#: Countries bordering Belarus.
NEIGHBOURS: tuple[str, ...] = ("RUS", "UKR", "POL", "LTU", "LVA")
#: Belarus and its neighbours: the default set of regional context charts.
REGION: tuple[str, ...] = ("BLR", *NEIGHBOURS)
#: Every country with a house colour that the book charts by default.
CORE: tuple[str, ...] = (*REGION, "USA", "EU27")

#: First year of the post-Soviet series (Belarus and Ukraine report from 1992).
POST_SOVIET_START = 1992

#: mic-bridge: the 2012-2015 action plan on military-technical cooperation, and the
#: arms-transfer windows before it was signed and after it ended: with the plan's own
#: years the three windows are disjoint (no year counted twice); compare their totals
#: per year, since they differ in length.
PLAN_YEARS: tuple[int, int] = (2012, 2015)
PLAN_SIGNED = "2012-10-23"
ARMS_BEFORE: tuple[int, int] = (2005, PLAN_YEARS[0] - 1)
ARMS_AFTER: tuple[int, int] = (PLAN_YEARS[1] + 1, 2024)

#: confrontation-spiral: the article's year (Zapad-2017) and the UN-vote periods.
ARTICLE_YEAR_SPIRAL = 2017
VOTE_PERIODS: tuple[tuple[int, int], ...] = ((1992, 1999), (2000, 2007), (2008, 2013), (2014, 2019))
