"""Page ``<slug>/context`` of a new article: its data context, from the shared families.

For the countries the article names (the book's countries among the annotation's
``proposed.countries``, :mod:`analysis.metrics.context`) and its window and year
(``proposed.window``, ``proposed.article_year``): military spending and burden (SIPRI,
:func:`~analysis.charts.lines.country_year_lines`), arms transfers among those countries
(share of each in the other's imports, SIPRI register), UN vote agreement of each pair
(:func:`~analysis.charts.votes.agreement_lines`), trade shares (COW), ICEWS events
(cooperation share) and the curated timeline in the window. Each section glues a
sentence comparing the article's year with the years before and after
(``ctx-<topic>-text``), the numbers behind it (``ctx-<topic>-<ISO3 or pair>-year``,
``-before``, ``-after``) and a coverage statement (``ctx-<topic>-coverage``). Where a
dataset covers none of the countries or years, the section shows the statement instead
of a chart: never an empty chart.

A notebook cell is ``context.display(context.spending(SLUG))``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import altair as alt
import pandas as pd
from IPython.display import Markdown

from analysis import charts
from analysis.charts.lines import country_year_lines
from analysis.charts.votes import PairStyles, agreement_lines, pair_lines
from analysis.countries import BY_ISO3, display_name
from analysis.inputs.articles import Article, load_article
from analysis.metrics import arms as arms_metrics
from analysis.metrics import context as ctx
from analysis.metrics import milex as milex_metrics
from analysis.metrics.events import cooperation_share, dyad_events
from analysis.metrics.trade import partner_shares
from analysis.metrics.votes import agreement_frame
from analysis.pages import Section, publish

#: Colours of country pairs (none is a country's house colour: a pair is not a country).
PAIR_COLOURS = ("#332288", "#44AA99", "#999933", "#CC6677", "#117733", "#DDCC77", "#88CCEE")
PAIR_DASHES: tuple[tuple[int, ...], ...] = ((1, 0), (6, 3), (2, 2))
#: At most this many countries are charted (the most mentioned).
MAX_COUNTRIES = 5


def countries(article: Article) -> list[str]:
    """The book's countries (house colours, EU excepted) the article names, most mentioned
    first, at most :data:`MAX_COUNTRIES`."""
    found = article.proposed.countries if article.proposed else ()
    return [c.iso3 for c in found if c.iso3 in BY_ISO3 and c.iso3 != "EU27"][:MAX_COUNTRIES]


def window(article: Article) -> tuple[tuple[int, int], int]:
    """The article's window and year (from ``proposed``; the page's year otherwise)."""
    year = article.metadata.page_date.year
    if article.proposed and article.proposed.article_year is not None:
        year = article.proposed.article_year
    win = article.proposed.window if article.proposed and article.proposed.window else None
    return (win or (year, year)), year


def pair_styles(pairs: Sequence[str], labels: dict[str, str]) -> PairStyles:
    """Styles for pairs: non-country colours, then dashes, in order."""
    styles = itertools.product(PAIR_DASHES, PAIR_COLOURS)
    return {
        p: (labels[p], colour, list(dash)) for p, (dash, colour) in zip(pairs, styles, strict=False)
    }


@cache
def _article(slug: str) -> Article:
    return load_article(slug)


def display(section: Section) -> Any:
    """Publish a section's numbers; return its chart, or its statement when it has none."""
    publish(Section(numbers=section.numbers))
    return section.data.get("chart") or Markdown(str(section.data.get("statement", "")))


def _fmt(value: float, fmt: str) -> str:
    return "no value" if pd.isna(value) else f"{value:{fmt}}"


def _section(
    topic: str,
    slug: str,
    *,
    found: dict[str, dict[str, float]],
    year: int,
    fmt: str,
    unit: str,
    labels: dict[str, str],
    coverage: str,
    chart: Callable[[], alt.TopLevelMixin] | None,
    empty: str,
) -> Section:
    """Numbers, sentence, coverage and chart (or the statement) of one topic."""
    numbers: dict[str, Any] = {}
    parts = []
    for key, values in found.items():
        for which in ("year", "before", "after"):
            numbers[f"ctx-{topic}-{key}-{which}"] = _fmt(values[which], fmt)
        parts.append(ctx.compare_text(labels[key], values, year, fmt, unit))
    numbers[f"ctx-{topic}-coverage"] = coverage or "The data cover every country and year asked."
    if chart is None or not found:
        statement = f"No chart: {empty} {coverage}".strip()
        numbers[f"ctx-{topic}-text"] = Markdown(statement)
        return Section(numbers=numbers, data={"found": found, "statement": statement})
    numbers[f"ctx-{topic}-text"] = Markdown("; ".join(parts) + f". {coverage}".rstrip(" ."))
    shown = charts.show(chart(), f"{slug}-ctx-{topic}")
    return Section(numbers=numbers, data={"found": found, "chart": shown})


