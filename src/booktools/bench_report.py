"""The benchmark's report: the notebooks the book builds, page weights, the targets the
measurements are held to, and the tables the book shows (``{bench-table}``, rendered from
the snapshot ``data/bench.json`` by :mod:`booktools.sphinxext`). The measuring itself is
:mod:`booktools.bench`.
"""

from __future__ import annotations

import json
import re
import statistics
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

SNAPSHOT = "data/bench.json"


def median(values: list[float]) -> float | None:
    """The median, to the hundredth, or None without values."""
    return round(statistics.median(values), 2) if values else None


def built_notebooks(root: Path) -> list[Path]:
    """The notebooks the book builds: those ``_toc.yml`` lists (``only_build_toc_files``)."""
    import yaml

    files: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("file", "root") and isinstance(value, str):
                    files.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    found = []
    for name in files:
        path = Path(name if name.endswith(".ipynb") else f"{name}.ipynb")
        if (root / path).is_file():
            found.append(path)
    return sorted(set(found))


# --- page weight --------------------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.refs.append(a["src"] or "")
        elif (
            tag == "link"
            and a.get("href")
            and set((a.get("rel") or "").split())
            & {"stylesheet", "preload", "icon", "modulepreload"}
        ):
            self.refs.append(a["href"] or "")
        elif tag in ("img", "source", "video", "audio", "embed") and a.get("src"):
            self.refs.append(a["src"] or "")


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def _local(base: Path, ref: str, site: Path) -> Path | None:
    ref = ref.split("#")[0].split("?")[0]
    if not ref or "://" in ref or ref.startswith(("//", "data:")):
        return None
    path = (base / ref).resolve()
    return path if path.is_file() and path.is_relative_to(site) else None


def page_weights(site: Path) -> dict[str, Any]:
    """Bytes each HTML page costs a first visit: the page, the scripts, stylesheets and
    images it references, and the fonts (woff2 where offered) and images those
    stylesheets reference. An upper bound: a browser fetches a font only when used."""
    site = site.resolve()
    pages: dict[str, dict[str, int]] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        direct = {p for ref in parser.refs if (p := _local(page.parent, ref, site))}
        via_css: set[Path] = set()
        for css in [p for p in direct if p.suffix == ".css"]:
            text = css.read_text(encoding="utf-8", errors="replace")
            via_css |= {p for ref in _CSS_URL.findall(text) if (p := _local(css.parent, ref, site))}
        via_css -= direct
        # A font listed in several formats is fetched once, as woff2 where there is one.
        woff2 = {(p.parent, p.stem) for p in via_css if p.suffix == ".woff2"}
        via_css = {p for p in via_css if p.suffix == ".woff2" or (p.parent, p.stem) not in woff2}
        html = page.stat().st_size
        assets = sum(p.stat().st_size for p in direct)
        css_assets = sum(p.stat().st_size for p in via_css)
        pages[str(page.relative_to(site))] = {
            "html": html,
            "assets": assets,
            "css_assets": css_assets,
            "total": html + assets + css_assets,
        }
    largest = max(pages, key=lambda k: pages[k]["total"]) if pages else None
    return {
        "largest": largest,
        "largest_bytes": pages[largest]["total"] if largest else None,
        "pages": pages,
    }


# --- targets ------------------------------------------------------------------------------


def _target(name: str, goal: str, value: Any, met: bool | None, note: str = "") -> dict[str, Any]:
    return {"name": name, "goal": goal, "value": value, "met": met, "note": note}


#: The issue's limits (``make bench`` checks them; no timed test does).
COLD_VS_SERIAL = 0.55  # cold build <= 0.55 x the serial sum of notebook executions
TEST_VS_COLD = 1.5  # make test <= 1.5 x cold build
WARM_VS_COLD = 0.05  # warm rebuild <= 5% of cold
TIDY_RATIO, TIDY_FAST = 10.0, 0.010  # tidy load >= 10x raw parse, or under 10 ms
PEAK_MB = 2000.0  # peak memory of make book


