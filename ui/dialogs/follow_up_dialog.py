"""The follow-up dialog of a referral: a due date, and contact details only with consent.

The contact fields stay disabled until "The visitor agrees to be contacted" is ticked; they need a
purpose and an expiry (default from the settings, 90 days). Ctrl+Enter accepts like OK (as it
saves a visit in the main window); a rejected entry keeps the dialog open with the focus on the
field at fault. ``ask_follow_up`` is the function the main window calls and tests replace, so no
test blocks on ``exec()``.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
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
        self.accept_shortcut = QShortcut(self)
        self.request: FollowUpRequest | None = None
        self._build_layout(service_name)
        self._connect_signals()
        self._on_consent_toggled(False)

    def _build_layout(self, service_name: str) -> None:
        form = QFormLayout()
        # Line edits take the dialog's width (dates keep theirs); the purpose field fits its
        # placeholder, which sets the dialog's width.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
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
        placeholder = self.purpose_edit.fontMetrics().horizontalAdvance(
            self.purpose_edit.placeholderText()
        )
        self.purpose_edit.setMinimumWidth(placeholder + 24)  # frame and text margins
        self.accept_shortcut.setKeys([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        tips = (
            (self.due_edit, _("By when to find out how the referral went")),
            (self.consent, _("Tick only when the visitor agrees to be contacted about this")),
            (self.name_edit, _("Optional: how to address the visitor")),
            (self.phone_edit, _("A phone number, e.g. 040 123 4567 or +358 40 123 4567")),
            (self.email_edit, _("An email address")),
            (self.purpose_edit, _("What the contact details may be used for (stored with them)")),
            (self.expires_edit, _("The contact details are deleted after this day")),
        )
        for widget, tip in tips:
            widget.setToolTip(tip)

    def _connect_signals(self) -> None:
        self.consent.toggled.connect(self._on_consent_toggled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.accept_shortcut.activated.connect(self._on_accept_shortcut_activated)

    def _field_widget(self, field: str | None) -> QWidget | None:
        """The input a ``ValidationError.field`` names, if this dialog has it."""
        return {
            "follow_up_due": self.due_edit,
            "phone": self.phone_edit,
            "email": self.email_edit,
            "purpose": self.purpose_edit,
            "expires_on": self.expires_edit,
        }.get(field or "")

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
            widget = self._field_widget(exc.field)
            if widget is not None and widget.isEnabled():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                if isinstance(widget, QLineEdit):
                    widget.selectAll()
            return
        self.accept()

    @Slot()
    def _on_accept_shortcut_activated(self) -> None:
        self._on_buttons_accepted()


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
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    request = dialog.request if accepted else None
    dialog.deleteLater()  # not left behind as a child of the main window, shortcut and all
    return request
