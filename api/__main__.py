"""``python -m api``: the command line tool (see ``api.tools.cli``)."""

import sys

from .tools.cli import main

sys.exit(main())
