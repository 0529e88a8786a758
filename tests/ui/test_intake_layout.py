"""The intake column fits the window: every field, the referrals and Save show without scrolling.

The desk types while talking to a visitor, so a field hidden below the fold is a field left at its
default. These tests use the Finnish catalogue, whose topic labels are the longest.
"""

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QScrollArea, QWidget

from desk_app.bootstrap import ENV_LANGUAGE, bootstrap
from ui.main_window import MainWindow


@pytest.fixture
def finnish_window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_LANGUAGE, "fi")
    context = bootstrap(tmp_path / "fi-data")
    main = MainWindow(context.desk, log_file=context.log_file)
    qtbot.addWidget(main)
    yield main
    context.close()


def _shown_without_scrolling(widget: QWidget, window: QWidget) -> bool:
    """Visible, inside the window, and inside the viewport of every scroll area around it."""
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().contains(rect):
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            viewport = parent.viewport()
            shown = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
            if not shown.contains(rect):
                return False
        parent = parent.parentWidget()
    return True


def _show_at(window, qtbot, width: int, height: int) -> None:
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.size().width() == width and window.size().height() == height)


def _fields(window) -> dict[str, QWidget]:
    intake = window.intake
    return {
        "channel": intake.channel_combo,
        "visitor type": intake.visitor_combo,
        "language": intake.language_combo,
        "duration": intake.duration_combo,
        "outcome": intake.outcome_combo,
        "interpreter": intake.interpreter_combo,
        "programme": intake.programme_combo,
        "EURA entry": intake.eura_combo,
        "time of visit": intake.time.edit,
        "now": intake.time.now_button,
        "number of visitors": intake.count_spin,
        "topic search": intake.topic_finder,
        "visitor agreed": intake.bands.agreed_check,
        "referred services": intake.referral_view,
        "save": intake.save_button,
    }


def _hidden(window, widgets: dict[str, QWidget]) -> list[str]:
    return [name for name, w in widgets.items() if not _shown_without_scrolling(w, window)]


def test_at_1280x800_every_intake_field_and_topic_shows_without_scrolling(finnish_window, qtbot):
    window = finnish_window
    chips = window.intake.chips.chips()
    labels = [chip.accessibleName() for chip in chips]
    assert "Yrityksen perustaminen, starttiraha" in labels
    assert len(chips) >= 19

    _show_at(window, qtbot, 1280, 800)

    widgets = _fields(window) | {chip.accessibleName(): chip for chip in chips}
    qtbot.waitUntil(lambda: not _hidden(window, widgets), timeout=2000)
    assert _hidden(window, widgets) == []
    # No topic label is cut: every chip is as wide as its text asks.
    assert [c.width() for c in chips] == [c.sizeHint().width() for c in chips]


def test_at_1024x700_the_fields_referrals_and_save_stay_in_view(finnish_window, qtbot):
    window = finnish_window
    _show_at(window, qtbot, 1024, 700)

    widgets = _fields(window)
    qtbot.waitUntil(lambda: not _hidden(window, widgets), timeout=2000)
    assert _hidden(window, widgets) == []
    # Only the topic chips may scroll here, and at least their first rows show.
    assert _shown_without_scrolling(window.intake.chips.chips()[0], window)


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def test_with_the_optional_questions_open_everything_but_the_chips_stays_in_view(
    finnish_window, qtbot, size
):
    window = finnish_window
    _show_at(window, qtbot, *size)
    window.intake.bands.agreed_check.setChecked(True)

    widgets = _fields(window) | {
        f"band {n}": box for n, box in enumerate(window.intake.bands.combos())
    }
    qtbot.waitUntil(lambda: not _hidden(window, widgets), timeout=2000)
    assert _hidden(window, widgets) == []
    assert _shown_without_scrolling(window.intake.chips.chips()[0], window)
    # Closing them gives the room back to the topics.
    window.intake.bands.agreed_check.setChecked(False)
    chips = window.intake.chips.chips()
    if size == (1280, 800):
        qtbot.waitUntil(lambda: all(_shown_without_scrolling(c, window) for c in chips))


def _overlapping(widgets: dict[str, QWidget], window) -> list[tuple[str, str]]:
    rects = {name: QRect(w.mapTo(window, QPoint(0, 0)), w.size()) for name, w in widgets.items()}
    names = sorted(rects)
    return [
        (a, b) for i, a in enumerate(names) for b in names[i + 1 :] if rects[a].intersects(rects[b])
    ]


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)], ids=["1280x800", "1024x700"])
def test_no_two_intake_controls_overlap(finnish_window, qtbot, size):
    window = finnish_window
    _show_at(window, qtbot, *size)
    window.intake.bands.agreed_check.setChecked(True)
    widgets = _fields(window) | {
        f"band {n}": box for n, box in enumerate(window.intake.bands.combos())
    }
    qtbot.waitUntil(lambda: not _hidden(window, widgets), timeout=2000)
    assert _overlapping(widgets, window) == []


def test_today_shows_at_least_four_rows(window):
    table = window.today.table
    assert table.viewport().height() >= 4 * table.verticalHeader().defaultSectionSize()


def test_a_splitter_state_saved_by_the_old_layout_is_not_restored(window, tmp_path):
    settings = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    window._columns.setSizes([400, 400, 480])
    # What the previous version saved: the splitter states without a layout version.
    settings.setValue("main_window/columns", window._columns.saveState())
    window._columns.setSizes([480, 380, 420])
    wanted = window._columns.sizes()

    window.restore_view_state(settings)

    assert window._columns.sizes() == wanted


def test_the_saved_splitter_state_of_this_layout_is_restored(window, tmp_path):
    settings = QSettings(str(tmp_path / "new.ini"), QSettings.Format.IniFormat)
    window._columns.setSizes([500, 380, 400])
    wanted = window._columns.sizes()
    window.save_view_state(settings)
    # Only the splitters are under test; the offscreen screen would clamp a restored geometry.
    settings.remove("main_window/geometry")
    window._columns.setSizes([400, 400, 480])

    window.restore_view_state(settings)

    assert window._columns.sizes() == wanted
