"""Tidy loaders, one module per dataset of the registry.

Import a loader from here: ``from analysis.loaders import load_sipri_milex``.
Each returns a long DataFrame with documented columns; see each module.
"""

from analysis.loaders._base import LOADERS, LoaderInfo, tidy_loader

__all__ = ["LOADERS", "LoaderInfo", "tidy_loader"]
