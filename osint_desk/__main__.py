"""Allow ``python -m osint_desk``."""

from osint_desk.cli import main

raise SystemExit(main())
