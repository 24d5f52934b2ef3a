"""Country codes: the one place that maps names, ISO2, ISO3 and COW codes.

The book's focus countries are listed explicitly with their display names; every
other country is mapped with ``country_converter`` (a maintained concordance), whose
Gleditsch-Ward codes equal COW codes except for the few states listed in
``_COW_NOT_GW``. Names no concordance knows (SIPRI's non-state actors, "unknown
supplier(s)", former states) map to ``None`` or to an ISO 3166-3 code in
``_NAME_OVERRIDES``; loaders keep the original name beside the code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    import country_converter as coco


@dataclass(frozen=True)
class Country:
    """A focus country of the book."""

    iso3: str
    iso2: str
    cow: int | None
    name: str


#: The countries the book follows, in the order legends list them.
FOCUS: tuple[Country, ...] = (
    Country("BLR", "BY", 370, "Belarus"),
    Country("RUS", "RU", 365, "Russia"),
    Country("UKR", "UA", 369, "Ukraine"),
    Country("POL", "PL", 290, "Poland"),
    Country("LTU", "LT", 368, "Lithuania"),
    Country("LVA", "LV", 367, "Latvia"),
    Country("EST", "EE", 366, "Estonia"),
    Country("DEU", "DE", 255, "Germany"),
    Country("USA", "US", 2, "United States"),
    Country("EU27", "EU", None, "European Union"),
)
BY_ISO3: dict[str, Country] = {c.iso3: c for c in FOCUS}

# Former states and spellings the concordance does not resolve (ISO 3166-3 codes).
_NAME_OVERRIDES: dict[str, str | None] = {
    "ussr": "SUN",
    "soviet union": "SUN",
    "czechoslovakia": "CSK",
    "yugoslavia": "YUG",
    "east germany (gdr)": "DDR",
    "east germany": "DDR",
    "german democratic republic": "DDR",
    "north yemen": "YEM",
    "south yemen": "YMD",
    "yemen people's republic": "YMD",
    "south vietnam": "XSV",  # no ISO code (VDR is North Vietnam); X-prefixed user code
    "kosovo": "XKX",
    "uae": "ARE",
    "northern cyprus": None,  # not a state in ISO 3166; SIPRI lists it apart from Cyprus
    "russian federation": "RUS",
    "belarus": "BLR",
    "ukraine": "UKR",
    "united states": "USA",
    "united states of america": "USA",
}

# COW codes that differ from Gleditsch-Ward codes (COW code -> ISO3).
_COW_NOT_GW: dict[int, str] = {
    255: "DEU",  # Germany (COW 255; GW uses 260 for West Germany / Germany)
    260: "DEU",  # German Federal Republic 1955-1990
    265: "DDR",  # German Democratic Republic
    345: "SRB",  # Yugoslavia / Serbia (COW keeps 345 after 2006)
    347: "XKX",  # Kosovo
    678: "YEM",  # Yemen Arab Republic (North Yemen), continued by 679
    679: "YEM",  # Yemen (COW)
    680: "YMD",  # Yemen People's Republic
    315: "CSK",  # Czechoslovakia
    316: "CZE",  # Czech Republic
    816: "VNM",  # Vietnam (Democratic Republic of, then unified)
    817: "XSV",  # Republic of Vietnam (South): no ISO code, X-prefixed user code
    946: "KIR",  # Kiribati (GW 970)
    947: "TUV",  # Tuvalu (GW 973)
    955: "TON",  # Tonga (GW 972)
    970: "NRU",  # Nauru (GW 971)
    365: "RUS",
    370: "BLR",
    369: "UKR",
}


@lru_cache(maxsize=1)
def _converter() -> coco.CountryConverter:
    import country_converter as coco

    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


def _not_found(value: object) -> bool:
    return value is None or value == "not found" or (isinstance(value, float) and pd.isna(value))


@lru_cache(maxsize=4096)
def name_to_iso3(name: str) -> str | None:
    """ISO3 code for a country name (any common spelling), or None for a non-state actor."""
    key = name.strip().lower()
    if key.endswith("*"):  # SIPRI marks non-state armed groups with an asterisk
        return None
    if key in _NAME_OVERRIDES:
        return _NAME_OVERRIDES[key]
    for country in FOCUS:
        if key == country.name.lower():
            return country.iso3
    got = _converter().convert(name.strip(), to="ISO3", not_found="not found")
    return None if _not_found(got) or isinstance(got, list) else str(got)


@lru_cache(maxsize=4096)
def cow_to_iso3(code: int) -> str | None:
    """ISO3 code for a Correlates of War state code."""
    code = int(code)
    if code in _COW_NOT_GW:
        return _COW_NOT_GW[code]
    got = _converter().convert(code, src="GWcode", to="ISO3", not_found="not found")
    return None if _not_found(got) or isinstance(got, list) else str(got)


@lru_cache(maxsize=512)
def iso2_to_iso3(code: str) -> str | None:
    """ISO3 code for an ISO 3166-1 alpha-2 code."""
    for country in FOCUS:
        if code.upper() == country.iso2:
            return country.iso3
    got = _converter().convert(code.upper(), src="ISO2", to="ISO3", not_found="not found")
    return None if _not_found(got) or isinstance(got, list) else str(got)


def map_names(names: Iterable[str]) -> pd.Series:
    """Vectorised :func:`name_to_iso3` over unique values (returns a Series aligned to input)."""
    values = pd.Series(list(names), dtype="object")
    lookup = {n: name_to_iso3(n) for n in values.dropna().unique()}
    return values.map(lookup)


def map_cow(codes: Iterable[int]) -> pd.Series:
    """Vectorised :func:`cow_to_iso3`."""
    values = pd.Series(list(codes))
    lookup = {c: cow_to_iso3(int(c)) for c in values.dropna().unique()}
    return values.map(lookup)


def display_name(iso3: str) -> str:
    """The book's display name for an ISO3 code (focus countries first)."""
    if iso3 in BY_ISO3:
        return BY_ISO3[iso3].name
    got = _converter().convert(iso3, src="ISO3", to="name_short", not_found="not found")
    return iso3 if _not_found(got) or isinstance(got, list) else str(got)


