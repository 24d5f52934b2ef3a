"""What the bench edits in its copy of the book: a notebook's cell, a loader module."""

from __future__ import annotations

from pathlib import Path

from booktools.bench_report import built_notebooks


def _append_to_cell(path: Path, kind: str, text: str) -> None:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == kind]
    if not cells:
        raise RuntimeError(f"{path}: no {kind} cell to edit")
    cells[-1].source = cells[-1].source.rstrip("\n") + text
    nbformat.write(nb, path)


# --- choosing what to edit ----------------------------------------------------------------


def _choose_notebook(root: Path, wanted: str | None) -> Path:
    found = built_notebooks(root)
    if wanted:
        return Path(wanted)
    if not found:
        raise RuntimeError("the table of contents lists no notebook to edit")
    chapters = [nb for nb in found if "appendix" not in nb.parts]
    return (chapters or found)[0]


def _choose_loader(root: Path, wanted: str | None) -> tuple[Path, list[Path]]:
    """The loader module to change, and the built notebooks that use it (dependency analysis).

    Default: the loader module used by the fewest notebooks, preferring one used by at
    least two: the measurement then shows that the right few notebooks run, and no other.
    """
    from booktools.book import BookDeps

    deps = BookDeps(root)
    built = set(built_notebooks(root))

    def users(module: Path) -> list[Path]:
        return [nb for nb in deps.dependents(module) if nb in built]

    if wanted:
        return Path(wanted), users(Path(wanted))
    # the modules that define a @tidy_loader (the dependency analysis knows them)
    modules = sorted(
        {
            deps.package.modules[module].path.relative_to(root)
            for module, _ in deps.package.loaders.values()
        }
    )
    if not modules:
        raise RuntimeError("no module under src/analysis defines a @tidy_loader")
    scored = [(len(users(m)), m) for m in modules]
    used = [s for s in scored if s[0]] or scored
    _, module = min(used, key=lambda s: (s[0] < 2, s[0], str(s[1])))
    return module, users(module)
