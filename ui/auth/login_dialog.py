"""The login dialog shown before the main window: login name, password and a plain message.

It only asks; ``sign_in`` (``AccountService.sign_in``) decides. A wrong name, a wrong password
and a disabled account get the same message; after too many wrong passwords the message says how
long to wait. The password field is emptied after every failure, the login name kept.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.staff import StaffSession
from desk_app.i18n import _
from ui.widgets.auth_fields import lay_out_form, message_label, ok_cancel, password_field

SignIn = Callable[[str, str], StaffSession]


class LoginDialog(QDialog):
    def __init__(
        self,
        sign_in: SignIn,
        parent: QWidget | None = None,
        username: str = "",
        intro: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._sign_in = sign_in
        self.session: StaffSession | None = None
        self.setWindowTitle(_("Pointti Desk – sign in"))
        self.intro_label = QLabel(intro or _("Sign in with your own login name and password."))
        self.intro_label.setWordWrap(True)
        self.username_edit = QLineEdit(username)
        self.username_edit.setMaxLength(60)
        self.username_edit.setAccessibleName(_("Login name"))
        self.password_edit = password_field()
        self.password_edit.setAccessibleName(_("Password"))
        self.message_label = message_label(_("Sign-in message"))
        self.buttons = ok_cancel(_("&Sign in"))
        rows = ((_("&Login name:"), self.username_edit), (_("&Password:"), self.password_edit))
        lay_out_form(self, self.intro_label, rows, self.message_label, self.buttons, 380)
        self._connect_signals()
        (self.password_edit if username else self.username_edit).setFocus()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        username = self.username_edit.text().strip()
        if not username:
            self.message_label.setText(_("Type your login name."))
            self.username_edit.setFocus()
            return
        try:
            self.session = self._sign_in(username, self.password_edit.text())
        except DeskError as exc:
            self.message_label.setText(str(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.password_edit.clear()
        self.accept()
