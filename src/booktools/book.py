"""The book as a build: its notebooks, their inputs, and keeping outputs fresh.

jupyter-cache (which executes the notebooks for ``jupyter-book build``) decides whether
a notebook must run again from its code cells alone. A new raw file, a new loader or
a new curated fact would leave a stale chart in the book. This module closes that gap,
notebook by notebook, so that editing one notebook re-executes that notebook alone and
changing a loader re-executes exactly the notebooks that use it.

What a notebook depends on (:func:`notebook_deps`), found statically with :mod:`ast`:

* **its modules**: the ``analysis.*`` modules its code cells import, and, transitively,
  the modules those import (imports inside functions count too). ``from analysis.inputs.loaders
  import load_x`` resolves the name through the package's ``__init__`` to the module that
  defines it, so a notebook depends on the loader it takes, not on every loader the
  package re-exports. A package's ``__init__`` file counts whenever one of its modules
  is used.
* **its loaders**: every function declared with ``@tidy_loader`` that the notebook or one
  of its modules refers to; the loader's module joins the modules above.
* **its datasets**: those loaders' datasets and any registry id written as a string in
  the notebook (``charts.finish(datasets=["wdi-milex-gdp"])``). The notebook depends on
  those entries of ``data/sources.yml`` (URL, sha256, licence, ...), not on the others.
* **data files its modules read**: a module declares them in a module-level tuple
  ``BOOK_INPUTS`` of globs relative to the project root (``analysis.inputs.curated`` declares
  ``data/curated/*.csv``, ``analysis.inputs.articles`` the annotation files, ...). An entry
  ``@dataset-usage`` stands for which notebook uses which dataset (the data appendix).
* ``requirements.lock``, always, and the globs the notebook declares in its metadata
  (``{"book": {"depends_on": ["chapters/**/*.ipynb"]}}``) for anything the static
  analysis cannot see (``importlib``, files opened by a notebook itself).

Other notebooks among the inputs count by their code cells only. A code cell that does
not parse makes the notebook depend on the whole package.

:func:`invalidate_stale` hashes those inputs per notebook, compares them with the hashes
recorded at the previous build, and removes the jupyter-cache record of every notebook
whose inputs changed, so the next build executes it again. :func:`booktools.execute.execute_in_place`
regenerates the outputs stored in the ``.ipynb`` files, which nbval compares against a
fresh run.
"""

from __future__ import annotations

import ast
import glob
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import yaml

from analysis.paths import project_root

#: Inputs of every notebook (globs relative to the project root).
GLOBAL_INPUTS: tuple[str, ...] = ("requirements.lock",)
PACKAGE = "analysis"
PACKAGE_DIR = "src/analysis"
REGISTRY_FILE = "data/sources.yml"
#: Derived inputs a module or notebook may name in ``BOOK_INPUTS`` / ``depends_on``:
#: which notebook uses which dataset; the registry's dataset ids (not their entries);
#: ``@names:<glob>``, the names of the files matching a glob (not their contents).
DATASET_USAGE = "@dataset-usage"
REGISTRY_IDS = "@registry-ids"
NAMES = "@names:"
CACHE_DIR = "_build/.jupyter_cache"
#: Charts' download SVG and PNG, by chart id, stored by the execution workers
#: (:func:`booktools.execute.store_chart_files`) for the HTML build to copy.
CHART_STORE = "_build/.chart-files"
STATE_FILE = "book-inputs.json"
#: Touched by ``make book`` when the HTML build succeeded (the Makefile's BUILD_STAMP).
BUILD_STAMP = "_build/html/.book-built"
#: What the HTML build is made from besides the notebooks' own inputs (which
#: :func:`stale_notebooks` hashes): a file here newer than the stamp makes the build stale.
BUILD_INPUTS: tuple[str, ...] = (
    "_config.yml",
    "_toc.yml",
    "intro.md",
    "references.bib",
    "requirements.lock",
    "chapters",
    "src",
    "data/sources.yml",
    "data/curated",
    "data/articles",
    "data/bench.json",
)


