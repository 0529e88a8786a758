"""The Follow-ups screen: open follow-ups, overdue first; record what came of each one.

Setting a status takes a short reason. A closing status (got the service, did not, unknown) offers
to delete the visitor's contact details at once. Contact details are shown only on request, one
follow-up at a time. The main window does the work through the desk service and calls
``set_items`` / ``show_contact`` back. A closed follow-up's status cannot be set again here.

Tab goes table → reason → status buttons → "Show closed" → contact button; the table does not
trap Tab, and a table entered by keyboard selects its first row so the buttons have a target.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.codes import ReferralStatus
from desk_app.domain.followup import CLOSED_STATUSES, ContactDetails, FollowUp
from desk_app.i18n import N_, _, ngettext
from desk_app.labels import format_date
from ui.dialogs import ask
from ui.models.follow_up_table_model import REFERRAL_ID_ROLE, Column, FollowUpTableModel
from ui.widgets.keyboard_focus import select_on_keyboard_focus

_STATUS_BUTTONS = (
    (ReferralStatus.CONTACTED, N_("Contacted")),
    (ReferralStatus.GOT_SERVICE, N_("Got the service")),
    (ReferralStatus.DID_NOT, N_("Did not get it")),
    (ReferralStatus.UNKNOWN, N_("Unknown")),
)


class FollowUpsWidget(QWidget):
    sig_status_requested = Signal(str, object, str, bool)  # referral id, status, reason, delete
    sig_contact_requested = Signal(str)  # referral id
    sig_show_closed_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FollowUpTableModel(self)
        self.table = QTableView()
        self.summary_label = QLabel()
        self.reason_edit = QLineEdit()
        self.show_closed = QCheckBox(_("Show closed"))
        self.contact_button = QPushButton(_("Show contact details"))
        self.contact_label = QLabel()
        self.status_buttons: dict[ReferralStatus, QPushButton] = {}
        self._build_layout()
        self._connect_signals()
        self._update_buttons()

    def _build_layout(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        # Tab moves between controls, not cells (arrow keys move within the table).
        self.table.setTabKeyNavigation(False)
        self.table.setAccessibleName(_("Follow-ups"))
        self.table.setToolTip(_("Open follow-ups, overdue first: choose one and set its status."))
        self._size_columns()
        self.reason_edit.setPlaceholderText(_("Reason (short, no personal details)"))
        self.reason_edit.setAccessibleName(_("Reason"))
        self.reason_edit.setToolTip(_("A short reason for the status, without personal details"))
        self.show_closed.setToolTip(_("Also list the follow-ups that are closed"))
        self.contact_button.setToolTip(
            _("Show the contact details the visitor agreed to give, for the chosen follow-up")
        )
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact_label.setWordWrap(True)
        buttons = QGridLayout()
        for position, (status, text) in enumerate(_STATUS_BUTTONS):
            button = QPushButton(_(text))
            self.status_buttons[status] = button
            buttons.addWidget(button, position // 2, position % 2)
        actions = QVBoxLayout()
        actions.addWidget(self.reason_edit)
        actions.addLayout(buttons)
        actions.addWidget(self.contact_label)
        actions.addStretch(1)
        # Summary, "show closed" and the contact button form a toolbar, which the main window
        # shows beside its tab bar; a standalone widget shows it on top.
        self.toolbar = QWidget()
        top = QHBoxLayout(self.toolbar)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.show_closed)
        top.addWidget(self.contact_button)
        body = QHBoxLayout()
        body.addWidget(self.table, 5)
        body.addLayout(actions, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addLayout(body, 1)
        self._set_tab_order()

    def _size_columns(self) -> None:
        # Short columns fit their contents but never shrink below a date (an empty table would
        # collapse them to their labels); the reason is elided (full text in the tooltip), so a
        # long one cannot squeeze the service, which takes the rest.
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header.setMinimumSectionSize(metrics.horizontalAdvance("00.00.0000") + 16)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.SERVICE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.NOTE, metrics.averageCharWidth() * 16)
        # The contact button changes its label; keep its width so the toolbar does not jump.
        widths = []
        for text in (_("Hide contact details"), _("Show contact details")):
            self.contact_button.setText(text)
            widths.append(self.contact_button.sizeHint().width())
        self.contact_button.setMinimumWidth(max(widths))

    def _set_tab_order(self) -> None:
        """Table, then the fields and buttons in reading order. Set again on show: the main window
        moves the toolbar beside its tab bar, and reparenting reorders Qt's focus chain."""
        chain = [
            self.table,
            self.reason_edit,
            *(self.status_buttons[status] for status, _text in _STATUS_BUTTONS),
            self.show_closed,
            self.contact_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: QShowEvent) -> None:
        self._set_tab_order()
        super().showEvent(event)

    def detach_toolbar(self) -> QWidget:
        """Take the toolbar out of this widget's layout, for the caller to place it elsewhere."""
        self.layout().removeWidget(self.toolbar)
        return self.toolbar

    def _connect_signals(self) -> None:
        for status, button in self.status_buttons.items():
            button.clicked.connect(lambda _checked=False, s=status: self._request_status(s))
        self.contact_button.clicked.connect(self._on_contact_button_clicked)
        self.show_closed.toggled.connect(self._on_show_closed_toggled)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        select_on_keyboard_focus(self.table)

    # --- public API -------------------------------------------------------------------------

    def set_items(self, items: Sequence[FollowUp], today: dt.date) -> None:
        selected = self.current_referral_id()
        self.model.set_items(items, today)
        open_count = sum(1 for item in items if item.is_open)
        overdue = self.model.overdue_count()
        self.summary_label.setText(
            ngettext("{n} open follow-up", "{n} open follow-ups", open_count).format(n=open_count)
            + (" — " + _("{n} overdue").format(n=overdue) if overdue else "")
        )
        for row in range(self.model.rowCount()):
            if self.model.item_at(row).referral_id == selected:
                self.table.selectRow(row)
                break
        self._hide_contact()
        self._update_buttons()

    def current_referral_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(REFERRAL_ID_ROLE) if index.isValid() else None

    def current_item(self) -> FollowUp | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def show_contact(self, contact: ContactDetails | None) -> None:
        self.contact_button.setText(_("Hide contact details"))
        if contact is None:
            self.contact_label.setText(_("No contact details are stored."))
            return
        parts = [p for p in (contact.name, contact.phone, contact.email) if p]
        self.contact_label.setText(
            _("{details} — for: {purpose} — kept until {date}").format(
                details=", ".join(parts),
                purpose=contact.purpose,
                date=format_date(contact.expires_on),
            )
        )

    # --- behaviour --------------------------------------------------------------------------

    def _request_status(self, status: ReferralStatus) -> None:
        item = self.current_item()
        if item is None:
            return
        delete_contact = False
        if status in CLOSED_STATUSES and item.has_contact:
            delete_contact = ask.ask_yes_no(
                self,
                _("Delete contact details?"),
                _("The follow-up is closed. Delete the visitor's contact details now?"),
                default_yes=True,
            )
        self.sig_status_requested.emit(
            item.referral_id, status, self.reason_edit.text().strip(), delete_contact
        )
        self.reason_edit.clear()

    def contact_shown(self) -> bool:
        return bool(self.contact_label.text())

    def _hide_contact(self) -> None:
        self.contact_label.clear()
        self.contact_button.setText(_("Show contact details"))

    def _update_buttons(self) -> None:
        item = self.current_item()
        settable = item is not None and item.is_open
        self.reason_edit.setEnabled(settable)
        for button in self.status_buttons.values():
            button.setEnabled(settable)
            button.setToolTip(
                _("The follow-up is closed; its status can no longer be changed.")
                if item is not None and not item.is_open
                else _("Set the status of the selected follow-up")
            )
        self.contact_button.setEnabled(item is not None and item.has_contact)

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_contact_button_clicked(self) -> None:
        if self.contact_shown():
            self._hide_contact()
            return
        referral_id = self.current_referral_id()
        if referral_id is not None:
            self.sig_contact_requested.emit(referral_id)

    @Slot(bool)
    def _on_show_closed_toggled(self, checked: bool) -> None:
        self.sig_show_closed_changed.emit(checked)

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._hide_contact()
        self._update_buttons()
