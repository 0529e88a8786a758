"""Alt+letter mnemonics: no two controls on one screen share a letter, in fi, sv and en.

When two controls on screen share a mnemonic, Alt+letter only cycles focus between them (or reaches
the wrong one), and a menu-bar title sharing a letter with a control never opens. Each test shows
the real main window in one UI language, with the optional visitor questions turned on, and reads
the letters of every control that is on screen together; the dialogs are checked on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QWidget,
)

from desk_app.domain.followup import ContactDetails, FollowUpRequest
from desk_app.domain.visit import VisitDraft
from desk_app.i18n import SOURCE_LANGUAGE, set_ui_language, ui_language
from ui.app import install_qt_translations
from ui.dialogs.follow_up_dialog import FollowUpDialog
from ui.dialogs.shortcuts_dialog import ShortcutsDialog

LANGUAGES = ("fi", "sv", "en")
TABS = ("today", "followups")
KNOWN_CLASHES: dict[tuple[str, str], frozenset[str]] = {}
"""Clashes left on purpose (none now). An entry makes the test fail once its clash is gone."""


@pytest.fixture(params=LANGUAGES)
def lang(request, monkeypatch, qapp):
    """The UI language of the window: bootstrap reads it from the environment, as the app does."""
    monkeypatch.setenv("POINTTI_DESK_LANG", request.param)
    translator = install_qt_translations(qapp, request.param)  # OK/Cancel as the desk sees them
    yield request.param
    if translator is not None:
        qapp.removeTranslator(translator)
    set_ui_language(SOURCE_LANGUAGE)


@pytest.fixture
def ctx(lang, ctx):
    """The conftest's data directory, bootstrapped only after ``lang`` chose the language."""
    assert ui_language() == lang
    return ctx


