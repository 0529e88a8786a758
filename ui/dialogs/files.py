"""Where to save or open a file: the system's file dialogs, starting in Documents.

Screens call these through their own module's name (``from ui.dialogs.files import
ask_save_path``), so a test replaces the dialog on the screen it drives.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def start_folder() -> str:
    """Documents, else the home folder: never a folder that does not exist."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    """Where to save ``suggested`` (a file name); None when cancelled."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path(start_folder()) / suggested), file_filter
    )
    return Path(path) if path else None


def ask_open_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, title, start_folder(), file_filter)
    return Path(path) if path else None
