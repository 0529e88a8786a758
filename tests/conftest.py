"""Test set-up shared by every layer: Qt offscreen, and a private data directory per test."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from desk_app.i18n import SOURCE_LANGUAGE, set_ui_language


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test may touch the real user data directory or inherit a language from the shell."""
    monkeypatch.setenv("POINTTI_DESK_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("POINTTI_DESK_LANG", SOURCE_LANGUAGE)
    yield
    set_ui_language(SOURCE_LANGUAGE)


# PySide6 can crash while the interpreter shuts down after a long Qt session ("Fatal Python
# error: bool_dealloc" during the final garbage collection, after every test has passed and the
# summary is printed), which CI would read as a failure. Once pytest has reported everything,
# the process ends with pytest's own exit status and skips that shutdown.
_EXIT_STATUS = pytest.StashKey[int]()


def pytest_sessionfinish(session, exitstatus):
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    status = config.stash.get(_EXIT_STATUS, None)
    if status is None or os.environ.get("POINTTI_DESK_TEST_NORMAL_EXIT"):
        return
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
