"""python -m newswatch.cli ..."""

import sys

from newswatch.cli import main

sys.exit(main())