def notebooks(root: Path | None = None) -> list[Path]:
    """Every notebook under ``chapters/``, sorted, as paths relative to the root."""
    root = root or project_root()
    return sorted(
        p.relative_to(root)
        for p in (root / "chapters").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


def _expand(root: Path, patterns: Iterable[str]) -> list[Path]:
    """Files matching globs relative to ``root`` (``**`` recurses; ``../`` may leave it)."""
    found: set[Path] = set()
    for pattern in patterns:
        for name in glob.glob(str(root / pattern), recursive=True):
            path = Path(os.path.normpath(name))
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path)
    return sorted(found)


def _code_cells(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code"]


def _code_sources(path: Path) -> str:
    return "\n".join(_code_cells(path))


# --- static view of the package -----------------------------------------------------------


@dataclass(frozen=True)
class _Import:
    """``import module`` (names is None) or ``from module import names``."""

    module: str
    names: tuple[str, ...] | None


@dataclass
class _Module:
    """What the dependency analysis needs to know about one module of the package."""

    name: str
    path: Path
    is_package: bool
    imports: list[_Import] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # names and attributes it refers to
    strings: set[str] = field(default_factory=set)  # string constants
    reexports: dict[str, tuple[str, str]] = field(default_factory=dict)  # alias -> (module, name)
    loaders: dict[str, str | None] = field(default_factory=dict)  # loader -> dataset id
    book_inputs: tuple[str, ...] = ()


def _absolute(module: str | None, level: int, here: str, is_package: bool) -> str:
    """Absolute name of a (possibly relative) ``from`` import inside module ``here``."""
    if not level:
        return module or ""
    parts = here.split(".") if is_package else here.split(".")[:-1]
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, module] if module else base)