def ratios(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The measured ratios against their limits (both as numbers), for the chart and the
    targets: ``{"name", "value", "limit", "note"}``; a ratio whose figures are missing is left out."""
    steps = result.get("steps", {})
    cold = steps.get("cold_build", {}).get("median")
    out: list[dict[str, Any]] = []
    serial = steps.get("cold_build_serial", {})
    serial_sum = serial.get("notebook_exec_seconds")
    if cold and serial_sum:
        out.append(
            {
                "name": "cold build / serial notebook execution",
                "value": cold / serial_sum,
                "limit": COLD_VS_SERIAL,
                "note": f"cold build {_s(cold)}; the notebooks one at a time {_s(serial_sum)}"
                + (f"; serial cold build {_s(serial['median'])}" if serial.get("median") else ""),
            }
        )
    test = steps.get("make_test", {}).get("median")
    if cold and test:
        out.append(
            {
                "name": "make test / cold build",
                "value": test / cold,
                "limit": TEST_VS_COLD,
                "note": f"make test {_s(test)}",
            }
        )
    warm = steps.get("warm_build", {}).get("median")
    if cold and warm is not None:
        out.append(
            {
                "name": "warm rebuild / cold build",
                "value": warm / cold,
                "limit": WARM_VS_COLD,
                "note": f"warm rebuild {_s(warm)}",
            }
        )
    peaks = [
        r["peak_rss_mb"]
        for r in steps.get("cold_build", {}).get("runs", [])
        if r.get("peak_rss_mb") is not None
    ]
    if peaks:
        out.append(
            {
                "name": "peak memory of make book / 2 GB",
                "value": max(peaks) / PEAK_MB,
                "limit": 1.0,
                "note": f"{max(peaks):.0f} MB (make, Sphinx, workers and kernels together)",
            }
        )
    return out


def _executed_exactly(step: dict[str, Any]) -> tuple[bool, str]:
    expected = sorted(step["expected"])
    got = [sorted(r.get("executed", [])) for r in step["runs"]]
    exact = all(g == expected for g in got) and bool(got)
    misses = []
    for g in got:
        missing, extra = sorted(set(expected) - set(g)), sorted(set(g) - set(expected))
        if missing or extra:
            misses.append(f"missing {', '.join(missing) or '-'}; extra {', '.join(extra) or '-'}")
    value = f"{'/'.join(str(n) for n in sorted({len(g) for g in got}))} executed"
    value += ", as expected" if exact else f" ({' | '.join(sorted(set(misses)))})"
    return exact, value


def _tidy_met(info: dict[str, Any]) -> tuple[bool, float, float]:
    tidy, raw = statistics.median(info["tidy_s"]), statistics.median(info["raw_s"])
    ratio = raw / tidy if tidy else float("inf")
    return (ratio >= TIDY_RATIO or tidy < TIDY_FAST), ratio, tidy


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's targets, computed from the measured figures."""
    steps = result["steps"]
    out = []
    goals = {
        "cold build / serial notebook execution": f"≤ {COLD_VS_SERIAL}",
        "make test / cold build": f"≤ {TEST_VS_COLD}",
        "warm rebuild / cold build": f"≤ {WARM_VS_COLD:.0%}",
        "peak memory of make book / 2 GB": "< 1",
    }
    for r in ratios(result):
        value = f"{r['value']:.0%}" if "warm" in r["name"] else f"{r['value']:.2f}"
        met = r["value"] < r["limit"] if "memory" in r["name"] else r["value"] <= r["limit"]
        out.append(_target(r["name"], goals[r["name"]], value, met, r["note"]))
    for key, name, what in (
        ("edit_code", "one notebook edited: notebooks executed", "the notebook edited"),
        ("edit_markdown", "one notebook's prose edited: notebooks executed", "none"),
        ("edit_loader", "one loader changed: notebooks executed", "the notebooks using it"),
    ):
        step = steps.get(key)
        if not step:
            continue
        exact, value = _executed_exactly(step)
        goal = f"exactly {what} ({len(step['expected'])})" if step["expected"] else "none"
        out.append(_target(name, goal, value, exact, ", ".join(sorted(step["expected"]))))
    loaders = result.get("loaders") or {}
    if loaders:
        checked = {name: _tidy_met(info) for name, info in loaders.items()}
        missed = {k: v for k, v in checked.items() if not v[0]}
        worst = min(checked.items(), key=lambda kv: kv[1][1])
        note = "; ".join(f"{k}: {v[1]:.1f}×, tidy load {_s(v[2])}" for k, v in missed.items())
        out.append(
            _target(
                "tidy load from cache vs raw parse, per loader",
                "≥ 10× or < 10 ms",
                f"{len(checked) - len(missed)} of {len(checked)} loaders; lowest ratio "
                f"{worst[1][1]:.1f}× ({worst[0]}, tidy load {_s(worst[1][2])})",
                not missed,
                f"missed: {note}" if missed else "",
            )
        )
    return out


# --- the chart the book shows (HTML only) -----------------------------------------------

#: Bar colours: a ratio within its limit, and one over it.
MET_COLOURS = {"within the target": "#4C72B0", "over the target": "#C44E52"}


def ratio_chart(result: dict[str, Any]) -> dict[str, Any] | None:
    """The measured ratios as bars, each in percent of its limit (100 = the target's limit),
    drawn with the book's bar family (:func:`analysis.charts.arms.period_bars`); the
    chart contract, or None when the result has no ratio."""
    import pandas as pd

    from analysis.charts import show
    from analysis.charts.arms import period_bars

    measured = ratios(result)
    if not measured:
        return None
    run = "this run" if not result.get("quick") else "this quick run"
    frame = pd.DataFrame(
        {
            "target": [r["name"] for r in measured],
            "tiv": [round(100 * r["value"] / r["limit"], 1) for r in measured],
            "rank": list(range(len(measured))),
            "period": run,
        }
    )
    frame["group"] = ["within the target" if v <= 100 else "over the target" for v in frame["tiv"]]
    over = int((frame["tiv"] > 100).sum())
    title = (
        f"Every measured ratio is within its target ({len(frame)} of {len(frame)})"
        if not over
        else f"{len(frame) - over} of {len(frame)} measured ratios are within their targets"
    )
    machine = result.get("machine", {})
    chart = period_bars(
        frame,
        title=title,
        description=(
            "Bar chart of the build benchmark's ratios, each in percent of its target's limit "
            "(100 is the limit; shorter is better): "
            + "; ".join(
                f"{t}: {v:.0f}%" for t, v in zip(frame["target"], frame["tiv"], strict=True)
            )
            + "."
        ),
        periods=[run],
        groups=MET_COLOURS,
        label="target",
        axis_title="% of the target's limit",
        value_title="Measured",
        panel_width=260,
        label_limit=320,  # the targets' names in full
        source=(
            f"make bench, {str(result.get('measured_at', '?'))[:10]}, on a "
            f"{machine.get('cpus', '?')}-core machine (data/bench.json; the book's "
            "measurements, CC BY 4.0)"
        ),
    )
    return show(chart, "bench-ratios").contract


# --- the table the book shows -------------------------------------------------------------


def _s(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def cold_phases(step: dict[str, Any]) -> dict[str, float]:
    """The cold build's phases (its median run): data and validation, dependency check,
    parallel notebook execution, Sphinx; empty without the phase marks."""
    runs = [r for r in step.get("runs", []) if r.get("returncode") == 0 and r.get("phases")]
    if not runs:
        return {}
    run = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    marks = run["phases"]
    if not all(k in marks for k in ("deps", "execute", "sphinx")):
        return {}
    return {
        "data and validation": marks["deps"],
        "dependency check": marks["execute"] - marks["deps"],
        "notebook execution": marks["sphinx"] - marks["execute"],
        "Sphinx (read, write, chart files)": run["seconds"] - marks["sphinx"],
    }


def report_tables(result: dict[str, Any]) -> str:
    """Markdown tables of a bench result: timings, targets, tidy against raw."""
    steps = result.get("steps", {})
    cold = steps.get("cold_build", {}).get("median")
    rows = [
        ("cold build (empty caches, data from the mirror)", "cold_build"),
        ("cold build, one worker (`JOBS=1`)", "cold_build_serial"),
        ("warm rebuild, nothing changed", "warm_build"),
        ("rebuild after editing one notebook's code", "edit_code"),
        ("rebuild after editing one notebook's prose", "edit_markdown"),
        ("rebuild after changing one loader", "edit_loader"),
        ("`make test`", "make_test"),
        ("`make pdf`", "make_pdf"),
    ]
    lines = [
        "| What | Median | Runs | Share of cold build | Notebooks executed |",
        "|---|---:|---:|---:|---|",
    ]
    for label, key in rows:
        step = steps.get(key)
        if not step:
            continue
        median = step.get("median")
        share = ""
        if cold and median is not None and key not in ("cold_build", "make_pdf"):
            share = f"{median / cold:.0%}"
        counts = sorted({len(r["executed"]) for r in step["runs"] if "executed" in r})
        executed = "/".join(str(c) for c in counts)
        what = step.get("notebook") or step.get("module")
        if what:
            label += f" (`{what}`)"
        lines.append(f"| {label} | {_s(median)} | {len(step['runs'])} | {share} | {executed} |")
    pages = result.get("pages") or {}
    if pages.get("largest"):
        detail = pages["pages"][pages["largest"]]
        lines.append(
            f"| heaviest page (`{pages['largest']}`: page {detail['html'] / 1e3:.0f} kB, "
            f"assets {(detail['assets'] + detail['css_assets']) / 1e6:.2f} MB) "
            f"| {pages['largest_bytes'] / 1e6:.2f} MB | | | |"
        )
    out = "\n".join(lines)
    phases = cold_phases(steps.get("cold_build", {}))
    if phases:
        out += (
            "\n\nWhere the cold build's time goes (its median run): "
            + "; ".join(f"{name} {_s(seconds)}" for name, seconds in phases.items())
            + "."
        )
    fixed = result.get("fixed_costs") or {}
    if fixed.get("kernel_start_s") is not None and fixed.get("imports_s"):
        imports = fixed["imports_s"]
        out += (
            f"\n\nFixed cost of one notebook: starting its kernel {_s(fixed['kernel_start_s'])}; "
            f"its imports {_s(fixed['imports_median_s'])} (median of {len(imports)} notebooks, "
            f"at most {_s(max(imports.values()))})."
        )
        if fixed.get("forked_kernel_start_s") is not None:
            out += (
                f" A kernel forked from the kernel server, which has made those imports "
                f"once per run (in {_s(fixed['kernel_server_start_s'])}), starts in "
                f"{_s(fixed['forked_kernel_start_s'])}."
            )
    goals = result.get("targets") or []
    if goals:
        out += "\n\n| Target | Goal | Measured | Met | Note |\n|---|---|---|---|---|\n"
        out += "\n".join(
            f"| {t['name']} | {t['goal']} | {t['value']} "
            f"| {'yes' if t['met'] else 'no' if t['met'] is not None else 'n/a'} "
            f"| {t.get('note', '')} |"
            for t in goals
        )
    per = result.get("datasets") or {}
    if per:
        out += "\n\n| Dataset | Tidy load (cached) | Raw parse | Raw / tidy |\n"
        out += "|---|---:|---:|---:|\n"
        out += "\n".join(
            f"| `{k}` | {_s(v['tidy_s'])} | {_s(v['raw_s'])} | {v['ratio']}× |"
            for k, v in per.items()
        )
    return out


def snapshot_markdown(root: Path) -> tuple[str, str | None]:
    """The snapshot ``data/bench.json`` of a book as markdown, and a warning when it is
    missing or was measured on other notebooks than the book now builds."""
    path = root / SNAPSHOT
    if not path.is_file():
        return "", f"No benchmark snapshot ({SNAPSHOT}) yet: run `make bench`."
    result = json.loads(path.read_text(encoding="utf-8"))
    machine = result.get("machine", {})
    head = (
        f"Measured {result.get('measured_at', '?')[:10]} on a {machine.get('cpus', '?')}-core "
        f"machine (Python {machine.get('python', '?')}), in a {result['book'].get('where', '?')} "
        f"of the book, raw data from the {result['book'].get('data', '?')}: medians of "
        f"{result.get('runs')} runs per step ({result.get('cold_runs')} for the cold build); "
        f"{len(result['book'].get('notebooks', []))} notebooks."
    )
    warning = None
    then, now = set(result["book"].get("notebooks", [])), {str(p) for p in built_notebooks(root)}
    if then != now:
        added, removed = sorted(now - then), sorted(then - now)
        parts = [
            f"{len(added)} notebook(s) added ({', '.join(added)})" if added else "",
            f"{len(removed)} removed ({', '.join(removed)})" if removed else "",
        ]
        warning = (
            "These figures predate the book's current notebooks: "
            + "; ".join(p for p in parts if p)
            + " since. Run `make bench` again."
        )
    return head + "\n\n" + report_tables(result), warning
