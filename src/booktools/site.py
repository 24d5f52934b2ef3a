"""Where the book lives online, derived from one setting: ``repository.url`` in ``_config.yml``.

From the GitHub repository URL (and ``repository.branch``, default ``main``) follow:

* the site URL, ``https://<owner>.github.io/<name>/`` (GitHub Pages), unless ``html.baseurl``
  names another (a custom domain); it becomes Sphinx's ``html_baseurl`` (canonical links),
  the base of ``sitemap.xml`` (sphinx-sitemap) and of the OpenGraph URLs
  (sphinxext-opengraph);
* the Binder and Colab launch buttons of every notebook page (sphinx-book-theme builds them
  from the same URL);
* the set-up cell at the top of every notebook, hidden in the book, which lets a notebook
  opened on Colab fetch the book and install its package (:func:`launch_cell`): the same
  few lines in every notebook, calling :mod:`booktools.hosted`, fetched from the branch.

``python -m booktools site`` prints all of them; ``--check`` exits non-zero when a notebook's
set-up cell is not the one the setting gives (``--write`` rewrites them), and
``--expect-repository``/``--expect-site-url`` let the publishing workflow refuse to deploy a
book whose links would point to another repository or site.

Loaded as a Sphinx extension (``booktools.site`` in ``_config.yml``), it sets up
sphinx-sitemap and sphinxext-opengraph and fills their settings from the derived site URL.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from analysis.errors import BookDataError
from analysis.paths import project_root

CONFIG_FILE = "_config.yml"
#: Tag of the set-up cell: Jupyter Book removes the cell (input and output) from HTML and PDF.
LAUNCH_TAG = "remove-cell"
#: First line of the set-up cell; how the cell is recognised in a notebook.
LAUNCH_MARK = "# Set-up for hosted notebooks (Colab)"
BINDER_URL = "https://mybinder.org"
COLAB_URL = "https://colab.research.google.com"

_GITHUB = re.compile(
    r"https://github\.com/(?P<owner>[A-Za-z0-9-]+)/(?P<name>[A-Za-z0-9._-]+?)(?:\.git)?/?"
)
_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


class SiteConfigError(BookDataError):
    """The repository setting (or the site URL) in ``_config.yml`` is unusable."""


@dataclass(frozen=True)
class Site:
    """The book's repository and published site."""

    owner: str
    name: str
    branch: str
    site_url: str

    @property
    def repository_url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"

    @property
    def clone_url(self) -> str:
        return f"{self.repository_url}.git"

    def binder_url(self, path: str) -> str:
        """The Binder launch link of a notebook (``path`` relative to the repository)."""
        return f"{BINDER_URL}/v2/gh/{self.owner}/{self.name}/{self.branch}?urlpath=tree/{path}"

    def colab_url(self, path: str) -> str:
        """The Colab launch link of a notebook (``path`` relative to the repository)."""
        return f"{COLAB_URL}/github/{self.owner}/{self.name}/blob/{self.branch}/{path}"

    def page_url(self, pagename: str) -> str:
        """The published address of a page (``chapters/map/network`` ->  ``.../network.html``)."""
        return f"{self.site_url}{pagename}.html"


def pages_url(owner: str, name: str) -> str:
    """GitHub Pages address of a repository: ``owner.github.io`` serves at the root."""
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def site_from_settings(
    url: str | None,
    branch: str | None = None,
    baseurl: str | None = None,
    *,
    where: str = CONFIG_FILE,
) -> Site | None:
    """Build the :class:`Site` from the repository URL, branch and optional ``html.baseurl``.

    Returns ``None`` when no repository URL is set; raises :class:`SiteConfigError` (naming
    ``where``) for a URL that is not a GitHub repository, a bad branch or a bad base URL.
    """
    if not url:
        return None
    match = _GITHUB.fullmatch(url.strip())
    if match is None:
        raise SiteConfigError(
            f"{where}: repository.url must be a GitHub repository, "
            f"https://github.com/<owner>/<name>; got {url!r}"
        )
    branch = (branch or "main").strip()
    if not _BRANCH.fullmatch(branch) or ".." in branch:
        raise SiteConfigError(f"{where}: repository.branch is not a branch name: {branch!r}")
    owner, name = match.group("owner"), match.group("name")
    site = (baseurl or "").strip() or pages_url(owner, name)
    if not re.fullmatch(r"https://[^\s/?#]+(/[^\s?#]*)?", site):
        raise SiteConfigError(f"{where}: html.baseurl must be an https:// address; got {site!r}")
    return Site(owner=owner, name=name, branch=branch, site_url=site.rstrip("/") + "/")


