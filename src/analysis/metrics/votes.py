"""UN General Assembly voting metrics: pairwise agreement, ideal-point distance, split votes.

Inputs are the tidy tables of :mod:`analysis.inputs.loaders.unvotes`:

* ``votes`` (:func:`~analysis.inputs.loaders.load_un_votes`): rcid, iso3, vote (yes/abstain/no).
  Absences are not rows, so a country that did not vote on a roll call is simply missing.
* ``rollcalls`` (:func:`~analysis.inputs.loaders.load_un_roll_calls`): rcid, session, date, year,
  unres, short, descr, importantvote, ...
* ``issues`` (:func:`~analysis.inputs.loaders.load_un_roll_call_issues`): rcid, short_name (the
  issue code me, nu, di, hr, co, ec), issue (its long name). A roll call can have several
  issues or none.
* ``idealpoints`` (:func:`~analysis.inputs.loaders.load_unga_idealpoints`): iso3, session, year,
  ideal_point.

Agreement definition
--------------------
:func:`vote_agreement` computes, for countries *a* and *b* and each calendar year of the
roll-call ``date``::

    agreement = n_identical / n_votes

where ``n_votes`` counts the roll calls on which **both** countries cast a vote (yes, no or
abstain; a roll call where either was absent is dropped) and ``n_identical`` those on which
the two votes are the same category (yes = yes, no = no, abstain = abstain). Every roll call
counts, including votes on amendments and separate paragraphs. This is the definition that
reproduces the sanity values of ``SOURCES.md`` (Belarus-Russia 0.79, 0.77, 0.71 in 2012,
2014, 2017 = 70/89, 56/73, 85/120). Two alternatives do *not*: grouping by GA session gives
Belarus-Ukraine 0.64 for session 67 (2012-13) instead of 0.61, and dropping abstentions gives
Belarus-Russia 0.94 in 2012.

Caveats: the ``date`` of some recent roll calls is the closing date of the session rather
than the voting day (e.g. several session-72 votes are dated 2017-12-24), so the calendar
year is the year of the recorded date. The votes of Belarus and Ukraine before 1992 are those
of the Byelorussian and Ukrainian SSRs (founding UN members).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

#: Issue codes of ``un_roll_call_issues.short_name`` and their names.
ISSUES: dict[str, str] = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}

AGREEMENT_COLUMNS = [
    "pair",
    "a_iso3",
    "b_iso3",
    "year",
    "issue",
    "n_votes",
    "n_identical",
    "agreement",
]
SPLIT_COLUMNS = [
    "rcid",
    "date",
    "year",
    "session",
    "unres",
    "short",
    "descr",
    "importantvote",
    "a_iso3",
    "b_iso3",
    "vote_a",
    "vote_b",
]
IDEALPOINT_COLUMNS = [
    "pair",
    "a_iso3",
    "b_iso3",
    "session",
    "year",
    "ideal_point_a",
    "ideal_point_b",
    "distance",
]


def pair_label(a: str, b: str) -> str:
    """The label of a country pair, e.g. ``"BLR-RUS"`` (order as given)."""
    return f"{a}-{b}"


def _check_pair(a: str, b: str) -> None:
    if a == b:
        raise ValueError(f"a pair needs two different countries, got {a!r} twice")


def _country_votes(votes: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """rcid and vote of one country; ValueError if it never voted (a typo, most likely)."""
    mine = votes.loc[votes["iso3"].to_numpy() == iso3, ["rcid", "vote"]]
    if mine.empty:
        raise ValueError(f"no UN votes for iso3 {iso3!r}")
    return mine


def _joint_votes(votes: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """rcid, vote_a, vote_b of the roll calls on which both a and b voted."""
    _check_pair(a, b)
    return _country_votes(votes, a).merge(
        _country_votes(votes, b), on="rcid", suffixes=("_a", "_b"), validate="one_to_one"
    )


def vote_agreement(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    a: str,
    b: str,
    by: str = "year",
    issues: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Share of identical UNGA votes of countries ``a`` and ``b`` (ISO3), per period.

    See the module docstring for the exact definition (both voted; yes/no/abstain must
    match; calendar year of the roll-call date).

    Parameters
    ----------
    votes, rollcalls:
        Tidy tables of :func:`~analysis.inputs.loaders.load_un_votes` and
        :func:`~analysis.inputs.loaders.load_un_roll_calls`.
    a, b:
        ISO3 codes, e.g. ``"BLR"``, ``"RUS"``.
    by:
        Column of ``rollcalls`` to group by: ``"year"`` (calendar year, default) or
        ``"session"``. The output column is named after it.
    issues:
        Optional tidy table of :func:`~analysis.inputs.loaders.load_un_roll_call_issues`. When
        given, agreement is computed per issue code (``me``, ``nu``, ``di``, ``hr``, ``co``,
        ``ec``); a roll call with several issues counts once under each, and roll calls
        without an issue are left out. Otherwise ``issue`` is ``"all"``.

    Returns
    -------
    DataFrame with columns pair (``"A-B"``), a_iso3, b_iso3, ``by`` (int), issue,
    n_votes, n_identical (int), agreement (float, n_identical / n_votes), one row per
    period (and issue) with at least one joint vote, sorted by period and issue.
    """
    if by not in ("year", "session"):
        raise ValueError(f"by must be 'year' or 'session', got {by!r}")
    joint = _joint_votes(votes, a, b)
    joint["same"] = (joint["vote_a"] == joint["vote_b"]).to_numpy()
    joint = joint.merge(rollcalls[["rcid", by]], on="rcid", how="inner", validate="one_to_one")
    if issues is None:
        joint["issue"] = "all"
    else:
        tags = issues[["rcid", "short_name"]].rename(columns={"short_name": "issue"})
        joint = joint.merge(tags, on="rcid", how="inner")
    out = (
        joint.groupby([by, "issue"], sort=True)["same"]
        .agg(n_votes="size", n_identical="sum")
        .reset_index()
    )
    out["n_votes"] = out["n_votes"].astype("int64")
    out["n_identical"] = out["n_identical"].astype("int64")
    out[by] = out[by].astype("int64")
    out["agreement"] = out["n_identical"] / out["n_votes"]
    out.insert(0, "pair", pair_label(a, b))
    out.insert(1, "a_iso3", a)
    out.insert(2, "b_iso3", b)
    return out[[c if c != "year" else by for c in AGREEMENT_COLUMNS]].reset_index(drop=True)


