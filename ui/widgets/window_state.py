"""A window's size and its splitters, kept in QSettings between runs (the main window and the
Catalogue window share this).

``version``: a window whose default layout changed bumps it, so splitter states saved for the
old layout are ignored (the geometry is still restored).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSplitter, QWidget


def save_window_state(
    settings: QSettings,
    group: str,
    window: QWidget,
    splitters: Mapping[str, QSplitter],
    version: str | None = None,
) -> None:
    settings.setValue(f"{group}/geometry", window.saveGeometry())
    if version is not None:
        settings.setValue(f"{group}/view_state_version", version)
    for key, splitter in splitters.items():
        settings.setValue(f"{group}/{key}", splitter.saveState())


def restore_window_state(
    settings: QSettings,
    group: str,
    window: QWidget,
    splitters: Mapping[str, QSplitter],
    version: str | None = None,
) -> None:
    geometry = settings.value(f"{group}/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    if version is not None and settings.value(f"{group}/view_state_version") != version:
        return
    for key, splitter in splitters.items():
        state = settings.value(f"{group}/{key}")
        if state is not None:
            splitter.restoreState(state)
