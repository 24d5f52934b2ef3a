"""Metrics: pure functions that turn tidy loader tables into the figures the chapters chart.

Each submodule takes DataFrames in and returns DataFrames; thin convenience wrappers call
the loaders (:mod:`analysis.inputs.loaders`, :mod:`analysis.inputs.curated`). No plotting here.
"""