def _pair_tuple(pair: str | Sequence[str]) -> tuple[str, str]:
    """``("BLR", "RUS")`` from a tuple or from ``"BLR-RUS"``."""
    parts = pair.split("-") if isinstance(pair, str) else list(pair)
    if len(parts) != 2:
        raise ValueError(
            f"a pair is two ISO3 codes, e.g. ('BLR', 'RUS') or 'BLR-RUS'; got {pair!r}"
        )
    return str(parts[0]), str(parts[1])


def _in_years(frame: pd.DataFrame, years: tuple[int, int] | None) -> pd.DataFrame:
    """Rows whose ``year`` lies in the inclusive range ``years`` (all rows if None)."""
    if years is None:
        return frame
    first, last = years
    return frame[frame["year"].between(first, last)]


def agreement_panel(
    pairs: Iterable[str | Sequence[str]],
    years: tuple[int, int] | None = (1992, 2019),
    by_issue: bool = False,
) -> pd.DataFrame:
    """:func:`vote_agreement` by calendar year for several pairs, from the cached loaders.

    ``pairs`` are ``("BLR", "RUS")`` tuples or ``"BLR-RUS"`` strings; ``years`` is an
    inclusive range (None for all years, 1946-2020). With ``by_issue`` the rows are per
    issue code instead of ``"all"``. Columns as :func:`vote_agreement`, pairs stacked in
    the order given.
    """
    from analysis.inputs.loaders import load_un_roll_call_issues, load_un_roll_calls, load_un_votes

    issues = load_un_roll_call_issues() if by_issue else None
    return agreement_frame(load_un_votes(), load_un_roll_calls(), pairs, years, issues)


