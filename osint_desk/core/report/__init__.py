"""The case as a cited report: Markdown first (editable), then HTML; PDF and ODT in the UI layer."""

from osint_desk.core.report.compose import ComposedReport, compose_report
from osint_desk.core.report.options import SECTIONS, TEMPLATES, ReportOptions

__all__ = ["SECTIONS", "TEMPLATES", "ComposedReport", "ReportOptions", "compose_report"]