def scope(slug: str) -> Section:
    """What the page covers (``ctx-scope``), in words."""
    article = _article(slug)
    isos = countries(article)
    win, year = window(article)
    state = (
        "confirmed by the annotator"
        if article.proposed and article.proposed.confirmed
        else "machine-proposed (not yet confirmed)"
    )
    if not isos:
        named = [c.name for c in article.proposed.countries] if article.proposed else []
        other = f" (it names {', '.join(named)}, outside the book's country set)" if named else ""
        text = (
            "The article names none of the book's countries" + other + ", so this page "
            "has no context charts: each dataset below says so."
        )
    else:
        text = (
            f"Countries: {', '.join(display_name(c) for c in isos)}; window "
            f"{win[0]}-{win[1]}; the article's year {year} ({state}, from "
            f"`data/articles/{slug}.yml`)."
        )
    return Section(numbers={"ctx-scope": Markdown(text), "ctx-year": str(year)})


def _milex(slug: str, measure: str, topic: str) -> Section:
    from analysis.inputs.loaders import load_sipri_milex

    article = _article(slug)
    isos = countries(article)
    win, year = window(article)
    years = ctx.chart_years(win, year)
    table = load_sipri_milex()
    rows = milex_metrics.measure_rows(
        milex_metrics.milex_panel(isos, (measure,), years, milex=table), measure
    ).dropna(subset=["value"])
    span = (int(table["year"].min()), int(table["year"].max()))
    covered = list(dict.fromkeys(rows["iso3"]))
    found = {
        c: ctx.before_after(g.set_index("year")["value"], year) for c, g in rows.groupby("iso3")
    }
    gdp = measure == "share_of_gdp"
    # "USD", not "US$": a dollar sign in glued Markdown would open a formula.
    unit, fmt = ("% of GDP", ".2f") if gdp else (" USD m (constant 2023)", ",.0f")
    label = "Military burden" if gdp else "Military spending"

    def chart() -> alt.TopLevelMixin:
        return country_year_lines(
            rows,
            title=f"{label} of the article's countries, {years[0]}-{years[1]}",
            description=(
                f"Line chart of {label.lower()} ({unit.strip()}) for "
                f"{', '.join(display_name(c) for c in covered)}, with the article's year "
                f"{year} marked. "
                + "; ".join(
                    ctx.compare_text(display_name(c), found[c], year, fmt, unit) for c in found
                )
            ),
            axis_title=f"{label} ({unit.strip()}{'' if gdp else ', log scale'})",
            unit=unit.strip(),
            fmt=fmt,
            log=not gdp,
            zero=gdp,
            rules=[year],
        )

    return _section(
        topic,
        slug,
        found=found,
        year=year,
        fmt=fmt,
        unit="%" if gdp else " USD m",
        labels={c: display_name(c) for c in found},
        coverage=ctx.coverage("SIPRI military expenditure", span, win, isos, covered),
        chart=chart if len(rows) else None,
        empty="SIPRI has no military expenditure for the article's countries and years.",
    )


def spending(slug: str) -> Section:
    """Military spending, constant 2023 US$ (SIPRI)."""
    return _milex(slug, "constant_2023_usd_m", "milex")


def burden(slug: str) -> Section:
    """Military spending as a share of GDP (SIPRI)."""
    return _milex(slug, "share_of_gdp", "burden")


def _pairs(isos: Sequence[str]) -> list[tuple[str, str]]:
    return list(itertools.combinations(isos, 2))


def _pair_section(
    slug: str,
    topic: str,
    frame: pd.DataFrame,
    value: str,
    *,
    dataset: str,
    span: tuple[int, int],
    covered: Sequence[str],
    labels: dict[str, str],
    axis_title: str,
    unit: str,
    what: str,
    empty: str,
) -> Section:
    """A pair-lines section: ``frame`` has pair, year and ``value`` (percent)."""
    article = _article(slug)
    win, year = window(article)
    frame = frame.dropna(subset=[value])
    found = {
        p: ctx.before_after(g.set_index("year")[value], year) for p, g in frame.groupby("pair")
    }
    pairs = list(found)
    styles = pair_styles(pairs, labels)

    def chart() -> alt.TopLevelMixin:
        return pair_lines(
            frame,
            y=alt.Y(f"{value}:Q", title=axis_title, scale=alt.Scale(domain=[0, 100])),
            styles=styles,
            tooltips=[
                charts.tooltip("pair_label", "Pair"),
                charts.tooltip("year", "Year"),
                charts.tooltip(value, what, unit=unit, fmt=".1f"),
            ],
            title=f"{what} between the article's countries around {year}",
            description=(
                f"Line chart of {what.lower()} ({unit}) per year for "
                f"{', '.join(labels[p] for p in pairs)}, with {year} marked. "
                + "; ".join(ctx.compare_text(labels[p], found[p], year, ".1f", "%") for p in pairs)
            ),
            datasets=[dataset],
            rules=[year],
        )

    return _section(
        topic,
        slug,
        found=found,
        year=year,
        fmt=".1f",
        unit="%",
        labels=labels,
        coverage=ctx.coverage(dataset, span, win, countries(article), covered),
        chart=chart if len(frame) else None,
        empty=empty,
    )


