"""Page ``mic-bridge/what-happened-next``: did Minsk look elsewhere after the 2012 plan?

Arms imports and exports after the plan, UN votes of Belarus with Russia, the United
States and Ukraine before and after it, the before/after indicators side by side, the
Russian offer (curated), and the verdicts on the article's forecasts.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from analysis import charts
from analysis.charts.indicators import before_after_dumbbells
from analysis.charts.tables import claims_markdown
from analysis.charts.votes import PairStyles, agreement_lines
from analysis.config import ARMS_AFTER, ARMS_BEFORE, PLAN_YEARS, POST_SOVIET_START
from analysis.inputs.articles import claims_frame, load_article
from analysis.inputs.curated import load_curated
from analysis.inputs.loaders import (
    load_comtrade,
    load_sipri_arms_register,
    load_sipri_tiv,
    load_un_roll_calls,
    load_un_votes,
)
from analysis.metrics import arms
from analysis.metrics.indicators import (
    TOWARDS_RUSSIA,
    TOWARDS_WEST,
    before_after_frame,
    direction_counts,
    moves_text,
    span,
)
from analysis.metrics.trade import comtrade_group_shares, pooled_share
from analysis.metrics.votes import (
    agreement_frame,
    before_after_agreement,
    percent,
    pooled_agreement,
)
from analysis.pages import Section

#: Years of the UN-vote record (the unvotes data end in 2019 here), and the windows
#: before and after the plan the chapter compares.
VOTE_YEARS: tuple[int, int] = (POST_SOVIET_START, 2019)
VOTES_BEFORE: tuple[int, int] = (2009, PLAN_YEARS[0] - 1)
VOTES_AFTER: tuple[int, int] = (PLAN_YEARS[1] + 1, 2019)
#: The pairs of the votes chart: Belarus with each partner, in the partner's colour.
PAIRS: PairStyles = {
    "BLR-RUS": ("Russia", charts.PALETTE["RUS"], [1, 0]),
    "BLR-USA": ("United States", charts.PALETTE["USA"], [1, 0]),
    "BLR-UKR": ("Ukraine", charts.PALETTE["UKR"], [1, 0]),
}
#: The windows of the before/after chart, as its legend names them.
WINDOWS = ("Before the plan", "After the plan")
#: The claims judged on this page: the forecasts, and the procurement cushion.
CUSHION = "c-procurement-cushion"


@cache
def _arms() -> tuple[pd.DataFrame, pd.DataFrame]:
    register, tiv = load_sipri_arms_register(), load_sipri_tiv()
    imports = arms.arms_imports_by_supplier("BLR", (1992, 2024), register=register, tiv=tiv)
    exports = arms.arms_exports_by_recipient("BLR", (1992, 2024), register=register, tiv=tiv)
    return imports, exports


@cache
def _votes() -> pd.DataFrame:
    return agreement_frame(load_un_votes(), load_un_roll_calls(), list(PAIRS), VOTE_YEARS)


def votes_finding(panel: pd.DataFrame) -> dict[str, object]:
    """Pooled agreement (percent) of each pair before and after the plan."""
    return before_after_agreement(panel, VOTES_BEFORE, VOTES_AFTER)


def arms_and_votes() -> Section:
    """Arms imports and exports after the plan, and the UN-vote numbers."""
    imports, exports = _arms()
    imp, exp = arms.imports_finding(imports), arms.exports_finding(exports)
    calls = load_un_roll_calls()
    after_calls = calls[calls["year"].between(*VOTES_AFTER)]
    un_votes = load_un_votes()
    blr_after = un_votes[un_votes["rcid"].isin(after_calls["rcid"]) & (un_votes["iso3"] == "BLR")]
    vf = votes_finding(_votes())
    numbers: dict[str, Any] = {
        "n_calls_after": f"{len(after_calls):,}",
        "n_blr_after": f"{len(blr_after):,}",
        "arms_after": f"{ARMS_AFTER[0]}-{ARMS_AFTER[1]}",
        "imp_rus_share_after": f"{imp['rus_share_after']:.1f}",
        "imp_others_after": ", ".join(s for s in imp["suppliers_after"] if s != "Russia"),
        "exp_n_recipients_after": f"{exp['n_recipients_after']}",
        "exp_n_new": f"{len(exp['new_recipients_after'])}",
        "exp_west_tiv_after": f"{exp['west_tiv_after']:,.0f}",
        "exp_top_after": ", ".join(exp["top_after"]),
    }
    for key in (
        "rus_before",
        "rus_after",
        "usa_before",
        "usa_after",
        "ukr_before",
        "ukr_after",
        "rus_min_after",
        "rus_max_after",
        "usa_min_after",
        "usa_max_after",
    ):
        numbers[f"v_{key}"] = f"{vf[key]:.1f}"
    numbers["v_before"] = vf["before"]
    numbers["v_after"] = vf["after"]
    return Section(numbers=numbers, data={"imports": imp, "exports": exp, "votes": vf})


def votes_chart() -> Section:
    """Chart: yearly agreement of Belarus with Russia, the United States and Ukraine."""
    panel = _votes()
    f = votes_finding(panel)
    first, last = int(panel["year"].min()), int(panel["year"].max())
    chart = agreement_lines(
        panel,
        styles=PAIRS,
        legend_title="Belarus and",
        band=PLAN_YEARS,
        band_label=f"{PLAN_YEARS[0]}-{str(PLAN_YEARS[1])[2:]} action plan",
        title=(
            f"After 2012 Belarus still voted with Russia {f['rus_after']}% of the time at the "
            f"UN, and with the USA {f['usa_after']}%"
        ),
        description=(
            f"Line chart of the share of UN General Assembly roll calls on which Belarus voted "
            f"exactly like Russia, the United States and Ukraine, {first}-{last}. Pooled over "
            f"{f['before']}: Russia {f['rus_before']}%, USA {f['usa_before']}%; over "
            f"{f['after']}: Russia {f['rus_after']}%, USA {f['usa_after']}%, Ukraine "
            f"{f.get('ukr_after', 'n/a')}%."
        ),
        note=(
            "Agreement = identical votes (yes, no or abstain) / roll calls on which both "
            "voted, by calendar year; every roll call counts"
        ),
    )
    return Section(figures={"mic-un-votes": charts.show(chart, "mic-un-votes")})


#: The before/after indicators compare the years before the plan (to 2011: the plan was
#: signed in 2012) with the years after it ended (from 2016), never a year of the plan.
BA_BEFORE_END: int = PLAN_YEARS[0] - 1
BA_AFTER_START: int = PLAN_YEARS[1] + 1
#: First year of the before window for arms and votes (the arms chapter's window start).
BA_BEFORE_START: int = ARMS_BEFORE[0]


@cache
def indicators() -> pd.DataFrame:
    """The chapter's before/after indicators (percent), as :func:`before_after_frame`.

    One indicator per independent observation: Russia's share of Belarus's arms imports,
    the EU/NATO share of its arms exports (both SIPRI, same windows), the EU-27's share of
    its trade (Comtrade, the last survey year before the plan against the first after
    it; Russia's share rests on the same two observations and is not counted again) and
    agreement with Russia and with the USA at the UN. Windows: :data:`BA_BEFORE_START` to
    :data:`BA_BEFORE_END` (votes: :data:`VOTES_BEFORE`, as the page's vote figures)
    against :data:`BA_AFTER_START` to the last year with data.
    COW trade ends before the plan did and has no "after" window; it is not an indicator.
    """
    imports, exports = _arms()
    comtrade = comtrade_group_shares(load_comtrade())
    panel = _votes()
    reg_exp = exports[exports["source"] == arms.REGISTER_SOURCE]
    ct_years = sorted(int(y) for y in comtrade.dropna(subset=["share"])["year"].unique())
    ct0 = max(y for y in ct_years if y <= BA_BEFORE_END)
    ct1 = min(y for y in ct_years if y >= BA_AFTER_START)
    vote_last = int(panel["year"].max())
    before = (BA_BEFORE_START, BA_BEFORE_END)
    arms_after = (BA_AFTER_START, ARMS_AFTER[1])
    votes_before = VOTES_BEFORE
    votes_after = (BA_AFTER_START, vote_last)

    def share(frame: pd.DataFrame, partners: Any, years: tuple[int, int]) -> float:
        return percent(arms.window_share(frame, partners, years)["share"])

    def trade(frame: pd.DataFrame, group: str, years: tuple[int, int]) -> float:
        return percent(pooled_share(frame, group, years))

    def votes(pair: str, years: tuple[int, int]) -> float:
        return percent(pooled_agreement(panel, pair, years))

    def row(
        name: str, before: float, after: float, b: str, a: str, ds: str, towards: str
    ) -> dict[str, object]:
        return {
            "indicator": name,
            "before": before,
            "after": after,
            "before_years": b,
            "after_years": a,
            "dataset": ds,
            "towards": towards,
        }

    register, ct_ds = "sipri-arms-register", "comtrade-4yearly"
    return before_after_frame(
        [
            row(
                "Russia's share of Belarus's arms imports (SIPRI TIV)",
                share(imports, ["RUS"], before),
                share(imports, ["RUS"], arms_after),
                span(*before),
                span(*arms_after),
                register,
                "rus",
            ),
            row(
                "EU/NATO share of Belarus's arms exports (SIPRI TIV)",
                share(reg_exp, arms.WEST, before),
                share(reg_exp, arms.WEST, arms_after),
                span(*before),
                span(*arms_after),
                register,
                "west",
            ),
            row(
                "EU-27 share of Belarus's trade (Comtrade)",
                trade(comtrade, "EU-27", (ct0, ct0)),
                trade(comtrade, "EU-27", (ct1, ct1)),
                f"{ct0}",
                f"{ct1}",
                ct_ds,
                "west",
            ),
            row(
                "UN votes identical with Russia",
                votes("BLR-RUS", votes_before),
                votes("BLR-RUS", votes_after),
                span(*votes_before),
                span(*votes_after),
                "unvotes",
                "rus",
            ),
            row(
                "UN votes identical with the USA",
                votes("BLR-USA", votes_before),
                votes("BLR-USA", votes_after),
                span(*votes_before),
                span(*votes_after),
                "unvotes",
                "west",
            ),
        ]
    )


def before_after() -> Section:
    """The before/after indicators: counts by direction, the westward moves, the chart."""
    frame = indicators()
    n = direction_counts(frame)
    change = frame.set_index("indicator")["change"]
    if not change["UN votes identical with the USA"] < 0 > change["UN votes identical with Russia"]:
        raise ValueError("the text says Belarus voted less often with both Russia and the USA")
    arms_rus = change["Russia's share of Belarus's arms imports (SIPRI TIV)"]
    if not (arms_rus > 0 > change["EU-27 share of Belarus's trade (Comtrade)"]):
        raise ValueError("the text says Russia's arms share rose and the EU's trade fell")
    chart = before_after_dumbbells(
        frame,
        windows=WINDOWS,
        title=(
            f"From before the plan to after it, {n['n_rus']} of {n['n']} indicators moved "
            f"towards Russia and {n['n_west']} towards the West"
        ),
        description=(
            "Dot-and-line chart of indicators of Belarus's ties with Russia and the West before "
            "and after the 2012 action plan, in percent: "
            + "; ".join(
                f"{r.indicator}: {r.before:.1f}% ({r.before_years}) to {r.after:.1f}% "
                f"({r.after_years}), {r.direction}"
                for r in frame.itertuples()
            )
            + "."
        ),
        note=(
            f"Before: to {BA_BEFORE_END}; after: from {BA_AFTER_START} (the plan ran "
            f"{PLAN_YEARS[0]}-{PLAN_YEARS[1]}). Shares pooled over each window (sum of "
            "numerators over sum of denominators). The West = EU-27 and NATO members as of 2024"
        ),
    )
    return Section(
        numbers={
            "ba_n": f"{n['n']}",
            "ba_n_rus": f"{n['n_rus']}",
            "ba_n_west": f"{n['n_west']}",
            "ba_n_none": f"{n['n'] - n['n_rus'] - n['n_west']}",
            "ba_west_list": moves_text(frame, TOWARDS_WEST),
            "ba_rus_list": moves_text(frame, TOWARDS_RUSSIA),
            "ba_before_end": f"{BA_BEFORE_END}",
            "ba_after_start": f"{BA_AFTER_START}",
        },
        figures={"mic-before-after": charts.show(chart, "mic-before-after")},
        data={"indicators": frame},
    )


def russian_offer() -> Section:
    """Russia's 2014 defence order: the Belarusian firms' share (curated, tier A/B only)."""
    industry = load_curated("defence_industry").set_index("fact_id")
    order = industry.loc["di-belarus-russia-share-russias-state-2014"]
    if order["source_tier"] not in ("A", "B"):
        raise ValueError("the text cites the 2014 defence-order share as tier A or B")
    return Section(numbers={"order_share_2014": f"{order['value']:.0f}"})


def verdicts() -> Section:
    """The claims table of the article's forecasts (and the procurement cushion)."""
    claims = claims_frame(load_article("mic-bridge"))
    chosen = claims[claims["kind"].eq("forecast") | claims["id"].eq(CUSHION)]
    return Section(table=claims_markdown(claims, chapter="chapters/mic-bridge", only=chosen["id"]))
