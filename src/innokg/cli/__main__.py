"""``python -m innokg.cli``: the same as the ``innokg`` command."""

import sys

from innokg.cli import main

sys.exit(main())
