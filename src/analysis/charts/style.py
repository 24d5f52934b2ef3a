"""House style: one palette (one colour per country), one theme, tooltips with units."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import altair as alt

from analysis.countries import FOCUS

# --------------------------------------------------------------------------- palette

#: One colour per focus country, fixed across the book (ISO3 -> hex). Belarus, Russia,
#: Poland, Lithuania and the United States keep their Okabe-Ito colours (Okabe & Ito 2008);
#: Estonia and Germany take Paul Tol's "wine" and a dark brown. Ukraine is indigo (Tol),
#: not an orange: amber beside Belarus's vermillion merged under red-green deficiencies.
#: Latvia (olive) and the EU-27 (violet) replace a sky blue and a pale yellow that were too
#: light to see as a line on white. Every colour has at least 3:1 contrast against white
#: (WCAG 2.1, 1.4.11), every pair stays apart (CIE76 distance at least 15) under simulated
#: protanopia, deuteranopia and tritanopia, and Belarus-Ukraine, Belarus-Russia and
#: Russia-Ukraine, the pairs most charts compare, by at least 20 (tests/test_charts.py).
#: Never reassign a colour without a reason: readers learn it chapter by chapter.
PALETTE: dict[str, str] = {
    "BLR": "#D55E00",  # vermillion: the book's subject stands out
    "RUS": "#0072B2",  # blue
    "UKR": "#332288",  # indigo (Tol)
    "POL": "#CC79A7",  # reddish purple
    "LTU": "#009E73",  # bluish green
    "LVA": "#668844",  # olive
    "USA": "#000000",  # black
    "EU27": "#8800EE",  # violet
    "EST": "#882255",  # wine (Tol)
    "DEU": "#661100",  # dark brown
}
#: Colour of marks that are not a country (datasets, totals, other states).
NEUTRAL = "#5A6B7B"
#: Colour of annotations: reference rules, their labels, source lines.
MUTED = "#555555"

#: Display name -> ISO3 for the focus countries.
_NAME_TO_ISO3: dict[str, str] = {c.name: c.iso3 for c in FOCUS}


def _iso3(country: str) -> str:
    """ISO3 code of a focus country given as ISO3 code or display name."""
    if country in PALETTE:
        return country
    if country in _NAME_TO_ISO3:
        return _NAME_TO_ISO3[country]
    known = ", ".join(f"{c.iso3} ({c.name})" for c in FOCUS)
    raise KeyError(f"{country!r} is not a focus country with a house colour; known: {known}")


def country_colour(country: str) -> str:
    """The house colour (hex) of a focus country, given as ISO3 code or display name."""
    return PALETTE[_iso3(country)]


def country_scale(countries: Iterable[str] | None = None) -> alt.Scale:
    """An ``alt.Scale`` mapping country display names to their house colours.

    Use it on a ``country`` field holding display names (``analysis.countries``
    ``display_name``), e.g. ``alt.Color("country:N", scale=country_scale(["BLR", "RUS"]))``.
    ``countries`` (ISO3 codes or names) restricts the domain, and hence the legend, to
    the countries a chart shows; they are listed in the book's order (``FOCUS``).
    """
    wanted = {_iso3(c) for c in countries} if countries is not None else set(PALETTE)
    ordered = [c for c in FOCUS if c.iso3 in wanted]
    return alt.Scale(domain=[c.name for c in ordered], range=[PALETTE[c.iso3] for c in ordered])


def country_color(
    countries: Iterable[str] | None = None, field: str = "country", title: str | None = None
) -> alt.Color:
    """A colour encoding for ``field`` (country display names) with the house scale."""
    return alt.Color(
        f"{field}:N", scale=country_scale(countries), title=title, sort=[c.name for c in FOCUS]
    )


def tooltip(
    field: str, title: str, unit: str | None = None, fmt: str | None = None, kind: str | None = None
) -> alt.Tooltip:
    """A tooltip entry whose label names the unit, e.g. ``Share (% of GDP)``."""
    label = f"{title} ({unit})" if unit else title
    shorthand = f"{field}:{kind}" if kind else field
    return (
        alt.Tooltip(shorthand, title=label, format=fmt)
        if fmt
        else alt.Tooltip(shorthand, title=label)
    )


# --------------------------------------------------------------------------- theme

#: The house font. Liberation Sans is bundled inside vl-convert, so static renderings
#: are identical on every machine; browsers fall back to the metric-compatible Arial.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
#: Plot area; with axes and a legend a chart stays within the book's ~700 px text column.
WIDTH = 470
HEIGHT = 280
#: Titles wrap at this many characters (a long finding takes two lines, never an ellipsis).
TITLE_CHARS = 72
THEME_NAME = "book"


def theme_config() -> dict[str, Any]:
    """The house Altair theme: typography, sizes, axes, legends (a Vega-Lite config)."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "padding": 8,
            "view": {
                "continuousWidth": WIDTH,
                "continuousHeight": HEIGHT,
                "discreteWidth": WIDTH,
                "discreteHeight": {"step": 22},
                "stroke": None,
            },
            "title": {
                "fontSize": 15,
                "fontWeight": "bold",
                "anchor": "start",
                "color": "#111111",
                "subtitleFontSize": 12,
                "subtitleColor": MUTED,
                "offset": 10,
            },
            "axis": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "titleColor": "#222222",
                "labelColor": "#333333",
                "gridColor": "#E6E6E6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "axisX": {"labelAngle": 0},
            "legend": {
                "labelFontSize": 11,
                "titleFontSize": 12,
                "titleFontWeight": "normal",
                "symbolStrokeWidth": 3,
                "orient": "right",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12},
            "line": {"strokeWidth": 2.2},
            "point": {"size": 40, "filled": True},
            "bar": {"color": NEUTRAL},
            "rect": {"color": NEUTRAL},
            "text": {"fontSize": 11, "color": "#222222"},
            "rule": {"color": MUTED},
            "range": {"category": list(PALETTE.values())},
        }
    }


