"""Today's visits at the bottom of the window: a count, visitors per hour, and a table, newest
first. Delete (the key or the button) removes the selected visit after a confirmation.
Tab leaves the table for the Edit and Delete buttons (the table does not trap Tab); a table
entered by keyboard selects its first row, so the buttons have a visit to act on.

The widget shows what ``refresh`` gives it; the main window reloads it after each save and on F5.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.visit import VisitRecord
from desk_app.i18n import _, ngettext
from desk_app.labels import format_time
from ui.dialogs import ask
from ui.models.visit_table_model import VISIT_ID_ROLE, Column, VisitTableModel
from ui.widgets.keyboard_focus import select_on_keyboard_focus


def visitors_per_hour(records: Sequence[VisitRecord], tz: ZoneInfo) -> dict[int, int]:
    """Visitors (tallies counted in full) per local hour of the day, hours with visits only."""
    counts: Counter[int] = Counter()
    for record in records:
        counts[record.occurred_at.astimezone(tz).hour] += record.visitor_count
    return dict(sorted(counts.items()))


class TodayWidget(QWidget):
    sig_delete_requested = Signal(str)  # visit id, after the user confirmed
    sig_edit_requested = Signal(str)  # visit id to correct in the intake form

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        self.model = VisitTableModel(tz, self)
        self.table = QTableView()
        self.count_label = QLabel()
        self.hours_label = QLabel()
        self.delete_button = QPushButton(_("Delete visit…"))
        self.edit_button = QPushButton(_("Edit visit"))
        self._build_layout()
        self._connect_signals()
        self.refresh([])

    def _build_layout(self) -> None:
        font = self.count_label.font()
        font.setBold(True)
        self.count_label.setFont(font)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # Tab moves between controls, not cells (arrow keys move within the table).
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Short coded columns fit their (translated) labels; topics take what is left.
        for column in (Column.TIME, Column.CHANNEL, Column.VISITOR_TYPE, Column.VISITORS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TOPICS, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(Column.REFERRALS, 220)
        header.resizeSection(Column.OUTCOME, 150)
        self.table.setAccessibleName(_("Today's visits"))
        self.table.setToolTip(
            _("Today's visits: Enter corrects the selected visit, Delete deletes it.")
        )
        self.hours_label.setAccessibleName(_("Visitors per hour"))
        self.delete_button.setToolTip(_("Delete the selected visit (Delete key)"))
        self.delete_button.setEnabled(False)
        self.edit_button.setToolTip(_("Correct the selected visit in the form (Enter)"))
        self.edit_button.setEnabled(False)
        # The count, visitors per hour and the buttons form a toolbar; the main window puts it
        # beside its tab bar (saving a row of height), a standalone widget shows it on top.
        self.toolbar = QWidget()
        top = QHBoxLayout(self.toolbar)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.count_label)
        top.addWidget(self.hours_label, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table, 1)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        """Table, then its buttons in reading order. Set again on show: the main window moves the
        toolbar beside its tab bar, and reparenting reorders Qt's focus chain."""
        QWidget.setTabOrder(self.table, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)

    def showEvent(self, event: QShowEvent) -> None:
        self._set_tab_order()
        super().showEvent(event)

    def detach_toolbar(self) -> QWidget:
        """Take the toolbar out of this widget's layout, for the caller to place it elsewhere."""
        self.layout().removeWidget(self.toolbar)
        return self.toolbar

    def _connect_signals(self) -> None:
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.table.doubleClicked.connect(self._on_edit_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.installEventFilter(self)  # Enter and Delete
        select_on_keyboard_focus(self.table)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            if event.key() == Qt.Key.Key_Delete:
                self.request_delete()
            else:
                self._on_edit_button_clicked()
            return True
        return super().eventFilter(watched, event)

    def selected_visit_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(VISIT_ID_ROLE) if rows else None

    def request_delete(self) -> None:
        """Ask, then emit ``sig_delete_requested`` for the selected visit."""
        visit_id = self.selected_visit_id()
        if visit_id is None:
            return
        record = self.model.record_at(self.table.selectionModel().selectedRows()[0].row())
        when = format_time(record.occurred_at.astimezone(self._tz))
        text = _("Delete the visit recorded at {time}? It is removed from the statistics.").format(
            time=when
        )
        if record.referral_codes:
            # Follow-ups and consented contact details hang on the referrals (deleted in cascade).
            text += " " + _(
                "Its referrals, follow-ups and any contact details are deleted with it."
            )
        if ask.ask_yes_no(self, _("Delete visit?"), text):
            self.sig_delete_requested.emit(visit_id)

    @Slot()
    def _on_delete_button_clicked(self) -> None:
        self.request_delete()

    @Slot()
    def _on_edit_button_clicked(self, *_args: object) -> None:
        visit_id = self.selected_visit_id()
        if visit_id is not None:
            self.sig_edit_requested.emit(visit_id)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_args: object) -> None:
        selected = self.selected_visit_id() is not None
        self.delete_button.setEnabled(selected)
        self.edit_button.setEnabled(selected)

    def set_topic_labels(self, labels: Mapping[str, str]) -> None:
        self.model.set_topic_labels(labels)

    def set_service_names(self, names: Mapping[str, str]) -> None:
        self.model.set_service_names(names)

    def refresh(self, records: Sequence[VisitRecord]) -> None:
        newest_first = sorted(records, key=lambda r: r.occurred_at, reverse=True)
        self.model.set_records(newest_first)
        visits = len(newest_first)
        self.count_label.setText(
            ngettext("Today: {n} visit", "Today: {n} visits", visits).format(n=visits)
        )
        per_hour = visitors_per_hour(newest_first, self._tz)
        self.hours_label.setText(
            "  ·  ".join(
                _("{hour}–{next}: {n}").format(hour=f"{h:02d}", next=f"{h + 1:02d}", n=n)
                for h, n in per_hour.items()
            )
        )
        self.delete_button.setEnabled(self.selected_visit_id() is not None)
        self.edit_button.setEnabled(self.selected_visit_id() is not None)

    def height_for_rows(self, rows: int) -> int:
        """Height that shows the title, the table header and ``rows`` visits."""
        margins = self.layout().contentsMargins()
        chrome = margins.top() + margins.bottom()
        if self.layout().indexOf(self.toolbar) >= 0:
            chrome += self.layout().spacing() + self.toolbar.sizeHint().height()
        return (
            chrome
            + self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )

    def row_count(self) -> int:
        return self.model.rowCount()
