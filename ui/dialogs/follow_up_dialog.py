"""The follow-up dialog of a referral: a due date, and contact details only with consent.

The contact fields stay disabled until "The visitor agrees to be contacted" is ticked; they need a
purpose and an expiry (default from the settings, 90 days). ``ask_follow_up`` is the function the
main window calls and tests replace, so no test blocks on ``exec()``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import ValidationError
from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.i18n import _


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class FollowUpDialog(QDialog):
    def __init__(
        self,
        service_code: str,
        service_name: str,
        today: dt.date,
        due: dt.date,
        expires: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Follow-up"))
        self._code = service_code
        self._today = today
        self.due_edit = QDateEdit(_qdate(due))
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setMinimumDate(_qdate(today))
        self.consent = QCheckBox(_("The visitor &agrees to be contacted"))
        self.name_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.email_edit = QLineEdit()
        self.purpose_edit = QLineEdit()
        self.expires_edit = QDateEdit(_qdate(expires))
        self.expires_edit.setCalendarPopup(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #a00000;")
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.request: FollowUpRequest | None = None
        form = QFormLayout()
        form.addRow(QLabel(_("Referred to: {name}").format(name=service_name)))
        form.addRow(_("Follow up &by:"), self.due_edit)
        form.addRow(self.consent)
        form.addRow(_("&Name (optional):"), self.name_edit)
        form.addRow(_("&Phone:"), self.phone_edit)
        form.addRow(_("&Email:"), self.email_edit)
        form.addRow(_("P&urpose:"), self.purpose_edit)
        form.addRow(_("&Keep until:"), self.expires_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.purpose_edit.setPlaceholderText(_("e.g. ask whether the appointment happened"))
        self.consent.toggled.connect(self._on_consent_toggled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self._on_consent_toggled(False)

    @Slot(bool)
    def _on_consent_toggled(self, agreed: bool) -> None:
        for widget in (
            self.name_edit,
            self.phone_edit,
            self.email_edit,
            self.purpose_edit,
            self.expires_edit,
        ):
            widget.setEnabled(agreed)

    def build_request(self) -> FollowUpRequest:
        """The request as filled in; raises ``ValidationError`` with a message to show."""
        contact = None
        if self.consent.isChecked():
            contact = ContactDetails(
                purpose=self.purpose_edit.text(),
                expires_on=_pydate(self.expires_edit.date()),
                name=self.name_edit.text(),
                phone=self.phone_edit.text(),
                email=self.email_edit.text(),
            )
        request = FollowUpRequest(self._code, _pydate(self.due_edit.date()), contact)
        return request.validated(self._today)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            self.request = self.build_request()
        except ValidationError as exc:
            self.error_label.setText(str(exc))  # the dialog stays open with everything typed
            return
        self.accept()


def ask_follow_up(
    parent: QWidget | None,
    service_code: str,
    service_name: str,
    today: dt.date,
    due: dt.date,
    expires: dt.date,
) -> FollowUpRequest | None:
    """Show the dialog; the validated request, or None when cancelled."""
    dialog = FollowUpDialog(service_code, service_name, today, due, expires, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.request
    return None
