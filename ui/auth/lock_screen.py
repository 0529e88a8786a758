"""The lock screen: covers the whole main window and shows no data, only a way back in.

It holds nothing but a title, a sentence, the login name (filled in with who locked) and a
password field. The same person's password returns to the work as it was
(``sig_unlocked(True)``); another person's name and password starts a clean window
(``sig_unlocked(False)``), so one colleague never sees another's unsaved visit.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.accounts import LoginError, normalise_username
from desk_app.domain.errors import DeskError
from desk_app.i18n import _
from desk_app.services.accounts import AccountService
from ui.widgets.auth_fields import password_field


class LockScreen(QFrame):
    sig_unlocked = Signal(bool)  # True: the same user, back into their work

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #1f3347; } QLabel { color: white; }")
        self.setAccessibleName(_("Locked"))
        self.title_label = QLabel(_("Pointti Desk is locked"))
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.explain_label = QLabel()
        self.explain_label.setWordWrap(True)
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(60)
        self.username_edit.setAccessibleName(_("Login name"))
        self.password_edit = password_field()
        self.password_edit.setAccessibleName(_("Password"))
        self.unlock_button = QPushButton(_("&Unlock"))
        self.unlock_button.setDefault(True)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(_("Sign-in message"))
        self.message_label.setStyleSheet("color: #ffd27f; font-weight: bold;")
        self._build_layout()
        self._connect_signals()

    def _build_layout(self) -> None:
        box = QWidget()
        box.setFixedWidth(480)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title_label)
        inner.addWidget(self.explain_label)
        form = QFormLayout()
        name_label = QLabel(_("&Login name:"))
        name_label.setBuddy(self.username_edit)
        password_label = QLabel(_("&Password:"))
        password_label.setBuddy(self.password_edit)
        form.addRow(name_label, self.username_edit)
        form.addRow(password_label, self.password_edit)
        inner.addLayout(form)
        inner.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.message_label)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def _connect_signals(self) -> None:
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.password_edit.returnPressed.connect(self._on_unlock_button_clicked)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)

    def prepare(self) -> None:
        """Fill in who locked and put the cursor in the password field."""
        locked = self._accounts.locked_session
        name = locked.display_name if locked else ""
        self.explain_label.setText(
            _(
                "{name} can continue with their password. Anyone else can sign in with their "
                "own login name and starts with an empty form."
            ).format(name=name or _("The person who locked"))
        )
        self.username_edit.setText(locked.username if locked else "")
        self.password_edit.clear()
        self.message_label.clear()
        self.password_edit.setFocus()

    @Slot()
    def _on_unlock_button_clicked(self) -> None:
        username = normalise_username(self.username_edit.text())
        password = self.password_edit.text()
        self.password_edit.clear()
        locked = self._accounts.locked_session
        try:
            if locked is not None and username == locked.username:
                if not self._accounts.verify_same_user(password):
                    raise LoginError(
                        _("The login name or password is wrong, or the account is not in use.")
                    )
                same = True
            else:
                self._accounts.switch_user(username, password)
                same = False
        except DeskError as exc:
            self.message_label.setText(str(exc))
            self.password_edit.setFocus()
            return
        self.message_label.clear()
        self.sig_unlocked.emit(same)
