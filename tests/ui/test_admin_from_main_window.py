"""The Catalogue window as the desk reaches it: F9 from the main window opens it (once), and what
the admin saves there shows in the desk's finder, intake and today's list without a restart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from desk_app.domain.visit import VisitDraft
from desk_app.services.taxonomy import TaxonomyAdmin
from ui.admin.catalogue_window import CatalogueWindow
from ui.app import catalogue_tools
from ui.main_window import MainWindow
from ui.models.visit_table_model import Column


@pytest.fixture
def main(qtbot, ctx):
    window = MainWindow(ctx.desk, log_file=ctx.log_file, catalogue=catalogue_tools(ctx))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    if window.catalogue is not None and window.catalogue.window is not None:
        window.catalogue.window.close()


def _finder_names(main: MainWindow) -> set[str]:
    model = main.finder.model
    return {str(model.index(row, 0).data()).split("\n")[0] for row in range(model.rowCount())}


def test_f9_opens_the_catalogue_window_once(main, qtbot):
    QTest.keyClick(main, Qt.Key.Key_F9)
    assert main.catalogue is not None
    first = main.catalogue.window
    assert isinstance(first, CatalogueWindow)
    qtbot.waitExposed(first)
    titles = [first.tabs.tabText(i).replace("&", "") for i in range(first.tabs.count())]
    assert titles == [
        "Services",
        "Topics",
        "Actors",
        "Programmes",
        "Out of date",
        "Import and export",
        "Audit trail",  # the privacy pages: an admin (here the machine's) session
        "Subject requests",
        "Staff",
        "Backups",
        "Settings",
    ]
    main.activateWindow()
    QTest.keyClick(main, Qt.Key.Key_F9)
    assert main.catalogue.window is first  # raised again, not a second window


def test_a_service_saved_in_the_catalogue_shows_in_the_finder(main, ctx, qtbot):
    window = main.catalogue.open()
    assert "Start-up grant for new entrepreneurs" not in _finder_names(main)
    with qtbot.waitSignal(main.catalogue.sig_catalogue_changed):
        window.services.select_service("STARTTIRAHA")
        window.services.editor.texts.cell("name", "en").setText(
            "Start-up grant for new entrepreneurs"
        )
        assert window.save()
    qtbot.waitUntil(lambda: "Start-up grant for new entrepreneurs" in _finder_names(main))


def test_a_retired_topic_leaves_the_chips_but_old_visits_keep_its_name(main, ctx, qtbot):
    ctx.desk.record_visit(VisitDraft(("MONEY",)))
    main.refresh()
    taxonomy = TaxonomyAdmin(ctx.uow, ctx.desk.now, ctx.desk.tz)
    label = taxonomy.topic("MONEY").label.text("en")
    taxonomy.retire_topic("MONEY")
    main.refresh()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old chips go
    assert main.intake.chips.findChild(QPushButton, "topic-MONEY") is None
    assert main.intake.chips.findChild(QPushButton, "topic-JOB") is not None
    shown = main.today.model.index(0, Column.TOPICS).data()
    assert label in shown  # the visit still names its topic, not a bare code
