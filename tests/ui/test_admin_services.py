"""The catalogue window's Services page, driven by the keyboard alone: find a service, edit its
texts and dates, be told on the field what is wrong, save with Ctrl+S; and a channel's opening
hours with a period over midnight and a closed day, seen afterwards by the card's read model.
Plus: unique Alt+letters and a name and tooltip on every control, in every tab of the page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desk_app.domain.catalogue import ExceptionalHours, RegularHours
from desk_app.domain.texts import Texts
from desk_app.i18n import SOURCE_LANGUAGE, set_ui_language
from desk_app.services.catalogue_admin import CatalogueAdmin
from tests.ui.test_accessibility import _missing
from tests.ui.test_mnemonics import assert_no_clashes, screen_mnemonics
from ui.admin.catalogue_window import CatalogueWindow
from ui.admin.service_admin_model import ServiceAdminFilter, ServiceAdminModel
from ui.dialogs import ask

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
T = dt.time


@pytest.fixture
def admin(ctx):
    return CatalogueAdmin(ctx.uow, ctx.desk.now)


@pytest.fixture
def no_questions(monkeypatch):
    """Any yes/no question fails the test, unless a test answers it itself."""

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected question: {args[1:]}")

    monkeypatch.setattr(ask, "ask_yes_no", unexpected)


@pytest.fixture
def separate_key_searches(qapp):
    """A letter typed in a list or combo starts a new search (not "MF" after "M")."""
    interval = qapp.keyboardInputInterval()
    qapp.setKeyboardInputInterval(0)
    yield
    qapp.setKeyboardInputInterval(interval)


@pytest.fixture
def catalogue(qtbot, admin, no_questions, separate_key_searches, monkeypatch):
    window = CatalogueWindow(admin)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.services.find_edit)
    yield window
    monkeypatch.setattr(ask, "ask_yes_no", lambda *args, **kwargs: True)  # closing at the end


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def replace_text(text: str) -> None:
    press(Qt.Key.Key_A, CTRL)
    type_text(text)


def alt(label_text: str) -> None:
    """Alt and the underlined letter of ``label_text``, as the keyboard sends it."""
    letter = label_text[label_text.index("&") + 1]
    key = Qt.Key(ord(letter.upper()))
    QTest.sendKeyEvent(QTest.KeyAction.Click, focused(), key, letter, ALT)


def label_of(root: QWidget, buddy: QWidget) -> str:
    return next(label.text() for label in root.findChildren(QLabel) if label.buddy() is buddy)


def find_service(qtbot, window: CatalogueWindow, words: str, code: str) -> None:
    """Alt+F, type words, Tab to the list (its first row gets chosen)."""
    page = window.services
    alt(label_of(window, page.find_edit))
    qtbot.waitUntil(page.find_edit.hasFocus)
    replace_text(words)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.waitUntil(lambda: page.current_code == code)


def test_a_service_is_edited_refused_on_its_field_and_saved_by_keyboard(
    catalogue, admin, ctx, qtbot
):
    page, editor = catalogue.services, catalogue.services.editor
    find_service(qtbot, catalogue, "starttiraha", "STARTTIRAHA")

    # The Swedish name: Alt+E reaches the texts (the Finnish name), Tab the Swedish one.
    alt(editor.texts.title.text())
    qtbot.waitUntil(lambda: focused() is editor.texts.cell("name", "fi"))
    press(Qt.Key.Key_Tab)
    assert focused() is editor.texts.cell("name", "sv")
    replace_text("Startpeng for nya foretagare")
    assert editor.texts.marker_text("name", "sv") == ""

    # Validity that ends before it starts: refused on the end date, nothing saved.
    alt(label_of(catalogue, editor.valid_from))
    replace_text("1.6.2026")
    alt(label_of(catalogue, editor.valid_to))
    replace_text("1.5.2026")
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.error_text() != "")
    assert "before" in page.error_text()
    assert focused() is editor.valid_to
    bubble = page.field_message.bubble
    field_bottom = editor.valid_to.mapTo(page, editor.valid_to.rect().bottomLeft()).y()
    assert abs(bubble.geometry().top() - field_bottom) <= 2  # right under the field
    stored = admin.service("STARTTIRAHA").edit
    assert stored.texts["name"]["sv"] == "Startpeng"
    assert stored.valid_to is None
    assert editor.texts.cell("name", "sv").text() == "Startpeng for nya foretagare"

    # Fixed, Ctrl+S saves; the window says which service changed.
    replace_text("31.12.2027")
    assert page.error_text() == ""  # the bubble goes as the field is corrected
    with qtbot.waitSignal(catalogue.sig_services_changed) as changed:
        press(Qt.Key.Key_S, CTRL)
    assert "STARTTIRAHA" in changed.args[0]
    saved = admin.service("STARTTIRAHA").edit
    assert saved.texts["name"]["sv"] == "Startpeng for nya foretagare"
    assert (saved.valid_from, saved.valid_to) == (dt.date(2026, 6, 1), dt.date(2027, 12, 31))
    assert ctx.desk.service("STARTTIRAHA").summary.name.text("sv") == saved.texts["name"]["sv"]
    assert not page.has_unsaved_changes()

    # The Finnish name changes: the English translation is now marked for checking.
    alt(editor.texts.title.text())
    replace_text("Starttiraha uudelle yrittajalle")
    assert "Finnish" in editor.texts.marker_text("name", "en")
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not page.has_unsaved_changes())
    assert "Finnish" in editor.texts.marker_text("name", "en")  # stored stamps say so now
    assert (
        editor.texts.marker_text("name", "sv") == "Out of date: the Finnish text changed after it"
    )


def test_opening_hours_are_edited_by_keyboard_and_reach_the_card(catalogue, admin, ctx, qtbot):
    page = catalogue.services
    panel, hours = page.channels, page.channels.hours
    find_service(qtbot, catalogue, "digituki", "LIBRARY-DIGITUKI")
    alt(page.tabs.tabText(1))  # Channels and hours
    qtbot.waitUntil(lambda: page.tabs.currentIndex() == 1)
    alt(label_of(catalogue, panel.list_view))
    qtbot.waitUntil(panel.list_view.hasFocus)
    assert panel.current_code == "LIBRARY-DIGITUKI-DROPIN"
    alt(panel.tabs.tabText(1))  # Opening hours
    qtbot.waitUntil(lambda: panel.tabs.currentIndex() == 1)

    # Monday 9–16: a new row starts on the day after the last one; "M" picks Monday.
    alt(hours.add_weekly_button.text())
    qtbot.waitUntil(
        lambda: len(hours.weekly_rows) == 2 and focused() is hours.weekly_rows[1].weekday
    )
    type_text("M")
    press(Qt.Key.Key_Tab)
    replace_text("9")
    press(Qt.Key.Key_Tab)
    replace_text("16")

    # Another Monday 9–16 overlaps: refused on that row, the form kept.
    alt(hours.add_weekly_button.text())
    qtbot.waitUntil(lambda: len(hours.weekly_rows) == 3)
    type_text("M")
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.error_text() != "")
    assert "overlap" in page.error_text()
    assert focused() is hours.weekly_rows[2].weekday
    assert [p.weekday for p in admin.channel("LIBRARY-DIGITUKI-DROPIN").hours.weekly] == [1]

    # It becomes Friday 22–02, over midnight, which the row says.
    type_text("F")
    press(Qt.Key.Key_Tab)
    replace_text("22")
    press(Qt.Key.Key_Tab)
    replace_text("2")
    assert hours.weekly_rows[2].night.text() == "→ next day"

    # A closed Christmas, with a note.
    alt(hours.add_exception_button.text())
    qtbot.waitUntil(lambda: len(hours.exception_rows) == 2)
    row = hours.exception_rows[1]
    assert focused() is row.date_from
    type_text("24.12.2026")
    press(Qt.Key.Key_Tab)
    type_text("26.12.2026")
    press(Qt.Key.Key_Tab)
    assert focused() is row.closed and row.closed.isChecked()
    press(Qt.Key.Key_Tab)  # the times are off while closed: straight to the note
    assert focused() is row.notes["fi"]
    type_text("Joulu")

    with qtbot.waitSignal(catalogue.sig_catalogue_changed):
        press(Qt.Key.Key_S, CTRL)
    assert page.error_text() == ""
    (shown,) = [
        c
        for c in ctx.desk.service("LIBRARY-DIGITUKI").channels
        if c.code == "LIBRARY-DIGITUKI-DROPIN"
    ]
    assert set(shown.hours) == {
        RegularHours(1, T(12), T(14)),
        RegularHours(0, T(9), T(16)),
        RegularHours(4, T(22), T(2)),
    }
    christmas = ExceptionalHours(
        dt.date(2026, 12, 24), dt.date(2026, 12, 26), True, None, None, Texts({"fi": "Joulu"})
    )
    assert christmas in shown.exceptions and len(shown.exceptions) == 2
    assert not page.has_unsaved_changes()


def test_channels_are_reordered_unlinked_and_linked_by_keyboard(catalogue, ctx, monkeypatch, qtbot):
    page, panel = catalogue.services, catalogue.services.channels
    order = lambda: [c.code for c in ctx.desk.service("POINTTI-GUIDANCE").channels]  # noqa: E731
    assert order() == ["POINTTI-DESK", "KEMI-CITY-PHONE"]
    find_service(qtbot, catalogue, "pointti neuvonta", "POINTTI-GUIDANCE")
    alt(page.tabs.tabText(1))
    qtbot.waitUntil(lambda: page.tabs.currentIndex() == 1)
    alt(label_of(catalogue, panel.list_view))
    qtbot.waitUntil(panel.list_view.hasFocus)
    assert panel.current_code == "POINTTI-DESK"

    with qtbot.waitSignal(catalogue.sig_services_changed):
        press(Qt.Key.Key_Down, CTRL)
    assert order() == ["KEMI-CITY-PHONE", "POINTTI-DESK"]
    assert panel.current_code == "POINTTI-DESK" and focused() is panel.list_view

    questions: list[str] = []
    monkeypatch.setattr(
        ask, "ask_yes_no", lambda parent, title, text: questions.append(text) or True
    )
    press(Qt.Key.Key_Delete)
    assert order() == ["KEMI-CITY-PHONE"] and len(questions) == 1
    assert panel.current_code == "KEMI-CITY-PHONE"

    for _ in range(10):
        if focused() is panel.link_combo:
            break
        press(Qt.Key.Key_Tab)
    assert focused() is panel.link_combo
    press(Qt.Key.Key_Home)
    for _ in range(panel.link_combo.findData("POINTTI-DESK")):
        press(Qt.Key.Key_Down)
    assert panel.link_combo.currentData() == "POINTTI-DESK"
    alt(panel.link_button.text())
    qtbot.waitUntil(lambda: order() == ["KEMI-CITY-PHONE", "POINTTI-DESK"])
    assert panel.current_code == "POINTTI-DESK"


def test_a_new_service_is_created_by_keyboard(catalogue, admin, qtbot):
    page, editor = catalogue.services, catalogue.services.editor
    press(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: focused() is editor.code_edit)
    assert not page.tabs.isTabEnabled(1)  # channels once it exists
    type_text("test-service")
    alt(label_of(catalogue, editor.topics))
    qtbot.waitUntil(editor.topics.hasFocus)
    press(Qt.Key.Key_Space)  # ticks the first topic
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.error_text() != "")
    assert focused() is editor.texts.cell("name", "fi")
    type_text("Testipalvelu")
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Tab)
    assert focused() is editor.texts.cell("summary", "fi")
    type_text("Lyhyesti")
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: page.current_code == "TEST-SERVICE")
    assert editor.code_edit.isReadOnly()
    assert page.tabs.isTabEnabled(1)
    loaded = admin.service("TEST-SERVICE")
    assert loaded.edit.texts["name"] == {"fi": "Testipalvelu"}
    assert len(loaded.edit.topic_codes) == 1


def test_mark_checked_today(catalogue, admin, qtbot):
    find_service(qtbot, catalogue, "kela asumistuki", "KELA-HOUSING-ALLOWANCE")
    editor = catalogue.services.editor
    alt(editor.mark_checked_button.text())
    today = admin.today()
    qtbot.waitUntil(lambda: admin.service("KELA-HOUSING-ALLOWANCE").edit.checked_on == today)
    assert editor.checked_on.text() == f"{today.day}.{today.month}.{today.year}"


def test_escape_asks_before_discarding_changes(catalogue, monkeypatch, qtbot):
    editor = catalogue.services.editor
    alt(label_of(catalogue, editor.valid_to))
    type_text("1.1.2030")
    answers: list[bool] = []

    def answer(*args, **kwargs):
        return answers.pop(0)

    monkeypatch.setattr(ask, "ask_yes_no", answer)
    answers.append(False)
    press(Qt.Key.Key_Escape)
    assert catalogue.isVisible() and answers == []
    assert editor.valid_to.text() == "1.1.2030"
    answers.append(True)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not catalogue.isVisible())


def _screens(window: CatalogueWindow):
    """The page as the keyboard sees it: service details, channel details, opening hours."""
    page = window.services
    page.select_service("POINTTI-GUIDANCE")
    page.tabs.setCurrentIndex(0)
    yield "service details"
    page.tabs.setCurrentIndex(1)
    page.channels.tabs.setCurrentIndex(0)
    yield "channel details"
    page.channels.tabs.setCurrentIndex(1)
    yield "opening hours"


@pytest.fixture(params=("fi", "sv", "en"))
def lang(request, monkeypatch):
    monkeypatch.setenv("POINTTI_DESK_LANG", request.param)
    yield request.param
    set_ui_language(SOURCE_LANGUAGE)


def test_no_two_controls_on_a_screen_share_a_letter(lang, catalogue, qtbot):
    for screen in _screens(catalogue):
        QApplication.processEvents()
        found = screen_mnemonics(catalogue)
        assert len(found) >= 10, (screen, found)
        assert_no_clashes(found, f"{lang}, {screen}")


def test_every_control_has_a_name_and_a_tooltip(catalogue):
    for screen in _screens(catalogue):
        QApplication.processEvents()
        unnamed, no_tip = _missing(catalogue)
        assert unnamed == [], screen
        assert no_tip == [], screen


def test_the_list_shows_every_state_and_filters(catalogue, admin, qtmodeltester, qtbot):
    page = catalogue.services
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.channels.model)
    everything = page.proxy.rowCount()
    page.state_combo.setCurrentIndex(page.state_combo.findData("ended"))
    ended = {page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())}
    assert "Entrepreneurs' morning coffees" in ended
    assert page.proxy.rowCount() < everything
    page.state_combo.setCurrentIndex(0)
    page.find_edit.setText("tyottomyys")  # diacritics optional
    assert page.proxy.rowCount() >= 1
    model = ServiceAdminModel()
    proxy = ServiceAdminFilter()
    proxy.setSourceModel(model)
    model.set_services(admin.services(), admin.today())
    proxy.set_query("KELA-HOUSING")
    assert proxy.rowCount() == 1


def test_texts_of_languages_not_shown_are_kept(catalogue, admin, qtbot):
    loaded = admin.service("STARTTIRAHA").edit
    texts = {name: dict(values) for name, values in loaded.texts.items()}
    texts["name"].update({"uk": "Стартові гроші", "ar": "منحة البدء"})
    admin.save_service(dataclasses.replace(loaded, texts=texts), new=False)
    page, grid = catalogue.services, catalogue.services.editor.texts
    page.refresh(select="STARTTIRAHA")
    assert grid.extra_combo.currentData() == "fi-x-plain"
    assert grid.marker_text("name", "fi-x-plain") == "Missing translation"
    grid.cell("name", "sv").setText("Startpeng 2")
    ukrainian = grid.cell("name", "uk")  # the fourth column switches to Ukrainian
    assert grid.extra_combo.currentData() == "uk" and ukrainian.text() == "Стартові гроші"
    assert grid.cell("name", "ar").layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.save()
    name = admin.service("STARTTIRAHA").edit.texts["name"]
    assert name["sv"] == "Startpeng 2" and name["uk"] == "Стартові гроші" and "ar" in name
