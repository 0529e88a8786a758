"""Fixtures for the pytest-qt tests: a real data directory and main window per test.

Each test bootstraps the core into its own temporary data directory, which builds the database by
the migrations and loads the example catalogue, exactly as the app does at start-up.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desk_app.bootstrap import bootstrap
from ui.app import catalogue_tools, stats_tools
from ui.main_window import MainWindow


@pytest.fixture
def ctx(tmp_path):
    context = bootstrap(tmp_path / "data")
    yield context
    context.close()


@pytest.fixture
def desk(ctx):
    return ctx.desk


@pytest.fixture
def window(qtbot, ctx):
    main = MainWindow(
        ctx.desk,
        log_file=ctx.log_file,
        catalogue=catalogue_tools(ctx),
        statistics=stats_tools(ctx),
    )
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    return main


@pytest.fixture(scope="session", autouse=True)
def _tidy_qt_objects_before_exit():
    """Delete every Qt object Python still holds while the QApplication exists.

    Without this, objects collected at interpreter exit (after pytest-qt's application is gone)
    can crash the process after all tests passed, which CI reads as a failure.
    """
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
