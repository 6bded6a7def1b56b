"""Data shipped with OSINT Desk (demo case, report templates, icons): ``osint_desk.resources``.

This folder is mapped into the package by setup.py and read with ``importlib.resources``.
"""
