"""Where the read-only shared data lives: ``../shared`` beside the checkout (as in CI), or
``$OSINT_DESK_SHARED``. Tests that need it skip, with this reason, when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

SHARED = Path(os.environ.get("OSINT_DESK_SHARED")
              or Path(__file__).resolve().parents[2] / "shared")
SANCTIONS = SHARED / "data" / "sanctions"
MISSING_REASON = f"shared sample data not found at {SHARED} (set OSINT_DESK_SHARED)"
