"""``python -m desk_app`` does the same as the ``pointti-desk`` console script."""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