def load_site(root: Path | None = None) -> Site | None:
    """Read the setting from ``<root>/_config.yml`` (the project's by default)."""
    path = (root or project_root()) / CONFIG_FILE
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SiteConfigError(f"{path}: cannot read the book's configuration: {exc}") from exc
    repo = config.get("repository") or {}
    html = config.get("html") or {}
    return site_from_settings(
        repo.get("url"), repo.get("branch"), html.get("baseurl"), where=str(path)
    )


# --- the set-up cell of hosted notebooks ---------------------------------------------------


#: Where the set-up cell fetches :mod:`booktools.hosted` from, in the repository.
HOSTED_PATH = "src/booktools/hosted.py"


def raw_url(site: Site, path: str) -> str:
    """The address of a file of the book's branch as GitHub serves its raw bytes."""
    return f"https://raw.githubusercontent.com/{site.owner}/{site.name}/{site.branch}/{path}"


def launch_cell_source(
    site: Site, *, bootstrap_url: str | None = None, clone_url: str | None = None
) -> str:
    """The code of the set-up cell, the same in every notebook.

    Where the package ``analysis`` is importable (a local build, Binder, nbval) it does
    nothing and prints nothing. Elsewhere (Colab) it runs :mod:`booktools.hosted`, fetched
    from the book's branch (``bootstrap_url``), which clones the book (``clone_url``) and
    installs its package; the set-up logic lives once, in that file.
    """
    bootstrap = bootstrap_url or raw_url(site, HOSTED_PATH)
    clone = clone_url or site.clone_url
    return "\n".join(
        [
            f"{LAUNCH_MARK}: hidden in the book; does nothing where the package is installed.",
            "import importlib.util, urllib.request",
            "",
            'if importlib.util.find_spec("analysis") is None:  # fetch the book, install it',
            f"    exec(urllib.request.urlopen({json.dumps(bootstrap)}).read())",
            f"    hosted_setup({json.dumps(clone)}, {json.dumps(site.branch)})",
        ]
    )


def launch_cell(site: Site) -> dict[str, Any]:
    """The set-up cell as an nbformat 4 cell (no outputs: it prints nothing where it runs)."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "launch-setup",
        "metadata": {"tags": [LAUNCH_TAG]},
        "outputs": [],
        "source": launch_cell_source(site),
    }


def _is_launch_cell(cell: dict[str, Any]) -> bool:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return cell.get("cell_type") == "code" and text.startswith(LAUNCH_MARK)


def chapter_notebooks(root: Path | None = None) -> list[Path]:
    """The notebooks of the book (``chapters/**/*.ipynb``), sorted, as absolute paths."""
    from booktools.book import notebooks

    root = root or project_root()
    return [root / rel for rel in notebooks(root)]


def launch_cell_state(path: Path, site: Site) -> str:
    """``ok``, ``missing`` or ``stale``: whether ``path`` starts with the right set-up cell."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb.get("cells", [])
    want = launch_cell(site)
    if not cells or not _is_launch_cell(cells[0]):
        return "missing"
    first = cells[0]
    same = (
        "".join(first["source"]) == "".join(want["source"])
        and first.get("metadata", {}).get("tags") == want["metadata"]["tags"]
    )
    return "ok" if same else "stale"


def write_launch_cell(path: Path, site: Site) -> bool:
    """Put the set-up cell first in ``path`` (replacing an old one); True if the file changed.

    Only the set-up cell changes; the file is replaced atomically and written by nbformat,
    as Jupyter writes it, so other cells and their outputs stay byte-identical.
    """
    if launch_cell_state(path, site) == "ok":
        return False
    import nbformat

    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    if nb.cells and _is_launch_cell(nb.cells[0]):
        nb.cells.pop(0)
    cell = launch_cell(site)
    if nb.get("nbformat_minor", 0) < 5:
        cell.pop("id")
    nb.cells.insert(0, nbformat.from_dict(cell))
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    tmp.replace(path)
    return True


# --- the Sphinx side -----------------------------------------------------------------------


def _site_of(config: Any) -> Site | None:
    """The :class:`Site` of a Sphinx config: Jupyter Book puts ``repository.url`` and
    ``.branch`` into the theme options and ``html.baseurl`` into ``html_baseurl``."""
    theme = config.html_theme_options or {}
    return site_from_settings(
        theme.get("repository_url"), theme.get("repository_branch"), config.html_baseurl or None
    )


