"""File → Export report and File → Export data: dialogs over ``osint_desk.docwriter.export``."""
