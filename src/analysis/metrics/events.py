"""ICEWS event metrics: directed dyad-year event counts and cooperation shares.

Input is the tidy, wide table of :func:`~analysis.inputs.loaders.load_icews` (one row per directed
dyad-year 2002-2014: sender_iso3, target_iso3, year and the four quad-class counts
verbCoop, matlCoop, verbConf, matlConf of events with the sender as source actor and the
target as target). A 0 is a real zero (no event coded).

:func:`dyad_events` makes it long (one row per dyad-year and quad class), which is what
charts facet on; :func:`cooperation_share` folds the long table back into
cooperation / (cooperation + conflict) per dyad-year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis.countries import display_name

#: ICEWS quad classes, in display order.
EVENT_TYPES = ["verbCoop", "matlCoop", "verbConf", "matlConf"]
COOPERATION = {"all": ["verbCoop", "matlCoop"], "verbal": ["verbCoop"], "material": ["matlCoop"]}
CONFLICT = {"all": ["verbConf", "matlConf"], "verbal": ["verbConf"], "material": ["matlConf"]}
EVENT_COLUMNS = ["dyad", "sender_iso3", "target_iso3", "year", "event_type", "count"]
SHARE_COLUMNS = [
    "dyad",
    "sender_iso3",
    "target_iso3",
    "year",
    "cooperation",
    "conflict",
    "total",
    "cooperation_share",
]


def dyad_label(sender: str, target: str) -> str:
    """The label of a directed dyad, e.g. ``"BLR->UKR"``."""
    return f"{sender}->{target}"


def _dyads(pairs: Iterable[Sequence[str]], both_directions: bool) -> pd.DataFrame:
    """sender_iso3, target_iso3, order of the requested directed dyads (no duplicates)."""
    rows: list[tuple[str, str]] = []
    for pair in pairs:
        if len(pair) != 2 or pair[0] == pair[1]:
            raise ValueError(f"a dyad is two different ISO3 codes (sender, target); got {pair!r}")
        sender, target = str(pair[0]), str(pair[1])
        for dyad in [(sender, target), (target, sender)] if both_directions else [(sender, target)]:
            if dyad not in rows:
                rows.append(dyad)
    frame = pd.DataFrame(rows, columns=["sender_iso3", "target_iso3"])
    frame["order"] = np.arange(len(frame))
    return frame


def dyad_events(
    icews: pd.DataFrame,
    pairs: Iterable[Sequence[str]],
    years: tuple[int, int] | None = None,
    both_directions: bool = False,
) -> pd.DataFrame:
    """ICEWS event counts of directed dyads, long.

    Parameters
    ----------
    icews:
        Tidy table of :func:`~analysis.inputs.loaders.load_icews`.
    pairs:
        (sender, target) ISO3 tuples, e.g. ``[("BLR", "UKR"), ("RUS", "BLR")]``.
    years:
        Inclusive range of years (None: all, 2002-2014).
    both_directions:
        Also return (target, sender) for every pair.

    Returns
    -------
    DataFrame dyad (``"BLR->UKR"``), sender_iso3, target_iso3, year, event_type (one of
    :data:`EVENT_TYPES`), count (int), sorted by the order of ``pairs``, year and event
    type. Raises ValueError for a dyad absent from the data (a country outside ICEWS's
    152, or a typo).
    """
    wanted = _dyads(pairs, both_directions)
    rows = icews[["sender_iso3", "target_iso3", "year", *EVENT_TYPES]].merge(
        wanted, on=["sender_iso3", "target_iso3"], how="inner"
    )
    missing = wanted.loc[~wanted["order"].isin(rows["order"])]
    if len(missing):
        absent = [dyad_label(s, t) for s, t in missing[["sender_iso3", "target_iso3"]].to_numpy()]
        raise ValueError(f"dyad(s) not in the ICEWS data: {absent}")
    if years is not None:
        rows = rows[rows["year"].between(*years)]
    long = rows.melt(
        id_vars=["order", "sender_iso3", "target_iso3", "year"],
        value_vars=EVENT_TYPES,
        var_name="event_type",
        value_name="count",
    )
    long["type_order"] = long["event_type"].map({t: i for i, t in enumerate(EVENT_TYPES)})
    long = long.sort_values(["order", "year", "type_order"])
    long["dyad"] = long["sender_iso3"] + "->" + long["target_iso3"]
    long["year"] = long["year"].astype("int64")
    long["count"] = long["count"].astype("int64")
    return long[EVENT_COLUMNS].reset_index(drop=True)


def cooperation_share(events: pd.DataFrame, kind: str = "all") -> pd.DataFrame:
    """Cooperation as a share of cooperation plus conflict, per directed dyad-year.

    ``events`` is the long output of :func:`dyad_events`. ``kind`` picks the quad classes:
    ``"all"`` (verbal + material, default), ``"verbal"`` or ``"material"``. Returns dyad,
    sender_iso3, target_iso3, year, cooperation, conflict, total (ints) and
    cooperation_share = cooperation / total (float; NaN when no event at all), in the
    order of ``events``.
    """
    if kind not in COOPERATION:
        raise ValueError(f"kind must be one of {list(COOPERATION)}, got {kind!r}")
    keys = ["dyad", "sender_iso3", "target_iso3", "year"]
    wide = events.pivot_table(
        index=keys, columns="event_type", values="count", aggfunc="sum", sort=False
    ).reindex(columns=EVENT_TYPES)
    out = pd.DataFrame(
        {
            "cooperation": wide[COOPERATION[kind]].sum(axis=1).astype("int64"),
            "conflict": wide[CONFLICT[kind]].sum(axis=1).astype("int64"),
        }
    ).reset_index()
    out["total"] = out["cooperation"] + out["conflict"]
    out["cooperation_share"] = out["cooperation"] / out["total"].where(out["total"] > 0)
    return out[SHARE_COLUMNS]


def event_panel(
    pairs: Iterable[Sequence[str]],
    years: tuple[int, int] | None = None,
    both_directions: bool = False,
) -> pd.DataFrame:
    """:func:`dyad_events` on the cached ICEWS loader."""
    from analysis.inputs.loaders import load_icews

    return dyad_events(load_icews(), pairs, years, both_directions)


# --------------------------------------------------------------------------- chapter numbers


def _partner(frame: pd.DataFrame, iso3: str = "UKR") -> pd.Series:
    """Whether a directed dyad involves ``iso3`` (either side)."""
    return frame[["sender_iso3", "target_iso3"]].isin([iso3]).any(axis=1)


def labelled_events(events: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """:func:`dyad_events` output with readable labels: ``dyad_label`` ("Belarus to
    Ukraine"), ``event_label`` (``labels``: quad class -> label), ``kind`` (cooperation /
    conflict) and ``event_type_order`` (position in :data:`EVENT_TYPES`)."""
    out = events.copy()
    out["dyad_label"] = [
        f"{display_name(s)} to {display_name(t)}"
        for s, t in zip(out["sender_iso3"], out["target_iso3"], strict=True)
    ]
    out["event_label"] = out["event_type"].map(dict(labels))
    out["kind"] = np.where(out["event_type"].str.endswith("Coop"), "cooperation", "conflict")
    out["event_type_order"] = out["event_type"].map({k: i for i, k in enumerate(EVENT_TYPES)})
    return out


def pair_event_findings(events: pd.DataFrame, partner: str = "UKR") -> dict[str, Any]:
    """Event numbers of :func:`dyad_events` output covering BLR<->UKR and BLR<->RUS: totals
    per pair (both directions) in 2013 and 2014, the peak year of Belarus-Ukraine events,
    the conflict share of Belarus-Ukraine events in 2014 and its highest value (year), the
    ratio of Belarus-Russia to Belarus-Ukraine events in 2014, and the last year of data.
    ``partner``: the country that marks a Belarus-Ukraine dyad."""
    ev = events.copy()
    ev["pair"] = np.where(_partner(ev, partner), "BLR-UKR", "BLR-RUS")
    ev["conflict"] = ev["event_type"].str.endswith("Conf")
    by = ev.groupby(["pair", "year"]).agg(total=("count", "sum"))
    conf = ev[ev["conflict"]].groupby(["pair", "year"])["count"].sum()
    share = (conf / by["total"]).rename("conflict_share")
    bu = pd.concat([by, share], axis=1).loc["BLR-UKR"]
    br = by.loc["BLR-RUS"]["total"]
    return {
        "blr_ukr_2013": int(bu.loc[2013, "total"]),
        "blr_ukr_2014": int(bu.loc[2014, "total"]),
        "blr_ukr_peak_year": int(bu["total"].idxmax()),
        "blr_ukr_conflict_2014": float(bu.loc[2014, "conflict_share"]),
        "blr_ukr_conflict_max": float(bu["conflict_share"].max()),
        "blr_ukr_conflict_max_year": int(bu["conflict_share"].idxmax()),
        "blr_rus_2014": int(br.loc[2014]),
        "rus_to_ukr_ratio_2014": float(br.loc[2014] / bu.loc[2014, "total"]),
        "last_year": int(ev["year"].max()),
    }


def conflict_shares(
    shares: pd.DataFrame, subject: str = "BLR", partner: str = "UKR"
) -> pd.DataFrame:
    """:func:`cooperation_share` output as conflict percentages per directed dyad-year.

    Adds conflict_pct (100 * (1 - cooperation_share)), partner (``partner`` when the dyad
    involves it, else ``"RUS"``), country (partner's name), direction ("from Belarus" /
    "to Belarus", relative to ``subject``) and dyad_label. Columns: dyad_label, country,
    direction, year, cooperation, conflict, total, conflict_pct.
    """
    data = shares.copy()
    data["conflict_pct"] = 100 * (1 - data["cooperation_share"])
    data["partner"] = np.where(_partner(data, partner), partner, "RUS")
    data["country"] = data["partner"].map(display_name)
    name = display_name(subject)
    data["direction"] = np.where(data["sender_iso3"] == subject, f"from {name}", f"to {name}")
    data["dyad_label"] = [
        f"{display_name(s)} to {display_name(t)}"
        for s, t in zip(data["sender_iso3"], data["target_iso3"], strict=True)
    ]
    cols = ["dyad_label", "country", "direction", "year", "cooperation", "conflict", "total"]
    return data[[*cols, "conflict_pct"]]


def peak_conflict(data: pd.DataFrame, country: str) -> pd.Series:
    """The row of :func:`conflict_shares` with the highest conflict share for ``country``
    (a partner's display name); ties go to the earlier year."""
    rows = data[data["country"] == country]
    return rows.sort_values(["conflict_pct", "year"], ascending=[False, True]).iloc[0]
