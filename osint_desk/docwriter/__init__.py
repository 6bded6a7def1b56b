"""PDF and ODT from the report's HTML, through Qt's text documents (QtGui, no widgets).

Kept out of ``osint_desk.core`` (which knows no Qt) and out of ``osint_desk.ui`` (which is the
window): the command line uses it without opening a window.
"""
