"""The main window: composes the four screens, wires their signals and owns the keyboard map.

Intake, finder and card sit side by side in a horizontal splitter; below them two tabs, Today and
Follow-ups. The
screens never see the services: this window asks ``DeskService`` for data and hands DTOs to the
screens, records visits when the intake asks, and shows results in the status bar. The calls
here are short single-row reads and writes, fast enough for the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.followup import FollowUpRequest
from desk_app.domain.search import FinderFilters
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import _, ngettext, ui_language
from desk_app.labels import format_date, format_time
from desk_app.services.desk import DeskService
from desk_app.services.dto import RecordedVisit
from ui import shortcuts
from ui.admin.catalogue_tools import CatalogueLauncher, CatalogueTools
from ui.card.service_card_widget import ServiceCardWidget
from ui.dialogs import ask, follow_up_dialog, shortcuts_dialog
from ui.finder.finder_widget import FinderWidget
from ui.followups.follow_ups_widget import FollowUpsWidget
from ui.handouts import preview_dialog
from ui.intake.intake_widget import IntakeContents, IntakeWidget
from ui.stats.launcher import StatsLauncher, StatsTools
from ui.today.today_widget import TodayWidget
from ui.widgets.form_scroll_area import FormScrollArea
from ui.widgets.undo_notice_widget import UndoNoticeWidget
from ui.widgets.window_state import restore_window_state, save_window_state

log = logging.getLogger(__name__)

STATUS_TIMEOUT_MS = 8000
DEFAULT_SIZE = (1280, 800)
_FOCUS_STYLE = (
    "QAbstractItemView:focus, QTextBrowser:focus { border: 2px solid palette(highlight); }"
)
COLUMN_SHARES = (38, 30, 32)
"""Intake, finder and card widths in per cent: the intake needs the most, for its topic chips."""
LATE_ENTRY = dt.timedelta(minutes=5)
"""A visit recorded this long after it happened is a late entry: the notice names both times."""
TODAY_ROWS = 4
TODAY_MIN_ROWS = 2
"""Visits the Today table shows without scrolling, by default and at its smallest."""
# Bump when the default layout changes, so a saved splitter state of the old layout is ignored.
_VIEW_STATE_VERSION = "3"


class MainWindow(QMainWindow):
    def __init__(
        self,
        desk: DeskService,
        log_file: Path | None = None,
        parent: QWidget | None = None,
        catalogue: CatalogueTools | None = None,
        statistics: StatsTools | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.log_file = log_file
        self.catalogue = CatalogueLauncher(catalogue, self) if catalogue else None
        self.statistics = StatsLauncher(statistics, self) if statistics else None
        self.setWindowTitle(_("Pointti Desk"))
        self.intake = IntakeWidget(desk.tz, desk.now)
        self.saved_notice = UndoNoticeWidget()
        self.finder = FinderWidget()
        self.card = ServiceCardWidget(clock=desk.local_now)
        self.today = TodayWidget(desk.tz)
        self.followups = FollowUpsWidget()
        self.bottom_tabs = QTabWidget()
        self._pending_follow_ups: dict[str, FollowUpRequest] = {}
        self._saved_follow_ups: dict[str, FollowUpRequest] = {}  # of the last save, for Undo
        self._editing_visit: str | None = None  # a visit from Today being corrected in the form
        # What the form held when a correction began; it comes back when the correction ends.
        self._set_aside: tuple[IntakeContents, dict[str, FollowUpRequest]] | None = None
        self._show_closed_follow_ups = False
        self._last_save: tuple[RecordedVisit, VisitDraft] | None = None  # for Ctrl+P
        self.handout_preview: preview_dialog.HandoutPreviewDialog | None = None
        self.services_label = QLabel()
        self._intake_scroll = FormScrollArea()
        self._columns = QSplitter(Qt.Orientation.Horizontal)
        self._rows = QSplitter(Qt.Orientation.Vertical)
        self._build_layout()
        self._build_actions()
        self._connect_signals()
        # Where the keyboard is must always show: lists and the card get a clear focus frame.
        self.setStyleSheet(_FOCUS_STYLE)
        self.resize(*self._first_size())
        # Today gets four rows, or two on a small screen (150 % scaling): the form needs the room.
        today = self._today_height if self.height() >= DEFAULT_SIZE[1] else 0
        self._rows.setSizes([self.height() - today, today])  # 0: its least height
        self.refresh()
        self.intake.apply_sticky(self.desk.sticky_defaults())
        self.intake.focus_topics()  # number keys choose topics from the first key press

    def _first_size(self) -> tuple[int, int]:
        """The default size, or the screen's free area when that is smaller."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is None:
            return width, height
        free = screen.availableGeometry()
        return min(width, free.width()), min(height, free.height())

    def _build_layout(self) -> None:
        # The intake scrolls as a whole only when the window is shorter than the form at its
        # smallest (a 1366x768 screen at 150 % scaling): the window never outgrows the screen.
        self._intake_scroll.setWidget(self.intake)
        intake_column = QWidget()
        column = QVBoxLayout(intake_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._intake_scroll, 1)
        column.addWidget(self.intake.footer)
        for widget in (intake_column, self.finder, self.card):
            self._columns.addWidget(widget)
        self._columns.setChildrenCollapsible(False)
        for index, share in enumerate(COLUMN_SHARES):
            self._columns.setStretchFactor(index, share)
        # The splitter scales these to the window's width when it is first shown.
        self._columns.setSizes([share * DEFAULT_SIZE[0] // 100 for share in COLUMN_SHARES])
        self._rows.addWidget(self._columns)
        self.bottom_tabs.addTab(self.today, _("Today"))
        self.bottom_tabs.addTab(self.followups, _("Follow-ups"))
        # Each tab's toolbar sits beside the tab bar (only the current tab's is shown).
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 6, 0)
        corner_layout.addWidget(self.today.detach_toolbar())
        corner_layout.addWidget(self.followups.detach_toolbar())
        self.followups.toolbar.setVisible(False)
        self.bottom_tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.bottom_tabs.setDocumentMode(True)
        self._rows.addWidget(self.bottom_tabs)
        self._rows.setChildrenCollapsible(False)
        self._rows.setStretchFactor(0, 1)
        self._rows.setStretchFactor(1, 0)
        tabs = self.bottom_tabs.tabBar().sizeHint().height()
        self._today_height = self.today.height_for_rows(TODAY_ROWS) + tabs
        self.finder.setMinimumWidth(220)
        self.card.setMinimumWidth(260)
        # At its smallest the pane still shows two visits, and the follow-ups' reason field and
        # status buttons at full height.
        self.bottom_tabs.setMinimumHeight(
            max(
                self.today.height_for_rows(TODAY_MIN_ROWS),
                self.followups.minimumSizeHint().height(),
            )
            + tabs
        )
        self.setCentralWidget(self._rows)
        self.statusBar().addPermanentWidget(self.saved_notice)
        self.statusBar().addPermanentWidget(self.services_label)

    def _build_actions(self) -> None:
        # Keys come from the one table in ui/shortcuts.py, which Help → Keyboard shortcuts lists.
        self.quit_action = shortcuts.bind(QAction(_("&Quit"), self), "quit")
        self.save_action = shortcuts.bind(QAction(_("&Save visit"), self), "save_visit")
        self.print_action = shortcuts.bind(
            QAction(_("Pr&int referral sheet…"), self), "print_referral_sheet"
        )
        self.find_action = shortcuts.bind(QAction(_("&Find a service"), self), "find_service")
        self.repeat_action = shortcuts.bind(QAction(_("&Repeat last visit"), self), "repeat_last")
        self.refresh_action = shortcuts.bind(QAction(_("&Refresh"), self), "refresh")
        self.today_action = shortcuts.bind(QAction(_("&Today's visits"), self), "show_today")
        self.cancel_correction_action = shortcuts.bind(
            QAction(_("Cancel the correction"), self), "cancel_correction"
        )
        self.cancel_correction_action.setEnabled(False)
        self.follow_ups_action = shortcuts.bind(QAction(_("&Follow-ups"), self), "show_follow_ups")
        self.shortcuts_action = shortcuts.bind(
            QAction(_("&Keyboard shortcuts"), self), "help_shortcuts"
        )
        file_menu = self.menuBar().addMenu(_("&File"))
        if self.catalogue is not None:
            self.catalogue.install(file_menu, self.refresh)
        file_menu.addAction(self.quit_action)
        visit_menu = self.menuBar().addMenu(_("&Visit"))
        visit_menu.addAction(self.save_action)
        visit_menu.addAction(self.print_action)
        visit_menu.addAction(self.repeat_action)
        visit_menu.addAction(self.saved_notice.undo_action)
        visit_menu.addAction(self.cancel_correction_action)
        visit_menu.addAction(self.find_action)
        view_menu = self.menuBar().addMenu(_("Vie&w"))
        view_menu.addAction(self.refresh_action)
        view_menu.addAction(self.today_action)
        view_menu.addAction(self.follow_ups_action)
        if self.statistics is not None:
            self.statistics.install(view_menu)
        help_menu = self.menuBar().addMenu(_("&Help"))
        help_menu.addAction(self.shortcuts_action)

    def _connect_signals(self) -> None:
        self.quit_action.triggered.connect(self._on_quit_action_triggered)
        self.save_action.triggered.connect(self.intake.request_save)
        self.print_action.triggered.connect(self._on_print_action_triggered)
        self.find_action.triggered.connect(self.finder.focus_search)
        self.refresh_action.triggered.connect(self._on_refresh_action_triggered)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        self.intake.sig_save_requested.connect(self._on_intake_save_requested)
        self.repeat_action.triggered.connect(self._on_repeat_action_triggered)
        self.saved_notice.sig_undo_requested.connect(self._on_saved_notice_undo_requested)
        self.finder.sig_service_selected.connect(self._on_finder_service_selected)
        self.finder.sig_refer_requested.connect(self._on_finder_refer_requested)
        self.card.sig_refer_requested.connect(self._on_card_refer_requested)
        self.intake.sig_topics_changed.connect(self.finder.set_intake_topics)
        self.finder.sig_open_now_requested.connect(self._on_finder_open_now_requested)
        self.finder.proxy.modelReset.connect(self._update_services_label)
        self.today.sig_delete_requested.connect(self._on_today_delete_requested)
        self.today.sig_edit_requested.connect(self._on_today_edit_requested)
        self.intake.sig_follow_up_requested.connect(self._on_intake_follow_up_requested)
        self.intake.sig_cancel_correction_requested.connect(self._end_correction)
        self.cancel_correction_action.triggered.connect(self._end_correction)
        self.followups.sig_status_requested.connect(self._on_followups_status_requested)
        self.followups.sig_contact_requested.connect(self._on_followups_contact_requested)
        self.followups.sig_show_closed_changed.connect(self._on_followups_show_closed_changed)
        self.bottom_tabs.currentChanged.connect(self._on_bottom_tabs_current_changed)
        self.today_action.triggered.connect(self._on_today_action_triggered)
        self.follow_ups_action.triggered.connect(self._on_follow_ups_action_triggered)

    # --- data -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the catalogue views and today's visits from the services."""
        topics = self.desk.topics(include_retired=True)  # the intake shows only those in use
        lang = ui_language()
        self.intake.set_topics(topics)
        self.intake.set_programmes(self.desk.programmes())
        self.today.set_topic_labels({t.code: t.label.text(lang) for t in topics})
        # Ended services too: today's visits may have been referred to them earlier.
        services = self.desk.services()
        self.today.set_service_names({s.code: s.name.text(lang) for s in services})
        today = self.desk.today()
        labels = {t.code: t.label for t in topics}
        self.finder.set_services(services, labels, today, self.desk.open_now())
        self._update_services_label()
        self.refresh_today()

    @Slot()
    def _update_services_label(self) -> None:
        """ "21 services", or "5 of 21 services" while a search or a filter narrows the list."""
        filters = self.finder.filters()
        model = self.finder.model
        count = model.rowCount() if filters.show_ended else model.current_count()
        shown = self.finder.visible_count()
        everything = FinderFilters(show_ended=filters.show_ended)
        if self.finder.proxy.query_words() or filters != everything:
            text = ngettext("{shown} of {n} service", "{shown} of {n} services", count)
        else:
            text = ngettext("{n} service", "{n} services", count)
        self.services_label.setText(text.format(n=count, shown=shown))

    def refresh_today(self) -> None:
        self.today.refresh(self.desk.visits_today())
        self.refresh_follow_ups()

    def refresh_follow_ups(self) -> None:
        items = self.desk.follow_ups(include_closed=self._show_closed_follow_ups)
        self.followups.set_items(items, self.desk.today())
        open_count = sum(1 for item in items if item.is_open)
        self.bottom_tabs.setTabText(
            1, _("Follow-ups ({n})").format(n=open_count) if open_count else _("Follow-ups")
        )

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
        save_window_state(settings, "main_window", self, self._splitters(), _VIEW_STATE_VERSION)

    def restore_view_state(self, settings: QSettings) -> None:
        restore_window_state(settings, "main_window", self, self._splitters(), _VIEW_STATE_VERSION)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"columns": self._columns, "rows": self._rows}

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_quit_action_triggered(self) -> None:
        self.close()

    @Slot()
    def _on_shortcuts_action_triggered(self) -> None:
        shortcuts_dialog.show_shortcuts(self)

    @Slot()
    def _on_refresh_action_triggered(self) -> None:
        self.refresh()
        self.statusBar().showMessage(_("Refreshed."), STATUS_TIMEOUT_MS)

    @Slot(object)
    def _on_intake_save_requested(self, draft: VisitDraft) -> None:
        wanted = [
            request
            for code, request in self._pending_follow_ups.items()
            if code in draft.referral_codes
        ]
        try:
            if self._editing_visit is not None:
                recorded = self.desk.update_visit(self._editing_visit, draft, follow_ups=wanted)
            else:
                recorded = self.desk.record_visit(draft, follow_ups=wanted)
        except DeskError as exc:
            field = exc.field if isinstance(exc, ValidationError) else None
            log.info("visit not saved: %s (field %s)", type(exc).__name__, field)
            self.intake.show_error(str(exc), field)
            return
        corrected = self._editing_visit is not None
        self._last_save = (recorded, draft)
        self._saved_follow_ups = dict(self._pending_follow_ups)  # for an undo
        self._pending_follow_ups.clear()
        if corrected:
            self._end_correction()
        else:
            self.desk.save_sticky_defaults(self.intake.sticky_values())
            self.intake.reset_after_save()
        self.finder.clear_search()
        self.card.clear()  # the next visitor starts from the list, not the last service
        local = recorded.occurred_at.astimezone(self.desk.tz)
        self.statusBar().clearMessage()  # an older message ("Added to the visit") is out of date
        if corrected:
            self.statusBar().showMessage(
                _("The visit of {time} was corrected.").format(time=format_time(local)),
                STATUS_TIMEOUT_MS,
            )
        else:
            self.saved_notice.show_notice(self._saved_text(recorded.occurred_at), recorded.id)
        self.refresh_today()
        self.intake.focus_topics()

    def _saved_text(self, occurred_at: dt.datetime) -> str:
        """ "Visit saved at 10:42.", or for a late entry "Visit of 09:15 saved at 10:42."."""
        now = self.desk.now()
        saved = format_time(now.astimezone(self.desk.tz))
        if abs(now - occurred_at) < LATE_ENTRY:
            return _("Visit saved at {time}.").format(time=saved)
        return _("Visit of {visit_time} saved at {time}.").format(
            visit_time=format_time(occurred_at.astimezone(self.desk.tz)), time=saved
        )

    @Slot()
    def _on_print_action_triggered(self) -> None:
        """Ctrl+P: save the visit as Ctrl+Enter does, then preview its referral sheet.

        Without referred services there is nothing to print, and nothing is saved either: the
        desk most likely forgot to add the service. A failed save leaves the form as it was,
        with the error shown, and opens nothing.
        """
        if not self.intake.referral_codes():
            self.statusBar().showMessage(
                _("This visit has no referred services, so there is no referral sheet to print."),
                STATUS_TIMEOUT_MS,
            )
            return
        self._last_save = None
        self.intake.request_save()  # the form answers through _on_intake_save_requested
        if self._last_save is None:
            return
        recorded, draft = self._last_save
        self.handout_preview = preview_dialog.open_preview(
            self, self.desk, recorded.id, draft.referral_codes, draft.language
        )

    @Slot()
    def _on_repeat_action_triggered(self) -> None:
        if self.intake.has_input() and not ask.ask_yes_no(
            self,
            _("Repeat last visit"),
            _("Replace what is in the form with the last visit?"),
        ):
            return
        if self.intake.repeat_last():
            self._say_repeated()
            return
        # Nothing saved since start-up: repeat this desk's latest visit of today, if any.
        desk_name = self.desk.settings.desk_name
        own = [v for v in self.desk.visits_today() if v.desk == desk_name and not v.is_demo]
        if not own:
            self.statusBar().showMessage(_("No visit to repeat yet."), STATUS_TIMEOUT_MS)
            return
        latest = max(own, key=lambda v: v.recorded_at)
        try:
            draft = self.desk.visit_draft(latest.id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)
            return
        names: dict[str, str] = {}
        for code in draft.referral_codes:
            service = self.finder.find_service(code)
            names[code] = service.name.text(ui_language()) if service is not None else code
        self.intake.repeat_draft(draft, names)
        self._say_repeated()

    def _say_repeated(self) -> None:
        self.statusBar().showMessage(
            _("The last visit is in the form again: check it and press Ctrl+Enter."),
            STATUS_TIMEOUT_MS,
        )

    @Slot(str)
    def _on_saved_notice_undo_requested(self, visit_id: str) -> None:
        try:
            self.desk.delete_visit(visit_id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)
            return
        self.intake.restore_last_saved()
        self._restore_follow_ups(self._saved_follow_ups)
        self.saved_notice.clear()
        self.statusBar().showMessage(
            _("The visit was removed; its details are back in the form."), STATUS_TIMEOUT_MS
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

    @Slot()
    def _on_finder_open_now_requested(self) -> None:
        self.finder.set_open_now(self.desk.open_now())

    @Slot(str)
    def _on_finder_refer_requested(self, code: str) -> None:
        self._refer(code)

    @Slot(str)
    def _on_card_refer_requested(self, code: str) -> None:
        self._refer(code)

    # --- Today, follow-ups --------------------------------------------------------------------

    @Slot(str)
    def _on_today_delete_requested(self, visit_id: str) -> None:
        try:
            self.desk.delete_visit(visit_id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)
        else:
            if visit_id == self._editing_visit:
                self._end_correction()  # nothing left to correct; the set-aside form returns
            self.statusBar().showMessage(_("The visit was deleted."), STATUS_TIMEOUT_MS)
        self.refresh_today()

    @Slot(str)
    def _on_today_edit_requested(self, visit_id: str) -> None:
        try:
            draft = self.desk.visit_draft(visit_id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)
            return
        names = {}
        for code in draft.referral_codes:
            service = self.finder.find_service(code)
            names[code] = service.name.text(ui_language()) if service is not None else code
        if self._set_aside is None:  # keep the visit being entered; a correction replaces one
            self._set_aside = (self.intake.contents(), dict(self._pending_follow_ups))
        # Undo belongs to the form's last save; while correcting another visit it could only
        # confuse the two, so the offer ends here.
        self.saved_notice.take()
        self.intake.load_draft(draft, names)
        self._editing_visit = visit_id
        self._pending_follow_ups.clear()
        assert draft.occurred_at is not None
        self.intake.set_correcting(
            _("Correcting the visit of {time}").format(
                time=format_time(draft.occurred_at.astimezone(self.desk.tz))
            )
        )
        self.cancel_correction_action.setEnabled(True)
        self.intake.focus_topics()

    @Slot()
    def _end_correction(self) -> None:
        """Leave correction mode (saved or cancelled): the form set aside comes back."""
        if self._editing_visit is None:
            return
        self._editing_visit = None
        self.intake.set_correcting(None)
        self.cancel_correction_action.setEnabled(False)
        self.intake.clear_error()
        if self._set_aside is not None:
            contents, follow_ups = self._set_aside
            self._set_aside = None
            self.intake.load_contents(contents)
            self._restore_follow_ups(follow_ups)
        self.intake.focus_topics()

    @Slot(str, str)
    def _on_intake_follow_up_requested(self, code: str, name: str) -> None:
        today = self.desk.today()
        request = follow_up_dialog.ask_follow_up(
            self,
            code,
            name,
            today,
            self.desk.default_follow_up_due(),
            self.desk.default_contact_expiry(),
        )
        if request is None:
            return
        self._pending_follow_ups[code] = request
        self.intake.mark_follow_up(code, self._follow_up_text(request))

    def _restore_follow_ups(self, follow_ups: dict[str, FollowUpRequest]) -> None:
        """Put back the follow-ups asked for on the visit now in the form again."""
        self._pending_follow_ups = dict(follow_ups)
        for code, request in follow_ups.items():
            self.intake.mark_follow_up(code, self._follow_up_text(request))

    @staticmethod
    def _follow_up_text(request: FollowUpRequest) -> str:
        text = _("follow-up by {date}").format(date=format_date(request.due))
        if request.contact is not None:
            text += " " + _("(contact agreed)")
        return text

    @Slot(str, object, str, bool)
    def _on_followups_status_requested(
        self, referral_id: str, status: ReferralStatus, reason: str, delete_contact: bool
    ) -> None:
        try:
            deleted = self.desk.set_follow_up_status(referral_id, status, reason, delete_contact)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)
            return
        message = _("Follow-up updated.")
        if deleted:
            message += " " + _("The contact details were deleted.")
        self.statusBar().showMessage(message, STATUS_TIMEOUT_MS)
        self.refresh_follow_ups()

    @Slot(str)
    def _on_followups_contact_requested(self, referral_id: str) -> None:
        try:
            self.followups.show_contact(self.desk.follow_up_contact(referral_id))
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), STATUS_TIMEOUT_MS)

    @Slot()
    def _on_today_action_triggered(self) -> None:
        self.bottom_tabs.setCurrentWidget(self.today)
        self.today.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.today.row_count() and self.today.selected_visit_id() is None:
            self.today.table.selectRow(0)

    @Slot()
    def _on_follow_ups_action_triggered(self) -> None:
        self.bottom_tabs.setCurrentWidget(self.followups)
        self.followups.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.followups.model.rowCount() and self.followups.current_item() is None:
            self.followups.table.selectRow(0)

    @Slot(int)
    def _on_bottom_tabs_current_changed(self, index: int) -> None:
        current = self.bottom_tabs.widget(index)
        self.today.toolbar.setVisible(current is self.today)
        self.followups.toolbar.setVisible(current is self.followups)

    @Slot(bool)
    def _on_followups_show_closed_changed(self, checked: bool) -> None:
        self._show_closed_follow_ups = checked
        self.refresh_follow_ups()
