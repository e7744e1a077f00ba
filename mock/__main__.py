"""`python -m storefeeder_mock` = the storefeeder-mock command."""

import sys

from .cli import main

sys.exit(main())
