"""Signing in by keyboard, the first-run wizard and the idle lock with a controllable clock."""

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
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
from ui.auth.change_password_dialog import ChangePasswordDialog
from ui.auth.first_run_wizard import FirstRunWizard
from ui.auth.login_dialog import LoginDialog
from ui.auth.session import SessionController
from ui.main_window import MainWindow

ADMIN_PW = "admin password 1"
DESK_PW = "desk password 1"
TEMPORARY_PW = "set by the admin 1"
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
    for name, display in (("desk", "Dana Desk"), ("desk2", "Dora Desk")):
        accounts.add_user(name, display, Role.DESK, TEMPORARY_PW)
    accounts.add_user("new", "Nelli New", Role.DESK, TEMPORARY_PW)  # never signed in yet
    accounts.sign_out()
    for name in ("desk", "desk2"):  # they chose their own password at their first sign-in
        accounts.sign_in(name, TEMPORARY_PW)
        accounts.change_own_password(TEMPORARY_PW, DESK_PW)
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


def test_change_password_dialog_by_keyboard(qtbot, accounts):
    accounts.sign_in("desk", DESK_PW)
    dialog = ChangePasswordDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.old_edit, DESK_PW)
    qtbot.keyClicks(dialog.new_edit, "a brand new one 2")
    qtbot.keyClicks(dialog.repeat_edit, "a brand new one 3")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert "not typed the same twice" in dialog.message_label.text()
    assert (
        dialog.isVisible()
        and dialog.focusWidget() is dialog.new_edit
        and dialog.new_edit.text() == ""
    )
    dialog.old_edit.setText("wrong password")
    qtbot.keyClicks(dialog.new_edit, "a brand new one 2")
    qtbot.keyClicks(dialog.repeat_edit, "a brand new one 2")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert "current password is wrong" in dialog.message_label.text()
    assert dialog.focusWidget() is dialog.old_edit and dialog.old_edit.text() == ""
    assert dialog.new_edit.text() == "a brand new one 2"  # kept: only the wrong one is retyped
    qtbot.keyClicks(dialog.old_edit, DESK_PW)
    qtbot.keyClick(dialog.old_edit, Qt.Key.Key_Return)
    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    accounts.sign_out()
    assert accounts.sign_in("desk", "a brand new one 2").username == "desk"


def _answer_password_dialog(qtbot, new_password, answers):
    """When the modal password dialog opens: type the temporary and the new password (or
    cancel when ``new_password`` is None), recording what it said."""

    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ChangePasswordDialog):
            QTimer.singleShot(20, answer)
            return
        answers.append(dialog.intro_label.text())
        if new_password is None:
            dialog.reject()
            return
        qtbot.keyClicks(dialog.old_edit, TEMPORARY_PW)
        qtbot.keyClicks(dialog.new_edit, new_password)
        qtbot.keyClicks(dialog.repeat_edit, new_password)
        qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)

    QTimer.singleShot(20, answer)


def _unlock_as(qtbot, session, username, password):
    lock = session.lock_screen
    lock.username_edit.setText(username)
    lock.password_edit.setText(password)
    lock.unlock_button.click()


def test_a_password_the_admin_set_must_be_changed_before_work(qtbot, session):
    session.lock()
    answers = []
    _answer_password_dialog(qtbot, "my own secret 9", answers)
    _unlock_as(qtbot, session, "new", TEMPORARY_PW)
    assert answers and "set by an administrator" in answers[0]
    assert not session.is_locked
    assert session.accounts.access.session.username == "new"
    assert not session.accounts.must_change_password()


def test_refusing_to_change_a_set_password_locks_the_window_again(qtbot, session):
    session.lock()
    answers = []
    _answer_password_dialog(qtbot, None, answers)
    _unlock_as(qtbot, session, "new", TEMPORARY_PW)
    assert answers
    assert session.is_locked
    assert session.accounts.must_change_password() is False  # nobody is signed in


def test_ctrl_l_locks_from_the_keyboard(qtbot, session):
    qtbot.keyClick(session.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.is_locked


def test_at_start_a_new_account_signs_in_then_chooses_its_password(qtbot, accounts):
    from ui.app import sign_in_first

    answers = []

    def answer_login():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, answer_login)
            return
        qtbot.keyClicks(dialog.username_edit, "new")
        qtbot.keyClicks(dialog.password_edit, TEMPORARY_PW)
        _answer_password_dialog(qtbot, "my own secret 8", answers)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    QTimer.singleShot(20, answer_login)
    assert sign_in_first(accounts)
    assert answers and accounts.access.session.username == "new"
    assert not accounts.must_change_password()
    accounts.sign_out()
    assert accounts.sign_in("new", "my own secret 8").username == "new"
