"""The admin audit viewer: who did what to personal data and in the admin, and whether the
audit trail is intact.

A table of audit rows (newest first; time in the desk's local time, user, role, workstation,
action, record kind and id, result) for a date range, from ``AuditTrail.entries``, and a
"Verify the chain" button that runs ``AuditTrail.verify`` and says "intact" or names each problem
by row. Both need the admin role; a refusal shows as a message on the page.
"""

from __future__ import annotations

import datetime as dt
from datetime import tzinfo

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.audit_chain import Problem, ProblemKind
from desk_app.domain.errors import DeskError
from desk_app.i18n import N_, _
from desk_app.labels import format_date, format_time
from desk_app.services.audit import AuditReport, AuditTrail
from ui.admin.entry_table import Column, EntryTableModel, make_table
from ui.admin.service_form_helpers import ERROR_COLOUR, set_tab_order

DEFAULT_DAYS = 7

PROBLEM_TEXTS = {
    ProblemKind.EDITED: N_("Row {seq} was changed after it was written."),
    ProblemKind.DELETED: N_("Rows are missing before row {seq}."),
    ProblemKind.REORDERED: N_("Row {seq} is out of order."),
    ProblemKind.TRUNCATED: N_("The newest rows are missing (the trail ended at row {seq})."),
    ProblemKind.ADDED: N_("Rows from row {seq} on were added outside the app."),
}


def problem_text(problem: Problem) -> str:
    if problem.seq == 0:  # an anchor itself is missing
        return _("The audit trail's anchor is missing ({detail}).").format(detail=problem.detail)
    return _(PROBLEM_TEXTS[problem.kind]).format(seq=problem.seq)


def _local(moment: dt.datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{format_date(local.date())} {format_time(local)}"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class AuditPage(QWidget):
    def __init__(self, trail: AuditTrail, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trail = trail
        self.tz = tz
        today = dt.datetime.now(tz).date()
        self.from_edit = QDateEdit(_qdate(today - dt.timedelta(days=DEFAULT_DAYS)))
        self.to_edit = QDateEdit(_qdate(today))
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
        self.refresh_button = QPushButton(_("&Show"))
        self.verify_button = QPushButton(_("&Verify the chain"))
        self.model = EntryTableModel(
            (
                Column(N_("Time"), lambda r: _local(r.at, tz)),
                Column(N_("User"), lambda r: r.username),
                Column(N_("Role"), lambda r: r.role),
                Column(N_("Workstation"), lambda r: r.workstation),
                Column(N_("Action"), lambda r: r.action),
                Column(N_("Record kind"), lambda r: r.record_kind),
                Column(N_("Record"), lambda r: r.record_id or ""),
                Column(N_("Result"), lambda r: r.result),
            ),
            parent=self,
        )
        self.table = make_table(self.model, (4,))
        self.table_label = QLabel(_("Audit &rows:"))
        self.message = QLabel()
        self.verify_result = QLabel()
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _build_layout(self) -> None:
        from_label = QLabel(_("&From:"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(_("&To:"))
        to_label.setBuddy(self.to_edit)
        self.table_label.setBuddy(self.table)
        self.from_edit.setAccessibleName(_("First day shown"))
        self.to_edit.setAccessibleName(_("Last day shown"))
        self.table.setAccessibleName(_("Audit trail rows, newest first"))
        self.verify_result.setAccessibleName(_("Result of the chain verification"))
        self.refresh_button.setToolTip(_("Show the rows of these days (F5)"))
        self.refresh_button.setShortcut(Qt.Key.Key_F5)
        self.verify_button.setToolTip(
            _("Check that no audit row was changed, removed, reordered or cut off")
        )
        for label in (self.message, self.verify_result):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
        top = QHBoxLayout()
        for widget in (from_label, self.from_edit, to_label, self.to_edit, self.refresh_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verify_result)
        layout.addWidget(self.message)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        set_tab_order(
            [self.from_edit, self.to_edit, self.refresh_button, self.verify_button, self.table]
        )

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self._on_refresh_button_clicked)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)

    def _range(self) -> tuple[dt.datetime, dt.datetime]:
        start, end = sorted((_day(self.from_edit.date()), _day(self.to_edit.date())))
        first = dt.datetime.combine(start, dt.time(0), tzinfo=self.tz)
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=self.tz)
        return first.astimezone(dt.UTC), after.astimezone(dt.UTC)

    def refresh(self) -> None:
        start, end = self._range()
        try:
            rows = self.trail.entries(start, end)
        except DeskError as exc:
            self.message.setText(str(exc))
            self.model.set_entries([])
            return
        self.message.clear()
        self.model.set_entries(rows)

    def show_report(self, report: AuditReport) -> None:
        if report.ok:
            text = _("The audit trail is intact: {rows} rows, the chain verifies.").format(
                rows=report.rows
            )
            self.verify_result.setStyleSheet("")
        else:
            lines = [_("The audit trail has been tampered with or damaged:")]
            lines += [f"• {problem_text(p)}" for p in report.problems]
            text = "\n".join(lines)
            self.verify_result.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.verify_result.setText(text)

    @Slot()
    def _on_refresh_button_clicked(self) -> None:
        self.refresh()

    @Slot()
    def _on_verify_button_clicked(self) -> None:
        try:
            report = self.trail.verify()
        except DeskError as exc:
            self.message.setText(str(exc))
            return
        self.show_report(report)
        self.refresh()  # the verification is itself a row
