"""`python -m storefeeder` is the `storefeeder` command."""

import sys

from .cli import main

sys.exit(main())
