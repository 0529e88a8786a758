"""The Staff page, driven by keyboard as an admin would: add a desk worker, disable the account
(signing in then fails), reset its password (signing in works and asks for a new one); a desk
worker's session is refused with a message; one Alt+letter per control in fi, sv and en."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desk_app.bootstrap import bootstrap
from desk_app.domain.accounts import LoginError
from desk_app.domain.staff import Role, StaffSession
from desk_app.i18n import SOURCE_LANGUAGE, set_ui_language, ui_language
from desk_app.services.access import Access
from desk_app.services.accounts import AccountService
from tests.ui.test_accessibility import _missing
from tests.ui.test_admin_taxonomy import alt_click, press, show, type_text
from tests.ui.test_mnemonics import alt, assert_no_clashes, mnemonic, screen_mnemonics
from ui.admin.users_page import UsersPage

ADMIN_PW = "admin password 1"
DESK_PW = "desk password 1"
NEW_PW = "a brand new one 2"


def _admin_accounts(context):
    """The first admin created, then a page-side service over an admin ``Access``."""
    first = AccountService(context.uow, Access(), workstation="desk-1")
    session = first.create_first_admin("admin", "Aino Admin", ADMIN_PW)
    admin = Access(StaffSession(session.user_id, "admin", "Aino Admin", Role.ADMIN, "desk-1"))
    return AccountService(context.uow, admin, workstation="desk-1")


@pytest.fixture
def signed_out(tmp_path):
    context = bootstrap(tmp_path / "data", access=Access())
    yield context
    context.close()


@pytest.fixture
def accounts(signed_out):
    return _admin_accounts(signed_out)


def login(context):
    """A separate workstation's service, to sign in with."""
    return AccountService(context.uow, Access(), workstation="desk-2")


def add_desk_user_by_keyboard(qtbot, page):
    alt(qtbot, "l")
    assert QApplication.focusWidget() is page.username_edit
    type_text(qtbot, "dana")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Dana Desk")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.role_combo
    assert page.role_combo.current_code() == "desk"
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, DESK_PW)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, DESK_PW)
    with qtbot.waitSignal(page.sig_users_changed):
        press(qtbot, Qt.Key.Key_Return)


def test_the_model_passes_qt_checks(qtmodeltester, qtbot, accounts):
    page = UsersPage(accounts)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)


def test_add_disable_and_reset_a_desk_user_by_keyboard(qtbot, signed_out, accounts):
    page = show(qtbot, UsersPage(accounts))
    page.table.setFocus()
    add_desk_user_by_keyboard(qtbot, page)
    names = [a.username for a in page.model.entries()]
    assert sorted(names) == ["admin", "dana"]
    assert page.selected_username() == "dana"
    row = names.index("dana")
    assert page.model.index(row, 2).data() == "Desk worker"
    assert page.model.index(row, 3).data() == "Yes"
    assert page.model.index(row, 5).data() == "Yes"  # must change the first password
    assert "dana" in page.message.text()
    assert page.username_edit.text() == "" and page.password_edit.text() == ""

    alt_click(qtbot, "d", page.disable_button)
    assert "dana" in page.message.text()
    assert page.model.index(row, 3).data() == "No"
    assert page.enable_button.isEnabled() and not page.disable_button.isEnabled()
    with pytest.raises(LoginError):
        login(signed_out).sign_in("dana", DESK_PW)

    alt_click(qtbot, "e", page.enable_button)
    assert page.model.index(row, 3).data() == "Yes"

    alt(qtbot, "n")
    assert QApplication.focusWidget() is page.new_password_edit
    type_text(qtbot, NEW_PW)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, NEW_PW + "x")
    press(qtbot, Qt.Key.Key_Return)  # the two differ: nothing is reset
    assert page.message.text() == "The two passwords differ. Type them again."
    assert QApplication.focusWidget() is page.new_password_edit
    page.new_again_edit.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, NEW_PW)
    with qtbot.waitSignal(page.sig_users_changed):
        press(qtbot, Qt.Key.Key_Return)
    assert "dana" in page.message.text()
    desk = login(signed_out)
    with pytest.raises(LoginError):
        desk.sign_in("dana", DESK_PW)
    session = desk.sign_in("dana", NEW_PW)
    assert session.role is Role.DESK
    assert desk.must_change_password()


def test_a_refused_value_shows_on_its_field(qtbot, accounts):
    page = show(qtbot, UsersPage(accounts))
    page.table.setFocus()
    alt(qtbot, "l")
    type_text(qtbot, "admin")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Another Admin")
    page.password_edit.setText(DESK_PW)
    page.again_edit.setText(DESK_PW)
    page.username_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert "admin is taken" in page.message.text()
    assert QApplication.focusWidget() is page.username_edit
    assert page.username_edit.accessibleDescription() == page.message.text()
    assert [a.username for a in page.model.entries()] == ["admin"]


def test_a_desk_session_is_refused_and_nothing_changes(qtbot, signed_out, accounts):
    accounts.add_user("dana", "Dana Desk", Role.DESK, DESK_PW)
    desk_session = login(signed_out).sign_in("dana", DESK_PW)
    page = show(qtbot, UsersPage(AccountService(signed_out.uow, Access(desk_session))))
    assert page.model.rowCount() == 0
    assert "does not allow" in page.message.text()
    page.username_edit.setText("mallory")
    page.display_name_edit.setText("Mallory")
    page.password_edit.setText(DESK_PW)
    page.again_edit.setText(DESK_PW)
    assert not page.add_user()
    assert "does not allow" in page.message.text()
    assert [a.username for a in accounts.users()] == ["admin", "dana"]


def test_every_control_has_a_name_and_a_tooltip(qtbot, accounts):
    page = show(qtbot, UsersPage(accounts))
    unnamed, no_tip = _missing(page)
    assert unnamed == []
    assert no_tip == []


@pytest.fixture(params=("fi", "sv", "en"))
def lang(request, monkeypatch):
    monkeypatch.setenv("POINTTI_DESK_LANG", request.param)
    yield request.param
    set_ui_language(SOURCE_LANGUAGE)


def test_no_two_controls_share_a_letter_and_each_reaches_its_field(qtbot, lang, tmp_path):
    context = bootstrap(tmp_path / "lang-data", access=Access())
    try:
        assert ui_language() == lang
        page = show(qtbot, UsersPage(_admin_accounts(context)))
        page.table.selectRow(0)
        found = screen_mnemonics(page)
        assert len(found) >= 10, found
        assert_no_clashes(found, "users page")
        for label in page.findChildren(QLabel):
            letter = mnemonic(label.text())
            if label.buddy() is None or letter is None or not label.buddy().isEnabled():
                continue
            page.setFocus()
            alt(qtbot, letter)
            assert QApplication.focusWidget() is label.buddy(), label.text()
    finally:
        context.close()
