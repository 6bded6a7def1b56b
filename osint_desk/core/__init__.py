"""The domain and storage of OSINT Desk: plain Python, no Qt (checked by import-linter)."""
