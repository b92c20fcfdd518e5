"""``python -m plangen``."""

import sys

from plangen.cli import main

sys.exit(main())