def _scan(tree: ast.AST, here: str = "", is_package: bool = False) -> _Module:
    """Imports, referenced names and string constants of a parsed module or cell."""
    info = _Module(here, Path(), is_package)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            info.imports += [_Import(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(node.module, node.level, here, is_package)
            info.imports.append(_Import(target, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.Name):
            info.names.add(node.id)
        elif isinstance(node, ast.Attribute):
            info.names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            info.strings.add(node.value)
    return info


def _decorated_loader(node: ast.FunctionDef, constants: dict[str, str]) -> tuple[bool, str | None]:
    """Whether ``node`` is declared with ``@tidy_loader(...)``, and the dataset id it names."""
    for deco in node.decorator_list:
        if not isinstance(deco, ast.Call):
            continue
        func = deco.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "tidy_loader":
            continue
        arg = (
            deco.args[0]
            if deco.args
            else next((k.value for k in deco.keywords if k.arg == "dataset_id"), None)
        )
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return True, arg.value
        if isinstance(arg, ast.Name):
            return True, constants.get(arg.id)
        return True, None
    return False, None


def _parse_module(name: str, path: Path) -> _Module:
    source = path.read_text(encoding="utf-8")
    is_package = path.name == "__init__.py"
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError:
        # Its imports are unknown; its own bytes still count (and it will fail to run).
        return _Module(name, path, is_package)
    info = _scan(tree, name, is_package)
    info.path = path
    constants: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            target = _absolute(node.module, node.level, name, is_package)
            for alias in node.names:
                info.reexports[alias.asname or alias.name] = (target, alias.name)
        elif isinstance(node, ast.FunctionDef):
            is_loader, dataset_id = _decorated_loader(node, constants)
            if is_loader:
                info.loaders[node.name] = dataset_id
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for assigned in targets:
                if isinstance(assigned, ast.Name):
                    value = node.value
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        constants[assigned.id] = value.value
                    if assigned.id == "BOOK_INPUTS" and value is not None:
                        try:
                            declared = ast.literal_eval(value)
                        except ValueError as exc:
                            raise ValueError(
                                f"{path}: BOOK_INPUTS must be a literal tuple of globs"
                            ) from exc
                        info.book_inputs = tuple(str(p) for p in declared)
    return info


class _Package:
    """Every module of ``src/analysis`` in a project root, parsed once."""

    def __init__(self, root: Path) -> None:
        self.modules: dict[str, _Module] = {}
        base = root / PACKAGE_DIR
        for path in sorted(base.rglob("*.py")) if base.is_dir() else []:
            if "__pycache__" in path.parts:
                continue
            parts = list(path.relative_to(base.parent).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join(parts)
            self.modules[name] = _parse_module(name, path)
        #: loader function name -> (module, dataset id)
        self.loaders: dict[str, tuple[str, str | None]] = {
            loader: (m.name, dataset_id)
            for m in self.modules.values()
            for loader, dataset_id in m.loaders.items()
        }


class _Closure:
    """The modules one notebook reaches: ``full`` ones (their imports followed) and files."""

    def __init__(self, package: _Package) -> None:
        self.package = package
        self.full: set[str] = set()
        self.files: set[str] = set()
        self._queue: list[str] = []

    def _add_file(self, name: str) -> None:
        """A module whose code runs: count its file, and its parent packages' files."""
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in self.package.modules and prefix not in self.files:
                self.files.add(prefix)
                if prefix not in self.full:  # a package used for its modules or re-exports:
                    for imp in self.package.modules[prefix].imports:  # follow what it
                        if not (imp.module + ".").startswith(prefix + "."):  # imports from outside
                            self.add_import(imp)

    def add_module(self, name: str) -> None:
        if name in self.package.modules and name not in self.full:
            self.full.add(name)
            self._add_file(name)
            self._queue.append(name)

    def add_import(self, imp: _Import, _seen: frozenset[tuple[str, str]] = frozenset()) -> None:
        modules = self.package.modules
        if imp.module != PACKAGE and not imp.module.startswith(PACKAGE + "."):
            return
        if imp.names is None:
            self.add_module(imp.module)
            return
        target = modules.get(imp.module)
        if target is None:
            return
        if not target.is_package:
            self.add_module(imp.module)
            return
        self._add_file(imp.module)
        for name in imp.names:
            if f"{imp.module}.{name}" in modules:
                self.add_module(f"{imp.module}.{name}")
            elif name in target.reexports and (imp.module, name) not in _seen:
                source, original = target.reexports[name]
                self.add_import(_Import(source, (original,)), _seen | {(imp.module, name)})
            else:  # defined in the __init__ itself, or ``*``
                self.add_module(imp.module)

    def run(self) -> None:
        while self._queue:
            module = self.package.modules[self._queue.pop()]
            for imp in module.imports:
                self.add_import(imp)


@dataclass(frozen=True)
class NotebookDeps:
    """What one notebook's outputs depend on besides its own code cells."""

    notebook: Path
    modules: tuple[str, ...]
    """``analysis`` modules whose code runs (imported, transitively; parent packages)."""
    loaders: tuple[str, ...]
    """``@tidy_loader`` functions the notebook or its modules refer to."""
    datasets: tuple[str, ...]
    """Datasets it uses: its loaders' datasets and registry ids named in its code."""
    registry_ids: tuple[str, ...]
    """Registry entries it depends on (its datasets and ids named in its modules)."""
    files: tuple[Path, ...]
    """Files hashed whole (absolute; other notebooks: code cells only)."""
    derived: tuple[str, ...]
    """Derived inputs, e.g. ``@dataset-usage``."""


def _cell_tree(source: str) -> ast.AST | None:
    """Parse a code cell, translating IPython syntax (magics, ``!cmd``) first."""
    try:
        return ast.parse(source)
    except SyntaxError:
        pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(source))
    except Exception:
        return None


class BookDeps:
    """Dependency analysis of every notebook of a book, over one parse of the package."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or project_root()).resolve()
        self.package = _Package(self.root)
        self.registry_text, self.registry = self._read_registry()
        self._deps: dict[Path, NotebookDeps] = {}
        self._usage: dict[str, list[str]] | None = None

    def _read_registry(self) -> tuple[bytes, dict[str, Any] | None]:
        path = self.root / REGISTRY_FILE
        if not path.is_file():
            return b"", {}
        text = path.read_bytes()
        try:
            doc = yaml.safe_load(text)
            entries = {str(e["id"]): e for e in doc["datasets"]}
        except Exception:
            return text, None
        return text, entries

    def deps(self, notebook: Path) -> NotebookDeps:
        notebook = Path(notebook)
        if notebook.is_absolute():
            notebook = notebook.relative_to(self.root)
        if notebook not in self._deps:
            self._deps[notebook] = self._analyse(notebook)
        return self._deps[notebook]

    def _analyse(self, notebook: Path) -> NotebookDeps:
        path = self.root / notebook
        nb = nbformat.read(path, as_version=4)
        closure = _Closure(self.package)
        names: set[str] = set()
        strings: set[str] = set()
        for source in (c.source for c in nb.cells if c.cell_type == "code"):
            tree = _cell_tree(source)
            if tree is None:  # unknown imports: the whole package
                for module in self.package.modules:
                    closure.add_module(module)
                continue
            cell = _scan(tree)
            names |= cell.names
            strings |= cell.strings
            for imp in cell.imports:
                closure.add_import(imp)
        loaders: set[str] = set()
        while True:
            closure.run()
            referenced = set(names)
            for module in closure.full:
                referenced |= self.package.modules[module].names
            found = referenced & set(self.package.loaders)
            if found <= loaders:
                break
            loaders |= found
            for loader in found:
                closure.add_module(self.package.loaders[loader][0])

        known = set(self.registry or {})
        used = {self.package.loaders[n][1] for n in loaders} | (strings & known)
        datasets = sorted(d for d in used if d)
        module_strings = set().union(*(self.package.modules[m].strings for m in closure.full))
        registry_ids = sorted(set(datasets) | (module_strings & known))

        modules = sorted(closure.files)
        patterns = list(GLOBAL_INPUTS)
        for module in modules:
            patterns += self.package.modules[module].book_inputs
        patterns += list(nb.metadata.get("book", {}).get("depends_on", []))
        derived = sorted({p for p in patterns if p.startswith("@")})
        for name in derived:
            if name not in (DATASET_USAGE, REGISTRY_IDS) and not name.startswith(NAMES):
                choices = f"{DATASET_USAGE}, {REGISTRY_IDS}, {NAMES}<glob>"
                raise ValueError(f"{notebook}: unknown derived input {name!r} (known: {choices})")
        files = {self.package.modules[m].path for m in modules}
        files.update(_expand(self.root, [p for p in patterns if not p.startswith("@")]))
        files.discard(path)
        return NotebookDeps(
            notebook=notebook,
            modules=tuple(modules),
            loaders=tuple(sorted(loaders)),
            datasets=tuple(datasets),
            registry_ids=tuple(registry_ids),
            files=tuple(sorted(files)),
            derived=tuple(derived),
        )

    def dataset_usage(self) -> dict[str, list[str]]:
        """``{dataset_id: [notebook, ...]}`` over every notebook of the book."""
        if self._usage is None:
            usage: dict[str, set[str]] = {}
            for nb in notebooks(self.root):
                for dataset_id in self.deps(nb).datasets:
                    usage.setdefault(dataset_id, set()).add(str(nb))
            self._usage = {k: sorted(v) for k, v in sorted(usage.items())}
        return self._usage

    def inputs_hash(self, notebook: Path) -> str:
        """sha256 over a notebook's inputs: files (notebooks: code only), registry entries,
        derived inputs."""
        deps = self.deps(notebook)
        digest = hashlib.sha256()
        for path in deps.files:
            digest.update(os.path.relpath(path, self.root).encode() + b"\0")
            if path.suffix == ".ipynb":
                digest.update(_code_sources(path).encode())
            else:
                digest.update(path.read_bytes())
            digest.update(b"\0")
        if self.registry is None:  # the registry does not parse: all of it counts
            digest.update(b"registry\0" + self.registry_text)
        else:
            entries = {i: self.registry.get(i) for i in deps.registry_ids}
            digest.update(b"registry\0" + json.dumps(entries, sort_keys=True, default=str).encode())
        for name in deps.derived:
            digest.update(f"\0{name}\0".encode() + json.dumps(self.derived(name)).encode())
        return digest.hexdigest()

    def derived(self, name: str) -> Any:
        """The value of a derived input (see :data:`DATASET_USAGE` and its neighbours)."""
        if name == DATASET_USAGE:
            return self.dataset_usage()
        if name == REGISTRY_IDS:
            return sorted(self.registry or {}) if self.registry is not None else None
        if name.startswith(NAMES):
            found = _expand(self.root, [name.removeprefix(NAMES)])
            return [os.path.relpath(p, self.root) for p in found]
        raise ValueError(f"unknown derived input {name!r}")

    def dependents(self, path: Path) -> list[Path]:
        """Notebooks that depend on the file ``path`` (absolute or relative to the root)."""
        target = (self.root / path).resolve()
        return [nb for nb in notebooks(self.root) if target in self.deps(nb).files]


def notebook_deps(notebook: Path, root: Path | None = None) -> NotebookDeps:
    """What one notebook depends on (see the module docstring)."""
    return BookDeps(root).deps(notebook)


def notebook_inputs(notebook: Path, root: Path | None = None) -> list[Path]:
    """The files (absolute) a notebook's outputs depend on, besides its own code cells."""
    return list(notebook_deps(notebook, root).files)


def inputs_hash(notebook: Path, root: Path | None = None) -> str:
    """sha256 over everything a notebook's outputs depend on besides its own code."""
    return BookDeps(root).inputs_hash(notebook)


def dataset_usage(root: Path | None = None) -> dict[str, list[str]]:
    """Which notebooks use which dataset: ``{dataset_id: [notebook, ...]}``.

    A notebook uses a dataset when it, or an ``analysis`` module it imports, refers to one
    of the dataset's loaders, or when it names the dataset's registry id.
    """
    return BookDeps(root).dataset_usage()


def _state(root: Path) -> dict[str, str]:
    path = root / CACHE_DIR / STATE_FILE
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):  # absent, or torn by a crash: every notebook is stale
        return {}


def stale_notebooks(root: Path | None = None) -> tuple[list[Path], dict[str, str]]:
    """Notebooks whose inputs changed since the last recorded build, and the new hashes."""
    root = root or project_root()
    analysis = BookDeps(root)
    before = _state(root)
    now = {str(nb): analysis.inputs_hash(nb) for nb in notebooks(root)}
    return [Path(nb) for nb, h in now.items() if before.get(nb) != h], now


def invalidate_stale(root: Path | None = None) -> list[Path]:
    """Drop the jupyter-cache record of each notebook whose inputs changed; return them.

    The hashes are recorded in ``_build/.jupyter_cache/book-inputs.json`` (written
    atomically, after the records are dropped). A notebook with no recorded hash (first
    build, new notebook) is dropped too, since its cache record, if any, cannot be trusted.
    """
    from jupyter_cache import get_cache

    root = root or project_root()
    cache_dir = root / CACHE_DIR
    stale, now = stale_notebooks(root)
    if stale and cache_dir.exists():
        cache = get_cache(str(cache_dir))
        for nb in stale:
            try:
                record = cache.match_cache_file(str(root / nb))
            except KeyError:
                continue
            cache.remove_cache(record.pk)
    cache_dir.mkdir(parents=True, exist_ok=True)
    state_path = cache_dir / STATE_FILE
    tmp = state_path.with_name(f".{STATE_FILE}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(now, indent=1, sort_keys=True))
    os.replace(tmp, state_path)
    return stale


def newer_than_build(root: Path, stamp: Path) -> list[str]:
    """Files of :data:`BUILD_INPUTS` newer than the build stamp ``stamp`` (relative to
    ``root``, sorted); ``["(no build stamp)"]`` when there is no stamp."""
    if not stamp.is_file():
        return ["(no build stamp)"]
    built = stamp.stat().st_mtime
    newer = []
    for name in BUILD_INPUTS:
        path = root / name
        files = [path] if path.is_file() else path.rglob("*") if path.is_dir() else []
        for file in files:
            generated = ("__pycache__", ".ipynb_checkpoints")
            if any(part in generated or part.endswith(".egg-info") for part in file.parts):
                continue
            if file.is_file() and file.stat().st_mtime > built:
                newer.append(file.relative_to(root).as_posix())
    return sorted(newer)


def book_current(root: Path | None = None) -> tuple[bool, str]:
    """Whether the HTML build is current, and why not: it was stamped after every file of
    :data:`BUILD_INPUTS` changed, no notebook's inputs changed since (the hashes of
    :func:`stale_notebooks`), and every notebook of the table of contents has its
    execution-cache record. ``make book`` then has nothing to do."""
    from jupyter_cache import get_cache

    from booktools.bench_report import built_notebooks

    root = root or project_root()
    newer = newer_than_build(root, root / BUILD_STAMP)
    if newer:
        return False, f"{newer[0]} is newer than the last build" if newer[0][0] != "(" else newer[0]
    stale, _ = stale_notebooks(root)
    if stale:
        return False, f"the inputs of {len(stale)} notebook(s) changed (e.g. {stale[0]})"
    cache = get_cache(str(root / CACHE_DIR))
    for nb in built_notebooks(root):
        try:
            cache.match_cache_file(str(root / nb))
        except KeyError:
            return False, f"{nb} has no execution-cache record"
    return True, "nothing changed since the last build"