def _configure(app: Any, config: Any) -> None:
    """``config-inited``: derive html_baseurl, sitemap and OpenGraph settings from the site."""
    from sphinx.util import logging

    log = logging.getLogger(__name__)
    theme = dict(config.html_theme_options or {})
    site = _site_of(config)
    if site is None:
        # No public address: no sitemap (it needs absolute URLs), relative OpenGraph URLs.
        config.suppress_warnings = [*config.suppress_warnings, "sitemap.configuration"]
        log.info(
            "booktools.site: no repository.url in _config.yml: no sitemap, launch buttons "
            "or absolute OpenGraph URLs"
        )
        return
    theme.setdefault("repository_branch", site.branch)
    # The theme's repository and issues buttons: Jupyter Book refuses them without a URL
    # (and its defaults turn them off), so the setting turns them on.
    theme["use_repository_button"] = True
    theme["use_issues_button"] = True
    config.html_theme_options = theme
    config.html_baseurl = site.site_url
    config.sitemap_url_scheme = "{link}"  # the default puts the language ("en/") in front
    config.sitemap_excludes = ["search.html", "genindex.html"]
    config.ogp_site_url = site.site_url
    config.ogp_site_name = config.html_title or config.project
    config.ogp_social_cards = {"enable": False}  # needs matplotlib; pages with charts preview one
    # Large link previews (X, Mastodon, Slack read this with the og: tags).
    config.ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']


_META = re.compile(
    r'<meta (?:property="og:[a-z_:]+"|name="(?:description|twitter:card)") content="[^"]*" />'
)


def root_page(title: str, target: str, site: Site | None, landing_html: str) -> str:
    """The site's ``index.html``: a redirect to the landing page ``target`` that carries
    the landing page's title, description and OpenGraph tags (``og:url`` the site's root),
    so a link to the bare site address previews like the book."""
    esc = html.escape(title)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8" />',
        f"<title>{esc}</title>",
        f'<meta http-equiv="Refresh" content="0; url={target}" />',
    ]
    if site is not None:
        lines.append(f'<link rel="canonical" href="{site.site_url}{target}" />')
        for tag in _META.findall(landing_html):
            if 'property="og:url"' in tag:
                tag = f'<meta property="og:url" content="{site.site_url}" />'
            lines.append(tag)
    lines += ["</head>", "<body>", f'<p><a href="{target}">{esc}</a></p>', "</body>", "</html>", ""]
    return "\n".join(lines)


def _write_root_page(app: Any, exception: BaseException | None) -> None:
    """``build-finished`` (before sphinx-external-toc, which writes a bare redirect only
    where no ``index.html`` exists): write :func:`root_page` for HTML builds."""
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    outdir = Path(app.outdir)
    target = f"{app.config.root_doc}.html"
    landing = outdir / target
    site = _site_of(app.config)
    text = root_page(
        str(app.config.html_title or app.config.project),
        target,
        site,
        landing.read_text(encoding="utf-8") if landing.is_file() else "",
    )
    index = outdir / "index.html"
    if not index.is_file() or index.read_text(encoding="utf-8") != text:
        index.write_text(text, encoding="utf-8")


def _complete_sitemap(app: Any, exception: BaseException | None) -> None:
    """``build-finished``, before sphinx-sitemap writes ``sitemap.xml``: add every page of
    the book to its queue, sorted, once each.

    sphinx-sitemap only hears of the pages written in this build (jdillard/sphinx-sitemap
    issue 13), so an incremental build would publish a sitemap of the changed pages only.
    """
    import fnmatch
    import queue

    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    if type(app.builder).__name__ == "DirectoryHTMLBuilder":
        return  # the book builds plain HTML; dirhtml links would need sphinx-sitemap's rules
    found: dict[str, Any] = {}
    while True:
        try:
            link, lastmod = links.get_nowait()
        except queue.Empty:
            break
        found[link] = lastmod
    suffix = app.config.html_file_suffix or ".html"
    for docname in app.env.found_docs:
        link = f"{docname}{suffix}"
        if not any(fnmatch.fnmatch(link, p) for p in app.config.sitemap_excludes):
            found.setdefault(link, None)
    for link in sorted(found):
        links.put((link, found[link]))


def setup(app: Any) -> dict[str, Any]:
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", _configure, priority=400)
    app.connect("build-finished", _write_root_page, priority=400)
    app.connect("build-finished", _complete_sitemap, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
