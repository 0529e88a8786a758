"""Every control a keyboard can reach says what it is: an accessible name (its own, its text, or
the label it is the buddy of) for screen readers, and a tooltip for the sighted."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QWidget

from ui.dialogs.follow_up_dialog import FollowUpDialog


def _reachable(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not isinstance(w, QLabel)
        and w.isVisibleTo(root)
        and w.window() is root.window()
        and w.focusProxy() is None
        and type(w).__name__ not in {"QScrollBar", "QTabBar"}
        and (w.parentWidget() is None or type(w.parentWidget()).__name__ != "QAbstractSpinBox")
    ]


def _name(widget: QWidget, labels: list[QLabel]) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text()
    for label in labels:
        if label.buddy() is widget and label.text():
            return label.text()
    return ""


def _missing(root: QWidget) -> tuple[list[str], list[str]]:
    labels = root.findChildren(QLabel)
    controls = _reachable(root)
    assert controls
    unnamed = [repr(w) for w in controls if not _name(w, labels)]
    # OK and Cancel say it all; everything else explains itself in a tooltip.
    no_tip = [
        _name(w, labels) or repr(w)
        for w in controls
        if not w.toolTip() and not isinstance(w.parentWidget(), QDialogButtonBox)
    ]
    return unnamed, no_tip


@pytest.mark.parametrize("tab", ["today", "followups"])
def test_every_control_of_the_window_has_a_name_and_a_tooltip(window, tab):
    window.intake.bands.agreed_check.setChecked(True)
    window.bottom_tabs.setCurrentWidget(getattr(window, tab))
    QApplication.processEvents()
    unnamed, no_tip = _missing(window)
    assert unnamed == []
    assert no_tip == []


def test_every_control_of_the_follow_up_dialog_has_a_name_and_a_tooltip(desk, qtbot):
    dialog = FollowUpDialog("KELA-X", "Kela", desk.today(), desk.today(), desk.today())
    qtbot.addWidget(dialog)
    dialog.show()
    unnamed, no_tip = _missing(dialog)
    assert unnamed == []
    assert no_tip == []
