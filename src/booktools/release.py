"""``make release VERSION=x.y.z``: a versioned archive and a "What changed" page.

The HTML build writes ``numbers.json`` (:mod:`booktools.openext`): every glued number with
its page, function and datasets, every claim's verdict, every chart's id and data hash.
A release

1. refuses a version that is not ``x.y.z`` or that already has ``releases/<version>/``;
2. compares this build's ``numbers.json`` with the latest earlier release's (kept in the
   repository, ``releases/<version>/numbers.json``) and writes the "What changed" page
   (``releases/<version>/what-changed.md``, and as HTML into the archive): every number,
   verdict and chart that differs, was added or was removed;
3. writes ``_build/release/book-<version>.tar.gz``: the HTML site, the PDF (when built),
   the data package with its CSVs, the claims files, ``numbers.json``, the What changed
   page and ``SHA256SUMS`` of every file in it (plus a ``.sha256`` of the archive).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from booktools.book import BUILD_STAMP

RELEASES = "releases"
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ReleaseError(ValueError):
    """A release that cannot be made, with the reason (names the version)."""


def parse_version(text: str) -> tuple[int, ...]:
    if not _VERSION.match(text):
        raise ReleaseError(f"release version {text!r} is not of the form x.y.z")
    return tuple(int(p) for p in text.split("."))


def check_new(root: Path, version: str) -> None:
    """Fail when the version is malformed or already released."""
    parse_version(version)
    if (Path(root) / RELEASES / version).exists():
        raise ReleaseError(f"release {version} exists ({RELEASES}/{version}); choose a new version")


def previous_release(root: Path, version: str) -> str | None:
    """The highest released version below ``version`` (``None`` for the first)."""
    folder = Path(root) / RELEASES
    mine = parse_version(version)
    found = [
        p.name
        for p in folder.glob("*")
        if _VERSION.match(p.name) and (p / "numbers.json").is_file()
    ]
    earlier = sorted((v for v in found if parse_version(v) < mine), key=parse_version)
    return earlier[-1] if earlier else None


@dataclass
class Changes:
    """What differs between two ``numbers.json``: per section, (key, old, new, detail)."""

    numbers: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    verdicts: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)
    charts: list[tuple[str, str | None, str | None, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (self.numbers or self.verdicts or self.charts)


def _section(
    old: dict[str, Any], new: dict[str, Any], value: str, detail: Any
) -> list[tuple[str, str | None, str | None, str]]:
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        va = None if a is None else str(a.get(value))
        vb = None if b is None else str(b.get(value))
        if va != vb:
            out.append((key, va, vb, detail(b or a)))
    return out


def compare(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """Numbers by value, verdicts by verdict, charts by the data they draw and their id."""

    def number_detail(item: dict[str, Any]) -> str:
        function = item.get("function") or "a notebook cell"
        datasets = ", ".join(item.get("datasets") or []) or "curated facts or annotations"
        return f"{item.get('page')}: {function} (data: {datasets})"

    charts_old = {k: {**v, "both": f"{v['id']} {v['data']}"} for k, v in old["charts"].items()}
    charts_new = {k: {**v, "both": f"{v['id']} {v['data']}"} for k, v in new["charts"].items()}
    return Changes(
        numbers=_section(old["numbers"], new["numbers"], "value", number_detail),
        verdicts=_section(
            old["verdicts"], new["verdicts"], "verdict", lambda i: str(i.get("page"))
        ),
        charts=[
            (k, a and a.split()[1][7:19], b and b.split()[1][7:19], d)
            for k, a, b, d in _section(
                charts_old, charts_new, "both", lambda i: f"{i.get('page')}: {i.get('title')}"
            )
        ],
    )


def changes_markdown(changes: Changes, version: str, previous: str | None) -> str:
    """The What changed page as Markdown (each table: what, before, now, where)."""
    title = f"# What changed in {version}"
    if previous is None:
        return f"{title}\n\nThe first release: nothing to compare with.\n"
    parts = [title, "", f"Compared with release {previous}."]
    if changes.empty():
        parts.append("\nNo number, verdict or chart differs.")
    for heading, rows in (
        ("Numbers", changes.numbers),
        ("Verdicts", changes.verdicts),
        ("Charts (data hash)", changes.charts),
    ):
        parts += ["", f"## {heading} ({len(rows)})", ""]
        if not rows:
            parts.append("None.")
            continue
        parts += ["| what | before | now | where |", "|---|---|---|---|"]
        for key, a, b, where in rows:
            cells = [key, a or "(absent)", b or "(absent)", where]
            parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(parts) + "\n"


def changes_html(changes: Changes, version: str, previous: str | None) -> str:
    """The What changed page as a standalone HTML page (for the archive's site)."""
    e = html.escape
    body = [f"<h1>What changed in {e(version)}</h1>"]
    if previous is None:
        body.append("<p>The first release: nothing to compare with.</p>")
    else:
        body.append(f"<p>Compared with release {e(previous)}.</p>")
        for heading, rows, kind in (
            ("Numbers", changes.numbers, "number"),
            ("Verdicts", changes.verdicts, "verdict"),
            ("Charts (data hash)", changes.charts, "chart"),
        ):
            body.append(f"<h2>{heading} ({len(rows)})</h2>")
            if not rows:
                body.append("<p>None.</p>")
                continue
            body.append("<table><tr><th>what</th><th>before</th><th>now</th><th>where</th></tr>")
            for key, a, b, where in rows:
                body.append(
                    f'<tr data-kind="{kind}" data-key="{e(key)}"><td>{e(key)}</td>'
                    f"<td>{e(a or '(absent)')}</td><td>{e(b or '(absent)')}</td>"
                    f"<td>{e(where)}</td></tr>"
                )
            body.append("</table>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>What changed in {e(version)}</title></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def release(root: Path, version: str) -> dict[str, Any]:
    """Make release ``version`` of the book built in ``root/_build`` (see module docs)."""
    root = Path(root)
    check_new(root, version)
    site = root / "_build" / "html"
    numbers_path = site / "numbers.json"
    if not numbers_path.is_file():
        raise ReleaseError(f"release {version}: {numbers_path} is missing; run make book first")
    pdf = root / "_build" / "latex" / "book.pdf"
    stamp = root / BUILD_STAMP
    if pdf.is_file() and stamp.is_file() and pdf.stat().st_mtime < stamp.stat().st_mtime:
        raise ReleaseError(
            f"release {version}: _build/latex/book.pdf is older than the HTML build it would "
            "ship with; run make pdf (make release builds both)"
        )
    numbers = json.loads(numbers_path.read_text(encoding="utf-8"))
    previous = previous_release(root, version)
    changes = Changes()
    if previous is not None:
        old = json.loads((root / RELEASES / previous / "numbers.json").read_text(encoding="utf-8"))
        changes = compare(old, numbers)
    markdown = changes_markdown(changes, version, previous)
    page = changes_html(changes, version, previous)

    name = f"book-{version}"
    staging = root / "_build" / "release" / name
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(site, staging / "html")
    (staging / "html" / "what-changed.html").write_text(page, encoding="utf-8")
    if pdf.is_file():
        shutil.copy(pdf, staging / "book.pdf")
    data = staging / "data"
    data.mkdir()
    charts = site / "_static" / "charts"
    package = charts / "datapackage.json"
    if package.is_file():  # the package and the resources it lists (not stale chart files)
        shutil.copy(package, data / package.name)
        for res in json.loads(package.read_text(encoding="utf-8")).get("resources", []):
            for member in (str(res["path"]), f"{res['book:chart_id']}.json"):
                shutil.copy(charts / member, data / member)
    for extra in ("_static/claims/claims.csv", "_static/claims/claims.json", "numbers.json"):
        if (site / extra).is_file():
            shutil.copy(site / extra, data / Path(extra).name)
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    sums = "".join(f"{_sha256(p)}  {p.relative_to(staging).as_posix()}\n" for p in files)
    (staging / "SHA256SUMS").write_text(sums, encoding="utf-8")

    archive = staging.parent / f"{name}.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(p for p in staging.rglob("*") if p.is_file()):
            info = tar.gettarinfo(
                str(path), arcname=f"{name}/{path.relative_to(staging).as_posix()}"
            )
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with path.open("rb") as handle:
                tar.addfile(info, handle)
    archive.write_bytes(buffer.getvalue())
    (archive.parent / f"{archive.name}.sha256").write_text(
        f"{_sha256(archive)}  {archive.name}\n", encoding="utf-8"
    )

    kept = root / RELEASES / version
    kept.mkdir(parents=True)
    (kept / "numbers.json").write_text(
        json.dumps({**numbers, "release": version}, indent=1, sort_keys=True, ensure_ascii=False),
        encoding="utf-8",
    )
    (kept / "what-changed.md").write_text(markdown, encoding="utf-8")
    return {
        "version": version,
        "previous": previous,
        "archive": str(archive),
        "numbers": len(changes.numbers),
        "verdicts": len(changes.verdicts),
        "charts": len(changes.charts),
    }
