"""Indicators before and after a date, side by side: pure frames for dumbbell charts.

:func:`before_after_frame` turns rows of (indicator, before, after, windows, dataset,
towards) into the frame :func:`analysis.charts.indicators.before_after_dumbbells` draws,
with the change in percentage points and its direction ("towards Russia" / "towards the
West"). :func:`direction_counts` counts the directions for the prose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

#: Columns of :func:`before_after_frame`.
BEFORE_AFTER_COLUMNS = [
    "indicator",
    "before",
    "after",
    "change",
    "before_years",
    "after_years",
    "dataset",
    "towards",
    "direction",
]
TOWARDS_RUSSIA = "towards Russia"
TOWARDS_WEST = "towards the West"
NO_CHANGE = "no change"


def span(first: int, last: int) -> str:
    """A window as text: ``span(2009, 2012) == "2009-2012"``, ``span(2016, 2016) == "2016"``."""
    return f"{first}-{last}" if first != last else f"{first}"


def before_after_frame(rows: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """Indicators before and after, in percent, for a dumbbell chart.

    ``rows``: dicts with indicator, before, after (percent), before_years, after_years,
    dataset, towards ("rus" if a rise means closer to Russia, "west" if a rise means
    closer to the West). Adds change (after - before, percentage points, one decimal)
    and direction (:data:`TOWARDS_RUSSIA`, :data:`TOWARDS_WEST` or :data:`NO_CHANGE`).
    """
    frame = pd.DataFrame(list(rows))
    frame["change"] = (frame["after"] - frame["before"]).round(1)
    sign = np.where(frame["towards"] == "rus", 1, -1) * np.sign(frame["change"])
    frame["direction"] = np.select(
        [sign > 0, sign < 0], [TOWARDS_RUSSIA, TOWARDS_WEST], default=NO_CHANGE
    )
    return frame[BEFORE_AFTER_COLUMNS]


def direction_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Indicators of :func:`before_after_frame`: ``n``, ``n_rus`` (towards Russia) and
    ``n_west`` (towards the West)."""
    return {
        "n": len(frame),
        "n_rus": int((frame["direction"] == TOWARDS_RUSSIA).sum()),
        "n_west": int((frame["direction"] == TOWARDS_WEST).sum()),
    }


def moves_text(frame: pd.DataFrame, direction: str) -> str:
    """The indicators that moved in ``direction``, as "name (a% to b%); ...", or "none"."""
    moves = frame[frame["direction"] == direction]
    return (
        "; ".join(f"{r.indicator} ({r.before:.1f}% to {r.after:.1f}%)" for r in moves.itertuples())
        or "none"
    )
