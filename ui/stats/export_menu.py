"""The Statistics window's Export button: an Excel workbook of every table, the PDF report, or
one chart's table as CSV, of the period and filters shown.

Exports suppress small counts (``StatisticsExports``); the file is written on the window's worker
thread and the message line says where it went or why it did not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from desk_app.domain.errors import DeskError
from desk_app.domain.stats import Grouping, Period, StatsFilter
from desk_app.i18n import _
from desk_app.services.stats_exports import ExportFormat, StatisticsExports, Written
from ui.dialogs.files import ask_save_path
from ui.widgets.background_job import BackgroundJobs

FILE_FILTERS = {
    ExportFormat.CSV: "CSV (*.csv)",
    ExportFormat.XLSX: "Excel (*.xlsx)",
    ExportFormat.PDF: "PDF (*.pdf)",
}


class ExportButton(QPushButton):
    sig_message = Signal(str)  # what happened, for the window's message line

    def __init__(
        self,
        exports: StatisticsExports,
        jobs: BackgroundJobs,
        request: Callable[[], tuple[Period, StatsFilter]],
        tables: list[tuple[Grouping, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("E&xport"), parent)
        self._exports = exports
        self._jobs = jobs
        self._request = request
        menu = QMenu(self)
        self.workbook_action = menu.addAction(_("&Workbook of every table (Excel)…"))
        self.report_action = menu.addAction(_("&PDF report…"))
        csv_menu = menu.addMenu(_("&One table as CSV"))
        self.csv_actions: dict[Grouping, QAction] = {}
        for grouping, title in tables:
            action = csv_menu.addAction(title + "…")
            action.triggered.connect(lambda _c=False, g=grouping: self.export(ExportFormat.CSV, g))
            self.csv_actions[grouping] = action
        self.workbook_action.triggered.connect(lambda: self.export(ExportFormat.XLSX))
        self.report_action.triggered.connect(lambda: self.export(ExportFormat.PDF))
        self.setMenu(menu)

    @Slot()
    def export(self, fmt: ExportFormat, grouping: Grouping | None = None) -> None:
        period, filters = self._request()
        suggested = self._exports.suggested_name(period, filters, fmt, grouping or Grouping.MONTH)
        path = ask_save_path(self, _("Export the statistics"), suggested, FILE_FILTERS[fmt])
        if path is None:
            return
        if path.suffix.lower() != f".{fmt.value}":
            path = path.with_name(path.name + f".{fmt.value}")
        self.sig_message.emit(_("Writing {name}…").format(name=path.name))
        self._jobs.start(
            lambda: self._exports.write(path, fmt, period, filters, grouping),
            self._on_written,
            lambda error: self._on_failed(path, error),
        )

    def _on_written(self, written: Written) -> None:
        self.sig_message.emit(_("Saved {path} (small counts hidden).").format(path=written.path))

    def _on_failed(self, path: Path, error: Exception) -> None:
        reason = str(error) if isinstance(error, DeskError) else type(error).__name__
        self.sig_message.emit(
            _("{name} was not saved: {reason}").format(name=path.name, reason=reason)
        )
