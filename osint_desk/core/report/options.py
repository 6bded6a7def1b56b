"""What goes into a report: which sections, which cards, which template."""

from __future__ import annotations

from dataclasses import dataclass

# Section keys in report order, with the headings the user sees when choosing them.
SECTIONS: dict[str, str] = {
    "cover": "Cover",
    "summary": "Summary",
    "findings": "Key findings",
    "profiles": "Entity profiles",
    "sanctions": "Sanctions",
    "charts": "Link charts",
    "timeline": "Timeline",
    "map": "Map",
    "evidence": "Evidence appendix",
    "sources": "Sources",
}
TEMPLATES = ("default", "brief")


@dataclass(frozen=True)
class ReportOptions:
    """``entity_ids`` None means every card; an empty tuple means no profiles. The same for
    ``chart_ids`` and the saved link charts."""

    sections: tuple[str, ...] = tuple(SECTIONS)
    entity_ids: tuple[str, ...] | None = None
    chart_ids: tuple[str, ...] | None = None
    template: str = "default"

    def wants(self, section: str) -> bool:
        return section in self.sections
