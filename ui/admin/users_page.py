"""The Staff page of the admin window: every staff account, and adding, disabling and resetting.

A table of accounts (login name, name, role, in use, last sign-in, must change the password)
over two small forms: a new password for the chosen account (typed twice; the person must change
it at the next sign-in) and a new account (login name, name, role, the first password twice).
Disable and Enable act on the chosen account; accounts are never deleted, because the audit
trail names them. ``AccountService`` decides everything: a refusal (a rule, a taken name, a role
without the right) is shown on its field and in the message line, and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtCore import QItemSelection, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.accounts import StaffAccount
from desk_app.domain.errors import DeskError, ValidationError
from desk_app.domain.staff import Role
from desk_app.i18n import N_, _
from desk_app.labels import format_date, format_time
from desk_app.services.accounts import AccountService
from ui.admin.entry_table import Column, EntryTableModel, make_table, selected_row
from ui.admin.record_page import FieldErrors
from ui.admin.service_form_helpers import describe, set_tab_order
from ui.widgets.auth_fields import password_field
from ui.widgets.code_combo import CodeComboBox

ROLE_LABELS = {Role.DESK: N_("Desk worker"), Role.ADMIN: N_("Administrator")}


def role_label(role: Role) -> str:
    return _(ROLE_LABELS[role])


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _moment(when: dt.datetime | None, tz: tzinfo | None) -> str:
    if when is None:
        return _("Never")
    local = when.astimezone(tz)
    return f"{format_date(local.date())} {format_time(local)}"


def user_columns(tz: tzinfo | None) -> tuple[Column, ...]:
    return (
        Column(N_("Login name"), lambda a: a.username),
        Column(N_("Name"), lambda a: a.display_name),
        Column(N_("Role"), lambda a: role_label(a.role)),
        Column(N_("In use"), lambda a: _yes_no(a.active)),
        Column(N_("Last sign-in"), lambda a: _moment(a.last_login_at, tz)),
        Column(N_("Must change password"), lambda a: _yes_no(a.must_change_password)),
    )


class UsersPage(QWidget):
    sig_users_changed = Signal()  # after an account was added, disabled, enabled or reset

    def __init__(
        self, accounts: AccountService, tz: tzinfo | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.model = EntryTableModel(user_columns(tz), lambda a: not a.active, parent=self)
        self.table = make_table(self.model, (1,))
        self.table_label = QLabel(_("&Staff accounts:"))
        self.disable_button = QPushButton(_("&Disable"))
        self.enable_button = QPushButton(_("&Enable"))
        self.new_password_edit = password_field()
        self.new_again_edit = password_field()
        self.reset_button = QPushButton(_("&Reset password"))
        self.username_edit = QLineEdit()
        self.username_edit.setMaxLength(60)
        self.display_name_edit = QLineEdit()
        self.display_name_edit.setMaxLength(120)
        self.role_combo = CodeComboBox(
            _("Role"),
            _(
                "Desk workers record visits and refer; administrators may also keep the "
                "catalogue and the staff accounts"
            ),
        )
        for role, text in ROLE_LABELS.items():
            self.role_combo.add_code(_(text), role.value)
        self.password_edit = password_field()
        self.again_edit = password_field()
        self.add_button = QPushButton(_("Add &user"))
        self.message = QLabel()
        self.message.setAccessibleName(_("Message"))
        self.errors = FieldErrors(
            self,
            self.message,
            {
                "username": self.username_edit,
                "display_name": self.display_name_edit,
                "role": self.role_combo,
                "password": self.password_edit,
                "password_again": self.again_edit,
                "new_password": self.new_password_edit,
                "new_password_again": self.new_again_edit,
            },
        )
        self._describe()
        self._build_layout()
        self._connect_signals()
        self.refresh()

    def _describe(self) -> None:
        self.table_label.setBuddy(self.table)
        describe(self.table, _("Staff accounts"), _("Every staff account; choose one to act on"))
        self.disable_button.setToolTip(
            _("Stop the chosen account from signing in (it stays in the audit trail)")
        )
        self.enable_button.setToolTip(_("Let the chosen account sign in again"))
        describe(
            self.new_password_edit,
            _("New password"),
            _("A new password for the chosen account; it must be changed at the next sign-in"),
        )
        describe(self.new_again_edit, _("New password again"), _("The same new password again"))
        self.reset_button.setToolTip(_("Give the chosen account the new password (Enter)"))
        describe(
            self.username_edit,
            _("Login name"),
            _("Letters a–z, digits, dot, hyphen or underscore, e.g. maija.m"),
        )
        describe(self.display_name_edit, _("Name"), _("The person's name as colleagues know it"))
        describe(
            self.password_edit,
            _("Password"),
            _("The first password; the person must change it at the first sign-in"),
        )
        describe(self.again_edit, _("Password again"), _("The same password again"))
        self.add_button.setToolTip(_("Add the account (Enter in a field)"))
        self.message.setWordWrap(True)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.table_label)
        top.addStretch(1)
        top.addWidget(self.disable_button)
        top.addWidget(self.enable_button)

        reset_box = QGroupBox(_("New password for the chosen account"))
        reset = QGridLayout(reset_box)
        self._add_row(reset, 0, _("&New password:"), self.new_password_edit)
        self._add_row(reset, 1, _("New password a&gain:"), self.new_again_edit)
        reset.addWidget(self.reset_button, 2, 1, Qt.AlignmentFlag.AlignRight)

        add_box = QGroupBox(_("New account"))
        add = QGridLayout(add_box)
        self._add_row(add, 0, _("&Login name:"), self.username_edit)
        self._add_row(add, 1, _("Na&me:"), self.display_name_edit)
        self._add_row(add, 2, _("R&ole:"), self.role_combo)
        self._add_row(add, 3, _("&Password:"), self.password_edit)
        self._add_row(add, 4, _("Password &again:"), self.again_edit)
        add.addWidget(self.add_button, 5, 1, Qt.AlignmentFlag.AlignRight)

        forms = QHBoxLayout()
        forms.addWidget(reset_box, 1)
        forms.addWidget(add_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(forms)
        layout.addWidget(self.message)
        set_tab_order(
            [
                self.table,
                self.disable_button,
                self.enable_button,
                self.new_password_edit,
                self.new_again_edit,
                self.reset_button,
                self.username_edit,
                self.display_name_edit,
                self.role_combo,
                self.password_edit,
                self.again_edit,
                self.add_button,
            ]
        )

    @staticmethod
    def _add_row(grid: QGridLayout, row: int, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        grid.addWidget(label, row, 0)
        grid.addWidget(field, row, 1)

    def _connect_signals(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.disable_button.clicked.connect(self._on_disable_button_clicked)
        self.enable_button.clicked.connect(self._on_enable_button_clicked)
        self.reset_button.clicked.connect(self._on_reset_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        for edit in (self.new_password_edit, self.new_again_edit):
            edit.returnPressed.connect(self._on_reset_button_clicked)
        for edit in (self.username_edit, self.display_name_edit, self.password_edit):
            edit.returnPressed.connect(self._on_add_button_clicked)
        self.again_edit.returnPressed.connect(self._on_add_button_clicked)

    # -- reading -----------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> bool:
        """Reload the accounts, keeping (or moving) the selection to ``select``; False (and
        the refusal in the message line) if the signed-in role may not see them."""
        keep = select or self.selected_username()
        try:
            accounts = self.accounts.users()
        except DeskError as error:
            self.model.set_entries([])
            self.errors.show(error)
            self._update_buttons()
            return False
        self.model.set_entries(accounts)
        names = [a.username for a in accounts]
        if keep in names:
            self.table.selectRow(names.index(keep))
        self._update_buttons()
        return True

    def selected_account(self) -> StaffAccount | None:
        row = selected_row(self.table)
        return None if row is None else self.model.entry_at(row)

    def selected_username(self) -> str | None:
        account = self.selected_account()
        return None if account is None else account.username

    def _update_buttons(self) -> None:
        account = self.selected_account()
        self.disable_button.setEnabled(account is not None and account.active)
        self.enable_button.setEnabled(account is not None and not account.active)
        self.reset_button.setEnabled(account is not None)

    # -- writing -----------------------------------------------------------------------------

    def _act(self, action: Callable[[], tuple[str, str]]) -> bool:
        """Run ``action`` (a service call returning the message to show and the account to
        choose); a refusal is shown on its field and in the message line."""
        try:
            done, select = action()
        except DeskError as error:
            self.errors.show(error)
            return False
        self.refresh(select)
        self.errors.done(done)
        self.sig_users_changed.emit()
        return True

    def _chosen(self) -> StaffAccount:
        account = self.selected_account()
        if account is None:
            raise ValidationError(_("Choose an account in the table first."))
        return account

    def set_active(self, active: bool) -> bool:
        def action() -> tuple[str, str]:
            name = self._chosen().username
            self.accounts.set_active(name, active)
            text = _("Account {name} enabled.") if active else _("Account {name} disabled.")
            return text.format(name=name), name

        return self._act(action)

    def reset_password(self) -> bool:
        def action() -> tuple[str, str]:
            name = self._chosen().username
            password = self.new_password_edit.text()
            if password != self.new_again_edit.text():
                raise ValidationError(
                    _("The two passwords differ. Type them again."), field="new_password"
                )
            try:
                self.accounts.reset_password(name, password)
            except ValidationError as error:
                field = "new_password" if error.field == "password" else error.field
                raise ValidationError(str(error), field=field) from error
            self.new_password_edit.clear()
            self.new_again_edit.clear()
            return _(
                "The password of {name} was reset; it must be changed at the next sign-in."
            ).format(name=name), name

        return self._act(action)

    def add_user(self) -> bool:
        def action() -> tuple[str, str]:
            password = self.password_edit.text()
            if password != self.again_edit.text():
                raise ValidationError(
                    _("The two passwords differ. Type them again."), field="password"
                )
            account = self.accounts.add_user(
                self.username_edit.text(),
                self.display_name_edit.text(),
                Role(self.role_combo.current_code() or Role.DESK.value),
                password,
            )
            for edit in (
                self.username_edit,
                self.display_name_edit,
                self.password_edit,
                self.again_edit,
            ):
                edit.clear()
            self.role_combo.set_current_code(Role.DESK.value)
            return _(
                "Account {name} added; the password must be changed at the first sign-in."
            ).format(name=account.username), account.username

        return self._act(action)

    # -- slots -------------------------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_buttons()

    @Slot()
    def _on_disable_button_clicked(self) -> None:
        self.set_active(False)

    @Slot()
    def _on_enable_button_clicked(self) -> None:
        self.set_active(True)

    @Slot()
    def _on_reset_button_clicked(self) -> None:
        self.reset_password()

    @Slot()
    def _on_add_button_clicked(self) -> None:
        self.add_user()
