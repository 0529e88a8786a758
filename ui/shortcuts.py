"""Every keyboard shortcut of the app in one table, for the main window and the Help dialog.

The main window binds its menu actions from here (``bind``), and Help → Keyboard shortcuts lists
this table, so what the desk reads is what the keys do. Keys handled inside a screen (topic chips
1–9, Delete on a referral, ↓/↑/Enter in the finder) are listed too, with ``window=False``;
``tests/ui/test_shortcuts_dialog.py`` fails when a window action or shortcut is missing here.
Descriptions are marked with ``N_`` and translated when shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from desk_app.i18n import N_, _

GROUP_VISIT = N_("Recording a visit")
GROUP_FINDER = N_("Finding and referring services")
GROUP_WINDOW = N_("Window and help")


@dataclass(frozen=True)
class Shortcut:
    action: str
    """Stable id the main window binds by, e.g. ``"save_visit"``."""
    group: str
    description: str
    keys: tuple[str, ...] = ()
    """Portable key sequences ("Ctrl+Return"); the first is the one shown unless ``label`` is."""
    label: str = ""
    """What the dialog shows in the keys column when the first key would mislead ("Ctrl+Enter")."""
    window: bool = True
    """True when the main window binds the keys to a menu action from this table."""

    def key_text(self) -> str:
        if self.label:
            return _(self.label)
        if self.keys:
            return QKeySequence(self.keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        return ""


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "toggle_topic",
        GROUP_VISIT,
        N_("Choose or clear topic 1–9 (the number is on the topic button)"),
        keys=tuple(str(n) for n in range(1, 10)),
        label="1–9",
        window=False,
    ),
    Shortcut(
        "save_visit",
        GROUP_VISIT,
        N_("Save the visit"),
        keys=("Ctrl+Enter", "Ctrl+Return"),  # the first is the one menus show
        label="Ctrl+Enter",
    ),
    Shortcut(
        "print_referral_sheet",
        GROUP_VISIT,
        N_(
            "Save the visit and preview the referral sheet of its services (in the preview, "
            "Ctrl+P prints)"
        ),
        keys=("Ctrl+P",),
    ),
    Shortcut(
        "repeat_last",
        GROUP_VISIT,
        N_("Fill the form with the last saved visit again (then Ctrl+Enter saves it)"),
        keys=("F3",),
    ),
    Shortcut(
        "undo_save",
        GROUP_VISIT,
        N_("Undo the visit just saved (while the Undo button shows)"),
        keys=("Ctrl+Z",),
        window=False,  # bound by the undo notice in the status bar, only while it is offered
    ),
    Shortcut(
        "cancel_correction",
        GROUP_VISIT,
        N_("Stop correcting a visit from Today without saving (the form comes back)"),
        keys=("Esc",),
    ),
    Shortcut(
        "remove_referral",
        GROUP_VISIT,
        N_("Remove the selected service from the visit (in the list of referred services)"),
        keys=("Del",),
        label="Delete",
        window=False,
    ),
    Shortcut(
        "field_mnemonic",
        GROUP_VISIT,
        N_("Go to the field whose label has that letter underlined"),
        label=N_("Alt+underlined letter"),
        window=False,
    ),
    Shortcut(
        "next_control",
        GROUP_VISIT,
        N_("Move to the next or previous control"),
        label="Tab / Shift+Tab",
        window=False,
    ),
    Shortcut("find_service", GROUP_FINDER, N_("Go to the service search"), keys=("F2",)),
    Shortcut(
        "move_in_results",
        GROUP_FINDER,
        N_("Move from the search box into the results, and up and down in them"),
        label="↓ / ↑",
        window=False,
    ),
    Shortcut(
        "refer_service",
        GROUP_FINDER,
        N_("Add the selected service to the visit (in the search box: when only one matches)"),
        label="Enter",
        window=False,
    ),
    Shortcut("refresh", GROUP_WINDOW, N_("Refresh the lists"), keys=("F5",)),
    Shortcut("show_today", GROUP_WINDOW, N_("Show today's visits"), keys=("Ctrl+1",)),
    Shortcut("show_follow_ups", GROUP_WINDOW, N_("Show the follow-ups"), keys=("Ctrl+2",)),
    Shortcut(
        "open_statistics",
        GROUP_WINDOW,
        N_("Open the statistics: visits, referrals and handouts, charts and exports"),
        keys=("Ctrl+3",),
    ),
    Shortcut(
        "edit_or_delete_visit",
        GROUP_WINDOW,
        N_("In today's visits: Enter corrects the selected visit, Delete deletes it"),
        label="Enter / Delete",
        window=False,
    ),
    Shortcut(
        "open_catalogue",
        GROUP_WINDOW,
        N_("Open the catalogue: services, hours, topics, actors, import and export"),
        keys=("F9",),
    ),
    Shortcut(
        "lock",
        GROUP_WINDOW,
        N_("Lock the window (your unsaved work waits for your password)"),
        keys=("Ctrl+L",),
        window=False,  # bound by ui.auth.session, which wraps the window once someone signs in
    ),
    Shortcut("help_shortcuts", GROUP_WINDOW, N_("Show this list of shortcuts"), keys=("F1",)),
    Shortcut(
        "close_dialog", GROUP_WINDOW, N_("Close a dialog or this list"), label="Esc", window=False
    ),
    Shortcut("quit", GROUP_WINDOW, N_("Quit Pointti Desk"), keys=("Ctrl+Q",)),
)


def shortcut(action: str) -> Shortcut:
    for entry in SHORTCUTS:
        if entry.action == action:
            return entry
    raise KeyError(action)


def key_sequences(action: str) -> list[QKeySequence]:
    return [QKeySequence(keys) for keys in shortcut(action).keys]


def bind(qaction: QAction, action: str) -> QAction:
    """Give ``qaction`` the keys of the table entry ``action``; returns it for chaining."""
    qaction.setShortcuts(key_sequences(action))
    return qaction


def portable(sequence: QKeySequence | str) -> str:
    """A key sequence as comparable text ("Ctrl+Return")."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.PortableText)


def listed_keys() -> set[str]:
    """Every key sequence in the table, as portable text."""
    return {portable(keys) for entry in SHORTCUTS for keys in entry.keys}
