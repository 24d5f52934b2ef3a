"""Set-up of a notebook opened on a hosted service (Colab), where the book is not installed.

Every notebook starts with the same hidden cell (:func:`booktools.site.launch_cell_source`).
Where the book's package is importable (a local build, Binder, nbval) the cell does
nothing. Elsewhere it fetches this file from the book's repository and calls
:func:`hosted_setup`, which clones the book's branch into the working folder (once),
installs the package with its dependencies and puts ``src`` on the path (an editable
install is only seen by a new process). Data then come from the registry's pinned URLs.

This file runs before the package exists, so it uses the standard library only (a test
checks that), and it defines nothing but :func:`hosted_setup`, which the cell calls.
"""

from __future__ import annotations

import os
import subprocess
import sys


def hosted_setup(clone_url: str, branch: str) -> str:
    """Clone the book (unless a clone is here already), install its package, put its
    ``src`` first on ``sys.path``; return the clone's folder."""
    name = clone_url.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    book = os.path.abspath(name)
    if not os.path.isdir(book):
        clone = ["git", "clone", "--depth", "1", "--branch", branch, clone_url, book]
        subprocess.run(clone, check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", book], check=True)
    src = os.path.join(book, "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return book
