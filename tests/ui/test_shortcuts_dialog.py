"""Help → Keyboard shortcuts: F1 opens the list, Esc closes it, and the list matches the keys.

The dialog is modeless and opened with ``show()``, so no test blocks on ``exec()``.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut

from ui import shortcuts
from ui.dialogs.shortcuts_dialog import ShortcutsDialog, ShortcutTableModel


def open_dialog(window, qtbot) -> ShortcutsDialog:
    window.finder.search_edit.setFocus()
    qtbot.keyClick(window.finder.search_edit, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.findChild(ShortcutsDialog) is not None)
    dialog = window.findChild(ShortcutsDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_f1_opens_the_list_with_ctrl_enter_and_esc_closes_it(window, qtbot):
    dialog = open_dialog(window, qtbot)
    keys = dialog.key_texts()
    assert "Ctrl+Enter" in keys
    for expected in ("1–9", "F2", "F5", "F1", "Delete", "↓ / ↑", "Enter"):
        assert expected in keys
    row = keys.index("Ctrl+Enter")
    descriptions = [
        dialog.model.index(r, ShortcutTableModel.DESCRIPTION).data()
        for r in range(dialog.model.rowCount())
        if not dialog.model.is_heading(r)
    ]
    assert descriptions[row] == "Save the visit"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # F1 again brings back the same dialog rather than stacking a second one.
    assert open_dialog(window, qtbot) is dialog
    assert len(window.findChildren(ShortcutsDialog)) == 1


def test_help_menu_has_the_action(window):
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    help_menu = next(m for m in menus if m.title() == "&Help")
    assert window.shortcuts_action in help_menu.actions()
    assert window.shortcuts_action.shortcut().toString() == "F1"


def test_every_key_the_window_binds_is_in_the_list(window):
    listed = shortcuts.listed_keys()
    bound = set()
    for action in window.findChildren(QAction):
        bound.update(shortcuts.portable(seq) for seq in action.shortcuts())
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled():
            sequences = shortcut.keys()  # a QShortcut's key sequences (not a dict)
            bound.update(shortcuts.portable(seq) for seq in sequences)
    bound.discard("")
    assert bound - listed == set(), "add these keys to ui/shortcuts.py"


def test_every_window_entry_of_the_list_is_bound(window):
    actions = window.findChildren(QAction)
    for entry in shortcuts.SHORTCUTS:
        if not entry.window:
            continue
        wanted = {shortcuts.portable(k) for k in entry.keys}
        assert any(
            {shortcuts.portable(seq) for seq in action.shortcuts()} == wanted for action in actions
        ), entry.action


def test_shortcut_model(qtmodeltester, qtbot):
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    headings = [r for r in range(dialog.model.rowCount()) if dialog.model.is_heading(r)]
    assert headings[0] == 0 and len(headings) == 3
    assert dialog.table.columnSpan(headings[1], 0) == 2
