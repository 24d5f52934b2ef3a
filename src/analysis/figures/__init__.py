"""Chart and table builders of the chapters, one module per chapter (e.g. ``confrontation_spiral``).

Each module turns the tidy outputs of :mod:`analysis.metrics`, the loaders and the curated
tables into finished house-style charts (:func:`analysis.charts.finish`) and small tables,
so that the chapter notebooks stay thin: load, call, glue. What the chapters build alike
(the year axis, the house-coloured country line chart and its tooltips) lives in
:mod:`.common`.
"""