def idealpoint_distance(idealpoints: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Ideal points of ``a`` and ``b`` (ISO3) per GA session and their absolute distance.

    ``idealpoints`` is the tidy table of :func:`~analysis.inputs.loaders.load_unga_idealpoints`
    (Bailey, Strezhnev & Voeten; higher = closer to US positions). Only sessions with an
    estimate for both countries are kept. Returns pair, a_iso3, b_iso3, session, year
    (= 1945 + session), ideal_point_a, ideal_point_b, distance = |a - b|, sorted by session.
    Raises ValueError if a code is unknown or not unique within a session (``"YAR"``
    covers both Yemens in 1967: key on ccode there).
    """
    _check_pair(a, b)
    sides = []
    for iso3, suffix in ((a, "a"), (b, "b")):
        one = idealpoints.loc[idealpoints["iso3"] == iso3, ["session", "year", "ideal_point"]]
        if one.empty:
            raise ValueError(f"no ideal points for iso3 {iso3!r}")
        if one["session"].duplicated().any():
            raise ValueError(f"iso3 {iso3!r} has several ideal points in one session")
        sides.append(one.rename(columns={"ideal_point": f"ideal_point_{suffix}"}))
    out = sides[0].merge(sides[1].drop(columns="year"), on="session", validate="one_to_one")
    out["distance"] = (out["ideal_point_a"] - out["ideal_point_b"]).abs()
    out.insert(0, "pair", pair_label(a, b))
    out.insert(1, "a_iso3", a)
    out.insert(2, "b_iso3", b)
    return out.sort_values("session")[IDEALPOINT_COLUMNS].reset_index(drop=True)


def split_votes(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    a: str,
    b: str,
    years: tuple[int, int] | None = None,
    others: Iterable[str] = (),
) -> pd.DataFrame:
    """Roll calls on which ``a`` and ``b`` both voted, and voted differently.

    Returns rcid, date, year, session, unres, short, descr, importantvote, a_iso3, b_iso3,
    vote_a, vote_b, then one ``vote_<ISO3>`` column per code in ``others`` (e.g.
    ``others=("RUS", "USA")``; missing where that country did not vote), sorted by date
    and rcid. ``years`` is an inclusive range of calendar years of the roll-call date.
    A roll call where only one of a and b voted is not a split (absences are unknown).
    """
    joint = _joint_votes(votes, a, b)
    joint = joint[(joint["vote_a"] != joint["vote_b"]).to_numpy()]
    cols = ["rcid", "date", "year", "session", "unres", "short", "descr", "importantvote"]
    out = _in_years(joint.merge(rollcalls[cols], on="rcid", validate="one_to_one"), years)
    out = out.assign(a_iso3=a, b_iso3=b)[SPLIT_COLUMNS]
    for iso3 in others:
        theirs = _country_votes(votes, iso3).rename(columns={"vote": f"vote_{iso3}"})
        out = out.merge(theirs, on="rcid", how="left", validate="one_to_one")
    return out.sort_values(["date", "rcid"]).reset_index(drop=True)


# --------------------------------------------------------------------------- study panels


def idealpoint_panel(
    idealpoints: pd.DataFrame,
    pairs: Iterable[str | Sequence[str]],
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """:func:`idealpoint_distance` of several pairs, stacked in the order given, in ``years``."""
    frames = [
        _in_years(idealpoint_distance(idealpoints, a, b), years) for a, b in map(_pair_tuple, pairs)
    ]
    if not frames:
        return pd.DataFrame(columns=IDEALPOINT_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def agreement_frame(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    pairs: Iterable[str | Sequence[str]],
    years: tuple[int, int] | None = None,
    issues: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`vote_agreement` by calendar year of several pairs, stacked, in ``years`` (pure
    twin of :func:`agreement_panel`)."""
    frames = [
        _in_years(vote_agreement(votes, rollcalls, a, b, issues=issues), years)
        for a, b in map(_pair_tuple, pairs)
    ]
    if not frames:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def pair_key(pair: str) -> str:
    """``"BLR-UKR" -> "blr_ukr"`` (the prefix of a pair's numbers)."""
    return pair.lower().replace("-", "_")


def agreement_in(panel: pd.DataFrame, pair: str, years: Iterable[int]) -> dict[str, float]:
    """Agreement (fraction, issue ``"all"``) of ``pair`` in each of ``years``, keyed
    ``<pair key>_<year>``. Raises KeyError for a year without a row."""
    rows = panel[(panel["pair"] == pair) & (panel["issue"] == "all")].set_index("year")
    return {f"{pair_key(pair)}_{y}": float(rows.loc[y, "agreement"]) for y in years}


def lowest_agreement(panel: pd.DataFrame, pair: str) -> tuple[float, int]:
    """The lowest yearly agreement of ``pair`` (issue ``"all"``) and its year."""
    rows = panel[(panel["pair"] == pair) & (panel["issue"] == "all")].set_index("year")
    return float(rows["agreement"].min()), int(rows["agreement"].idxmin())


def distance_in(distances: pd.DataFrame, pair: str, years: Iterable[int]) -> dict[str, float]:
    """Ideal-point distance of ``pair`` in each of ``years``, keyed ``dist_<pair key>_<year>``."""
    rows = distances[distances["pair"] == pair].set_index("year")
    return {f"dist_{pair_key(pair)}_{y}": float(rows.loc[y, "distance"]) for y in years}


def pooled_agreement(panel: pd.DataFrame, pair: str, years: tuple[int, int]) -> float:
    """Agreement of ``pair`` pooled over an inclusive window: identical votes / joint votes
    summed over its years (not a mean of yearly shares)."""
    w = panel[(panel["pair"] == pair) & panel["year"].between(*years)]
    return float(w["n_identical"].sum() / w["n_votes"].sum())


def percent(value: float) -> float:
    """A fraction as a percentage rounded to one decimal: ``percent(0.8071) == 80.7``."""
    return float(round(100.0 * value, 1))


def before_after_agreement(
    panel: pd.DataFrame, before: tuple[int, int], after: tuple[int, int]
) -> dict[str, object]:
    """Pooled agreement (percent, one decimal) of each pair before and after a date.

    Keys per pair (by its second country, ``rus``): ``<b>_before``, ``<b>_after``,
    ``<b>_<before end year>``, ``<b>_min_after``, ``<b>_max_after``; plus ``before`` and
    ``after`` as short spans ("2009-12") and ``last_year``.
    """
    out: dict[str, object] = {}
    for pair, g in panel.groupby("pair", sort=False):
        key = str(pair).split("-")[1].lower()
        for name, window in (("before", before), ("after", after)):
            out[f"{key}_{name}"] = percent(pooled_agreement(g, str(pair), window))
        last_before = g[g["year"] == before[1]]
        out[f"{key}_{before[1]}"] = (
            percent(float(last_before["agreement"].iloc[0])) if len(last_before) else float("nan")
        )
        inside = g[g["year"].between(*after)]["agreement"]
        out[f"{key}_min_after"] = percent(float(inside.min()))
        out[f"{key}_max_after"] = percent(float(inside.max()))
    out["before"] = f"{before[0]}-{str(before[1])[2:]}"
    out["after"] = f"{after[0]}-{str(after[1])[2:]}"
    out["last_year"] = int(panel["year"].max())
    return out


def agreement_by_period(panel: pd.DataFrame, periods: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """Pool yearly agreement rows into periods: sum n_identical and n_votes, then divide.

    ``panel`` is :func:`vote_agreement` output (any issues). Returns pair, issue,
    issue_label, period ("1992-1999"), first, last, n_votes, n_identical, agreement
    (fraction); years outside every period are dropped.
    """
    labels = {f"{a}-{b}": (a, b) for a, b in periods}
    which = pd.Series(pd.NA, index=panel.index, dtype="object")
    for label, (a, b) in labels.items():
        which[panel["year"].between(a, b)] = label
    rows = panel.assign(period=which).dropna(subset=["period"])
    out = rows.groupby(["pair", "issue", "period"], as_index=False, sort=True)[
        ["n_votes", "n_identical"]
    ].sum()
    out["agreement"] = out["n_identical"] / out["n_votes"]
    out["first"] = out["period"].map(lambda p: labels[p][0]).astype("int64")
    out["last"] = out["period"].map(lambda p: labels[p][1]).astype("int64")
    out["issue_label"] = out["issue"].map({**ISSUES, "all": "all roll calls"})
    out = out.sort_values(["pair", "issue", "first"], ignore_index=True)
    cols = ["pair", "issue", "issue_label", "period", "first", "last", "n_votes"]
    return out[[*cols, "n_identical", "agreement"]]


def issue_phrase(label: str) -> str:
    """An issue label inside a sentence: lower case except proper adjectives
    (``"Human rights"`` -> ``"human rights"``, ``"Palestinian conflict"`` unchanged)."""
    return label if label.split()[0] in {"Palestinian"} else label[:1].lower() + label[1:]


# --------------------------------------------------------------------------- split votes

#: UN resolutions on Ukraine's and Georgia's territorial conflicts (roll-call descriptions).
CONFLICT_RESOLUTION = re.compile(
    r"Territorial integrity of Ukraine|Crimea|Sevastopol|Abkhazia|Tskhinvali|GUAM area",
    re.IGNORECASE,
)


def resolution_title(short: str | None, descr: str | None) -> str:
    """The title of a resolution from the roll-call ``short`` and ``descr`` fields.

    The unvotes data put the title in either field (the other may hold an agenda code
    such as ``"A/71/251 68c - ..."``): take the text before " : resolution" where there
    is one, else ``descr`` unless it is an agenda code, else ``short``.
    """
    short, descr = (short or "").strip(), (descr or "").strip()
    for text in (descr, short):
        if " : resolution" in text:
            return text.split(" : resolution")[0].strip()
    if descr and not re.match(r"^A/\d+/\d+", descr):
        return descr
    return short


def conflict_resolution_splits(splits: pd.DataFrame) -> pd.DataFrame:
    """Split votes on resolutions about Ukraine's and Georgia's territorial conflicts.

    ``splits`` is :func:`split_votes` output for BLR and UKR with ``others=("RUS",
    "USA")``. Keeps roll calls whose description matches :data:`CONFLICT_RESOLUTION` and
    returns date (ISO text), resolution, subject (:func:`resolution_title`), and the votes
    of Belarus, Ukraine, Russia and the United States, in date order.
    """
    text = splits["descr"].fillna("") + " " + splits["short"].fillna("")
    rows = splits[text.str.contains(CONFLICT_RESOLUTION)].copy()
    subject = [
        resolution_title(sh, de) for sh, de in zip(rows["short"], rows["descr"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "date": rows["date"].dt.strftime("%Y-%m-%d"),
            "resolution": rows["unres"].str.replace(r"^(A/RES/|R/)", "", regex=True),
            "subject": subject,
            "Belarus": rows["vote_a"],
            "Ukraine": rows["vote_b"],
            "Russia": rows.get("vote_RUS"),
            "United States": rows.get("vote_USA"),
        }
    )
    return out.reset_index(drop=True)


def split_counts(splits: pd.DataFrame) -> pd.DataFrame:
    """Split roll calls per year, and how many of them had Belarus voting as Russia did
    and Ukraine as the United States did (``with_rus_and_usa``)."""
    both = splits["vote_a"].eq(splits.get("vote_RUS")) & splits["vote_b"].eq(splits.get("vote_USA"))
    out = (
        splits.assign(_both=both.fillna(False).astype(bool))
        .groupby("year", as_index=False)
        .agg(n_splits=("rcid", "size"), with_rus_and_usa=("_both", "sum"))
    )
    return out.astype({"year": "int64", "n_splits": "int64", "with_rus_and_usa": "int64"})
