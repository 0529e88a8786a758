"""Start-up and shut-down of the app: a friendly refusal on a core error, and a clean normal run."""

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desk_app.domain.errors import SchemaTooNewError
from ui import app as app_module
from ui.dialogs import error_dialog
from ui.main_window import MainWindow


def test_a_core_error_at_start_up_is_explained_and_exits_with_1(qapp, tmp_path, monkeypatch):
    shown = []

    def failing_bootstrap(*args, **kwargs):
        raise SchemaTooNewError("The database was made by a newer version of Pointti Desk.")

    monkeypatch.setattr(app_module, "bootstrap", failing_bootstrap)
    monkeypatch.setattr(error_dialog, "show_error", lambda *a, **k: shown.append(a))

    assert app_module.run(data_dir=tmp_path / "data") == 1

    assert len(shown) == 1
    assert "newer version" in shown[0][2]


def test_a_damaged_database_file_gets_the_dialog_and_a_log_entry(qapp, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(error_dialog, "show_error", lambda *a, **k: shown.append(a))
    data = tmp_path / "data"
    data.mkdir()
    (data / "pointti-desk.sqlite3").write_text("not a database", encoding="utf-8")

    assert app_module.run(data_dir=data) == 1

    # No good backup exists: the dialog says the file is kept and whom to call.
    assert len(shown) == 1 and "damaged" in shown[0][2] and "No good backup" in shown[0][2]
    kept = list(data.glob("pointti-desk.sqlite3.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "not a database"
    assert (data / "pointti-desk.sqlite3").read_text(encoding="utf-8") == "not a database"
    log_text = (data / "logs" / "pointti-desk.log").read_text(encoding="utf-8")
    assert "start-up failed" in log_text and "Traceback" in log_text


def test_run_opens_the_window_saves_its_geometry_and_restores_the_hook(qapp, tmp_path, monkeypatch):
    ini = tmp_path / "qsettings.ini"
    monkeypatch.setattr(
        app_module, "QSettings", lambda: QSettings(str(ini), QSettings.Format.IniFormat)
    )
    # The first-run wizard is tested in test_login_and_lock.py; here the admin is made directly.
    monkeypatch.setattr(
        app_module,
        "sign_in_first",
        lambda accounts: bool(accounts.create_first_admin("admin", "Admin", "admin password 1")),
    )
    hook_before = sys.excepthook
    seen = {}

    def close_main_window():
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["title"] = widget.windowTitle()
                seen["hook"] = sys.excepthook
                widget.close()
                return
        QTimer.singleShot(10, close_main_window)

    QTimer.singleShot(0, close_main_window)
    assert app_module.run(data_dir=tmp_path / "data") == 0

    assert seen["title"] == "Pointti Desk"
    assert seen["hook"] is not hook_before
    assert sys.excepthook is hook_before
    assert QApplication.applicationName() == "Pointti Desk"
    assert QApplication.organizationName() == "Pointti"
    assert "geometry" in ini.read_text(encoding="utf-8")


def test_after_a_restore_the_app_opens_the_database_again(qapp, monkeypatch):
    """The Backups page ends the event loop with EXIT_RESTART; run() then starts over (sign-in
    and all) instead of quitting."""
    codes = iter([app_module.EXIT_RESTART, 0])
    calls = []

    def once(*args):
        calls.append(args)
        return next(codes)

    monkeypatch.setattr(app_module, "_run_once", once)
    assert app_module.run(data_dir="/somewhere") == 0
    assert len(calls) == 2 and calls[0] == calls[1]
