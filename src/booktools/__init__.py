"""Build tooling of the book: notebook dependencies (``book``) and execution (``execute``),
Sphinx extensions (``sphinxext``; ``charts``: the book's charts rendered from the chart
contract), the site setting (``site``) and the Colab set-up (``hosted``), the new-article
scaffolder (``new_article``), the benchmark (``bench``, ``bench_report``) and the command
line (``__main__``: ``python -m booktools``).

The analysis package (:mod:`analysis`) never imports this package (tests/test_imports.py);
this package imports the analysis (the registry, the renderer's chart contract) where it
needs it.
"""
