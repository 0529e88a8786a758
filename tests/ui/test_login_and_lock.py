"""Signing in by keyboard, the first-run wizard and the idle lock with a controllable clock."""

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desk_app.bootstrap import bootstrap
from desk_app.domain.staff import Role
from desk_app.services.access import Access
from desk_app.services.accounts import AccountService
from ui.app import catalogue_tools
from ui.auth.first_run_wizard import FirstRunWizard
from ui.auth.login_dialog import LoginDialog
from ui.auth.session import SessionController
from ui.main_window import MainWindow

ADMIN_PW = "admin password 1"
DESK_PW = "desk password 1"
DRAFT = "xyzzy draft text"


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def signed_out(tmp_path):
    access = Access()
    context = bootstrap(tmp_path / "data", access=access)
    accounts = AccountService(context.uow, access, workstation="desk-1")
    yield context, accounts
    context.close()


@pytest.fixture
def accounts(signed_out):
    _context, accounts = signed_out
    accounts.create_first_admin("admin", "Aino Admin", ADMIN_PW)
    accounts.add_user("desk", "Dana Desk", Role.DESK, DESK_PW)
    accounts.add_user("desk2", "Dora Desk", Role.DESK, DESK_PW)
    accounts.sign_out()
    return accounts


@pytest.fixture
def session(qtbot, signed_out, accounts):
    context, _ = signed_out
    clock = FakeClock()
    accounts.sign_in("desk", DESK_PW)

    def factory():
        return MainWindow(
            context.desk, log_file=context.log_file, catalogue=catalogue_tools(context)
        )

    controller = SessionController(accounts, factory, idle_minutes=5, clock=clock)
    window = controller.start()
    window.show()
    qtbot.waitExposed(window)
    controller.clock = clock
    yield controller
    controller.idle.stop()
    controller.window.close()
    controller.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def all_texts(widgets):
    found = []
    for root in widgets:
        for widget in [root, *root.findChildren(QWidget)]:
            if isinstance(widget, (QLineEdit, QLabel, QAbstractButton)):
                found.append(widget.text())
            elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
                found.append(widget.toPlainText())
            found.append(widget.windowTitle())
            found.append(widget.accessibleName())
    return "\n".join(found)


def test_keyboard_login(qtbot, accounts):
    dialog = LoginDialog(accounts.sign_in)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.username_edit, "desk")
    qtbot.keyClick(dialog.username_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password_edit
    qtbot.keyClicks(dialog.password_edit, "wrong password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.message_label.text()
    assert dialog.password_edit.text() == "" and dialog.username_edit.text() == "desk"
    qtbot.keyClicks(dialog.password_edit, DESK_PW)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.session.username == "desk"
    assert accounts.access.session.role is Role.DESK


def test_login_says_how_long_to_wait(qtbot, accounts):
    dialog = LoginDialog(accounts.sign_in, username="desk")
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        qtbot.keyClicks(dialog.password_edit, "wrong password")
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert "30" in dialog.message_label.text()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_first_run_wizard_creates_the_admin(qtbot, signed_out):
    _, accounts = signed_out
    wizard = FirstRunWizard(accounts.create_first_admin)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.username_edit, "aino")
    qtbot.keyClicks(wizard.display_name_edit, "Aino Admin")
    qtbot.keyClicks(wizard.password_edit, ADMIN_PW)
    qtbot.keyClicks(wizard.again_edit, ADMIN_PW + "x")
    qtbot.keyClick(wizard.again_edit, Qt.Key.Key_Return)
    assert wizard.isVisible() and wizard.message_label.text()
    assert accounts.needs_first_admin()
    qtbot.keyClicks(wizard.password_edit, ADMIN_PW)
    qtbot.keyClicks(wizard.again_edit, ADMIN_PW)
    with qtbot.waitSignal(wizard.accepted):
        qtbot.keyClick(wizard.again_edit, Qt.Key.Key_Return)
    assert wizard.session.role is Role.ADMIN
    assert not accounts.needs_first_admin()


def start_a_draft(window):
    code = window.desk.services()[0].code
    window.intake.set_selected_topic_codes(["JOB"])
    window.intake.add_referral(code, "Palvelu X")
    window.finder.search_edit.setText(DRAFT)
    return code


def idle(controller, minutes):
    controller.clock.now += minutes * 60
    return controller.idle.check()


def test_idle_lock_hides_every_data_widget(qtbot, session):
    window = session.window
    start_a_draft(window)
    assert not idle(session, 4.9)
    assert not session.is_locked
    assert idle(session, 0.2)
    assert session.is_locked
    assert session.accounts.access.session is None  # the services refuse while locked
    lock = session.lock_screen
    shown = [w for w in window.findChildren(QWidget) if w.isVisibleTo(window)]
    assert shown and all(w is lock or lock.isAncestorOf(w) for w in shown)
    assert not window.menuBar().isVisible() and not window.centralWidget().isVisible()
    assert not window.save_action.isEnabled()
    texts = all_texts([lock])
    assert DRAFT not in texts and "JOB" not in texts
    assert window.windowTitle() == "Pointti Desk"


def test_same_user_unlocks_into_the_unsaved_form(qtbot, session):
    window = session.window
    code = start_a_draft(window)
    session.lock()
    lock = session.lock_screen
    assert lock.username_edit.text() == "desk"
    qtbot.keyClicks(lock.password_edit, "wrong password")
    qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    assert session.is_locked and lock.message_label.text()
    qtbot.keyClicks(lock.password_edit, DESK_PW)
    qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    assert not session.is_locked
    assert session.window is window
    assert window.intake.selected_topic_codes() == ("JOB",)
    assert window.intake.referral_codes() == (code,)
    assert window.finder.search_edit.text() == DRAFT
    assert window.centralWidget().isVisible() and window.save_action.isEnabled()
    assert session.accounts.access.session.username == "desk"


def test_another_user_starts_clean_and_never_sees_the_draft(qtbot, session):
    old = session.window
    start_a_draft(old)
    idle(session, 6)
    lock = session.lock_screen
    lock.username_edit.clear()
    qtbot.keyClicks(lock.username_edit, "desk2")
    qtbot.keyClick(lock.username_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(lock.password_edit, DESK_PW)
    qtbot.keyClick(lock.password_edit, Qt.Key.Key_Return)
    new = session.window
    assert new is not old and not session.is_locked
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert new.intake.selected_topic_codes() == ()
    assert new.intake.referral_codes() == ()
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert DRAFT not in all_texts(visible)
    assert session.accounts.access.session.username == "desk2"


def test_desk_role_does_not_see_the_catalogue_command(qtbot, session):
    window = session.window
    assert window.catalogue is not None
    assert not window.catalogue.action.isVisible()
    assert session.lock_action.isEnabled() and session.switch_action.isEnabled()


def test_admin_sees_the_catalogue_command(qtbot, session):
    session.lock()
    lock = session.lock_screen
    lock.username_edit.setText("admin")
    lock.password_edit.setText(ADMIN_PW)
    lock.unlock_button.click()
    assert session.window.catalogue.action.isVisible()
