"""Figure markers in the report's Markdown, and the drawings that replace them.

Kept apart from ``charts`` (which reads the case) so the HTML renderer can place drawings
without importing the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIGURE = re.compile(r"\{\{chart:([0-9A-Za-z-]{1,64})\}\}")
#: The marker as rendered Markdown leaves it: a paragraph of its own.
FIGURE_PARAGRAPH = re.compile(r"<p>\{\{chart:([0-9A-Za-z-]{1,64})\}\}</p>")


@dataclass(frozen=True)
class Figure:
    name: str
    svg: str


#: The figure id of the case's map (``core/report/maps.py``): not a chart id (those are
#: ``new_id()`` values), so the marker ``{{chart:case-map}}`` never names a saved chart.
MAP_FIGURE_ID = "case-map"


def marker(chart_id: str) -> str:
    """The line that stands for a chart's drawing in the Markdown."""
    return "{{chart:" + chart_id + "}}"
