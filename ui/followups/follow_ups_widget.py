"""The Follow-ups screen: open follow-ups, overdue first; record what came of each one.

Setting a status takes a short reason. A closing status (got the service, did not, unknown) offers
to delete the visitor's contact details at once. Contact details are shown only on request, one
follow-up at a time. The main window does the work through the desk service and calls
``set_items`` / ``show_contact`` back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
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
from ui.dialogs import ask
from ui.labels import format_date
from ui.models.follow_up_table_model import REFERRAL_ID_ROLE, Column, FollowUpTableModel

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
        self.show_closed = QCheckBox(_("Show &closed"))
        self.contact_button = QPushButton(_("Show &contact details"))
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
        self.table.setAccessibleName(_("Follow-ups"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.SERVICE, QHeaderView.ResizeMode.Stretch)
        self.reason_edit.setPlaceholderText(_("Reason (short, no personal details)"))
        self.reason_edit.setAccessibleName(_("Reason"))
        self.contact_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contact_label.setWordWrap(True)
        buttons = QGridLayout()
        for position, (status, text) in enumerate(_STATUS_BUTTONS):
            button = QPushButton(_(text))
            button.setToolTip(_("Set the status of the selected follow-up"))
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
        body.addWidget(self.table, 3)
        body.addLayout(actions, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.toolbar)
        layout.addLayout(body, 1)

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
        self.contact_label.clear()
        self._update_buttons()

    def current_referral_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(REFERRAL_ID_ROLE) if index.isValid() else None

    def current_item(self) -> FollowUp | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def show_contact(self, contact: ContactDetails | None) -> None:
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

    def _update_buttons(self) -> None:
        item = self.current_item()
        for button in self.status_buttons.values():
            button.setEnabled(item is not None)
        self.contact_button.setEnabled(item is not None and item.has_contact)

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_contact_button_clicked(self) -> None:
        referral_id = self.current_referral_id()
        if referral_id is not None:
            self.sig_contact_requested.emit(referral_id)

    @Slot(bool)
    def _on_show_closed_toggled(self, checked: bool) -> None:
        self.sig_show_closed_changed.emit(checked)

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self.contact_label.clear()
        self._update_buttons()