@alt.theme.register(THEME_NAME, enable=True)
def _book_theme() -> alt.theme.ThemeConfig:
    # Altair's ThemeConfig TypedDict types view.discreteHeight as a number only; Vega-Lite
    # also takes {"step": n}, which the theme uses. So theme_config() stays a plain dict.
    return theme_config()  # type: ignore[return-value]


# --------------------------------------------------------------------------- grammar
# One visual grammar for the whole book: every chart that shows these things uses these
# names, labels and shapes (tests/test_grammar.py renders every chart and checks it).

#: SIPRI's data status -> the one label readers see. "uncertain" (SIPRI's "highly
#: uncertain") and "estimate" share the estimate marker; the label says which.
STATUS_LABELS: dict[str, str] = {
    "ok": "SIPRI figure",
    "estimate": "SIPRI estimate",
    "uncertain": "SIPRI estimate (highly uncertain)",
}
#: An SVG path of a ring (a circle with a hole): the book's one marker for "less certain"
#: (SIPRI estimates, tier C/W claims); a filled circle marks firm figures and sourced rows.
RING = "M1,0A1,1,0,1,1,-1,0A1,1,0,1,1,1,0ZM0.5,0A0.5,0.5,0,1,0,-0.5,0A0.5,0.5,0,1,0,0.5,0Z"
FIRM_SHAPE = "circle"
ESTIMATE_SHAPE = RING


def status_shape(field: str = "status_label", title: str = "Data status") -> alt.Shape:
    """Shape by SIPRI status label: filled circle for figures, ring for estimates.

    ``field`` holds :data:`STATUS_LABELS` values; use on filled point marks.
    """
    labels = list(dict.fromkeys(STATUS_LABELS.values()))
    shapes = [FIRM_SHAPE] + [ESTIMATE_SHAPE] * (len(labels) - 1)
    return alt.Shape(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=labels, range=shapes),
        legend=alt.Legend(symbolFillColor=MUTED, symbolStrokeWidth=0, symbolSize=90),
    )


#: Curated rows by source tier: A/B rows are evidence, C/W rows are flagged claims only.
TIER_SOURCED = "tier A/B: sourced"
TIER_FLAGGED = "tier C/W: unverified"
TIER_DOMAIN = [TIER_SOURCED, TIER_FLAGGED]


def tier_shape(field: str = "tier_status", title: str = "Source tier") -> alt.Shape:
    """Shape by tier: filled circle for tier A/B rows, ring for tier C/W rows."""
    return alt.Shape(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=TIER_DOMAIN, range=[FIRM_SHAPE, RING]),
        legend=alt.Legend(symbolFillColor=MUTED, symbolStrokeWidth=0, symbolSize=90),
    )


#: Node shape by actor kind, the same in every network of the book.
KIND_SHAPES: dict[str, str] = {
    "state": "square",
    "institution": "diamond",
    "office": "triangle-up",
    "person": "circle",
    "company": "triangle-down",
    "group": "cross",
    "event": "triangle-right",
    "agreement": "triangle-left",
    # programme: a five-pointed star, as an SVG path
    "programme": "M0,-1L0.29,-0.4L0.95,-0.31L0.48,0.15L0.59,0.81L0,0.5L-0.59,0.81L-0.48,0.15L-0.95,-0.31L-0.29,-0.4Z",
}

#: Verdict -> colour (Paul Tol's bright scheme; "not yet judged" grey).
VERDICT_COLOURS: dict[str, str] = {
    "supported": "#228833",
    "mixed": "#CCBB44",
    "contradicted": "#EE6677",
    "unverifiable": "#AA3377",
    "not yet judged": "#BBBBBB",
}


#: Colours for categories that are not countries (timeline categories, articles): Paul
#: Tol's "bright" scheme without its grey, its cyan (too near Latvia's colour) replaced by
#: Tol's muted olive.
CATEGORY_PALETTE: tuple[str, ...] = (
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#999933",
    "#AA3377",
)
