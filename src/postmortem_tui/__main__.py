"""`python -m postmortem_tui` runs the `postmortem` command."""

import sys

from .cli.main import main

sys.exit(main())
