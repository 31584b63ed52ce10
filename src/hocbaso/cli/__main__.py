"""``python -m hocbaso.cli``: the same as the ``hocbaso`` command."""

import sys

from hocbaso.cli.main import main

sys.exit(main())
