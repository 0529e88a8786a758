"""Entry script of the PyInstaller bundle: the same as the ``pointti-desk`` console script.

PyInstaller needs a script file rather than an entry point, so this calls ``desk_app.cli:main``.
Without a subcommand that starts the GUI (``ui.app``, a hidden import in build.spec).
"""

import sys

from desk_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
