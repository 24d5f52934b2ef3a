"""Build tooling of the book: notebook dependencies and execution, Sphinx extensions,
the site setting, the new-article scaffolder, the benchmark and the command line.

The analysis package (:mod:`analysis`) never imports this package; this package imports
the analysis (the registry, the renderer's chart contract) where it needs it.
"""
