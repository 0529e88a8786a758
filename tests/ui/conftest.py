"""Fixtures for the pytest-qt tests: a real data directory and main window per test.

Each test bootstraps the core into its own temporary data directory, which builds the database by
the migrations and loads the example catalogue, exactly as the app does at start-up.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desk_app.bootstrap import bootstrap
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
    main = MainWindow(ctx.desk, log_file=ctx.log_file)
    qtbot.addWidget(main)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.isActiveWindow)
    return main
