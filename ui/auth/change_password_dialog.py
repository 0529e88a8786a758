"""Change my password: the current one, the new one twice, and a plain message.

``required`` is for an account whose password an administrator set (a new account, or a reset):
the person must choose their own before they work, so the dialog says so and cancelling it means
not working now. ``AccountService.change_own_password`` checks the current password and the
policy; the dialog only checks that the new one was typed the same twice.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.passwords import MIN_LENGTH
from desk_app.i18n import _
from desk_app.services.accounts import AccountService
from ui.widgets.auth_fields import lay_out_form, message_label, ok_cancel, password_field


class ChangePasswordDialog(QDialog):
    def __init__(
        self, accounts: AccountService, required: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.setWindowTitle(_("Change my password"))
        if required:
            intro = _(
                "Your password was set by an administrator. Choose your own password before "
                "you start: at least {n} characters, not your login name."
            )
        else:
            intro = _("Choose a new password: at least {n} characters, not your login name.")
        self.intro_label = QLabel(intro.format(n=MIN_LENGTH))
        self.intro_label.setWordWrap(True)
        self.old_edit = password_field()
        self.old_edit.setAccessibleName(_("Current password"))
        self.new_edit = password_field()
        self.new_edit.setAccessibleName(_("New password"))
        self.repeat_edit = password_field()
        self.repeat_edit.setAccessibleName(_("New password again"))
        self.message_label = message_label(_("Password message"))
        self.buttons = ok_cancel(_("&Change password"))
        rows = (
            (_("C&urrent password:"), self.old_edit),
            (_("&New password:"), self.new_edit),
            (_("New password &again:"), self.repeat_edit),
        )
        lay_out_form(self, self.intro_label, rows, self.message_label, self.buttons, 420)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.old_edit.setFocus()

    def _fail(self, message: str, field: QLineEdit) -> None:
        self.message_label.setText(message)
        field.clear()
        if field is self.new_edit:
            self.repeat_edit.clear()
        field.setFocus()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.new_edit.text() != self.repeat_edit.text():
            self._fail(_("The new password was not typed the same twice."), self.new_edit)
            return
        try:
            self._accounts.change_own_password(self.old_edit.text(), self.new_edit.text())
        except ValidationError as exc:
            self._fail(str(exc), self.old_edit if exc.field == "old_password" else self.new_edit)
            return
        except DeskError as exc:
            self._fail(str(exc), self.old_edit)
            return
        for field in (self.old_edit, self.new_edit, self.repeat_edit):
            field.clear()
        self.accept()