def _pair_key(a: str, b: str) -> str:
    return f"{a}-{b}"


def votes(slug: str) -> Section:
    """Share of identical UN General Assembly votes of each pair (unvotes)."""
    from analysis.inputs.loaders import load_un_roll_calls, load_un_votes

    article = _article(slug)
    isos = countries(article)
    win, year = window(article)
    years = ctx.chart_years(win, year)
    vote_table, rollcalls = load_un_votes(), load_un_roll_calls()
    span = (
        (int(rollcalls["year"].min()), int(rollcalls["year"].max()))
        if "year" in rollcalls
        else (1946, 2019)
    )
    known = set(vote_table["iso3"]) if "iso3" in vote_table else set(isos)
    pairs = [p for p in _pairs(isos) if p[0] in known and p[1] in known]
    panel = agreement_frame(vote_table, rollcalls, pairs, years) if pairs else pd.DataFrame()
    labels = {_pair_key(a, b): f"{display_name(a)} and {display_name(b)}" for a, b in pairs}
    if len(panel):
        panel = panel[panel["issue"] == "all"].assign(
            share=lambda d: (100 * d["agreement"]).round(1)
        )
    section = _pair_section(
        slug,
        "votes",
        panel if len(panel) else pd.DataFrame(columns=["pair", "year", "share"]),
        "share",
        dataset="unvotes",
        span=span,
        covered=sorted({c for p in pairs for c in p}),
        labels=labels,
        axis_title="Identical votes (% of roll calls both cast)",
        unit="%",
        what="UN vote agreement",
        empty="fewer than two of the article's countries vote in the UN General Assembly data.",
    )
    if "chart" in section.data and len(panel):
        styles = pair_styles(list(section.data["found"]), labels)
        chart = agreement_lines(
            panel,
            styles=styles,
            rules=[year],
            title=f"UN vote agreement between the article's countries around {year}",
            description=str(section.numbers["ctx-votes-text"].data),
        )
        shown = charts.show(chart, f"{slug}-ctx-votes")
        return Section(numbers=section.numbers, data={**section.data, "chart": shown})
    return section


def arms(slug: str) -> Section:
    """Each country's share in another's major-arms imports (SIPRI register)."""
    from analysis.inputs.loaders import load_sipri_arms_register, load_sipri_tiv

    article = _article(slug)
    isos = countries(article)
    win, year = window(article)
    years = ctx.chart_years(win, year)
    register, tiv = load_sipri_arms_register(), load_sipri_tiv()
    span = (arms_metrics.REGISTER_FIRST_YEAR, int(register["delivery_year"].max()))
    rows, labels = [], {}
    for recipient in isos:
        imports = arms_metrics.arms_imports_by_supplier(
            recipient, years, register=register, tiv=tiv
        )
        imports = imports[imports["source"] == arms_metrics.REGISTER_SOURCE]
        for supplier in isos:
            if supplier == recipient or imports.empty:
                continue
            share = arms_metrics.supplier_share(imports, supplier)
            if not (share["from_supplier"] > 0).any():
                continue
            key = _pair_key(supplier, recipient)
            labels[key] = f"{display_name(supplier)} to {display_name(recipient)}"
            rows.append(share.assign(pair=key, share=(100 * share["share"]).round(1)))
    frame = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["pair", "year", "share"])
    )
    return _pair_section(
        slug,
        "arms",
        frame,
        "share",
        dataset="sipri-arms-register",
        span=span,
        covered=isos,
        labels=labels,
        axis_title="Share of the recipient's arms imports (%, TIV)",
        unit="% of TIV",
        what="Arms supplier share",
        empty="SIPRI's register records no major arms delivered between the article's countries in these years.",
    )


