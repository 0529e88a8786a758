"""The main window: composes the four screens, wires their signals and owns the keyboard map.

Intake, finder and card sit side by side in a horizontal splitter with Today below them. The
screens never see the services: this window asks ``DeskService`` for data and hands DTOs to the
screens, records visits when the intake asks, and shows results in the status bar. The calls
here are short single-row reads and writes, fast enough for the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import _, ngettext, ui_language
from desk_app.services.desk import DeskService
from ui.card.service_card_widget import ServiceCardWidget
from ui.finder.finder_widget import FinderWidget
from ui.intake.intake_widget import IntakeWidget
from ui.labels import format_time
from ui.today.today_widget import TodayWidget

log = logging.getLogger(__name__)

STATUS_TIMEOUT_MS = 8000
DEFAULT_SIZE = (1280, 800)
COLUMN_SHARES = (38, 30, 32)
"""Intake, finder and card widths in per cent: the intake needs the most, for its topic chips."""
TODAY_ROWS = 4
"""Visits the Today table shows without scrolling, by default and at its smallest."""
# Bump when the default layout changes, so a saved splitter state of the old layout is ignored.
_VIEW_STATE_VERSION = "2"


class MainWindow(QMainWindow):
    def __init__(
        self, desk: DeskService, log_file: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.log_file = log_file
        self.setWindowTitle(_("Pointti Desk"))
        self.intake = IntakeWidget()
        self.finder = FinderWidget()
        self.card = ServiceCardWidget()
        self.today = TodayWidget(desk.tz)
        self.services_label = QLabel()
        self._columns = QSplitter(Qt.Orientation.Horizontal)
        self._rows = QSplitter(Qt.Orientation.Vertical)
        self._build_layout()
        self._build_actions()
        self._connect_signals()
        self.resize(*DEFAULT_SIZE)
        self.refresh()

    def _build_layout(self) -> None:
        for widget in (self.intake, self.finder, self.card):
            self._columns.addWidget(widget)
        self._columns.setChildrenCollapsible(False)
        for index, share in enumerate(COLUMN_SHARES):
            self._columns.setStretchFactor(index, share)
        # The splitter scales these to the window's width when it is first shown.
        self._columns.setSizes([share * DEFAULT_SIZE[0] // 100 for share in COLUMN_SHARES])
        self._rows.addWidget(self._columns)
        self._rows.addWidget(self.today)
        self._rows.setChildrenCollapsible(False)
        self._rows.setStretchFactor(0, 1)
        self._rows.setStretchFactor(1, 0)
        today_height = self.today.height_for_rows(TODAY_ROWS)
        self._rows.setSizes([DEFAULT_SIZE[1] - today_height, today_height])
        self.finder.setMinimumWidth(220)
        self.card.setMinimumWidth(260)
        self.today.setMinimumHeight(today_height)
        self.setCentralWidget(self._rows)
        self.statusBar().addPermanentWidget(self.services_label)

    def _build_actions(self) -> None:
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.save_action = QAction(_("&Save visit"), self)
        self.save_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.find_action = QAction(_("&Find a service"), self)
        self.find_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        file_menu = self.menuBar().addMenu(_("&File"))
        file_menu.addAction(self.quit_action)
        visit_menu = self.menuBar().addMenu(_("&Visit"))
        visit_menu.addAction(self.save_action)
        visit_menu.addAction(self.find_action)
        view_menu = self.menuBar().addMenu(_("Vie&w"))
        view_menu.addAction(self.refresh_action)

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        self.save_action.triggered.connect(self.intake.request_save)
        self.find_action.triggered.connect(self.finder.focus_search)
        self.refresh_action.triggered.connect(self._on_refresh_action_triggered)
        self.intake.sig_save_requested.connect(self._on_intake_save_requested)
        self.finder.sig_service_selected.connect(self._on_finder_service_selected)
        self.finder.sig_refer_requested.connect(self._on_finder_refer_requested)
        self.card.sig_refer_requested.connect(self._on_card_refer_requested)

    # --- data -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the catalogue views and today's visits from the services."""
        topics = self.desk.topics()
        lang = ui_language()
        self.intake.set_topics(topics)
        self.today.set_topic_labels({t.code: t.label.text(lang) for t in topics})
        # Ended services too: today's visits may have been referred to them earlier.
        self.today.set_service_names({s.code: s.name.text(lang) for s in self.desk.services()})
        services = self.desk.active_services()
        self.finder.set_services(services)
        count = len(services)
        self.services_label.setText(ngettext("{n} service", "{n} services", count).format(n=count))
        self.refresh_today()

    def refresh_today(self) -> None:
        self.today.refresh(self.desk.visits_today())

    def _refer(self, code: str) -> None:
        service = self.finder.find_service(code)
        name = service.name.text(ui_language()) if service is not None else code
        if self.intake.add_referral(code, name):
            message = _("Added to the visit: {name}").format(name=name)
        else:
            message = _("Already in the visit: {name}").format(name=name)
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)

    # --- window state -----------------------------------------------------------------------

    def save_view_state(self, settings: QSettings) -> None:
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/view_state_version", _VIEW_STATE_VERSION)
        settings.setValue("main_window/columns", self._columns.saveState())
        settings.setValue("main_window/rows", self._rows.saveState())

    def restore_view_state(self, settings: QSettings) -> None:
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if settings.value("main_window/view_state_version") != _VIEW_STATE_VERSION:
            return
        for key, splitter in (("columns", self._columns), ("rows", self._rows)):
            state = settings.value("main_window/" + key)
            if state is not None:
                splitter.restoreState(state)

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_quit_action_triggered(self) -> None:
        self.close()

    @Slot()
    def _on_refresh_action_triggered(self) -> None:
        self.refresh()
        self.statusBar().showMessage(_("Refreshed."), STATUS_TIMEOUT_MS)

    @Slot(object)
    def _on_intake_save_requested(self, draft: VisitDraft) -> None:
        try:
            recorded = self.desk.record_visit(draft)
        except DeskError as exc:
            field = exc.field if isinstance(exc, ValidationError) else None
            log.info("visit not saved: %s (field %s)", type(exc).__name__, field)
            self.intake.show_error(str(exc), field)
            return
        self.intake.reset_after_save()
        self.finder.clear_search()
        local = recorded.occurred_at.astimezone(self.desk.tz)
        self.statusBar().showMessage(
            _("Visit saved at {time}.").format(time=format_time(local)), STATUS_TIMEOUT_MS
        )
        self.refresh_today()

    @Slot(str)
    def _on_finder_service_selected(self, code: str) -> None:
        try:
            detail = self.desk.service(code)
        except DeskError as exc:
            self.card.clear()
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)
            return
        self.card.show_service(detail)

    @Slot(str)
    def _on_finder_refer_requested(self, code: str) -> None:
        self._refer(code)

    @Slot(str)
    def _on_card_refer_requested(self, code: str) -> None:
        self._refer(code)
