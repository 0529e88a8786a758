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
