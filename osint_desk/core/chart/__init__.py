"""The link chart without Qt: its saved state and its layouts."""
