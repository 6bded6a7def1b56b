"""OSINT Desk: a desktop case notebook for open-source investigators."""

__version__ = "0.1.0"
