"""Pointti Desk core: the Qt-free part of the app (domain, use cases, database, handouts, CLI).

Importing any module of this package must never load PySide6; the UI lives in the ``ui`` package.
"""

__version__ = "0.1.0"
APP_NAME = "pointti-desk"
