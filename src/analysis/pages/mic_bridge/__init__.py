"""Page layer of the mic_bridge chapter: one module per notebook."""

from __future__ import annotations

from analysis.pages.gaps import cited_date, months_between

#: The curated rows of Rogozin's visit (the action plan signed in Minsk) and of the Russian
#: government resolution that opened state procurement to Belarusian goods.
VISIT_FACT = "tl-2012-10-23-semashko-rogozin-sign-action"
RESOLUTION_FACT = "tl-2012-12-24-russian-government-resolution-no"


def visit_numbers() -> dict[str, str]:
    """The visit's date as cited (with what of it is inferred) and the calendar months
    from the visit to the resolution, in words."""
    return {
        "visit_date": cited_date(VISIT_FACT),
        "visit_to_resolution": months_between(VISIT_FACT, RESOLUTION_FACT),
    }
