"""The main window's "Statistics…" command (View menu, Ctrl+3): opens the one Statistics window,
or raises it. ``StatsTools`` carries what the window needs from the started app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from desk_app.i18n import _
from desk_app.services.stats_exports import StatisticsExports
from ui import shortcuts
from ui.stats.stats_window import StatsSource, StatsWindow


@dataclass(frozen=True)
class StatsTools:
    source: StatsSource
    exports: StatisticsExports | None
    today: Callable[[], dt.date]
    timezone: str


class StatsLauncher(QObject):
    def __init__(self, tools: StatsTools, parent: QWidget) -> None:
        super().__init__(parent)
        self._tools = tools
        self._parent = parent
        self.window: StatsWindow | None = None
        self.action = shortcuts.bind(QAction(_("&Statistics…"), parent), "open_statistics")
        self.action.triggered.connect(self.open)

    def install(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addAction(self.action)

    def open(self) -> StatsWindow:
        if self.window is None:
            tools = self._tools
            self.window = StatsWindow(
                tools.source, tools.today, tools.timezone, self._parent, exports=tools.exports
            )
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        return self.window
