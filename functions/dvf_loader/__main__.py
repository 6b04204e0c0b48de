"""``python -m functions.dvf_loader``: see :mod:`functions.dvf_loader.main`."""

import sys

from functions.dvf_loader.main import main

sys.exit(main())