def mnemonic(text: str) -> str | None:
    """The letter after the first single '&' ("&&" is a literal ampersand), lower-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def _texts(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.buddy() is not None else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()]
    if isinstance(widget, QGroupBox):
        return [widget.title()]
    if isinstance(widget, QTabBar):
        return [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    return []


def screen_mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every control shown in ``root`` (disabled ones too: they get enabled)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget.window() is not root:
            continue
        for text in _texts(widget):
            letter = mnemonic(text)
            if letter is not None:
                found.append((letter, text))
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            letter = mnemonic(action.text())
            if action.isVisible() and letter is not None:
                found.append((letter, "menu " + action.text()))
    return found


def clashes(found: list[tuple[str | None, str]]) -> dict[str | None, list[str]]:
    by_letter: dict[str | None, list[str]] = defaultdict(list)
    for letter, text in found:
        by_letter[letter].append(text)
    return {letter: texts for letter, texts in by_letter.items() if len(texts) > 1}


def assert_no_clashes(
    found: list[tuple[str | None, str]], where: str, known: frozenset[str] = frozenset()
) -> None:
    shared = clashes(found)
    assert known <= shared.keys(), f"{where}: {sorted(known)} no longer clash; drop KNOWN_CLASHES"
    shared = {letter: texts for letter, texts in shared.items() if letter not in known}
    report = "; ".join(
        f"Alt+{letter.upper()}: {' / '.join(texts)}" for letter, texts in shared.items()
    )
    assert not shared, f"{where}: controls share a mnemonic letter: {report}"


def show_screen(window, tab: str, qtbot) -> None:
    """The window as a desk sees it with the optional visitor questions on, in one bottom tab.

    The Follow-ups tab shows a follow-up with its contact details open, so the contact button
    carries its other label ("Hide contact details").
    """
    window.intake.bands.agreed_check.setChecked(True)
    window.bottom_tabs.setCurrentWidget(getattr(window, tab))
    assert window.intake.bands.panel.isVisible()
    if tab == "followups":
        desk = window.desk
        code = desk.active_services()[0].code
        contact = ContactDetails("Ask how it went", desk.default_contact_expiry(), phone="040123")
        desk.record_visit(
            VisitDraft(("JOB",), referral_codes=(code,)),
            follow_ups=[FollowUpRequest(code, desk.default_follow_up_due(), contact)],
        )
        window.refresh_today()
        window.followups.table.selectRow(0)
        qtbot.mouseClick(window.followups.contact_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "040123" in window.followups.contact_label.text())


@pytest.mark.parametrize("tab", TABS)
def test_no_two_controls_on_screen_share_a_letter(window, lang, tab, qtbot):
    show_screen(window, tab, qtbot)
    found = screen_mnemonics(window)
    assert len(found) >= 15, found  # the window really was read
    assert_no_clashes(found, f"{lang}, {tab} tab", KNOWN_CLASHES.get((lang, tab), frozenset()))


def test_no_two_items_of_a_menu_share_a_letter(window, lang):
    for title in window.menuBar().actions():
        menu: QMenu = title.menu()
        items = [(mnemonic(a.text()), a.text()) for a in menu.actions() if mnemonic(a.text())]
        assert_no_clashes(items, f"{lang}, menu {title.text()}")


def test_the_follow_up_dialog_has_no_clashes(window, lang, qtbot):
    today = dt.date(2025, 3, 3)
    dialog = FollowUpDialog(
        "KELA", "Kela", today, today + dt.timedelta(days=14), today + dt.timedelta(days=90), window
    )
    qtbot.addWidget(dialog)
    dialog.consent.setChecked(True)
    found = screen_mnemonics(dialog)
    assert len(found) >= 7, found
    assert_no_clashes(found, f"{lang}, follow-up dialog")


def test_the_shortcuts_dialog_has_no_clashes(window, lang, qtbot):
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    assert_no_clashes(screen_mnemonics(dialog), f"{lang}, shortcuts dialog")


def alt(qtbot, letter: str) -> None:
    """Alt+letter as the keyboard sends it; the text is given, so ä/ö/å work too."""
    widget = QApplication.focusWidget()
    key = Qt.Key(ord(letter.upper()))
    QTest.sendKeyEvent(QTest.KeyAction.Click, widget, key, letter, Qt.KeyboardModifier.AltModifier)


@pytest.mark.parametrize("tab", TABS)
def test_alt_and_a_field_letter_reach_that_field(window, lang, tab, qtbot):
    show_screen(window, tab, qtbot)
    known = KNOWN_CLASHES.get((lang, tab), frozenset())
    labels = [
        label
        for label in window.findChildren(QLabel)
        if label.buddy() is not None and label.isVisibleTo(window) and label.buddy().isEnabled()
    ]
    reached = []
    for label in labels:
        letter = mnemonic(label.text())
        if letter is None or letter in known:
            continue
        buddy = label.buddy()
        window.finder.search_edit.setFocus()
        qtbot.waitUntil(window.finder.search_edit.hasFocus)
        alt(qtbot, letter)
        focus = QApplication.focusWidget()
        assert focus is buddy or buddy.isAncestorOf(focus), (lang, label.text(), focus)
        reached.append(label.text())
    assert len(reached) >= 10, reached


@pytest.mark.parametrize("tab", TABS)
def test_alt_and_a_menu_letter_open_that_menu(window, lang, tab, qtbot):
    show_screen(window, tab, qtbot)
    for title in window.menuBar().actions():
        menu = title.menu()
        window.intake.topic_finder.setFocus()
        qtbot.waitUntil(window.intake.topic_finder.hasFocus)
        alt(qtbot, mnemonic(title.text()))
        qtbot.waitUntil(menu.isVisible)
        menu.close()
        qtbot.waitUntil(lambda menu=menu: not menu.isVisible())


def test_a_plain_alt_press_reaches_the_menus(window, lang, qtbot):
    show_screen(window, "today", qtbot)
    bar = window.menuBar()
    window.intake.topic_finder.setFocus()
    qtbot.waitUntil(window.intake.topic_finder.hasFocus)
    qtbot.keyClick(window.intake.topic_finder, Qt.Key.Key_Alt)
    qtbot.waitUntil(bar.hasFocus)
    first = bar.actions()[0]
    assert bar.activeAction() is first
    qtbot.keyClick(bar, Qt.Key.Key_Down)
    qtbot.waitUntil(first.menu().isVisible)
    first.menu().close()
