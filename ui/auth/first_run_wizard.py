"""The first run: no staff account exists yet, so the person installing creates the first admin.

Explains that every staff member gets a personal account (no shared login), asks for the admin's
login name, name and a password typed twice, and signs that admin in. Further accounts are added
on the users page.
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
from desk_app.domain.passwords import MIN_LENGTH
from desk_app.domain.staff import StaffSession
from desk_app.i18n import _
from ui.widgets.auth_fields import lay_out_form, message_label, ok_cancel, password_field

CreateAdmin = Callable[[str, str, str], StaffSession]


class FirstRunWizard(QDialog):
    def __init__(self, create_admin: CreateAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create_admin = create_admin
        self.session: StaffSession | None = None
        self.setWindowTitle(_("Pointti Desk – first start"))
        self.intro_label = QLabel(
            _(
                "Welcome to Pointti Desk. Every staff member signs in with a personal account; "
                "there is no shared login. First create the administrator's account: the "
                "administrator then adds an account for each desk worker.\n\n"
                "The password needs at least {count} characters. A short sentence is easy to "
                "remember and hard to guess."
            ).format(count=MIN_LENGTH)
        )
        self.intro_label.setWordWrap(True)
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(60)
        self.username_edit.setAccessibleName(_("Login name"))
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setMaxLength(120)
        self.display_name_edit.setAccessibleName(_("Your name"))
        self.password_edit = password_field()
        self.password_edit.setAccessibleName(_("Password"))
        self.again_edit = password_field()
        self.again_edit.setAccessibleName(_("Password again"))
        self.message_label = message_label(_("Message"))
        self.buttons = ok_cancel(_("&Create the admin account"))
        self._build_layout()
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.username_edit.setFocus()

    def _build_layout(self) -> None:
        rows = (
            (_("&Login name:"), self.username_edit),
            (_("Your &name:"), self.display_name_edit),
            (_("&Password:"), self.password_edit),
            (_("Password &again:"), self.again_edit),
        )
        lay_out_form(self, self.intro_label, rows, self.message_label, self.buttons, 480)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.password_edit.text() != self.again_edit.text():
            self.message_label.setText(_("The two passwords differ. Type them again."))
            self.password_edit.clear()
            self.again_edit.clear()
            self.password_edit.setFocus()
            return
        try:
            self.session = self._create_admin(
                self.username_edit.text(), self.display_name_edit.text(), self.password_edit.text()
            )
        except DeskError as exc:
            self.message_label.setText(str(exc))
            field = getattr(exc, "field", None)
            target = {"username": self.username_edit, "display_name": self.display_name_edit}
            (target.get(field or "") or self.password_edit).setFocus()
            return
        self.password_edit.clear()
        self.again_edit.clear()
        self.accept()