def trade(slug: str) -> Section:
    """Each partner's share of a country's total trade (COW, to 2014)."""
    from analysis.inputs.loaders import load_cow_trade_dyadic, load_cow_trade_national

    article = _article(slug)
    isos = countries(article)
    win, year = window(article)
    years = ctx.chart_years(win, year)
    dyadic, national = load_cow_trade_dyadic(), load_cow_trade_national()
    span = (int(national["year"].min()), int(national["year"].max()))
    rows, labels = [], {}
    if isos:
        country = isos[0]
        shares = partner_shares(
            country, [c for c in isos[1:]], years, dyadic=dyadic, national=national
        )
        for partner, g in shares.groupby("partner_iso3", sort=False):
            key = _pair_key(country, str(partner))
            labels[key] = f"{display_name(str(partner))} in {display_name(country)}'s trade"
            rows.append(g.assign(pair=key, share=(100 * g["share"]).round(1)))
    frame = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["pair", "year", "share"])
    )
    covered = sorted(set(national["iso3"]) & set(isos))
    return _pair_section(
        slug,
        "trade",
        frame,
        "share",
        dataset="cow-trade",
        span=span,
        covered=covered,
        labels=labels,
        axis_title="Share of total trade (%)",
        unit="% of total trade",
        what="Trade share",
        empty="COW trade has no bilateral trade of the article's countries in these years.",
    )


def events(slug: str) -> Section:
    """Cooperation as a share of coded events of each pair (ICEWS, 2002-2014)."""
    from analysis.inputs.loaders import load_icews

    article = _article(slug)
    isos = countries(article)
    win, year = window(article)
    years = ctx.chart_years(win, year)
    icews = load_icews()
    span = (int(icews["year"].min()), int(icews["year"].max()))
    present = set(icews["sender_iso3"])
    pairs = [p for p in _pairs(isos) if p[0] in present and p[1] in present]
    rows, labels = [], {}
    for a, b in pairs:
        try:
            coop = cooperation_share(dyad_events(icews, [(a, b)], years))
        except ValueError:
            continue
        key = _pair_key(a, b)
        labels[key] = f"{display_name(a)} towards {display_name(b)}"
        rows.append(coop.assign(pair=key, share=(100 * coop["cooperation_share"]).round(1)))
    frame = (
        pd.concat(rows, ignore_index=True)
        if rows
        else pd.DataFrame(columns=["pair", "year", "share"])
    )
    return _pair_section(
        slug,
        "events",
        frame,
        "share",
        dataset="icews-dyadyear",
        span=span,
        covered=sorted(present & set(isos)),
        labels=labels,
        axis_title="Cooperative events (% of coded events)",
        unit="% of events",
        what="Cooperation share of coded events",
        empty=f"ICEWS covers {span[0]}-{span[1]} and codes no events between the article's countries in these years.",
    )


def timeline(slug: str) -> Section:
    """Events of the curated timeline within the article's chart years."""
    from analysis.charts.timeline import event_timeline
    from analysis.inputs.curated import load_curated
    from analysis.metrics import map_timeline
    from analysis.metrics.timeline import book_timeline_marks
    from analysis.pages.map.timeline import CURATED_TIMELINE_SOURCE, category_lanes

    article = _article(slug)
    win, year = window(article)
    years = ctx.chart_years(win, year)
    tl = map_timeline.timeline([], load_curated("timeline_events"))
    first_all, last_all = int(tl["year"].min()), int(tl["year"].max())
    tl = tl[tl["year"].between(*years)]
    per_year = tl.groupby("year").size()
    found = (
        {
            "events": ctx.before_after(
                per_year.reindex(range(years[0], years[1] + 1), fill_value=0), year
            )
        }
        if len(tl)
        else {}
    )
    numbers_cov = ctx.coverage("The curated timeline", (first_all, last_all), win, [], [])

    def chart() -> alt.TopLevelMixin:
        marks = book_timeline_marks(tl)
        lanes = category_lanes(marks)
        return event_timeline(
            marks,
            **lanes,
            span=(f"{years[0]}-01-01", f"{years[1]}-12-31"),
            legend_orient="bottom",
            tooltips=[
                charts.tooltip("date_text", "Date"),
                charts.tooltip("event", "Event"),
                charts.tooltip("category", "Category"),
                charts.tooltip("source", "Source"),
            ],
            title=f"{len(tl)} curated events in {years[0]}-{years[1]}",
            description=(
                f"Timeline of the {len(tl)} curated events dated {years[0]}-{years[1]}, in lanes "
                f"by category ({', '.join(lanes['rows'])}). "
                + ctx.compare_text("Events per year", found["events"], year, ".1f")
            ),
            source=CURATED_TIMELINE_SOURCE,
        )

    return _section(
        "timeline",
        slug,
        found=found,
        year=year,
        fmt=".1f",
        unit="",
        labels={"events": "Curated events per year"},
        coverage=numbers_cov,
        chart=chart if len(tl) and countries(article) else None,
        empty=(
            f"the curated timeline holds no event in {years[0]}-{years[1]}."
            if countries(article)
            else "the article names none of the book's countries."
        ),
    )
