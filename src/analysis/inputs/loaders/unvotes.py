"""UN General Assembly roll-call votes (unvotes package) and ideal points (Bailey et al.).

Raw layouts:

* ``un_votes.rda`` / ``un_votes``: rcid, country, country_code (ISO2; NA for Yemen Arab
  Republic, Zanzibar and the Federal Republic of Germany; defunct codes CS, YU, YD, DD),
  vote (yes/abstain/no; absences are not rows). 870,109 rows.
* ``un_roll_calls.rda`` / ``un_roll_calls``: rcid, session, importantvote, date, unres
  (e.g. R/68/262), amend, para (0/1/NA), short, descr. 6,203 roll calls, 1946-01-01 to
  2020-01-14; some recent dates are session closing dates, not the voting day.
* ``un_roll_call_issues.rda`` / ``un_roll_call_issues``: rcid, short_name, issue (six
  issues: me, nu, di, hr, co, ec); a roll call can have several issues or none.
* ``IdealpointestimatesAll_Apr2020.csv`` (Latin-1, CRLF): Row, ccode, session, NVotes,
  IdealPoint, QO% (sic: letter O), Q5%, Q10%, Q50%, Q90%, Q95%, Q100%, iso3c,
  Countryname; one row per COW state and session 1-74.

Tidy tables (``source`` = dataset id):

* :func:`load_un_votes`: rcid, country, iso2, iso3, vote (categorical yes/abstain/no),
  source. ``iso3`` from ISO2 via :func:`analysis.countries.iso2_to_iso3`, falling back to
  the country name (:func:`analysis.countries.map_names`) when the code is NA or defunct.
* :func:`load_un_roll_calls`: rcid, session, importantvote, date (datetime), year,
  unres, amend, para (nullable bool), short, descr, source.
* :func:`load_un_roll_call_issues`: rcid, short_name, issue, source.
* :func:`load_unga_idealpoints`: iso3 (the file's iso3c, kept as published), ccode,
  country, session, year (= 1945 + session), n_votes, ideal_point, q00, q05, q10, q50,
  q90, q95, q100 (posterior quantiles of the ideal point; unitless scale), source.
  The file codes both Yemens (ccode 678 and 680) "YAR": key on (ccode, session).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis.countries import iso2_to_iso3, map_names
from analysis.inputs.loaders._base import require_columns, tidy_loader
from analysis.inputs.loaders._rdata import read_rda, source_column, with_source

VOTES = pd.CategoricalDtype(["yes", "abstain", "no"])
_RCID = pa.Column(int, pa.Check.gt(0))


def parse_un_votes(path: Path) -> pd.DataFrame:
    """Tidy country votes from ``un_votes.rda`` (see module docstring)."""
    raw = read_rda(path, "un_votes", ["rcid", "country", "country_code", "vote"])
    codes = raw["country_code"].astype("object")
    iso3 = codes.map({c: iso2_to_iso3(c) for c in codes.dropna().unique()}).astype("object")
    unresolved = iso3.isna()
    iso3[unresolved] = map_names(raw.loc[unresolved, "country"]).to_numpy()
    out = pd.DataFrame(
        {
            "rcid": raw["rcid"].astype("int64"),
            "country": raw["country"].astype(str),
            "iso2": codes.where(codes.notna(), None),
            "iso3": iso3.where(iso3.notna(), None),
            "vote": pd.Categorical(raw["vote"].astype(str), dtype=VOTES),
        }
    )
    return with_source(out, "unvotes")


VOTES_SCHEMA = pa.DataFrameSchema(
    {
        "rcid": _RCID,
        "country": pa.Column(str),
        "iso2": pa.Column(str, nullable=True),
        "iso3": pa.Column(str, nullable=True),
        "vote": pa.Column(VOTES),
        "source": source_column("unvotes"),
    },
    strict=True,
    unique=["rcid", "country"],
)


@tidy_loader("unvotes", files=("un_votes.rda",), version=1, schema=VOTES_SCHEMA)
def load_un_votes(path: Path) -> pd.DataFrame:
    """UNGA roll-call votes 1946-2020, one row per roll call and voting country
    (yes/abstain/no; absent countries have no row)."""
    return parse_un_votes(path)


def _flag(values: pd.Series) -> pd.Series:
    """0/1/NA column (ints, floats or strings) as pandas nullable boolean."""
    return pd.to_numeric(values, errors="raise").astype("Int64").astype("boolean")


def parse_un_roll_calls(path: Path) -> pd.DataFrame:
    """Tidy roll calls from ``un_roll_calls.rda`` (see module docstring)."""
    cols = ["rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr"]
    raw = read_rda(path, "un_roll_calls", cols)
    date = pd.to_datetime(raw["date"]).astype("datetime64[ns]")
    out = pd.DataFrame(
        {
            "rcid": raw["rcid"].astype("int64"),
            "session": raw["session"].astype("int64"),
            "importantvote": _flag(raw["importantvote"]),
            "date": date,
            "year": date.dt.year.astype("int64"),
            "unres": raw["unres"].astype(str),
            "amend": _flag(raw["amend"]),
            "para": _flag(raw["para"]),
            "short": raw["short"].where(raw["short"].notna(), None),
            "descr": raw["descr"].astype(str),
        }
    )
    return with_source(out, "unvotes")


ROLL_CALLS_SCHEMA = pa.DataFrameSchema(
    {
        "rcid": pa.Column(int, pa.Check.gt(0), unique=True),
        "session": pa.Column(int, pa.Check.in_range(1, 100)),
        "importantvote": pa.Column("boolean", nullable=True),
        "date": pa.Column("datetime64[ns]"),
        "year": pa.Column(int, pa.Check.in_range(1946, 2030)),
        "unres": pa.Column(str),
        "amend": pa.Column("boolean", nullable=True),
        "para": pa.Column("boolean", nullable=True),
        "short": pa.Column(str, nullable=True),
        "descr": pa.Column(str),
        "source": source_column("unvotes"),
    },
    strict=True,
)


@tidy_loader("unvotes", files=("un_roll_calls.rda",), version=1, schema=ROLL_CALLS_SCHEMA)
def load_un_roll_calls(path: Path) -> pd.DataFrame:
    """UNGA roll calls 1946-2020: session, date, resolution number, important-vote,
    amendment and paragraph flags, short and long descriptions."""
    return parse_un_roll_calls(path)


def parse_un_roll_call_issues(path: Path) -> pd.DataFrame:
    """Tidy issue tags from ``un_roll_call_issues.rda`` (see module docstring)."""
    raw = read_rda(path, "un_roll_call_issues", ["rcid", "short_name", "issue"])
    out = pd.DataFrame(
        {
            "rcid": raw["rcid"].astype("int64"),
            "short_name": raw["short_name"].astype(str),
            "issue": raw["issue"].astype(str),
        }
    )
    return with_source(out, "unvotes")


ISSUES_SCHEMA = pa.DataFrameSchema(
    {
        "rcid": _RCID,
        "short_name": pa.Column(str, pa.Check.isin(["me", "nu", "di", "hr", "co", "ec"])),
        "issue": pa.Column(str),
        "source": source_column("unvotes"),
    },
    strict=True,
    unique=["rcid", "short_name"],
)


@tidy_loader("unvotes", files=("un_roll_call_issues.rda",), version=1, schema=ISSUES_SCHEMA)
def load_un_roll_call_issues(path: Path) -> pd.DataFrame:
    """Issue tags of UNGA roll calls (Palestinian conflict, nuclear weapons, arms
    control, human rights, colonialism, economic development)."""
    return parse_un_roll_call_issues(path)


QUANTILES = {
    "QO%": "q00",
    "Q5%": "q05",
    "Q10%": "q10",
    "Q50%": "q50",
    "Q90%": "q90",
    "Q95%": "q95",
    "Q100%": "q100",
}


def parse_unga_idealpoints(path: Path) -> pd.DataFrame:
    """Tidy ideal points from ``IdealpointestimatesAll_Apr2020.csv`` (see module docstring)."""
    raw = pd.read_csv(path, encoding="latin-1")
    cols = ["ccode", "session", "NVotes", "IdealPoint", *QUANTILES, "iso3c", "Countryname"]
    require_columns(raw, cols, path.name)
    out = pd.DataFrame(
        {
            "iso3": raw["iso3c"].astype(str).str.strip(),
            "ccode": raw["ccode"].astype("int64"),
            "country": raw["Countryname"].astype(str).str.strip(),
            "session": raw["session"].astype("int64"),
        }
    )
    out["year"] = 1945 + out["session"]
    out["n_votes"] = raw["NVotes"].astype("int64")
    out["ideal_point"] = raw["IdealPoint"].astype("float64")
    for old, new in QUANTILES.items():
        out[new] = raw[old].astype("float64")
    return with_source(out, "unga-idealpoints")


IDEALPOINTS_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_length(3, 3)),
        "ccode": pa.Column(int, pa.Check.in_range(1, 999)),
        "country": pa.Column(str),
        "session": pa.Column(int, pa.Check.in_range(1, 100)),
        "year": pa.Column(int, pa.Check.in_range(1946, 2045)),
        "n_votes": pa.Column(int, pa.Check.gt(0)),
        "ideal_point": pa.Column(float),
        **{q: pa.Column(float) for q in QUANTILES.values()},
        "source": source_column("unga-idealpoints"),
    },
    strict=True,
    unique=["ccode", "session"],
    checks=[
        pa.Check(
            lambda d: (d["q00"] <= d["q50"]) & (d["q50"] <= d["q100"]), name="quantiles ordered"
        )
    ],
)


@tidy_loader(
    "unga-idealpoints",
    files=("IdealpointestimatesAll_Apr2020.csv",),
    version=1,
    schema=IDEALPOINTS_SCHEMA,
)
def load_unga_idealpoints(path: Path) -> pd.DataFrame:
    """UNGA ideal points (Bailey, Strezhnev & Voeten 2017), one row per state and session
    1-74 (1946-2019), with posterior quantiles; higher = closer to US positions."""
    return parse_unga_idealpoints(path)
