"""PyInstaller's entry script for the frozen app (packaging/osint-desk.spec): the CLI's main."""

from osint_desk.cli import main

raise SystemExit(main())
