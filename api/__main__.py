"""``python -m api``: the command line tool (see ``api.cli``)."""

import sys

from .cli import main

sys.exit(main())
