"""Who works in the main window: the Lock and Switch user commands and the idle lock.

``SessionController`` builds the main window with ``window_factory`` once someone has signed in,
adds "Switch user…" and "Lock" to its File menu, hides what the signed-in role cannot use (the
services refuse it anyway) and locks after ``idle_minutes`` without input. Locking hides every
data widget (the central area, menus, status bar, other windows) behind ``LockScreen``, disables
every command and rejects open dialogs. The same user unlocking gets the window back exactly as
it was; another user gets a newly built window, the old one with its unsaved draft destroyed
first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QWidget

from desk_app.domain.staff import Permission
from desk_app.i18n import _
from desk_app.services.accounts import AccountService
from ui import shortcuts
from ui.auth.change_password_dialog import ChangePasswordDialog
from ui.auth.idle_watcher import IdleWatcher
from ui.auth.lock_screen import LockScreen

log = logging.getLogger(__name__)


class SessionController(QObject):
    sig_window_replaced = Signal(QMainWindow)

    def __init__(
        self,
        accounts: AccountService,
        window_factory: Callable[[], QMainWindow],
        idle_minutes: float,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self._factory = window_factory
        self.idle = IdleWatcher(idle_minutes * 60, clock, self)
        self.idle.sig_idle.connect(self.lock)
        self.window: QMainWindow | None = None
        self.lock_screen: LockScreen | None = None
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._focus: QWidget | None = None
        self._title = ""

    @property
    def is_locked(self) -> bool:
        return self.lock_screen is not None and self.lock_screen.isVisible()

    def start(self) -> QMainWindow:
        window = self._build()
        self.idle.start()
        return window

    def _build(self) -> QMainWindow:
        window = self._factory()
        self.window = window
        self.switch_action = QAction(_("&Switch user…"), window)
        self.lock_action = shortcuts.bind(QAction(_("&Lock the window"), window), "lock")
        self.lock_action.setToolTip(_("Lock now; your unsaved work waits for your password"))
        self.password_action = QAction(_("Change my &password…"), window)
        file_menu = self._file_menu(window)
        quit_action = getattr(window, "quit_action", None)
        for action in (self.switch_action, self.lock_action, self.password_action):
            window.addAction(action)
            if file_menu is not None:
                file_menu.insertAction(quit_action, action)
        if file_menu is not None:
            file_menu.insertSeparator(quit_action)
        self.switch_action.triggered.connect(self.lock)
        self.lock_action.triggered.connect(self.lock)
        self.password_action.triggered.connect(self.change_password)
        self.apply_role(window)
        lock = LockScreen(self.accounts, window)
        lock.hide()
        lock.sig_unlocked.connect(self._on_lock_unlocked)
        self.lock_screen = lock
        window.installEventFilter(self)
        return window

    @staticmethod
    def _file_menu(window: QMainWindow) -> QMenu | None:
        actions = window.menuBar().actions()
        return actions[0].menu() if actions else None  # type: ignore[return-value]

    def apply_role(self, window: QMainWindow) -> None:
        """Hide the admin-only commands from a desk worker (the services refuse them anyway)."""
        catalogue = getattr(window, "catalogue", None)
        if catalogue is not None:
            allowed = self.accounts.access.can(Permission.EDIT_CATALOGUE)
            catalogue.action.setVisible(allowed)
            catalogue.action.setEnabled(allowed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize and self.lock_screen:
            self.lock_screen.setGeometry(self.window.rect())
        return False

    # -- passwords -----------------------------------------------------------------------------

    @Slot()
    def change_password(self) -> bool:
        """Change my password (File menu); True when it was changed."""
        dialog = ChangePasswordDialog(self.accounts, parent=self.window)
        return bool(dialog.exec())

    def ensure_password_changed(self) -> bool:
        """After someone signed in: one whose password an admin set must choose their own
        first; if they will not, the window locks again. False when it locked."""
        if not self.accounts.must_change_password():
            return True
        dialog = ChangePasswordDialog(self.accounts, required=True, parent=self.window)
        if dialog.exec():
            return True
        self.lock()
        return False

    # -- locking -------------------------------------------------------------------------------

    @Slot()
    def lock(self) -> None:
        window, lock = self.window, self.lock_screen
        if window is None or lock is None or self.is_locked:
            return
        log.info("window locked")
        self._focus = QApplication.focusWidget()
        self._hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is window or not widget.isVisible():
                continue
            if isinstance(widget, QDialog) and widget.isModal():
                widget.reject()  # a modal question cannot wait behind the lock
            elif not isinstance(widget, QMenu):
                self._hidden.append(widget)
            widget.hide()
        self._disabled = [a for a in window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        for part in (window.centralWidget(), window.menuBar(), window.statusBar()):
            if part is not None:
                part.hide()
        self._title = window.windowTitle()
        window.setWindowTitle(_("Pointti Desk"))
        self.accounts.lock()
        self.idle.pause(True)
        lock.setGeometry(window.rect())
        lock.prepare()
        lock.show()
        lock.raise_()
        lock.password_edit.setFocus()

    @Slot(bool)
    def _on_lock_unlocked(self, same_user: bool) -> None:
        if same_user:
            self._uncover()
        else:
            self._replace_window()
        self.idle.pause(False)
        if not same_user:
            self.ensure_password_changed()

    def _uncover(self) -> None:
        window, lock = self.window, self.lock_screen
        assert window is not None and lock is not None
        lock.hide()
        for part in (window.centralWidget(), window.menuBar(), window.statusBar()):
            if part is not None:
                part.show()
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        self.apply_role(window)
        window.setWindowTitle(self._title)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._focus is not None:
            self._focus.setFocus()
        self._focus = None
        log.info("window unlocked by the same user")

    def _replace_window(self) -> None:
        """Another user: a newly built window. The old one, still covered by the lock screen,
        is destroyed with its draft, its dialogs and its catalogue window."""
        old = self.window
        for widget in self._hidden:
            widget.close()
            widget.deleteLater()
        self._hidden = []
        self._disabled = []
        self._focus = None
        window = self._build()  # shown before the old one goes, so the app does not quit
        if old is not None:
            window.restoreGeometry(old.saveGeometry())
        window.show()
        window.activateWindow()
        if old is not None:
            old.removeEventFilter(self)
            old.hide()
            old.deleteLater()
        self.sig_window_replaced.emit(window)
        log.info("another user signed in: a new window")
