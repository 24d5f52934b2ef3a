"""Page layers: per chapter, the numbers, figures and tables each notebook publishes.

A notebook reads as an essay: a question in prose, one call to its page layer, the
chart, the finding. The page layer composes metrics (``analysis.metrics``) and chart
families (``analysis.charts``) and returns a :class:`Section`; :func:`publish` glues it:

    from analysis.pages import publish
    from analysis.pages.confrontation_spiral import ties

    publish(ties.trade())          # glues every number and fig-<name> for each figure

Glue keys: numbers keep the keys the chapter's prose uses; figures are glued as
``fig-<name>`` (the label the prose's ``{glue:figure}`` names).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.charts.render import ChartDisplay


@dataclass(frozen=True)
class Section:
    """What one section of a page publishes.

    ``numbers``: glue key -> value (already formatted text, or an int), in prose order.
    ``figures``: figure name -> rendered chart (glued as ``fig-<name>``).
    ``table``: a markdown table the cell shows in place (or ``None``).
    ``data``: frames or values the notebook may assert on (not published).
    """

    numbers: Mapping[str, Any] = field(default_factory=dict)
    figures: Mapping[str, ChartDisplay] = field(default_factory=dict)
    table: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


def publish(section: Section) -> Any:
    """Glue a section's numbers and figures; return its table for display, if any."""
    from IPython.display import Markdown
    from myst_nb import glue

    for key, value in section.numbers.items():
        glue(key, value, display=False)
    for name, figure in section.figures.items():
        key = name if name.startswith("fig-") else f"fig-{name}"
        glue(key, figure, display=False)
    return Markdown(section.table) if section.table is not None else None