# --------------------------------------------------------------------------- in a text

#: Words that name a country in English prose: the name, the adjective and the demonym,
#: for the book's countries and their region (anything else is found by its concordance
#: name, :func:`countries_named`). Case-sensitive, whole words; plurals are matched too.
MENTION_WORDS: dict[str, tuple[str, ...]] = {
    "BLR": ("Belarus", "Belarusian", "Belarussian", "Byelorussia", "Belorussia", "Belorussian"),
    "RUS": ("Russia", "Russian", "Russian Federation"),
    "UKR": ("Ukraine", "Ukrainian"),
    "POL": ("Poland", "Polish", "Pole"),
    "LTU": ("Lithuania", "Lithuanian"),
    "LVA": ("Latvia", "Latvian"),
    "EST": ("Estonia", "Estonian"),
    "DEU": ("Germany", "German"),
    "USA": ("United States", "U.S.", "USA", "American"),
    "EU27": ("European Union", "EU"),
    "KAZ": ("Kazakhstan", "Kazakh", "Kazakhstani"),
    "ARM": ("Armenia", "Armenian"),
    "AZE": ("Azerbaijan", "Azerbaijani"),
    "GEO": ("Georgia", "Georgian"),
    "MDA": ("Moldova", "Moldovan"),
    "CHN": ("China", "Chinese"),
    "FRA": ("France", "French"),
    "GBR": ("United Kingdom", "Britain", "British"),
    "TUR": ("Turkey", "Türkiye", "Turkish"),
    "IRN": ("Iran", "Iranian"),
    "SYR": ("Syria", "Syrian"),
    "KGZ": ("Kyrgyzstan", "Kyrgyz"),
    "TJK": ("Tajikistan", "Tajik"),
    "UZB": ("Uzbekistan", "Uzbek"),
}


@lru_cache(maxsize=1)
def _mention_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(iso3, pattern) for :data:`MENTION_WORDS`, then every other state by its
    concordance short name (4 letters or more, to avoid matching common words)."""
    out: list[tuple[str, re.Pattern[str]]] = []
    for iso3, words in MENTION_WORDS.items():
        alts = "|".join(re.escape(w) + ("s?" if w[-1].isalpha() else "") for w in words)
        out.append((iso3, re.compile(rf"(?<![\w.])(?:{alts})(?![\w])")))
    table = _converter().data[["ISO3", "name_short"]].dropna()
    for iso3, name in table.itertuples(index=False):
        if iso3 in MENTION_WORDS or len(str(name)) < 4:
            continue
        out.append((str(iso3), re.compile(rf"(?<!\w){re.escape(str(name))}(?!\w)")))
    return tuple(out)


def countries_named(paragraphs: Sequence[str]) -> list[dict[str, object]]:
    """The countries ``paragraphs`` name (by name, adjective or demonym), most mentioned
    first: ``{iso3, name, words, mentions, paragraphs}`` (``paragraphs`` 1-based)."""
    found: dict[str, dict[str, object]] = {}
    for iso3, pattern in _mention_patterns():
        words: dict[str, None] = {}
        where: list[int] = []
        count = 0
        for number, paragraph in enumerate(paragraphs, start=1):
            hits = pattern.findall(paragraph)
            if hits:
                where.append(number)
                count += len(hits)
                words.update(dict.fromkeys(hits))
        if count:
            found[iso3] = {
                "iso3": iso3,
                "name": display_name(iso3),
                "words": sorted(words),
                "mentions": count,
                "paragraphs": where,
            }
    return sorted(found.values(), key=lambda c: (-int(c["mentions"]), str(c["iso3"])))  # type: ignore[call-overload]
