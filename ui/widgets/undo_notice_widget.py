"""A status-bar notice with an Undo button (and Ctrl+Z) that is offered for a few seconds.

``show_notice(text, token)`` shows e.g. "Visit saved at 10:42" with "Undo (Ctrl+Z)"; while the
offer stands, the button, the ``undo_action`` (put it in a menu) and Ctrl+Z anywhere in the window
emit ``sig_undo_requested(token)``. After ``timeout_ms`` the button and the action go; the text
stays as a record of the last save. The timeout is a constructor argument so tests need not wait.

Ctrl+Z is also a text field's own undo, and a focused line edit claims it before any window
shortcut. While an undo is on offer this widget's application event filter declines that claim
when the field has nothing of its own to undo, so Ctrl+Z undoes the save wherever the focus is;
once something has been typed into the focused field, Ctrl+Z undoes the typing (the Undo button
still undoes the save). Fields that are cleared for the next visitor must be cleared with
``setText("")``, which forgets their undo history.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from desk_app.i18n import _
from ui import shortcuts

UNDO_TIMEOUT_MS = 10_000


def _has_own_undo(widget: QWidget) -> bool:
    """Whether Ctrl+Z in ``widget`` would undo something typed into it."""
    if isinstance(widget, QAbstractSpinBox):
        edit = widget.findChild(QLineEdit)
        return edit is not None and edit.isUndoAvailable()
    if isinstance(widget, QLineEdit):
        return widget.isUndoAvailable()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return widget.document().isUndoAvailable()
    return False


class UndoNoticeWidget(QWidget):
    sig_undo_requested = Signal(str)  # the token given to show_notice

    def __init__(self, timeout_ms: int = UNDO_TIMEOUT_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._token: str | None = None
        self.text_label = QLabel()
        self.undo_button = QPushButton(_("Undo (Ctrl+Z)"))
        self.undo_action = QAction(_("&Undo the last save"), self)
        self._timer = QTimer(self)
        self._build()
        self._connect_signals()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _build(self) -> None:
        self._timer.setSingleShot(True)
        self.undo_button.setAutoDefault(False)
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.undo_button.setToolTip(_("Delete the visit just saved and put it back in the form."))
        self.undo_button.setAccessibleName(_("Undo the last save"))
        self.undo_button.setVisible(False)
        self.undo_action.setShortcuts(shortcuts.key_sequences("undo_save"))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo_action.setEnabled(False)
        self.text_label.setAccessibleName(_("Last save"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(6)
        layout.addWidget(self.text_label)
        layout.addWidget(self.undo_button)

    def _connect_signals(self) -> None:
        self._timer.timeout.connect(self._on_timer_timeout)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        self.undo_action.triggered.connect(self._on_undo_action_triggered)

    # --- public API -------------------------------------------------------------------------

    def show_notice(self, text: str, token: str) -> None:
        """Show ``text`` and offer to undo ``token`` for ``timeout_ms``."""
        self._token = token
        self.text_label.setText(text)
        self.undo_button.setVisible(True)
        self.undo_action.setEnabled(True)
        self._timer.start(self.timeout_ms)

    def is_pending(self) -> bool:
        return self._token is not None

    def take(self) -> str | None:
        """The token on offer (and withdraw the offer), or None once it has expired."""
        token = self._token
        self._withdraw()
        return token

    def clear(self) -> None:
        self._withdraw()
        self.text_label.clear()

    def _withdraw(self) -> None:
        self._token = None
        self._timer.stop()
        self.undo_button.setVisible(False)
        self.undo_action.setEnabled(False)

    def _request(self) -> None:
        token = self.take()
        if token is not None:
            self.sig_undo_requested.emit(token)

    # --- Qt overrides ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._token is not None
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()) in self.undo_action.shortcuts()
            and isinstance(watched, QWidget)
            and watched.window() is self.window()
            and not _has_own_undo(watched)
        ):
            # Decline the text field's claim: the key then goes to the window's Undo shortcut.
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    # --- slots ------------------------------------------------------------------------------

    @Slot()
    def _on_timer_timeout(self) -> None:
        self._withdraw()

    @Slot()
    def _on_undo_button_clicked(self) -> None:
        self._request()

    @Slot()
    def _on_undo_action_triggered(self) -> None:
        self._request()
