"""`python -m uuut_stack` is `uuutorrent`."""

import sys

from uuut_stack.cli import main

sys.exit(main())
